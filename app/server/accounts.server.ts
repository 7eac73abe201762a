/**
 * Staff and regulator accounts. Nobody gets a default password: an account is created with an
 * unusable random hash and an emailed single-use invitation (7 days) where its owner sets the
 * password. Portal admins create regulators and vendor admins; vendor admins invite agents of
 * their own vendor and disable them (which ends all their sessions at once).
 */
import crypto from "node:crypto";
import * as zxcvbnCommon from "@zxcvbn-ts/language-common";
import { z } from "zod";
import { isJurisdictionCode } from "~/domain/deadlines";
import { emailField, fullNameField } from "~/domain/schemas";
import { appendAudit } from "./audit.server";
import { hashPassword, revokeUserSessions, sha256Hex, type SessionUser } from "./auth.server";
import { getSqlite, inTransaction, prepareCached } from "./db.server";
import { ServiceError } from "./errors.server";
import { enqueueEmail } from "./outbox.server";
import { getRuntime } from "./runtime.server";

export const INVITE_TTL_MS = 7 * 86_400_000;

export const inviteSchema = z.object({
  email: emailField,
  name: fullNameField,
  role: z.enum(["vendor_admin", "vendor_agent", "regulator"], { error: "errors.roleRequired" }),
  organisation: z.string().trim().max(200).optional(),
  jurisdictions: z.array(z.string()).max(50).optional(),
  vendorId: z.coerce.number().int().positive().optional(),
});

/**
 * Common, guessable passwords (ASVS 6.2.4: at least the top 3,000): zxcvbn-ts's list of 49,233
 * passwords ranked by frequency in public breaches, plus a few phrases this portal invites.
 */
const COMMON = new Set(
  [...zxcvbnCommon.dictionary["passwords-common"], "password1", "letmeinplease", "passwordpassword", "iloveyou1234", "welcome12345", "correcthorse", "correcthorsebatterystaple", "biometricportal"].map((p) => p.toLowerCase()),
);
export const passwordField = z
  .string({ error: "errors.passwordRequired" })
  .min(12, { error: "errors.passwordShort" })
  .max(1024, { error: "errors.tooLong" })
  .refine((p) => !COMMON.has(p.toLowerCase()), { error: "errors.passwordCommon" });

export async function inviteUser(inviter: SessionUser, input: z.infer<typeof inviteSchema>, now: Date): Promise<{ userId: number }> {
  // Who may create whom: the portal admin creates regulators and vendor admins; a vendor admin
  // creates agents and admins of ITS vendor only (the vendor id comes from the session).
  let vendorId: number | null = null;
  if (inviter.role === "admin") {
    if (input.role === "vendor_agent") throw new ServiceError(400, "bad_role", "Vendor admins invite their agents", { role: "errors.roleNotAllowed" });
    if (input.role === "vendor_admin") {
      if (!input.vendorId || !prepareCached(getSqlite(), "SELECT 1 FROM vendors WHERE id = ?").get(input.vendorId)) throw new ServiceError(400, "bad_vendor", "Unknown vendor", { vendorId: "errors.vendorUnknown" });
      vendorId = input.vendorId;
    }
  } else if (inviter.role === "vendor_admin" && inviter.vendorId != null) {
    if (input.role === "regulator") throw new ServiceError(400, "bad_role", "Not allowed", { role: "errors.roleNotAllowed" });
    vendorId = inviter.vendorId;
  } else {
    throw new ServiceError(404, "not_found", "Not found");
  }
  const jurisdictions = input.role === "regulator" ? (input.jurisdictions ?? []).filter(isJurisdictionCode) : [];
  if (input.role === "regulator" && jurisdictions.length === 0) throw new ServiceError(400, "no_scope", "A regulator needs jurisdictions", { jurisdictions: "errors.jurisdictionRequired" });
  const email = input.email.toLowerCase();
  const unusable = await hashPassword(crypto.randomBytes(32).toString("hex"));
  const token = crypto.randomBytes(32).toString("base64url");
  const t = now.getTime();
  const userId = inTransaction(() => {
    const sqlite = getSqlite();
    if (prepareCached(sqlite, "SELECT 1 FROM users WHERE email = ?").get(email)) throw new ServiceError(409, "exists", "An account with this email exists", { email: "errors.accountExists" });
    const id = Number(
      prepareCached(sqlite, "INSERT INTO users (email, name, password_hash, role, vendor_id, organisation, jurisdictions, locale, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'en', ?)")
        .run(email, input.name, unusable, input.role, vendorId, input.role === "regulator" ? (input.organisation ?? input.name) : null, JSON.stringify(jurisdictions), t).lastInsertRowid,
    );
    prepareCached(sqlite, "INSERT INTO one_time_tokens (purpose, token_hash, user_id, expires_at, created_at) VALUES ('staff_invite', ?, ?, ?, ?)").run(sha256Hex(token), id, t + INVITE_TTL_MS, t);
    const org = vendorId ? (prepareCached(sqlite, "SELECT name FROM vendors WHERE id = ?").get(vendorId) as { name: string }).name : (input.organisation ?? "Biometric Rights Portal");
    enqueueEmail({
      dedupeKey: `staff-invite:${id}`,
      to: email,
      template: "staff-invite",
      locale: "en",
      at: now,
      data: { name: input.name, vendorName: org, invitePath: `/invite/${token}`, expiresOn: new Date(t + INVITE_TTL_MS).toISOString().slice(0, 10) },
    });
    appendAudit({ at: now, actorType: inviter.role === "admin" ? "admin" : "staff", actorId: inviter.id, vendorId, action: "account.invited", objectType: "user", objectId: id, details: { role: input.role } });
    return id;
  });
  getRuntime().wakeWorker();
  return { userId };
}

