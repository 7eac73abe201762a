/**
 * Reference face photos: sanitising (UP-02..04), encryption at rest (DP-02, UP-05) and
 * destruction (IDV-06). Every fixture is generated here with sharp or by hand; no binary file
 * is committed.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import exifr from "exifr";
import sharp from "sharp";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { verifyAuditChain } from "../../app/server/audit/audit-chain.server";
import { readDecrypted, storeEncrypted } from "../../app/server/security/encrypted-files.server";
import { inTransaction } from "../../app/server/core/db.server";
import {
  destroyPhoto,
  listPhotosDueForPurge,
  openPhotoForViewing,
  PHOTO_MAX_BYTES,
  PHOTO_MAX_PIXELS,
  PhotoRejectedError,
  recordPhotoAttachment,
  sanitizePhoto,
  sweepOrphanFiles,
  type PhotoRejection,
} from "../../app/server/resident/reference-photos.server";
import { createTestPortal, insertVendor, type TestPortal } from "../helpers/test-portal";

const DAY = 24 * 60 * 60_000;

let portal: TestPortal;
let tmp: string;
let filesDir: string;

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "photos-test-"));
  filesDir = path.join(tmp, "files"); // does not exist yet: storeEncrypted creates it 0700
  portal = createTestPortal({ now: "2026-03-05T15:00:00Z", env: { FILES_DIR: filesDir } });
});
afterEach(() => {
  portal.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------
// Fixtures

/** 200×100: left half red, right half blue, so orientation can be checked on the pixels. */
function twoColourRaw(width = 200, height = 100): Buffer {
  const raw = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3;
      if (x < width / 2) raw[o] = 255;
      else raw[o + 2] = 255;
    }
  return raw;
}

/** A Photoshop APP13 segment carrying IPTC-IIM (by-line, city, caption). */
function iptcApp13(): Buffer {
  const ds = (tag: number, val: string) => {
    const v = Buffer.from(val, "latin1");
    const h = Buffer.from([0x1c, 2, tag, 0, 0]);
    h.writeUInt16BE(v.length, 3);
    return Buffer.concat([h, v]);
  };
  const iim = Buffer.concat([ds(80, "Jane Resident"), ds(90, "Montreal"), ds(120, "my face, my address")]);
  const body = iim.length % 2 ? Buffer.concat([iim, Buffer.alloc(1)]) : iim;
  const resource = Buffer.concat([Buffer.from("8BIM"), Buffer.from([0x04, 0x04, 0, 0]), Buffer.alloc(4), body]);
  resource.writeUInt32BE(iim.length, 12);
  const payload = Buffer.concat([Buffer.from("Photoshop 3.0\0", "latin1"), resource]);
  const marker = Buffer.from([0xff, 0xed, 0, 0]);
  marker.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([marker, payload]);
}

