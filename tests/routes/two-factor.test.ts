/**
 * Staff second factor through the real routes (real SQLite, real migrations, injected clock):
 * enrolment, the login code step, replay and brute-force defences, recovery codes, admin reset,
 * step-up before a reference photo, and the keep-alive behind the session-expiry warning.
 * WSTG-ATHN-11 (MFA), ASVS 6.3.3, 6.5.1, 6.5.5, 6.4.3, 7.5.3.
 */
import { openOutboxPayload } from "../../app/server/mail/outbox.server";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as enrolPage from "../../app/routes/account.two-factor";
import * as accounts from "../../app/routes/accounts";
import * as adminHome from "../../app/routes/admin._index";
import * as codePage from "../../app/routes/login_.two-factor";
import * as logout from "../../app/routes/logout";
import * as reauth from "../../app/routes/reauth";
import * as regulatorHome from "../../app/routes/regulator._index";
import * as newRequest from "../../app/routes/requests.new/route";
import * as keepAlive from "../../app/routes/session.keep-alive";
import * as vendorHome from "../../app/routes/vendor._index";
import * as photoRoute from "../../app/routes/vendor.requests.$ref_.photo.$id";
import * as root from "../../app/root";
import { requestPasswordReset, resetPassword } from "../../app/server/accounts/staff-passwords.server";
import { SESSION_IDLE_MS } from "../../app/server/security/staff-sessions.server";
import { confirmEmail } from "../../app/server/resident/confirm-email.server";
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
  passSecondFactor,
  totpCodeAt,
  totpSecretOf,
  verifyPathFor,
  type TestPortal,
} from "../helpers/test-portal";

const PW = "correct horse battery";
let portal: TestPortal;
let filesDir: string;
let vendorA = 0;
let vendorB = 0;

beforeEach(async () => {
  filesDir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-2fa-files-"));
  portal = createTestPortal({ now: "2026-03-05T15:00:10Z", env: { FILES_DIR: filesDir } });
  vendorA = insertVendor(portal.handle, { slug: "facette", name: "Facette AI" }).id;
  vendorB = insertVendor(portal.handle, { slug: "visagio", name: "Visagio" }).id;
  await insertUser(portal.handle, {
    email: "agent@facette.example",
    password: PW,
    role: "vendor_agent",
    vendorId: vendorA,
  });
  await insertUser(portal.handle, {
    email: "admin@facette.example",
    password: PW,
    role: "vendor_admin",
    vendorId: vendorA,
  });
  await insertUser(portal.handle, {
    email: "admin@visagio.example",
    password: PW,
    role: "vendor_admin",
    vendorId: vendorB,
  });
  await insertUser(portal.handle, {
    email: "cai@regulator.example",
    password: PW,
    role: "regulator",
    jurisdictions: ["CA-QC"],
  });
  await insertUser(portal.handle, { email: "admin@portal.example", password: PW, role: "admin" });
  await insertUser(portal.handle, {
    email: "new@facette.example",
    password: PW,
    role: "vendor_agent",
    vendorId: vendorA,
    twoFactor: false,
  });
});
afterEach(() => {
  portal.close();
  fs.rmSync(filesDir, { recursive: true, force: true });
});

type Fn = (a: object) => Promise<unknown>;
const run = async (fn: unknown, request: Request, params: Record<string, string> = {}, clientIp = "198.51.100.7") =>
  (fn as Fn)({ request, params, context: { clientIp } }).catch((e: unknown) => e);
const statusOf = (r: unknown) =>
  r instanceof Response ? r.status : ((r as { init?: { status?: number } | null })?.init?.status ?? 200);
const locationOf = (r: unknown) => (r instanceof Response ? r.headers.get("Location") : null);
const dataOf = (r: unknown) => ((r as { data?: unknown })?.data ?? r) as Record<string, unknown>;
const audits = (action: string) =>
  portal.handle.sqlite
    .prepare("SELECT actor_id, details FROM audit_events WHERE action = ? ORDER BY seq")
    .all(action) as { actor_id: string; details: string }[];
const later = (ms: number) => portal.setNow(new Date(portal.now().getTime() + ms));

