// What the connector does with each request it receives: find the resident's face in its gallery
// and answer through the API — a package for access, a verified deletion with a suppression entry
// for deletion, a suppression entry for opt-out and limit, a reasoned refusal for correction.
import sharp from "sharp";
import type { ConnectorStore, DescriptorCache, GalleryImage } from "./connector-store";
import { describeFaces, FACE_MODEL } from "./face-engine";
import { addSuppression, deleteImages, findSearchesOf, logSearch, MATCH_THRESHOLD, searchGallery } from "./face-search";
import type { ApiRequestDetail, PortalClient } from "./portal-client";

const ANSWERABLE = new Set(["received", "acknowledged"]);
/** Requests without a reference photo, per store: left to the company's staff. */
const leftForStaff = new WeakMap<ConnectorStore, Set<string>>();
export const CONNECTOR_SEARCHER = "Subject-rights connector (this company)";

export type HandlerContext = {
  store: ConnectorStore;
  cache: DescriptorCache;
  portal: PortalClient;
  now: () => Date;
  log: (line: string) => void;
};

const NO_FACE_MESSAGE =
  "We could not find a face in the reference photo you sent, so we cannot search our images for you. Please reply with a clear, front-facing photo of your face. / " +
  "Nous n’avons pas trouvé de visage sur la photo de référence envoyée : nous ne pouvons donc pas chercher vos images. Veuillez répondre avec une photo nette de votre visage, de face.";

/** A small JPEG of the matched image as a data: URL, for the resident's page. */
async function makeThumbnail(store: ConnectorStore, image: GalleryImage): Promise<string | undefined> {
  try {
    const bytes = await sharp(`${store.imagesDir}/${image.file}`)
      .resize({ width: 96, height: 96, fit: "inside" })
      .jpeg({ quality: 70 })
      .toBuffer();
    return `data:image/jpeg;base64,${bytes.toString("base64")}`;
  } catch {
    return undefined;
  }
}

/** The resident's face as a descriptor: the largest face in the reference photo. */
async function readResidentFace(ctx: HandlerContext, reference: string): Promise<number[] | "no_photo" | "no_face"> {
  const photo = await ctx.portal.getReferencePhoto(reference);
  if (!photo) return "no_photo";
  const faces = await describeFaces(photo);
  const largest = [...faces].sort((a, b) => b.box.width * b.box.height - a.box.width * a.box.height)[0];
  return largest ? largest.descriptor : "no_face";
}

async function askForBetterPhoto(ctx: HandlerContext, detail: ApiRequestDetail): Promise<void> {
  await ctx.portal.act(
    detail.reference,
    { intent: "request_info", kind: "clarification", message: NO_FACE_MESSAGE },
    `connector-${detail.reference}-no-face-${detail.events.length}`,
  );
  ctx.store.state.handled[detail.reference] = {
    ref: detail.reference,
    outcome: "asked_for_photo",
    at: ctx.now().toISOString(),
  };
  ctx.store.save();
  ctx.log(`${detail.reference} ${detail.type}: no face in the reference photo, asked the resident for a better one`);
}

async function answerAccess(ctx: HandlerContext, detail: ApiRequestDetail, descriptor: number[]): Promise<void> {
  const at = ctx.now();
  const matches = searchGallery(ctx.store, descriptor);
  logSearch(ctx.store, {
    at,
    searchedBy: CONNECTOR_SEARCHER,
    purpose: `access request ${detail.reference}`,
    descriptor,
    matches: matches.length,
  });
  const images = [];
  for (const m of matches.slice(0, 200)) {
    images.push({
      sourceUrl: m.image.sourceUrl,
      collectedOn: m.image.firstSeen,
      similarity: Math.round(m.similarity * 1000) / 1000,
      thumbnail: await makeThumbnail(ctx.store, m.image),
    });
  }
  const templates = matches.map((m) => `${m.image.id} | face descriptor (128 numbers, ${FACE_MODEL})`).join("\n");
  const searches = detail.options?.accessSearchLog === false ? [] : findSearchesOf(ctx.store, descriptor);
  const searchLines = searches.map((s) => `${s.searchedBy.replaceAll("|", "/")} | ${s.at.slice(0, 10)}`).join("\n");
  await ctx.portal.act(
    detail.reference,
    {
      intent: "fulfil",
      reason: `Searched our gallery of ${ctx.store.state.images.length} images with ${FACE_MODEL} at threshold ${MATCH_THRESHOLD}: ${matches.length} image(s) matched your face.`,
      matchedImages: images,
      templates,
      searches: searchLines,
    },
    `connector-${detail.reference}-access`,
  );
  ctx.log(
    `${detail.reference} access: ${matches.length} matching image(s)${matches[0] ? ` (closest distance ${matches[0].distance.toFixed(3)})` : ""}, ${searches.length} logged search(es) of this face; fulfilled with the package`,
  );
}

