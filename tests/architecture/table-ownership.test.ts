/**
 * One owner per table: every write to a table (INSERT, UPDATE, DELETE, REPLACE in the SQL
 * strings of app/server, and drizzle's insert/update/delete) comes from the feature folder
 * that owns the table. Another folder that needs a row changed calls a function the owner
 * exports, so each table's invariants (the audit row beside the change, the webhook after it,
 * the hash chain, the encryption of a file) are kept in one place.
 *
 * The SQL is found with the TypeScript compiler: every string and template literal of every
 * module, so a statement split over lines or built from fragments is still seen.
 */
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { getTableName, isTable } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as schema from "../../db/schema";

const root = path.resolve(__dirname, "../..");
const serverDir = path.join(root, "app/server");

/** Table name → the app/server folder that owns its writes, and why that folder. */
const OWNERS: Record<string, { folder: string; why: string }> = {
  vendors: {
    folder: "vendor",
    why: "the vendor's own record; created by the demo data or an operator, read everywhere",
  },
  users: { folder: "accounts", why: "staff accounts: invitation, password, disabling" },
  sessions: { folder: "security", why: "staff sessions: sign-in, second factor, step-up, revocation" },
  recovery_codes: { folder: "security", why: "second-factor recovery codes belong with the second factor" },
  rate_limits: { folder: "security", why: "abuse-limit counters" },
  one_time_tokens: {
    folder: "security",
    why: "single-use links (invitation, reset, email proof): issued and spent in one place",
  },
  filings: { folder: "resident", why: "a resident's submission, and its identity removal" },
  requests: { folder: "requests", why: "every state change goes through recordChange (row + event + audit + webhook)" },
  request_events: { folder: "requests", why: "written only beside a request change, by recordChange" },
  status_links: {
    folder: "requests",
    why: "the resident's live status link is issued with the request (issueStatusLink)",
  },
  messages: { folder: "vendor", why: "messages on a case between the company and the resident" },
  attachments: {
    folder: "resident",
    why: "encrypted files on a request: reference photos, response files, mail attachments",
  },
  response_packages: { folder: "vendor", why: "the company's response to an access request" },
  inbound_mail: { folder: "mail", why: "replies and bounces received by email" },
  email_outbox: { folder: "mail", why: "every email is queued, leased and sent by the outbox" },
  audit_events: { folder: "audit", why: "the hash-chained audit log (appendAudit)" },
  audit_checkpoints: { folder: "audit", why: "signed checkpoints of the audit chain" },
  api_keys: { folder: "api", why: "keys of the vendors' own systems for the vendor API" },
  idempotency_keys: { folder: "api", why: "replay protection of the vendor API's writes" },
  portal_state: {
    folder: "core",
    why: "the key-value store, written through core/portal-state (readPortalState/writePortalState)",
  },
  webhooks: { folder: "webhooks", why: "webhook subscriptions" },
  webhook_deliveries: { folder: "webhooks", why: "queued webhook deliveries" },
  webhook_attempts: { folder: "webhooks", why: "each delivery attempt" },
  regulator_daily: {
    folder: "regulator",
    why: "roll-up kept by database triggers; only the regulator folder may rebuild it",
  },
  regulator_daily_denials: { folder: "regulator", why: "roll-up kept by database triggers" },
  regulator_daily_open_due: { folder: "regulator", why: "roll-up kept by database triggers" },
  vendor_queue_counts: { folder: "regulator", why: "roll-up kept by database triggers" },
  regulator_monthly_durations: { folder: "regulator", why: "roll-up kept by database triggers" },
  certificate_counts: { folder: "regulator", why: "counts kept by database triggers on response_packages" },
  regulator_yearly_types: { folder: "regulator", why: "roll-up kept by database triggers" },
  regulator_yearly_type_durations: { folder: "regulator", why: "roll-up kept by database triggers" },
  transparency_responses: { folder: "transparency", why: "the companies' published answers on the public board" },
};

/**
 * Folders exempt like a migration: loading demo or seed data writes every table at once, before
 * the portal serves anyone, and must not pull the features' rules (emails, webhooks, audit).
 */
const EXEMPT_FOLDERS: Record<string, string> = {
  demo: "demo and seed data loading, written like a migration before the portal serves anyone",
};

/**
 * Writes from a folder that does not own the table, kept until the owner exports what they
 * need. This list may only shrink: an entry that no longer matches a write fails the test.
 */
