/**
 * A cheap version of everything a request's figures depend on: the newest request event (every
 * state change writes one, in the same transaction), the newest answer package and the number
 * of companies. Read models that are costly at scale (the regulator dashboard, the counts at
 * the top of a company's queue) keep their result for the rest of the UTC minute while this
 * does not move; figures that move with the clock alone ("overdue now") are never older than
 * that minute. Three index lookups, no write: a counter bumped by every transaction would make
 * all of them queue on one row.
 *
 * On PostgreSQL ids are handed out before commit, so a transaction that commits after a larger
 * id is already visible can be missed until the minute ends: that is the staleness bound.
 */
import type { SqlConnection } from "../../../db/client";
import { prepareCached } from "./db.server";

export const CACHE_MINUTE_MS = 60_000;

export function readChangeVersion(sqlite: SqlConnection): string {
  const row = prepareCached(
    sqlite,
    "SELECT (SELECT max(id) FROM request_events) AS e, (SELECT max(id) FROM response_packages) AS p, (SELECT count(*) FROM vendors) AS v",
  ).get() as { e: number | null; p: number | null; v: number };
  return `${row.e ?? 0}:${row.p ?? 0}:${row.v}`;
}

/**
 * A per-process cache of one read model, per database: an entry is used while its key (which
 * carries the UTC minute) and the change version are the same. Least recently used out first.
 */
export function createMinuteCache<T>(maxEntries: number) {
  const caches = new WeakMap<object, Map<string, { version: string; value: T }>>();
  return (sqlite: SqlConnection, key: string, now: Date, read: () => T): T => {
    let cache = caches.get(sqlite);
    if (!cache) caches.set(sqlite, (cache = new Map()));
    // Read before the figures: a change committed in between makes the next view read again.
    const version = readChangeVersion(sqlite);
    const fullKey = `${key}\n${Math.floor(now.getTime() / CACHE_MINUTE_MS)}`;
    const hit = cache.get(fullKey);
    if (hit && hit.version === version) {
      cache.delete(fullKey);
      cache.set(fullKey, hit);
      return hit.value;
    }
    const value = read();
    cache.delete(fullKey);
    cache.set(fullKey, { version, value });
    while (cache.size > maxEntries) cache.delete(cache.keys().next().value!);
    return value;
  };
}
