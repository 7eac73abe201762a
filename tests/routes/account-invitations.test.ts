/**
 * Who may put a person into a vendor's team, and what invitation and reset answers reveal:
 * the portal admin's invitation into a vendor that already has an active admin waits for one
 * of that vendor's admins to approve it; a vendor admin's invitation answers the same for an
 * address that belongs to another tenant as for a fresh one; setting a password (reset or
 * invitation) spends every other outstanding link of the account.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as accounts from "../../app/routes/accounts";
import * as forgot from "../../app/routes/forgot-password";
import * as invite from "../../app/routes/invite.$token";
import * as login from "../../app/routes/login";
import * as reset from "../../app/routes/reset.$token";
import { createUserSession, sha256Hex } from "../../app/server/security/staff-sessions.server";
import {
  cookieFrom,
  createTestPortal,
  formRequest,
  getRequest,
  insertUser,
  insertVendor,
  type TestPortal,
} from "../helpers/test-portal";

let portal: TestPortal;
let vendorA = 0;
let vendorB = 0;
let vendorNew = 0;
let portalAdminId = 0;
let adminA1 = 0;
let adminA2 = 0;
let adminB = 0;
let agentB = 0;
let regulatorId = 0;

beforeEach(async () => {
  portal = createTestPortal();
  vendorA = insertVendor(portal.handle, { slug: "a", name: "Alpha Faces" }).id;
  vendorB = insertVendor(portal.handle, { slug: "b" }).id;
  vendorNew = insertVendor(portal.handle, { slug: "new", name: "Newcomer Vision" }).id;
  portalAdminId = await insertUser(portal.handle, {
    email: "admin@portal.example",
    password: "correct horse battery",
    role: "admin",
  });
  adminA1 = await insertUser(portal.handle, {
    email: "admin1@a.example",
    password: "correct horse battery",
    role: "vendor_admin",
    vendorId: vendorA,
    name: "Ada One",
  });
  adminA2 = await insertUser(portal.handle, {
    email: "admin2@a.example",
    password: "correct horse battery",
    role: "vendor_admin",
    vendorId: vendorA,
    name: "Ada Two",
  });
  const gone = await insertUser(portal.handle, {
    email: "gone@a.example",
    password: "correct horse battery",
    role: "vendor_admin",
    vendorId: vendorA,
  });
  portal.handle.sqlite.prepare("UPDATE users SET disabled_at = 1 WHERE id = ?").run(gone);
  adminB = await insertUser(portal.handle, {
    email: "admin@b.example",
    password: "correct horse battery",
    role: "vendor_admin",
    vendorId: vendorB,
  });
  agentB = await insertUser(portal.handle, {
    email: "agent@b.example",
    password: "correct horse battery",
    role: "vendor_agent",
    vendorId: vendorB,
    name: "Bea Agent",
  });
  regulatorId = await insertUser(portal.handle, {
    email: "analyst@cai.example",
    password: "correct horse battery",
    role: "regulator",
    jurisdictions: ["CA-QC"],
  });
});
afterEach(() => portal.close());

type F = (a: object) => Promise<unknown>;
const run = async (fn: unknown, request: Request, params: Record<string, string> = {}) =>
  (fn as F)({ request, params, context: { clientIp: "198.51.100.4" } }).catch((e: unknown) => e);

/** A signed-in session that has passed the second factor. */
async function sessionOf(userId: number): Promise<string> {
  const cookie = cookieFrom(await createUserSession(userId, portal.now()));
  portal.handle.sqlite
    .prepare("UPDATE sessions SET second_factor_at = ? WHERE user_id = ?")
    .run(portal.now().getTime(), userId);
  return cookie;
}
const sql = {
  get: (q: string, ...args: unknown[]) => portal.handle.sqlite.prepare(q).get(...args),
  all: (q: string, ...args: unknown[]) => portal.handle.sqlite.prepare(q).all(...args),
};
const outbox = (template: string) =>
  (
    sql.all("SELECT to_address FROM email_outbox WHERE template = ? ORDER BY to_address", template) as {
      to_address: string;
    }[]
  ).map((r) => r.to_address);
const userIdOf = (email: string) =>
  (sql.get("SELECT id FROM users WHERE email = ?", email) as { id: number } | undefined)?.id;
const tokensOf = (userId: number, purpose: string) =>
  sql.all("SELECT used_at FROM one_time_tokens WHERE user_id = ? AND purpose = ?", userId, purpose) as {
    used_at: number | null;
  }[];
const auditActions = () =>
  sql.all("SELECT action, actor_type, actor_id, object_id, details FROM audit_events ORDER BY seq") as {
    action: string;
    actor_type: string;
    actor_id: string;
    object_id: string;
    details: string;
  }[];

