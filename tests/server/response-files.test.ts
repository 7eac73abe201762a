/**
 * Upload rules for response files (app/server/vendor/response-file-rules.server.ts): type by content,
 * claims that disagree refused, size/count limits, image re-encoding and pixel bombs, UTF-8
 * text, file name sanitising; and the photo purge leaving response files alone.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import sharp from "sharp";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  contentDisposition,
  detectResponseFileKind,
  prepareResponseFile,
  ResponseFileRejectedError,
  RESPONSE_FILE_LIMITS,
  sanitizeFileName,
  type ResponseFileRejection,
} from "../../app/server/vendor/response-file-rules.server";
import { storeResponseFiles } from "../../app/server/vendor/response-file-store.server";
import { listPhotosDueForPurge, sweepOrphanFiles } from "../../app/server/resident/reference-photos.server";
import { photoPurgeStep } from "../../app/server/jobs/resident-sweep.server";
import { createTestPortal, insertVendor, type TestPortal } from "../helpers/test-portal";

let portal: TestPortal;
let filesDir: string;
beforeEach(() => {
  filesDir = fs.mkdtempSync(path.join(os.tmpdir(), "response-files-"));
  portal = createTestPortal({ now: "2026-03-05T15:00:00Z", env: { FILES_DIR: filesDir } });
});
afterEach(() => {
  portal.close();
  fs.rmSync(filesDir, { recursive: true, force: true });
});

const PDF = Buffer.from("%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");

async function rejection(
  bytes: Buffer | null,
  contentType: string | null,
  fileName: string | null,
): Promise<ResponseFileRejection | "accepted"> {
  try {
    await prepareResponseFile({ bytes, contentType, fileName });
    return "accepted";
  } catch (err) {
    if (err instanceof ResponseFileRejectedError) return err.reason;
    throw err;
  }
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
function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, "ascii"), data]);
  let c = 0xffffffff;
  for (const b of typeAndData) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE((c ^ 0xffffffff) >>> 0);
  return Buffer.concat([len, typeAndData, crc]);
}
/** A tiny valid PNG whose header declares width×height pixels. */
function pixelBombPng(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", ihdr),
    pngChunk("IDAT", zlib.deflateSync(Buffer.alloc((1 + width * 3) * 2), { level: 9 })),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}

async function noisePng(): Promise<Buffer> {
  return sharp(crypto.randomBytes(64 * 48 * 3), { raw: { width: 64, height: 48, channels: 3 } })
    .png()
    .toBuffer();
}
/** A JPEG carrying EXIF with GPS coordinates and a camera name. */
async function jpegWithExif(): Promise<Buffer> {
  return sharp(crypto.randomBytes(64 * 48 * 3), { raw: { width: 64, height: 48, channels: 3 } })
    .withExif({
      IFD0: { Make: "SecretCam", Model: "Model X", ImageDescription: "home of the resident" },
      IFD3: { GPSLatitudeRef: "N", GPSLatitude: "45/1 30/1 0/1" },
    })
    .jpeg()
    .toBuffer();
}

