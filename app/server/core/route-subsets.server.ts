/**
 * One Remix request handler per first path segment, each over the routes that segment can reach.
 *
 * Remix 2 (@remix-run/router 1.x) flattens and ranks every route of the build again each time it
 * matches a URL, and a document request matches several times (the server's match, the route
 * tree of the render, the partial manifest sent to the browser); a CPU profile of the status
 * page put a fifth of the time there, plus the garbage it leaves. The framework is used as
 * published, so the work is cut where the portal owns it: the build handed to Remix.
 *
 * A URL whose first segment is "vendor" can only be matched by a route whose full path starts
 * with "vendor", by one whose first segment is dynamic or optional, or by one with no path of its
 * own (the root, the index route, pathless layouts). Those routes, with their parents, are a
 * build of their own: matching over it gives the same matches in the same order as over the
 * whole build, because every route left out could never match such a URL. The browser's manifest
 * is cut the same way; with lazy route discovery it asks `/__manifest` for the rest, and that,
 * like every segment no route names (unknown, differently cased or percent-encoded), goes to the
 * handler of the whole build.
 */
import type { ServerBuild } from "@remix-run/node";
import { createRequestHandler } from "@remix-run/node";

type Handler = ReturnType<typeof createRequestHandler>;

/** The first segment of a route's full path, "" for none, or null when any segment may match it. */
function firstSegmentOf(build: ServerBuild, id: string): string | null {
  const segments: string[] = [];
  for (let route = build.routes[id]; route; route = route.parentId ? build.routes[route.parentId] : undefined)
    segments.unshift(...(route.path ?? "").split("/").filter(Boolean));
  const first = segments[0];
  if (first === undefined) return "";
  return first.startsWith(":") || first === "*" || first.endsWith("?") ? null : first;
}

/** The first segment of a request path as the routes see it (single-fetch `.data` URLs stripped). */
export function segmentOfPath(pathname: string): string {
  const path = pathname.endsWith(".data") ? pathname.slice(0, -".data".length).replace(/^\/_root$/, "/") : pathname;
  return path.split("/").find(Boolean) ?? "";
}

/** The routes a request with this first segment can reach, with their parents. */
export function listRoutesForSegment(build: ServerBuild, segment: string): string[] {
  const ids = new Set<string>();
  for (const id of Object.keys(build.routes)) {
    const first = firstSegmentOf(build, id);
    if (first !== null && first !== "" && first !== segment) continue;
    for (let route = build.routes[id]; route; route = route.parentId ? build.routes[route.parentId] : undefined)
      ids.add(route.id);
  }
  return [...ids];
}

function pick<T>(record: Record<string, T>, ids: readonly string[]): Record<string, T> {
  return Object.fromEntries(ids.flatMap((id) => (record[id] ? [[id, record[id]] as const] : [])));
}

/** The same build with only the given routes, on the server and in the browser's manifest. */
export function narrowBuild(build: ServerBuild, ids: readonly string[]): ServerBuild {
  return {
    ...build,
    routes: pick(build.routes, ids),
    assets: { ...build.assets, routes: pick(build.assets.routes, ids) },
  };
}

/** Picks the request handler for a path: a narrowed build for a segment some route names, else the whole build. */
export function createSegmentHandlers(build: ServerBuild, mode: string): (pathname: string) => Handler {
  const whole = createRequestHandler(build, mode);
  const named = new Set(
    Object.keys(build.routes)
      .map((id) => firstSegmentOf(build, id))
      .filter((s): s is string => s !== null),
  );
  const handlers = new Map<string, Handler>();
  return (pathname) => {
    if (pathname === "/__manifest") return whole;
    const segment = segmentOfPath(pathname);
    if (!named.has(segment)) return whole;
    let handler = handlers.get(segment);
    if (!handler) {
      handler = createRequestHandler(narrowBuild(build, listRoutesForSegment(build, segment)), mode);
      handlers.set(segment, handler);
    }
    return handler;
  };
}
