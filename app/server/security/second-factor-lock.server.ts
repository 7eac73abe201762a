/**
 * Per-account lockout of the second factor. Only someone who already has the password reaches a
 * code prompt, so the per-IP and per-15-minutes limits alone would let that person guess codes
 * from many addresses for as long as they like. Instead, wrong codes are counted per account
 * (every IP, every entry point: login, step-up, regenerating recovery codes; TOTP and recovery
 * codes alike), and the RATE_LIMITS.secondFactorFailuresPerAccount-th within a day LOCKS the
 * second factor: every code is refused, a right one too, without even being checked.
 *
 * The lock cannot shut the real user out for good: the one email it sends goes to the account's
 * own address with a single-use link (30 minutes; 256 random bits, stored as SHA-256 only) whose
 * page lifts the lock with a POST (a mail scanner's GET changes nothing), and a password reset
 * or an admin's reset of the second factor lifts it too. Whoever locked it needed the password,
 * which the reset takes away. The lock itself is a hold in rate_limits (no window ends it).
 */
import crypto from "node:crypto";
import { appendAudit, type AuditInput } from "../audit/audit-chain.server";
import { sha256Hex } from "./staff-sessions.server";
import { getSqlite, inTransaction, prepareCached } from "../core/db.server";
import { ServiceError } from "../core/errors.server";
import { enqueueEmail } from "../mail/outbox.server";
import { countHit, forgetHits, isHeld, placeHold, releaseHold } from "./rate-limit.server";
import { readOne, type UserRow } from "../core/rows.server";

export const UNLOCK_LINK_TTL_MS = 30 * 60_000;
const PURPOSE = "second_factor_unlock";

const accountKey = (userId: number) => `user:${userId}`;

export function isSecondFactorLocked(userId: number): boolean {
  return isHeld("secondFactorLocked", accountKey(userId));
}

interface LockedUser {
  id: number;
  email: string;
  name: string;
  role: string;
  vendor_id: number | null;
  locale: string;
}

/**
 * Counts one wrong code; returns true when this one locked the account (the caller wakes the
 * mail worker after commit). Call inside the transaction that found the code wrong.
 */
export function countWrongSecondFactorCode(userId: number, now: Date): boolean {
  const { count, limit } = countHit("secondFactorFailuresPerAccount", accountKey(userId), now);
  if (count < limit || !placeHold("secondFactorLocked", accountKey(userId))) return false;
  const sqlite = getSqlite();
  const user = readOne<LockedUser>(
    prepareCached(sqlite, "SELECT id, email, name, role, vendor_id, locale FROM users WHERE id = ?"),
    userId,
  )!;
  const token = crypto.randomBytes(32).toString("base64url");
  const tokenHash = sha256Hex(token);
  const t = now.getTime();
  prepareCached(
    sqlite,
    `INSERT INTO one_time_tokens (purpose, token_hash, user_id, expires_at, created_at) VALUES ('${PURPOSE}', ?, ?, ?, ?)`,
  ).run(tokenHash, userId, t + UNLOCK_LINK_TTL_MS, t);
  enqueueEmail({
    dedupeKey: `second-factor-locked:${userId}:${tokenHash.slice(0, 16)}`,
    to: user.email,
    template: "second-factor-locked",
    locale: user.locale === "fr-CA" ? "fr-CA" : "en",
    at: now,
    data: {
      name: user.name,
      failures: count,
      unlockPath: `/two-factor/unlock/${token}`,
      expiresInMinutes: UNLOCK_LINK_TTL_MS / 60_000,
    },
  });
  appendAudit({
    at: now,
    actorType: "system",
    vendorId: user.vendor_id,
    action: "auth.second_factor_locked",
    objectType: "user",
    objectId: userId,
    details: { failures: count },
  });
  return true;
}

/**
 * Lifts the lock because the account was taken back another way (password reset, an admin's
 * reset of the second factor); any unlock link still out stops working. Call inside the
 * caller's transaction. Returns whether there was a lock.
 */
export function liftSecondFactorLock(
  userId: number,
  now: Date,
  by: {
    via: "password_reset" | "admin_reset";
    actorType: AuditInput["actorType"];
    actorId: number;
    vendorId: number | null;
  },
): boolean {
  forgetHits("secondFactorFailuresPerAccount", accountKey(userId));
  if (!releaseHold("secondFactorLocked", accountKey(userId))) return false;
  // No index on user_id: scanning is acceptable only because it runs when a lock really existed.
  prepareCached(
    getSqlite(),
    `UPDATE one_time_tokens SET used_at = ? WHERE purpose = '${PURPOSE}' AND user_id = ? AND used_at IS NULL`,
  ).run(now.getTime(), userId);
  appendAudit({
    at: now,
    actorType: by.actorType,
    actorId: by.actorId,
    vendorId: by.vendorId,
    action: "auth.second_factor_unlocked",
    objectType: "user",
    objectId: userId,
    details: { via: by.via },
  });
  return true;
}

interface TokenRow {
  id: number;
  user_id: number;
  expires_at: number;
  used_at: number | null;
}

function findUnlockToken(token: string): TokenRow | undefined {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
  return readOne<TokenRow>(
    prepareCached(
      getSqlite(),
      `SELECT id, user_id, expires_at, used_at FROM one_time_tokens WHERE purpose = '${PURPOSE}' AND token_hash = ?`,
    ),
    sha256Hex(token),
  );
}

/** What the link's page shows on GET; reading it changes nothing (mail scanners fetch links). */
export function peekUnlockLink(token: string, now: Date): "valid" | "expired" | "invalid" {
  const row = findUnlockToken(token);
  if (!row || row.used_at != null) return "invalid";
  return now.getTime() > row.expires_at ? "expired" : "valid";
}

/** The POST of the link's page: lifts the lock once. 404 unknown or used, 409 expired. */
export function unlockWithLink(token: string, now: Date): void {
  inTransaction(() => {
    const row = findUnlockToken(token);
    if (!row || row.used_at != null) throw new ServiceError(404, "not_found", "Not found");
    if (now.getTime() > row.expires_at) throw new ServiceError(409, "expired", "This link has expired");
    const sqlite = getSqlite();
    prepareCached(sqlite, "UPDATE one_time_tokens SET used_at = ? WHERE id = ?").run(now.getTime(), row.id);
    forgetHits("secondFactorFailuresPerAccount", accountKey(row.user_id));
    releaseHold("secondFactorLocked", accountKey(row.user_id));
    const user = readOne<Pick<UserRow, "role" | "vendor_id">>(
      prepareCached(sqlite, "SELECT role, vendor_id FROM users WHERE id = ?"),
      row.user_id,
    )!;
    // Whoever opened the account's mailbox acts as the account's owner.
    const actorType = user.role === "regulator" ? "regulator" : user.role === "admin" ? "admin" : "staff";
    appendAudit({
      at: now,
      actorType,
      actorId: row.user_id,
      vendorId: user.vendor_id,
      action: "auth.second_factor_unlocked",
      objectType: "user",
      objectId: row.user_id,
      details: { via: "email_link" },
    });
  });
}
