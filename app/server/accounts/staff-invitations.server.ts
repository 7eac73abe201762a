/**
 * Invitations to staff and regulator accounts. Nobody gets a default password: an account is
 * created with an unusable random hash and an emailed single-use invitation (7 days) where its
 * owner sets the password. Portal admins invite regulators and vendor admins; vendor admins
 * invite agents and admins of their own vendor.
 *
 * The portal admin does not get to put someone into a vendor's team on its own: once a vendor
 * has an active admin, the portal admin's invitation is held (account disabled, no link sent)
 * until one of that vendor's admins approves it in the accounts page; declining removes it.
 */
import crypto from "node:crypto";
import { z } from "zod";
import { isJurisdictionCode } from "~/domain/deadlines";
import { emailField, fullNameField } from "~/domain/schemas";
import { appendAudit } from "../audit/audit-chain.server";
import { getSqlite, inTransaction, prepareCached } from "../core/db.server";
import { ServiceError } from "../core/errors.server";
import { readAll, readOne, type OneTimeTokenRow, type UserRow, type VendorRow } from "../core/rows.server";
import { getRuntime } from "../core/runtime.server";
import { enqueueEmail } from "../mail/outbox.server";
import { hashPassword, sha256Hex, type SessionUser } from "../security/staff-sessions.server";
import { spendPasswordLinks } from "./staff-passwords.server";

export const INVITE_TTL_MS = 7 * 86_400_000;
/** How long a vendor's admins have to approve or decline the portal admin's invitation. */
export const INVITE_APPROVAL_TTL_MS = 7 * 86_400_000;

export const inviteSchema = z.object({
  email: emailField,
  name: fullNameField,
  role: z.enum(["vendor_admin", "vendor_agent", "regulator"], { error: "errors.roleRequired" }),
  organisation: z.string().trim().max(200).optional(),
  jurisdictions: z.array(z.string()).max(50).optional(),
  vendorId: z.coerce.number().int().positive().optional(),
});