const ALLOWED: { file: string; table: string; why: string }[] = [
  {
    file: "app/server/accounts/staff-accounts.server.ts",
    table: "api_keys",
    why: "disabling a staff account revokes the API keys it created, one audit row per key, in its transaction; api exports no revoke-by-creator yet",
  },
  {
    file: "app/server/accounts/staff-accounts.server.ts",
    table: "one_time_tokens",
    why: "disabling an account voids its open invitation and reset links; security exports no spend-all yet",
  },
  {
    file: "app/server/accounts/staff-accounts.server.ts",
    table: "recovery_codes",
    why: "resetting a lost second factor deletes the recovery codes beside the TOTP columns of users; security exports no reset yet",
  },
  {
    file: "app/server/accounts/staff-invitations.server.ts",
    table: "one_time_tokens",
    why: "invitation links are issued, held for approval and spent here; to call security/one-time-tokens (issueOneTimeToken, spendOneTimeToken, spendOpenTokens)",
  },
  {
    file: "app/server/accounts/staff-passwords.server.ts",
    table: "one_time_tokens",
    why: "password-reset links are issued and spent here; to call security/one-time-tokens (issueOneTimeToken, spendOneTimeToken, spendOpenTokens)",
  },
  {
    file: "app/server/mail/inbound-store.server.ts",
    table: "attachments",
    why: "an emailed reply's files are stored as encrypted attachments beside the reply; resident exports no attachment insert yet",
  },
  {
    file: "app/server/resident/confirm-email.server.ts",
    table: "one_time_tokens",
    why: "the resident's email-proof link is spent when followed; to call security/one-time-tokens (issueOneTimeToken, spendOneTimeToken, spendOpenTokens)",
  },
  {
    file: "app/server/resident/file-request.server.ts",
    table: "portal_state",
    why: "the yearly reference counter (nextReference): to call core/portal-state's readPortalState/writePortalState",
  },
  {
    file: "app/server/resident/file-request.server.ts",
    table: "requests",
    why: "a filing inserts its requests; requests exports recordChange for changes but no create yet",
  },
  {
    file: "app/server/resident/file-request.server.ts",
    table: "request_events",
    why: "the 'filed' event written with each new request; goes with the request create above",
  },
  {
    file: "app/server/resident/file-request.server.ts",
    table: "one_time_tokens",
    why: "the email-proof link issued with the filing; to call security/one-time-tokens (issueOneTimeToken, spendOneTimeToken, spendOpenTokens)",
  },
  {
    file: "app/server/resident/status-links.server.ts",
    table: "status_links",
    why: "a link's use (last_used_at) and sign-out everywhere are recorded where links are checked; requests issues them",
  },
  {
    file: "app/server/security/two-factor.server.ts",
    table: "users",
    why: "the TOTP columns of users (secret, enabled at, last step) are written by enrolment and verification",
  },
  {
    file: "app/server/vendor/response-file-store.server.ts",
    table: "attachments",
    why: "the company's answer files are stored as encrypted attachments; resident exports no attachment insert yet",
  },
];

export interface TableWrite {
  file: string;
  folder: string;
  table: string;
  line: number;
}

/** The tables of the schema (db/schema.ts; db/pg/schema.ts has the same, pg-schema-parity proves it). */
const TABLE_NAMES = new Set(
  Object.values(schema)
    .filter((t) => isTable(t))
    .map((t) => getTableName(t)),
);
/** drizzle table objects by their export name (db/schema.ts), for `.insert(requests)`. */
const TABLE_BY_EXPORT = new Map(
  Object.entries(schema)
    .filter(([, t]) => isTable(t))
    .map(([name, t]) => [name, getTableName(t as Parameters<typeof getTableName>[0])]),
);

