/**
 * Staff second factor (ASVS 6.3.3, L2): TOTP (RFC 6238, SHA-1, 6 digits, 30 s — what every
 * authenticator app speaks) plus ten single-use recovery codes, and the step-up
 * re-authentication for sensitive acts.
 *
 * - The base32 secret is stored AES-256-GCM-encrypted under the portal's DATA_KEY (the same
 *   key and format as the encrypted files; the authenticated data binds the ciphertext to the
 *   user id, so a secret copied onto another account fails to decrypt).
 * - A code works once (ASVS 6.5.1): the accepted time step is stored and that step and every
 *   earlier one are refused afterwards. Window ±1 step (±30 s) for clock drift, no more.
 * - Recovery codes carry 120 random bits (above ASVS 6.5.2's 112), so a plain SHA-256 is an
 *   acceptable way to store them; they are shown once.
 * - Verification happens inside one IMMEDIATE transaction with the replay check, the session
 *   change and the audit row: two concurrent requests cannot both spend the same code.
 * - Codes are never logged, not even hashed: audit details hold the method and outcome only.
 * - Wrong codes count per account across every IP and entry point; enough of them lock the
 *   second factor until the owner lifts the lock by email (second-factor-lock.server).
 * - The codes themselves (TOTP check, recovery codes, sealed secrets) are in totp.server.
 */
import { appendAudit } from "../audit/audit-chain.server";
import {
  isReauthFresh,
  rotateSessionInTransaction,
  serializeSessionCookie,
  verifyUserPassword,
  type StaffSession,
} from "./staff-sessions.server";
import { getSqlite, inTransaction, prepareCached } from "../core/db.server";
import { ServiceError } from "../core/errors.server";
import { hitRateLimits, type RateLimitResult } from "./rate-limit.server";
import { getRuntime } from "../core/runtime.server";
import { countWrongSecondFactorCode, isSecondFactorLocked } from "./second-factor-lock.server";
import {
  checkTotp,
  decryptTotpSecret,
  encryptTotpSecret,
  hashRecoveryCode,
  newRecoveryCode,
  normalizeRecoveryCode,
  RECOVERY_CODE_COUNT,
  secondFactorCodeSchema,
} from "./totp.server";
import { readOne } from "../core/rows.server";

interface TotpRow {
  id: number;
  role: string;
  vendor_id: number | null;
  totp_secret_enc: string | null;
  totp_enabled_at: number | null;
  totp_last_step: number | null;
}

function actorTypeOf(role: string): "staff" | "regulator" | "admin" {
  return role === "regulator" ? "regulator" : role === "admin" ? "admin" : "staff";
}

function insertRecoveryCodes(userId: number, t: number): string[] {
  const sqlite = getSqlite();
  // Old codes (used or not) stop working the moment new ones exist.
  prepareCached(sqlite, "DELETE FROM recovery_codes WHERE user_id = ?").run(userId);
  const insert = prepareCached(sqlite, "INSERT INTO recovery_codes (user_id, code_hash, created_at) VALUES (?, ?, ?)");
  const codes: string[] = [];
  for (let i = 0; i < RECOVERY_CODE_COUNT; i++) {
    const code = newRecoveryCode();
    insert.run(userId, hashRecoveryCode(userId, normalizeRecoveryCode(code)!), t);
    codes.push(code);
  }
  return codes;
}

type FactorCheck =
  | { ok: true; method: "totp" | "recovery_code"; recoveryLeft: number | null }
  | { ok: false; method: "totp" | "recovery_code" };

/** Checks and SPENDS a code (TOTP step or recovery code). Call inside a transaction. */
function spendCode(row: TotpRow, code: string, now: Date): FactorCheck {
  const sqlite = getSqlite();
  const digits = code.replace(/\s/g, "");
  if (/^\d{6}$/.test(digits)) {
    if (!row.totp_secret_enc || row.totp_enabled_at == null) return { ok: false, method: "totp" };
    const step = checkTotp(decryptTotpSecret(row.id, row.totp_secret_enc), digits, now, row.totp_last_step);
    if (step == null) return { ok: false, method: "totp" };
    prepareCached(sqlite, "UPDATE users SET totp_last_step = ? WHERE id = ?").run(step, row.id);
    return { ok: true, method: "totp", recoveryLeft: null };
  }
  const normalized = normalizeRecoveryCode(code);
  if (!normalized) return { ok: false, method: "recovery_code" };
  const used = prepareCached(
    sqlite,
    "UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL",
  ).run(now.getTime(), row.id, hashRecoveryCode(row.id, normalized)).changes;
  if (!used) return { ok: false, method: "recovery_code" };
  const { n } = readOne<{ n: number }>(
    prepareCached(sqlite, "SELECT count(*) AS n FROM recovery_codes WHERE user_id = ? AND used_at IS NULL"),
    row.id,
  )!;
  return { ok: true, method: "recovery_code", recoveryLeft: n };
}