describe("login needs the second factor", () => {
  it("the password alone leads to the code page, and that session reaches no workspace of any role", async () => {
    const cases = [
      { email: "agent@facette.example", mod: vendorHome, url: "/vendor" },
      { email: "admin@facette.example", mod: accounts, url: "/accounts" },
      { email: "cai@regulator.example", mod: regulatorHome, url: "/regulator" },
      { email: "admin@portal.example", mod: adminHome, url: "/admin" },
    ];
    for (const c of cases) {
      const { cookie, location } = await loginPasswordOnly(c.email, PW);
      expect(location).toBe(
        `/login/two-factor?redirectTo=${encodeURIComponent(c.url === "/accounts" ? "/vendor" : c.url)}`,
      );
      const res = await run(c.mod.loader, getRequest(c.url, cookie));
      expect(statusOf(res), c.email).toBe(302);
      expect(locationOf(res)).toBe(`/login/two-factor?redirectTo=${encodeURIComponent(c.url)}`);
      // The root layout does not treat it as signed in either (no workspace links, no banner).
      const layout = (await run(root.loader, getRequest("/", cookie))) as { user: unknown; session: unknown };
      expect(layout).toMatchObject({ user: null, session: null });
    }
  });

  it("the right code opens the workspace with a NEW session id; the password-only id dies", async () => {
    const { cookie: pending } = await loginPasswordOnly("agent@facette.example", PW);
    const full = await passSecondFactor(portal.handle, "agent@facette.example", pending);
    expect(full).not.toBe(pending);
    expect(statusOf(await run(vendorHome.loader, getRequest("/vendor", full)))).toBe(200);
    expect(locationOf(await run(vendorHome.loader, getRequest("/vendor", pending)))).toMatch(/^\/login\?/);
    const ok = audits("auth.second_factor_succeeded");
    expect(ok).toHaveLength(1);
    expect(JSON.parse(ok[0]!.details)).toEqual({ method: "totp", purpose: "login" });
  });

  it("a wrong code is refused (401, audited without the code, no cookie)", async () => {
    const { cookie } = await loginPasswordOnly("agent@facette.example", PW);
    const right = freshTotpCode(portal.handle, "agent@facette.example");
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, "0");
    const res = await run(codePage.action, formRequest("/login/two-factor", { code: wrong }, cookie));
    expect(statusOf(res)).toBe(401);
    expect(dataOf(res).errors).toEqual({ code: "errors.codeWrong" });
    expect(statusOf(await run(codePage.action, formRequest("/login/two-factor", { code: "12ab" }, cookie)))).toBe(400);
    const failed = audits("auth.second_factor_failed");
    expect(failed).toHaveLength(1);
    expect(failed[0]!.details).not.toContain(wrong);
    expect(statusOf(await run(vendorHome.loader, getRequest("/vendor", cookie)))).toBe(302);
  });

  it("a code works once: the same code, or an earlier one, is refused afterwards (replay)", async () => {
    const secret = totpSecretOf(portal.handle, "agent@facette.example");
    const now = portal.now();
    const current = totpCodeAt(secret, now);
    await passSecondFactor(
      portal.handle,
      "agent@facette.example",
      (await loginPasswordOnly("agent@facette.example", PW)).cookie,
      { code: current },
    );
    const again = (await loginPasswordOnly("agent@facette.example", PW)).cookie;
    expect(statusOf(await run(codePage.action, formRequest("/login/two-factor", { code: current }, again)))).toBe(401);
    // The previous step is inside the ±1 window but earlier than the one used: refused too.
    expect(
      statusOf(
        await run(codePage.action, formRequest("/login/two-factor", { code: totpCodeAt(secret, now, -1) }, again)),
      ),
    ).toBe(401);
    // Two steps ahead is outside the window.
    expect(
      statusOf(
        await run(codePage.action, formRequest("/login/two-factor", { code: totpCodeAt(secret, now, 2) }, again)),
      ),
    ).toBe(401);
    // 30 s later the next code works.
    later(30_000);
    expect(
      statusOf(
        await run(codePage.action, formRequest("/login/two-factor", { code: totpCodeAt(secret, portal.now()) }, again)),
      ),
    ).toBe(302);
  });

  it("attempts are limited per account: the 11th in 15 minutes gets 429 with Retry-After, even with the right code", async () => {
    const { cookie } = await loginPasswordOnly("agent@facette.example", PW);
    // Nine wrong codes (a tenth would lock the second factor: two-factor-lockout.test.ts) and one
    // right one, a different IP each time: only the per-account limit can stop the 11th.
    for (let i = 0; i < 9; i++) {
      expect(
        statusOf(
          await run(codePage.action, formRequest("/login/two-factor", { code: "000000" }, cookie), {}, `192.0.2.${i}`),
        ),
      ).toBe(401);
    }
    expect(
      statusOf(
        await run(
          codePage.action,
          formRequest("/login/two-factor", { code: freshTotpCode(portal.handle, "agent@facette.example") }, cookie),
          {},
          "192.0.2.9",
        ),
      ),
    ).toBe(302);
    const again = (await loginPasswordOnly("agent@facette.example", PW)).cookie;
    const res = await run(
      codePage.action,
      formRequest("/login/two-factor", { code: freshTotpCode(portal.handle, "agent@facette.example") }, again),
      {},
      "192.0.2.99",
    );
    expect(statusOf(res)).toBe(429);
    expect(Number((res as { init: { headers: Record<string, string> } }).init.headers["Retry-After"])).toBeGreaterThan(
      0,
    );
    later(15 * 60_000);
    const fresh = (await loginPasswordOnly("agent@facette.example", PW)).cookie;
    expect(
      statusOf(
        await run(
          codePage.action,
          formRequest("/login/two-factor", { code: freshTotpCode(portal.handle, "agent@facette.example") }, fresh),
        ),
      ),
    ).toBe(302);
  });

  it("a password-only session left waiting more than 15 minutes has to start again", async () => {
    const { cookie } = await loginPasswordOnly("agent@facette.example", PW);
    later(16 * 60_000);
    expect(locationOf(await run(codePage.loader, getRequest("/login/two-factor", cookie)))).toBe("/login");
  });
});

