/**
 * Reads the files of a workspace form or an API upload off the HTTP body, within the limits, so
 * that an oversized file becomes a field error instead of a failed request and a gigabyte body
 * stops being read early. What the bytes may be is decided afterwards (response-file-rules).
 */
import {
  unstable_composeUploadHandlers as composeUploadHandlers,
  unstable_createMemoryUploadHandler as createMemoryUploadHandler,
  unstable_parseMultipartFormData as parseMultipartFormData,
  MaxPartSizeExceededError,
  type UploadHandler,
} from "@remix-run/node";
import { RESPONSE_FILE_LIMITS } from "~/domain/packages";
import { BODY_LIMITS, BodyTooLargeError, limitUploadHandler } from "../core/body-limits.server";
import { ResponseFileRejectedError, type ResponseFileUpload } from "./response-file-rules.server";

/** The form field that carries files (several may be sent at once). */
export const RESPONSE_FILE_FIELD = "file";

/**
 * Reads a workspace or API form. Non-multipart bodies are read as usual. In a multipart body
 * each `file` part is read up to the per-file limit and then drained (not kept), so an
 * oversized file becomes a field error and the typed fields survive; the request as a whole
 * stops being read once it passes the per-request limits (413 upstream).
 */
export async function readResponseFileForm(
  request: Request,
): Promise<{ form: FormData; uploads: ResponseFileUpload[] }> {
  const type = request.headers.get("Content-Type") ?? "";
  if (!type.toLowerCase().startsWith("multipart/form-data")) return { form: await request.formData(), uploads: [] };
  const uploads: ResponseFileUpload[] = [];
  let totalBytes = 0;
  const fileHandler: UploadHandler = async ({ name, filename, data, contentType }) => {
    if (filename === undefined) return undefined; // a text field: next handler
    let size = 0;
    const chunks: Uint8Array[] = [];
    for await (const chunk of data) {
      size += chunk.byteLength;
      totalBytes += chunk.byteLength;
      // Past every limit at once: stop reading instead of draining gigabytes.
      if (totalBytes > RESPONSE_FILE_LIMITS.maxTotalBytes + RESPONSE_FILE_LIMITS.maxFileBytes)
        throw new ResponseFileRejectedError("total_too_large");
      if (size <= RESPONSE_FILE_LIMITS.maxFileBytes && uploads.length < RESPONSE_FILE_LIMITS.maxFiles)
        chunks.push(chunk);
    }
    // Other file inputs are ignored; an empty file input still sends an empty, unnamed part.
    if (name !== RESPONSE_FILE_FIELD || (size === 0 && !filename)) return "";
    // Past the file count nothing more is kept; the caller refuses the batch (too_many_files)
    // with a field error, so the typed fields still come back.
    const keep = size <= RESPONSE_FILE_LIMITS.maxFileBytes && uploads.length < RESPONSE_FILE_LIMITS.maxFiles;
    uploads.push({
      bytes: keep ? Buffer.concat(chunks) : null,
      contentType: contentType || null,
      fileName: filename || null,
    });
    return "";
  };
  try {
    // The package's text areas can be large (up to 5 MB of search log lines).
    const handler = limitUploadHandler(
      composeUploadHandlers(fileHandler, createMemoryUploadHandler({ maxPartSize: 8 * 1024 * 1024 })),
      {
        maxParts: BODY_LIMITS.parts,
        maxBytes: BODY_LIMITS.responseFiles,
      },
    );
    const form = await parseMultipartFormData(request, handler);
    form.delete(RESPONSE_FILE_FIELD);
    return { form, uploads };
  } catch (err) {
    if (err instanceof ResponseFileRejectedError) throw err;
    if (err instanceof MaxPartSizeExceededError || err instanceof BodyTooLargeError)
      throw new ResponseFileRejectedError("total_too_large", null, { cause: err });
    throw new ResponseFileRejectedError("missing_file", null, { cause: err }); // malformed multipart
  }
}

/** Reads a raw upload body (API), stopping at the per-file limit. */
export async function readRawUpload(request: Request, fileName: string | null): Promise<ResponseFileUpload> {
  const declared = Number(request.headers.get("Content-Length") ?? "NaN");
  if (Number.isFinite(declared) && declared > RESPONSE_FILE_LIMITS.maxFileBytes)
    return { bytes: null, contentType: request.headers.get("Content-Type"), fileName };
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > RESPONSE_FILE_LIMITS.maxFileBytes) {
        await reader.cancel().catch(() => undefined);
        return { bytes: null, contentType: request.headers.get("Content-Type"), fileName };
      }
      chunks.push(value);
    }
  }
  return { bytes: Buffer.concat(chunks), contentType: request.headers.get("Content-Type"), fileName };
}