function inviteForm(fields: Record<string, string>, cookie: string) {
  return formRequest("/accounts", { intent: "invite", ...fields }, cookie);
}
type Loaded = {
  accounts: { id: number; email: string; pending: boolean }[];
  approvals: { id: number; name: string; email: string; role: string; expiresOn: string }[];
};

describe("the portal admin's invitation into a vendor that has an active admin", () => {
  it("is held: no invitation email, no link, no way in; every active admin of the vendor is emailed and sees it with Approve / Decline", async () => {
    const admin = await sessionOf(portalAdminId);
    const res = (await run(
      accounts.action,
      inviteForm(
        { name: "Mallory Insider", email: "mallory@evil.example", role: "vendor_admin", vendorId: String(vendorA) },
        admin,
      ),
    )) as { ok: boolean; held: boolean };
    expect(res).toMatchObject({ ok: true, held: true });
    const mallory = userIdOf("mallory@evil.example")!;
    expect(outbox("staff-invite")).toEqual([]);
    expect(tokensOf(mallory, "staff_invite")).toEqual([]);
    // Every active, activated admin of that vendor is told; the disabled one is not, nor anyone else.
    expect(outbox("staff-invite-approval")).toEqual(["admin1@a.example", "admin2@a.example"]);
    // No way around the approval: no reset link, no sign-in.
    await run(forgot.action, formRequest("/forgot-password", { email: "mallory@evil.example" }));
    expect(outbox("password-reset")).toEqual([]);
    expect(
      await run(login.action, formRequest("/login", { email: "mallory@evil.example", password: "anything-at-all" })),
    ).toMatchObject({ init: { status: 401 } });
    expect(
      auditActions()
        .filter((a) => a.action === "account.invited")
        .map((a) => ({ ...a, details: JSON.parse(a.details) })),
    ).toEqual([
      {
        action: "account.invited",
        actor_type: "admin",
        actor_id: String(portalAdminId),
        object_id: String(mallory),
        details: { role: "vendor_admin", awaitingApproval: true },
      },
    ]);

    const seenByA = (await run(accounts.loader, getRequest("/accounts", await sessionOf(adminA1)))) as Loaded;
    expect(seenByA.approvals).toEqual([
      {
        id: mallory,
        name: "Mallory Insider",
        email: "mallory@evil.example",
        role: "vendor_admin",
        expiresOn: expect.any(String),
      },
    ]);
    expect(seenByA.accounts.find((a) => a.id === mallory)).toMatchObject({ pending: true });
    expect(
      ((await run(accounts.loader, getRequest("/accounts", await sessionOf(adminB)))) as Loaded).approvals,
    ).toEqual([]);
    expect(
      ((await run(accounts.loader, getRequest("/accounts", admin))) as Loaded).accounts.find((a) => a.id === mallory),
    ).toMatchObject({ pending: true });
  });

  it("approving (one of the vendor's admins) sends the invitation; declining cancels it; nobody else can do either", async () => {
    const admin = await sessionOf(portalAdminId);
    await run(
      accounts.action,
      inviteForm(
        { name: "Vic Newhire", email: "vic@a.example", role: "vendor_admin", vendorId: String(vendorA) },
        admin,
      ),
    );
    await run(
      accounts.action,
      inviteForm(
        { name: "Mallory Insider", email: "mallory@evil.example", role: "vendor_admin", vendorId: String(vendorA) },
        admin,
      ),
    );
    const vic = userIdOf("vic@a.example")!;
    const mallory = userIdOf("mallory@evil.example")!;
    // Neither the portal admin nor another vendor's admin can approve or decline.
    for (const [cookie, intent] of [
      [admin, "approve"],
      [await sessionOf(adminB), "approve"],
      [await sessionOf(adminB), "decline"],
    ] as const) {
      expect(
        ((await run(accounts.action, formRequest("/accounts", { intent, id: String(vic) }, cookie))) as Response)
          .status,
      ).toBe(404);
    }
    expect(outbox("staff-invite")).toEqual([]);

    expect(
      (
        (await run(
          accounts.action,
          formRequest("/accounts", { intent: "approve", id: String(vic) }, await sessionOf(adminA1)),
        )) as Response
      ).status,
    ).toBe(302);
    expect(outbox("staff-invite")).toEqual(["vic@a.example"]);
    expect(tokensOf(vic, "staff_invite")).toEqual([{ used_at: null }]);
    expect(sql.get("SELECT disabled_at FROM users WHERE id = ?", vic)).toEqual({ disabled_at: null });
    // Approved once only.
    expect(
      (
        (await run(
          accounts.action,
          formRequest("/accounts", { intent: "approve", id: String(vic) }, await sessionOf(adminA2)),
        )) as Response
      ).status,
    ).toBe(404);

    expect(
      (
        (await run(
          accounts.action,
          formRequest("/accounts", { intent: "decline", id: String(mallory) }, await sessionOf(adminA2)),
        )) as Response
      ).status,
    ).toBe(302);
    expect(userIdOf("mallory@evil.example")).toBeUndefined();
    expect(outbox("staff-invite")).toEqual(["vic@a.example"]);
    expect(
      (
        (await run(
          accounts.action,
          formRequest("/accounts", { intent: "approve", id: String(mallory) }, await sessionOf(adminA1)),
        )) as Response
      ).status,
    ).toBe(404);

    const decisions = auditActions().filter(
      (a) => a.action === "account.invitation_approved" || a.action === "account.invitation_declined",
    );
    expect(decisions.map((a) => [a.action, a.actor_type, a.actor_id, a.object_id])).toEqual([
      ["account.invitation_approved", "staff", String(adminA1), String(vic)],
      ["account.invitation_declined", "staff", String(adminA2), String(mallory)],
    ]);
    expect(
      ((await run(accounts.loader, getRequest("/accounts", await sessionOf(adminA1)))) as Loaded).approvals,
    ).toEqual([]);
  });

  it("a vendor with no active admin yet (onboarding) gets the invitation directly; a vendor admin inviting into their own vendor needs no approval", async () => {
    const admin = await sessionOf(portalAdminId);
    const res = (await run(
      accounts.action,
      inviteForm(
        { name: "First Admin", email: "first@new.example", role: "vendor_admin", vendorId: String(vendorNew) },
        admin,
      ),
    )) as { ok: boolean; held: boolean };
    expect(res).toMatchObject({ ok: true, held: false });
    expect(outbox("staff-invite")).toEqual(["first@new.example"]);
    // Invited but not yet signed up: still onboarding, so a second direct invitation is possible.
    await run(
      accounts.action,
      inviteForm(
        { name: "Second Admin", email: "second@new.example", role: "vendor_admin", vendorId: String(vendorNew) },
        admin,
      ),
    );
    expect(outbox("staff-invite")).toEqual(["first@new.example", "second@new.example"]);
    expect(outbox("staff-invite-approval")).toEqual([]);

    const own = (await run(
      accounts.action,
      inviteForm({ name: "Own Agent", email: "agent@a.example", role: "vendor_agent" }, await sessionOf(adminA1)),
    )) as { ok: boolean; held: boolean };
    expect(own).toMatchObject({ ok: true, held: false });
    expect(outbox("staff-invite")).toContain("agent@a.example");
    expect(outbox("staff-invite-approval")).toEqual([]);
  });
});

