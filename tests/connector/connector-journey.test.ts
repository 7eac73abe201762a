/**
 * The connector against a real portal (in-process, real database, the real API route modules
 * behind its fetch): an access request with a face cut from a sample photo gets a package with
 * that face's copies and nobody else's; the deletion gets a certificate with matchesBefore ≥ 1
 * and matchesAfter 0; a later crawl bringing a new copy of the face counts it as blocked.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as listRoute from "../../app/routes/api.v1.requests";
import * as detailRoute from "../../app/routes/api.v1.requests.$ref";
import * as actionsRoute from "../../app/routes/api.v1.requests.$ref.actions";
import * as blockedRoute from "../../app/routes/api.v1.requests.$ref.blocked-collections";
import * as photoRoute from "../../app/routes/api.v1.requests.$ref.reference-photo";
import { createApiKey } from "../../app/server/api/api-keys.server";
import { inTransaction } from "../../app/server/core/db.server";
import { confirmEmail } from "../../app/server/resident/confirm-email.server";
import { fileRequest } from "../../app/server/resident/file-request.server";
import {
  recordPhotoAttachment,
  sanitizePhoto,
  storeEncrypted,
} from "../../app/server/resident/reference-photos.server";
import {
  openConnectorStore,
  openDescriptorCache,
  type ConnectorStore,
  type DescriptorCache,
} from "~/connector/connector-store";
import { reportBlockedCopies } from "~/connector/blocked-reports";
import { MATCH_THRESHOLD, runCrawl } from "~/connector/face-search";
import {
  buildGallery,
  cropSampleFace,
  describeCentralFace,
  findSampleFaces,
  type SampleFace,
} from "~/connector/gallery";
import { createPortalClient } from "~/connector/portal-client";
import { handleRequest, type HandlerContext } from "~/connector/request-handlers";
import { createTestPortal, insertUser, insertVendor, verifyPathFor, type TestPortal } from "../helpers/test-portal";

let cache: DescriptorCache;
let subject: SampleFace;
let portal: TestPortal;
let filesDir = "";
let store: ConnectorStore;
let ctx: HandlerContext;
const lines: string[] = [];

beforeAll(async () => {
  cache = openDescriptorCache(path.join(os.tmpdir(), "connector-descriptor-cache.json"));
  const faces = await findSampleFaces(cache);
  // A face whose uncropped copy the detector describes, so the gallery holds it.
  for (const face of faces)
    if (!subject && (await describeCentralFace(await cropSampleFace(face), cache))) subject = face;
}, 1_200_000);

type Handler = (a: object) => Promise<Response>;
/** The portal's API as the connector reaches it: the real route modules, no network. */
const routeFetch: typeof fetch = async (input, init) => {
  const request = new Request(input as string, init);
  const parts = new URL(request.url).pathname.split("/").filter(Boolean); // api v1 requests [ref] [sub]
  const ref = parts[3];
  const args = { request, params: ref ? { ref } : {}, context: {} };
  if (!ref) return (listRoute.loader as Handler)(args);
  if (parts[4] === "reference-photo") return (photoRoute.loader as Handler)(args);
  if (parts[4] === "actions") return (actionsRoute.action as Handler)(args);
  if (parts[4] === "blocked-collections") return (blockedRoute.action as Handler)(args);
  return (detailRoute.loader as Handler)(args);
};

async function fileWithPhoto(type: "access" | "deletion", email: string): Promise<string> {
  fileRequest(
    {
      vendor: ["facecorp"],
      jurisdiction: "CA-QC",
      type: [type],
      fullName: "Rosalie Amyot",
      email,
      idempotencyKey: `journey-${type}-0123456789`,
    },
    { locale: "en", now: portal.now() },
  );
  confirmEmail(verifyPathFor(portal.handle, email).slice("/verify/".length), { now: portal.now() });
  const row = portal.handle.sqlite.prepare("SELECT id, reference FROM requests WHERE type = ?").get(type) as {
    id: number;
    reference: string;
  };
  const clean = await sanitizePhoto(await cropSampleFace(subject));
  const storageName = storeEncrypted(clean.jpeg);
  inTransaction(() =>
    recordPhotoAttachment({
      requestId: row.id,
      storageName,
      size: clean.jpeg.length,
      sha256: clean.sha256,
      at: portal.now(),
    }),
  );
  return row.reference;
}

