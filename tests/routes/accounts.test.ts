import { openOutboxPayload } from "../../app/server/mail/outbox.server";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as accounts from "../../app/routes/accounts";
import * as invite from "../../app/routes/invite.$token";
import * as login from "../../app/routes/login";
import * as vendorQueue from "../../app/routes/vendor._index";
import {
  createTestPortal,
  formRequest,
  getRequest,
  insertUser,
  insertVendor,
  type TestPortal,
  loginAs,
} from "../helpers/test-portal";

let portal: TestPortal;
let vendorA = 0;
let vendorB = 0;
beforeEach(async () => {
  portal = createTestPortal();
  vendorA = insertVendor(portal.handle, { slug: "a" }).id;
  vendorB = insertVendor(portal.handle, { slug: "b" }).id;
  await insertUser(portal.handle, { email: "admin@portal.example", password: "correct horse battery", role: "admin" });
  await insertUser(portal.handle, {
    email: "admin@a.example",
    password: "correct horse battery",
    role: "vendor_admin",
    vendorId: vendorA,
  });
  await insertUser(portal.handle, {
    email: "agent@b.example",
    password: "correct horse battery",
    role: "vendor_agent",
    vendorId: vendorB,
  });
});
afterEach(() => portal.close());

type F = (a: object) => Promise<unknown>;
const run = async (fn: unknown, request: Request, params: Record<string, string> = {}) =>
  (fn as F)({ request, params, context: { clientIp: "198.51.100.4" } }).catch((e: unknown) => e);
async function signIn(email: string, password = "correct horse battery") {
  return loginAs(portal.handle, email, password, { clientIp: "198.51.100.4" });
}
const inviteToken = (email: string) => {
  const row = portal.handle.sqlite
    .prepare("SELECT dedupe_key, payload FROM email_outbox WHERE template = 'staff-invite' AND to_address = ?")
    .get(email) as { dedupe_key: string; payload: string };
  return (openOutboxPayload(row) as { invitePath: string }).invitePath.slice("/invite/".length);
};

describe("accounts and invitations", () => {
  it("the portal admin invites a regulator, who sets a password (12+ chars) and signs in; the link works once", async () => {
    const admin = await signIn("admin@portal.example");
    const form = new URLSearchParams({
      intent: "invite",
      name: "Analyste CAI",
      email: "new@cai.example",
      role: "regulator",
      organisation: "CAI",
    });
    form.append("jurisdictions", "CA-QC");
    const res = (await run(
      accounts.action,
      new Request("http://localhost:3000/accounts", {
        method: "POST",
        body: form,
        headers: { Cookie: admin, "Content-Type": "application/x-www-form-urlencoded" },
      }),
    )) as { ok: boolean };
    expect(res.ok).toBe(true);
    const token = inviteToken("new@cai.example");
    expect(
      await run(login.action, formRequest("/login", { email: "new@cai.example", password: "anything-at-all" })),
    ).toMatchObject({ init: { status: 401 } });
    expect(await run(invite.action, formRequest(`/invite/${token}`, { password: "short" }), { token })).toMatchObject({
      data: { errors: { password: "errors.passwordShort" } },
    });
    // Long enough but among the most common breached passwords (ASVS 6.2.4), in any case.
    for (const common of ["qwerty123456", "1QAZ2WSX3EDC", "123qweasdzxc", "correcthorsebatterystaple"]) {
      expect(await run(invite.action, formRequest(`/invite/${token}`, { password: common }), { token })).toMatchObject({
        data: { errors: { password: "errors.passwordCommon" } },
      });
    }
    expect(
      (
        (await run(invite.action, formRequest(`/invite/${token}`, { password: "a long passphrase for the CAI" }), {
          token,
        })) as Response
      ).status,
    ).toBe(302);
    await signIn("new@cai.example", "a long passphrase for the CAI");
    expect(
      await run(invite.action, formRequest(`/invite/${token}`, { password: "another long passphrase" }), { token }),
    ).toMatchObject({ data: { errors: { password: "errors.inviteInvalid" } } });
    const user = portal.handle.sqlite
      .prepare("SELECT role, jurisdictions, vendor_id FROM users WHERE email = 'new@cai.example'")
      .get();
    expect(user).toEqual({ role: "regulator", jurisdictions: '["CA-QC"]', vendor_id: null });
  });

  it("a vendor admin invites agents for their own vendor only, and disabling ends the agent's sessions", async () => {
    const admin = await signIn("admin@a.example");
    const res = (await run(
      accounts.action,
      formRequest(
        "/accounts",
        {
          intent: "invite",
          name: "New Agent",
          email: "agent2@a.example",
          role: "vendor_agent",
          vendorId: String(vendorB),
        },
        admin,
      ),
    )) as { ok: boolean };
    expect(res.ok).toBe(true);
    expect(portal.handle.sqlite.prepare("SELECT vendor_id FROM users WHERE email = 'agent2@a.example'").get()).toEqual({
      vendor_id: vendorA,
    });
    const reg = (await run(
      accounts.action,
      formRequest("/accounts", { intent: "invite", name: "X", email: "x@reg.example", role: "regulator" }, admin),
    )) as { data: { errors: Record<string, string> } };
    expect(reg.data.errors).toEqual({ role: "errors.roleNotAllowed" });
    const token = inviteToken("agent2@a.example");
    await run(invite.action, formRequest(`/invite/${token}`, { password: "agent two passphrase" }), { token });
    const agentCookie = await signIn("agent2@a.example", "agent two passphrase");
    expect(
      ((await run(vendorQueue.loader, getRequest("/vendor", agentCookie))) as { openCount: number }).openCount,
    ).toBe(0);
    const agentId = (
      portal.handle.sqlite.prepare("SELECT id FROM users WHERE email = 'agent2@a.example'").get() as { id: number }
    ).id;
    await run(accounts.action, formRequest("/accounts", { intent: "disable", id: String(agentId) }, admin));
    expect(((await run(vendorQueue.loader, getRequest("/vendor", agentCookie))) as Response).status).toBe(302);
    // Another vendor's staff cannot be disabled by this admin.
    const otherId = (
      portal.handle.sqlite.prepare("SELECT id FROM users WHERE email = 'agent@b.example'").get() as { id: number }
    ).id;
    expect(
      (
        (await run(
          accounts.action,
          formRequest("/accounts", { intent: "disable", id: String(otherId) }, admin),
        )) as Response
      ).status,
    ).toBe(404);
    expect(portal.handle.sqlite.prepare("SELECT disabled_at FROM users WHERE id = ?").get(otherId)).toEqual({
      disabled_at: null,
    });
  });
});

