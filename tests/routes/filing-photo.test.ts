/** The filing form with a photo, as a browser posts it (multipart), against real SQLite + files. */
import exifr from "exifr";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as newRequest from "../../app/routes/requests.new/route";
import { readDecrypted } from "../../app/server/resident/reference-photos.server";
import { createTestPortal, insertVendor, type TestPortal } from "../helpers/test-portal";

let portal: TestPortal;
let filesDir: string;
beforeEach(() => {
  filesDir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-files-"));
  portal = createTestPortal({ now: "2026-03-05T15:00:00Z", env: { FILES_DIR: filesDir } });
  insertVendor(portal.handle, { slug: "facette", name: "Facette AI" });
  insertVendor(portal.handle, { slug: "visagio", name: "Visagio" });
});
afterEach(() => {
  portal.close();
  fs.rmSync(filesDir, { recursive: true, force: true });
});

async function jpegWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 150, b: 120 } } })
    .jpeg()
    .withExif({
      IFD0: { Make: "PhoneCo", Model: "Face 9" },
      IFD3: { GPSLatitudeRef: "N", GPSLatitude: "45/1 30/1 0/1", GPSLongitudeRef: "W", GPSLongitude: "73/1 34/1 0/1" },
    })
    .toBuffer();
}

function multipart(
  fields: Record<string, string | string[]>,
  photo?: { bytes: Buffer; name: string; type: string },
): Request {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const item of Array.isArray(v) ? v : [v]) form.append(k, item);
  if (photo) form.append("photo", new Blob([new Uint8Array(photo.bytes)], { type: photo.type }), photo.name);
  return new Request("http://localhost:3000/requests/new", {
    method: "POST",
    body: form,
    headers: { Origin: "http://localhost:3000" },
  });
}

const fields = {
  step: "submit",
  vendor: ["facette", "visagio"],
  jurisdiction: "US-IL",
  type: ["access"],
  fullName: "Noah Smith",
  email: "noah@example.com",
  urls: "https://example.org/team/noah\nhttps://photos.example.net/n.jpg",
  accessSearchLog: "on",
  consent: "yes",
  idempotencyKey: "photo-key-0123456789",
};

type Answer = {
  data: { stage: string; errors: Record<string, string>; values: Record<string, unknown> };
  init: { status?: number } | null;
};

describe("filing with a reference photo", () => {
  it("stores one encrypted, metadata-free copy per request; the uploaded name is not kept", async () => {
    const original = await jpegWithGps();
    expect((await exifr.gps(original))?.latitude).toBeCloseTo(45.5, 1); // the fixture really has GPS
    const res = (await newRequest.action({
      request: multipart(fields, { bytes: original, name: "IMG_2024_home.jpg", type: "image/jpeg" }),
      params: {},
      context: {},
    })) as Answer;
    expect(res.data.stage).toBe("done");
    const rows = portal.handle.sqlite.prepare("SELECT * FROM attachments ORDER BY id").all() as {
      storage_name: string;
      original_name: string | null;
      sha256: string;
      kind: string;
    }[];
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.kind).toBe("reference_photo");
      expect(row.original_name).toBeNull();
      const stored = fs.readFileSync(path.join(filesDir, row.storage_name));
      expect(stored.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))).toBe(false);
      const clear = readDecrypted(row.storage_name, { filesDir });
      expect(await exifr.gps(clear).catch(() => undefined)).toBeUndefined();
      const tags = await exifr.parse(clear, true).catch(() => undefined);
      expect(tags?.Make).toBeUndefined();
    }
    const filed = JSON.parse(
      (
        portal.handle.sqlite.prepare("SELECT payload FROM request_events WHERE type = 'filed' LIMIT 1").get() as {
          payload: string;
        }
      ).payload,
    );
    expect(filed.consent).toMatchObject({ version: expect.any(String), locale: "en" });
    expect(filed.urls).toEqual(["https://example.org/team/noah", "https://photos.example.net/n.jpg"]);
    expect(JSON.stringify(portal.handle.sqlite.prepare("SELECT * FROM audit_events").all())).not.toContain(
      "noah@example.com",
    );
  });

  it.each([
    [
      "an HTML file named .jpg",
      Buffer.from("<html><script>alert(1)</script></html>"),
      "image/jpeg",
      "errors.photo_not_an_image",
    ],
    [
      "an SVG",
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
      "image/svg+xml",
      "errors.photo_unsupported_type",
    ],
    ["a file over 8 MB", Buffer.alloc(8 * 1024 * 1024 + 10, 0xff), "image/jpeg", "errors.photo_too_large"],
  ])("refuses %s with a message, keeps what was typed, and files nothing", async (_name, bytes, type, key) => {
    const res = (await newRequest.action({
      request: multipart(fields, { bytes, name: "me.jpg", type }),
      params: {},
      context: {},
    })) as Answer;
    expect(res.init?.status).toBe(400);
    expect(res.data.stage).toBe("review");
    expect(res.data.errors).toEqual({ photo: key });
    expect(res.data.values.fullName).toBe("Noah Smith");
    expect(res.data.values.photo).toBeUndefined();
    expect(portal.handle.sqlite.prepare("SELECT count(*) AS n FROM filings").get()).toEqual({ n: 0 });
  });

  it("refuses a truncated JPEG", async () => {
    const good = await sharp({ create: { width: 400, height: 300, channels: 3, background: "#888" } })
      .jpeg()
      .toBuffer();
    const res = (await newRequest.action({
      request: multipart(fields, {
        bytes: good.subarray(0, Math.floor(good.length / 2)),
        name: "x.jpg",
        type: "image/jpeg",
      }),
      params: {},
      context: {},
    })) as Answer;
    expect(res.data.errors).toEqual({ photo: "errors.photo_corrupt" });
  });
});

