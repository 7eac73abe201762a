/**
 * Reference face photos: the most sensitive thing the portal holds (biometric identifiers under
 * BIPA, sensitive personal information under CCPA, Québec Law 25 and GDPR art. 9).
 *
 * Life of a photo (UP-01..07, DP-02, IDV-04..06 of the shared security reference):
 *   1. `sanitizePhoto` (async, BEFORE any transaction): size cap, type judged by magic bytes
 *      only (JPEG / PNG / WebP), pixel cap read from the header before any decode, full decode
 *      with sharp (`failOn: 'error'` refuses truncated/corrupt data), auto-orient, re-encode to
 *      a fresh JPEG that carries no metadata at all (EXIF, GPS, XMP, IPTC, ICC, comments).
 *   2. `storeEncrypted` (security/encrypted-files.server.ts): AES-256-GCM under DATA_KEY, random name,
 *      0600 in FILES_DIR, atomic write.
 *   3. `recordPhotoAttachment` inside the filing transaction: the row + a `photo.stored` audit
 *      row. The uploaded file name is never kept.
 *   4. `listPhotosDueForPurge` + `destroyPhoto` (sweep): 30 days after the request closed the
 *      row is tombstoned (`purged_at`), audited (`photo.destroyed`), the ciphertext overwritten
 *      and unlinked, and a receipt returned for the resident.
 *   5. `sweepOrphanFiles`: ciphertexts no live row references (crash leftovers) are removed.
 */
import crypto from "node:crypto";
import sharp, { type Metadata } from "sharp";
import { appendAudit } from "../audit/audit-chain.server";
import { getSqlite, inTransaction, prepareCached } from "../core/db.server";
import { notFound } from "../core/errors.server";
import { readAll, readOne, type AttachmentRow, type RequestRow } from "../core/rows.server";
import { isStorageName, listStoredFiles, readDecrypted, shredStoredFile } from "../security/encrypted-files.server";

export { readDecrypted, storeEncrypted } from "../security/encrypted-files.server";

/** Checked on the buffer; the upload handler's maxPartSize (UP-01) should use the same value. */
export const PHOTO_MAX_BYTES = 8 * 1024 * 1024;

/**
 * 50 megapixels (sharp's default limit is ~268 MP, i.e. 16383×16383).
 * - High enough for every mainstream phone sensor at full resolution: 12 MP and 24 MP
 *   defaults, 48 MP (8064×6048 = 48.8 MP) and 50 MP (8160×6120 = 49.9 MP) modes.
 *   200 MP modes are out, but such files rarely fit under PHOTO_MAX_BYTES anyway and a face
 *   match needs a tiny fraction of those pixels.
 * - Low enough to bound one decode: 50 MP × 3 bytes ≈ 150 MB of pixels in the worst case (a
 *   90° auto-orient needs the whole image in memory), and decodes are serialised
 *   (MAX_CONCURRENT_DECODES), so a burst of uploads cannot exhaust the host.
 * - A 20000×20000 (400 MP) or 30000×30000 (900 MP) header is refused from the header alone.
 */
export const PHOTO_MAX_PIXELS = 50_000_000;

/** Days a photo is kept after its request closed (IDV-06). */
export const PHOTO_RETENTION_DAYS = 30;

/** Unreferenced files younger than this are left alone: they may be between store and record. */
export const ORPHAN_GRACE_MS = 60 * 60_000;

const MAX_CONCURRENT_DECODES = 2;
const JPEG_QUALITY = 90;
const DAY_MS = 24 * 60 * 60_000;

// libvips' operation cache would keep decoded face pixels in memory after a request is done.
sharp.cache(false);

export type PhotoRejection = "too_large" | "not_an_image" | "unsupported_type" | "too_many_pixels" | "corrupt";

export class PhotoRejectedError extends Error {
  constructor(
    readonly reason: PhotoRejection,
    message: string = reason,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "PhotoRejectedError";
  }
}

type AcceptedType = "jpeg" | "png" | "webp";

