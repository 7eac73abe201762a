/**
 * The repository's own import graph, read with the TypeScript parser so that comments and
 * strings never count while every kind of edge does: `import`, `import type`, `export … from`,
 * `import x = require(…)`, `require(…)` and dynamic `import(…)`. Specifiers are resolved the way
 * the compiler resolves them here (the `~/` alias for app/, relative paths, an implied extension
 * or index file), so the architecture tests reason about files, not strings.
 */
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";

export const root = path.resolve(__dirname, "../..");

export type SourceFile = { file: string; source: string };
/** One import of one file: the specifier as written and, for our own files, the file it names. */
export type ImportEdge = { from: string; specifier: string; to: string | null; typeOnly: boolean; line: number };

const toPosix = (p: string) => p.split(path.sep).join("/");

/** Every .ts/.tsx/.mjs source file (no declaration files) under the given folders, repo-relative. */
export function readSourceFiles(dirs: string[]): SourceFile[] {
  const out: SourceFile[] = [];
  const walk = (d: string) => {
    if (!fs.existsSync(d)) return;
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (/\.(ts|tsx|mjs)$/.test(entry.name) && !entry.name.endsWith(".d.ts"))
        out.push({ file: toPosix(path.relative(root, p)), source: fs.readFileSync(p, "utf8") });
    }
  };
  for (const d of dirs) walk(path.join(root, d));
  return out;
}

/** The module specifiers a file names, with whether the import is for types only. */
export function specifiersOf(file: string, source: string): { specifier: string; typeOnly: boolean; line: number }[] {
  const kind = file.endsWith(".tsx") ? ts.ScriptKind.TSX : file.endsWith(".mjs") ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, kind);
  const out: { specifier: string; typeOnly: boolean; line: number }[] = [];
  const add = (node: ts.Node, spec: ts.Expression | undefined, typeOnly: boolean) => {
    if (spec && (ts.isStringLiteral(spec) || ts.isNoSubstitutionTemplateLiteral(spec)))
      out.push({ specifier: spec.text, typeOnly, line: sf.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const allTypes =
        !!clause &&
        (clause.isTypeOnly ||
          (!clause.name &&
            !!clause.namedBindings &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.length > 0 &&
            clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      add(node, node.moduleSpecifier, allTypes);
    } else if (ts.isExportDeclaration(node)) {
      add(node, node.moduleSpecifier, node.isTypeOnly);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node, node.moduleReference.expression, node.isTypeOnly);
    } else if (ts.isCallExpression(node)) {
      const isDynamicImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(node.expression) && node.expression.text === "require";
      if (isDynamicImport || isRequire) add(node, node.arguments[0], false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      // `typeof import("…")` in a type position is an import too.
      add(node, node.argument.literal as ts.Expression, true);
    }
    node.forEachChild(visit);
  };
  visit(sf);
  return out;
}

const EXTENSIONS = ["", ".ts", ".tsx", ".mjs", ".js", "/index.ts", "/index.tsx"];

/**
 * The repo-relative file a specifier names, or null for a package or node builtin. `known`
 * lets a test resolve against fabricated files instead of the disk.
 */
export function resolveSpecifier(from: string, specifier: string, known?: Set<string>): string | null {
  let base: string;
  if (specifier.startsWith("~/")) base = "app/" + specifier.slice(2);
  else if (specifier.startsWith("./") || specifier.startsWith("../"))
    base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  else return null;
  const exists = (p: string) =>
    known ? known.has(p) : fs.existsSync(path.join(root, p)) && fs.statSync(path.join(root, p)).isFile();
  const candidates = EXTENSIONS.map((e) => base + e);
  // `./x.js` in an ESM import names `./x.ts`.
  if (/\.(js|mjs)$/.test(base)) candidates.push(base.replace(/\.m?js$/, ".ts"));
  return candidates.find(exists) ?? base;
}

/** Every import edge of the given files. */
export function importEdges(files: SourceFile[], known?: Set<string>): ImportEdge[] {
  return files.flatMap(({ file, source }) =>
    specifiersOf(file, source).map(({ specifier, typeOnly, line }) => ({
      from: file,
      specifier,
      to: resolveSpecifier(file, specifier, known),
      typeOnly,
      line,
    })),
  );
}

/**
 * The import cycles among our own files, each once: every strongly connected component with
 * more than one file (or a file importing itself), named by its files in sorted order.
 */
export function findCycles(edges: { from: string; to: string | null }[]): string[][] {
  const graph = new Map<string, Set<string>>();
  for (const { from, to } of edges) {
    if (!graph.has(from)) graph.set(from, new Set());
    if (to === null) continue;
    graph.get(from)!.add(to);
    if (!graph.has(to)) graph.set(to, new Set());
  }
  // Tarjan's algorithm, iterative so a deep graph cannot overflow the stack.
  let index = 0;
  const indices = new Map<string, number>();
  const lowlink = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  for (const start of [...graph.keys()].sort()) {
    if (indices.has(start)) continue;
    const work: { node: string; next: Iterator<string> }[] = [];
    const open = (node: string) => {
      indices.set(node, index);
      lowlink.set(node, index);
      index++;
      stack.push(node);
      onStack.add(node);
      work.push({ node, next: [...graph.get(node)!].sort()[Symbol.iterator]() });
    };
    open(start);
    while (work.length) {
      const top = work[work.length - 1]!;
      const step = top.next.next();
      if (!step.done) {
        const w = step.value;
        if (!indices.has(w)) open(w);
        else if (onStack.has(w)) lowlink.set(top.node, Math.min(lowlink.get(top.node)!, indices.get(w)!));
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1]!.node;
        lowlink.set(parent, Math.min(lowlink.get(parent)!, lowlink.get(top.node)!));
      }
      if (lowlink.get(top.node) === indices.get(top.node)) {
        const component: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          component.push(w);
        } while (w !== top.node);
        if (component.length > 1 || graph.get(top.node)!.has(top.node)) components.push(component.sort());
      }
    }
  }
  return components.sort((a, b) => a.join().localeCompare(b.join()));
}

/**
 * Known exceptions to a rule, each with its reason. A violation not listed fails; a listed one
 * that no longer happens fails too ("remove it from the allow-list"), so such a list only shrinks.
 * `found` maps each violation's key to the lines that show it.
 */
export function checkAllowList(found: Map<string, string[]>, allowed: Record<string, string>): string[] {
  const out: string[] = [];
  for (const [key, details] of [...found].sort(([a], [b]) => a.localeCompare(b)))
    if (!(key in allowed)) out.push(`${key}: ${details.join("; ")}`);
  for (const key of Object.keys(allowed))
    if (!found.has(key)) out.push(`${key}: no longer happens; remove it from the allow-list`);
  return out;
}

/** Adds one detail line under a key. */
export function note(found: Map<string, string[]>, key: string, detail: string): void {
  const list = found.get(key) ?? [];
  if (!list.includes(detail)) list.push(detail);
  found.set(key, list);
}
