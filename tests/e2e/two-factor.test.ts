/**
 * The second factor and the session-expiry warning on the real server in Chromium: the code
 * page after the password, the session id rotating at each step, and the banner that warns
 * before the idle limit (the browser's clock is fast-forwarded; the server's is real).
 */
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, launchBrowser, signInStaff, signInStaffByFetch, startServer, totpCodeFor, type RunningServer } from "./harness";

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
    const first = await fetch(`${server.url}/login`, { method: "POST", redirect: "manual", body: new URLSearchParams({ email: login.email, password: login.password }), headers: { Origin: server.url } });
    expect(first.status).toBe(302);
    expect(first.headers.get("location")).toBe("/login/two-factor?redirectTo=%2Fregulator");
    const pending = first.headers.get("set-cookie")!.split(";")[0]!;
    const blocked = await fetch(`${server.url}/regulator`, { redirect: "manual", headers: { Cookie: pending } });
    expect(blocked.status).toBe(302);
    expect(blocked.headers.get("location")).toBe("/login/two-factor?redirectTo=%2Fregulator");
    const wrong = await fetch(`${server.url}/login/two-factor`, { method: "POST", redirect: "manual", body: new URLSearchParams({ code: "000000" }), headers: { Origin: server.url, Cookie: pending } });
    expect(wrong.status).toBe(401);
    const second = await fetch(`${server.url}/login/two-factor`, { method: "POST", redirect: "manual", body: new URLSearchParams({ code: totpCodeFor(server, login.email) }), headers: { Origin: server.url, Cookie: pending } });
    expect(second.status).toBe(302);
    const full = second.headers.get("set-cookie")!;
    expect(full).toMatch(/HttpOnly/);
    expect(full.split(";")[0]).not.toBe(pending);
    expect((await fetch(`${server.url}/regulator`, { redirect: "manual", headers: { Cookie: full.split(";")[0]! } })).status).toBe(200);
    expect((await fetch(`${server.url}/regulator`, { redirect: "manual", headers: { Cookie: pending } })).status).toBe(302);
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
    const keepAlive = page.waitForResponse((r) => r.url().includes("/session/keep-alive") && r.request().method() === "POST");
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