describe("invitation answers do not reveal accounts outside the inviter's tenant", () => {
  it("a vendor admin inviting another vendor's or a regulator's address gets the fresh-invitation answer; nothing is created, changed or sent", async () => {
    const a1 = await sessionOf(adminA1);
    const fresh = await run(
      accounts.action,
      inviteForm({ name: "Fresh Person", email: "fresh@a.example", role: "vendor_agent" }, a1),
    );
    expect(fresh).toEqual({ ok: true, held: false, errors: {}, values: null });
    const before = sql.all(
      "SELECT * FROM users WHERE id IN (?, ?, ?, ?) ORDER BY id",
      agentB,
      adminB,
      regulatorId,
      portalAdminId,
    );
    for (const email of [
      "agent@b.example",
      "AGENT@b.example",
      "admin@b.example",
      "analyst@cai.example",
      "admin@portal.example",
    ]) {
      expect(
        await run(accounts.action, inviteForm({ name: "Fresh Person", email, role: "vendor_agent" }, a1)),
        email,
      ).toEqual(fresh);
    }
    expect(
      sql.all("SELECT * FROM users WHERE id IN (?, ?, ?, ?) ORDER BY id", agentB, adminB, regulatorId, portalAdminId),
    ).toEqual(before);
    expect(outbox("staff-invite")).toEqual(["fresh@a.example"]);
    expect(sql.get("SELECT count(*) AS n FROM users WHERE vendor_id = ?", vendorA)).toEqual({ n: 4 });
    // The list of the inviter's accounts shows nothing of them either.
    const page = (await run(accounts.loader, getRequest("/accounts", a1))) as Loaded;
    expect(JSON.stringify(page)).not.toMatch(/b\.example|cai\.example|portal\.example|Bea Agent/);
  });

  it("within their own vendor the admin is told the person is already on the team; the portal admin is told the account exists", async () => {
    const own = await run(
      accounts.action,
      inviteForm({ name: "Ada Again", email: "admin2@a.example", role: "vendor_agent" }, await sessionOf(adminA1)),
    );
    expect(own).toMatchObject({
      data: { ok: false, errors: { email: "errors.alreadyOnTeam" } },
      init: { status: 409 },
    });
    const byAdmin = await run(
      accounts.action,
      inviteForm(
        { name: "Bea", email: "agent@b.example", role: "vendor_admin", vendorId: String(vendorA) },
        await sessionOf(portalAdminId),
      ),
    );
    expect(byAdmin).toMatchObject({
      data: { ok: false, errors: { email: "errors.accountExists" } },
      init: { status: 409 },
    });
  });
});

