/**
 * Fixed-window abuse limits kept in SQLite (so they hold across restarts and several web
 * processes). Buckets are keyed by action and by a hash of the IP or email — never the raw
 * address — so the table holds no personal data.
 */
import { sha256Hex } from "./auth.server";
import { getSqlite, inBookkeepingTransaction, prepareCached } from "./db.server";
import { getRuntime } from "./runtime.server";

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
  // Vendors' own systems: generous for batch work, bounded so one leaked key cannot flood us.
  apiPerKey: { limit: 600, windowMs: 60_000 },
} satisfies Record<string, RateLimitRule>;

export type RateLimitResult = { ok: true } | { ok: false; retryAfterSeconds: number };

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
      const bucket = `${h.name}:${sha256Hex(h.key.toLowerCase()).slice(0, 32)}`;
      prepareCached(sqlite, "INSERT INTO rate_limits (bucket, window_start, count) VALUES (?, ?, 1) ON CONFLICT(bucket, window_start) DO UPDATE SET count = rate_limits.count + 1")
        .run(bucket, windowStart);
      const { count } = prepareCached(sqlite, "SELECT count FROM rate_limits WHERE bucket = ? AND window_start = ?").get(bucket, windowStart) as { count: number };
      if (count > rule.limit * scale) {
        const retry = Math.ceil((windowStart + rule.windowMs - t) / 1000);
        if (worst.ok || retry > worst.retryAfterSeconds) worst = { ok: false, retryAfterSeconds: retry };
      }
    }
    return worst;
  });
}

/** Old windows are useless: the sweep deletes them. */
export function pruneRateLimits(now: Date): number {
  const oldest = now.getTime() - 24 * 60 * 60_000;
  return getSqlite().prepare("DELETE FROM rate_limits WHERE window_start < ?").run(oldest).changes;
}

/** The client address Express saw (passed through the Remix load context), for rate limits only. */
export function clientAddress(context: unknown): string {
  const ip = (context as { clientIp?: unknown } | null)?.clientIp;
  return typeof ip === "string" && ip ? ip : "unknown";
}
