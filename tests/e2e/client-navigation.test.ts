/**
 * Links between the portal's sections navigate in the browser without reloading the document:
 * each section is served by a handler over its own routes, and the browser learns the routes of
 * another section from /__manifest (lazy route discovery) before it navigates there.
 */
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, signInStaff, startServer, type RunningServer } from "./harness";

let server: RunningServer;
let browser: BrowserContext;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await browser.newPage();
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(m.text());
  });
  page.on("pageerror", (e) => problems.push(String(e)));
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A flag on the window survives a client-side navigation and is lost on a document load. */
const markDocument = () => page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
const isSameDocument = () =>
  page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument === true);

async function follow(name: string, url: RegExp, heading: RegExp): Promise<void> {
  await page.locator("nav").getByRole("link", { name, exact: true }).first().click();
  await page.waitForURL(url);
  await page.getByRole("heading", { level: 1, name: heading }).waitFor();
}

describe("client-side navigation across sections", () => {
  it("moves between the residents' sections in one document", async () => {
    await page.goto(`${server.url}/?lng=en`);
    await page.waitForFunction(() => (window as unknown as { __remixRouter?: unknown }).__remixRouter !== undefined);
    await markDocument();
    await follow("Transparency", /\/transparency$/, /Transparency/);
    await follow("Deadline calculator", /\/deadlines$/, /deadline/i);
    await follow("File a request", /\/requests\/new$/, /File a request/);
    await follow("Home", /\/$/, /./);
    expect(await isSameDocument()).toBe(true);
  });

  it("moves between a staff member's pages in one document, loaders and all", async () => {
    await signInStaff(page, server, "agent@facette.example");
    await page.waitForURL(/\/vendor$/);
    await page.waitForFunction(() => (window as unknown as { __remixRouter?: unknown }).__remixRouter !== undefined);
    await markDocument();
    await follow("Transparency", /\/transparency$/, /Transparency/);
    await follow("Request queue", /\/vendor$/, /./);
    // A row of the queue: a deeper route of the same section, found through /__manifest.
    await page.locator("main table a").first().click();
    await page.waitForURL(/\/vendor\/requests\/BR-\d{4}-\d{6}$/);
    await page.locator("main h1").waitFor();
    expect(await isSameDocument()).toBe(true);
    expect(problems).toEqual([]);
  });
});
