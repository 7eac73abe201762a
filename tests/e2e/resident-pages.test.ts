/**
 * Every resident page, in English and in French, including pages with errors, is axe-clean;
 * the whole filing works with the keyboard alone (Tab, Space, typing, Enter — no pointer).
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, launchBrowser, startServer, waitForMail, type RunningServer } from "./harness";

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

/** Presses Tab until the element with this id has focus (bounded), like a keyboard user. */
async function tabTo(page: Page, id: string) {
  for (let i = 0; i < 80; i++) {
    if ((await page.evaluate(() => document.activeElement?.id)) === id) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`could not reach #${id} with Tab`);
}

// Engine-independent (the HTTP layer, rendering and accessibility): run once, in the SQLite pass;
// the PostgreSQL pass repeats the journeys that read and write the database.
describe.skipIf(Boolean(process.env.E2E_DATABASE_URL))("resident pages", () => {
  it("the whole filing works with the keyboard alone, then every resident page is axe-clean in both languages", async () => {
    const browser = await launchBrowser();
    const page = await browser.newPage();
    const violations: string[] = [];
    await page.goto(`${server.url}/requests/new?lng=en`);
    await tabTo(page, "vendor-visagio");
    await page.keyboard.press("Space");
    await tabTo(page, "field-jurisdiction");
    await page.keyboard.type("Québec");
    await tabTo(page, "type-deletion");
    await page.keyboard.press("Space");
    await tabTo(page, "field-fullName");
    await page.keyboard.type("Kenji Bouchard");
    await tabTo(page, "field-email");
    await page.keyboard.type("kenji@example.com");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Review your request" }).waitFor();
    expect(await page.locator("main").textContent()).toContain("P-39.1");
    await tabTo(page, "field-consent");
    await page.keyboard.press("Space");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Your request has been filed" }).waitFor();

    const verify = await waitForMail(
      server.smtp,
      (m) => m.to.includes("kenji@example.com") && /\/verify\//.test(m.text),
    );
    const verifyUrl = /https?:\/\/[^\s]+\/verify\/[A-Za-z0-9_-]+/.exec(verify.text)![0];
    for (const lng of ["en", "fr"]) {
      for (const path of [
        "/",
        "/vendors",
        "/requests/new",
        "/requests/find",
        "/requests/find?signedOut=1",
        "/deadlines",
        "/law",
        "/law/CA-QC",
        "/law/GB",
        "/law/US-CA",
        "/login",
        "/does-not-exist",
      ]) {
        await page.goto(`${server.url}${path}${path.includes("?") ? "&" : "?"}lng=${lng}`);
        violations.push(...(await axeViolations(page)));
      }
      // Pages with errors.
      await page.goto(`${server.url}/requests/find?lng=${lng}`);
      await page.locator("#field-email").fill("not an email");
      await page.locator("form button[type=submit]").last().click();
      await page.locator("#error-email").waitFor();
      violations.push(...(await axeViolations(page)));
      await page.goto(`${server.url}/requests/new?lng=${lng}`);
      await page.locator("form button[type=submit]").last().click();
      await page.getByRole("alert").waitFor();
      violations.push(...(await axeViolations(page)));
      await page.goto(`${verifyUrl}?lng=${lng}`);
      violations.push(...(await axeViolations(page)));
    }
    // Confirm, then the status page and the case file in both languages.
    await page.goto(`${verifyUrl}?lng=en`);
    await page.getByRole("button", { name: "Confirm and send my request" }).click();
    await page.getByRole("heading", { name: "Your request has been sent" }).waitFor();
    violations.push(...(await axeViolations(page)));
    // The confirming browser opens the request directly from the confirmation page.
    await page.locator("main a.mono").first().click();
    await page.locator("h1", { hasText: /BR-\d{4}-\d{6}/ }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/r\/BR-\d{4}-\d{6}$/);
    expect(await page.locator("main").textContent()).toContain("P-39.1");
    const delivered = await waitForMail(server.smtp, (m) => m.to.includes("kenji@example.com") && /\/r\//.test(m.text));
    await page.goto(/https?:\/\/[^\s]+\/r\/[A-Za-z0-9_-]+/.exec(delivered.text)![0]);
    const reference = new URL(page.url()).pathname.slice(3);
    for (const lng of ["en", "fr"]) {
      await page.goto(`${server.url}/r/${reference}?lng=${lng}`);
      violations.push(...(await axeViolations(page)));
      await page.goto(`${server.url}/r/${reference}/case-file?lng=${lng}`);
      violations.push(...(await axeViolations(page)));
    }
    expect(violations).toEqual([]);
    await browser.close();
  });
});
