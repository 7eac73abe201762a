/** The public deadline calculator in Chromium: en and fr, with and without JavaScript, axe-clean. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, launchBrowser, startServer, type RunningServer } from "./harness";

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

// Checks the deadline calculator (domain only), which no database engine changes: run in the SQLite pass only.
describe.skipIf(Boolean(process.env.E2E_DATABASE_URL))("deadline calculator", () => {
  it("computes a Québec deadline in French with JavaScript off", async () => {
    const browser = await launchBrowser({ javaScriptEnabled: false });
    const page = await browser.newPage();
    await page.goto(`${server.url}/deadlines?lng=fr`);
    expect(await page.locator("html").getAttribute("lang")).toBe("fr-CA");
    await page.getByLabel("Loi du lieu de résidence").selectOption("CA-QC");
    await page.getByLabel("Que voulez-vous?").selectOption("access");
    await page.locator("#field-receivedAt").fill("2026-06-19");
    await page.getByRole("button", { name: "Calculer le délai" }).click();
    await page.getByRole("heading", { level: 2, name: /Délai selon la loi/ }).waitFor();
    const text = (await page.locator("main").textContent()) ?? "";
    // 19 June 2026 + 30 days = Sunday 19 July → rolls to Monday 20 July (I-16 s.52).
    expect(text).toContain("20 juillet 2026");
    expect(text).toContain("P-39.1");
    // Bad input: messages next to the fields, in French, never a 500.
    const res = await page.goto(`${server.url}/deadlines?jurisdiction=ZZ&type=&receivedAt=hier`);
    expect(res!.status()).toBe(200);
    expect(await page.locator("#error-receivedAt").textContent()).toContain("AAAA-MM-JJ");
    await browser.close();
  });

  it("works in English with JavaScript on; every state is axe-clean in both languages", async () => {
    const browser = await launchBrowser();
    const page = await browser.newPage();
    await page.goto(`${server.url}/deadlines?lng=en`);
    const violations = await axeViolations(page);
    await page.locator("#field-jurisdiction").selectOption("US-CA");
    await page.locator("#field-type").selectOption("opt_out");
    await page.locator("#field-receivedAt").fill("2026-11-20");
    await page.getByRole("button", { name: "Compute the deadline" }).click();
    await page.getByRole("heading", { level: 2, name: /Deadline under the law/ }).waitFor();
    const text = (await page.locator("main").textContent()) ?? "";
    expect(text).toContain("7026");
    violations.push(...(await axeViolations(page)));
    for (const url of [
      "/deadlines?lng=fr",
      "/deadlines?jurisdiction=CA-QC&type=access&receivedAt=2026-06-19&lng=fr",
      "/deadlines?jurisdiction=ZZ&type=&receivedAt=hier&lng=fr",
      "/deadlines?jurisdiction=US-IL&type=deletion&receivedAt=2026-06-19&lng=en",
    ]) {
      await page.goto(`${server.url}${url}`);
      violations.push(...(await axeViolations(page)));
    }
    expect(violations).toEqual([]);
    await browser.close();
  });
});
