/**
 * What a file that vendor staff attach to an access answer (kind 'response_file') may be, and how
 * it is made safe before it is kept: its type is decided from its bytes, images are re-encoded
 * without their metadata, and its name is cleaned. Storing, listing and reading the files is
 * response-file-store.server.ts; reading them off an HTTP body is response-file-uploads.server.ts.
 *
 * Rules:
 * - Types: PDF, PNG, JPEG, CSV, JSON, plain text. The type is decided from the bytes (PDF
 *   `%PDF-`, PNG signature, JPEG SOI + marker; text must be valid UTF-8 without NUL, JSON must
 *   parse). The client's Content-Type and the file name's extension are claims: a claim that
 *   disagrees with the bytes is refused, and they only choose between text types (the bytes
 *   cannot tell CSV from plain text).
 * - Size: 10 MB per file (cut off while streaming), 20 live files and 50 MB per access request.
 * - Images are decoded and re-encoded with sharp (no EXIF/GPS/XMP/ICC survives), with the
 *   reference photos' pixel cap read from the header before any decode.
 * - The original name is kept only after sanitising (no path, control or bidi characters, an
 *   extension that matches the real type, 120 characters at most) and is sent back with
 *   `filename*=UTF-8''…`. It never goes into the audit chain (it is free text).
 * - Every refusal is a ResponseFileRejectedError with a code, an HTTP status (400/409/413/415/
 *   422, never 500) and a translation key for the form.
 */
import crypto from "node:crypto";
import sharp, { type Metadata } from "sharp";
import { RESPONSE_FILE_LIMITS, type ResponseFileContentType } from "~/domain/packages";
import { PHOTO_MAX_PIXELS, sniffImageType } from "../resident/reference-photos.server";

export { RESPONSE_FILE_LIMITS };

export type ResponseFileKind = "pdf" | "png" | "jpeg" | "csv" | "json" | "txt";

/** Canonical media type and the extensions that name it (the first is added when missing). */
export const RESPONSE_FILE_KINDS: Record<
  ResponseFileKind,
  { contentType: ResponseFileContentType; extensions: readonly string[] }
> = {
  pdf: { contentType: "application/pdf", extensions: ["pdf"] },
  png: { contentType: "image/png", extensions: ["png"] },
  jpeg: { contentType: "image/jpeg", extensions: ["jpg", "jpeg", "jpe"] },
  csv: { contentType: "text/csv", extensions: ["csv"] },
  json: { contentType: "application/json", extensions: ["json"] },
  txt: { contentType: "text/plain", extensions: ["txt", "text"] },
};

export type ResponseFileRejection =
  | "missing_file"
  | "empty_file"
  | "file_too_large"
  | "total_too_large"
  | "too_many_files"
  | "unsupported_type"
  | "type_mismatch"
  | "not_utf8"
  | "invalid_json"
  | "corrupt_image"
  | "too_many_pixels"
  | "duplicate_file";

/** The HTTP answer for each refusal (the API uses it; the form shows the translated key). */
export const REJECTION_STATUS: Record<ResponseFileRejection, 400 | 409 | 413 | 415 | 422> = {
  missing_file: 400,
  empty_file: 422,
  file_too_large: 413,
  total_too_large: 413,
  too_many_files: 422,
  unsupported_type: 415,
  type_mismatch: 422,
  not_utf8: 422,
  invalid_json: 422,
  corrupt_image: 422,
  too_many_pixels: 422,
  duplicate_file: 409,
};

export class ResponseFileRejectedError extends Error {
  readonly status: 400 | 409 | 413 | 415 | 422;
  constructor(
    readonly reason: ResponseFileRejection,
    /** The (sanitised) name of the file concerned, when there is one: shown next to the message. */
    readonly fileName: string | null = null,
    options?: { cause?: unknown },
  ) {
    super(reason, options);
    this.name = "ResponseFileRejectedError";
    this.status = REJECTION_STATUS[reason];
  }