export async function inviteUser(
  inviter: SessionUser,
  input: z.infer<typeof inviteSchema>,
  now: Date,
): Promise<{ userId: number | null; held: boolean }> {
  // Who may create whom: the portal admin creates regulators and vendor admins; a vendor admin
  // creates agents and admins of ITS vendor only (the vendor id comes from the session).
  let vendorId: number | null = null;
  if (inviter.role === "admin") {
    if (input.role === "vendor_agent")
      throw new ServiceError(400, "bad_role", "Vendor admins invite their agents", { role: "errors.roleNotAllowed" });
    if (input.role === "vendor_admin") {
      if (!input.vendorId || !prepareCached(getSqlite(), "SELECT 1 FROM vendors WHERE id = ?").get(input.vendorId))
        throw new ServiceError(400, "bad_vendor", "Unknown vendor", { vendorId: "errors.vendorUnknown" });
      vendorId = input.vendorId;
    }
  } else if (inviter.role === "vendor_admin" && inviter.vendorId != null) {
    if (input.role === "regulator")
      throw new ServiceError(400, "bad_role", "Not allowed", { role: "errors.roleNotAllowed" });
    vendorId = inviter.vendorId;
  } else {
    throw new ServiceError(404, "not_found", "Not found");
  }
  const jurisdictions = input.role === "regulator" ? (input.jurisdictions ?? []).filter(isJurisdictionCode) : [];
  if (input.role === "regulator" && jurisdictions.length === 0)
    throw new ServiceError(400, "no_scope", "A regulator needs jurisdictions", {
      jurisdictions: "errors.jurisdictionRequired",
    });
  const email = input.email.toLowerCase();
  // Hashed before looking the address up, so a taken address answers no faster than a fresh one.
  const unusable = await hashPassword(crypto.randomBytes(32).toString("hex"));
  const t = now.getTime();
  const result = inTransaction(() => {
    const sqlite = getSqlite();
    const existing = readOne<Pick<UserRow, "id" | "vendor_id">>(
      prepareCached(sqlite, "SELECT id, vendor_id FROM users WHERE email = ?"),
      email,
    );
    if (existing) {
      if (inviter.role === "admin")
        throw new ServiceError(409, "exists", "An account with this email exists", { email: "errors.accountExists" });
      if (existing.vendor_id === vendorId)
        throw new ServiceError(409, "exists", "Already on this team", { email: "errors.alreadyOnTeam" });
      // Another tenant's account: the vendor admin gets the answer of a fresh invitation (no
      // cross-tenant account oracle), and nothing is created, changed or sent. Audited.
      appendAudit({
        at: now,
        actorType: "staff",
        actorId: inviter.id,
        vendorId,
        action: "auth.denied",
        objectType: "user",
        objectId: existing.id,
        details: { reason: "invite_address_outside_vendor" },
      });
      return { userId: null, held: false };
    }
    // The portal admin cannot add someone to a vendor that already has admins on its own.
    const approvers = inviter.role === "admin" && vendorId != null ? activeVendorAdmins(vendorId) : [];
    const held = approvers.length > 0;
    const id = Number(
      prepareCached(
        sqlite,
        "INSERT INTO users (email, name, password_hash, role, vendor_id, organisation, jurisdictions, locale, disabled_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'en', ?, ?)",
      ).run(
        email,
        input.name,
        unusable,
        input.role,
        vendorId,
        input.role === "regulator" ? (input.organisation ?? input.name) : null,
        JSON.stringify(jurisdictions),
        held ? t : null,
        t,
      ).lastInsertRowid,
    );
    const invitee = { id, email, name: input.name, vendorId, organisation: input.organisation ?? null };
    if (held) {
      // Disabled while held: no sign-in, no reset link, not assignable. The approval happens in
      // the workspace, never by link, so this row's token is random and never sent anywhere.
      prepareCached(
        sqlite,
        "INSERT INTO one_time_tokens (purpose, token_hash, user_id, expires_at, created_at) VALUES ('staff_invite_approval', ?, ?, ?, ?)",
      ).run(sha256Hex(crypto.randomBytes(32).toString("base64url")), id, t + INVITE_APPROVAL_TTL_MS, t);
      const vendorName = vendorNameOf(vendorId!);
      for (const approver of approvers) {
        enqueueEmail({
          dedupeKey: `staff-invite-approval:${id}:${approver.id}`,
          to: approver.email,
          template: "staff-invite-approval",
          locale: approver.locale === "fr-CA" ? "fr-CA" : "en",
          at: now,
          data: {
            name: approver.name,
            vendorName,
            inviteeName: input.name,
            inviteeEmail: email,
            accountsPath: "/accounts",
            expiresOn: new Date(t + INVITE_APPROVAL_TTL_MS).toISOString().slice(0, 10),
          },
        });
      }
    } else {
      sendInvitation(invitee, now);
    }
    appendAudit({
      at: now,
      actorType: inviter.role === "admin" ? "admin" : "staff",
      actorId: inviter.id,
      vendorId,
      action: "account.invited",
      objectType: "user",
      objectId: id,
      details: { role: input.role, awaitingApproval: held || undefined },
    });
    return { userId: id, held };
  });
  getRuntime().wakeWorker();
  return result;
}

/**
 * A vendor's admins who can approve: enabled, and signed up. An admin whose own invitation is
 * still unused never set a password, so while the vendor has no other admin it is onboarding and
 * the portal admin invites directly.
 */
function activeVendorAdmins(vendorId: number): { id: number; name: string; email: string; locale: string }[] {
  return readAll<Pick<UserRow, "id" | "name" | "email" | "locale">>(
    prepareCached(
      getSqlite(),
      `SELECT u.id, u.name, u.email, u.locale FROM users u
      WHERE u.vendor_id = ? AND u.role = 'vendor_admin' AND u.disabled_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM one_time_tokens t WHERE t.user_id = u.id AND t.purpose = 'staff_invite' AND t.used_at IS NULL)
      ORDER BY u.id`,
    ),
    vendorId,
  );
}

