import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it, vi } from "vitest";

/**
 * `.patches/@remix-run+router+*.patch` changes how the server matches a URL to routes: ranked
 * branches are cached per routes array and only the branches that can match the URL's first
 * segment are tried. Matching must stay exactly what the unpatched router answers. The
 * patch touches only the CommonJS build (what the server loads); the ES module build is the
 * untouched original, so the two are compared on the portal's real routes and on a route
 * tree with every kind of segment, for many URLs.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const require = createRequire(import.meta.url);

type RouteObject = { id: string; path?: string; index?: boolean; caseSensitive?: boolean; children?: RouteObject[] };
type Match = { route: { id: string }; pathname: string; pathnameBase: string; params: Record<string, string | undefined> };
type MatchRoutes = (routes: RouteObject[], location: string, basename?: string) => Match[] | null;

const patchedPath = require.resolve("@remix-run/router");
const patched = require(patchedPath) as { matchRoutes: MatchRoutes };
const originalPath = path.join(path.dirname(patchedPath), "router.js");

/** The portal's route tree, as Remix builds it from app/routes (flat routes). */
function appRoutes(): RouteObject[] {
  const { flatRoutes } = require("@remix-run/dev/dist/config/flat-routes.js") as {
    flatRoutes: (appDir: string) => Record<string, { id: string; parentId?: string; path?: string; index?: boolean; caseSensitive?: boolean }>;
  };
  const manifest = flatRoutes(path.join(ROOT, "app"));
  const byParent = new Map<string, RouteObject[]>();
  for (const r of Object.values(manifest)) {
    const parent = r.parentId ?? "root";
    byParent.set(parent, [...(byParent.get(parent) ?? []), { id: r.id, path: r.path, index: r.index, caseSensitive: r.caseSensitive }]);
  }
  const attach = (route: RouteObject): RouteObject => {
    const children = byParent.get(route.id);
    return children ? { ...route, children: children.map(attach) } : route;
  };
  return [attach({ id: "root", path: "" })];
}

/** Every kind of route the router knows, including the ones the index must never skip. */
const edgeRoutes: RouteObject[] = [
  {
    id: "root",
    path: "/",
    children: [
      { id: "home", index: true },
      { id: "static", path: "vendor" },
      { id: "static-deep", path: "vendor/requests/:ref" },
      { id: "static-sibling", path: "vendor/export.csv" },
      { id: "case-sensitive", path: "Exact/Path", caseSensitive: true },
      { id: "optional-static", path: "en?/about" },
      { id: "optional-param", path: ":lang?/help" },
      { id: "dynamic-first", path: ":tenant/dashboard" },
      { id: "non-ascii", path: "café/menu" },
      { id: "dotted", path: "api.v1/items" },
      {
        id: "pathless-layout",
        children: [
          { id: "in-layout", path: "settings" },
          { id: "in-layout-index", index: true },
        ],
      },
      { id: "nested", path: "r", children: [{ id: "nested-param", path: ":token" }, { id: "nested-index", index: true }] },
      { id: "splat-under", path: "files/*" },
      { id: "splat", path: "*" },
    ],
  },
];

function describeMatches(matches: Match[] | null) {
  return matches?.map((m) => ({ id: m.route.id, pathname: m.pathname, pathnameBase: m.pathnameBase, params: m.params })) ?? null;
}

/** URLs for a route tree: every route path with its params filled in, and variants of each. */
function urlsFor(routes: RouteObject[]): string[] {
  const paths = new Set<string>(["/", "", "//", "/nope", "/NOPE/x", "/%2F", "/%E2%82%AC", "/%zz", "/a//b", "/vendor/", "//vendor", "/Vendor", "/VENDOR/REQUESTS/BR-1"]);
  const walk = (list: RouteObject[], prefix: string) => {
    for (const r of list) {
      const here = r.path ? `${prefix}/${r.path}`.replace(/\/+/g, "/") : prefix;
      const filled = here.replace(/:(\w+)\??/g, (_, name: string) => `x-${name}`).replace(/\*$/, "a/b.txt").replace(/\?/g, "");
      for (const variant of [filled, `${filled}/`, filled.toUpperCase(), `${filled}/extra`, filled.split("/").slice(0, -1).join("/") || "/", encodeURI(filled)]) {
        paths.add(variant.startsWith("/") ? variant : `/${variant}`);
      }
      if (r.children) walk(r.children, here);
    }
  };
  walk(routes, "");
  return [...paths];
}

describe("the route-matching patch (server build of @remix-run/router)", () => {
  it("is applied, so the test below compares two different implementations", () => {
    expect(fs.readFileSync(patchedPath, "utf8")).toContain("indexBranchesByFirstSegment");
    expect(fs.readFileSync(originalPath, "utf8")).not.toContain("indexBranchesByFirstSegment");
  });

  for (const [name, build] of [
    ["the portal's routes", appRoutes],
    ["routes with every kind of segment", () => edgeRoutes],
  ] as const) {
    it(`matches exactly like the unpatched router on ${name}`, async () => {
      // "/%zz" is malformed on purpose: both routers warn about it.
      vi.spyOn(console, "warn").mockImplementation(() => {});
      const original = (await import(/* @vite-ignore */ originalPath)) as { matchRoutes: MatchRoutes };
      const routes = build();
      const urls = urlsFor(routes);
      expect(urls.length).toBeGreaterThan(60);
      let matched = 0;
      for (const url of urls) {
        // Twice on the same array: the second call is served from the per-array cache.
        for (let round = 0; round < 2; round++) {
          const want = describeMatches(original.matchRoutes(routes, url));
          expect(describeMatches(patched.matchRoutes(routes, url)), `${url} (round ${round})`).toEqual(want);
          if (want) matched += 1;
        }
        for (const basename of ["/vendor", "/r"]) {
          expect(describeMatches(patched.matchRoutes(routes, url, basename)), `${url} under ${basename}`).toEqual(describeMatches(original.matchRoutes(routes, url, basename)));
        }
      }
      // Most URLs match a route: the comparison is not only between two nulls.
      expect(matched).toBeGreaterThan(urls.length);
    });
  }
});