describe("enrolment", () => {
  it("first login: QR + key, a confirming code, then 10 recovery codes shown once and stored hashed", async () => {
    const { cookie, location } = await loginPasswordOnly("new@facette.example", PW);
    expect(location).toBe("/account/two-factor?redirectTo=%2Fvendor");
    // The guards send a password-only, not-enrolled session to enrolment.
    expect(locationOf(await run(vendorHome.loader, getRequest("/vendor", cookie)))).toBe(
      "/account/two-factor?redirectTo=%2Fvendor",
    );
    expect(locationOf(await run(codePage.loader, getRequest("/login/two-factor", cookie)))).toBe("/account/two-factor");
    const page = dataOf(await run(enrolPage.loader, getRequest("/account/two-factor", cookie)));
    expect(page.mode).toBe("enrol");
    const secret = page.secret as string;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(page.uri).toMatch(/^otpauth:\/\/totp\/Biometric%20Rights%20Portal:new%40facette\.example\?/);
    expect(page.uri).toContain(`secret=${secret}`);
    expect(String(page.qrDataUrl)).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(Buffer.from(String(page.qrDataUrl).split(",")[1]!, "base64").toString()).toContain("<svg");

    // A wrong code: refused, the same secret comes back (the app already scanned it).
    const bad = await run(
      enrolPage.action,
      formRequest("/account/two-factor", { intent: "enrol", pending: page.pending as string, code: "000000" }, cookie),
    );
    expect(statusOf(bad)).toBe(401);
    expect(dataOf(bad)).toMatchObject({ ok: false, errors: { code: "errors.codeWrong" }, secret });
    const enrolled = await enrolTotp(cookie);
    expect(enrolled.recoveryCodes).toHaveLength(10);
    expect(new Set(enrolled.recoveryCodes).size).toBe(10);
    for (const c of enrolled.recoveryCodes) expect(c).toMatch(/^[a-z2-7]{4}(-[a-z2-7]{4}){5}$/);
    expect(enrolled.cookie).not.toBe(cookie);
    expect(statusOf(await run(vendorHome.loader, getRequest("/vendor", enrolled.cookie)))).toBe(200);
    expect(statusOf(await run(vendorHome.loader, getRequest("/vendor", cookie)))).toBe(302);

    // At rest: the secret encrypted (not readable in the row), the codes as SHA-256 only.
    const row = portal.handle.sqlite
      .prepare("SELECT totp_secret_enc, totp_enabled_at, totp_last_step FROM users WHERE email = 'new@facette.example'")
      .get() as {
      totp_secret_enc: string;
      totp_enabled_at: number;
      totp_last_step: number;
    };
    expect(row.totp_enabled_at).toBe(portal.now().getTime());
    expect(row.totp_secret_enc).not.toContain(enrolled.secret);
    expect(Buffer.from(row.totp_secret_enc, "base64").toString("latin1")).not.toContain(enrolled.secret);
    expect(totpSecretOf(portal.handle, "new@facette.example")).toBe(enrolled.secret);
    const hashes = portal.handle.sqlite
      .prepare(
        "SELECT code_hash FROM recovery_codes WHERE user_id = (SELECT id FROM users WHERE email = 'new@facette.example')",
      )
      .all() as { code_hash: string }[];
    expect(hashes).toHaveLength(10);
    for (const h of hashes) expect(h.code_hash).toMatch(/^[0-9a-f]{64}$/);
    const dump = JSON.stringify(portal.handle.sqlite.prepare("SELECT * FROM audit_events").all());
    for (const c of enrolled.recoveryCodes) expect(dump).not.toContain(c);
    expect(dump).not.toContain(enrolled.secret);
    expect(audits("auth.second_factor_enrolled")).toHaveLength(1);
  });

  it("enrolment takes only the secret the server sealed for this user: a chosen, forged or another user's secret is 400", async () => {
    await insertUser(portal.handle, {
      email: "fresh@facette.example",
      password: PW,
      role: "vendor_agent",
      vendorId: vendorA,
      twoFactor: false,
    });
    await insertUser(portal.handle, {
      email: "other@facette.example",
      password: PW,
      role: "vendor_agent",
      vendorId: vendorA,
      twoFactor: false,
    });
    const mine = (await loginPasswordOnly("fresh@facette.example", PW)).cookie;
    const theirs = (await loginPasswordOnly("other@facette.example", PW)).cookie;
    const myPage = (await run(enrolPage.loader, getRequest("/account/two-factor", mine))) as {
      secret: string;
      pending: string;
    };
    const theirPage = (await run(enrolPage.loader, getRequest("/account/two-factor", theirs))) as {
      secret: string;
      pending: string;
    };
    expect(myPage.pending).not.toContain(myPage.secret);
    const post = (fields: Record<string, string>) =>
      run(enrolPage.action, formRequest("/account/two-factor", { intent: "enrol", ...fields }, mine));
    // A secret of the browser's choosing (the old form field) and its code: refused.
    const chosen = "A".repeat(32);
    expect(statusOf(await post({ secret: chosen, code: totpCodeAt(chosen, portal.now()) }))).toBe(400);
    expect(statusOf(await post({ pending: chosen, code: totpCodeAt(chosen, portal.now()) }))).toBe(400);
    // Another user's sealed secret does not open for me; a tampered one neither.
    expect(statusOf(await post({ pending: theirPage.pending, code: totpCodeAt(theirPage.secret, portal.now()) }))).toBe(
      400,
    );
    const tampered = (myPage.pending[0] === "A" ? "B" : "A") + myPage.pending.slice(1);
    expect(statusOf(await post({ pending: tampered, code: totpCodeAt(myPage.secret, portal.now()) }))).toBe(400);
    expect(
      portal.handle.sqlite.prepare("SELECT totp_enabled_at FROM users WHERE email = 'fresh@facette.example'").get(),
    ).toEqual({ totp_enabled_at: null });
    // The one the server sealed for me works.
    expect(
      (await post({ pending: myPage.pending, code: totpCodeAt(myPage.secret, portal.now()) })) as {
        data?: { ok: boolean };
      },
    ).toMatchObject({ data: { ok: true } });
  });

  it("an enrolled account cannot be re-enrolled with the password alone", async () => {
    const { cookie } = await loginPasswordOnly("agent@facette.example", PW);
    expect(locationOf(await run(enrolPage.loader, getRequest("/account/two-factor", cookie)))).toBe(
      "/login/two-factor",
    );
    const forged = await run(
      enrolPage.action,
      formRequest("/account/two-factor", { intent: "enrol", pending: "A".repeat(32), code: "123456" }, cookie),
    );
    expect(locationOf(forged)).toBe("/login/two-factor");
    // Even with both factors the enrol intent is refused: changing phones goes through an admin reset.
    const full = await passSecondFactor(portal.handle, "agent@facette.example", cookie);
    expect(
      statusOf(
        await run(
          enrolPage.action,
          formRequest("/account/two-factor", { intent: "enrol", pending: "A".repeat(32), code: "123456" }, full),
        ),
      ),
    ).toBe(409);
  });
});

