/**
 * SQL lives in app/server (and db/ for the schema and migrations): a page, a component, the
 * domain, a command line or an email template that writes its own query bypasses the server
 * functions that own each table, their tenant checks and their audit rows. Read on the syntax
 * tree, so only string and template literals count, never a comment.
 */
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { checkAllowList, note, readSourceFiles, type SourceFile } from "./import-graph";

const LOOKS_LIKE_SQL = /\b(SELECT\s.+\sFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM)\b/is;

/** Where SQL must not appear: all of app/ except app/server, and the email templates. */
const SCANNED = ["app", "emails"];
const EXEMPT = /^app\/server\//;

/** Files with SQL today, each with its reason; none for new code. */
// prettier-ignore
export const SQL_ALLOWED: Record<string, string> = {};

/** Files outside app/server and db/ whose string or template literals look like SQL. */
export function findSqlOutsideServer(files: SourceFile[]): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const { file, source } of files) {
    if (EXEMPT.test(file)) continue;
    const kind = file.endsWith(".tsx")
      ? ts.ScriptKind.TSX
      : file.endsWith(".mjs")
        ? ts.ScriptKind.JS
        : ts.ScriptKind.TS;
    const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, kind);
    const visit = (node: ts.Node) => {
      let text: string | null = null;
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) text = node.text;
      else if (ts.isTemplateExpression(node))
        text = node.head.text + node.templateSpans.map((s) => "${}" + s.literal.text).join("");
      if (text !== null && LOOKS_LIKE_SQL.test(text)) {
        const line = sf.getLineAndCharacterOfPosition(node.getStart()).line + 1;
        note(found, file, `line ${line}: ${text.replace(/\s+/g, " ").slice(0, 60)}`);
      }
      node.forEachChild(visit);
    };
    visit(sf);
  }
  return found;
}

describe("SQL placement", () => {
  it("no SQL in routes, components, domain, command lines or emails: it belongs in app/server", () => {
    expect(checkAllowList(findSqlOutsideServer(readSourceFiles(SCANNED)), SQL_ALLOWED)).toEqual([]);
  });

  // The check itself must be able to fail.
  it("finds SQL in a string or a template, not in a comment, and not in app/server", () => {
    const found = findSqlOutsideServer([
      { file: "app/routes/a.tsx", source: 'const q = db.prepare("SELECT id FROM vendors WHERE id = ?");' },
      { file: "app/routes/b.tsx", source: "run(`UPDATE requests SET status = ${s} WHERE id = ?`);" },
      { file: "app/cli/c.ts", source: 'exec("insert into audit_log (x) values (1)");\nexec(`DELETE\n FROM t`);' },
      { file: "app/routes/d.tsx", source: '// SELECT id FROM vendors\nconst label = "Select a vendor";' },
      { file: "app/server/core/e.server.ts", source: 'prepare("SELECT 1 FROM t");' },
    ]);
    expect([...found.keys()]).toEqual(["app/routes/a.tsx", "app/routes/b.tsx", "app/cli/c.ts"]);
    expect(found.get("app/cli/c.ts")).toHaveLength(2);
    expect(checkAllowList(found, { "app/routes/a.tsx": "being moved", "app/routes/z.tsx": "being moved" })).toEqual([
      "app/cli/c.ts: line 1: insert into audit_log (x) values (1); line 2: DELETE FROM t",
      "app/routes/b.tsx: line 1: UPDATE requests SET status = ${} WHERE id = ?",
      "app/routes/z.tsx: no longer happens; remove it from the allow-list",
    ]);
  });
});