/** The invited person sets a password; the link works once and for 7 days. */
export async function acceptInvite(token: string, password: string, now: Date): Promise<void> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw new ServiceError(404, "not_found", "Not found");
  const hash = await hashPassword(password);
  inTransaction(() => {
    const sqlite = getSqlite();
    const row = prepareCached(sqlite, "SELECT id, user_id, expires_at, used_at FROM one_time_tokens WHERE purpose = 'staff_invite' AND token_hash = ?")
      .get(sha256Hex(token)) as { id: number; user_id: number; expires_at: number; used_at: number | null } | undefined;
    if (!row || row.used_at != null) throw new ServiceError(404, "not_found", "Not found");
    if (now.getTime() > row.expires_at) throw new ServiceError(409, "expired", "This invitation has expired");
    prepareCached(sqlite, "UPDATE one_time_tokens SET used_at = ? WHERE id = ?").run(now.getTime(), row.id);
    prepareCached(sqlite, "UPDATE users SET password_hash = ? WHERE id = ?").run(hash, row.user_id);
    appendAudit({ at: now, actorType: "staff", actorId: row.user_id, action: "account.activated", objectType: "user", objectId: row.user_id });
  });
}

export function peekInvite(token: string, now: Date): { valid: boolean } {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return { valid: false };
  const row = prepareCached(getSqlite(), "SELECT expires_at, used_at FROM one_time_tokens WHERE purpose = 'staff_invite' AND token_hash = ?").get(sha256Hex(token)) as
    | { expires_at: number; used_at: number | null }
    | undefined;
  return { valid: Boolean(row && row.used_at == null && now.getTime() <= row.expires_at) };
}

/** Disables an account (and ends all its sessions). Vendor admins: their own vendor's staff only. */
export function disableUser(actor: SessionUser, userId: number, now: Date): void {
  inTransaction(() => {
    const sqlite = getSqlite();
    const target = prepareCached(sqlite, "SELECT id, vendor_id, role FROM users WHERE id = ?").get(userId) as { id: number; vendor_id: number | null; role: string } | undefined;
    const allowed = target && target.id !== actor.id && (actor.role === "admin" || (actor.role === "vendor_admin" && target.vendor_id === actor.vendorId));
    if (!allowed) throw new ServiceError(404, "not_found", "Not found");
    prepareCached(sqlite, "UPDATE users SET disabled_at = ? WHERE id = ? AND disabled_at IS NULL").run(now.getTime(), userId);
    const ended = revokeUserSessions(userId, now);
    appendAudit({ at: now, actorType: actor.role === "admin" ? "admin" : "staff", actorId: actor.id, vendorId: target.vendor_id, action: "account.disabled", objectType: "user", objectId: userId, details: { sessionsEnded: ended } });
  });
}

/**
 * Removes a user's authenticator and recovery codes (lost phone): their next login goes to
 * enrolment, and every session they have ends now. Same scope as disabling: portal admins
 * anyone but themselves, vendor admins their own vendor's staff.
 */