function vendorNameOf(vendorId: number): string {
  return readOne<Pick<VendorRow, "name">>(
    prepareCached(getSqlite(), "SELECT name FROM vendors WHERE id = ?"),
    vendorId,
  )!.name;
}

/** Issues the 7-day single-use link and queues the invitation email. Call inside the transaction. */
function sendInvitation(
  invitee: { id: number; email: string; name: string; vendorId: number | null; organisation: string | null },
  now: Date,
): void {
  const token = crypto.randomBytes(32).toString("base64url");
  const t = now.getTime();
  prepareCached(
    getSqlite(),
    "INSERT INTO one_time_tokens (purpose, token_hash, user_id, expires_at, created_at) VALUES ('staff_invite', ?, ?, ?, ?)",
  ).run(sha256Hex(token), invitee.id, t + INVITE_TTL_MS, t);
  enqueueEmail({
    dedupeKey: `staff-invite:${invitee.id}`,
    to: invitee.email,
    template: "staff-invite",
    locale: "en",
    at: now,
    data: {
      name: invitee.name,
      vendorName:
        invitee.vendorId != null ? vendorNameOf(invitee.vendorId) : (invitee.organisation ?? "Biometric Rights Portal"),
      invitePath: `/invite/${token}`,
      expiresOn: new Date(t + INVITE_TTL_MS).toISOString().slice(0, 10),
    },
  });
}

export interface PendingApproval {
  id: number;
  name: string;
  email: string;
  role: string;
  expiresOn: string;
}

/** Every vendor by name: the vendors the portal admin may invite a vendor account into. */
export function listVendorChoices(): Pick<VendorRow, "id" | "name">[] {
  return readAll<Pick<VendorRow, "id" | "name">>(getSqlite().prepare("SELECT id, name FROM vendors ORDER BY name"));
}

/** The portal admin's invitations into the vendor admin's vendor that wait for a decision. */
export function listPendingApprovals(actor: SessionUser, now: Date): PendingApproval[] {
  if (actor.role !== "vendor_admin" || actor.vendorId == null) return [];
  const rows = readAll<Pick<UserRow, "id" | "name" | "email" | "role"> & Pick<OneTimeTokenRow, "expires_at">>(
    prepareCached(
      getSqlite(),
      `SELECT u.id, u.name, u.email, u.role, t.expires_at FROM users u JOIN one_time_tokens t ON t.user_id = u.id
      WHERE u.vendor_id = ? AND t.purpose = 'staff_invite_approval' AND t.used_at IS NULL AND t.expires_at >= ? ORDER BY u.id`,
    ),
    actor.vendorId,
    now.getTime(),
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    email: r.email,
    role: r.role,
    expiresOn: new Date(r.expires_at).toISOString().slice(0, 10),
  }));
}

/** One held invitation into the actor's own vendor, still open; anything else is 404. Call inside the transaction. */
function heldInvitation(
  actor: SessionUser,
  userId: number,
  now: Date,
): { tokenId: number; id: number; email: string; name: string; role: string; vendorId: number } {
  if (actor.role !== "vendor_admin" || actor.vendorId == null || !Number.isSafeInteger(userId))
    throw new ServiceError(404, "not_found", "Not found");
  const row = readOne<Pick<UserRow, "id" | "email" | "name" | "role"> & { token_id: OneTimeTokenRow["id"] }>(
    prepareCached(
      getSqlite(),
      `SELECT t.id AS token_id, u.id, u.email, u.name, u.role, u.vendor_id FROM users u JOIN one_time_tokens t ON t.user_id = u.id
      WHERE u.id = ? AND u.vendor_id = ? AND t.purpose = 'staff_invite_approval' AND t.used_at IS NULL AND t.expires_at >= ?`,
    ),
    userId,
    actor.vendorId,
    now.getTime(),
  );
  if (!row) throw new ServiceError(404, "not_found", "Not found");
  return {
    tokenId: row.token_id,
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    vendorId: actor.vendorId,
  };
}