type GuardedCheck =
  Extract<FactorCheck, { ok: true }> | { ok: false; method: "totp" | "recovery_code"; lock: "held" | "engaged" | null };

function methodOf(code: string): "totp" | "recovery_code" {
  return /^\d{6}$/.test(code.replace(/\s/g, "")) ? "totp" : "recovery_code";
}

/**
 * spendCode behind the per-account lock. A locked account's code is not even checked, so a
 * right guess answers exactly like a wrong one; a wrong code counts towards the lock, and
 * `lock: "engaged"` says this one set it (the caller wakes the mail worker after commit).
 */
function spendCodeUnlessLocked(row: TotpRow, code: string, now: Date): GuardedCheck {
  if (isSecondFactorLocked(row.id)) return { ok: false, method: methodOf(code), lock: "held" };
  const check = spendCode(row, code, now);
  if (check.ok) return check;
  return { ...check, lock: countWrongSecondFactorCode(row.id, now) ? "engaged" : null };
}

/** Audit details of a refused code: the lock's part, never the code. */
function lockDetails(check: { lock: "held" | "engaged" | null }): Record<string, unknown> {
  return check.lock ? { locked: check.lock } : {};
}

function loadTotpRow(userId: number): TotpRow {
  const row = readOne<TotpRow>(
    prepareCached(
      getSqlite(),
      "SELECT id, role, vendor_id, totp_secret_enc, totp_enabled_at, totp_last_step FROM users WHERE id = ?",
    ),
    userId,
  );
  if (!row) throw new ServiceError(404, "not_found", "Not found");
  return row;
}

export type SecondFactorResult =
  | { ok: true; cookie: string; method: "totp" | "recovery_code"; recoveryLeft: number | null }
  | { ok: false; locked: boolean };

/**
 * Login step 2: a TOTP code or a recovery code for a password-only session. On success the
 * session gets a NEW id with second_factor_at set (returned as a Set-Cookie header).
 */
export async function passSecondFactor(staff: StaffSession, code: string, now: Date): Promise<SecondFactorResult> {
  const t = now.getTime();
  const outcome = inTransaction(() => {
    const row = loadTotpRow(staff.user.id);
    const actor = {
      at: now,
      actorType: actorTypeOf(row.role),
      actorId: row.id,
      vendorId: row.vendor_id,
      objectType: "user",
      objectId: row.id,
    } as const;
    if (row.totp_enabled_at == null) throw new ServiceError(409, "not_enrolled", "No authenticator yet");
    const check = spendCodeUnlessLocked(row, code, now);
    if (!check.ok) {
      appendAudit({
        ...actor,
        action: "auth.second_factor_failed",
        details: { method: check.method, purpose: "login", ...lockDetails(check) },
      });
      return { refused: check.lock };
    }
    const rotated = rotateSessionInTransaction(staff.session.idHash, t, t);
    if (check.method === "recovery_code")
      appendAudit({ ...actor, action: "auth.recovery_code_used", details: { remaining: check.recoveryLeft } });
    appendAudit({
      ...actor,
      action: "auth.second_factor_succeeded",
      details: { method: check.method, purpose: "login" },
    });
    return { ...rotated, method: check.method, recoveryLeft: check.recoveryLeft };
  });
  if ("refused" in outcome) {
    if (outcome.refused === "engaged") getRuntime().wakeWorker();
    return { ok: false, locked: outcome.refused != null };
  }
  return {
    ok: true,
    cookie: await serializeSessionCookie(outcome.token, outcome.expiresAt, t),
    method: outcome.method,
    recoveryLeft: outcome.recoveryLeft,
  };
}

export type EnrolmentResult = { ok: true; cookie: string; recoveryCodes: string[] } | { ok: false };

/**
 * Enrolment: the code proves the authenticator holds `secret`. Only for an account without a
 * confirmed authenticator (an enrolled account changes it only through an admin reset), so a
 * stolen password alone can never replace someone's authenticator.
 */