describe("recovery codes", () => {
  it("a recovery code signs in once (any case, with or without dashes); regenerating voids the old ones", async () => {
    const first = await enrolTotp((await loginPasswordOnly("new@facette.example", PW)).cookie);
    const [code1, code2] = first.recoveryCodes;
    const pending = (await loginPasswordOnly("new@facette.example", PW)).cookie;
    const res = await run(
      codePage.action,
      formRequest("/login/two-factor", { code: code1!.toUpperCase().replace(/-/g, " ") }, pending),
    );
    expect(statusOf(res)).toBe(302);
    expect(JSON.parse(audits("auth.recovery_code_used")[0]!.details)).toEqual({ remaining: 9 });
    const pending2 = (await loginPasswordOnly("new@facette.example", PW)).cookie;
    expect(statusOf(await run(codePage.action, formRequest("/login/two-factor", { code: code1! }, pending2)))).toBe(
      401,
    );

    // Regenerating needs a code from the app (not a recovery code) and both factors.
    expect(
      statusOf(
        await run(
          enrolPage.action,
          formRequest("/account/two-factor", { intent: "regenerate", code: "000000" }, first.cookie),
        ),
      ),
    ).toBe(401);
    later(30_000);
    const regen = dataOf(
      await run(
        enrolPage.action,
        formRequest(
          "/account/two-factor",
          { intent: "regenerate", code: freshTotpCode(portal.handle, "new@facette.example") },
          first.cookie,
        ),
      ),
    );
    expect(regen.ok).toBe(true);
    expect(regen.recoveryCodes as string[]).toHaveLength(10);
    expect(statusOf(await run(codePage.action, formRequest("/login/two-factor", { code: code2! }, pending2)))).toBe(
      401,
    );
    expect(
      statusOf(
        await run(
          codePage.action,
          formRequest("/login/two-factor", { code: (regen.recoveryCodes as string[])[0]! }, pending2),
        ),
      ),
    ).toBe(302);
    expect(audits("auth.recovery_codes_regenerated")).toHaveLength(1);
  });
});