  /** Translation key of the form message (en + fr-CA). */
  get messageKey(): string {
    return `responseFiles.errors.${this.reason}`;
  }
}

// --- File names ---------------------------------------------------------------------------

const MIME_ALIASES: Record<string, ResponseFileKind> = {
  "application/pdf": "pdf",
  "image/png": "png",
  "image/jpeg": "jpeg",
  "image/jpg": "jpeg",
  "image/pjpeg": "jpeg",
  "text/csv": "csv",
  "text/x-csv": "csv",
  "application/csv": "csv",
  // What Windows browsers send for .csv when Excel is installed.
  "application/vnd.ms-excel": "csv",
  "application/json": "json",
  "text/json": "json",
  "text/plain": "txt",
};

/** What a Content-Type claims: a kind, "other" (a type we never accept), or null (no claim). */
export function kindFromContentType(contentType: string | null | undefined): ResponseFileKind | "other" | null {
  const mime = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (mime === "" || mime === "application/octet-stream" || mime === "binary/octet-stream") return null;
  return MIME_ALIASES[mime] ?? "other";
}

function splitExtension(name: string): { base: string; ext: string | null } {
  const m = /^(.*)\.([A-Za-z0-9]{1,10})$/.exec(name);
  return m && m[1] ? { base: m[1], ext: m[2]!.toLowerCase() } : { base: name, ext: null };
}

/** What a file name's extension claims (same answers as kindFromContentType). */
export function kindFromFileName(name: string | null | undefined): ResponseFileKind | "other" | null {
  const { ext } = splitExtension(stripUnsafeCharacters(name ?? ""));
  if (!ext) return null;
  for (const [kind, d] of Object.entries(RESPONSE_FILE_KINDS) as [
    ResponseFileKind,
    (typeof RESPONSE_FILE_KINDS)[ResponseFileKind],
  ][]) {
    if (d.extensions.includes(ext)) return kind;
  }
  return "other";
}

function stripUnsafeCharacters(raw: string): string {
  return (
    raw
      .normalize("NFC")
      // Lone surrogates (not encodable), control characters (C0, DEL, C1) and format characters:
      // bidi overrides/isolates (U+202A–202E, U+2066–2069) that make "exe.pdf" look like "fdp.exe",
      // zero-width characters, the BOM, soft hyphens.
      .replace(/\p{Cs}/gu, "")
      .replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, "")
  );
}

/** The last path segment, without unsafe characters, leading dots or trailing dots/spaces. */
export function cleanFileName(raw: string | null | undefined): string {
  const lastSegment = (raw ?? "").split(/[/\\]/).pop() ?? "";
  return stripUnsafeCharacters(lastSegment)
    .replace(/[<>:"|?*]/g, "_")
    .replace(/\s+/g, " ")
    .replace(/^[.\s]+/, "")
    .replace(/[.\s]+$/, "");
}

/**
 * The name a file is kept and served under: the last path segment only, without control, bidi
 * or zero-width characters, without characters Windows refuses in names, no leading dots
 * (hidden files), at most 120 characters, and ending in an extension of its real type (one is
 * appended when the given one names something else, so "x.exe" holding a PDF becomes
 * "x.exe.pdf" and is never opened as a program).
 */
export function sanitizeFileName(raw: string | null | undefined, kind: ResponseFileKind): string {
  const cleaned = cleanFileName(raw);
  const allowed = RESPONSE_FILE_KINDS[kind].extensions;
  const split = splitExtension(cleaned);
  const keepsExtension = split.ext !== null && allowed.includes(split.ext);
  const ext = keepsExtension ? split.ext! : allowed[0]!;
  const base = keepsExtension ? split.base : cleaned;
  const room = RESPONSE_FILE_LIMITS.maxNameLength - ext.length - 1;
  // Cut by code points, so an emoji or accented letter is never split in half.
  const cut = Array.from(base)
    .slice(0, room)
    .join("")
    .replace(/[.\s]+$/, "");
  return `${cut === "" ? "file" : cut}.${ext}`;
}

/** `attachment` with an ASCII fallback name and the exact name as RFC 8187 `filename*`. */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\%]/g, "_");
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