/** Magic-byte sniffing: the only thing that decides what a file is (never its name or Content-Type). */
export function sniffImageType(buf: Buffer): AcceptedType | "unsupported" | "not_an_image" {
  const at = (offset: number, bytes: number[]) => bytes.every((b, i) => buf[offset + i] === b);
  const ascii = (offset: number, s: string) =>
    buf.length >= offset + s.length && buf.toString("latin1", offset, offset + s.length) === s;
  if (at(0, [0xff, 0xd8, 0xff])) return "jpeg";
  if (at(0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "png";
  if (ascii(0, "RIFF") && ascii(8, "WEBP")) return "webp";
  // Other image formats: recognised, and refused as such.
  if (ascii(0, "GIF87a") || ascii(0, "GIF89a")) return "unsupported";
  if (ascii(0, "BM")) return "unsupported"; // BMP
  if (at(0, [0x49, 0x49, 0x2a, 0x00]) || at(0, [0x4d, 0x4d, 0x00, 0x2a])) return "unsupported"; // TIFF (and most camera RAW)
  if (at(0, [0x00, 0x00, 0x01, 0x00])) return "unsupported"; // ICO
  if (ascii(0, "8BPS")) return "unsupported"; // PSD
  if (at(0, [0xff, 0x0a]) || at(0, [0x00, 0x00, 0x00, 0x0c, 0x4a, 0x58, 0x4c, 0x20])) return "unsupported"; // JPEG XL
  if (ascii(4, "ftyp")) {
    const brand = buf.toString("latin1", 8, 12);
    if (/^(heic|heix|hevc|hevx|heim|heis|mif1|msf1|avif|avis)$/.test(brand)) return "unsupported"; // HEIC / AVIF
    return "not_an_image"; // MP4, MOV…
  }
  // Text formats: SVG is an image format we never accept (it is a document that can run
  // script); HTML, XML, PDF and everything else is simply not an image.
  const head = buf
    .toString("latin1", 0, Math.min(buf.length, 4096))
    .replace(/^\uFEFF|^\xEF\xBB\xBF/, "")
    .toLowerCase();
  if (!/<!doctype\s+html|<html[\s>]/.test(head) && /<svg[\s>/]/.test(head)) return "unsupported";
  return "not_an_image";
}

let activeDecodes = 0;
const waiting: (() => void)[] = [];
async function withDecodeSlot<T>(work: () => Promise<T>): Promise<T> {
  if (activeDecodes >= MAX_CONCURRENT_DECODES) await new Promise<void>((resolve) => waiting.push(resolve));
  else activeDecodes += 1;
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next)
      next(); // hand the slot over without releasing it
    else activeDecodes -= 1;
  }
}

function rejectionFromSharp(err: unknown): PhotoRejectedError {
  const message = err instanceof Error ? err.message : String(err);
  if (/pixel limit/i.test(message))
    return new PhotoRejectedError("too_many_pixels", "image has too many pixels", { cause: err });
  if (/unsupported image format/i.test(message))
    return new PhotoRejectedError("not_an_image", "not an image", { cause: err });
  return new PhotoRejectedError("corrupt", "image could not be decoded (truncated or corrupt)", { cause: err });
}

/**
 * Validates by content and rewrites the image: returns a clean JPEG (no metadata of any kind,
 * orientation applied to the pixels), its SHA-256 and its dimensions. Throws PhotoRejectedError.
 */
