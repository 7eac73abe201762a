/**
 * How much of a request body the portal reads. Bytes are counted as they arrive, whatever the
 * headers say: a chunked body declares no length and a declared one can lie, and a form or
 * JSON body is buffered whole by whoever parses it, so counting after the fact is too late.
 * Multipart parts are counted too: each one is a handler call and a FormData entry.
 *
 * The limits live here, the streaming counter and the 413 answer are used by the request
 * adapter (request-handler.server.ts), and the multipart readers wrap their upload handlers
 * with the same limits so they hold even without the adapter in front of them.
 */
import type { UploadHandler } from "@remix-run/node";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { Readable } from "node:stream";
import { RESPONSE_FILE_LIMITS } from "~/domain/packages";

const MiB = 1024 * 1024;

export const BODY_LIMITS = {
  /**
   * URL-encoded forms, and any body sent to a route that takes no upload. The largest
   * legitimate form is a 5,000-character message or reason: under 50 KB even percent-encoded.
   */
  form: 1 * MiB,
  /** JSON, which only the vendor API reads: its largest legitimate body is an access package. */
  json: 8 * MiB,
  /** Parts of one multipart body: the filing form sends about 50 at most, the answer form 40. */
  parts: 100,
  /**
   * The filing form: an 8 MB photo and its text fields. A larger photo, up to what phone
   * cameras take, is still read through (not kept) so the resident gets the field message
   * rather than an error page.
   */
  filing: 32 * MiB,
  /**
   * Response files (workspace form and API): files up to the per-request total plus one
   * oversized file being read through (it becomes a field error, not a 413), and the access
   * package's text areas (11 million characters at most).
   */
  responseFiles: RESPONSE_FILE_LIMITS.maxTotalBytes + RESPONSE_FILE_LIMITS.maxFileBytes + 12 * MiB,
} as const;

/**
 * The routes that take uploads. Patterns are case-insensitive as Remix's matching is, and
 * admit the `.data` suffix of JavaScript submissions; a URL spelled any other way gets the
 * smaller form limit, never a larger one.
 */
const UPLOAD_ROUTES: { path: RegExp; limit: number; anyType: boolean }[] = [
  { path: /^\/requests\/new(?:\.data)?\/?$/i, limit: BODY_LIMITS.filing, anyType: false },
  { path: /^\/vendor\/requests\/[^/]+\/?$/i, limit: BODY_LIMITS.responseFiles, anyType: false },
  // A raw upload is the file itself, of any type (a JSON file is application/json).
  { path: /^\/api\/v1\/requests\/[^/]+\/files(?:\.data)?\/?$/i, limit: BODY_LIMITS.responseFiles, anyType: true },
];

function mediaType(contentType: string): string {
  return contentType.split(";")[0]!.trim().toLowerCase();
}

/** Largest body accepted for a content type on a path (everything not listed gets the form limit). */
export function bodyLimitFor(contentType: string, pathname: string): number {
  const type = mediaType(contentType);
  const upload = UPLOAD_ROUTES.find((r) => r.path.test(pathname));
  if (upload && (upload.anyType || type === "multipart/form-data")) return upload.limit;
  if (type === "application/json" && /^\/api\//i.test(pathname)) return BODY_LIMITS.json;
  return BODY_LIMITS.form;
}

export class BodyTooLargeError extends Error {
  override name = "BodyTooLargeError";
  readonly status = 413;
  constructor(readonly exceeded: "bytes" | "parts") {
    super(exceeded === "parts" ? "The request body has too many parts" : "The request body is too large");
  }
}

/**
 * Counts the multipart delimiters (`--boundary`) in a body fed to it chunk by chunk, across
 * chunk edges; null when the content type is not multipart with a usable boundary. A body of
 * n parts holds n + 1 delimiters (the last one closes it). A delimiter-like string inside a
 * part's content can only raise the count, which only hurts whoever sent it.
 */
export function createPartCounter(contentType: string): ((chunk: Uint8Array) => number) | null {
  if (!mediaType(contentType).startsWith("multipart/")) return null;
  const m = /;\s*boundary=(?:"([^"]{1,200})"|([^;\s]{1,200}))/i.exec(contentType);
  const boundary = m?.[1] ?? m?.[2];
  if (!boundary) return null;
  const delimiter = Buffer.from(`--${boundary}`, "latin1");
  let count = 0;
  // The tail of the previous chunk: a delimiter may start there and end in this one.
  let carry = Buffer.alloc(0);
  return (chunk) => {
    const data = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const buf = carry.length ? Buffer.concat([carry, data]) : data;
    let at = 0;
    let end = 0;
    while ((at = buf.indexOf(delimiter, at)) !== -1) {
      count += 1;
      at += delimiter.length;
      end = at;
    }
    carry = Buffer.from(buf.subarray(Math.max(end, buf.length - delimiter.length + 1)));
    return count;
  };
}

