/**
 * Opens the SQLite database with the pragmas the portal's durability depends on.
 * Compliance records must survive power loss, so synchronous=FULL (better-sqlite3's build
 * would otherwise default WAL databases to NORMAL). See README Decisions.
 */
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import fs from "node:fs";
import path from "node:path";
import * as schema from "./schema";

export type PortalDb = BetterSQLite3Database<typeof schema>;
export interface DbHandle {
  sqlite: Database.Database;
  db: PortalDb;
  path: string;
}

export const BUSY_TIMEOUT_MS = 5000;

export function openDatabase(filePath: string): DbHandle {
  const inMemory = filePath === ":memory:" || filePath === "";
  if (!inMemory) fs.mkdirSync(path.dirname(path.resolve(filePath)), { recursive: true });
  const sqlite = new Database(inMemory ? ":memory:" : filePath, { timeout: BUSY_TIMEOUT_MS });
  if (!inMemory) {
    sqlite.pragma("journal_mode = WAL");
    // Keep the WAL from growing without bound between checkpoints (toolchain pitfall 4).
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
  return { sqlite, db, path: filePath };
}