describe("type decided by content", () => {
  it("accepts each type by its bytes, with or without claims, and gives the canonical type", async () => {
    const png = await noisePng();
    const jpeg = await jpegWithExif();
    expect(detectResponseFileKind(PDF, { contentType: "application/pdf", fileName: "a.pdf" })).toBe("pdf");
    expect(detectResponseFileKind(PDF, { contentType: "application/octet-stream", fileName: null })).toBe("pdf");
    expect(detectResponseFileKind(png, { contentType: null, fileName: "scan.png" })).toBe("png");
    expect(detectResponseFileKind(jpeg, { contentType: "image/jpeg", fileName: "scan.jpeg" })).toBe("jpeg");
    expect(detectResponseFileKind(Buffer.from("a,b\n1,2\n"), { contentType: "text/csv", fileName: "log.csv" })).toBe(
      "csv",
    );
    expect(detectResponseFileKind(Buffer.from("a,b\n1,2\n"), { contentType: "text/plain", fileName: "log.csv" })).toBe(
      "csv",
    );
    expect(
      detectResponseFileKind(Buffer.from('{"a":[1,2]}'), { contentType: "application/json", fileName: "x.json" }),
    ).toBe("json");
    expect(detectResponseFileKind(Buffer.from("hello\n"), { contentType: null, fileName: "notes" })).toBe("txt");
    const prepared = await prepareResponseFile({ bytes: PDF, contentType: "application/pdf", fileName: "report.pdf" });
    expect(prepared).toMatchObject({
      kind: "pdf",
      contentType: "application/pdf",
      name: "report.pdf",
      size: PDF.length,
    });
    expect(prepared.sha256).toBe(crypto.createHash("sha256").update(PDF).digest("hex"));
  });

  it("refuses a declared type or extension that disagrees with the bytes (422), and types it does not take (415)", async () => {
    const png = await noisePng();
    expect(await rejection(png, "application/pdf", "x.pdf")).toBe("type_mismatch");
    expect(await rejection(png, "image/png", "x.pdf")).toBe("type_mismatch"); // extension lies
    expect(await rejection(PDF, "image/png", "x.png")).toBe("type_mismatch");
    expect(await rejection(PDF, "text/html", "x.pdf")).toBe("type_mismatch");
    expect(await rejection(Buffer.from("just text"), "application/pdf", "x.pdf")).toBe("type_mismatch");
    expect(await rejection(Buffer.from("just text"), null, "x.jpg")).toBe("type_mismatch");
    expect(await rejection(Buffer.from('{"a":1}'), "application/json", "x.csv")).toBe("type_mismatch");
    // Text, but a type we never serve: HTML and SVG (script), by Content-Type or extension.
    expect(await rejection(Buffer.from("<html><script>alert(1)</script></html>"), "text/html", "x.html")).toBe(
      "unsupported_type",
    );
    expect(await rejection(Buffer.from("<html></html>"), null, "x.html")).toBe("unsupported_type");
    expect(
      await rejection(
        Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        null,
        "x.svg",
      ),
    ).toBe("unsupported_type");
    // Binary formats we do not take, whatever they are called.
    const gif = await sharp({ create: { width: 4, height: 4, channels: 3, background: "#123456" } })
      .gif()
      .toBuffer();
    expect(await rejection(gif, "image/gif", "x.gif")).toBe("unsupported_type");
    expect(await rejection(gif, "image/png", "x.png")).toBe("type_mismatch");
    const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00]), crypto.randomBytes(64)]);
    expect(await rejection(zip, "application/zip", "x.docx")).toBe("unsupported_type");
    expect(await rejection(zip, null, "x.pdf")).toBe("unsupported_type");
  });

  it("text must be UTF-8 without NUL; JSON must parse", async () => {
    expect(await rejection(Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]), "text/plain", "latin1.txt")).toBe("not_utf8"); // "café" in Latin-1
    expect(await rejection(Buffer.from("a,b\n\u0000,2\n"), "text/csv", "nul.csv")).toBe("not_utf8");
    expect(await rejection(Buffer.from([0xed, 0xa0, 0x80]), null, "surrogate.txt")).toBe("not_utf8"); // an encoded surrogate is not UTF-8
    expect(await rejection(Buffer.from('{"a": 1,'), "application/json", "x.json")).toBe("invalid_json");
    expect(await rejection(Buffer.from('{"a": 1,'), null, "x.json")).toBe("invalid_json");
    // A BOM is fine, and so is real UTF-8 in several scripts.
    expect(await rejection(Buffer.from('\uFEFF{"nom":"Chloé 李"}'), "application/json", "x.json")).toBe("accepted");
    expect(await rejection(Buffer.from("client,date\nBanque d'Épargne,2026-01-02\n"), "text/csv", "x.csv")).toBe(
      "accepted",
    );
  });

  it("empty and oversized files are refused (the latter as 413)", async () => {
    expect(await rejection(Buffer.alloc(0), "text/plain", "x.txt")).toBe("empty_file");
    const big = Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(RESPONSE_FILE_LIMITS.maxFileBytes)]);
    expect(await rejection(big, "application/pdf", "big.pdf")).toBe("file_too_large");
    expect(await rejection(null, "application/pdf", "drained.pdf")).toBe("file_too_large");
    expect(new ResponseFileRejectedError("file_too_large").status).toBe(413);
    expect(new ResponseFileRejectedError("unsupported_type").status).toBe(415);
    expect(new ResponseFileRejectedError("type_mismatch").status).toBe(422);
  });
});