describe("admin reset and password reset", () => {
  const post = (cookie: string, fields: Record<string, string>) =>
    run(accounts.action, formRequest("/accounts", fields, cookie));
  const idOf = (email: string) =>
    (portal.handle.sqlite.prepare("SELECT id FROM users WHERE email = ?").get(email) as { id: number }).id;

  it("a vendor admin resets an agent's second factor: sessions end, next login enrols again; other vendors get 404", async () => {
    const agent = await loginAs(portal.handle, "agent@facette.example", PW);
    const other = await loginAs(portal.handle, "admin@visagio.example", PW);
    expect(statusOf(await post(other, { intent: "reset-2fa", id: String(idOf("agent@facette.example")) }))).toBe(404);
    const admin = await loginAs(portal.handle, "admin@facette.example", PW);
    expect(locationOf(await post(admin, { intent: "reset-2fa", id: String(idOf("agent@facette.example")) }))).toBe(
      "/accounts?reset=1",
    );
    expect(locationOf(await run(vendorHome.loader, getRequest("/vendor", agent)))).toMatch(/^\/login\?/);
    expect(
      portal.handle.sqlite
        .prepare(
          "SELECT totp_secret_enc, totp_enabled_at, totp_last_step FROM users WHERE email = 'agent@facette.example'",
        )
        .get(),
    ).toEqual({
      totp_secret_enc: null,
      totp_enabled_at: null,
      totp_last_step: null,
    });
    const reset = audits("auth.second_factor_reset");
    expect(reset).toHaveLength(1);
    expect(JSON.parse(reset[0]!.details)).toMatchObject({ sessionsEnded: 1 });
    expect((await loginPasswordOnly("agent@facette.example", PW)).location).toBe(
      "/account/two-factor?redirectTo=%2Fvendor",
    );
    // The accounts list shows who has a second factor.
    const list = dataOf(await run(accounts.loader, getRequest("/accounts", admin))).accounts as {
      email: string;
      twoFactor: boolean;
    }[];
    expect(list.find((a) => a.email === "agent@facette.example")?.twoFactor).toBe(false);
    expect(list.find((a) => a.email === "admin@facette.example")?.twoFactor).toBe(true);
  });

  it("a password reset keeps the authenticator: the next login still asks for the code", async () => {
    requestPasswordReset("agent@facette.example", portal.now());
    const row = portal.handle.sqlite
      .prepare("SELECT dedupe_key, payload FROM email_outbox WHERE template = 'password-reset'")
      .get() as { dedupe_key: string; payload: string };
    const token = (openOutboxPayload(row) as { resetPath: string }).resetPath.slice("/reset/".length);
    await resetPassword(token, "a brand new passphrase here", portal.now());
    const after = await loginPasswordOnly("agent@facette.example", "a brand new passphrase here");
    expect(after.location).toBe("/login/two-factor?redirectTo=%2Fvendor");
    expect(statusOf(await run(vendorHome.loader, getRequest("/vendor", after.cookie)))).toBe(302);
  });
});