/** A vendor admin approves the portal admin's invitation into their vendor: the invitation email goes out now. */
export function approveInvitation(actor: SessionUser, userId: number, now: Date): void {
  inTransaction(() => {
    const sqlite = getSqlite();
    const held = heldInvitation(actor, userId, now);
    prepareCached(sqlite, "UPDATE one_time_tokens SET used_at = ? WHERE id = ?").run(now.getTime(), held.tokenId);
    prepareCached(sqlite, "UPDATE users SET disabled_at = NULL WHERE id = ?").run(held.id);
    sendInvitation(
      { id: held.id, email: held.email, name: held.name, vendorId: held.vendorId, organisation: null },
      now,
    );
    appendAudit({
      at: now,
      actorType: "staff",
      actorId: actor.id,
      vendorId: held.vendorId,
      action: "account.invitation_approved",
      objectType: "user",
      objectId: held.id,
      details: { role: held.role },
    });
  });
  getRuntime().wakeWorker();
}

/**
 * A vendor admin declines it: the account, never usable, is removed (its address is free again
 * for the vendor to invite whom it means to); the audit chain keeps the invitation and the refusal.
 */
export function declineInvitation(actor: SessionUser, userId: number, now: Date): void {
  inTransaction(() => {
    const sqlite = getSqlite();
    const held = heldInvitation(actor, userId, now);
    prepareCached(sqlite, "DELETE FROM one_time_tokens WHERE user_id = ?").run(held.id);
    prepareCached(sqlite, "DELETE FROM users WHERE id = ? AND disabled_at IS NOT NULL").run(held.id);
    appendAudit({
      at: now,
      actorType: "staff",
      actorId: actor.id,
      vendorId: held.vendorId,
      action: "account.invitation_declined",
      objectType: "user",
      objectId: held.id,
      details: { role: held.role },
    });
  });
}

/** The invited person sets a password; the link works once and for 7 days. */
export async function acceptInvite(token: string, password: string, now: Date): Promise<void> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw new ServiceError(404, "not_found", "Not found");
  const hash = await hashPassword(password);
  inTransaction(() => {
    const sqlite = getSqlite();
    const row = readOne<Pick<OneTimeTokenRow, "id" | "user_id" | "expires_at" | "used_at">>(
      prepareCached(
        sqlite,
        "SELECT id, user_id, expires_at, used_at FROM one_time_tokens WHERE purpose = 'staff_invite' AND token_hash = ?",
      ),
      sha256Hex(token),
    );
    // Invitation and reset tokens always name their account (user_id is null only on a filing's token).
    if (!row || row.used_at != null || row.user_id == null) throw new ServiceError(404, "not_found", "Not found");
    if (now.getTime() > row.expires_at) throw new ServiceError(409, "expired", "This invitation has expired");
    prepareCached(sqlite, "UPDATE one_time_tokens SET used_at = ? WHERE id = ?").run(now.getTime(), row.id);
    prepareCached(sqlite, "UPDATE users SET password_hash = ? WHERE id = ?").run(hash, row.user_id);
    const linksRevoked = spendPasswordLinks(row.user_id, now);
    appendAudit({
      at: now,
      actorType: "staff",
      actorId: row.user_id,
      action: "account.activated",
      objectType: "user",
      objectId: row.user_id,
      details: { linksRevoked },
    });
  });
}

export function peekInvite(token: string, now: Date): { valid: boolean } {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return { valid: false };
  const row = readOne<Pick<OneTimeTokenRow, "expires_at" | "used_at">>(
    prepareCached(
      getSqlite(),
      "SELECT expires_at, used_at FROM one_time_tokens WHERE purpose = 'staff_invite' AND token_hash = ?",
    ),
    sha256Hex(token),
  );
  return { valid: Boolean(row && row.used_at == null && now.getTime() <= row.expires_at) };
}