beforeEach(async () => {
  filesDir = fs.mkdtempSync(path.join(os.tmpdir(), "connector-journey-"));
  portal = createTestPortal({ now: "2026-03-05T15:00:00Z", env: { FILES_DIR: filesDir } });
  const vendorId = insertVendor(portal.handle, { slug: "facecorp" }).id;
  const admin = await insertUser(portal.handle, {
    email: "admin@facecorp.example",
    password: "x-x-x-x-x",
    role: "vendor_admin",
    vendorId,
  });
  const key = createApiKey(
    {
      id: admin,
      email: "x",
      name: "x",
      role: "vendor_admin",
      vendorId,
      organisation: null,
      jurisdictions: [],
      locale: "en",
    },
    "Connector",
    portal.now(),
    ["reference_photos:read"],
  ).key;
  store = openConnectorStore(fs.mkdtempSync(path.join(os.tmpdir(), "connector-journey-data-")));
  await buildGallery(store, cache, new Date("2026-03-01T00:00:00Z"));
  lines.length = 0;
  ctx = {
    store,
    cache,
    portal: createPortalClient("http://localhost:3000", key, routeFetch),
    now: () => portal.now(),
    log: (l) => lines.push(l),
  };
}, 600_000);
afterEach(() => {
  portal.close();
  fs.rmSync(filesDir, { recursive: true, force: true });
});

const packageOf = (reference: string) =>
  JSON.parse(
    (
      portal.handle.sqlite
        .prepare(
          "SELECT p.payload FROM response_packages p JOIN requests r ON r.id = p.request_id WHERE r.reference = ?",
        )
        .get(reference) as { payload: string }
    ).payload,
  ) as Record<string, unknown>;

describe("the connector answering through the API", () => {
  it("access, then deletion with verification, then a blocked re-collection", async () => {
    const access = await fileWithPhoto("access", "ra@example.com");
    await handleRequest(ctx, access);
    const pkg = packageOf(access) as {
      images: { sourceUrl: string; similarity: number; thumbnail: string }[];
      templates: unknown[];
    };
    const subjectUrls = new Set(
      store.state.images.filter((i) => i.faceKey === subject.faceKey).map((i) => i.sourceUrl),
    );
    expect(pkg.images.length).toBeGreaterThanOrEqual(1);
    // Every listed image is a copy of the subject's face: nobody else's face matched.
    for (const image of pkg.images) expect(subjectUrls.has(image.sourceUrl)).toBe(true);
    expect(pkg.images[0]!.thumbnail).toMatch(/^data:image\/jpeg;base64,/);
    expect(pkg.templates).toHaveLength(pkg.images.length);
    expect(store.state.images.some((i) => i.faceKey !== subject.faceKey)).toBe(true);

    const deletion = await fileWithPhoto("deletion", "rd@example.com");
    await handleRequest(ctx, deletion);
    const cert = packageOf(deletion) as {
      imagesDeleted: number;
      suppressionActive: boolean;
      verification: Record<string, unknown>;
    };
    expect(cert.verification).toMatchObject({ matchesAfter: 0, threshold: MATCH_THRESHOLD });
    expect(cert.verification.matchesBefore as number).toBeGreaterThanOrEqual(1);
    expect(cert.imagesDeleted).toBe(cert.verification.matchesBefore);
    expect(cert.suppressionActive).toBe(true);
    expect(store.state.suppressions.map((s) => s.requestRef)).toEqual([deletion]);

    const crawl = await runCrawl(store, cache, portal.now(), { onlyFaces: [subject.faceKey] });
    expect(crawl.added).toHaveLength(0);
    expect(crawl.blocked.map((b) => b.requestRef)).toEqual([deletion]);
    // Reported to the portal: an event on the deletion request, once.
    expect(await reportBlockedCopies(ctx)).toBe(1);
    expect(await reportBlockedCopies(ctx)).toBe(0);
    const blockedEvents = portal.handle.sqlite
      .prepare(
        "SELECT e.payload FROM request_events e JOIN requests r ON r.id = e.request_id WHERE r.reference = ? AND e.type = 'collection_blocked'",
      )
      .all(deletion) as { payload: string }[];
    expect(blockedEvents.map((e) => (JSON.parse(e.payload) as { copies: number }).copies)).toEqual([1]);

    // Handled requests are closed: a second pass (a repeated webhook, the poll) changes nothing.
    await handleRequest(ctx, access);
    await handleRequest(ctx, deletion);
    expect(lines).toHaveLength(3);
    console.log(lines.join("\n"));
  }, 600_000);
});