describe("images", () => {
  it("re-encodes JPEG and PNG without their metadata (EXIF, GPS)", async () => {
    const jpeg = await jpegWithExif();
    expect((await sharp(jpeg).metadata()).exif).toBeDefined();
    expect(jpeg.includes(Buffer.from("SecretCam"))).toBe(true);
    const out = await prepareResponseFile({ bytes: jpeg, contentType: "image/jpeg", fileName: "scan.jpg" });
    expect(out.kind).toBe("jpeg");
    const meta = await sharp(out.bytes).metadata();
    expect(meta.format).toBe("jpeg");
    expect(meta.exif).toBeUndefined();
    expect(out.bytes.includes(Buffer.from("SecretCam"))).toBe(false);
    expect(out.bytes.includes(Buffer.from("home of the resident"))).toBe(false);
    expect(out.sha256).toBe(crypto.createHash("sha256").update(out.bytes).digest("hex"));

    const png = await sharp(await noisePng())
      .withMetadata({ exif: { IFD0: { Make: "SecretCam" } } })
      .png()
      .toBuffer();
    expect(png.includes(Buffer.from("SecretCam"))).toBe(true);
    const outPng = await prepareResponseFile({ bytes: png, contentType: "image/png", fileName: "screen.png" });
    expect(outPng.contentType).toBe("image/png");
    expect((await sharp(outPng.bytes).metadata()).format).toBe("png");
    expect(outPng.bytes.includes(Buffer.from("SecretCam"))).toBe(false);
  });

  it("refuses truncated PNG and JPEG", async () => {
    const png = await noisePng();
    const jpeg = await jpegWithExif();
    expect(await rejection(png.subarray(0, Math.floor(png.length / 2)), "image/png", "cut.png")).toBe("corrupt_image");
    expect(await rejection(jpeg.subarray(0, Math.floor(jpeg.length / 2)), "image/jpeg", "cut.jpg")).toBe(
      "corrupt_image",
    );
    expect(await rejection(png.subarray(0, 12), "image/png", "head.png")).toBe("corrupt_image");
    // The originals are fine.
    expect(await rejection(png, "image/png", "ok.png")).toBe("accepted");
    expect(await rejection(jpeg, "image/jpeg", "ok.jpg")).toBe("accepted");
  });

  it("refuses a pixel bomb from its header, without decoding it", async () => {
    const bomb = pixelBombPng(30000, 30000);
    expect(bomb.length).toBeLessThan(4096);
    const started = process.hrtime.bigint();
    expect(await rejection(bomb, "image/png", "bomb.png")).toBe("too_many_pixels");
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(2000);
  });
});

describe("file names", () => {
  it("keeps the last path segment only, drops control and bidi characters, caps the length", () => {
    expect(sanitizeFileName("../../etc/passwd.pdf", "pdf")).toBe("passwd.pdf");
    expect(sanitizeFileName("C:\\Users\\x\\report.pdf", "pdf")).toBe("report.pdf");
    expect(sanitizeFileName("in\u0000voice\r\n.pdf", "pdf")).toBe("invoice.pdf");
    // "annexe\u202Efdp.exe" displays as "annexeexe.pdf": the override is removed, and the real type's extension added.
    expect(sanitizeFileName("annexe\u202Efdp.exe", "pdf")).toBe("annexefdp.exe.pdf");
    expect(sanitizeFileName("a\u2066b\u2069c\u200Bd.txt", "txt")).toBe("abcd.txt");
    expect(sanitizeFileName(".htaccess", "txt")).toBe("htaccess.txt");
    expect(sanitizeFileName('a<b>c:"d"|e?f*.csv', "csv")).toBe("a_b_c__d__e_f_.csv");
    expect(sanitizeFileName("", "json")).toBe("file.json");
    expect(sanitizeFileName("...", "pdf")).toBe("file.pdf");
    expect(sanitizeFileName("photo.JPG", "jpeg")).toBe("photo.jpg");
    expect(sanitizeFileName("Relevé d'accès — été.pdf", "pdf")).toBe("Relevé d'accès — été.pdf");
    const long = sanitizeFileName(`${"é".repeat(300)}.pdf`, "pdf");
    expect(Array.from(long).length).toBe(RESPONSE_FILE_LIMITS.maxNameLength);
    expect(long.endsWith(".pdf")).toBe(true);
    // Never splits a surrogate pair when cutting.
    const emoji = sanitizeFileName(`${"😀".repeat(200)}.txt`, "txt");
    expect(emoji.isWellFormed()).toBe(true);
  });

  it("sends the exact name as RFC 8187 filename* with an ASCII fallback", () => {
    const header = contentDisposition('Relevé "final" 100%.pdf');
    expect(header).toBe(
      `attachment; filename="Relev_ _final_ 100_.pdf"; filename*=UTF-8''Relev%C3%A9%20%22final%22%20100%25.pdf`,
    );
    expect(/^[\x20-\x7e]+$/.test(header)).toBe(true);
  });
});