describe("setting a password spends the account's other links", () => {
  /** An outstanding emailed link, as the account holder (or whoever reads their mail) holds it. */
  function issueLink(userId: number, purpose: "password_reset" | "staff_invite", ttlMs: number): string {
    const raw = `${purpose.replace("_", "-")}-${userId}-${Math.random().toString(36).slice(2)}-0123456789abcdef`;
    portal.handle.sqlite
      .prepare(
        "INSERT INTO one_time_tokens (purpose, token_hash, user_id, expires_at, created_at) VALUES (?, ?, ?, ?, ?)",
      )
      .run(purpose, sha256Hex(raw), userId, portal.now().getTime() + ttlMs, portal.now().getTime());
    return raw;
  }

  it("a password reset kills every other outstanding reset link of the account and its pending invitation link", async () => {
    const first = issueLink(adminA1, "password_reset", 30 * 60_000);
    const second = issueLink(adminA1, "password_reset", 30 * 60_000);
    const third = issueLink(adminA1, "password_reset", 30 * 60_000);
    const invitation = issueLink(adminA1, "staff_invite", 7 * 86_400_000);
    const other = issueLink(adminA2, "password_reset", 30 * 60_000);
    expect(
      (
        (await run(reset.action, formRequest(`/reset/${second}`, { password: "a brand new passphrase" }), {
          token: second,
        })) as Response
      ).status,
    ).toBe(302);
    for (const token of [first, third]) {
      expect(
        await run(reset.action, formRequest(`/reset/${token}`, { password: "an attacker's passphrase" }), { token }),
      ).toMatchObject({ data: { errors: { password: "errors.resetInvalid" } } });
    }
    expect(await run(invite.loader, getRequest(`/invite/${invitation}`), { token: invitation })).toEqual({
      valid: false,
    });
    expect(
      await run(invite.action, formRequest(`/invite/${invitation}`, { password: "an attacker's passphrase" }), {
        token: invitation,
      }),
    ).toMatchObject({ data: { errors: { password: "errors.inviteInvalid" } } });
    expect(
      await run(
        login.action,
        formRequest("/login", { email: "admin1@a.example", password: "an attacker's passphrase" }),
      ),
    ).toMatchObject({ init: { status: 401 } });
    // Another account's link is not touched.
    expect(
      (
        (await run(reset.action, formRequest(`/reset/${other}`, { password: "colleague's new passphrase" }), {
          token: other,
        })) as Response
      ).status,
    ).toBe(302);
    const audit = auditActions().filter(
      (a) => a.action === "account.password_reset" && a.object_id === String(adminA1),
    );
    expect(JSON.parse(audit[0]!.details)).toMatchObject({ linksRevoked: 3 });
  });

  it("accepting an invitation kills the account's outstanding reset links", async () => {
    const invited = (await run(
      accounts.action,
      inviteForm({ name: "New Agent", email: "new@a.example", role: "vendor_agent" }, await sessionOf(adminA1)),
    )) as { ok: boolean };
    expect(invited.ok).toBe(true);
    const id = userIdOf("new@a.example")!;
    const resetLink = issueLink(id, "password_reset", 30 * 60_000);
    const invitation = issueLink(id, "staff_invite", 7 * 86_400_000);
    expect(
      (
        (await run(invite.action, formRequest(`/invite/${invitation}`, { password: "the invited passphrase" }), {
          token: invitation,
        })) as Response
      ).status,
    ).toBe(302);
    expect(
      await run(reset.action, formRequest(`/reset/${resetLink}`, { password: "an attacker's passphrase" }), {
        token: resetLink,
      }),
    ).toMatchObject({ data: { errors: { password: "errors.resetInvalid" } } });
    expect(tokensOf(id, "staff_invite").every((t) => t.used_at != null)).toBe(true);
  });
});