export async function confirmEnrolment(
  staff: StaffSession,
  secret: string,
  code: string,
  now: Date,
): Promise<EnrolmentResult> {
  const t = now.getTime();
  const outcome = inTransaction(() => {
    const row = loadTotpRow(staff.user.id);
    const actor = {
      at: now,
      actorType: actorTypeOf(row.role),
      actorId: row.id,
      vendorId: row.vendor_id,
      objectType: "user",
      objectId: row.id,
    } as const;
    if (row.totp_enabled_at != null)
      throw new ServiceError(409, "already_enrolled", "An authenticator is already set up");
    const step = checkTotp(secret, code, now, null);
    if (step == null) {
      appendAudit({ ...actor, action: "auth.second_factor_failed", details: { method: "totp", purpose: "enrolment" } });
      return null;
    }
    prepareCached(
      getSqlite(),
      "UPDATE users SET totp_secret_enc = ?, totp_enabled_at = ?, totp_last_step = ? WHERE id = ?",
    ).run(encryptTotpSecret(row.id, secret), t, step, row.id);
    const recoveryCodes = insertRecoveryCodes(row.id, t);
    const rotated = rotateSessionInTransaction(staff.session.idHash, t, t);
    appendAudit({ ...actor, action: "auth.second_factor_enrolled", details: { recoveryCodes: RECOVERY_CODE_COUNT } });
    return { ...rotated, recoveryCodes };
  });
  if (!outcome) return { ok: false };
  return {
    ok: true,
    cookie: await serializeSessionCookie(outcome.token, outcome.expiresAt, t),
    recoveryCodes: outcome.recoveryCodes,
  };
}

/** New recovery codes (the old ones die); needs a current TOTP code (ASVS 7.5.1: re-authenticate to change MFA). */
export function regenerateRecoveryCodes(
  staff: StaffSession,
  code: string,
  now: Date,
): { ok: true; recoveryCodes: string[] } | { ok: false; locked: boolean } {
  const result = inTransaction(() => {
    const row = loadTotpRow(staff.user.id);
    const actor = {
      at: now,
      actorType: actorTypeOf(row.role),
      actorId: row.id,
      vendorId: row.vendor_id,
      objectType: "user",
      objectId: row.id,
    } as const;
    if (row.totp_enabled_at == null) throw new ServiceError(409, "not_enrolled", "No authenticator yet");
    // TOTP only: spending a recovery code to mint ten new ones would defeat their purpose.
    const check: GuardedCheck = /^\d{6}$/.test(code)
      ? spendCodeUnlessLocked(row, code, now)
      : { ok: false, method: "totp", lock: null };
    if (!check.ok) {
      appendAudit({
        ...actor,
        action: "auth.second_factor_failed",
        details: { method: "totp", purpose: "regenerate", ...lockDetails(check) },
      });
      return { ok: false as const, lock: check.lock };
    }
    const recoveryCodes = insertRecoveryCodes(row.id, now.getTime());
    appendAudit({
      ...actor,
      action: "auth.recovery_codes_regenerated",
      details: { recoveryCodes: RECOVERY_CODE_COUNT },
    });
    return { ok: true as const, recoveryCodes };
  });
  if (result.ok) return result;
  if (result.lock === "engaged") getRuntime().wakeWorker();
  return { ok: false, locked: result.lock != null };
}

export function countUnusedRecoveryCodes(userId: number): number {
  return readOne<{ n: number }>(
    prepareCached(getSqlite(), "SELECT count(*) AS n FROM recovery_codes WHERE user_id = ? AND used_at IS NULL"),
    userId,
  )!.n;
}

export type ReauthResult = { ok: true } | { ok: false; failed: "password" | "code" | "locked" };

/**
 * Step-up (ASVS 7.5.3, adopted): password AND a second-factor code again, both checked before
 * sessions.reauth_at moves. A wrong password never spends the code.
 */
