/**
 * The filing form's server side: multipart parsing with a streaming size limit for the photo,
 * the review preview (law, citation and expected deadline per request, and the letter that
 * will be sent), and the final submit (photo sanitised and encrypted before the transaction).
 */
import {
  unstable_composeUploadHandlers as composeUploadHandlers,
  unstable_createMemoryUploadHandler as createMemoryUploadHandler,
  unstable_parseMultipartFormData as parseMultipartFormData,
  MaxPartSizeExceededError,
  type UploadHandler,
} from "@remix-run/node";
import {
  computeDeadline,
  describeJurisdiction,
  findRule,
  type JurisdictionCode,
  type RequestType,
} from "~/domain/deadlines";
import type { FilingInput } from "~/domain/schemas";
import type { Locale } from "~/i18n";
import { renderEmail } from "../../../emails/render";
import { BODY_LIMITS, BodyTooLargeError, limitUploadHandler } from "../core/body-limits.server";
import { getSqlite } from "../core/db.server";
import { ServiceError } from "../core/errors.server";
import { PHOTO_MAX_BYTES, PhotoRejectedError, sanitizePhoto, storeEncrypted } from "./reference-photos.server";
import type { VendorRow } from "../core/rows.server";
import { countRequests, fileRequest, type FilingResult } from "./file-request.server";
import { getRuntime } from "../core/runtime.server";

export const PHOTO_TOO_LARGE = "__photo_too_large__";

/**
 * Reads a filing POST. The photo part is read up to the limit and then drained (not buffered),
 * so an oversized upload is refused with a field message and the other fields survive.
 */
export async function readFilingForm(request: Request): Promise<FormData> {
  const type = request.headers.get("Content-Type") ?? "";
  if (!type.startsWith("multipart/form-data")) return request.formData();
  const photoHandler: UploadHandler = async ({ name, filename, data, contentType }) => {
    if (name !== "photo" || filename === undefined) return undefined;
    const chunks: Uint8Array[] = [];
    let size = 0;
    let tooLarge = false;
    for await (const chunk of data) {
      size += chunk.byteLength;
      if (size > PHOTO_MAX_BYTES) tooLarge = true;
      else chunks.push(chunk);
    }
    if (tooLarge) return PHOTO_TOO_LARGE;
    // An empty file input still sends a part: answer "" so no later handler turns it into a file.
    if (size === 0) return "";
    return new File([Buffer.concat(chunks)], "photo", { type: contentType });
  };
  // Text fields are small; anything else in them, or more parts or bytes than the form needs,
  // is abuse and ends the request with a 413.
  const handler = limitUploadHandler(
    composeUploadHandlers(photoHandler, createMemoryUploadHandler({ maxPartSize: 64 * 1024 })),
    {
      maxParts: BODY_LIMITS.parts,
      maxBytes: BODY_LIMITS.filing,
    },
  );
  try {
    return await parseMultipartFormData(request, handler);
  } catch (err) {
    if (err instanceof BodyTooLargeError || err instanceof MaxPartSizeExceededError)
      throw new Response("Request body too large.", { status: 413 });
    throw err;
  }
}

export interface ReviewItem {
  vendorName: string;
  vendorIntake: "portal" | "email";
  type: RequestType;
  regime: string;
  citation: string;
  summary: string;
  statutory: boolean;
  expectedRespondBy: string;
  queuedBehindType: RequestType | null;
}

export interface FilingReview {
  jurisdictionName: string;
  items: ReviewItem[];
  /** The letter text the first vendor will receive (in the resident's language). */
  letter: { vendorName: string; subject: string; text: string } | null;
  details: string | null;
}

/** Describes the options and URLs for the vendor, in the resident's language. */
export function describeDetails(input: FilingInput, locale: Locale): string | null {
  const lines: string[] = [];
  const fr = locale === "fr-CA";
  if (input.type.includes("access") && input.accessSearchLog)
    lines.push(
      fr
        ? "Accès : inclure la liste des recherches ayant visé mon visage (qui, quand)."
        : "Access: include the log of searches that matched my face (who searched, and when).",
    );
  if (input.type.includes("deletion") && input.deletionBlockFuture)
    lines.push(
      fr
        ? "Suppression : bloquer aussi toute collecte future de mes images."
        : "Deletion: also block any future collection of my images.",
    );
  if (input.urls && input.urls.length > 0) {
    lines.push(fr ? "Adresses où mes images apparaissent :" : "Addresses where my images appear:");
    for (const u of input.urls) lines.push(`- ${u}`);
  }
  return lines.length ? lines.join("\n") : null;
}

