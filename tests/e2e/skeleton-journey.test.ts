/**
 * The walking skeleton in a real browser: a resident files a request, gets the confirmation
 * email from a real SMTP server and follows the private link; the vendor's staff acknowledge
 * and fulfil it; the resident sees the answer; a regulator reads the counts. axe-core checks
 * every page on the way.
 */
import type { BrowserContext, Page } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, launchBrowser, startServer, totpCodeFor, waitForMail, type RunningServer } from "./harness";

let server: RunningServer;
let browser: BrowserContext;
let page: Page;
const violations: string[] = [];
let reference = "";
let statusUrl = "";

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await browser.newPage();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

function login(role: string, vendor?: string) {
  const l = server.logins.find((x) => x.role === role && (vendor ? x.vendor === vendor : true));
  if (!l) throw new Error(`no demo login for ${role} ${vendor ?? ""}`);
  return l;
}

async function signIn(p: Page, email: string, password: string) {
  await p.goto(`${server.url}/login?lng=en`);
  await p.getByLabel("Email address").fill(email);
  await p.getByLabel("Password").fill(password);
  await p.getByRole("button", { name: "Sign in" }).click();
  // The password alone opens nothing: the code page comes next (demo accounts are pre-enrolled).
  await p.waitForURL((u) => u.pathname === "/login/two-factor");
  violations.push(...(await axeViolations(p)));
  await p.getByLabel("Code", { exact: true }).fill(totpCodeFor(server, email));
  await p.getByRole("button", { name: "Verify" }).click();
  await p.waitForURL((u) => !u.pathname.startsWith("/login"));
  await p.waitForLoadState("networkidle");
}