describe("viewing the reference photo", () => {
  it("only the staff of that vendor, only while the request is open; every view audited", async () => {
    const { forVendor } = await import("../../app/server/vendor/vendor-access.server");
    const { confirmEmail } = await import("../../app/server/resident/confirm-email.server");
    const { verifyPathFor } = await import("../helpers/test-portal");
    const res = (await newRequest.action({
      request: multipart(
        { ...fields, vendor: ["facette"] },
        { bytes: await jpegWithGps(), name: "me.jpg", type: "image/jpeg" },
      ),
      params: {},
      context: {},
    })) as Answer;
    expect(res.data.stage).toBe("done");
    confirmEmail(verifyPathFor(portal.handle, "noah@example.com").slice("/verify/".length), { now: portal.now() });
    const ref = (portal.handle.sqlite.prepare("SELECT reference FROM requests").get() as { reference: string })
      .reference;
    const { insertUser } = await import("../helpers/test-portal");
    const staffIds = [
      await insertUser(portal.handle, {
        email: "a@facette.example",
        password: "x-x-x-x-x",
        role: "vendor_agent",
        vendorId: 1,
      }),
      await insertUser(portal.handle, {
        email: "b@visagio.example",
        password: "x-x-x-x-x",
        role: "vendor_agent",
        vendorId: 2,
      }),
    ];
    const staff = (vendorId: number) => ({
      id: staffIds[vendorId - 1]!,
      email: "s@x.example",
      name: "S",
      role: "vendor_agent" as const,
      vendorId,
      organisation: null,
      jurisdictions: [],
      locale: "en",
    });
    const a = forVendor(staff(1));
    const [photo] = a.listPhotos(ref, portal.now());
    const jpeg = a.viewPhoto(ref, photo!.id, portal.now());
    expect(jpeg.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))).toBe(true);
    expect(() => forVendor(staff(2)).viewPhoto(ref, photo!.id, portal.now())).toThrow(/Not found/);
    expect(
      portal.handle.sqlite.prepare("SELECT count(*) AS n FROM audit_events WHERE action = 'photo.viewed'").get(),
    ).toEqual({ n: 1 });
    a.act(ref, { intent: "fulfil", reason: "Done." }, portal.now());
    expect(a.listPhotos(ref, portal.now())).toEqual([]);
    expect(() => a.viewPhoto(ref, photo!.id, portal.now())).toThrow(/Not found/);
  });
});
