/**
 * PostgreSQL behind the same synchronous surface the server layer uses on better-sqlite3
 * (prepare → get/all/run/iterate/raw, transaction, pragma, exec, close), so the domain, the
 * routes and the server functions keep one code path for both engines.
 *
 * How: node-postgres runs in a worker thread (db/pg/sync-worker.mjs) and each call blocks the
 * calling thread until the worker answers (synckit: a MessageChannel plus Atomics.wait). That
 * is the execution model the portal already has on SQLite — one synchronous call per query,
 * one synchronous transaction per state change — paid for with a blocked event loop during
 * each round trip; several web processes share the load
 * (docs/decisions/2026-11-28-postgresql-behind-synchronous-calls.md).
 *
 * What differs from SQLite and how it is bridged:
 * - placeholders: `?` and named parameters become `$1…$n` (outside literals and identifiers);
 * - SQLite's `INDEXED BY` planner hints are dropped;
 * - the SQLite built-ins the SQL uses (sum of a comparison, json_extract, strftime) exist on
 *   PostgreSQL with the same meaning (migration 0007_sqlite_compat_functions);
 * - `lastInsertRowid`: an INSERT into a table with an `id` column gets `RETURNING id`;
 * - writers: an IMMEDIATE/EXCLUSIVE transaction takes one transaction-scoped advisory lock
 *   first, so writers are serialised across every process exactly like SQLite's single
 *   writer (what keeps the audit hash chain linear and read-then-write sequences safe),
 *   while readers never wait;
 * - `pragma synchronous = NORMAL|FULL` maps to `synchronous_commit = off|on`.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createSyncFn } from "synckit";
import { getTableColumns, getTableName, isTable, type Table } from "drizzle-orm";
import type { SqlTransaction } from "../sql-connection";
import * as pgSchema from "./schema";
import { COUNTING_QUERIES, countQuery } from "../query-count";

/** The key of the advisory lock every writing transaction holds (an arbitrary constant). */
export const WRITER_LOCK_KEY = 7_042_026;

type WorkerAnswer =
  | { ok: true; rows?: unknown[]; rowCount?: number }
  | { ok: false; error: { message: string; code: string | null; detail: string | null; constraint: string | null } };
type WorkerCall = (op: Record<string, unknown>) => WorkerAnswer;

export class PostgresError extends Error {
  readonly code: string | null;
  readonly constraint: string | null;
  constructor(
    e: { message: string; code: string | null; detail: string | null; constraint: string | null },
    sql?: string,
  ) {
    super(sql && process.env.NODE_ENV === "test" ? `${e.message} — in: ${sql.slice(0, 300)}` : e.message);
    this.name = "PostgresError";
    this.code = e.code;
    this.constraint = e.constraint;
  }
}

function findWorker(): string {
  const candidates = [path.resolve(process.cwd(), "db/pg/sync-worker.mjs")];
  try {
    candidates.push(path.join(path.dirname(fileURLToPath(import.meta.url)), "sync-worker.mjs"));
  } catch {
    /* bundled: import.meta.url is not a file URL */
  }
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) throw new Error(`Cannot find db/pg/sync-worker.mjs (looked in ${candidates.join(", ")})`);
  return found;
}

let call: WorkerCall | null = null;
function worker(): WorkerCall {
  // One worker thread per process (synckit caches by path), one connection per database.
  call ??= createSyncFn(findWorker(), { timeout: 60_000 }) as unknown as WorkerCall;
  return call;
}

/** Tables with an `id` column: their INSERTs return it, as SQLite's lastInsertRowid does. */
const TABLES_WITH_ID = new Set(
  (Object.values(pgSchema) as unknown[])
    .filter((t): t is Table => isTable(t))
    .filter((t) => Object.values(getTableColumns(t)).some((c) => c.name === "id"))
    .map((t) => getTableName(t)),
);

interface Translation {
  text: string;
  returnsId: boolean;
  /** For named parameters (@name, :name, $name): the name of each $n, in order. */
  names: string[] | null;
}
const translations = new Map<string, Translation>();
/**
 * SQLite-flavoured SQL → PostgreSQL: numbered placeholders for `?` and named parameters, and
 * RETURNING id on INSERTs. String literals and quoted identifiers are left alone.
 */
