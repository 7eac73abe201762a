/**
 * The vendor API's response-file endpoints (/requests/{reference}/files): list, upload (raw
 * body or one multipart part), download and remove the files of an access request's answer.
 * The checks on the bytes and the storage are the workspace's own (forVendor and the response
 * file modules); this module reads the HTTP upload and turns refusals into the documented
 * JSON errors, and an Idempotency-Key replays the first answer for the same bytes.
 */
import crypto from "node:crypto";
import type { z } from "zod";
import { ServiceError } from "../core/errors.server";
import { forVendor, type VendorStaff } from "../vendor/vendor-access.server";
import {
  RESPONSE_FILE_LIMITS,
  ResponseFileRejectedError,
  type ResponseFileUpload,
} from "../vendor/response-file-rules.server";
import { responseFileHeaders, type ResponseFileMeta } from "../vendor/response-file-store.server";
import { readRawUpload, readResponseFileForm, RESPONSE_FILE_FIELD } from "../vendor/response-file-uploads.server";
import { apiError, checkIdempotencyKey, rememberIdempotentAnswer, replayIdempotentAnswer } from "./api-answers.server";
import type { apiResponseFileListSchema, apiResponseFileSchema } from "./api-schemas.server";

const FILE_REJECTION_TEXT: Record<ResponseFileRejectedError["reason"], string> = {
  missing_file:
    'Send the file as the raw body (with Content-Type and a filename) or as one multipart part named "file"',
  empty_file: "The file is empty",
  file_too_large: `A file may be at most ${RESPONSE_FILE_LIMITS.maxFileBytes} bytes`,
  total_too_large: `The files of one request may total at most ${RESPONSE_FILE_LIMITS.maxTotalBytes} bytes`,
  too_many_files: `A request may have at most ${RESPONSE_FILE_LIMITS.maxFiles} files`,
  unsupported_type: "Accepted types: PDF, PNG, JPEG, CSV, JSON, plain text (judged by content)",
  type_mismatch: "The declared type or the file name's extension does not match the file's content",
  not_utf8: "Text files must be valid UTF-8 without NUL bytes",
  invalid_json: "The file is declared as JSON but does not parse",
  corrupt_image: "The image could not be decoded (truncated or corrupt)",
  too_many_pixels: "The image has too many pixels",
  duplicate_file: "This file is already attached to the request",
};

function fileRejection(err: ResponseFileRejectedError): { status: number; payload: unknown } {
  return {
    status: err.status,
    payload: { error: err.reason, details: { message: FILE_REJECTION_TEXT[err.reason], file: err.fileName } },
  };
}

export function toApiFile(f: ResponseFileMeta): z.infer<typeof apiResponseFileSchema> {
  return {
    id: f.id,
    name: f.name,
    contentType: f.contentType,
    size: f.size,
    sha256: f.sha256,
    createdAt: new Date(f.createdAt).toISOString(),
  };
}

/** GET /api/v1/requests/:ref/files */
export function listFilesForApi(
  principal: VendorStaff,
  reference: string,
  now: Date,
): z.infer<typeof apiResponseFileListSchema> {
  const files = forVendor(principal).listResponseFiles(reference, now);
  return {
    items: files.map(toApiFile),
    totalBytes: files.reduce((sum, f) => sum + f.size, 0),
    limits: {
      maxFileBytes: RESPONSE_FILE_LIMITS.maxFileBytes,
      maxFiles: RESPONSE_FILE_LIMITS.maxFiles,
      maxTotalBytes: RESPONSE_FILE_LIMITS.maxTotalBytes,
    },
  };
}

/** The file name of a raw upload: `?filename=` or an `X-Filename` header (percent-encoded UTF-8 allowed). */
function rawUploadName(request: Request): string | null {
  const fromQuery = new URL(request.url).searchParams.get("filename");
  if (fromQuery) return fromQuery.slice(0, 1000);
  const header = request.headers.get("X-Filename");
  if (!header) return null;
  try {
    return decodeURIComponent(header).slice(0, 1000);
  } catch {
    return header.slice(0, 1000);
  }
}

/**
 * POST /api/v1/requests/:ref/files — one file, as the raw body (Content-Type + filename) or as
 * one multipart part named "file". 201 with its metadata; refusals are 400/409/413/415/422
 * JSON. An Idempotency-Key replays the first answer for the same bytes, name and type.
 */
export async function uploadForApi(
  principal: VendorStaff,
  reference: string,
  request: Request,
  opts: { now: Date; idempotencyKey: string | null },
): Promise<Response> {
  const badKey = checkIdempotencyKey(opts.idempotencyKey);
  if (badKey) return badKey;
  let upload: ResponseFileUpload;
  try {
    if ((request.headers.get("Content-Type") ?? "").toLowerCase().startsWith("multipart/form-data")) {
      const { uploads } = await readResponseFileForm(request);
      if (uploads.length !== 1)
        return apiError(400, "missing_file", {
          message: `Send exactly one part named "${RESPONSE_FILE_FIELD}"`,
          file: null,
        });
      upload = uploads[0]!;
    } else {
      upload = await readRawUpload(request, rawUploadName(request));
    }
  } catch (err) {
    if (!(err instanceof ResponseFileRejectedError)) throw err;
    const r = fileRejection(err);
    return apiError(r.status, err.reason, (r.payload as { details: unknown }).details);
  }
  // Nothing was stored for a body we stopped reading: answer, but nothing to remember.
  if (upload.bytes === null) {
    const r = fileRejection(new ResponseFileRejectedError("file_too_large", upload.fileName));
    return apiError(r.status, "file_too_large", (r.payload as { details: unknown }).details);
  }
  const fingerprint = `files\n${reference}\n${upload.fileName ?? ""}\n${upload.contentType ?? ""}\n${crypto.createHash("sha256").update(upload.bytes).digest("hex")}`;
  const replay = replayIdempotentAnswer(principal.vendorId, opts.idempotencyKey, fingerprint);
  if (replay) return replay;
  let status: number;
  let payload: unknown;
  try {
    const [stored] = await forVendor(principal).attachResponseFiles(reference, [upload], opts.now);
    status = 201;
    payload = toApiFile(stored!);
  } catch (err) {
    if (err instanceof ResponseFileRejectedError) ({ status, payload } = fileRejection(err));
    else if (err instanceof ServiceError) {
      status = err.status;
      payload = { error: err.code, details: err.message };
    } else throw err;
  }
  const text = JSON.stringify(payload);
  rememberIdempotentAnswer(principal.vendorId, opts.idempotencyKey, fingerprint, status, text, opts.now);
  return new Response(text, { status, headers: { "Content-Type": "application/json", "Cache-Control": "no-store" } });
}

/** GET /api/v1/requests/:ref/files/:id — the file itself (audited), never rendered by a browser. */
export function downloadFileForApi(
  principal: VendorStaff,
  reference: string,
  attachmentId: number,
  now: Date,
): Response {
  const { meta, bytes } = forVendor(principal).downloadResponseFile(reference, attachmentId, now);
  return new Response(new Uint8Array(bytes), { status: 200, headers: responseFileHeaders(meta) });
}

/** DELETE /api/v1/requests/:ref/files/:id — only before the answer is sent. */
export function deleteFileForApi(principal: VendorStaff, reference: string, attachmentId: number, now: Date): Response {
  forVendor(principal).removeResponseFile(reference, attachmentId, now);
  return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
}
