/**
 * A ratchet on file size: a route over 300 lines or a server module over 450 mixes concerns
 * that are easier to read, test and change apart. Files that were already larger when the rule
 * came in are listed below with the size they had; they may shrink but never grow, and once a
 * listed file is back within the limit its entry must go, so the list only ever gets shorter.
 * Whoever shrinks a listed file lowers its number to the new count, so it cannot creep back.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "../..");

/** Where the limit applies, first match wins. */
export const SIZE_LIMITS: { prefix: string; maxLines: number }[] = [
  { prefix: "app/routes/", maxLines: 300 },
  { prefix: "app/server/", maxLines: 450 },
];

/**
 * Files over their limit when the ratchet came in, with their line count then. Keep it sorted,
 * one entry a line: lower a number when you shrink a file, delete the line once it fits.
 */
// prettier-ignore
export const OVERSIZED_ALLOWED: Record<string, number> = {
  "app/server/demo/demo-seed.server.ts": 811,
};

/** Lines as `wc -l` counts them. */
export function countLines(source: string): number {
  if (source === "") return 0;
  return source.split("\n").length - (source.endsWith("\n") ? 1 : 0);
}

function limitFor(file: string): number | null {
  return SIZE_LIMITS.find((l) => file.startsWith(l.prefix))?.maxLines ?? null;
}

/** Every way the measured files and the allow-list disagree with the ratchet. */
export function findSizeViolations(
  files: { file: string; lines: number }[],
  allowed: Record<string, number>,
): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const { file, lines } of files) {
    const limit = limitFor(file);
    if (limit === null) continue;
    seen.add(file);
    const recorded = allowed[file];
    if (recorded === undefined) {
      if (lines > limit) out.push(`${file}: ${lines} lines, over the limit of ${limit}; split it along a real seam`);
    } else if (lines <= limit) {
      out.push(`${file}: ${lines} lines, within the limit of ${limit} now; remove it from the allow-list`);
    } else if (lines > recorded) {
      out.push(`${file}: ${lines} lines, grew beyond its recorded ${recorded}; shrink it instead`);
    }
  }
  for (const file of Object.keys(allowed))
    if (!seen.has(file)) out.push(`${file}: no longer exists; remove it from the allow-list`);
  const keys = Object.keys(allowed);
  const sorted = [...keys].sort();
  if (keys.join("\n") !== sorted.join("\n")) out.push("the allow-list is not sorted by path");
  return out;
}

function measuredFiles(): { file: string; lines: number }[] {
  const out: { file: string; lines: number }[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (/\.(ts|tsx)$/.test(entry.name))
        out.push({
          file: path.relative(root, p).split(path.sep).join("/"),
          lines: countLines(fs.readFileSync(p, "utf8")),
        });
    }
  };
  for (const { prefix } of SIZE_LIMITS) walk(path.join(root, prefix));
  return out;
}

describe("size ratchet", () => {
  it("no route over 300 lines and no server module over 450, except listed ones that do not grow", () => {
    expect(findSizeViolations(measuredFiles(), OVERSIZED_ALLOWED)).toEqual([]);
  });

  it("counts lines as wc -l does", () => {
    expect(countLines("")).toBe(0);
    expect(countLines("a\nb\n")).toBe(2);
    expect(countLines("a\nb")).toBe(2);
  });

  // The check itself must be able to fail, in each of its ways.
  it("fails an unlisted oversized file, a listed file that grew, and a listed file now within the limit", () => {
    const files = [
      { file: "app/routes/big.tsx", lines: 301 },
      { file: "app/routes/fine.tsx", lines: 300 },
      { file: "app/server/core/grew.server.ts", lines: 500 },
      { file: "app/server/core/fits.server.ts", lines: 450 },
      { file: "app/server/core/same.server.ts", lines: 460 },
      { file: "app/domain/huge.ts", lines: 5000 },
    ];
    const allowed = {
      "app/server/core/fits.server.ts": 470,
      "app/server/core/gone.server.ts": 900,
      "app/server/core/grew.server.ts": 480,
      "app/server/core/same.server.ts": 460,
    };
    expect(findSizeViolations(files, allowed)).toEqual([
      "app/routes/big.tsx: 301 lines, over the limit of 300; split it along a real seam",
      "app/server/core/grew.server.ts: 500 lines, grew beyond its recorded 480; shrink it instead",
      "app/server/core/fits.server.ts: 450 lines, within the limit of 450 now; remove it from the allow-list",
      "app/server/core/gone.server.ts: no longer exists; remove it from the allow-list",
    ]);
  });

  it("lets a listed file shrink while still over the limit, and wants the list sorted", () => {
    expect(
      findSizeViolations([{ file: "app/server/a.server.ts", lines: 460 }], { "app/server/a.server.ts": 470 }),
    ).toEqual([]);
    expect(
      findSizeViolations(
        [
          { file: "app/server/a.server.ts", lines: 460 },
          { file: "app/server/b.server.ts", lines: 460 },
        ],
        { "app/server/b.server.ts": 460, "app/server/a.server.ts": 460 },
      ),
    ).toEqual(["the allow-list is not sorted by path"]);
  });
});
