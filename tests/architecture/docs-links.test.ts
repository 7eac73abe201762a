/**
 * The documentation points at things that exist: every relative link in README.md, SECURITY.md
 * and docs/**\/*.md opens a file of the repository (anchors are not checked), and every `app/…`
 * or `db/…` path written in backticks names a file or folder that exists (SECURITY.md shortens
 * `app/server/` to `server/`, so its `server/…` paths are checked too). The README stays a front
 * door: at most 220 lines, and its Quick start has exactly two commands.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../..");

/** Markdown files this test reads, relative to the repository root. */
function documentationFiles(): string[] {
  const files = ["README.md", "SECURITY.md"];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const rel = path.posix.join(dir, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith(".md")) files.push(rel);
    }
  };
  walk("docs");
  return files;
}

/** The text outside fenced code blocks (their lines become empty, so line numbers stay right). */
function proseOf(markdown: string): string {
  let fenced = false;
  return markdown
    .split("\n")
    .map((line) => {
      if (/^\s*(```|~~~)/.test(line)) {
        fenced = !fenced;
        return "";
      }
      return fenced ? "" : line;
    })
    .join("\n");
}

export interface Problem {
  line: number;
  target: string;
}

const lineOf = (text: string, index: number) => text.slice(0, index).split("\n").length;

/**
 * Relative links (`[text](target)` and `![alt](target)`) whose file does not exist. Web and
 * mail links and same-page anchors are skipped; `#anchor` and `?query` are cut off the target.
 */
export function findBrokenLinks(
  markdown: string,
  fileDir: string,
  exists: (repoPath: string) => boolean = (p) => fs.existsSync(path.join(ROOT, p)),
): Problem[] {
  const prose = proseOf(markdown);
  const problems: Problem[] = [];
  for (const m of prose.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
    const target = m[1]!;
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith("#")) continue;
    const file = decodeURIComponent(target.replace(/[#?].*$/, ""));
    const repoPath = path.posix.normalize(path.posix.join(fileDir, file));
    if (repoPath.startsWith("..") || !exists(repoPath)) problems.push({ line: lineOf(prose, m.index!), target });
  }
  return problems;
}

/** Expands `a/{b,c}/d` into `a/b/d` and `a/c/d`. */
function expandBraces(p: string): string[] {
  const m = /\{([^{}]*)\}/.exec(p);
  if (!m) return [p];
  return m[1]!.split(",").flatMap((alt) => expandBraces(p.slice(0, m.index) + alt + p.slice(m.index + m[0].length)));
}

/** True when a repository path exists; `*` matches within one path segment. */
function pathExists(repoPath: string): boolean {
  const parts = repoPath.replace(/\/+$/, "").split("/");
  let candidates = [ROOT];
  for (const part of parts) {
    const next: string[] = [];
    for (const dir of candidates) {
      if (!part.includes("*")) {
        const p = path.join(dir, part);
        if (fs.existsSync(p)) next.push(p);
        continue;
      }
      if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) continue;
      const re = new RegExp(`^${part.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`);
      for (const name of fs.readdirSync(dir)) if (re.test(name)) next.push(path.join(dir, name));
    }
    candidates = next;
    if (!candidates.length) return false;
  }
  return true;
}

/**
 * `app/…` and `db/…` paths (and, with `serverShorthand`, `server/…` meaning `app/server/…`)
 * written in backticks that name nothing in the repository. Placeholders (`<name>`, `…`) are
 * not paths and are skipped; `*` and `{a,b}` are expanded.
 */
export function findMissingPaths(
  markdown: string,
  opts: { serverShorthand?: boolean; exists?: (repoPath: string) => boolean } = {},
): Problem[] {
  const exists = opts.exists ?? pathExists;
  const prose = proseOf(markdown);
  const problems: Problem[] = [];
  for (const m of prose.matchAll(/`([^`\n]+)`/g)) {
    for (const raw of m[1]!.split(/\s+/)) {
      const token = raw.replace(/^[("'[]+/, "").replace(/[)"',;:.\]]+$/, "");
      let repoPath: string | null = null;
      if (/^(app|db)\//.test(token)) repoPath = token;
      else if (opts.serverShorthand && token.startsWith("server/")) repoPath = `app/${token}`;
      if (!repoPath || /[<>…]/.test(repoPath)) continue;
      if (!expandBraces(repoPath).every(exists)) problems.push({ line: lineOf(prose, m.index!), target: token });
    }
  }
  return problems;
}

/** The command lines of the fenced blocks under `## Quick start` (comments after `#` cut off). */
export function quickStartCommands(readme: string): string[] {
  const section = /^## Quick start\s*$([\s\S]*?)(?=^## )/m.exec(readme)?.[1] ?? "";
  const commands: string[] = [];
  for (const block of section.matchAll(/^```[^\n]*\n([\s\S]*?)^```/gm)) {
    for (const line of block[1]!.split("\n")) {
      const command = line.replace(/\s+#.*$/, "").trim();
      if (command && !command.startsWith("#")) commands.push(command);
    }
  }
  return commands;
}

describe("documentation points at things that exist", () => {
  const files = documentationFiles();

  it("reads the README, SECURITY.md and the docs pages", () => {
    expect(files).toContain("README.md");
    expect(files).toContain("docs/configuration.md");
    expect(files.filter((f) => f.startsWith("docs/decisions/")).length).toBeGreaterThan(10);
  });

  it.each(files)("%s: every relative link opens a file", (file) => {
    const text = fs.readFileSync(path.join(ROOT, file), "utf8");
    expect(findBrokenLinks(text, path.posix.dirname(file))).toEqual([]);
  });

  it.each(files)("%s: every app/… and db/… path in backticks exists", (file) => {
    const text = fs.readFileSync(path.join(ROOT, file), "utf8");
    expect(findMissingPaths(text, { serverShorthand: file === "SECURITY.md" })).toEqual([]);
  });

  it("fails on a broken link, and not on web links, anchors or links that resolve", () => {
    const text = [
      "See [the guide](docs/nope.md#start) and [ops](docs/operations.md#backup-and-restore).",
      "[web](https://example.org/x.md), [anchor](#quick-start), [mail](mailto:a@b.example)",
      "```",
      "[inside a code block](nowhere.md)",
      "```",
      "![picture](public/missing.png)",
    ].join("\n");
    const exists = (p: string) => p === "docs/operations.md";
    expect(findBrokenLinks(text, ".", exists)).toEqual([
      { line: 1, target: "docs/nope.md#start" },
      { line: 6, target: "public/missing.png" },
    ]);
    // Relative to the linking file's folder, and never outside the repository.
    expect(findBrokenLinks("[up](../SECURITY.md) [out](../../etc/passwd)", "docs", (p) => p === "SECURITY.md")).toEqual(
      [{ line: 1, target: "../../etc/passwd" }],
    );
  });

  it("fails on a backticked path that does not exist", () => {
    const text =
      "`app/server/core/env.server.ts`, `app/server/no-such.server.ts`, `db/pg/`, `npm start` and `server/core/` (" +
      "`app/server/{core,nope}/`, `app/domain/deadlines/rules-*.ts`, `app/server/<name>.server.ts`)";
    expect(findMissingPaths(text).map((p) => p.target)).toEqual([
      "app/server/no-such.server.ts",
      "app/server/{core,nope}/",
    ]);
    expect(findMissingPaths("`server/nope.server.ts`", { serverShorthand: true }).map((p) => p.target)).toEqual([
      "server/nope.server.ts",
    ]);
  });
});

describe("README.md is the front door", () => {
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");

  it("is at most 220 lines", () => {
    expect(readme.trimEnd().split("\n").length).toBeLessThanOrEqual(220);
  });

  it("has exactly two Quick start commands: start and test", () => {
    expect(quickStartCommands(readme)).toEqual(["npm install && npm start", "npm install && npm test"]);
  });

  it("counts Quick start commands (a third command is seen)", () => {
    const text = "## Quick start\n\n```bash\nnpm install && npm start # a\nnpm run seed\n```\n\n## Next\n";
    expect(quickStartCommands(text)).toEqual(["npm install && npm start", "npm run seed"]);
  });
});