export function translateSql(sql: string): Translation {
  const known = translations.get(sql);
  if (known) return known;
  let out = "";
  let n = 0;
  const names: string[] = [];
  let quote: string | null = null;
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i]!;
    if (quote) {
      out += ch;
      if (ch === quote) quote = null;
      continue;
    }
    if (ch === "'" || ch === '"') {
      quote = ch;
      out += ch;
      continue;
    }
    if (ch === "?") {
      n += 1;
      out += `$${n}`;
      continue;
    }
    const named =
      (ch === "@" || ch === "$" || (ch === ":" && sql[i - 1] !== ":" && sql[i + 1] !== ":")) &&
      /^[A-Za-z_]\w*/.exec(sql.slice(i + 1));
    if (named) {
      const at = names.indexOf(named[0]);
      if (at === -1) names.push(named[0]);
      out += `$${at === -1 ? names.length : at + 1}`;
      i += named[0].length;
      continue;
    }
    out += ch;
  }
  if (n > 0 && names.length > 0) throw new Error("a statement mixes ? and named parameters");
  // SQLite planner hints: PostgreSQL plans with its statistics and has no such clause.
  out = out.replace(/\s+INDEXED\s+BY\s+\w+/gi, "");
  const insert = /^\s*INSERT\s+INTO\s+"?(\w+)"?/i.exec(out);
  const returnsId = Boolean(insert && TABLES_WITH_ID.has(insert[1]!) && !/\bRETURNING\b/i.test(out));
  if (returnsId) out = `${out.replace(/;\s*$/, "")} RETURNING id`;
  const result = { text: out, returnsId, names: names.length ? names : null };
  if (translations.size < 2000) translations.set(sql, result);
  return result;
}

/** better-sqlite3 binds numbers, strings, bigints, buffers and null (positionally or by name). */
function bindable(params: unknown[], names: string[] | null): unknown[] {
  if (names) {
    const bag = params[0];
    if (params.length !== 1 || !bag || typeof bag !== "object" || Array.isArray(bag) || Buffer.isBuffer(bag))
      throw new TypeError("named parameters need one object of values");
    params = names.map((name) => {
      if (!(name in bag)) throw new RangeError(`Missing named parameter "${name}"`);
      return (bag as Record<string, unknown>)[name];
    });
  } else if (params.length === 1 && Array.isArray(params[0])) {
    params = params[0] as unknown[];
  }
  return params.map((p) => {
    if (p === undefined) return null;
    if (typeof p === "boolean")
      throw new TypeError("SQLite3 can only bind numbers, strings, bigints, buffers, and null");
    return p;
  });
}

function fromWorker(rows: unknown[]): unknown[] {
  // Structured clone turns Buffers into plain Uint8Arrays: give the code Buffers back.
  for (const row of rows) {
    if (row && typeof row === "object") {
      for (const [k, v] of Object.entries(row))
        if (v instanceof Uint8Array && !Buffer.isBuffer(v)) (row as Record<string, unknown>)[k] = Buffer.from(v);
    }
  }
  return rows;
}

/** Rows fetched per round trip when iterating. */
const CURSOR_BATCH = 500;
let nextCursorId = 1;

export interface RunResult {
  changes: number;
  lastInsertRowid: number;
}

export class PgStatement {
  private rawMode = false;
  constructor(
    private readonly db: PgSyncDatabase,
    readonly source: string,
  ) {}

  raw(toggle = true): this {
    this.rawMode = toggle;
    return this;
  }

  private query(params: unknown[]) {
    const { text, returnsId, names } = translateSql(this.source);
    const answer = this.db.send(
      { kind: "query", sql: text, params: bindable(params, names), rowMode: this.rawMode ? "array" : undefined },
      this.source,
    );
    return { rows: fromWorker(answer.rows ?? []), rowCount: answer.rowCount ?? 0, returnsId };
  }

  all(...params: unknown[]): unknown[] {
    return this.query(params).rows;
  }

  get(...params: unknown[]): unknown {
    return this.query(params).rows[0];
  }

  run(...params: unknown[]): RunResult {
    const { rows, rowCount, returnsId } = this.query(params);
    const last = returnsId ? (rows[rows.length - 1] as { id?: number } | undefined) : undefined;
    return { changes: rowCount, lastInsertRowid: last?.id ?? 0 };
  }