export async function sanitizePhoto(
  input: Buffer,
): Promise<{ jpeg: Buffer; sha256: string; width: number; height: number }> {
  if (!Buffer.isBuffer(input)) throw new TypeError("sanitizePhoto expects a Buffer");
  if (input.length > PHOTO_MAX_BYTES)
    throw new PhotoRejectedError("too_large", `image is larger than ${PHOTO_MAX_BYTES} bytes`);
  const sniffed = sniffImageType(input);
  if (sniffed === "not_an_image") throw new PhotoRejectedError("not_an_image", "not a JPEG, PNG or WebP image");
  if (sniffed === "unsupported")
    throw new PhotoRejectedError("unsupported_type", "only JPEG, PNG and WebP images are accepted");

  const decodeOptions = {
    failOn: "error",
    limitInputPixels: PHOTO_MAX_PIXELS,
    sequentialRead: true,
    pages: 1,
  } as const;

  // 1. Header only: no pixel is decoded here, so a 20000×20000 "pixel bomb" costs nothing.
  let meta: Metadata;
  try {
    meta = await sharp(input, { ...decodeOptions, limitInputPixels: false }).metadata();
  } catch (err) {
    throw rejectionFromSharp(err);
  }
  if (meta.format !== sniffed) throw new PhotoRejectedError("corrupt", "image content does not match its signature");
  const w = meta.width ?? 0;
  const h = meta.pageHeight ?? meta.height ?? 0;
  if (w <= 0 || h <= 0) throw new PhotoRejectedError("corrupt", "image has no dimensions");
  if (w * h > PHOTO_MAX_PIXELS)
    throw new PhotoRejectedError("too_many_pixels", `image has more than ${PHOTO_MAX_PIXELS} pixels`);

  // 2. Full decode + rewrite. limitInputPixels is kept as a second guard; failOn 'error' also
  //    covers truncation. 'warning' (sharp's default) would refuse many genuine phone photos
  //    over benign decoder warnings, and buys little here: only decoded pixels survive.
  const { data, info } = await withDecodeSlot(async () => {
    try {
      return await sharp(input, decodeOptions)
        .rotate() // auto-orient from EXIF BEFORE metadata is dropped (sharp drops orientation too)
        .flatten({ background: "#ffffff" }) // transparent PNG/WebP: white, not black
        .toColourspace("srgb")
        // No keepMetadata/keepExif/keepIccProfile/withXmp: sharp writes none of it by default.
        .jpeg({ quality: JPEG_QUALITY, chromaSubsampling: "4:2:0" })
        .toBuffer({ resolveWithObject: true });
    } catch (err) {
      throw rejectionFromSharp(err);
    }
  });
  if (info.format !== "jpeg" || !(data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff)) {
    throw new PhotoRejectedError("corrupt", "re-encoding failed");
  }
  return {
    jpeg: data,
    sha256: crypto.createHash("sha256").update(data).digest("hex"),
    width: info.width,
    height: info.height,
  };
}

function assertInTransaction(fn: string): void {
  if (!getSqlite().inTransaction) throw new Error(`${fn} must run inside the caller's inTransaction()`);
}

/**
 * Inserts the attachment row for a sanitized, stored photo (and its `photo.stored` audit row)
 * inside the caller's transaction. The uploaded file name is never stored.
 */
export function recordPhotoAttachment(input: {
  requestId: number;
  storageName: string;
  size: number;
  sha256: string;
  at: Date;
}): number {
  assertInTransaction("recordPhotoAttachment");
  if (!isStorageName(input.storageName)) throw new Error("invalid storage name");
  if (!/^[0-9a-f]{64}$/.test(input.sha256)) throw new Error("sha256 must be 64 lowercase hex characters");
  if (!Number.isSafeInteger(input.size) || input.size <= 0 || input.size > PHOTO_MAX_BYTES * 4)
    throw new Error("invalid size");
  const sqlite = getSqlite();
  const request = readOne<Pick<RequestRow, "id" | "vendor_id">>(
    prepareCached(sqlite, "SELECT id, vendor_id FROM requests WHERE id = ?"),
    input.requestId,
  );
  if (!request) throw notFound("Request not found");
  const at = input.at.getTime();
  const id = Number(
    prepareCached(
      sqlite,
      `INSERT INTO attachments (request_id, message_id, kind, storage_name, content_type, size, sha256, original_name, created_at, purged_at)
         VALUES (?, NULL, 'reference_photo', ?, 'image/jpeg', ?, ?, NULL, ?, NULL)`,
    ).run(input.requestId, input.storageName, input.size, input.sha256, at).lastInsertRowid,
  );
  appendAudit({
    at: input.at,
    actorType: "resident",
    vendorId: request.vendor_id,
    action: "photo.stored",
    objectType: "attachment",
    objectId: id,
    details: { attachmentId: id, requestId: input.requestId, sha256: input.sha256, size: input.size },
  });
  return id;
}

