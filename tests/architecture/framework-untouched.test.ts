import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * Framework internals are not ours to edit: an edit to a compiled file in node_modules blocks
 * every upgrade (and the move to React Router 7) and silently disappears when the package is
 * reinstalled. Speed comes from the portal's own code, so these checks fail if a patch step or
 * an edited framework file comes back.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

type PackageJson = {
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
};

function readPackageJson(): PackageJson {
  return JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as PackageJson;
}

function findPatchSteps(pkg: PackageJson): string[] {
  const deps = { ...pkg.dependencies, ...pkg.devDependencies };
  const found = Object.keys(deps).filter((name) => /patch-package|^patch$|patchwork/.test(name));
  for (const [name, script] of Object.entries(pkg.scripts ?? {})) {
    if (/patch-package|\bpatch\b|git apply/.test(script)) found.push(`script ${name}`);
  }
  return found;
}

describe("framework files are not edited", () => {
  it("has no patch directory", () => {
    for (const dir of [".patches", "patches"]) expect(fs.existsSync(path.join(ROOT, dir)), dir).toBe(false);
  });

  it("has no patch step in package.json", () => {
    expect(findPatchSteps(readPackageJson())).toEqual([]);
  });

  it("detects a patch step when one is added (the check can fail)", () => {
    const pkg = readPackageJson();
    const patched: PackageJson = {
      ...pkg,
      scripts: { ...pkg.scripts, postinstall: "patch-package --patch-dir .patches" },
      dependencies: { ...pkg.dependencies, "patch-package": "8.0.1" },
    };
    expect(findPatchSteps(patched)).toEqual(["patch-package", "script postinstall"]);
  });

  it("loads the router, Remix and React Router files as published (no edit markers)", () => {
    const files = [
      "node_modules/@remix-run/router/dist/router.cjs.js",
      "node_modules/@remix-run/react/dist/server.js",
      "node_modules/react-router-dom/server.js",
    ];
    for (const file of files) {
      const text = fs.readFileSync(path.join(ROOT, file), "utf8");
      expect(text.includes("Patched ("), file).toBe(false);
    }
  });
});
