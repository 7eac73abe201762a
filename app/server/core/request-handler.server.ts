/**
 * The portal's Express-to-Remix adapter, in place of @remix-run/express's createRequestHandler,
 * which hands routes the raw socket stream and would let `request.formData()` buffer an endless
 * chunked body. Here a route reads its body through createLimitedBody: the moment the body
 * passes its limit the client gets a 413 and the connection closes, the route's read fails,
 * and whatever the route answers afterwards is discarded. Otherwise it does what the Remix
 * adapter does: the Fetch Request from Express's (host, port, protocol under `trust proxy`),
 * an abort signal when the client goes away, and the Response streamed back.
 */
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import { writeReadableStreamToWritable } from "@remix-run/node";
import type express from "express";
import { bodyLimitFor, createLimitedBody, refuseOversizedBody, type BodyTooLargeError } from "./body-limits.server";
import { createSegmentHandlers } from "./route-subsets.server";

type FetchHandler = (request: Request, req: express.Request) => Promise<Response>;

/** Serves a Remix build from Express, each request matched over the routes its first segment can reach. */
export function createPortalRequestHandler(opts: {
  build: ServerBuild;
  mode: string;
  getLoadContext: (req: express.Request) => AppLoadContext;
}): express.RequestHandler {
  const handlerFor = createSegmentHandlers(opts.build, opts.mode);
  // The path as Remix will match it (dot segments resolved), not Express's raw one.
  return serveFetchHandler((request, req) =>
    handlerFor(new URL(request.url).pathname)(request, opts.getLoadContext(req)),
  );
}

/** Serves any Fetch-style handler from Express with the body limits (used directly by the tests). */
export function serveFetchHandler(handle: FetchHandler): express.RequestHandler {
  return async (req, res, next) => {
    const controller = new AbortController();
    let refused = false;
    const refuse = (err: BodyTooLargeError) => {
      refused = true;
      // The route stops at its next await, and Remix does not log the failed read as an error.
      controller.abort(err);
      refuseOversizedBody(req, res, req.path);
    };
    let request: Request;
    try {
      request = createFetchRequest(req, controller.signal, refuse);
    } catch (err) {
      next(err);
      return;
    }
    // Abort loaders and actions once the response can no longer be written (close without finish).
    let finished = false;
    res.on("finish", () => (finished = true));
    res.on("close", () => {
      if (!finished) controller.abort();
    });
    try {
      const response = await handle(request, req);
      if (refused) {
        await response.body?.cancel().catch(() => undefined);
        return;
      }
      await sendFetchResponse(res, response);
    } catch (err) {
      if (refused) return;
      next(err);
    }
  };
}

function createFetchHeaders(requestHeaders: express.Request["headers"]): Headers {
  const headers = new Headers();
  for (const [name, values] of Object.entries(requestHeaders)) {
    if (!values) continue;
    if (Array.isArray(values)) for (const value of values) headers.append(name, value);
    else headers.set(name, values);
  }
  return headers;
}

function createFetchRequest(
  req: express.Request,
  signal: AbortSignal,
  onRefused: (err: BodyTooLargeError) => void,
): Request {
  // req.hostname honours `trust proxy` but drops the port: take it from X-Forwarded-Host or Host.
  const forwardedPort = Number.parseInt(req.get("X-Forwarded-Host")?.split(":")[1] ?? "", 10);
  const hostPort = Number.parseInt(req.get("host")?.split(":")[1] ?? "", 10);
  const port = Number.isSafeInteger(forwardedPort) ? forwardedPort : Number.isSafeInteger(hostPort) ? hostPort : "";
  const url = new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ""}${req.originalUrl}`);
  const init: RequestInit & { duplex?: "half" } = {
    method: req.method,
    headers: createFetchHeaders(req.headers),
    signal,
  };
  if (req.method !== "GET" && req.method !== "HEAD") {
    const contentType = req.get("content-type") ?? "";
    init.body = createLimitedBody(req, { limit: bodyLimitFor(contentType, req.path), contentType, onRefused });
    init.duplex = "half";
  }
  return new Request(url.href, init);
}

async function sendFetchResponse(res: express.Response, response: Response): Promise<void> {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [name, value] of response.headers.entries()) res.append(name, value);
  if (/text\/event-stream/i.test(response.headers.get("Content-Type") ?? "")) res.flushHeaders();
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}