type PhotoRow = Pick<AttachmentRow, "id" | "request_id" | "kind" | "storage_name" | "size" | "sha256" | "purged_at"> &
  Pick<RequestRow, "vendor_id">;

/**
 * Decrypts a live reference photo for viewing/download and writes a `photo.viewed` audit row
 * (IDV-05: every view is logged with actor and time). Authorisation stays with the caller;
 * when `vendorId` is given, a photo of another vendor's request is "not found" (no oracle).
 * The plaintext's SHA-256 must match the row's, so a swapped or corrupted file never shows.
 * The decryption happens before the audit transaction; the bytes are returned only after
 * the audit row committed.
 */
export function openPhotoForViewing(
  attachmentId: number,
  opts: {
    now: Date;
    actor: "staff" | "resident" | "regulator" | "admin";
    actorId?: string | number | null;
    vendorId?: number;
    filesDir?: string;
  },
): { jpeg: Buffer; contentType: "image/jpeg"; sha256: string; requestId: number } {
  const sqlite = getSqlite();
  const load = () =>
    readOne<PhotoRow>(
      prepareCached(
        sqlite,
        `SELECT a.id, a.request_id, a.kind, a.storage_name, a.size, a.sha256, a.purged_at, r.vendor_id
         FROM attachments a JOIN requests r ON r.id = a.request_id WHERE a.id = ?`,
      ),
      attachmentId,
    );
  const isVisible = (r: PhotoRow | undefined): r is PhotoRow =>
    !!r &&
    r.kind === "reference_photo" &&
    r.purged_at === null &&
    (opts.vendorId === undefined || r.vendor_id === opts.vendorId);
  const row = load();
  if (!isVisible(row)) throw notFound("Photo not found");
  const jpeg = readDecrypted(row.storage_name, { filesDir: opts.filesDir });
  if (crypto.createHash("sha256").update(jpeg).digest("hex") !== row.sha256)
    throw new Error("stored photo does not match its recorded SHA-256");
  inTransaction(() => {
    if (!isVisible(load())) throw notFound("Photo not found"); // destroyed meanwhile
    appendAudit({
      at: opts.now,
      actorType: opts.actor,
      actorId: opts.actorId ?? null,
      vendorId: row.vendor_id,
      action: "photo.viewed",
      objectType: "attachment",
      objectId: row.id,
      details: { attachmentId: row.id, requestId: row.request_id },
    });
  });
  return { jpeg, contentType: "image/jpeg", sha256: row.sha256, requestId: row.request_id };
}

export interface PhotoReceipt {
  attachmentId: number;
  requestId: number;
  /** SHA-256 of the destroyed JPEG, as recorded when it was stored. */
  sha256: string;
  destroyedAt: string;
  what: string;
  /** False only if unlinking failed; the orphan sweep will remove the ciphertext later. */
  fileRemoved: boolean;
}

/**
 * Destroys a reference photo. Returns a receipt, or null if it was already destroyed.
 *
 * Ordering: the row is tombstoned and audited first (one IMMEDIATE transaction), the file is
 * deleted after that commit. The reverse order could, on a crash or rollback, leave a live row
 * pointing at a deleted file (a photo the vendor "has" but cannot open, and no audit record
 * of its destruction). In this order a crash between the two steps leaves only an orphan
 * ciphertext, unreadable without the key and referenced by no live row, which
 * `sweepOrphanFiles` removes on its next run.
 */
