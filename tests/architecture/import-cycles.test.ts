/**
 * No import cycles among our own files (app/, db/, emails/), type-only imports included: a cycle
 * makes load order matter, lets a module see another half-initialised, and means neither side
 * can be understood, tested or moved without the other. Contracts that both sides need (a step
 * interface, a row type) go into a file of their own that both import.
 */
import { describe, expect, it } from "vitest";
import { checkAllowList, findCycles, importEdges, readSourceFiles } from "./import-graph";

/** Cycles that exist today, each with its reason; none for new code. Keyed by their sorted files. */
// prettier-ignore
export const CYCLES_ALLOWED: Record<string, string> = {};

/** Every cycle, keyed by its files joined with " ↔ ". */
export function cycleKeys(edges: { from: string; to: string | null }[]): Map<string, string[]> {
  return new Map(findCycles(edges).map((files) => [files.join(" ↔ "), ["import each other"]]));
}

describe("import cycles", () => {
  it("no file imports itself back through other files (type-only and dynamic imports count)", () => {
    const edges = importEdges(readSourceFiles(["app", "db", "emails"]));
    expect(checkAllowList(cycleKeys(edges), CYCLES_ALLOWED)).toEqual([]);
  });

  // The check itself must be able to fail.
  it("finds a cycle through a type-only import, an export-from and a dynamic import, resolving ~/ and ./", () => {
    const files = [
      { file: "app/server/a.server.ts", source: 'import type { B } from "~/server/b.server";\nexport const a = 1;' },
      { file: "app/server/b.server.ts", source: 'export * from "./c.server";\nexport type B = number;' },
      { file: "app/server/c.server.ts", source: 'export const load = () => import("./a.server");' },
      {
        file: "app/server/d.server.ts",
        source: 'import { a } from "./a.server";\n// import "./d.server" in a comment',
      },
      { file: "db/x.ts", source: 'import type { Y } from "./y";' },
      { file: "db/y.ts", source: 'import { z } from "zod";\nimport type { X } from "./x";\nexport type Y = 1;' },
    ];
    const known = new Set(files.map((f) => f.file));
    const edges = importEdges(files, known);
    expect([...cycleKeys(edges).keys()]).toEqual([
      "app/server/a.server.ts ↔ app/server/b.server.ts ↔ app/server/c.server.ts",
      "db/x.ts ↔ db/y.ts",
    ]);
    expect(checkAllowList(cycleKeys(edges), { "db/x.ts ↔ db/y.ts": "why" })).toEqual([
      "app/server/a.server.ts ↔ app/server/b.server.ts ↔ app/server/c.server.ts: import each other",
    ]);
    expect(checkAllowList(new Map(), { "db/x.ts ↔ db/y.ts": "why" })).toEqual([
      "db/x.ts ↔ db/y.ts: no longer happens; remove it from the allow-list",
    ]);
  });
});