// --- Content checks -----------------------------------------------------------------------

function decodeUtf8Text(bytes: Buffer): string | null {
  if (bytes.includes(0)) return null;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes); // also drops a leading BOM
  } catch {
    return null;
  }
}

/** Decides the file's kind from its bytes and the claims made about it; throws when they disagree. */
export function detectResponseFileKind(
  bytes: Buffer,
  claims: { contentType?: string | null; fileName?: string | null },
): ResponseFileKind {
  const byType = kindFromContentType(claims.contentType);
  const byName = kindFromFileName(claims.fileName);
  const name = claims.fileName ?? null;
  const isText = (k: ResponseFileKind | "other" | null) => k === "csv" || k === "json" || k === "txt";

  let binary: "pdf" | "png" | "jpeg" | null = null;
  if (bytes.subarray(0, 5).toString("latin1") === "%PDF-") binary = "pdf";
  else if (
    bytes.length >= 8 &&
    bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  )
    binary = "png";
  // SOI followed by the start of a marker segment.
  else if (
    bytes.length >= 4 &&
    bytes[0] === 0xff &&
    bytes[1] === 0xd8 &&
    bytes[2] === 0xff &&
    bytes[3] !== 0xff &&
    bytes[3] !== 0x00
  )
    binary = "jpeg";

  if (binary) {
    // A declared type or a known extension naming something else is a lie about the bytes.
    if (byType !== null && byType !== binary) throw new ResponseFileRejectedError("type_mismatch", name);
    if (byName !== null && byName !== "other" && byName !== binary)
      throw new ResponseFileRejectedError("type_mismatch", name);
    return binary;
  }
  // Other image formats (WebP, GIF, SVG, HEIC…): recognised, and not accepted.
  const image = sniffImageType(bytes);
  if (image !== "not_an_image")
    throw new ResponseFileRejectedError(
      byType === "png" || byType === "jpeg" ? "type_mismatch" : "unsupported_type",
      name,
    );

  const text = decodeUtf8Text(bytes);
  if (text === null) {
    // Claimed as text but is not UTF-8 text: say so; anything else is a type we do not take.
    if (isText(byType) || (byType === null && isText(byName))) throw new ResponseFileRejectedError("not_utf8", name);
    if (byType === "pdf" || byType === "png" || byType === "jpeg")
      throw new ResponseFileRejectedError("type_mismatch", name);
    throw new ResponseFileRejectedError("unsupported_type", name);
  }
  let kind: ResponseFileKind;
  if (byType === "pdf" || byType === "png" || byType === "jpeg")
    throw new ResponseFileRejectedError("type_mismatch", name);
  if (byType === "other") throw new ResponseFileRejectedError("unsupported_type", name); // text/html, image/svg+xml, …
  if (byName === "pdf" || byName === "png" || byName === "jpeg")
    throw new ResponseFileRejectedError("type_mismatch", name);
  if (byType === "txt" && (byName === "csv" || byName === "json"))
    kind = byName; // text/plain is what many clients send for any text
  else if (byType !== null) {
    if (isText(byName) && byName !== byType && byName !== "txt")
      throw new ResponseFileRejectedError("type_mismatch", name);
    kind = byType;
  } else if (byName === "other")
    throw new ResponseFileRejectedError("unsupported_type", name); // .html, .svg, .js…
  else kind = byName ?? "txt";
  if (kind === "json") {
    try {
      JSON.parse(text);
    } catch {
      throw new ResponseFileRejectedError("invalid_json", name);
    }
  }
  return kind;
}

