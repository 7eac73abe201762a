/**
 * Staff passwords: what a password must be (12 characters at least, not a common one), the
 * "forgot password" link and the reset it allows, and spending an account's other emailed links
 * once a password is set, so an older email cannot set it again.
 */
import crypto from "node:crypto";
import * as zxcvbnCommon from "@zxcvbn-ts/language-common";
import { z } from "zod";
import { appendAudit } from "../audit/audit-chain.server";
import { getSqlite, inTransaction, prepareCached } from "../core/db.server";
import { ServiceError } from "../core/errors.server";
import { readOne, type OneTimeTokenRow, type UserRow } from "../core/rows.server";
import { getRuntime } from "../core/runtime.server";
import { enqueueEmail } from "../mail/outbox.server";
import { liftSecondFactorLock } from "../security/second-factor-lock.server";
import { hashPassword, revokeUserSessions, sha256Hex } from "../security/staff-sessions.server";

/**
 * Common, guessable passwords (ASVS 6.2.4: at least the top 3,000): zxcvbn-ts's list of 49,233
 * passwords ranked by frequency in public breaches, plus a few phrases this portal invites.
 */
const COMMON = new Set(
  [
    ...zxcvbnCommon.dictionary["passwords-common"],
    "password1",
    "letmeinplease",
    "passwordpassword",
    "iloveyou1234",
    "welcome12345",
    "correcthorse",
    "correcthorsebatterystaple",
    "biometricportal",
  ].map((p) => p.toLowerCase()),
);
export const passwordField = z
  .string({ error: "errors.passwordRequired" })
  .min(12, { error: "errors.passwordShort" })
  .max(1024, { error: "errors.tooLong" })
  .refine((p) => !COMMON.has(p.toLowerCase()), { error: "errors.passwordCommon" });

/**
 * Setting a password (reset or invitation) spends every other emailed link of the account:
 * a copy of an older reset email, or the invitation, must not set it again. Returns how many.
 */
export function spendPasswordLinks(userId: number, now: Date): number {
  return prepareCached(
    getSqlite(),
    "UPDATE one_time_tokens SET used_at = ? WHERE user_id = ? AND used_at IS NULL AND purpose IN ('password_reset', 'staff_invite')",
  ).run(now.getTime(), userId).changes;
}

export const RESET_TTL_MS = 30 * 60_000;

/**
 * "Forgot password": emails a 30-minute single-use link when the account exists and is active.
 * The caller shows the same answer either way (no account oracle); the timing is similar
 * because a token is generated and hashed in both cases.
 */
export function requestPasswordReset(email: string, now: Date): void {
  const sqlite = getSqlite();
  const token = crypto.randomBytes(32).toString("base64url");
  const tokenHash = sha256Hex(token);
  const user = readOne<Pick<UserRow, "id" | "name" | "email">>(
    prepareCached(sqlite, "SELECT id, name, email FROM users WHERE email = ? AND disabled_at IS NULL"),
    email.trim().toLowerCase(),
  );
  if (!user) return;
  const t = now.getTime();
  inTransaction(() => {
    prepareCached(
      sqlite,
      "INSERT INTO one_time_tokens (purpose, token_hash, user_id, expires_at, created_at) VALUES ('password_reset', ?, ?, ?, ?)",
    ).run(tokenHash, user.id, t + RESET_TTL_MS, t);
    enqueueEmail({
      dedupeKey: `password-reset:${user.id}:${tokenHash.slice(0, 16)}`,
      to: user.email,
      template: "password-reset",
      locale: "en",
      at: now,
      data: { name: user.name, resetPath: `/reset/${token}`, expiresInMinutes: RESET_TTL_MS / 60_000 },
    });
    appendAudit({
      at: now,
      actorType: "anonymous",
      action: "account.reset_requested",
      objectType: "user",
      objectId: user.id,
    });
  });
  getRuntime().wakeWorker();
}

/**
 * Sets the new password, ends every session of the account (a reset may follow a theft) and
 * spends its other reset links and any unused invitation link.
 * The authenticator stays (ASVS 6.4.3): an emailed link must not be a way around the second factor.
 */
export async function resetPassword(token: string, password: string, now: Date): Promise<void> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw new ServiceError(404, "not_found", "Not found");
  const hash = await hashPassword(password);
  inTransaction(() => {
    const sqlite = getSqlite();
    const row = readOne<Pick<OneTimeTokenRow, "id" | "user_id" | "expires_at" | "used_at">>(
      prepareCached(
        sqlite,
        "SELECT id, user_id, expires_at, used_at FROM one_time_tokens WHERE purpose = 'password_reset' AND token_hash = ?",
      ),
      sha256Hex(token),
    );
    // Invitation and reset tokens always name their account (user_id is null only on a filing's token).
    if (!row || row.used_at != null || row.user_id == null) throw new ServiceError(404, "not_found", "Not found");
    if (now.getTime() > row.expires_at) throw new ServiceError(409, "expired", "This link has expired");
    prepareCached(sqlite, "UPDATE one_time_tokens SET used_at = ? WHERE id = ?").run(now.getTime(), row.id);
    prepareCached(sqlite, "UPDATE users SET password_hash = ? WHERE id = ?").run(hash, row.user_id);
    // A lock of the second factor goes with the old password: whoever guessed codes had it, so the
    // lock has done its job, and it must not keep the owner out (second-factor-lock.server).
    liftSecondFactorLock(row.user_id, now, {
      via: "password_reset",
      actorType: "staff",
      actorId: row.user_id,
      vendorId: null,
    });
    const ended = revokeUserSessions(row.user_id, now);
    const linksRevoked = spendPasswordLinks(row.user_id, now);
    appendAudit({
      at: now,
      actorType: "staff",
      actorId: row.user_id,
      action: "account.password_reset",
      objectType: "user",
      objectId: row.user_id,
      details: { sessionsEnded: ended, linksRevoked },
    });
  });
}