  /**
   * Streams the rows in batches through a server-side cursor on a connection of its own (a
   * read-only snapshot taken when iteration starts; it does not see the calling connection's
   * uncommitted writes). Memory stays at one batch, as with better-sqlite3's iterate().
   */
  *iterate(...params: unknown[]): IterableIterator<unknown> {
    const { text, names } = translateSql(this.source);
    const cursorId = nextCursorId++;
    this.db.send(
      {
        kind: "cursor-open",
        cursorId,
        sql: text,
        params: bindable(params, names),
        rowMode: this.rawMode ? "array" : undefined,
      },
      this.source,
    );
    let open = true;
    try {
      while (open) {
        const batch = this.db.send({ kind: "cursor-read", cursorId, count: CURSOR_BATCH }, this.source);
        const rows = fromWorker(batch.rows ?? []);
        // A short batch means the worker has already closed the cursor.
        if (rows.length < CURSOR_BATCH) open = false;
        yield* rows;
      }
    } finally {
      if (open) this.db.send({ kind: "cursor-close", cursorId });
    }
  }
}

type Mode = "deferred" | "immediate" | "exclusive";

let nextId = 1;

export class PgSyncDatabase {
  readonly name: string;
  private readonly id = nextId++;
  private depth = 0;
  open = false;

  constructor(url: string, opts: { applicationName?: string } = {}) {
    this.name = redactUrl(url);
    this.send({ kind: "connect", url, applicationName: opts.applicationName });
    this.open = true;
  }

  /**
   * Bounds how long any later statement on this connection (or a cursor opened from it) may run;
   * PostgreSQL cancels it after `ms` with SQLSTATE 57014. The running portal sets it once the
   * migrations are applied (they may legitimately take longer).
   */
  setStatementTimeout(ms: number): void {
    this.send({ kind: "statement-timeout", ms });
  }

  /** @internal one round trip to the worker; throws the database's error. */
  send(op: Record<string, unknown>, sql?: string): Extract<WorkerAnswer, { ok: true }> {
    if (COUNTING_QUERIES && (op.kind === "query" || op.kind === "cursor-read")) countQuery();
    const answer = worker()({ ...op, id: this.id });
    if (!answer.ok) throw new PostgresError(answer.error, sql);
    return answer;
  }

  get inTransaction(): boolean {
    return this.depth > 0;
  }

  prepare(sql: string): PgStatement {
    return new PgStatement(this, sql);
  }

  /** Runs SQL text as is (no parameters; several statements allowed). */
  exec(sql: string): this {
    this.send({ kind: "query", sql }, sql);
    return this;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the shape better-sqlite3 declares
  transaction<F extends (...params: any[]) => unknown>(fn: F): SqlTransaction<F> {
    const run =
      (mode: Mode) =>
      (...args: unknown[]) =>
        this.runTransaction(mode, () => fn(...args) as ReturnType<F>);
    return Object.assign(run("deferred"), {
      deferred: run("deferred"),
      immediate: run("immediate"),
      exclusive: run("exclusive"),
    });
  }

  private runTransaction<T>(mode: Mode, work: () => T): T {
    // Inside a transaction better-sqlite3 nests with a savepoint; so does this.
    const savepoint = this.depth > 0 ? `sp_${this.depth}` : null;
    this.exec(savepoint ? `SAVEPOINT ${savepoint}` : "BEGIN");
    this.depth += 1;
    try {
      if (!savepoint && mode !== "deferred")
        this.send({ kind: "query", sql: "SELECT pg_advisory_xact_lock($1)", params: [WRITER_LOCK_KEY] });
      const result = work();
      if (result instanceof Promise) throw new TypeError("Transaction function cannot return a promise");
      this.exec(savepoint ? `RELEASE SAVEPOINT ${savepoint}` : "COMMIT");
      return result;
    } catch (err) {
      try {
        this.exec(savepoint ? `ROLLBACK TO SAVEPOINT ${savepoint}` : "ROLLBACK");
      } catch {
        /* the connection is gone: the server rolls back by itself */
      }
      throw err;
    } finally {
      this.depth -= 1;
    }
  }

  /** The few pragmas the server layer sets at run time; anything else is refused loudly. */
  pragma(source: string): unknown {
    if (/^\s*synchronous\s*$/i.test(source)) {
      const row = this.prepare("SELECT current_setting('synchronous_commit') AS level").get() as { level: string };
      // SQLite's numbering: 1 = NORMAL (no wait for the disk), 2 = FULL.
      return row.level === "off" ? 1 : 2;
    }
    const m = /^\s*synchronous\s*=\s*(\w+)\s*$/i.exec(source);
    if (m) {
      const level = m[1]!.toUpperCase();
      this.exec(`SET synchronous_commit = ${level === "OFF" || level === "NORMAL" ? "off" : "on"}`);
      return undefined;
    }
    throw new Error(`pragma ${source} has no PostgreSQL equivalent here`);
  }

  close(): void {
    if (!this.open) return;
    this.open = false;
    this.send({ kind: "close" });
  }
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "postgres://…";
  }
}