/**
 * A request body as a web stream that counts what it reads from `source`: the moment the
 * byte count passes `limit`, or the multipart count passes BODY_LIMITS.parts, it stops
 * reading, calls `onRefused` (which answers the client) and errors, so the route reading it
 * stops too. Reads only as fast as the route consumes (a route that never reads the body
 * never pulls it off the socket).
 */
export function createLimitedBody(
  source: Readable,
  opts: { limit: number; contentType: string; onRefused: (err: BodyTooLargeError) => void },
): ReadableStream<Uint8Array> {
  const countParts = createPartCounter(opts.contentType);
  let received = 0;
  let settled = false;
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const detach = () => {
    settled = true;
    source.off("data", onData);
    source.off("end", onEnd);
    source.off("error", onError);
    source.off("close", onClose);
  };
  const onData = (chunk: Buffer) => {
    received += chunk.byteLength;
    const exceeded =
      received > opts.limit ? "bytes" : countParts && countParts(chunk) > BODY_LIMITS.parts + 1 ? "parts" : null;
    if (exceeded) {
      detach();
      source.pause();
      const err = new BodyTooLargeError(exceeded);
      opts.onRefused(err);
      controller.error(err);
      return;
    }
    controller.enqueue(chunk);
    if ((controller.desiredSize ?? 0) <= 0) source.pause();
  };
  const onEnd = () => {
    detach();
    controller.close();
  };
  const onError = (err: unknown) => {
    detach();
    controller.error(err);
  };
  const onClose = () => {
    if (settled) return;
    detach();
    controller.error(new Error("The connection closed before the request body ended"));
  };
  return new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
        source.on("data", onData);
        source.on("end", onEnd);
        source.on("error", onError);
        source.on("close", onClose);
        source.pause();
      },
      pull() {
        source.resume();
      },
      cancel() {
        detach();
        source.pause();
      },
    },
    { highWaterMark: 64 * 1024, size: (chunk) => chunk.byteLength },
  );
}

/**
 * True while the client may still be sending a body nobody read to its end. A response sent
 * then should close the connection (closeConnectionAfter): keeping it alive means Node goes on
 * reading, and discarding, the rest — a whole gigabyte if that is what is coming.
 */
export function hasUnreadBody(req: IncomingMessage): boolean {
  if (req.complete) return false;
  return req.headers["transfer-encoding"] !== undefined || Number(req.headers["content-length"] ?? 0) > 0;
}

/**
 * How long a connection closed on an unread body stays half-open. Long enough for a client on
 * a slow link to read the answer; the socket costs a descriptor, not reading, meanwhile.
 */
const LINGER_MS = 2_000;
const lingering = new WeakSet<Socket>();

/**
 * Makes this response the connection's last. Node destroys a `Connection: close` socket as soon
 * as the answer is flushed, and closing a socket with unread data sends a TCP reset, which can
 * reach a client still sending before it has read the answer (it sees EPIPE, never the 413).
 * So the socket is half-closed instead, left unread (the client's writes stall once the
 * buffers are full), and destroyed a moment later.
 */
export function closeConnectionAfter(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader("Connection", "close");
  const socket = req.socket as Socket & { destroySoon?: () => void };
  if (lingering.has(socket)) return;
  lingering.add(socket);
  socket.destroySoon = () => {
    socket.end();
    setTimeout(() => socket.destroy(), LINGER_MS).unref();
  };
  // Once the response ends Node resumes a body nobody read, to discard it: paused again, the
  // request takes one buffer more off the socket and then stops.
  res.once("finish", () => req.pause());
}

/**
 * Answers 413 and ends the connection (closeConnectionAfter), reading nothing more. The vendor
 * API gets its usual JSON error; everything else a line of plain text. When a response has
 * already started the connection is simply dropped.
 */
export function refuseOversizedBody(req: IncomingMessage, res: ServerResponse, pathname: string): void {
  req.pause();
  if (res.headersSent) {
    req.socket.destroy();
    return;
  }
  const api = /^\/api\//i.test(pathname);
  res.statusCode = 413;
  closeConnectionAfter(req, res);
  res.setHeader("Cache-Control", "no-store");
  res.setHeader("Content-Type", api ? "application/json" : "text/plain; charset=utf-8");
  res.end(
    api
      ? JSON.stringify({ error: "body_too_large", details: "The request body is over its size or part limit" })
      : "Request body too large.",
  );
}

/**
 * Wraps a multipart reader's upload handler: past `maxParts` parts or `maxBytes` bytes of
 * part data it throws BodyTooLargeError, so the readers keep their limits on their own.
 */
export function limitUploadHandler(
  handler: UploadHandler,
  limits: { maxParts: number; maxBytes: number },
): UploadHandler {
  let parts = 0;
  let bytes = 0;
  return async (part) => {
    parts += 1;
    if (parts > limits.maxParts) throw new BodyTooLargeError("parts");
    async function* counted() {
      for await (const chunk of part.data) {
        bytes += chunk.byteLength;
        if (bytes > limits.maxBytes) throw new BodyTooLargeError("bytes");
        yield chunk;
      }
    }
    return handler({ ...part, data: counted() });
  };
}
