/**
 * Server entry: streams the React render, sets the security headers (CSP with a per-response
 * nonce, no framing, no sniffing, no referrer), and — unlike Remix's default — clears its
 * abort timer when the stream ends, so renders are not kept alive for 5 s under load.
 */
import { PassThrough } from "node:stream";
import crypto from "node:crypto";
import type { AppLoadContext, EntryContext, HandleDataRequestFunction } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { MessagesContext } from "./messages";
import { NonceContext } from "./nonce";
import { pageMessagesFor } from "./server/core/i18n.server";
import { detectLocale, localeCookieFor } from "./server/core/locale.server";

export { bootPortal } from "./server/core/boot.server";
// For the benchmark's framework floor (tests/bench/floor-server.mjs): the same request handler.
export { createPortalRequestHandler } from "./server/core/request-handler.server";

const ABORT_DELAY = 5_000;

export function applySecurityHeaders(headers: Headers, request: Request, nonce: string | null): void {
  const csp = [
    "default-src 'self'",
    nonce ? `script-src 'self' 'nonce-${nonce}'` : "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
  headers.set("Content-Security-Policy", csp);
  headers.set("X-Content-Type-Options", "nosniff");
  headers.set("Referrer-Policy", "no-referrer");
  headers.set("X-Frame-Options", "DENY");
  headers.set("Cross-Origin-Opener-Policy", "same-origin");
  if (new URL(request.url).protocol === "https:")
    headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  if (!headers.has("Cache-Control")) headers.set("Cache-Control", "no-store");
  const lng = localeCookieFor(request);
  if (lng) headers.append("Set-Cookie", lng);
}

export const handleDataRequest: HandleDataRequestFunction = (response, { request }) => {
  applySecurityHeaders(response.headers, request, null);
  return response;
};

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  _loadContext: AppLoadContext,
) {
  const nonce = crypto.randomBytes(16).toString("base64");
  const bot = isbot(request.headers.get("user-agent") ?? "");
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    let timer: NodeJS.Timeout | undefined;
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <MessagesContext.Provider value={pageMessagesFor(detectLocale(request))}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
        </MessagesContext.Provider>
      </NonceContext.Provider>,
      {
        nonce,
        [bot ? "onAllReady" : "onShellReady"]() {
          shellRendered = true;
          const body = new PassThrough();
          body.on("close", () => clearTimeout(timer));
          const stream = createReadableStreamFromReadable(body);
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          applySecurityHeaders(responseHeaders, request, nonce);
          resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error: unknown) {
          clearTimeout(timer);
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Logged once, as one JSON line; the page shown is the generic error boundary.
          if (shellRendered)
            console.error(JSON.stringify({ level: "error", msg: "render error", error: String(error) }));
        },
      },
    );
    timer = setTimeout(abort, ABORT_DELAY);
  });
}
