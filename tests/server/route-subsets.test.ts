/**
 * Each first path segment is served by a build holding only the routes it can reach: the matches
 * over that build must be exactly those over the whole build, for every route of the app and for
 * URLs no route names.
 */
import path from "node:path";
import type { ServerBuild } from "@remix-run/node";
import { matchRoutes, type AgnosticRouteObject as RouteObject } from "@remix-run/router";
import { readConfig } from "@remix-run/dev/dist/config.js";
import { beforeAll, describe, expect, it } from "vitest";
import { listRoutesForSegment, narrowBuild, segmentOfPath } from "../../app/server/core/route-subsets.server";

let build: ServerBuild;

/** The app's real route tree as a server build (modules are not needed to match). */
beforeAll(async () => {
  const config = await readConfig(path.resolve(__dirname, "../.."));
  const routes = Object.fromEntries(
    Object.values(config.routes).map((r) => [
      r.id,
      { id: r.id, parentId: r.parentId, path: r.path, index: r.index, caseSensitive: r.caseSensitive, module: {} },
    ]),
  );
  const assetRoutes = Object.fromEntries(Object.values(config.routes).map((r) => [r.id, { id: r.id, module: r.file }]));
  build = { routes, assets: { routes: assetRoutes, version: "x" } } as unknown as ServerBuild;
});

function treeOf(routes: ServerBuild["routes"], parentId?: string): RouteObject[] {
  return Object.values(routes)
    .filter((r) => r.parentId === parentId)
    .map((r) =>
      r.index
        ? { id: r.id, index: true, path: r.path }
        : { id: r.id, path: r.path, caseSensitive: r.caseSensitive, children: treeOf(routes, r.id) },
    );
}

const matchIds = (routes: ServerBuild["routes"], pathname: string) =>
  (matchRoutes(treeOf(routes), pathname) ?? []).map((m) => m.route.id);

/** A URL for every route: its full path with parameters filled in. */
function samplePaths(): string[] {
  const out = new Set<string>(["/", "/nowhere", "/vendor/nowhere/deeper", "/r", "/api/v1/unknown"]);
  for (const id of Object.keys(build.routes)) {
    const parts: string[] = [];
    for (let r = build.routes[id]; r; r = r.parentId ? build.routes[r.parentId] : undefined)
      parts.unshift(...(r.path ?? "").split("/").filter(Boolean));
    out.add(`/${parts.map((p) => (p.startsWith(":") ? "BR-2026-000123" : p === "*" ? "a/b" : p)).join("/")}`);
  }
  return [...out];
}

describe("route subsets", () => {
  it("match every route's URL exactly as the whole build does", () => {
    const paths = samplePaths();
    expect(paths.length).toBeGreaterThan(60);
    let narrowed = 0;
    for (const pathname of paths) {
      const ids = listRoutesForSegment(build, segmentOfPath(pathname));
      const subset = narrowBuild(build, ids);
      expect(matchIds(subset.routes, pathname), pathname).toEqual(matchIds(build.routes, pathname));
      // The browser's manifest is cut the same way as the server's routes.
      expect(Object.keys(subset.assets.routes).sort()).toEqual(Object.keys(subset.routes).sort());
      if (ids.length < Object.keys(build.routes).length / 4) narrowed += 1;
    }
    // And the point of it: most URLs are matched over a small fraction of the routes.
    expect(narrowed).toBeGreaterThan(paths.length / 2);
  });

  it("reads single-fetch data URLs as the page they belong to", () => {
    expect(segmentOfPath("/vendor/requests/BR-2026-000001.data")).toBe("vendor");
    expect(segmentOfPath("/_root.data")).toBe("");
    expect(segmentOfPath("/")).toBe("");
    expect(segmentOfPath("/transparency.csv")).toBe("transparency.csv");
  });

  it("keeps the root and the index route in every subset, and parents with their children", () => {
    const ids = listRoutesForSegment(build, "vendor");
    expect(ids).toContain("root");
    for (const id of ids) {
      const parent = build.routes[id]!.parentId;
      if (parent) expect(ids).toContain(parent);
    }
    expect(ids.some((id) => id.startsWith("routes/regulator"))).toBe(false);
  });
});