const XMP = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Jane Resident</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>`;

/** A phone-like JPEG: EXIF (Make/Model/DateTimeOriginal), GPS, Orientation 6, XMP, IPTC, ICC. */
async function phoneJpeg(): Promise<Buffer> {
  const jpeg = await sharp(twoColourRaw(), { raw: { width: 200, height: 100, channels: 3 } })
    .withExif({
      IFD0: { Make: "Acme", Model: "Phone 9 Pro", Artist: "Jane Resident" },
      IFD2: { DateTimeOriginal: "2025:06:01 08:30:00", UserComment: "home" },
      IFD3: { GPSLatitudeRef: "N", GPSLatitude: "45/1 30/1 5/1", GPSLongitudeRef: "W", GPSLongitude: "73/1 34/1 2/1" },
    })
    .withMetadata({ orientation: 6 })
    .withXmp(XMP)
    .withIccProfile("p3")
    .jpeg({ quality: 95 })
    .toBuffer();
  return Buffer.concat([jpeg.subarray(0, 2), iptcApp13(), jpeg.subarray(2)]); // IPTC right after SOI
}

async function noiseJpeg(width = 480, height = 360): Promise<Buffer> {
  return sharp(crypto.randomBytes(width * height * 3), { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 90 })
    .toBuffer();
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();
function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([len, typeAndData, crc]);
}
/** A valid PNG of a few hundred bytes whose IHDR declares width×height RGB pixels (a "pixel bomb"). */
function pixelBombPng(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: truecolour
  // compression, filter, interlace = 0
  const firstRows = Buffer.alloc((1 + width * 3) * 2); // two all-zero scanlines: the rest is "missing"
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", ihdr),
    pngChunk("IDAT", zlib.deflateSync(firstRows, { level: 9 })),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}

/** A real JPEG whose SOF header is patched to declare width×height. */
async function jpegDeclaring(width: number, height: number): Promise<Buffer> {
  const jpeg = Buffer.from(
    await sharp({ create: { width: 16, height: 16, channels: 3, background: "#808080" } })
      .jpeg()
      .toBuffer(),
  );
  let i = 2;
  while (i < jpeg.length) {
    const marker = jpeg[i + 1]!;
    const len = jpeg.readUInt16BE(i + 2);
    if (marker >= 0xc0 && marker <= 0xc3) {
      jpeg.writeUInt16BE(height, i + 5);
      jpeg.writeUInt16BE(width, i + 7);
      return jpeg;
    }
    i += 2 + len;
  }
  throw new Error("no SOF marker");
}

function insertRequest(opts: { closedAt?: number | null } = {}): { requestId: number; vendorId: number } {
  const v = insertVendor(portal.handle);
  const db = portal.handle.sqlite;
  const filingId = Number(
    db
      .prepare(
        "INSERT INTO filings (idempotency_key, full_name, email, locale, jurisdiction, created_at) VALUES (?, 'Jane Resident', 'jane@example.com', 'en', 'US-IL', 0)",
      )
      .run(crypto.randomBytes(12).toString("hex")).lastInsertRowid,
  );
  const requestId = Number(
    db
      .prepare(
        "INSERT INTO requests (reference, filing_id, vendor_id, type, jurisdiction, status, closed_at, created_at, updated_at) VALUES (?, ?, ?, 'deletion', 'US-IL', ?, ?, 0, 0)",
      )
      .run(
        `BR-2026-${String(filingId).padStart(6, "0")}`,
        filingId,
        v.id,
        opts.closedAt == null ? "received" : "fulfilled",
        opts.closedAt ?? null,
      ).lastInsertRowid,
  );
  return { requestId, vendorId: v.id };
}

/** The filing route's sequence: sanitize + store (async, outside), then record in one transaction. */
async function uploadPhoto(requestId: number, input?: Buffer) {
  const clean = await sanitizePhoto(input ?? (await phoneJpeg()));
  const storageName = storeEncrypted(clean.jpeg);
  const attachmentId = inTransaction(() =>
    recordPhotoAttachment({ requestId, storageName, size: clean.jpeg.length, sha256: clean.sha256, at: portal.now() }),
  );
  return { ...clean, storageName, attachmentId };
}

function attachment(id: number) {
  return portal.handle.sqlite.prepare("SELECT * FROM attachments WHERE id = ?").get(id) as Record<string, unknown>;
}

async function rejectionOf(input: Buffer): Promise<PhotoRejection> {
  const err = await sanitizePhoto(input).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PhotoRejectedError);
  return (err as PhotoRejectedError).reason;
}

const ALL_METADATA = {
  tiff: true,
  ifd1: true,
  exif: true,
  gps: true,
  interop: true,
  xmp: true,
  iptc: true,
  icc: true,
  jfif: false,
  makerNote: true,
  userComment: true,
  mergeOutput: false,
} as const;

// ---------------------------------------------------------------------------------------------

describe("sanitizePhoto", () => {
  it("drops EXIF, GPS, XMP, IPTC and ICC and applies the orientation to the pixels (UP-04)", async () => {
    const input = await phoneJpeg();
    // The fixture really carries everything we promise to remove.
    const before = (await exifr.parse(input, ALL_METADATA)) as Record<string, Record<string, unknown>>;
    expect(before.ifd0).toMatchObject({ Make: "Acme", Model: "Phone 9 Pro" });
    expect(before.exif!.DateTimeOriginal).toBeInstanceOf(Date);
    expect(before.gps!.GPSLatitude).toEqual([45, 30, 5]);
    expect(before.iptc).toMatchObject({ City: "Montreal" });
    expect(before.icc).toBeDefined();
    expect(JSON.stringify(before)).toContain("Jane Resident"); // XMP dc:creator
    expect(await exifr.orientation(input)).toBe(6);
    const inMeta = await sharp(input).metadata();
    expect([inMeta.width, inMeta.height, !!inMeta.exif, !!inMeta.xmp, !!inMeta.iptc, !!inMeta.icc]).toEqual([
      200,
      100,
      true,
      true,
      true,
      true,
    ]);

    const out = await sanitizePhoto(input);

    expect([out.width, out.height]).toEqual([100, 200]);
    expect(out.jpeg.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    expect(out.sha256).toBe(crypto.createHash("sha256").update(out.jpeg).digest("hex"));
    // exifr finds nothing at all: no GPS, Make/Model, DateTimeOriginal, XMP, IPTC, ICC.
    const after = (await exifr.parse(out.jpeg, ALL_METADATA)) as Record<string, unknown> | undefined;
    expect(after ?? {}).toEqual({});
    expect(await exifr.gps(out.jpeg)).toBeUndefined();
    expect(await exifr.orientation(out.jpeg)).toBeUndefined();
    const outMeta = await sharp(out.jpeg).metadata();
    expect([
      outMeta.width,
      outMeta.height,
      outMeta.exif,
      outMeta.xmp,
      outMeta.iptc,
      outMeta.icc,
      outMeta.orientation,
    ]).toEqual([100, 200, undefined, undefined, undefined, undefined, undefined]);
    // Belt and braces on the raw bytes: no APP1 Exif/XMP, APP13, APP2 ICC, nor the strings.
    const latin = out.jpeg.toString("latin1");
    for (const needle of [
      "Exif\0\0",
      "http://ns.adobe.com/xap",
      "Photoshop 3.0",
      "ICC_PROFILE",
      "Acme",
      "Jane Resident",
      "Montreal",
      "2025:06:01",
    ]) {
      expect(latin).not.toContain(needle);
    }
    // Orientation 6 = rotate 90° clockwise: the red left half is now on top, blue at the bottom.
    const { data } = await sharp(out.jpeg).raw().toBuffer({ resolveWithObject: true });
    const px = (x: number, y: number) => [...data.subarray((y * 100 + x) * 3, (y * 100 + x) * 3 + 3)];
    expect(px(50, 20)[0]).toBeGreaterThan(200);
    expect(px(50, 20)[2]).toBeLessThan(60);
    expect(px(50, 180)[2]).toBeGreaterThan(200);
    expect(px(50, 180)[0]).toBeLessThan(60);
  });

  it("accepts PNG and WebP (judged by content) and always returns a JPEG; transparency becomes white", async () => {
    const rgba = {
      create: { width: 40, height: 30, channels: 4 as const, background: { r: 0, g: 0, b: 0, alpha: 0 } },
    };
    const png = await sharp(rgba).png().toBuffer();
    const webp = await sharp({ create: { width: 40, height: 30, channels: 3, background: "#00ff00" } })
      .webp()
      .toBuffer();
    for (const input of [png, webp]) {
      const out = await sanitizePhoto(input);
      expect((await sharp(out.jpeg).metadata()).format).toBe("jpeg");
      expect([out.width, out.height]).toEqual([40, 30]);
    }
    const fromPng = await sanitizePhoto(png);
    const { data } = await sharp(fromPng.jpeg).raw().toBuffer({ resolveWithObject: true });
    expect(Math.min(...data.subarray(0, 30))).toBeGreaterThan(240);
  });

  it("refuses by content, whatever the name or declared type would have said (UP-02, UP-03)", async () => {
    const jpeg = await noiseJpeg();
    const cases: [string, Buffer, PhotoRejection][] = [
      [
        "HTML renamed .jpg",
        Buffer.from("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"),
        "not_an_image",
      ],
      [
        "SVG",
        Buffer.from(
          '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>',
        ),
        "unsupported_type",
      ],
      [
        "SVG without prolog",
        Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>'),
        "unsupported_type",
      ],
      ["PDF header", Buffer.from("%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"), "not_an_image"],
      [
        "GIF",
        await sharp({ create: { width: 8, height: 8, channels: 3, background: "#123456" } })
          .gif()
          .toBuffer(),
        "unsupported_type",
      ],
      [
        "HEIC brand",
        Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from("ftypheic"), Buffer.alloc(16)]),
        "unsupported_type",
      ],
      ["empty", Buffer.alloc(0), "not_an_image"],
      ["over 8 MB", Buffer.concat([jpeg, Buffer.alloc(PHOTO_MAX_BYTES + 1 - jpeg.length)]), "too_large"],
      ["PNG declaring 30000×30000", pixelBombPng(30000, 30000), "too_many_pixels"],
      ["PNG declaring 20000×20000", pixelBombPng(20000, 20000), "too_many_pixels"],
      ["JPEG declaring 60000×60000", await jpegDeclaring(60000, 60000), "too_many_pixels"],
      ["truncated JPEG (cut in half)", jpeg.subarray(0, Math.floor(jpeg.length / 2)), "corrupt"],
      [
        "JPEG signature then garbage",
        Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), crypto.randomBytes(2000)]),
        "corrupt",
      ],
      [
        "PNG signature then garbage",
        Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), crypto.randomBytes(200)]),
        "corrupt",
      ],
    ];
    for (const [label, input, reason] of cases) {
      expect([label, await rejectionOf(input)]).toEqual([label, reason]);
    }
    // The JPEG the truncated case was cut from is itself fine.
    await expect(sanitizePhoto(jpeg)).resolves.toMatchObject({ width: 480, height: 360 });
  });

  it("refuses a pixel bomb from its header alone, without decoding it", async () => {
    const bomb = pixelBombPng(30000, 30000); // 2.7 GB of RGB pixels if decoded
    expect(bomb.length).toBeLessThan(2048);
    expect(30000 * 30000).toBeGreaterThan(PHOTO_MAX_PIXELS);
    const rssBefore = process.memoryUsage().rss;
    const started = performance.now();
    expect(await rejectionOf(bomb)).toBe("too_many_pixels");
    expect(performance.now() - started).toBeLessThan(1000);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(200 * 1024 * 1024);
  });

  it("processes concurrent uploads correctly (decodes are queued, none lost)", async () => {
    const inputs = await Promise.all(
      [1, 2, 3, 4, 5].map((n) =>
        sharp({ create: { width: 10 * n, height: 7, channels: 3, background: "#336699" } })
          .png()
          .toBuffer(),
      ),
    );
    const outs = await Promise.all(inputs.map((b) => sanitizePhoto(b)));
    expect(outs.map((o) => o.width)).toEqual([10, 20, 30, 40, 50]);
  });
});

describe("encrypted storage (DP-02, UP-05)", () => {
  it("stores ciphertext under a random 0600 name, never an image signature, and decrypts exactly", async () => {
    const { jpeg } = await sanitizePhoto(await phoneJpeg());
    const name = storeEncrypted(jpeg);
    expect(name).toMatch(/^[0-9a-f]{32}$/);
    const file = path.join(filesDir, name);
    const stored = fs.readFileSync(file);
    expect(stored.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))).toBe(false);
    expect(stored.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47]))).toBe(false);
    expect(stored.subarray(0, 4).toString("latin1")).toBe("BRP1");
    expect(stored.length).toBe(4 + 12 + 16 + jpeg.length);
    expect(stored.includes(jpeg.subarray(0, 64))).toBe(false);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(filesDir).mode & 0o777).toBe(0o700);
    expect(fs.readdirSync(filesDir)).toEqual([name]); // no temp file left behind
    expect(readDecrypted(name).equals(jpeg)).toBe(true);
    // Decrypted bytes are still metadata-free (UP-04 after storage).
    expect((await exifr.parse(readDecrypted(name), ALL_METADATA)) ?? {}).toEqual({});
    // Same plaintext twice: different IVs, different files.
    const again = storeEncrypted(jpeg);
    expect(again).not.toBe(name);
    expect(fs.readFileSync(path.join(filesDir, again)).subarray(4, 16).equals(stored.subarray(4, 16))).toBe(false);
  });

  it("throws when one byte of the ciphertext, IV or tag changes, on the wrong key, and on a renamed file", () => {
    const plain = crypto.randomBytes(1000);
    const name = storeEncrypted(plain);
    const file = path.join(filesDir, name);
    const original = fs.readFileSync(file);
    for (const offset of [4 + 12 + 16 + 500, 4 + 3, 4 + 12 + 5, original.length - 1]) {
      const tampered = Buffer.from(original);
      tampered[offset]! ^= 0x01;
      fs.writeFileSync(file, tampered);
      expect(() => readDecrypted(name)).toThrow(/authentication/);
    }
    fs.writeFileSync(file, original);
    expect(readDecrypted(name).equals(plain)).toBe(true);
    expect(() => readDecrypted(name, { key: Buffer.alloc(32, 7) })).toThrow(/authentication/);
    // A ciphertext copied under another name (e.g. swapped between two residents) fails too.
    const other = "ab".repeat(16);
    fs.copyFileSync(file, path.join(filesDir, other));
    expect(() => readDecrypted(other)).toThrow(/authentication/);
    fs.writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), original.subarray(3)]));
    expect(() => readDecrypted(name)).toThrow(/BRP1/);
  });

  it("accepts only its own 32-hex names: no path traversal, no device names", () => {
    storeEncrypted(Buffer.from("x"));
    for (const bad of [
      "../../etc/passwd",
      "/etc/passwd",
      "CON",
      "..",
      "",
      "A".repeat(32),
      "a".repeat(31),
      `${"a".repeat(32)}/..`,
      `${"a".repeat(32)}\0`,
    ]) {
      expect(() => readDecrypted(bad)).toThrow(/invalid storage name/);
    }
  });

  it("refuses a files directory under public/ and a key that is not 32 bytes", () => {
    const publicDir = path.join(process.cwd(), "public", `photos-test-${process.pid}`);
    expect(() => storeEncrypted(Buffer.from("x"), { filesDir: publicDir })).toThrow(/public/);
    expect(fs.existsSync(publicDir)).toBe(false);
    expect(() => storeEncrypted(Buffer.from("x"), { key: Buffer.alloc(16) })).toThrow(/32 bytes/);
  });
});

describe("recordPhotoAttachment", () => {
  it("writes the row (no original name) and a photo.stored audit row, inside the caller's transaction only", async () => {
    const { requestId, vendorId } = insertRequest();
    const clean = await sanitizePhoto(await phoneJpeg());
    const storageName = storeEncrypted(clean.jpeg);
    const input = { requestId, storageName, size: clean.jpeg.length, sha256: clean.sha256, at: portal.now() };
    expect(() => recordPhotoAttachment(input)).toThrow(/inTransaction/);
    const id = inTransaction(() => recordPhotoAttachment(input));
    expect(attachment(id)).toEqual({
      id,
      request_id: requestId,
      message_id: null,
      kind: "reference_photo",
      storage_name: storageName,
      content_type: "image/jpeg",
      size: clean.jpeg.length,
      sha256: clean.sha256,
      original_name: null,
      created_at: portal.now().getTime(),
      purged_at: null,
      inbound_mail_id: null,
    });
    const audit = portal.handle.sqlite
      .prepare("SELECT * FROM audit_events WHERE action = 'photo.stored'")
      .get() as Record<string, unknown>;
    expect(audit).toMatchObject({
      actor_type: "resident",
      vendor_id: vendorId,
      object_type: "attachment",
      object_id: String(id),
    });
    expect(JSON.parse(audit.details as string)).toEqual({
      attachmentId: id,
      requestId,
      sha256: clean.sha256,
      size: clean.jpeg.length,
    });
    // A rolled-back transaction leaves no row (the caller's failure undoes the attachment).
    expect(() =>
      inTransaction(() => {
        recordPhotoAttachment({ ...input, storageName: "cd".repeat(16) });
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(portal.handle.sqlite.prepare("SELECT count(*) AS n FROM attachments").get()).toEqual({ n: 1 });
  });
});

describe("openPhotoForViewing (IDV-05)", () => {
  it("returns the decrypted JPEG and audits each view; other vendors, destroyed photos and mismatching files get nothing", async () => {
    const { requestId, vendorId } = insertRequest();
    const up = await uploadPhoto(requestId);
    const viewed = openPhotoForViewing(up.attachmentId, { now: portal.now(), actor: "staff", actorId: 42, vendorId });
    expect(viewed.jpeg.equals(up.jpeg)).toBe(true);
    expect(viewed).toMatchObject({ contentType: "image/jpeg", sha256: up.sha256, requestId });
    const views = () =>
      portal.handle.sqlite
        .prepare("SELECT actor_type, actor_id, vendor_id, details FROM audit_events WHERE action = 'photo.viewed'")
        .all();
    expect(views()).toEqual([
      {
        actor_type: "staff",
        actor_id: "42",
        vendor_id: vendorId,
        details: JSON.stringify({ attachmentId: up.attachmentId, requestId }),
      },
    ]);

    expect(() =>
      openPhotoForViewing(up.attachmentId, { now: portal.now(), actor: "staff", vendorId: vendorId + 1000 }),
    ).toThrow(/not found/i);
    portal.handle.sqlite.prepare("UPDATE attachments SET sha256 = ? WHERE id = ?").run("f".repeat(64), up.attachmentId);
    expect(() => openPhotoForViewing(up.attachmentId, { now: portal.now(), actor: "staff", vendorId })).toThrow(
      /SHA-256/,
    );
    portal.handle.sqlite.prepare("UPDATE attachments SET sha256 = ? WHERE id = ?").run(up.sha256, up.attachmentId);
    destroyPhoto(up.attachmentId, { now: portal.now(), actor: "system" });
    expect(() => openPhotoForViewing(up.attachmentId, { now: portal.now(), actor: "staff", vendorId })).toThrow(
      /not found/i,
    );
    expect(views()).toHaveLength(1); // refused attempts are not "views"
  });
});

describe("destroyPhoto (IDV-06)", () => {
  it("removes the file, tombstones the row, audits sha256 without bytes, returns a receipt; then is a no-op", async () => {
    const { requestId, vendorId } = insertRequest({ closedAt: Date.parse("2026-01-01T00:00:00Z") });
    const up = await uploadPhoto(requestId);
    const file = path.join(filesDir, up.storageName);
    expect(fs.existsSync(file)).toBe(true);
    const now = new Date("2026-03-05T16:00:00Z");

    const receipt = destroyPhoto(up.attachmentId, { now, actor: "system" });

    expect(receipt).toEqual({
      attachmentId: up.attachmentId,
      requestId,
      sha256: up.sha256,
      destroyedAt: "2026-03-05T16:00:00.000Z",
      what: `reference face photo (JPEG, ${up.jpeg.length} bytes)`,
      fileRemoved: true,
    });
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.readdirSync(filesDir)).toEqual([]);
    expect(() => readDecrypted(up.storageName)).toThrow(/ENOENT/);
    expect(attachment(up.attachmentId).purged_at).toBe(now.getTime());
    const rows = portal.handle.sqlite
      .prepare("SELECT * FROM audit_events WHERE action = 'photo.destroyed'")
      .all() as Record<string, unknown>[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actor_type: "system",
      vendor_id: vendorId,
      object_type: "attachment",
      object_id: String(up.attachmentId),
      at: now.toISOString(),
    });
    const details = JSON.parse(rows[0]!.details as string) as Record<string, unknown>;
    expect(details).toEqual({ attachmentId: up.attachmentId, requestId, sha256: up.sha256, size: up.jpeg.length });
    const auditDump = JSON.stringify(portal.handle.sqlite.prepare("SELECT * FROM audit_events").all());
    expect(auditDump.length).toBeLessThan(5000);
    expect(auditDump).not.toContain(up.jpeg.toString("base64").slice(0, 40));
    expect(auditDump).not.toContain(up.jpeg.toString("hex").slice(0, 40));
    expect(verifyAuditChain(portal.handle.sqlite).ok).toBe(true);

    // Idempotent: null, and nothing changes (no second audit row, purged_at kept).
    const auditCount = () =>
      (portal.handle.sqlite.prepare("SELECT count(*) AS n FROM audit_events").get() as { n: number }).n;
    const before = auditCount();
    expect(
      destroyPhoto(up.attachmentId, { now: new Date("2026-04-01T00:00:00Z"), actor: "staff", actorId: 9 }),
    ).toBeNull();
    expect(auditCount()).toBe(before);
    expect(attachment(up.attachmentId).purged_at).toBe(now.getTime());
  });

  it("records the actor and refuses ids that are not reference photos", async () => {
    const { requestId } = insertRequest();
    const up = await uploadPhoto(requestId);
    destroyPhoto(up.attachmentId, { now: portal.now(), actor: "resident" });
    const row = portal.handle.sqlite
      .prepare("SELECT actor_type FROM audit_events WHERE action = 'photo.destroyed'")
      .get();
    expect(row).toEqual({ actor_type: "resident" });
    expect(() => destroyPhoto(999_999, { now: portal.now(), actor: "system" })).toThrow(/not found/i);
    const other = Number(
      portal.handle.sqlite
        .prepare(
          "INSERT INTO attachments (request_id, kind, storage_name, content_type, size, sha256, created_at) VALUES (?, 'response_file', ?, 'application/pdf', 1, ?, 0)",
        )
        .run(requestId, "ef".repeat(16), "0".repeat(64)).lastInsertRowid,
    );
    expect(() => destroyPhoto(other, { now: portal.now(), actor: "system" })).toThrow(/not found/i);
  });
});

describe("listPhotosDueForPurge", () => {
  it("lists live photos of requests closed more than 30 days before now", async () => {
    const closedAt = Date.parse("2026-02-01T12:00:00Z");
    const closed = insertRequest({ closedAt });
    const open = insertRequest();
    const closedLater = insertRequest({ closedAt: closedAt + 10 * DAY });
    const a = await uploadPhoto(closed.requestId);
    await uploadPhoto(open.requestId);
    const c = await uploadPhoto(closedLater.requestId);

    expect(listPhotosDueForPurge(new Date(closedAt + 29 * DAY))).toEqual([]);
    expect(listPhotosDueForPurge(new Date(closedAt + 30 * DAY))).toEqual([]); // exactly 30 days: not yet
    expect(listPhotosDueForPurge(new Date(closedAt + 30 * DAY + 1))).toEqual([
      { attachmentId: a.attachmentId, requestId: closed.requestId },
    ]);
    expect(listPhotosDueForPurge(new Date(closedAt + 41 * DAY))).toEqual([
      { attachmentId: a.attachmentId, requestId: closed.requestId },
      { attachmentId: c.attachmentId, requestId: closedLater.requestId },
    ]);
    expect(listPhotosDueForPurge(new Date(closedAt + 8 * DAY), 7)).toEqual([
      { attachmentId: a.attachmentId, requestId: closed.requestId },
    ]);

    // The sweep's loop: purge what is due; purged photos are no longer listed; the open one stays.
    const now = new Date(closedAt + 41 * DAY);
    for (const due of listPhotosDueForPurge(now))
      expect(destroyPhoto(due.attachmentId, { now, actor: "system" })).not.toBeNull();
    expect(listPhotosDueForPurge(now)).toEqual([]);
    expect(listPhotosDueForPurge(new Date(closedAt + 10_000 * DAY))).toEqual([]);
    expect(fs.readdirSync(filesDir)).toHaveLength(1);
  });
});

describe("sweepOrphanFiles", () => {
  it("removes unreferenced and tombstoned ciphertexts and temp leftovers, keeps live and young files", async () => {
    const { requestId } = insertRequest();
    const live = await uploadPhoto(requestId);
    const purged = await uploadPhoto(requestId);
    // A crash after the purge commit but before the unlink: the row is tombstoned, the file remains.
    const leftover = fs.readFileSync(path.join(filesDir, purged.storageName));
    destroyPhoto(purged.attachmentId, { now: portal.now(), actor: "system" });
    fs.writeFileSync(path.join(filesDir, purged.storageName), leftover, { mode: 0o600 });
    const orphan = storeEncrypted(Buffer.from("stored, but the filing transaction rolled back"));
    const young = storeEncrypted(Buffer.from("stored a moment ago, about to be recorded"));
    const temp = `.tmp-${"12".repeat(16)}`;
    fs.writeFileSync(path.join(filesDir, temp), "half a file");
    fs.writeFileSync(path.join(filesDir, "README"), "not ours");

    const hourAgo = new Date(Date.now() - 2 * 60 * 60_000);
    for (const n of [live.storageName, purged.storageName, orphan, temp, "README"])
      fs.utimesSync(path.join(filesDir, n), hourAgo, hourAgo);

    expect(sweepOrphanFiles()).toBe(3);
    expect(fs.readdirSync(filesDir).sort()).toEqual([live.storageName, young, "README"].sort());
    expect(readDecrypted(live.storageName).equals(live.jpeg)).toBe(true);
    expect(sweepOrphanFiles()).toBe(0);
    // With no grace period the young unreferenced file goes too.
    expect(sweepOrphanFiles({ graceMs: 0 })).toBe(1);
    expect(fs.readdirSync(filesDir).sort()).toEqual([live.storageName, "README"].sort());
  });

  it("returns 0 when the files directory does not exist yet", () => {
    expect(fs.existsSync(filesDir)).toBe(false);
    expect(sweepOrphanFiles()).toBe(0);
  });
});
