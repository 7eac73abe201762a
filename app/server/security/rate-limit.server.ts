/**
 * Fixed-window abuse limits kept in SQLite (so they hold across restarts and several web
 * processes). Buckets are keyed by action and by a hash of the IP or email — never the raw
 * address — so the table holds no personal data.
 */
import { sha256Hex } from "./staff-sessions.server";
import { getSqlite, inBookkeepingTransaction, prepareCached } from "../core/db.server";
import { getRuntime } from "../core/runtime.server";
import { readOne, type RateLimitRow } from "../core/rows.server";

export interface RateLimitRule {
  limit: number;
  windowMs: number;
}

export const RATE_LIMITS = {
  filingPerIp: { limit: 20, windowMs: 60 * 60_000 },
  filingPerEmail: { limit: 10, windowMs: 60 * 60_000 },
  findPerIp: { limit: 10, windowMs: 60 * 60_000 },
  findPerEmail: { limit: 3, windowMs: 60 * 60_000 },
  verifyPerIp: { limit: 30, windowMs: 60 * 60_000 },
  verifyPerEmail: { limit: 10, windowMs: 60 * 60_000 },
  loginPerIp: { limit: 30, windowMs: 15 * 60_000 },
  resetPerIp: { limit: 10, windowMs: 60 * 60_000 },
  resetPerEmail: { limit: 3, windowMs: 60 * 60_000 },
  loginPerAccount: { limit: 10, windowMs: 15 * 60_000 },
  // Second factor (login code, enrolment, step-up, regenerate): 10^6 codes, 3 valid at a time.
  secondFactorPerAccount: { limit: 10, windowMs: 15 * 60_000 },
  secondFactorPerIp: { limit: 30, windowMs: 15 * 60_000 },
  // WRONG second-factor codes per account, from any IP and entry point: the limit-th within a
  // day does not merely slow the guesser, it locks the second factor until the owner lifts the
  // lock from their mailbox or resets the password (second-factor-lock.server).
  secondFactorFailuresPerAccount: { limit: 10, windowMs: 24 * 60 * 60_000 },
  // Vendors' own systems: generous for batch work, bounded so one leaked key cannot flood us.
  apiPerKey: { limit: 600, windowMs: 60_000 },
} satisfies Record<string, RateLimitRule>;

export type RateLimitResult = { ok: true } | { ok: false; retryAfterSeconds: number };

/** The window_start of holds (below): no real window starts at the epoch. */
const HOLD_WINDOW = 0;

function bucketOf(name: string, key: string): string {
  return `${name}:${sha256Hex(key.toLowerCase()).slice(0, 32)}`;
}

/** Counts one hit for each key; refuses if any is over its limit (the hit is still counted). */
export function hitRateLimits(hits: { name: keyof typeof RATE_LIMITS; key: string }[], now: Date): RateLimitResult {
  const t = now.getTime();
  const sqlite = getSqlite();
  const scale = getRuntime().config.rateLimitScale;
  return inBookkeepingTransaction(() => {
    let worst: RateLimitResult = { ok: true };
    for (const h of hits) {
      const rule = RATE_LIMITS[h.name];
      const windowStart = t - (t % rule.windowMs);
      const bucket = bucketOf(h.name, h.key);
      prepareCached(
        sqlite,
        "INSERT INTO rate_limits (bucket, window_start, count) VALUES (?, ?, 1) ON CONFLICT(bucket, window_start) DO UPDATE SET count = rate_limits.count + 1",
      ).run(bucket, windowStart);
      const { count } = readOne<Pick<RateLimitRow, "count">>(
        prepareCached(sqlite, "SELECT count FROM rate_limits WHERE bucket = ? AND window_start = ?"),
        bucket,
        windowStart,
      )!;
      if (count > rule.limit * scale) {
        const retry = Math.ceil((windowStart + rule.windowMs - t) / 1000);
        if (worst.ok || retry > worst.retryAfterSeconds) worst = { ok: false, retryAfterSeconds: retry };
      }
    }
    return worst;
  });
}

/**
 * Counts one hit in the current window and returns the window's count with the (scaled) limit,
 * for a caller that acts when the count is reached instead of refusing past it (a lockout).
 * Call it inside the caller's transaction: the count and what it triggers commit together.
 */
export function countHit(name: keyof typeof RATE_LIMITS, key: string, now: Date): { count: number; limit: number } {
  const t = now.getTime();
  const sqlite = getSqlite();
  const rule = RATE_LIMITS[name];
  const windowStart = t - (t % rule.windowMs);
  const bucket = bucketOf(name, key);
  prepareCached(
    sqlite,
    "INSERT INTO rate_limits (bucket, window_start, count) VALUES (?, ?, 1) ON CONFLICT(bucket, window_start) DO UPDATE SET count = rate_limits.count + 1",
  ).run(bucket, windowStart);
  const { count } = readOne<Pick<RateLimitRow, "count">>(
    prepareCached(sqlite, "SELECT count FROM rate_limits WHERE bucket = ? AND window_start = ?"),
    bucket,
    windowStart,
  )!;
  return { count, limit: rule.limit * getRuntime().config.rateLimitScale };
}

/** Forgets every window's count of one key (its owner proved who they are). */
export function forgetHits(name: keyof typeof RATE_LIMITS, key: string): void {
  prepareCached(getSqlite(), "DELETE FROM rate_limits WHERE bucket = ? AND window_start <> ?").run(
    bucketOf(name, key),
    HOLD_WINDOW,
  );
}

/**
 * Holds: rows of this table that no window ends. They sit at window_start 0, which the prune
 * spares, and stay until released: a lockout that only its owner may lift must not expire
 * by itself at a window boundary. Call these inside the caller's transaction.
 */
export type HoldName = "secondFactorLocked";

/** Places the hold; false when it was already in place. */
export function placeHold(name: HoldName, key: string): boolean {
  return (
    prepareCached(
      getSqlite(),
      "INSERT INTO rate_limits (bucket, window_start, count) VALUES (?, ?, 1) ON CONFLICT(bucket, window_start) DO NOTHING",
    ).run(bucketOf(name, key), HOLD_WINDOW).changes === 1
  );
}

export function isHeld(name: HoldName, key: string): boolean {
  return Boolean(
    prepareCached(getSqlite(), "SELECT 1 FROM rate_limits WHERE bucket = ? AND window_start = ?").get(
      bucketOf(name, key),
      HOLD_WINDOW,
    ),
  );
}

/** Releases the hold; false when there was none. */
export function releaseHold(name: HoldName, key: string): boolean {
  return (
    prepareCached(getSqlite(), "DELETE FROM rate_limits WHERE bucket = ? AND window_start = ?").run(
      bucketOf(name, key),
      HOLD_WINDOW,
    ).changes === 1
  );
}

/** Old windows are useless: the sweep deletes them (holds stay until released). */
export function pruneRateLimits(now: Date): number {
  const oldest = now.getTime() - 24 * 60 * 60_000;
  return getSqlite()
    .prepare("DELETE FROM rate_limits WHERE window_start < ? AND window_start <> ?")
    .run(oldest, HOLD_WINDOW).changes;
}

/** The client address Express saw (passed through the Remix load context), for rate limits only. */
export function clientAddress(context: unknown): string {
  const ip = (context as { clientIp?: unknown } | null)?.clientIp;
  return typeof ip === "string" && ip ? ip : "unknown";
}