async function answerDeletion(ctx: HandlerContext, detail: ApiRequestDetail, descriptor: number[]): Promise<void> {
  const before = searchGallery(ctx.store, descriptor);
  logSearch(ctx.store, {
    at: ctx.now(),
    searchedBy: CONNECTOR_SEARCHER,
    purpose: `deletion request ${detail.reference} (before)`,
    descriptor,
    matches: before.length,
  });
  const deleted = deleteImages(ctx.store, new Set(before.map((m) => m.image.id)));
  // Deleting alone is undone by the next crawl: the face's descriptor (never the photo) stays as a
  // suppression entry so the crawl drops it.
  const suppression = addSuppression(ctx.store, detail.reference, descriptor, ctx.now());
  const after = searchGallery(ctx.store, descriptor);
  const searchedAt = ctx.now();
  logSearch(ctx.store, {
    at: searchedAt,
    searchedBy: CONNECTOR_SEARCHER,
    purpose: `deletion request ${detail.reference} (after)`,
    descriptor,
    matches: after.length,
  });
  ctx.store.save();
  const verification = {
    matchesBefore: before.length,
    matchesAfter: after.length,
    threshold: MATCH_THRESHOLD,
    model: FACE_MODEL,
    searchedAt: searchedAt.toISOString(),
  };
  if (after.length > 0) {
    await ctx.portal.act(
      detail.reference,
      {
        intent: "partially_fulfil",
        reason: `Deleted ${deleted} image(s), but a search after deleting still finds ${after.length} image(s) of this face (threshold ${MATCH_THRESHOLD}); they are being reviewed by hand.`,
      },
      `connector-${detail.reference}-deletion`,
    );
    ctx.log(`${detail.reference} deletion: ${before.length} before, ${after.length} after: answered partly`);
    return;
  }
  await ctx.portal.act(
    detail.reference,
    {
      intent: "fulfil",
      reason: `Deleted ${deleted} image(s) and their face descriptors; a new search finds none. Future collection of this face is blocked (suppression entry ${suppression.id}, a descriptor only).`,
      imagesDeleted: deleted,
      templatesDeleted: deleted,
      customersNotified: 0,
      suppressionActive: "true",
      verification,
    },
    `connector-${detail.reference}-deletion`,
  );
  ctx.log(
    `${detail.reference} deletion: matchesBefore ${before.length}, deleted ${deleted}, matchesAfter 0, suppression ${suppression.id}; fulfilled with the certificate`,
  );
}

async function answerOptOut(ctx: HandlerContext, detail: ApiRequestDetail, descriptor: number[]): Promise<void> {
  const suppression = addSuppression(ctx.store, detail.reference, descriptor, ctx.now());
  ctx.store.save();
  const law = detail.deadline ? ` (${detail.deadline.citation})` : "";
  await ctx.portal.act(
    detail.reference,
    {
      intent: "fulfil",
      reason: `Your face will no longer be collected, sold, shared or used beyond what you asked${law}: new copies found by our crawler are dropped (suppression entry ${suppression.id}).`,
    },
    `connector-${detail.reference}-${detail.type}`,
  );
  ctx.log(`${detail.reference} ${detail.type}: suppression ${suppression.id}; fulfilled`);
}

/** Reads one request and answers it if it is waiting for the company; safe to call repeatedly. */
export async function handleRequest(ctx: HandlerContext, reference: string): Promise<void> {
  const detail = await ctx.portal.getRequest(reference);
  if (!ANSWERABLE.has(detail.status)) return;
  const previous = ctx.store.state.handled[reference];
  if (previous && previous.outcome !== "asked_for_photo") return;
  if (detail.type === "correction") {
    await ctx.portal.act(
      reference,
      {
        intent: "deny",
        denialBasis: "other",
        reason:
          "We hold only images collected from public web pages and the face descriptors computed from them; there is no personal information to correct. You may ask for access or deletion instead.",
      },
      `connector-${reference}-correction`,
    );
    ctx.store.state.handled[reference] = { ref: reference, outcome: "denied", at: ctx.now().toISOString() };
    ctx.store.save();
    ctx.log(`${reference} correction: refused with reasons (nothing to correct)`);
    return;
  }
  // A request filed without a photo stays with the company's staff: said once, not at every poll.
  const noted = leftForStaff.get(ctx.store) ?? new Set<string>();
  leftForStaff.set(ctx.store, noted);
  if (noted.has(reference)) return;
  const face = await readResidentFace(ctx, reference);
  if (face === "no_photo") {
    noted.add(reference);
    ctx.log(`${reference} ${detail.type}: no reference photo available; left for staff`);
    return;
  }
  if (face === "no_face") return askForBetterPhoto(ctx, detail);
  if (detail.type === "access") await answerAccess(ctx, detail, face);
  else if (detail.type === "deletion") await answerDeletion(ctx, detail, face);
  else await answerOptOut(ctx, detail, face);
  ctx.store.state.handled[reference] = { ref: reference, outcome: detail.type, at: ctx.now().toISOString() };
  ctx.store.save();
}