describe("password reset", () => {
  it("same answer for unknown accounts; the link works once, sets the password and ends every session", async () => {
    const forgot = await import("../../app/routes/forgot-password");
    const reset = await import("../../app/routes/reset.$token");
    const old = await signIn("admin@a.example");
    const unknown = (await run(forgot.action, formRequest("/forgot-password", { email: "nobody@a.example" }))) as {
      sent: boolean;
    };
    const known = (await run(forgot.action, formRequest("/forgot-password", { email: "admin@a.example" }))) as {
      sent: boolean;
    };
    expect(unknown).toEqual({ ...known, email: "nobody@a.example" });
    expect(unknown.sent && known.sent).toBe(true);
    const rows = portal.handle.sqlite
      .prepare("SELECT to_address, dedupe_key, payload FROM email_outbox WHERE template = 'password-reset'")
      .all() as { to_address: string; dedupe_key: string; payload: string }[];
    expect(rows.map((r) => r.to_address)).toEqual(["admin@a.example"]);
    const token = (openOutboxPayload(rows[0]!) as { resetPath: string }).resetPath.slice("/reset/".length);
    expect(
      (
        (await run(reset.action, formRequest(`/reset/${token}`, { password: "a brand new passphrase" }), {
          token,
        })) as Response
      ).status,
    ).toBe(302);
    expect(((await run(vendorQueue.loader, getRequest("/vendor", old))) as Response).status).toBe(302); // old session ended
    await signIn("admin@a.example", "a brand new passphrase");
    expect(
      await run(reset.action, formRequest(`/reset/${token}`, { password: "yet another passphrase" }), { token }),
    ).toMatchObject({ data: { errors: { password: "errors.resetInvalid" } } });
    // Expiry: 30 minutes.
    await run(forgot.action, formRequest("/forgot-password", { email: "admin@a.example" }));
    const second = portal.handle.sqlite
      .prepare("SELECT dedupe_key, payload FROM email_outbox WHERE template = 'password-reset' ORDER BY id DESC")
      .get() as { dedupe_key: string; payload: string };
    const t2 = (openOutboxPayload(second) as { resetPath: string }).resetPath.slice("/reset/".length);
    portal.setNow(new Date(portal.now().getTime() + 31 * 60_000));
    expect(
      await run(reset.action, formRequest(`/reset/${t2}`, { password: "too late passphrase" }), { token: t2 }),
    ).toMatchObject({ data: { errors: { password: "errors.resetExpired" } } });
  });
});

describe("vendor queue page size", () => {
  it("shows 25 rows by default, 50 or 100 on request (kept in the pager link), and ignores any other size", async () => {
    const { fileRequest } = await import("../../app/server/resident/file-request.server");
    for (let i = 0; i < 60; i++) {
      fileRequest(
        {
          vendor: ["b"],
          jurisdiction: "GB",
          type: ["access"],
          fullName: "Ana Lima",
          email: `ana${i}@example.com`,
          idempotencyKey: `size-${String(i).padStart(4, "0")}-0123456789`,
        },
        { locale: "en", now: portal.now() },
      );
    }
    // Delivered to the vendor (as confirming each email would): the triggers keep the counts.
    portal.handle.sqlite
      .prepare("UPDATE requests SET status = 'received', received_at = ?, due_at = ? + id WHERE vendor_id = ?")
      .run(portal.now().getTime(), portal.now().getTime(), vendorB);
    const agent = await signIn("agent@b.example");
    type Page = { items: unknown[]; openCount: number; nextCursor: string | null; filters: { size?: string } };
    const page = async (query: string) => (await run(vendorQueue.loader, getRequest(`/vendor${query}`, agent))) as Page;
    const first = await page("");
    expect([first.items.length, first.openCount]).toEqual([25, 60]);
    expect((await page("?size=50")).items).toHaveLength(50);
    expect((await page("?size=100")).items).toHaveLength(60);
    expect((await page("?size=7")).items).toHaveLength(25);
    const second = await page(`?size=50&after=${encodeURIComponent((await page("?size=50")).nextCursor!)}`);
    expect([second.items.length, second.filters.size]).toEqual([10, "50"]);
  });
});
