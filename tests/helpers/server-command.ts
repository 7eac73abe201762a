/**
 * The node flags `npm start` serves with, read from package.json's start script, so the e2e
 * harness and the benchmark run the server exactly as production does (a heap flag that only
 * production had would make the benchmark's memory figure meaningless).
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export function serverNodeFlags(): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
    scripts: Record<string, string>;
  };
  const m = /(?:^|&&\s*)node((?:\s+--[\w-]+(?:=\S+)?)*)\s+app\/cli\/serve\.mjs\b/.exec(pkg.scripts.start ?? "");
  if (!m) throw new Error('package.json "start" must run `node [flags] app/cli/serve.mjs`');
  return m[1]!.trim().split(/\s+/).filter(Boolean);
}
