/**
 * Applies the committed drizzle-kit migrations. Called explicitly at start-up and by tests;
 * never on import.
 */
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { DbHandle } from "./client";
import { applyPgMigrations } from "./pg/migrate";
import type { PgSyncDatabase } from "./pg/sync-client";

export function findMigrationsFolder(): string {
  const candidates = [
    path.resolve(process.cwd(), "db/migrations"),
    // When run from source (tsx, vitest) the folder sits beside this file.
    safeDirOf(import.meta.url, "migrations"),
  ].filter((p): p is string => Boolean(p));
  const found = candidates.find((p) => fs.existsSync(path.join(p, "meta", "_journal.json")));
  if (!found) throw new Error(`Cannot find db/migrations (looked in ${candidates.join(", ")})`);
  return found;
}

function safeDirOf(url: string, child: string): string | null {
  try {
    return path.join(path.dirname(fileURLToPath(url)), child);
  } catch {
    return null;
  }
}

export function applyMigrations(handle: DbHandle, migrationsFolder?: string): void {
  if (handle.engine === "postgres") {
    applyPgMigrations(handle.sqlite as PgSyncDatabase, migrationsFolder);
    return;
  }
  migrate(handle.db, { migrationsFolder: migrationsFolder ?? findMigrationsFolder() });
}