export function previewFiling(input: FilingInput, opts: { locale: Locale; now: Date }): FilingReview {
  const sqlite = getSqlite();
  const found = [...new Set(input.vendor)].map(
    (slug) => sqlite.prepare("SELECT * FROM vendors WHERE slug = ?").get(slug) as VendorRow | undefined,
  );
  if (found.some((v) => !v))
    throw new ServiceError(400, "unknown_vendor", "Unknown vendor", { vendor: "errors.vendorUnknown" });
  const vendors = found as VendorRow[];
  const types = [...new Set(input.type)];
  const ordered = !input.fileTogether && types.includes("access") && types.includes("deletion");
  const items: ReviewItem[] = [];
  for (const v of vendors) {
    for (const type of types) {
      const rule = findRule(input.jurisdiction as JurisdictionCode, type, opts.now);
      const d = computeDeadline({
        rule,
        receivedAt: opts.now,
        events: [],
        now: opts.now,
        serviceTargetDays: v.service_target_days,
        explain: false,
      });
      items.push({
        vendorName: v.name,
        vendorIntake: v.intake,
        type,
        regime: rule.regimeName[opts.locale],
        citation: d.citation,
        summary: rule.summary[opts.locale],
        statutory: d.statutory,
        expectedRespondBy: d.respondBy,
        queuedBehindType: ordered && type === "deletion" ? "access" : null,
      });
    }
  }
  const details = describeDetails(input, opts.locale);
  let letter: FilingReview["letter"] = null;
  const first = items[0];
  if (first && vendors[0]) {
    const jurisdiction = describeJurisdiction(input.jurisdiction as JurisdictionCode, opts.locale);
    const rendered = renderEmail({
      template: "vendor-letter",
      locale: opts.locale,
      publicUrl: getRuntime().config.publicUrl,
      data: {
        reference: "BR-0000-000000",
        vendorName: vendors[0].name,
        fullName: input.fullName,
        residentEmail: input.email,
        requestType: first.type,
        jurisdictionName: jurisdiction.name,
        citation: first.citation,
        regime: jurisdiction.regime,
        receivedOn: opts.now.toISOString().slice(0, 10),
        respondBy: first.statutory ? first.expectedRespondBy : null,
        statutory: first.statutory,
        details,
      },
    });
    letter = { vendorName: vendors[0].name, subject: rendered.subject, text: rendered.text };
  }
  return {
    jurisdictionName: describeJurisdiction(input.jurisdiction as JurisdictionCode, opts.locale).name,
    items,
    letter,
    details,
  };
}

export type SubmitOutcome = { ok: true; result: FilingResult } | { ok: false; errors: Record<string, string> };

/**
 * Final submit: the photo (if any) is checked by content, re-encoded without metadata and
 * encrypted — one copy per request — BEFORE the filing transaction; then one transaction
 * files everything. Copies left behind by a failed transaction are removed by the orphan sweep.
 */
export async function submitFiling(
  input: FilingInput,
  photo: File | string | null,
  opts: { locale: Locale; now: Date; consentVersion: string },
): Promise<SubmitOutcome> {
  let prepared: { storageNames: string[]; size: number; sha256: string } | null = null;
  if (photo === PHOTO_TOO_LARGE) return { ok: false, errors: { photo: "errors.photo_too_large" } };
  if (photo instanceof File && photo.size > 0) {
    try {
      const clean = await sanitizePhoto(Buffer.from(await photo.arrayBuffer()));
      const copies = countRequests(input);
      prepared = {
        storageNames: Array.from({ length: copies }, () => storeEncrypted(clean.jpeg)),
        size: clean.jpeg.length,
        sha256: clean.sha256,
      };
    } catch (err) {
      if (err instanceof PhotoRejectedError) return { ok: false, errors: { photo: `errors.photo_${err.reason}` } };
      throw err;
    }
  }
  const result = fileRequest(input, {
    locale: opts.locale,
    now: opts.now,
    ordered: !input.fileTogether,
    details: describeDetails(input, opts.locale),
    photo: prepared,
    consent: { version: opts.consentVersion, locale: opts.locale },
  });
  return { ok: true, result };
}
