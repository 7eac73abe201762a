/**
 * GET /api/v1/requests/<reference>/reference-photo: a vendor's matching system fetches the
 * resident's photo. Only keys granted reference_photos:read get it (403 otherwise), another
 * vendor's request is a 404 like an unknown one, a closed request is refused (409), every
 * download is audited in the key's name, and nothing may cache it.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as photoRoute from "../../app/routes/api.v1.requests.$ref.reference-photo";
import { createApiKey, listApiKeys } from "../../app/server/api/api-keys.server";
import { inTransaction } from "../../app/server/core/db.server";
import { confirmEmail } from "../../app/server/resident/confirm-email.server";
import { fileRequest } from "../../app/server/resident/file-request.server";
import {
  recordPhotoAttachment,
  sanitizePhoto,
  storeEncrypted,
} from "../../app/server/resident/reference-photos.server";
import { createTestPortal, insertUser, insertVendor, verifyPathFor, type TestPortal } from "../helpers/test-portal";

let portal: TestPortal;
let filesDir = "";
let vendorA = 0;
let vendorB = 0;
let adminA = 0;
let photoKey = "";
let photoKeyId = 0;
let plainKey = "";
let keyB = "";
let refA = "";
let refB = "";
let photoSha = "";

const adminOf = (id: number, vendorId: number) => ({
  id,
  email: "x",
  name: "x",
  role: "vendor_admin" as const,
  vendorId,
  organisation: null,
  jurisdictions: [],
  locale: "en",
});

function referenceOf(vendorId: number): { id: number; reference: string } {
  return portal.handle.sqlite.prepare("SELECT id, reference FROM requests WHERE vendor_id = ?").get(vendorId) as {
    id: number;
    reference: string;
  };
}

async function attachPhoto(requestId: number): Promise<string> {
  const face = await sharp({ create: { width: 320, height: 240, channels: 3, background: "#c08060" } })
    .jpeg()
    .toBuffer();
  const clean = await sanitizePhoto(face);
  const storageName = storeEncrypted(clean.jpeg);
  inTransaction(() =>
    recordPhotoAttachment({ requestId, storageName, size: clean.jpeg.length, sha256: clean.sha256, at: portal.now() }),
  );
  return clean.sha256;
}

beforeEach(async () => {
  filesDir = fs.mkdtempSync(path.join(os.tmpdir(), "api-reference-photo-"));
  portal = createTestPortal({ now: "2026-03-05T15:00:00Z", env: { FILES_DIR: filesDir } });
  vendorA = insertVendor(portal.handle, { slug: "vendor-a" }).id;
  vendorB = insertVendor(portal.handle, { slug: "vendor-b" }).id;
  adminA = await insertUser(portal.handle, {
    email: "admin@a.example",
    password: "x-x-x-x-x",
    role: "vendor_admin",
    vendorId: vendorA,
  });
  const adminB = await insertUser(portal.handle, {
    email: "admin@b.example",
    password: "x-x-x-x-x",
    role: "vendor_admin",
    vendorId: vendorB,
  });
  const granted = createApiKey(adminOf(adminA, vendorA), "Face search", portal.now(), ["reference_photos:read"]);
  photoKey = granted.key;
  photoKeyId = granted.id;
  plainKey = createApiKey(adminOf(adminA, vendorA), "Ticketing", portal.now()).key;
  keyB = createApiKey(adminOf(adminB, vendorB), "B's search", portal.now(), ["reference_photos:read"]).key;
  for (const [slug, email, key] of [
    ["vendor-a", "ra@example.com", "photo-key-a-0123456789"],
    ["vendor-b", "rb@example.com", "photo-key-b-0123456789"],
  ] as const) {
    fileRequest(
      {
        vendor: [slug],
        jurisdiction: "CA-QC",
        type: ["access"],
        fullName: "Rosalie Amyot",
        email,
        idempotencyKey: key,
      },
      { locale: "en", now: portal.now() },
    );
    confirmEmail(verifyPathFor(portal.handle, email).slice("/verify/".length), { now: portal.now() });
  }
  const a = referenceOf(vendorA);
  refA = a.reference;
  refB = referenceOf(vendorB).reference;
  photoSha = await attachPhoto(a.id);
});
afterEach(() => {
  portal.close();
  fs.rmSync(filesDir, { recursive: true, force: true });
});

type Handler = (a: object) => Promise<Response>;
const download = (key: string, ref: string) =>
  (photoRoute.loader as Handler)({
    request: new Request(`http://localhost:3000/api/v1/requests/${ref}/reference-photo`, {
      headers: { Authorization: `Bearer ${key}` },
    }),
    params: { ref },
    context: {},
  });

const photoViews = () =>
  portal.handle.sqlite
    .prepare(
      "SELECT actor_type, actor_id, vendor_id, details FROM audit_events WHERE action = 'photo.viewed' ORDER BY seq",
    )
    .all() as { actor_type: string; actor_id: string; vendor_id: number; details: string }[];

describe("GET /api/v1/requests/<reference>/reference-photo", () => {
  it("gives a key with reference_photos:read the JPEG, uncached, and audits the download in the key's name", async () => {
    const res = await download(photoKey, refA);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("image/jpeg");
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    expect(res.headers.get("Content-Disposition")).toMatch(/^attachment;/);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(crypto.createHash("sha256").update(bytes).digest("hex")).toBe(photoSha);
    const views = photoViews();
    expect(views).toHaveLength(1);
    expect(views[0]).toMatchObject({ actor_type: "api_key", actor_id: String(photoKeyId), vendor_id: vendorA });
    expect(JSON.parse(views[0]!.details)).toMatchObject({ createdBy: adminA });
  });

  it("refuses a key without the scope (403) and reveals nothing", async () => {
    const res = await download(plainKey, refA);
    expect(res.status).toBe(403);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    expect(await res.json()).toMatchObject({ error: "insufficient_scope" });
    expect(photoViews()).toHaveLength(0);
  });

  it("answers 404 for another vendor's request, an unknown reference and a request without a photo", async () => {
    const other = await download(keyB, refA);
    expect(other.status).toBe(404);
    expect(JSON.stringify(await other.json())).not.toContain("Rosalie");
    expect((await download(photoKey, "BR-2026-999999")).status).toBe(404);
    const none = await download(keyB, refB);
    expect(none.status).toBe(404);
    expect(await none.json()).toMatchObject({ error: "not_found" });
    expect(photoViews()).toHaveLength(0);
  });

  it("refuses once the request is closed (409), the photo still stored but no longer handed out", async () => {
    portal.handle.sqlite
      .prepare("UPDATE requests SET status = 'fulfilled', closed_at = ? WHERE reference = ?")
      .run(portal.now().getTime(), refA);
    const res = await download(photoKey, refA);
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: "request_closed" });
    expect(photoViews()).toHaveLength(0);
  });

  it("lists each key's scopes for the admin", () => {
    const scopes = Object.fromEntries(listApiKeys(vendorA).map((k) => [k.name, k.scopes]));
    expect(scopes).toEqual({ "Face search": "reference_photos:read", Ticketing: "" });
  });
});
