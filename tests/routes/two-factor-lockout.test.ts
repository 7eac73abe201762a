/**
 * Bounds on second-factor guessing by someone who has the password, through the real routes
 * (real database, real migrations, injected clock; no test sleeps): wrong codes count per
 * account across IPs and entry points, the 10th within a day locks the second factor (every
 * code refused, the right one too), one email carries a single-use 30-minute link whose page
 * lifts the lock on POST only, and a password reset or an admin's reset lifts it too.
 * Also: an enrolment posted without JavaScript keeps its recovery codes and its session.
 * WSTG-ATHN-03 (lockout), WSTG-ATHN-11 (MFA), ASVS 6.3.1, 6.3.3, 6.4.3.
 */
import crypto from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { MailTransport } from "../../emails/transport";
import * as enrolPage from "../../app/routes/account.two-factor";
import * as accounts from "../../app/routes/accounts";
import * as forgotPage from "../../app/routes/forgot-password";
import * as codePage from "../../app/routes/login_.two-factor";
import * as reauth from "../../app/routes/reauth";
import * as resetPage from "../../app/routes/reset.$token";
import * as unlockPage from "../../app/routes/two-factor.unlock.$token";
import * as vendorHome from "../../app/routes/vendor._index";
import * as root from "../../app/root";
import { dispatchOutbox } from "../../app/server/mail/outbox.server";
import {
  createTestPortal,
  enrolTotp,
  formRequest,
  freshTotpCode,
  getRequest,
  insertUser,
  insertVendor,
  loginAs,
  loginPasswordOnly,
  totpCodeAt,
  totpSecretOf,
  type TestPortal,
} from "../helpers/test-portal";

const PW = "correct horse battery";
const AGENT = "agent@facette.example";
let portal: TestPortal;

beforeEach(async () => {
  portal = createTestPortal({ now: "2026-03-05T15:00:10Z" });
  const vendor = insertVendor(portal.handle, { slug: "facette", name: "Facette AI" }).id;
  await insertUser(portal.handle, {
    email: AGENT,
    password: PW,
    role: "vendor_agent",
    vendorId: vendor,
    name: "Alex Agent",
  });
  await insertUser(portal.handle, {
    email: "admin@facette.example",
    password: PW,
    role: "vendor_admin",
    vendorId: vendor,
  });
  await insertUser(portal.handle, {
    email: "new@facette.example",
    password: PW,
    role: "vendor_agent",
    vendorId: vendor,
    twoFactor: false,
  });
  mailbox.length = 0;
});
afterEach(() => portal.close());

type Fn = (a: object) => Promise<unknown>;
const run = async (fn: unknown, request: Request, params: Record<string, string> = {}, clientIp = "198.51.100.7") =>
  (fn as Fn)({ request, params, context: { clientIp } }).catch((e: unknown) => e);
const statusOf = (r: unknown) =>
  r instanceof Response ? r.status : ((r as { init?: { status?: number } | null })?.init?.status ?? 200);
const locationOf = (r: unknown) => (r instanceof Response ? r.headers.get("Location") : null);
const dataOf = (r: unknown) => ((r as { data?: unknown })?.data ?? r) as Record<string, unknown>;
const audits = (action: string) =>
  portal.handle.sqlite
    .prepare("SELECT actor_type, actor_id, details FROM audit_events WHERE action = ? ORDER BY seq")
    .all(action) as { actor_type: string; actor_id: string | null; details: string }[];
const later = (ms: number) => portal.setNow(new Date(portal.now().getTime() + ms));
const sha256 = (s: string) => crypto.createHash("sha256").update(s).digest("hex");

/** A 6-digit code that is none of the three the server accepts right now. */
function wrongCode(email: string): string {
  const secret = totpSecretOf(portal.handle, email);
  const valid = new Set([-1, 0, 1].map((o) => totpCodeAt(secret, portal.now(), o)));
  for (let n = 0; ; n += 111_111) if (!valid.has(String(n).padStart(6, "0"))) return String(n).padStart(6, "0");
}

