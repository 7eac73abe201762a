/**
 * Database access for the server layer. Every state change runs in ONE synchronous
 * transaction started with BEGIN IMMEDIATE: read-then-write work must hold the write lock from
 * the start, or a concurrent writer turns it into SQLITE_BUSY (WAL + deferred). On PostgreSQL
 * (db/pg/sync-client.ts) the same call takes the writers' advisory lock first: writers in
 * every process are serialised as on SQLite, readers never wait.
 */
import type { SqlConnection, SqlStatement } from "../../../db/client";
import { PgSyncDatabase } from "../../../db/pg/sync-client";
import { getRuntime } from "./runtime.server";

export function getDb() {
  return getRuntime().handle.db;
}

export function getSqlite() {
  return getRuntime().handle.sqlite;
}

/**
 * Runs `work` inside an IMMEDIATE transaction. `work` must be synchronous (no await): email is
 * never sent here, it is written to the outbox and sent after commit.
 */
export function inTransaction<T>(work: () => T): T {
  const sqlite = getSqlite();
  const result = sqlite.transaction(work).immediate();
  if (result instanceof Promise) throw new TypeError("inTransaction work must be synchronous");
  return result;
}

/** Which engine a connection talks to, for the few statements that differ. */
export function engineOf(sqlite: SqlConnection): "sqlite" | "postgres" {
  return sqlite instanceof PgSyncDatabase ? "postgres" : "sqlite";
}

/**
 * For claiming work rows (outbox leases). SQLite: the IMMEDIATE transaction, as everywhere.
 * PostgreSQL: without the writer lock, so workers in several processes claim at the same
 * time; the claim's SELECT must then end with `FOR UPDATE SKIP LOCKED` (claimSuffix), which
 * gives each row to one claimant and lets the others skip it instead of waiting.
 */
export function inClaimTransaction<T>(work: (claimSuffix: string) => T): T {
  const sqlite = getSqlite();
  if (engineOf(sqlite) === "sqlite") return inTransaction(() => work(""));
  return sqlite.transaction(() => work(" FOR UPDATE SKIP LOCKED")).deferred();
}

/**
 * For bookkeeping that needs atomicity but not durability (abuse-limit counters): the same
 * IMMEDIATE transaction, committed without waiting for the disk (synchronous=NORMAL, which in
 * WAL mode still keeps the database consistent; a power cut may forget the last few counts).
 * The next ordinary transaction syncs the WAL again, these frames included. This saves one
 * fsync per filing, which was a third of the filing POST's time.
 */
export function inBookkeepingTransaction<T>(work: () => T): T {
  const sqlite = getSqlite();
  // Inside a caller's transaction the caller's durability applies: nothing to change.
  if (sqlite.inTransaction) return inTransaction(work);
  sqlite.pragma("synchronous = NORMAL");
  try {
    return inTransaction(work);
  } finally {
    sqlite.pragma("synchronous = FULL");
  }
}

const statementCaches = new WeakMap<SqlConnection, Map<string, SqlStatement>>();
/**
 * A prepared statement reused across requests (preparing costs ~20 µs, more than running a
 * small indexed query; a filing prepared ~15). For plain statements only: callers must not
 * change the statement's mode (pluck/raw/expand) or iterate it, since the next caller gets
 * the same one — those keep `sqlite.prepare` (audit verification, exports, percentile reads).
 */
export function prepareCached(sqlite: SqlConnection, sql: string): SqlStatement {
  let cache = statementCaches.get(sqlite);
  if (!cache) {
    cache = new Map();
    statementCaches.set(sqlite, cache);
  }
  let stmt = cache.get(sql);
  if (!stmt) {
    stmt = sqlite.prepare(sql);
    // Bounded: SQL built from a fixed set of fragments has few variants; anything beyond is
    // simply prepared each time.
    if (cache.size < 500) cache.set(sql, stmt);
  }
  return stmt;
}
