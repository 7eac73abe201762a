/**
 * The second factor and the session-expiry warning on the real server in Chromium: the code
 * page after the password, the session id rotating at each step, and the banner that warns
 * before the idle limit (the browser's clock is fast-forwarded; the server's is real).
 */
import { generateSync } from "otplib";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  axeViolations,
  launchBrowser,
  openServerDatabase,
  signInStaff,
  signInStaffByFetch,
  startServer,
  totpCodeFor,
  waitForMail,
  type RunningServer,
} from "./harness";

let server: RunningServer;
let browser: BrowserContext;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("second factor", () => {
  it("the password-only cookie reaches no workspace; the code gives a new session id that does", async () => {
    const login = server.logins.find((l) => l.email === "cai@regulator.example")!;
    expect(login.totpSecret).toMatch(/^[A-Z2-7]{32}$/);
    expect(login.otpauthUri).toContain(`secret=${login.totpSecret}`);
    expect(server.output()).toContain(`TOTP ${login.totpSecret}`);
    const first = await fetch(`${server.url}/login`, {
      method: "POST",
      redirect: "manual",
      body: new URLSearchParams({ email: login.email, password: login.password }),
      headers: { Origin: server.url },
    });
    expect(first.status).toBe(302);
    expect(first.headers.get("location")).toBe("/login/two-factor?redirectTo=%2Fregulator");
    const pending = first.headers.get("set-cookie")!.split(";")[0]!;
    const blocked = await fetch(`${server.url}/regulator`, { redirect: "manual", headers: { Cookie: pending } });
    expect(blocked.status).toBe(302);
    expect(blocked.headers.get("location")).toBe("/login/two-factor?redirectTo=%2Fregulator");
    const wrong = await fetch(`${server.url}/login/two-factor`, {
      method: "POST",
      redirect: "manual",
      body: new URLSearchParams({ code: "000000" }),
      headers: { Origin: server.url, Cookie: pending },
    });
    expect(wrong.status).toBe(401);
    const second = await fetch(`${server.url}/login/two-factor`, {
      method: "POST",
      redirect: "manual",
      body: new URLSearchParams({ code: totpCodeFor(server, login.email) }),
      headers: { Origin: server.url, Cookie: pending },
    });
    expect(second.status).toBe(302);
    const full = second.headers.get("set-cookie")!;
    expect(full).toMatch(/HttpOnly/);
    expect(full.split(";")[0]).not.toBe(pending);
    expect(
      (await fetch(`${server.url}/regulator`, { redirect: "manual", headers: { Cookie: full.split(";")[0]! } })).status,
    ).toBe(200);
    expect((await fetch(`${server.url}/regulator`, { redirect: "manual", headers: { Cookie: pending } })).status).toBe(
      302,
    );
  });

  it("the security page and the re-authentication page are accessible", async () => {
    const page = await browser.newPage();
    await signInStaff(page, server, "agent@facette.example");
    expect(new URL(page.url()).pathname).toBe("/vendor");
    await page.goto(`${server.url}/account/two-factor`);
    await page.getByRole("heading", { name: "Sign-in security" }).waitFor();
    // Demo accounts are pre-enrolled by the seed without recovery codes; they can create some here.
    expect(await page.locator("main").textContent()).toMatch(/\d+ unused recovery codes? left\./);
    expect(await axeViolations(page)).toEqual([]);
    await page.goto(`${server.url}/reauth?redirectTo=%2Fvendor`);
    await page.getByRole("heading", { name: "Confirm it is you" }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
    await browser.clearCookies();
  });
});

describe("second-factor lock", () => {
  it("ten wrong codes lock the account; the code page says so; the emailed link's page lifts the lock with its button", async () => {
    const login = server.logins.find((l) => l.email === "cppa@regulator.example")!;
    const accepted = new Set(
      [-1, 0, 1].map((o) => generateSync({ secret: login.totpSecret!, epoch: Math.floor(Date.now() / 1000) + o * 30 })),
    );
    const wrong = ["000000", "111111", "222222"].find((c) => !accepted.has(c))!;
    const first = await fetch(`${server.url}/login`, {
      method: "POST",
      redirect: "manual",
      body: new URLSearchParams({ email: login.email, password: login.password }),
      headers: { Origin: server.url },
    });
    const pending = first.headers.get("set-cookie")!.split(";")[0]!;
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      const res = await fetch(`${server.url}/login/two-factor`, {
        method: "POST",
        redirect: "manual",
        body: new URLSearchParams({ code: wrong }),
        headers: { Origin: server.url, Cookie: pending },
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([...Array(9).fill(401), 423]);
    const mail = await waitForMail(
      server.smtp,
      (m) => m.to.includes(login.email) && m.text.includes("/two-factor/unlock/"),
    );
    const link = mail.text.match(/https?:\/\/[^\s>]+\/two-factor\/unlock\/[A-Za-z0-9_-]{43}/)![0];

    // The real user, password in hand, meets the lock at the code page.
    const page = await browser.newPage();
    await page.goto(`${server.url}/login?lng=en`);
    await page.getByLabel("Email address").fill(login.email);
    await page.getByLabel("Password").fill(login.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((u) => u.pathname === "/login/two-factor");
    await page.getByRole("link", { name: "Choose a new password" }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel("Code", { exact: true }).fill(totpCodeFor(server, login.email));
    await page.getByRole("button", { name: "Verify" }).click();
    await page.getByText("sign-in codes are locked").first().waitFor();
    expect(new URL(page.url()).pathname).toBe("/login/two-factor");

    // The emailed link shows a button; pressing it lifts the lock.
    await page.goto(`${link}?lng=en`);
    await page.getByRole("heading", { name: "Unlock your sign-in codes" }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Lift the lock" }).click();
    await page.getByRole("heading", { name: "Sign-in codes unlocked" }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
    await browser.clearCookies();
    // Lifting the lock leaves the 10-per-15-minutes limit alone (someone holding the password AND
    // the mailbox must not get fresh guesses by unlocking); the server's clock is real, so the
    // window passing is simulated by removing its counters.
    const db = openServerDatabase(server.dir);
    db.prepare("DELETE FROM rate_limits WHERE bucket LIKE 'secondFactorPerAccount:%'").run();
    db.close();
    expect(await signInStaffByFetch(server, login.email)).toMatch(/=/);
  });
});

describe("enrolment without JavaScript", () => {
  it("the confirming post answers with the recovery codes and the new full session; continue opens the workspace", async () => {
    // A demo account without an authenticator, as after an admin reset (the seed enrols them all).
    const login = server.logins.find((l) => l.email === "opc@regulator.example")!;
    const db = openServerDatabase(server.dir);
    db.prepare(
      "UPDATE users SET totp_secret_enc = NULL, totp_enabled_at = NULL, totp_last_step = NULL WHERE email = ?",
    ).run(login.email);
    db.close();
    const noJs = await launchBrowser({ javaScriptEnabled: false });
    const page = await noJs.newPage();
    await page.goto(`${server.url}/login?lng=en`);
    await page.getByLabel("Email address").fill(login.email);
    await page.getByLabel("Password").fill(login.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((u) => u.pathname === "/account/two-factor");
    const secret = (await page.locator(".totp-secret").textContent())!.replace(/\s/g, "");
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await page
      .getByLabel("6-digit code from your app")
      .fill(generateSync({ secret, epoch: Math.floor(Date.now() / 1000) }));
    const answer = page.waitForResponse(
      (r) => new URL(r.url()).pathname === "/account/two-factor" && r.request().method() === "POST",
    );
    await page.getByRole("button", { name: "Confirm and continue" }).click();
    // The answer to the post itself: no redirect that would drop the codes, the new cookie set on it.
    const res = await answer;
    expect(res.status()).toBe(200);
    expect(await res.headerValue("set-cookie")).toMatch(/HttpOnly/);
    await page.getByRole("heading", { name: "Your recovery codes" }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/account/two-factor");
    const codes = await page.locator(".recovery-codes code").allTextContents();
    expect(codes).toHaveLength(10);
    for (const c of codes) expect(c).toMatch(/^[a-z2-7]{4}(-[a-z2-7]{4}){5}$/);
    await page.getByRole("link", { name: "I have saved them — continue" }).click();
    await page.waitForURL((u) => u.pathname === "/regulator");
    await noJs.close();
    // The codes shown are the account's real ones: one signs in (with the password) instead of the app.
    const first = await fetch(`${server.url}/login`, {
      method: "POST",
      redirect: "manual",
      body: new URLSearchParams({ email: login.email, password: login.password }),
      headers: { Origin: server.url },
    });
    const pending = first.headers.get("set-cookie")!.split(";")[0]!;
    const second = await fetch(`${server.url}/login/two-factor`, {
      method: "POST",
      redirect: "manual",
      body: new URLSearchParams({ code: codes[0]! }),
      headers: { Origin: server.url, Cookie: pending },
    });
    expect(second.status).toBe(302);
    expect(second.headers.get("location")).toBe("/regulator");
  });
});

describe("session-expiry warning", () => {
  let page: Page;

  it("warns 2 minutes before the idle limit; 'Stay signed in' extends the session", async () => {
    page = await browser.newPage();
    await signInStaff(page, server, "admin@facette.example");
    // Only the browser's timers are faked: the server keeps real time, so the session stays valid.
    await page.clock.install();
    await page.goto(`${server.url}/vendor?lng=en`);
    expect(await page.locator(".session-warning").count()).toBe(0);
    await page.clock.fastForward("28:30");
    const banner = page.getByRole("alert").filter({ hasText: "signed out in about" });
    await banner.waitFor();
    expect(await banner.textContent()).toContain("because of inactivity");
    expect(await axeViolations(page)).toEqual([]);
    const keepAlive = page.waitForResponse(
      (r) => r.url().includes("/session/keep-alive") && r.request().method() === "POST",
    );
    await page.getByRole("button", { name: "Stay signed in" }).click();
    expect((await keepAlive).status()).toBe(200);
    await banner.waitFor({ state: "detached" });
    // Fast-forwarding again shows it again only near the new idle limit.
    await page.clock.fastForward("20:00");
    expect(await page.locator(".session-warning").count()).toBe(0);
    await page.close();
    await browser.clearCookies();
  });

  it("without JavaScript nothing of the banner is rendered and the pages work", async () => {
    const noJs = await launchBrowser({ javaScriptEnabled: false });
    const cookie = await signInStaffByFetch(server, "agent@visagio.example");
    const [name, value] = cookie.split("=");
    await noJs.addCookies([{ name: name!, value: value!, url: server.url }]);
    const p = await noJs.newPage();
    const res = await p.goto(`${server.url}/vendor?lng=en`);
    expect(res!.status()).toBe(200);
    expect(await p.locator(".session-warning").count()).toBe(0);
    await noJs.close();
  });
});