const codeAttempt = (cookie: string, code: string, ip = "198.51.100.7") =>
  run(codePage.action, formRequest("/login/two-factor", { code }, cookie), {}, ip);

/**
 * Ten wrong codes at the code page, each from another IP; returns when the lock was set. The
 * clock then moves past the 15-minute rate-limit window, so what follows meets the lock alone.
 */
async function lockByGuessing(email = AGENT): Promise<number> {
  const { cookie } = await loginPasswordOnly(email, PW);
  for (let i = 0; i < 10; i++) await codeAttempt(cookie, wrongCode(email), `192.0.2.${i + 1}`);
  const lockedAt = portal.now().getTime();
  later(15 * 60_000);
  return lockedAt;
}

/** Emails are read as their recipient reads them: sent by the real outbox worker, links taken from the text. */
const mailbox: { to: string; subject: string; text: string }[] = [];
async function deliverMail(): Promise<void> {
  const transport = {
    sendMail: async (m: { to: string; subject: string; text: string }) => {
      mailbox.push({ to: m.to, subject: m.subject, text: m.text });
      return {};
    },
  } as unknown as MailTransport;
  await dispatchOutbox({ transport, now: portal.now });
}
function pathIn(text: string, prefix: string): string {
  const m = text.match(new RegExp(`http://localhost:3000(${prefix}[A-Za-z0-9_-]+)`));
  if (!m) throw new Error(`no ${prefix} link in: ${text}`);
  return m[1]!;
}
async function unlockPathFromMail(): Promise<string> {
  await deliverMail();
  const mail = mailbox.find((m) => m.to === AGENT && m.text.includes("/two-factor/unlock/"));
  if (!mail) throw new Error("no unlock email");
  return pathIn(mail.text, "/two-factor/unlock/");
}
const tokenOf = (p: string) => p.split("/").pop()!;
const openLink = (p: string) => run(unlockPage.loader, getRequest(p), { token: tokenOf(p) });
const pressButton = (p: string) => run(unlockPage.action, formRequest(p, {}), { token: tokenOf(p) });

/** Password, then the right code, as the real user would: the final status of the code step. */
async function signInWithRightCode(password = PW): Promise<unknown> {
  later(30_000); // a fresh time step: a code never works twice
  const { cookie } = await loginPasswordOnly(AGENT, password);
  return codeAttempt(cookie, freshTotpCode(portal.handle, AGENT));
}