export async function reauthenticate(
  staff: StaffSession,
  password: string,
  code: string,
  now: Date,
): Promise<ReauthResult> {
  const passwordOk = await verifyUserPassword(staff.user.id, password);
  const result = inTransaction(() => {
    const row = loadTotpRow(staff.user.id);
    const actor = {
      at: now,
      actorType: actorTypeOf(row.role),
      actorId: row.id,
      vendorId: row.vendor_id,
      objectType: "user",
      objectId: row.id,
    } as const;
    if (!passwordOk) {
      appendAudit({ ...actor, action: "auth.reauth_failed", details: { failed: "password" } });
      return { ok: false as const, failed: "password" as const, engaged: false };
    }
    const check = spendCodeUnlessLocked(row, code, now);
    if (!check.ok) {
      appendAudit({
        ...actor,
        action: "auth.reauth_failed",
        details: { failed: "code", method: check.method, ...lockDetails(check) },
      });
      return {
        ok: false as const,
        failed: check.lock ? ("locked" as const) : ("code" as const),
        engaged: check.lock === "engaged",
      };
    }
    prepareCached(getSqlite(), "UPDATE sessions SET reauth_at = ? WHERE id_hash = ? AND revoked_at IS NULL").run(
      now.getTime(),
      staff.session.idHash,
    );
    if (check.method === "recovery_code")
      appendAudit({ ...actor, action: "auth.recovery_code_used", details: { remaining: check.recoveryLeft } });
    appendAudit({ ...actor, action: "auth.reauthenticated", details: { method: check.method } });
    return { ok: true as const };
  });
  if (result.ok) return result;
  if (result.engaged) getRuntime().wakeWorker();
  return { ok: false, failed: result.failed };
}

/**
 * Counts one second-factor attempt (login code, enrolment, step-up, regeneration) per account
 * and per IP. One pair of buckets for every entry point, so no form guesses codes faster.
 */
export function limitSecondFactorAttempts(userId: number, clientIp: string, now: Date): RateLimitResult {
  return hitRateLimits(
    [
      { name: "secondFactorPerAccount", key: `user:${userId}` },
      { name: "secondFactorPerIp", key: clientIp },
    ],
    now,
  );
}

export type StepUpResult =
  | { ok: true }
  | { ok: false; status: 400 | 401 | 423 | 429; errors: Record<string, string>; retryAfterSeconds?: number };

/**
 * Step-up (ASVS 7.5.3, adopted): checks a typed password and code, rate-limited like every
 * second-factor entry point. Field errors are keyed `password` and `code`; either wrong factor
 * gives one message, so the answer never tells which one it was. A locked second factor is
 * said only after the right password (423).
 */
export async function verifyStepUp(
  staff: StaffSession,
  input: { password: unknown; code: unknown },
  opts: { clientIp: string; now: Date },
): Promise<StepUpResult> {
  const errors: Record<string, string> = {};
  const password = typeof input.password === "string" ? input.password : "";
  if (!password) errors.password = "errors.required";
  else if (password.length > 1024) errors.password = "errors.tooLong";
  const code = secondFactorCodeSchema.safeParse(input.code);
  if (!code.success) errors.code = code.error.issues[0]!.message;
  if (Object.keys(errors).length) return { ok: false, status: 400, errors };
  const limited = limitSecondFactorAttempts(staff.user.id, opts.clientIp, opts.now);
  if (!limited.ok)
    return {
      ok: false,
      status: 429,
      errors: { form: "errors.tooManyAttempts" },
      retryAfterSeconds: limited.retryAfterSeconds,
    };
  const result = await reauthenticate(staff, password, code.data!, opts.now);
  if (result.ok) return { ok: true };
  if (result.failed === "locked") return { ok: false, status: 423, errors: { form: "errors.secondFactorLocked" } };
  return { ok: false, status: 401, errors: { form: "errors.reauthFailed" } };
}

/**
 * Step-up inside the form of a sensitive act (a deletion certificate: SESS-07). A
 * re-authentication of the last REAUTH_MAX_AGE_MS counts; otherwise the password and code typed
 * into the same form are checked (fields `stepUpPassword`, `stepUpCode`), so the certificate the
 * staff member typed is never lost to a detour through /reauth.
 */
export async function confirmStepUp(
  staff: StaffSession,
  input: { password: unknown; code: unknown },
  opts: { clientIp: string; now: Date },
): Promise<StepUpResult> {
  if (isReauthFresh(staff.session, opts.now)) return { ok: true };
  const result = await verifyStepUp(staff, input, opts);
  if (result.ok) return result;
  const field: Record<string, string> = { password: "stepUpPassword", code: "stepUpCode" };
  return { ...result, errors: Object.fromEntries(Object.entries(result.errors).map(([k, v]) => [field[k] ?? k, v])) };
}
