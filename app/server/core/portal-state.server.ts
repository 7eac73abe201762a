/**
 * portal_state: the portal's small key-value store (worker heartbeats, the last sweep's
 * report, the yearly reference counters, the identity purge's last date). Core owns the table
 * and every feature reads and writes its own keys through these two functions, so the SQL for
 * it lives in one place. Keys are namespaced by their user: `worker:…`, `ref:<year>`,
 * `identity-purge:…`.
 */
import type { SqlConnection } from "../../../db/client";
import { getSqlite, prepareCached } from "./db.server";
import { readAll, readOne, type PortalStateRow } from "./rows.server";

export function readPortalState(key: string, sqlite: SqlConnection = getSqlite()): PortalStateRow | undefined {
  return readOne<PortalStateRow>(prepareCached(sqlite, "SELECT * FROM portal_state WHERE key = ?"), key);
}

/** Several keys at once (the operations page shows the worker's two). */
export function readPortalStates(keys: readonly string[], sqlite: SqlConnection = getSqlite()): PortalStateRow[] {
  if (keys.length === 0) return [];
  return readAll<PortalStateRow>(
    prepareCached(sqlite, `SELECT * FROM portal_state WHERE key IN (${keys.map(() => "?").join(", ")})`),
    ...keys,
  );
}

/** Sets `key` to `value` (insert or overwrite), stamped with `at` (epoch ms). */
export function writePortalState(key: string, value: string, at: number, sqlite: SqlConnection = getSqlite()): void {
  prepareCached(
    sqlite,
    "INSERT INTO portal_state (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
  ).run(key, value, at);
}