describe("second-factor guessing is bounded per account", () => {
  it("wrong codes add up across IPs, 15-minute windows and entry points; the 10th locks, then even the right code is refused", async () => {
    // 4 wrong 6-digit codes at the login code page, each from another IP.
    const first = (await loginPasswordOnly(AGENT, PW)).cookie;
    for (let i = 0; i < 4; i++)
      expect(statusOf(await codeAttempt(first, wrongCode(AGENT), `192.0.2.${i + 1}`))).toBe(401);
    // 3 wrong recovery codes, in another 15-minute window (the per-IP and per-window limits never see them together).
    later(20 * 60_000);
    const second = (await loginPasswordOnly(AGENT, PW)).cookie;
    for (let i = 0; i < 3; i++)
      expect(statusOf(await codeAttempt(second, "aaaa-bbbb-cccc-dddd-eeee-ffff", `198.51.100.${i + 10}`))).toBe(401);
    // The real user signs in in between (the count is not reset by that) ...
    later(20 * 60_000);
    const full = await loginAs(portal.handle, AGENT, PW);
    // ... and 2 wrong codes arrive at the step-up of a full session.
    for (let i = 0; i < 2; i++) {
      expect(
        statusOf(
          await run(
            reauth.action,
            formRequest("/reauth", { password: PW, code: wrongCode(AGENT), redirectTo: "/vendor" }, full),
            {},
            `203.0.113.${i + 20}`,
          ),
        ),
      ).toBe(401);
    }
    expect(audits("auth.second_factor_locked")).toHaveLength(0);
    // The 10th wrong code locks, and the answer says so.
    later(20 * 60_000);
    const third = (await loginPasswordOnly(AGENT, PW)).cookie;
    const tenth = await codeAttempt(third, wrongCode(AGENT), "192.0.2.200");
    expect(statusOf(tenth)).toBe(423);
    expect(dataOf(tenth).errors).toEqual({ code: "errors.secondFactorLocked" });
    const locked = audits("auth.second_factor_locked");
    expect(locked).toHaveLength(1);
    expect(locked[0]!.actor_type).toBe("system");
    expect(JSON.parse(locked[0]!.details)).toEqual({ failures: 10 });

    // From now on the right code is refused at every entry point, and not even checked (not spent).
    later(30_000);
    const stepBefore = portal.handle.sqlite.prepare("SELECT totp_last_step FROM users WHERE email = ?").get(AGENT);
    const right = freshTotpCode(portal.handle, AGENT);
    const refused = await codeAttempt(third, right, "192.0.2.201");
    expect(statusOf(refused)).toBe(423);
    expect(locationOf(refused)).toBeNull();
    expect(portal.handle.sqlite.prepare("SELECT totp_last_step FROM users WHERE email = ?").get(AGENT)).toEqual(
      stepBefore,
    );
    const stepUp = await run(
      reauth.action,
      formRequest("/reauth", { password: PW, code: right, redirectTo: "/vendor" }, full),
    );
    expect(statusOf(stepUp)).toBe(423);
    expect(dataOf(stepUp).errors).toEqual({ form: "errors.secondFactorLocked" });
    // A wrong password at the step-up still says only "wrong": the lock is told after the password.
    expect(
      dataOf(
        await run(
          reauth.action,
          formRequest("/reauth", { password: "not the password", code: right, redirectTo: "/vendor" }, full),
        ),
      ).errors,
    ).toEqual({ form: "errors.reauthFailed" });
    const regen = await run(
      enrolPage.action,
      formRequest("/account/two-factor", { intent: "regenerate", code: right }, full),
    );
    expect(statusOf(regen)).toBe(423);
    // Refusals while locked are audited as such, without the code.
    const failed = audits("auth.second_factor_failed").map((a) => JSON.parse(a.details) as Record<string, unknown>);
    expect(failed.filter((d) => d.locked === "held")).toHaveLength(2);
    expect(JSON.stringify(portal.handle.sqlite.prepare("SELECT * FROM audit_events").all())).not.toContain(right);
    // The code page says so before any code is typed.
    expect(dataOf(await run(codePage.loader, getRequest("/login/two-factor", third)))).toEqual({ locked: true });
  });

  it("right after the lock the real user hears of the lock, not of the 15-minute rate limit", async () => {
    const { cookie } = await loginPasswordOnly(AGENT, PW);
    for (let i = 0; i < 10; i++) await codeAttempt(cookie, wrongCode(AGENT), `192.0.2.${i + 1}`);
    const res = await codeAttempt(cookie, freshTotpCode(portal.handle, AGENT), "192.0.2.50");
    expect(statusOf(res)).toBe(423);
    expect(dataOf(res).errors).toEqual({ code: "errors.secondFactorLocked" });
  });

  it("wrong codes of an earlier day do not add up to a lock", async () => {
    for (const day of [0, 1]) {
      portal.setNow(new Date(Date.parse("2026-03-05T15:00:10Z") + day * 86_400_000));
      const { cookie } = await loginPasswordOnly(AGENT, PW);
      for (let i = 0; i < 9; i++)
        expect(statusOf(await codeAttempt(cookie, wrongCode(AGENT), `192.0.2.${i + 1}`))).toBe(401);
    }
    expect(statusOf(await signInWithRightCode())).toBe(302);
    expect(audits("auth.second_factor_locked")).toHaveLength(0);
  });
});