describe("walking skeleton", () => {
  it("resident: home page, form errors, filing, confirmation", async () => {
    await page.goto(`${server.url}/?lng=en`);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Your face, your rights");
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    violations.push(...(await axeViolations(page)));

    await page.goto(`${server.url}/requests/new`);
    violations.push(...(await axeViolations(page)));
    await page.getByLabel("Full name").fill("Amélie <b>Tremblay</b>");
    await page.getByRole("button", { name: "Continue to review" }).click();
    await page.getByRole("alert").waitFor();
    // The form comes back with what was typed, and a message next to each bad field.
    expect(await page.getByLabel("Full name").inputValue()).toBe("Amélie <b>Tremblay</b>");
    expect(await page.locator("#error-vendor").textContent()).toContain("Choose at least one company");
    violations.push(...(await axeViolations(page)));

    await page.getByLabel("Facette AI").check();
    await page.getByLabel("Where do you live?").selectOption("CA-QC");
    await page.getByLabel(/^Deletion/).check();
    await page.getByLabel("Email address").fill("amelie@example.com");
    await page.getByRole("button", { name: "Continue to review" }).click();
    // Review: the law, the expected deadline and the letter, before anything is sent.
    await page.getByRole("heading", { name: "Review your request" }).waitFor();
    expect(await page.locator("main").textContent()).toContain("P-39.1");
    violations.push(...(await axeViolations(page)));
    // Without consent the form comes back with a message, nothing filed.
    await page.getByRole("button", { name: "Send my request" }).click();
    await page.locator("#error-consent").waitFor();
    violations.push(...(await axeViolations(page)));
    const photo = await sharp({
      create: { width: 120, height: 160, channels: 3, background: { r: 180, g: 140, b: 120 } },
    })
      .jpeg()
      .toBuffer();
    await page.locator("#field-photo").setInputFiles({ name: "me.jpg", mimeType: "image/jpeg", buffer: photo });
    await page.getByLabel(/I have read how my information and photo are used/).check();
    await page.getByRole("button", { name: "Send my request" }).click();
    await page.getByRole("heading", { name: "Your request has been filed" }).waitFor();
    reference = (await page.locator("h2.mono").first().textContent())!.trim();
    expect(reference).toMatch(/^BR-\d{4}-\d{6}$/);
    violations.push(...(await axeViolations(page)));
  });

  it("resident: confirms the email from a real SMTP server, then follows the private link", async () => {
    const verifyMail = await waitForMail(
      server.smtp,
      (m) => m.to.includes("amelie@example.com") && /\/verify\//.test(m.text),
    );
    const verifyLink = /https?:\/\/127\.0\.0\.1:\d+\/verify\/[A-Za-z0-9_-]+/.exec(verifyMail.text);
    expect(verifyLink).not.toBeNull();
    await page.goto(verifyLink![0]);
    violations.push(...(await axeViolations(page)));
    await page.getByRole("button", { name: "Confirm and send my request" }).click();
    await page.getByRole("heading", { name: "Your request has been sent" }).waitFor();
    violations.push(...(await axeViolations(page)));
    const mail = await waitForMail(
      server.smtp,
      (m) => m.to.includes("amelie@example.com") && m.subject.includes(reference),
    );
    const link = /https?:\/\/127\.0\.0\.1:\d+\/r\/[A-Za-z0-9_-]+/.exec(mail.text);
    expect(link).not.toBeNull();
    statusUrl = link![0];
    await page.goto(statusUrl);
    await page.getByRole("heading", { name: new RegExp(reference) }).waitFor();
    const text = await page.locator("main").textContent();
    expect(text).toContain("Received by the company");
    expect(text).toContain("P-39.1");
    violations.push(...(await axeViolations(page)));
  });

  it("vendor staff: another vendor's staff get a 404 for this request", async () => {
    const other = login("vendor_agent", "visagio");
    const ctxPage = await browser.newPage();
    await signIn(ctxPage, other.email, other.password);
    const res = await ctxPage.goto(`${server.url}/vendor/requests/${reference}`);
    expect(res!.status()).toBe(404);
    await ctxPage.close();
    await browser.clearCookies();
  });

  it("vendor staff: sign in, see the queue, acknowledge then fulfil", async () => {
    const agent = login("vendor_agent", "facette");
    await signIn(page, agent.email, agent.password);
    expect(new URL(page.url()).pathname).toBe("/vendor");
    violations.push(...(await axeViolations(page)));
    await page.goto(`${server.url}/vendor/requests/${reference}`);
    violations.push(...(await axeViolations(page)));
    await page.getByRole("button", { name: "Acknowledge" }).click();
    await page.locator("dd strong", { hasText: "Acknowledged" }).waitFor();
    // A deletion is answered with a certificate: each outcome stated separately.
    await page.getByLabel("Images deleted").fill("14");
    await page.getByLabel("Templates deleted").fill("1");
    await page.getByLabel("Customers notified of the deletion").fill("2");
    await page.getByLabel("Future collection blocked").check();
    await page
      .getByLabel("What you did (shown to the resident)")
      .fill("All 14 matched images and the face template were deleted.");
    // A certificate is confirmed with a step-up: first without it, the typed certificate comes back.
    await page.getByRole("button", { name: "Mark as fulfilled" }).click();
    await page.locator("#error-stepUpPassword").waitFor();
    expect(await page.getByLabel("Images deleted").inputValue()).toBe("14");
    violations.push(...(await axeViolations(page)));
    await page.locator("#field-stepUpPassword").fill(agent.password);
    await page.getByLabel("Code from your authenticator app").fill(totpCodeFor(server, agent.email));
    await page.getByRole("button", { name: "Mark as fulfilled" }).click();
    await page.locator("dd strong", { hasText: "Fulfilled" }).waitFor();
    violations.push(...(await axeViolations(page)));
    await page.getByRole("button", { name: /Sign out/ }).click();
    await page.waitForURL(`${server.url}/`);
  });

  it("resident: the status page and an email reflect the answer", async () => {
    await waitForMail(
      server.smtp,
      (m) =>
        m.to.includes("amelie@example.com") &&
        m.subject.includes(reference) &&
        /fulfil|answer|réponse|traité/i.test(m.subject + m.text) &&
        !m.text.includes("has been filed"),
    );
    await page.goto(statusUrl);
    const text = await page.locator("main").textContent();
    expect(text).toContain("Fulfilled");
    expect(text).toContain("All 14 matched images and the face template were deleted.");
    expect(text).toContain("Deletion certificate");
    // The private token left the address bar: the page lives at the clean reference URL.
    expect(new URL(page.url()).pathname).toBe(`/r/${reference}`);
    await page.getByRole("link", { name: "Printable case file" }).click();
    await page.getByRole("heading", { name: new RegExp(`Case file ${reference}`) }).waitFor();
    expect(await page.locator("main").textContent()).toContain("All 14 matched images");
    violations.push(...(await axeViolations(page)));
    await page.goto(`${server.url}/vendors`);
    violations.push(...(await axeViolations(page)));
  });

  it("regulator: sees the per-vendor counts for its jurisdiction", async () => {
    const cai = login("regulator");
    const reg = server.logins.find((l) => l.email.startsWith("cai@")) ?? cai;
    await signIn(page, reg.email, reg.password);
    expect(new URL(page.url()).pathname).toBe("/regulator");
    const row = page.getByRole("row", { name: /Facette AI/ }).first();
    // allTextContents does not wait: wait for the table the regulator reads (client navigation).
    await row.waitFor();
    const cells = await row.locator("td").allTextContents();
    expect(Number(cells[0])).toBeGreaterThan(0); // received
    violations.push(...(await axeViolations(page)));
    await page.goto(`${server.url}/regulator/audit`);
    await page.getByRole("button", { name: "Verify the whole log now" }).click();
    await page.getByText(/^Verified: \d+ rows/).waitFor();
    violations.push(...(await axeViolations(page)));
    // Drill-down: the Québec case filed above, identity masked until revealed with a reason.
    await page.goto(`${server.url}/regulator/cases/${reference}`);
    expect(await page.locator("main").textContent()).toContain("A. <.");
    violations.push(...(await axeViolations(page)));
    await page.getByLabel("Purpose").selectOption("complaint");
    await page.getByLabel("Your file number").fill("CAI-2026-0142");
    await page.getByRole("button", { name: "Reveal the identity" }).click();
    await page.getByText("amelie@example.com").waitFor();
    await page.goto(`${server.url}/regulator`);
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Export cases (CSV)" }).click();
    const csv = Buffer.concat(await (await (await download).createReadStream()).toArray()).toString("utf8");
    expect(csv.split("\r\n")[0]).toMatch(/^reference,vendor/);
    expect(csv).toContain(reference);
    expect(csv).not.toContain("amelie@example.com");
  });

  it("the same pages in French are axe-clean too", async () => {
    for (const p of ["/?lng=fr", "/requests/new?lng=fr", "/login?lng=fr"]) {
      await page.goto(`${server.url}${p}`);
      expect(await page.locator("html").getAttribute("lang")).toBe("fr-CA");
      violations.push(...(await axeViolations(page)));
    }
  });

  it("has no accessibility violations on any page visited", () => {
    expect(violations).toEqual([]);
  });
});