export function destroyPhoto(
  attachmentId: number,
  opts: { now: Date; actor: "system" | "staff" | "resident"; actorId?: string | number | null; filesDir?: string },
): PhotoReceipt | null {
  const sqlite = getSqlite();
  const row = inTransaction(() => {
    const r = readOne<PhotoRow>(
      prepareCached(
        sqlite,
        `SELECT a.id, a.request_id, a.kind, a.storage_name, a.size, a.sha256, a.purged_at, r.vendor_id
         FROM attachments a JOIN requests r ON r.id = a.request_id WHERE a.id = ?`,
      ),
      attachmentId,
    );
    if (!r || r.kind !== "reference_photo") throw notFound("Photo not found");
    if (r.purged_at !== null) return null;
    prepareCached(sqlite, "UPDATE attachments SET purged_at = ? WHERE id = ? AND purged_at IS NULL").run(
      opts.now.getTime(),
      r.id,
    );
    appendAudit({
      at: opts.now,
      actorType: opts.actor,
      actorId: opts.actorId ?? null,
      vendorId: r.vendor_id,
      action: "photo.destroyed",
      objectType: "attachment",
      objectId: r.id,
      details: { attachmentId: r.id, requestId: r.request_id, sha256: r.sha256, size: r.size },
    });
    return r;
  });
  if (!row) return null;
  let fileRemoved = false;
  try {
    fileRemoved = shredStoredFile(row.storage_name, { filesDir: opts.filesDir });
  } catch {
    fileRemoved = false; // committed tombstone; sweepOrphanFiles retries the unlink
  }
  return {
    attachmentId: row.id,
    requestId: row.request_id,
    sha256: row.sha256,
    destroyedAt: opts.now.toISOString(),
    what: `reference face photo (JPEG, ${row.size} bytes)`,
    fileRemoved,
  };
}

/** Live reference photos whose request closed more than `retentionDays` before `now`. */
export function listPhotosDueForPurge(
  now: Date,
  retentionDays: number = PHOTO_RETENTION_DAYS,
): { attachmentId: number; requestId: number }[] {
  if (!Number.isFinite(retentionDays) || retentionDays < 0) throw new RangeError("retentionDays must be >= 0");
  const cutoff = now.getTime() - retentionDays * DAY_MS;
  return readAll<{ attachmentId: AttachmentRow["id"]; requestId: AttachmentRow["request_id"] }>(
    prepareCached(
      getSqlite(),
      `SELECT a.id AS "attachmentId", a.request_id AS "requestId"
       FROM attachments a JOIN requests r ON r.id = a.request_id
       WHERE a.kind = 'reference_photo' AND a.purged_at IS NULL
         AND r.closed_at IS NOT NULL AND r.closed_at < ?
       ORDER BY a.id`,
    ),
    cutoff,
  );
}

/**
 * Removes files in the files directory that no live attachments row references: ciphertexts
 * of tombstoned rows whose unlink was interrupted, stores whose transaction never committed,
 * and `.tmp-*` leftovers of interrupted writes. Files younger than `graceMs` (file system
 * time, i.e. the wall clock, not the injected clock) are kept: they may be between
 * `storeEncrypted` and the commit that records them. Files with names this module never
 * writes are ignored. Returns the number of files removed.
 */
export function sweepOrphanFiles(opts: { filesDir?: string; graceMs?: number; nowMs?: number } = {}): number {
  const graceMs = opts.graceMs ?? ORPHAN_GRACE_MS;
  const nowMs = opts.nowMs ?? Date.now();
  // Listing files first, then reading the live names: a file stored in between is young (grace).
  const files = listStoredFiles({ filesDir: opts.filesDir });
  if (files.length === 0) return 0;
  const live = new Set(
    readAll<Pick<AttachmentRow, "storage_name">>(
      prepareCached(getSqlite(), "SELECT storage_name FROM attachments WHERE purged_at IS NULL"),
    ).map((r) => r.storage_name),
  );
  let removed = 0;
  for (const f of files) {
    if (!f.temp && live.has(f.name)) continue;
    if (nowMs - f.mtimeMs < graceMs) continue;
    shredStoredFile(f.name, { filesDir: opts.filesDir });
    removed += 1;
  }
  return removed;
}
