/**
 * Keeps the layers honest: app/domain is pure (no db, Remix, nodemailer, fs/net, no clock),
 * routes never touch db/ directly, and server-only modules stay in *.server.ts files.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "../..");

function filesUnder(dir: string, exts = [".ts", ".tsx"]): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (exts.some((e) => entry.name.endsWith(e))) out.push(p);
    }
  };
  walk(path.join(root, dir));
  return out;
}

function importsOf(source: string): string[] {
  const specs: string[] = [];
  const re =
    /(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|require\(\s*["']([^"']+)["']\s*\)/g;
  for (const m of source.matchAll(re)) specs.push((m[1] ?? m[2] ?? m[3])!);
  return specs;
}

/** Strips comments so that a comment mentioning Date.now() does not count. */
function code(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:])\/\/.*$/gm, "$1");
}

export function findDomainViolations(files: { file: string; source: string }[]): string[] {
  const banned = [
    /^drizzle-orm/,
    /^better-sqlite3/,
    /^@remix-run\//,
    /^nodemailer/,
    /^react/,
    /^node:(fs|net|http|https|child_process|dgram|worker_threads)/,
    /^(fs|net|http|https|child_process)$/,
    /\/db\//,
    /\/server\//,
    /\.server$/,
    /^~\/server/,
  ];
  const out: string[] = [];
  for (const { file, source } of files) {
    for (const spec of importsOf(source)) if (banned.some((b) => b.test(spec))) out.push(`${file}: imports ${spec}`);
    const c = code(source);
    if (/Date\.now\s*\(/.test(c)) out.push(`${file}: reads the clock (Date.now())`);
    if (/new\s+Date\s*\(\s*\)/.test(c)) out.push(`${file}: reads the clock (new Date())`);
    if (/performance\.now\s*\(/.test(c)) out.push(`${file}: reads the clock (performance.now())`);
    if (/process\.env/.test(c)) out.push(`${file}: reads process.env`);
  }
  return out;
}

export function findRouteViolations(files: { file: string; source: string }[]): string[] {
  const out: string[] = [];
  for (const { file, source } of files) {
    for (const spec of importsOf(source)) {
      if (/(^|\/)db\/|^\.\.\/\.\.\/db|drizzle-orm|better-sqlite3/.test(spec))
        out.push(`${file}: imports ${spec} (routes go through app/server)`);
      if (/^nodemailer/.test(spec)) out.push(`${file}: imports ${spec}`);
    }
  }
  return out;
}

const read = (files: string[]) =>
  files.map((f) => ({ file: path.relative(root, f), source: fs.readFileSync(f, "utf8") }));

describe("architecture", () => {
  it("app/domain is pure: no db, Remix, nodemailer, I/O or clock", () => {
    expect(findDomainViolations(read(filesUnder("app/domain")))).toEqual([]);
  });

  it("routes never import db/ or the driver directly", () => {
    expect(findRouteViolations(read(filesUnder("app/routes")))).toEqual([]);
  });

  it("I/O modules in app/server are *.server.ts files", () => {
    const offenders = filesUnder("app/server").filter((f) => !f.endsWith(".server.ts"));
    expect(offenders.map((f) => path.relative(root, f))).toEqual([]);
  });

  it("client-reachable modules do not import server-only modules", () => {
    const clientish = [
      ...filesUnder("app/components"),
      path.join(root, "app/i18n.ts"),
      path.join(root, "app/nonce.tsx"),
    ];
    const bad = read(clientish).flatMap(({ file, source }) =>
      importsOf(source)
        .filter((s) => /\.server$|\/server\//.test(s) && !/^react-dom\/server$/.test(s))
        .map((s) => `${file}: imports ${s}`),
    );
    expect(bad).toEqual([]);
  });

  // The checks themselves must be able to fail.
  it("detects a domain file that reads the clock or imports the db", () => {
    const v = findDomainViolations([
      { file: "x.ts", source: 'import { db } from "../../db/client";\nconst t = Date.now();\nconst d = new Date();' },
    ]);
    expect(v).toHaveLength(3);
    expect(
      findDomainViolations([{ file: "y.ts", source: "// Date.now() in a comment is fine\nconst d = new Date(ms);" }]),
    ).toEqual([]);
  });

  it("detects a route importing the db", () => {
    expect(
      findRouteViolations([{ file: "r.tsx", source: 'import { openDatabase } from "../../db/client";' }]),
    ).toHaveLength(1);
  });
});