export function resetSecondFactor(actor: SessionUser, userId: number, now: Date): void {
  inTransaction(() => {
    const sqlite = getSqlite();
    const target = prepareCached(sqlite, "SELECT id, vendor_id FROM users WHERE id = ?").get(userId) as { id: number; vendor_id: number | null } | undefined;
    const allowed = target && target.id !== actor.id && (actor.role === "admin" || (actor.role === "vendor_admin" && target.vendor_id === actor.vendorId));
    if (!allowed) throw new ServiceError(404, "not_found", "Not found");
    prepareCached(sqlite, "UPDATE users SET totp_secret_enc = NULL, totp_enabled_at = NULL, totp_last_step = NULL WHERE id = ?").run(userId);
    const codes = prepareCached(sqlite, "DELETE FROM recovery_codes WHERE user_id = ?").run(userId).changes;
    const ended = revokeUserSessions(userId, now);
    appendAudit({ at: now, actorType: actor.role === "admin" ? "admin" : "staff", actorId: actor.id, vendorId: target.vendor_id, action: "auth.second_factor_reset", objectType: "user", objectId: userId, details: { sessionsEnded: ended, recoveryCodesRemoved: codes } });
  });
}

export function listAccounts(actor: SessionUser): { id: number; email: string; name: string; role: string; organisation: string | null; vendorId: number | null; disabled: boolean; twoFactor: boolean }[] {
  const rows = (
    actor.role === "admin"
      ? prepareCached(getSqlite(), "SELECT id, email, name, role, organisation, vendor_id, disabled_at, totp_enabled_at FROM users ORDER BY role, email").all()
      : prepareCached(getSqlite(), "SELECT id, email, name, role, organisation, vendor_id, disabled_at, totp_enabled_at FROM users WHERE vendor_id = ? ORDER BY email").all(actor.vendorId)
  ) as { id: number; email: string; name: string; role: string; organisation: string | null; vendor_id: number | null; disabled_at: number | null; totp_enabled_at: number | null }[];
  return rows.map((r) => ({ id: r.id, email: r.email, name: r.name, role: r.role, organisation: r.organisation, vendorId: r.vendor_id, disabled: r.disabled_at != null, twoFactor: r.totp_enabled_at != null }));
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
  const user = prepareCached(sqlite, "SELECT id, name, email FROM users WHERE email = ? AND disabled_at IS NULL").get(email.trim().toLowerCase()) as
    | { id: number; name: string; email: string }
    | undefined;
  if (!user) return;
  const t = now.getTime();
  inTransaction(() => {
    prepareCached(sqlite, "INSERT INTO one_time_tokens (purpose, token_hash, user_id, expires_at, created_at) VALUES ('password_reset', ?, ?, ?, ?)").run(tokenHash, user.id, t + RESET_TTL_MS, t);
    enqueueEmail({
      dedupeKey: `password-reset:${user.id}:${tokenHash.slice(0, 16)}`,
      to: user.email,
      template: "password-reset",
      locale: "en",
      at: now,
      data: { name: user.name, resetPath: `/reset/${token}`, expiresInMinutes: RESET_TTL_MS / 60_000 },
    });
    appendAudit({ at: now, actorType: "anonymous", action: "account.reset_requested", objectType: "user", objectId: user.id });
  });
  getRuntime().wakeWorker();
}

/**
 * Sets the new password and ends every session of the account (a reset may follow a theft).
 * The authenticator stays (ASVS 6.4.3): an emailed link must not be a way around the second factor.
 */
export async function resetPassword(token: string, password: string, now: Date): Promise<void> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw new ServiceError(404, "not_found", "Not found");
  const hash = await hashPassword(password);
  inTransaction(() => {
    const sqlite = getSqlite();
    const row = prepareCached(sqlite, "SELECT id, user_id, expires_at, used_at FROM one_time_tokens WHERE purpose = 'password_reset' AND token_hash = ?")
      .get(sha256Hex(token)) as { id: number; user_id: number; expires_at: number; used_at: number | null } | undefined;
    if (!row || row.used_at != null) throw new ServiceError(404, "not_found", "Not found");
    if (now.getTime() > row.expires_at) throw new ServiceError(409, "expired", "This link has expired");
    prepareCached(sqlite, "UPDATE one_time_tokens SET used_at = ? WHERE id = ?").run(now.getTime(), row.id);
    prepareCached(sqlite, "UPDATE users SET password_hash = ? WHERE id = ?").run(hash, row.user_id);
    const ended = revokeUserSessions(row.user_id, now);
    appendAudit({ at: now, actorType: "staff", actorId: row.user_id, action: "account.password_reset", objectType: "user", objectId: row.user_id, details: { sessionsEnded: ended } });
  });
}