describe("the lock is lifted by its owner", () => {
  it("one email to the account's address; its single-use link shows a button on GET and lifts the lock on POST only", async () => {
    const lockedAt = await lockByGuessing();
    // More wrong codes while locked send nothing more.
    const { cookie } = await loginPasswordOnly(AGENT, PW);
    for (let i = 0; i < 3; i++)
      expect(statusOf(await codeAttempt(cookie, wrongCode(AGENT), `203.0.113.${i + 1}`))).toBe(423);
    expect(portal.wakes).toBeGreaterThan(0);
    await deliverMail();
    const sent = mailbox.filter((m) => m.to === AGENT);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.subject).toMatch(/locked/i);
    expect(sent[0]!.text).toContain("10");
    expect(sent[0]!.text).toContain("http://localhost:3000/forgot-password");
    const link = pathIn(sent[0]!.text, "/two-factor/unlock/");
    const token = tokenOf(link);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes = 256 bits
    // Stored only as its SHA-256, for 30 minutes.
    const rows = portal.handle.sqlite
      .prepare("SELECT * FROM one_time_tokens WHERE purpose = 'second_factor_unlock'")
      .all() as { token_hash: string; expires_at: number; used_at: number | null }[];
    expect(rows).toHaveLength(1);
    expect(rows[0]!.token_hash).toBe(sha256(token));
    expect(rows[0]!.expires_at).toBe(lockedAt + 30 * 60_000);
    expect(JSON.stringify(rows)).not.toContain(token);

    // Opening the link (a mail scanner, a preview) only shows the page with its button.
    expect(dataOf(await openLink(link))).toEqual({ state: "valid" });
    expect(dataOf(await openLink(link))).toEqual({ state: "valid" });
    expect(statusOf(await signInWithRightCode())).toBe(423);

    // Pressing the button lifts the lock; the right code works again.
    const pressed = await pressButton(link);
    expect(statusOf(pressed)).toBe(200);
    expect(dataOf(pressed)).toMatchObject({ ok: true });
    const unlocked = audits("auth.second_factor_unlocked");
    expect(unlocked).toHaveLength(1);
    expect(JSON.parse(unlocked[0]!.details)).toEqual({ via: "email_link" });
    expect(statusOf(await signInWithRightCode())).toBe(302);

    // The link works once.
    expect(statusOf(await pressButton(link))).toBe(404);
    expect(dataOf(await openLink(link))).toEqual({ state: "invalid" });
    // A made-up token is nothing.
    expect(statusOf(await pressButton(`/two-factor/unlock/${"A".repeat(43)}`))).toBe(404);
    expect(audits("auth.second_factor_unlocked")).toHaveLength(1);
  });

  it("after unlocking, the count starts again: nine more wrong codes do not lock, a tenth does, with a new link", async () => {
    await lockByGuessing();
    expect(statusOf(await pressButton(await unlockPathFromMail()))).toBe(200);
    later(16 * 60_000);
    const { cookie } = await loginPasswordOnly(AGENT, PW);
    for (let i = 0; i < 9; i++)
      expect(statusOf(await codeAttempt(cookie, wrongCode(AGENT), `192.0.2.${i + 1}`))).toBe(401);
    expect(statusOf(await codeAttempt(cookie, wrongCode(AGENT), "192.0.2.99"))).toBe(423);
    await deliverMail();
    expect(mailbox.filter((m) => m.to === AGENT)).toHaveLength(2);
  });

  it("the link expires 30 minutes after it was sent, and the lock stays", async () => {
    const lockedAt = await lockByGuessing();
    const link = await unlockPathFromMail();
    portal.setNow(new Date(lockedAt + 30 * 60_000));
    expect(dataOf(await openLink(link))).toEqual({ state: "valid" });
    later(1_000);
    expect(dataOf(await openLink(link))).toEqual({ state: "expired" });
    const late = await pressButton(link);
    expect(statusOf(late)).toBe(409);
    expect(dataOf(late)).toMatchObject({ ok: false, state: "expired" });
    expect(statusOf(await signInWithRightCode())).toBe(423);
    expect(audits("auth.second_factor_unlocked")).toHaveLength(0);
  });

  it("a password reset lifts the lock too, and voids the unlock link", async () => {
    await lockByGuessing();
    const link = await unlockPathFromMail();
    expect(statusOf(await run(forgotPage.action, formRequest("/forgot-password", { email: AGENT })))).toBeLessThan(400);
    await deliverMail();
    const resetMail = mailbox.find((m) => m.to === AGENT && m.text.includes("/reset/"))!;
    const resetPath = pathIn(resetMail.text, "/reset/");
    const reset = await run(resetPage.action, formRequest(resetPath, { password: "a brand new passphrase here" }), {
      token: tokenOf(resetPath),
    });
    expect(locationOf(reset)).toBe("/login");
    expect(statusOf(await signInWithRightCode("a brand new passphrase here"))).toBe(302);
    const unlocked = audits("auth.second_factor_unlocked");
    expect(unlocked).toHaveLength(1);
    expect(JSON.parse(unlocked[0]!.details)).toEqual({ via: "password_reset" });
    expect(dataOf(await openLink(link))).toEqual({ state: "invalid" });
    expect(statusOf(await pressButton(link))).toBe(404);
  });

  it("an administrator's reset of the second factor lifts the lock too", async () => {
    await lockByGuessing();
    const admin = await loginAs(portal.handle, "admin@facette.example", PW);
    const agentId = (portal.handle.sqlite.prepare("SELECT id FROM users WHERE email = ?").get(AGENT) as { id: number })
      .id;
    expect(
      locationOf(
        await run(accounts.action, formRequest("/accounts", { intent: "reset-2fa", id: String(agentId) }, admin)),
      ),
    ).toBe("/accounts?reset=1");
    const { cookie, location } = await loginPasswordOnly(AGENT, PW);
    expect(location).toBe("/account/two-factor?redirectTo=%2Fvendor");
    await enrolTotp(cookie);
    expect(statusOf(await signInWithRightCode())).toBe(302);
    expect(JSON.parse(audits("auth.second_factor_unlocked")[0]!.details)).toEqual({ via: "admin_reset" });
  });
});