// At most two image decodes at a time (each may hold up to ~150 MB of pixels).
let activeDecodes = 0;
const waiting: (() => void)[] = [];
async function withDecodeSlot<T>(work: () => Promise<T>): Promise<T> {
  if (activeDecodes >= 2) await new Promise<void>((resolve) => waiting.push(resolve));
  else activeDecodes += 1;
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else activeDecodes -= 1;
  }
}

/**
 * Decodes and re-encodes an image in its own format: pixels survive, metadata (EXIF with GPS,
 * XMP, IPTC, ICC, comments) does not. The pixel cap is checked from the header before decoding.
 */
async function reencodeImage(bytes: Buffer, kind: "png" | "jpeg", name: string | null): Promise<Buffer> {
  const options = { failOn: "error", limitInputPixels: PHOTO_MAX_PIXELS, sequentialRead: true, pages: 1 } as const;
  const refuse = (err: unknown) =>
    new ResponseFileRejectedError(
      /pixel limit/i.test(err instanceof Error ? err.message : String(err)) ? "too_many_pixels" : "corrupt_image",
      name,
      { cause: err },
    );
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { ...options, limitInputPixels: false }).metadata();
  } catch (err) {
    throw refuse(err);
  }
  if (meta.format !== kind) throw new ResponseFileRejectedError("corrupt_image", name);
  const w = meta.width ?? 0;
  const h = meta.pageHeight ?? meta.height ?? 0;
  if (w <= 0 || h <= 0) throw new ResponseFileRejectedError("corrupt_image", name);
  if (w * h > PHOTO_MAX_PIXELS) throw new ResponseFileRejectedError("too_many_pixels", name);
  return withDecodeSlot(async () => {
    try {
      const image = sharp(bytes, options).rotate(); // apply EXIF orientation before it is dropped
      // No keepMetadata/withExif/keepIccProfile: sharp writes none of it by default.
      return kind === "png"
        ? await image.png({ compressionLevel: 9 }).toBuffer()
        : await image.toColourspace("srgb").jpeg({ quality: 90 }).toBuffer();
    } catch (err) {
      throw refuse(err);
    }
  });
}

export interface ResponseFileUpload {
  /** null when the part was larger than the per-file limit (it was drained, not kept). */
  bytes: Buffer | null;
  contentType: string | null;
  fileName: string | null;
}

export interface PreparedResponseFile {
  kind: ResponseFileKind;
  contentType: ResponseFileContentType;
  name: string;
  bytes: Buffer;
  size: number;
  sha256: string;
}

/** Checks one upload by content, cleans it (images) and names it. Async; run before any transaction. */
export async function prepareResponseFile(upload: ResponseFileUpload): Promise<PreparedResponseFile> {
  const rawName = upload.fileName ?? "";
  const cleaned = cleanFileName(rawName);
  // Shown next to a refusal (cut short; the kept name is made below once the type is known).
  const displayName = cleaned === "" ? null : Array.from(cleaned).slice(0, RESPONSE_FILE_LIMITS.maxNameLength).join("");
  if (upload.bytes === null) throw new ResponseFileRejectedError("file_too_large", displayName);
  if (upload.bytes.length > RESPONSE_FILE_LIMITS.maxFileBytes)
    throw new ResponseFileRejectedError("file_too_large", displayName);
  if (upload.bytes.length === 0) throw new ResponseFileRejectedError("empty_file", displayName);
  const kind = detectResponseFileKind(upload.bytes, { contentType: upload.contentType, fileName: displayName });
  const bytes = kind === "png" || kind === "jpeg" ? await reencodeImage(upload.bytes, kind, displayName) : upload.bytes;
  return {
    kind,
    contentType: RESPONSE_FILE_KINDS[kind].contentType,
    name: sanitizeFileName(rawName, kind),
    bytes,
    size: bytes.length,
    sha256: crypto.createHash("sha256").update(bytes).digest("hex"),
  };
}
