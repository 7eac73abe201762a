/**
 * Managing staff and regulator accounts once they exist: the list an admin sees, disabling an
 * account (which ends its sessions, revokes the API keys it created and kills its emailed links)
 * and resetting a lost second factor. Portal admins manage anyone but themselves; vendor admins
 * their own vendor's staff. Invitations are staff-invitations.server.ts; passwords are
 * staff-passwords.server.ts.
 */
import { appendAudit } from "../audit/audit-chain.server";
import { getSqlite, inTransaction, prepareCached } from "../core/db.server";
import { ServiceError } from "../core/errors.server";
import { readAll, readOne, type ApiKeyRow, type UserRow } from "../core/rows.server";
import { liftSecondFactorLock } from "../security/second-factor-lock.server";
import { revokeUserSessions, type SessionUser } from "../security/staff-sessions.server";

/**
 * Disables an account in one step: its sessions end, the API keys it created are revoked (they
 * act with its scope, so they must not outlive it), and its unused emailed links die. Vendor
 * admins: their own vendor's staff only.
 */
export function disableUser(actor: SessionUser, userId: number, now: Date): void {
  inTransaction(() => {
    const sqlite = getSqlite();
    const target = readOne<Pick<UserRow, "id" | "vendor_id" | "role">>(
      prepareCached(sqlite, "SELECT id, vendor_id, role FROM users WHERE id = ?"),
      userId,
    );
    const allowed =
      target &&
      target.id !== actor.id &&
      (actor.role === "admin" || (actor.role === "vendor_admin" && target.vendor_id === actor.vendorId));
    if (!allowed) throw new ServiceError(404, "not_found", "Not found");
    const t = now.getTime();
    const actorType = actor.role === "admin" ? "admin" : "staff";
    prepareCached(sqlite, "UPDATE users SET disabled_at = ? WHERE id = ? AND disabled_at IS NULL").run(t, userId);
    const ended = revokeUserSessions(userId, now);
    const keys = readAll<Pick<ApiKeyRow, "id">>(
      prepareCached(sqlite, "SELECT id FROM api_keys WHERE created_by_user_id = ? AND revoked_at IS NULL ORDER BY id"),
      userId,
    );
    for (const key of keys) {
      prepareCached(sqlite, "UPDATE api_keys SET revoked_at = ? WHERE id = ?").run(t, key.id);
      appendAudit({
        at: now,
        actorType,
        actorId: actor.id,
        vendorId: target.vendor_id,
        action: "apikey.revoked",
        objectType: "api_key",
        objectId: key.id,
        details: { reason: "creator_disabled", createdBy: userId },
      });
    }
    // Invitation, reset and approval links: a disabled account is never set up or approved later.
    prepareCached(sqlite, "UPDATE one_time_tokens SET used_at = ? WHERE user_id = ? AND used_at IS NULL").run(
      t,
      userId,
    );
    appendAudit({
      at: now,
      actorType,
      actorId: actor.id,
      vendorId: target.vendor_id,
      action: "account.disabled",
      objectType: "user",
      objectId: userId,
      details: { sessionsEnded: ended, apiKeysRevoked: keys.length },
    });
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
    const target = readOne<Pick<UserRow, "id" | "vendor_id">>(
      prepareCached(sqlite, "SELECT id, vendor_id FROM users WHERE id = ?"),
      userId,
    );
    const allowed =
      target &&
      target.id !== actor.id &&
      (actor.role === "admin" || (actor.role === "vendor_admin" && target.vendor_id === actor.vendorId));
    if (!allowed) throw new ServiceError(404, "not_found", "Not found");
    prepareCached(
      sqlite,
      "UPDATE users SET totp_secret_enc = NULL, totp_enabled_at = NULL, totp_last_step = NULL WHERE id = ?",
    ).run(userId);
    const codes = prepareCached(sqlite, "DELETE FROM recovery_codes WHERE user_id = ?").run(userId).changes;
    const ended = revokeUserSessions(userId, now);
    appendAudit({
      at: now,
      actorType: actor.role === "admin" ? "admin" : "staff",
      actorId: actor.id,
      vendorId: target.vendor_id,
      action: "auth.second_factor_reset",
      objectType: "user",
      objectId: userId,
      details: { sessionsEnded: ended, recoveryCodesRemoved: codes },
    });
    // A lock of the old second factor goes with it: the way back when the mailbox is out of reach too.
    liftSecondFactorLock(userId, now, {
      via: "admin_reset",
      actorType: actor.role === "admin" ? "admin" : "staff",
      actorId: actor.id,
      vendorId: target.vendor_id,
    });
  });
}

export function listAccounts(
  actor: SessionUser,
  now: Date,
): {
  id: number;
  email: string;
  name: string;
  role: string;
  organisation: string | null;
  vendorId: number | null;
  disabled: boolean;
  pending: boolean;
  twoFactor: boolean;
}[] {
  // pending: the portal admin's invitation, held until one of the vendor's admins decides.
  const columns = `id, email, name, role, organisation, vendor_id, disabled_at, totp_enabled_at,
    EXISTS (SELECT 1 FROM one_time_tokens t WHERE t.user_id = users.id AND t.purpose = 'staff_invite_approval' AND t.used_at IS NULL AND t.expires_at >= ?) AS pending`;
  type AccountRow = Pick<
    UserRow,
    "id" | "email" | "name" | "role" | "organisation" | "vendor_id" | "disabled_at" | "totp_enabled_at"
  > & { pending: number | boolean };
  const rows =
    actor.role === "admin"
      ? readAll<AccountRow>(
          prepareCached(getSqlite(), `SELECT ${columns} FROM users ORDER BY role, email`),
          now.getTime(),
        )
      : readAll<AccountRow>(
          prepareCached(getSqlite(), `SELECT ${columns} FROM users WHERE vendor_id = ? ORDER BY email`),
          now.getTime(),
          actor.vendorId,
        );
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    name: r.name,
    role: r.role,
    organisation: r.organisation,
    vendorId: r.vendor_id,
    disabled: r.disabled_at != null,
    pending: Boolean(r.pending),
    twoFactor: r.totp_enabled_at != null,
  }));
}
