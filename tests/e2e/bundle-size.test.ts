/**
 * The JavaScript a resident's browser downloads stays within 100 KB gzipped per page.
 * A size, not a timing: it fails the moment a page's client graph pulls in something heavy —
 * as it did once when a zod schema module slipped into the browser bundle (+116 KB).
 * Reads the production build's asset manifest (the e2e stage builds first).
 */
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { describe, expect, it } from "vitest";

const BUILD = path.resolve(__dirname, "../../public/build");
const BUDGET_KB = 100;

interface ManifestEntry {
  module: string;
  imports?: string[];
}

function readManifest(): { entry: ManifestEntry; routes: Record<string, ManifestEntry> } {
  const file = fs.readdirSync(BUILD).find((f) => /^manifest-[A-Z0-9]+\.js$/.test(f));
  if (!file) throw new Error("no manifest: run `npx remix build` first");
  const text = fs.readFileSync(path.join(BUILD, file), "utf8");
  return JSON.parse(text.slice(text.indexOf("{"), text.lastIndexOf("}") + 1)) as {
    entry: ManifestEntry;
    routes: Record<string, ManifestEntry>;
  };
}

/** Gzipped kilobytes of every script a first visit to this route loads (entry, root, route, shared chunks). */
function pageKb(routeId: string): number {
  const m = readManifest();
  const files = new Set<string>();
  for (const e of [m.entry, m.routes.root!, m.routes[routeId]!]) {
    files.add(e.module);
    for (const i of e.imports ?? []) files.add(i);
  }
  let bytes = 0;
  for (const f of files) bytes += zlib.gzipSync(fs.readFileSync(path.join(BUILD, f.replace(/^\/build\//, "")))).length;
  return bytes / 1024;
}

// Checks JavaScript bundle sizes, which no database engine changes: run in the SQLite pass only.
describe.skipIf(Boolean(process.env.E2E_DATABASE_URL))("JavaScript budget of resident pages", () => {
  for (const route of [
    "routes/_index",
    "routes/vendors",
    "routes/requests.new",
    "routes/requests.find",
    "routes/r.$token",
    "routes/deadlines",
    "routes/verify.$token",
  ]) {
    it(`${route} ships ≤ ${BUDGET_KB} KB gzipped`, () => {
      const kb = pageKb(route);
      expect(kb).toBeGreaterThan(20); // the React runtime at least: the measurement itself works
      expect(kb).toBeLessThanOrEqual(BUDGET_KB);
    });
  }

  it("no page ships zod (server-side validation only; its eval probe trips the CSP)", () => {
    const scripts = [
      ...fs.readdirSync(path.join(BUILD, "routes")).map((f) => path.join("routes", f)),
      ...fs.readdirSync(path.join(BUILD, "_shared")).map((f) => path.join("_shared", f)),
    ];
    expect(scripts.length).toBeGreaterThan(10);
    const withZod = scripts.filter((f) => fs.readFileSync(path.join(BUILD, f), "utf8").includes("ZodError"));
    expect(withZod).toEqual([]);
  });
});