describe("step-up before a reference photo", () => {
  async function fileWithPhoto(): Promise<{ ref: string; photoId: number }> {
    const jpeg = await sharp({ create: { width: 32, height: 32, channels: 3, background: { r: 120, g: 100, b: 90 } } })
      .jpeg()
      .toBuffer();
    const form = new FormData();
    const fields: Record<string, string> = {
      step: "submit",
      vendor: "facette",
      jurisdiction: "US-IL",
      type: "access",
      fullName: "Noah Smith",
      email: "noah@example.com",
      urls: "https://example.org/team/noah",
      accessSearchLog: "on",
      consent: "yes",
      idempotencyKey: "two-factor-photo-0123456789",
    };
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append("photo", new Blob([new Uint8Array(jpeg)], { type: "image/jpeg" }), "me.jpg");
    await newRequest.action({
      request: new Request("http://localhost:3000/requests/new", {
        method: "POST",
        body: form,
        headers: { Origin: "http://localhost:3000" },
      }),
      params: {},
      context: {},
    });
    confirmEmail(verifyPathFor(portal.handle, "noah@example.com").slice("/verify/".length), { now: portal.now() });
    const row = portal.handle.sqlite
      .prepare('SELECT r.reference AS ref, a.id AS "photoId" FROM attachments a JOIN requests r ON r.id = a.request_id')
      .get() as { ref: string; photoId: number };
    expect(row).toBeTruthy();
    return row;
  }

  it("no recent re-authentication → /reauth and back; password + code → the photo; 5 minutes later → /reauth again", async () => {
    const { ref, photoId } = await fileWithPhoto();
    const url = `/vendor/requests/${ref}/photo/${photoId}`;
    const cookie = await loginAs(portal.handle, "agent@facette.example", PW);
    const first = await run(photoRoute.loader, getRequest(url, cookie), { ref, id: String(photoId) });
    expect(locationOf(first)).toBe(`/reauth?redirectTo=${encodeURIComponent(url)}`);
    expect(
      portal.handle.sqlite.prepare("SELECT count(*) AS n FROM audit_events WHERE action = 'photo.viewed'").get(),
    ).toEqual({ n: 0 });

    later(30_000);
    // Wrong password: refused without spending the code; wrong code: refused.
    const code = freshTotpCode(portal.handle, "agent@facette.example");
    expect(
      statusOf(await run(reauth.action, formRequest("/reauth", { password: "not it", code, redirectTo: url }, cookie))),
    ).toBe(401);
    expect(
      statusOf(
        await run(reauth.action, formRequest("/reauth", { password: PW, code: "000000", redirectTo: url }, cookie)),
      ),
    ).toBe(401);
    const ok = await run(reauth.action, formRequest("/reauth", { password: PW, code, redirectTo: url }, cookie));
    expect(locationOf(ok)).toBe(url);
    expect(
      audits("auth.reauth_failed")
        .map((a) => JSON.parse(a.details) as { failed: string })
        .map((d) => d.failed),
    ).toEqual(["password", "code"]);
    expect(audits("auth.reauthenticated")).toHaveLength(1);

    const photo = (await run(photoRoute.loader, getRequest(url, cookie), { ref, id: String(photoId) })) as Response;
    expect(photo.status).toBe(200);
    expect(photo.headers.get("Content-Type")).toBe("image/jpeg");

    later(5 * 60_000 + 1_000);
    expect(locationOf(await run(photoRoute.loader, getRequest(url, cookie), { ref, id: String(photoId) }))).toMatch(
      /^\/reauth\?/,
    );
  });

  it("redirectTo must be a same-site path: anything else lands on the workspace", async () => {
    const cookie = await loginAs(portal.handle, "agent@facette.example", PW);
    later(30_000);
    for (const target of ["//evil.example/x", "https://evil.example/", "/\\evil.example", "/\t/evil.example"]) {
      const res = await run(
        reauth.action,
        formRequest(
          "/reauth",
          { password: PW, code: freshTotpCode(portal.handle, "agent@facette.example"), redirectTo: target },
          cookie,
        ),
      );
      expect(locationOf(res), target).toBe("/vendor");
      later(30_000);
    }
  });
});