describe("filing with JavaScript disabled", () => {
  it("works as plain HTML form posts, photo included", async () => {
    const noJs = await launchBrowser({ javaScriptEnabled: false });
    const p = await noJs.newPage();
    await p.goto(`${server.url}/requests/new?lng=fr`);
    await p.getByLabel("Visagio").check();
    await p.getByLabel("Où habitez-vous?").selectOption("US-CA");
    await p.getByLabel(/^Accès/).check();
    await p.getByLabel("Nom complet").fill("Jean Roy");
    await p.getByLabel("Adresse courriel").fill("jean@example.com");
    await p.getByRole("button", { name: "Continuer vers la vérification" }).click();
    await p.getByRole("heading", { name: "Vérifiez votre demande" }).waitFor();
    const photo = await sharp({ create: { width: 64, height: 64, channels: 3, background: "#a98" } })
      .png()
      .toBuffer();
    await p.locator("#field-photo").setInputFiles({ name: "moi.png", mimeType: "image/png", buffer: photo });
    await p.getByLabel(/J'ai lu comment mes renseignements/).check();
    await p.getByRole("button", { name: "Envoyer ma demande" }).click();
    await p.getByRole("heading", { name: "Votre demande a été déposée" }).waitFor();
    expect(await p.locator("main").textContent()).toContain("Cal. Civ. Code");
    expect(await p.locator("main").textContent()).toContain("jean@example.com");
    await noJs.close();
  });
});
