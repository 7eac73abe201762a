/**
 * Stored API answers (Idempotency-Key replays of the vendor API) hold the request's detail,
 * residents' names and messages included: kept one day, as payment APIs do, and dropped at once
 * when the identity purge removes the filing they mention.
 */
import type { SqlConnection } from "../../../db/client";
import { getSqlite, prepareCached } from "../core/db.server";

export const IDEMPOTENCY_REPLAY_MS = 86_400_000;

/** Drops stored API answers older than a day. */
export function pruneIdempotencyReplays(now: Date, sqlite: SqlConnection = getSqlite()): number {
  return prepareCached(sqlite, "DELETE FROM idempotency_keys WHERE created_at < ?").run(
    now.getTime() - IDEMPOTENCY_REPLAY_MS,
  ).changes;
}

/** Drops the stored answers that mention any of these request references; returns how many. */
export function dropReplaysMentioning(references: readonly string[], sqlite: SqlConnection): number {
  let dropped = 0;
  for (const reference of references)
    dropped += prepareCached(sqlite, "DELETE FROM idempotency_keys WHERE body LIKE ?").run(`%"${reference}"%`).changes;
  return dropped;
}