describe("storing", () => {
  function insertAccessRequest(): number {
    const v = insertVendor(portal.handle);
    const db = portal.handle.sqlite;
    const filing = Number(
      db
        .prepare(
          "INSERT INTO filings (idempotency_key, full_name, email, locale, jurisdiction, created_at) VALUES (?, 'R', 'r@example.com', 'en', 'CA-QC', 0)",
        )
        .run(crypto.randomUUID()).lastInsertRowid,
    );
    return Number(
      db
        .prepare(
          "INSERT INTO requests (reference, filing_id, vendor_id, type, jurisdiction, status, statutory, received_at, created_at, updated_at) VALUES (?, ?, ?, 'access', 'CA-QC', 'received', 1, 0, 0, 0)",
        )
        .run(`BR-2026-${String(Math.floor(Math.random() * 1e6)).padStart(6, "0")}`, filing, v.id).lastInsertRowid,
    );
  }
  const actor = { actorType: "staff" as const, actorId: null };
  const text = async (s: string) =>
    prepareResponseFile({ bytes: Buffer.from(s), contentType: "text/plain", fileName: `${s}.txt` });

  it("enforces 20 files per request, refuses duplicates, writes an audit row per file, and keeps nothing of a refused batch", async () => {
    const requestId = insertAccessRequest();
    const opts = { now: portal.now(), actor, recheck: () => undefined };
    const first = await Promise.all(Array.from({ length: 19 }, (_, i) => text(`file ${i}`)));
    expect(storeResponseFiles(requestId, first, opts)).toHaveLength(19);
    const count = () =>
      (
        portal.handle.sqlite
          .prepare("SELECT count(*) AS n FROM attachments WHERE request_id = ? AND purged_at IS NULL")
          .get(requestId) as { n: number }
      ).n;
    const audits = () =>
      (
        portal.handle.sqlite
          .prepare("SELECT count(*) AS n FROM audit_events WHERE action = 'response_file.stored'")
          .get() as { n: number }
      ).n;
    expect(audits()).toBe(19);
    expect(() => storeResponseFiles(requestId, [first[0]!], opts)).toThrow(
      expect.objectContaining({ reason: "duplicate_file" }),
    );
    expect(() =>
      storeResponseFiles(
        requestId,
        [first[0]!, first[0]!].map((f, i) => ({ ...f, sha256: `${i}`.padStart(64, "0") })),
        opts,
      ),
    ).toThrow(expect.objectContaining({ reason: "too_many_files" }));
    expect(count()).toBe(19);
    storeResponseFiles(requestId, [await text("the twentieth")], opts);
    expect(() => storeResponseFiles(requestId, [{ ...first[0]!, sha256: "f".repeat(64) }], opts)).toThrow(
      expect.objectContaining({ reason: "too_many_files" }),
    );
    expect(count()).toBe(20);
    expect(audits()).toBe(20);
    // Audit details hold ids, codes, size and hash; never the file name.
    const details = portal.handle.sqlite
      .prepare("SELECT details FROM audit_events WHERE action = 'response_file.stored'")
      .all() as { details: string }[];
    expect(details.every((d) => !d.details.includes("file 1"))).toBe(true);
    // The refused batches' ciphertexts were shredded: only 20 files on disk, all referenced.
    expect(sweepOrphanFiles({ graceMs: 0 })).toBe(0);
  });

  it("enforces 50 MB per request", async () => {
    const requestId = insertAccessRequest();
    const opts = { now: portal.now(), actor, recheck: () => undefined };
    const nineMb = (n: number) => Buffer.concat([Buffer.from(`%PDF-1.7 ${n}\n`), Buffer.alloc(9 * 1024 * 1024, n)]);
    const five = await Promise.all(
      [1, 2, 3, 4, 5].map((n) =>
        prepareResponseFile({ bytes: nineMb(n), contentType: "application/pdf", fileName: `${n}.pdf` }),
      ),
    );
    storeResponseFiles(requestId, five, opts); // 45 MB
    const sixth = await prepareResponseFile({ bytes: nineMb(6), contentType: "application/pdf", fileName: "6.pdf" });
    let err: unknown;
    try {
      storeResponseFiles(requestId, [sixth], opts);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ResponseFileRejectedError);
    expect(err).toMatchObject({ reason: "total_too_large", status: 413 });
  });

  it("the photo purge leaves response files of closed requests alone (they stay with the record)", async () => {
    const requestId = insertAccessRequest();
    const [stored] = storeResponseFiles(requestId, [await text("kept")], {
      now: portal.now(),
      actor,
      recheck: () => undefined,
    });
    portal.handle.sqlite.prepare("UPDATE requests SET status = 'fulfilled', closed_at = 0 WHERE id = ?").run(requestId);
    portal.setNow("2027-06-01T00:00:00Z");
    expect(listPhotosDueForPurge(portal.now(), 0)).toEqual([]);
    const steps = [...photoPurgeStep.run({ now: portal.now() } as never)];
    expect(steps).toEqual([]);
    expect(portal.handle.sqlite.prepare("SELECT purged_at FROM attachments WHERE id = ?").get(stored!.id)).toEqual({
      purged_at: null,
    });
    expect(sweepOrphanFiles({ graceMs: 0 })).toBe(0);
  });
});
