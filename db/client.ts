/**
 * Opens the SQLite database with the pragmas the portal's durability depends on.
 * Compliance records must survive power loss, so synchronous=FULL (better-sqlite3's build
 * would otherwise default WAL databases to NORMAL): docs/decisions/2026-11-28-sqlite-durability.md.
 */
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import fs from "node:fs";
import path from "node:path";
import { PgSyncDatabase } from "./pg/sync-client";
import * as schema from "./schema";
import { COUNTING_QUERIES, countQuery } from "./query-count";
import type { SqlConnection } from "./sql-connection";

export type PortalDb = BetterSQLite3Database<typeof schema>;

/** The engine-neutral SQL surface, re-exported here where the server layer has always found it. */
export type { SqlConnection, SqlStatement, SqlTransaction } from "./sql-connection";
export type Engine = "sqlite" | "postgres";

export interface DbHandle {
  engine: Engine;
  sqlite: SqlConnection;
  db: PortalDb;
  /** The SQLite file, or the PostgreSQL URL without its password (for logs and messages). */
  path: string;
  /** What was opened, credentials included: to open a second connection; never log it. */
  target: string;
}

export const BUSY_TIMEOUT_MS = 5000;

/** The better-sqlite3 connection of a SQLite handle, for SQLite-only tools (EXPLAIN, backup). */
export function sqliteConnectionOf(handle: DbHandle): Database.Database {
  if (handle.engine !== "sqlite") throw new Error(`this needs the SQLite engine, not ${handle.engine}`);
  return handle.sqlite as unknown as Database.Database;
}

const POSTGRES_URL = /^postgres(ql)?:\/\//;

/** Opens the database `target` names: a postgres:// URL or a SQLite file path. */
export function openDatabase(target: string): DbHandle {
  if (POSTGRES_URL.test(target)) {
    const pg = new PgSyncDatabase(target);
    // drizzle's query builder speaks through the same synchronous surface; the few queries it
    // builds (plain SELECT/INSERT/UPDATE with quoted identifiers) are valid PostgreSQL too.
    const db = drizzle(pg as unknown as Database.Database, { schema });
    return { engine: "postgres", sqlite: pg, db, path: pg.name, target };
  }
  return openSqlite(target);
}

function openSqlite(filePath: string): DbHandle {
  const inMemory = filePath === ":memory:" || filePath === "";
  if (!inMemory) fs.mkdirSync(path.dirname(path.resolve(filePath)), { recursive: true });
  const sqlite = new Database(inMemory ? ":memory:" : filePath, {
    timeout: BUSY_TIMEOUT_MS,
    // better-sqlite3 calls `verbose` for every statement it executes.
    ...(COUNTING_QUERIES ? { verbose: countQuery } : {}),
  });
  if (!inMemory) {
    sqlite.pragma("journal_mode = WAL");
    // Keep the WAL from growing without bound between checkpoints (a long-lived reader otherwise stops it from being reset).
    sqlite.pragma("journal_size_limit = 67108864");
    try {
      fs.chmodSync(filePath, 0o600);
    } catch {
      /* not fatal: e.g. a read-only mount in a test */
    }
  }
  sqlite.pragma("synchronous = FULL");
  // 16 MiB of page cache (SQLite's default is 2 MiB): at 1,000,000 requests a filing updates
  // ~15 B-trees (table, indexes, roll-ups) whose inner pages then stay in memory.
  sqlite.pragma("cache_size = -16384");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  const db = drizzle(sqlite, { schema });
  return { engine: "sqlite", sqlite, db, path: filePath, target: filePath };
}
