/**
 * Database access for the server layer. Every state change runs in ONE synchronous
 * better-sqlite3 transaction started with BEGIN IMMEDIATE: read-then-write work must hold the
 * write lock from the start, or a concurrent writer turns it into SQLITE_BUSY (WAL + deferred).
 */
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