const NOT_TABLES = new Set(["SET", "SKIP", "NOWAIT", "OF"]);
const SQL_WRITE = /\b(?:INSERT\s+(?:OR\s+[A-Z]+\s+)?INTO|REPLACE\s+INTO|UPDATE|DELETE\s+FROM)\s+["`]?(\w+)["`]?/g;

/** Every write in one module's text; `file` is relative to the repository root. */
export function findTableWrites(file: string, text: string): TableWrite[] {
  const rel = path.relative("app/server", file).split(path.sep);
  const folder = rel.length > 1 ? rel[0]! : "";
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: TableWrite[] = [];
  const add = (table: string, node: ts.Node) =>
    out.push({ file, folder, table, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
  const visit = (node: ts.Node): void => {
    let sql: string | null = null;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) sql = node.text;
    else if (ts.isTemplateExpression(node))
      // The interpolated parts stand for values or fragments; a space keeps the words apart.
      sql = node.head.text + node.templateSpans.map((s) => ` ${s.literal.text}`).join("");
    if (sql !== null) {
      // `ON CONFLICT … DO UPDATE SET` and `FOR UPDATE SKIP LOCKED` name no table; any other
      // name counts, a table the schema does not define included (it has no owner).
      for (const m of sql.matchAll(SQL_WRITE)) if (!NOT_TABLES.has(m[1]!)) add(m[1]!, node);
      if (ts.isTemplateExpression(node)) node.templateSpans.forEach((s) => visit(s.expression));
      return;
    }
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      ["insert", "update", "delete"].includes(node.expression.name.text) &&
      node.arguments.length === 1
    ) {
      const arg = node.arguments[0]!;
      const name = ts.isIdentifier(arg) ? arg.text : ts.isPropertyAccessExpression(arg) ? arg.name.text : null;
      const table = name ? TABLE_BY_EXPORT.get(name) : undefined;
      if (table) add(table, node);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/** The writes that break ownership: not the owner, not an exempt folder, not allowed. */
export function findOwnershipViolations(
  writes: TableWrite[],
  allowed: { file: string; table: string }[] = ALLOWED,
): string[] {
  return writes
    .filter((w) => !(w.folder in EXEMPT_FOLDERS))
    .filter((w) => OWNERS[w.table]?.folder !== w.folder)
    .filter((w) => !allowed.some((a) => a.file === w.file && a.table === w.table))
    .map(
      (w) =>
        `${w.file}:${w.line} writes ${w.table}, ` +
        (OWNERS[w.table]
          ? `owned by ${OWNERS[w.table]!.folder}`
          : "a table with no owner (not in the schema or OWNERS)"),
    );
}

function serverModules(): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (/\.tsx?$/.test(entry.name)) out.push(p);
    }
  };
  walk(serverDir);
  return out;
}

function allWrites(): TableWrite[] {
  return serverModules().flatMap((p) => findTableWrites(path.relative(root, p), fs.readFileSync(p, "utf8")));
}

describe("one owner per table", () => {
  it("every table of the schema has an owning folder that exists", () => {
    expect([...TABLE_NAMES].filter((t) => !OWNERS[t])).toEqual([]);
    const folders = new Set(fs.readdirSync(serverDir));
    expect(Object.values(OWNERS).filter((o) => !folders.has(o.folder))).toEqual([]);
  });

  it("every write to a table in app/server comes from its owner's folder", () => {
    expect(findOwnershipViolations(allWrites())).toEqual([]);
  });

  it("the allow-list only shrinks: each entry still matches a real write", () => {
    const writes = allWrites();
    const stale = ALLOWED.filter((a) => !writes.some((w) => w.file === a.file && w.table === a.table));
    expect(stale).toEqual([]);
  });

  it("the checker sees writes: the owners' own statements are found", () => {
    const tables = new Set(allWrites().map((w) => w.table));
    for (const t of ["requests", "request_events", "audit_events", "email_outbox", "sessions", "portal_state"])
      expect(tables).toContain(t);
  });

  it("flags an audit row written from the vendor folder", () => {
    const text = [
      'import { getSqlite } from "../core/db.server";',
      "export function forgeAudit(): void {",
      "  getSqlite()",
      "    .prepare(`INSERT INTO audit_log (seq) VALUES (1)`)",
      "    .run();",
      '  getSqlite().prepare("INSERT INTO audit_events (seq, at) VALUES (?, ?)").run(1, 2);',
      "}",
    ].join("\n");
    const writes = findTableWrites("app/server/vendor/forged-audit.server.ts", text);
    expect(findOwnershipViolations(writes, [])).toEqual([
      "app/server/vendor/forged-audit.server.ts:4 writes audit_log, a table with no owner (not in the schema or OWNERS)",
      "app/server/vendor/forged-audit.server.ts:6 writes audit_events, owned by audit",
    ]);
    // The owner itself may write it.
    expect(findOwnershipViolations(findTableWrites("app/server/audit/chain.server.ts", text), [])).toEqual([
      "app/server/audit/chain.server.ts:4 writes audit_log, a table with no owner (not in the schema or OWNERS)",
    ]);
  });

  it("reads SQL in every form: multi-line templates, INSERT OR IGNORE, REPLACE, DELETE, drizzle", () => {
    const text = [
      "const a = `",
      "  UPDATE requests",
      "     SET status = ?`;",
      'const b = "INSERT OR IGNORE INTO sessions (id_hash) VALUES (?)";',
      "const c = `REPLACE INTO rate_limits (key) VALUES (${x})`;",
      "const d = 'DELETE FROM webhooks WHERE id = ?';",
      "db.insert(emailOutbox).values({});",
      "const e = 'INSERT INTO portal_state (key) VALUES (?) ON CONFLICT(key) DO UPDATE SET value = 1';",
    ].join("\n");
    const tables = findTableWrites("app/server/vendor/x.server.ts", text).map((w) => w.table);
    expect(tables).toEqual(["requests", "sessions", "rate_limits", "webhooks", "email_outbox", "portal_state"]);
  });
});