describe("enrolment without JavaScript", () => {
  it("the page's loaders, run after the action in the same request with the old cookie, see the new full session", async () => {
    const { cookie } = await loginPasswordOnly("new@facette.example", PW);
    const page = dataOf(await run(enrolPage.loader, getRequest("/account/two-factor", cookie)));
    // A form posted without JavaScript is ONE request: Remix runs the action, then the root and
    // page loaders with the same load context and the request's original (now revoked) cookie.
    const context = { clientIp: "198.51.100.7" };
    const post = (await enrolPage.action({
      request: formRequest(
        "/account/two-factor",
        {
          intent: "enrol",
          pending: page.pending as string,
          code: totpCodeAt(page.secret as string, portal.now()),
          redirectTo: "/vendor",
        },
        cookie,
      ),
      params: {},
      context,
    })) as unknown as {
      data: { ok: boolean; recoveryCodes: string[]; next: string };
      init: { headers: Record<string, string> };
    };
    expect(post.data).toMatchObject({ ok: true, next: "/vendor" });
    expect(post.data.recoveryCodes).toHaveLength(10);
    const newCookie = post.init.headers["Set-Cookie"]!;
    expect(newCookie).toMatch(/HttpOnly/);
    const after = await enrolPage
      .loader({ request: getRequest("/account/two-factor", cookie), params: {}, context })
      .catch((e: unknown) => e);
    expect(after).not.toBeInstanceOf(Response);
    expect(dataOf(after)).toMatchObject({ mode: "manage", recoveryLeft: 10 });
    const layout = (await root.loader({ request: getRequest("/account/two-factor", cookie), params: {}, context })) as {
      user: { role: string } | null;
    };
    expect(layout.user).toMatchObject({ role: "vendor_agent" });
    // Outside that one answer the old cookie is dead and the new one opens the workspace.
    expect(locationOf(await run(enrolPage.loader, getRequest("/account/two-factor", cookie)))).toMatch(/^\/login\?/);
    expect(statusOf(await run(vendorHome.loader, getRequest("/vendor", newCookie.split(";")[0]!)))).toBe(200);
  });
});