describe("session-expiry warning and keep-alive", () => {
  it("the root data carries the remaining idle and absolute times of a full session", async () => {
    const cookie = await loginAs(portal.handle, "agent@facette.example", PW);
    later(10 * 60_000);
    const layout = (await run(root.loader, getRequest("/vendor", cookie))) as {
      session: { idleRemainingMs: number; absoluteRemainingMs: number };
    };
    // Reading the page is activity: the idle clock restarts; the absolute one does not.
    expect(layout.session.idleRemainingMs).toBe(SESSION_IDLE_MS);
    expect(layout.session.absoluteRemainingMs).toBe(8 * 60 * 60_000 - 10 * 60_000);
  });

  it("'Stay signed in' extends the idle limit, never the absolute one; POST only", async () => {
    const kept = await loginAs(portal.handle, "agent@facette.example", PW);
    const idle = await loginAs(portal.handle, "agent@facette.example", PW);
    later(25 * 60_000);
    const res = dataOf(await run(keepAlive.action, formRequest("/session/keep-alive", {}, kept)));
    expect(res).toEqual({ idleRemainingMs: SESSION_IDLE_MS, absoluteRemainingMs: 8 * 60 * 60_000 - 25 * 60_000 });
    later(10 * 60_000); // 35 min after login, 10 after the keep-alive
    expect(statusOf(await run(vendorHome.loader, getRequest("/vendor", kept)))).toBe(200);
    expect(locationOf(await run(vendorHome.loader, getRequest("/vendor", idle)))).toMatch(/^\/login\?/);
    expect(statusOf(await run(keepAlive.loader, getRequest("/session/keep-alive", kept)))).toBe(405);
    // Without JavaScript the form post comes back to the page (same-site paths only).
    expect(
      locationOf(
        await run(keepAlive.action, formRequest("/session/keep-alive", { redirectTo: "/vendor/requests/BR-1" }, kept)),
      ),
    ).toBe("/vendor/requests/BR-1");
    expect(
      locationOf(
        await run(keepAlive.action, formRequest("/session/keep-alive", { redirectTo: "//evil.example" }, kept)),
      ),
    ).toBe("/vendor");
    // A signed-out or password-only visitor cannot keep anything alive.
    expect(locationOf(await run(keepAlive.action, formRequest("/session/keep-alive", {})))).toMatch(/^\/login\?/);
    // The absolute limit stays: 8 h after login the session ends whatever the activity.
    for (let i = 0; i < 16; i++) {
      later(29 * 60_000);
      await run(keepAlive.action, formRequest("/session/keep-alive", {}, kept));
    }
    expect(locationOf(await run(vendorHome.loader, getRequest("/vendor", kept)))).toMatch(/^\/login\?/);
  });

  it("logout still ends a full session", async () => {
    const cookie = await loginAs(portal.handle, "agent@facette.example", PW);
    await run(logout.action, formRequest("/logout", {}, cookie));
    expect(locationOf(await run(vendorHome.loader, getRequest("/vendor", cookie)))).toMatch(/^\/login\?/);
  });
});
