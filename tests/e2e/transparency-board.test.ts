/**
 * The public transparency board against the production build: axe-clean in both languages,
 * filters that work without JavaScript, the open-data files, and screenshots at 375, 768 and
 * 1366 px in both languages (written to $SHOTS_DIR when set, to be looked at).
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  axeViolations,
  launchBrowser,
  openServerDatabase,
  signInStaff,
  startServer,
  type RunningServer,
} from "./harness";

let server: RunningServer;
const DAY = 86_400_000;

/** Months of answered, late, refused and open requests for the demo companies (no personal data on the board). */
function plantRequests(dir: string) {
  const db = openServerDatabase(dir);
  const vendors = db.prepare("SELECT id, slug FROM vendors ORDER BY id").all() as { id: number; slug: string }[];
  let s = 7;
  const r = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const now = Date.now();
  let seq = 0;
  const plan: [number, string, number, number][] = [
    // vendor index, jurisdiction, requests, on-time share
    [0, "CA-QC", 260, 0.9],
    [0, "US-CA", 60, 0.97],
    [1, "CA-QC", 120, 0.7],
    [2, "CA-BC", 14, 0.8],
  ];
  for (const [vi, jurisdiction, n, onTime] of plan) {
    const vendor = vendors[vi % vendors.length]!;
    for (let i = 0; i < n; i++) {
      seq += 1;
      const received = now - Math.floor(r() * 420 + 20) * DAY;
      const filing = Number(
        db
          .prepare(
            "INSERT INTO filings (idempotency_key, full_name, email, locale, jurisdiction, created_at) VALUES (?, 'Planted Resident', 'planted@resident.example', 'en', ?, ?)",
          )
          .run(`board-e2e-${seq}-0123456789`, jurisdiction, received).lastInsertRowid,
      );
      const x = r();
      const open = x < 0.05;
      const denied = !open && x < 0.15;
      const late = !open && r() > onTime;
      const closed = open ? null : received + (late ? 40 : 3 + Math.floor(r() * 20)) * DAY;
      const outcome = open ? null : denied ? "denied" : "fulfilled";
      db.prepare(
        `INSERT INTO requests (reference, filing_id, vendor_id, type, jurisdiction, status, received_at, due_at, respond_by, extended_to, closed_at, outcome, denial_basis, created_at, updated_at)
         VALUES (?, ?, ?, 'access', ?, ?, ?, ?, '2026-01-01', NULL, ?, ?, ?, ?, ?)`,
      ).run(
        `BR-2025-${String(900000 + seq)}`,
        filing,
        vendor.id,
        jurisdiction,
        outcome ?? "received",
        received,
        received + 30 * DAY,
        closed,
        outcome,
        denied ? "identity_not_verified" : null,
        received,
        received,
      );
    }
  }
  db.close();
  return vendors.map((v) => v.slug);
}

let slugs: string[] = [];
beforeAll(async () => {
  server = await startServer();
  slugs = plantRequests(server.dir);
});
afterAll(async () => {
  await server?.stop();
});

// Pages and accessibility: run once, in the SQLite pass (its numbers are tested on both engines in tests/server/transparency.test.ts).
describe.skipIf(Boolean(process.env.E2E_DATABASE_URL))("transparency board", () => {
  it("is axe-clean in both languages, filters without JavaScript, serves its open data, and is screenshotted at three widths", async () => {
    const violations: string[] = [];
    const browser = await launchBrowser();
    const page = await browser.newPage();
    for (const lng of ["en", "fr"]) {
      for (const p of [
        "/transparency",
        "/transparency?period=12m&jurisdiction=CA-QC",
        `/transparency/${slugs[0]}`,
        `/transparency/${slugs[0]}?period=12m&jurisdiction=US-CA`,
        `/transparency/${slugs[2]}`,
      ]) {
        const res = await page.goto(`${server.url}${p}${p.includes("?") ? "&" : "?"}lng=${lng}`);
        expect(res?.status(), p).toBe(200);
        violations.push(...(await axeViolations(page)));
      }
    }
    // The filter is a plain GET form: it works without JavaScript.
    const noJs = await launchBrowser({ javaScriptEnabled: false });
    const plain = await noJs.newPage();
    await plain.goto(`${server.url}/transparency?lng=en`);
    await plain.locator("#board-jurisdiction").selectOption("CA-QC");
    await plain.locator("form.period-form button[type=submit]").click();
    await plain.waitForURL(/jurisdiction=CA-QC/);
    expect(await plain.locator("h2#ranking-title").textContent()).toContain("Québec");
    await noJs.close();
    expect(violations).toEqual([]);

    const csv = await fetch(`${server.url}/transparency.csv`);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const csvText = await csv.text();
    const json = (await (await fetch(`${server.url}/transparency.json`)).json()) as {
      licence: string;
      companies: unknown[];
    };
    expect(json.licence).toContain("CC BY 4.0");
    expect(json.companies.length).toBeGreaterThan(0);
    for (const text of [csvText, JSON.stringify(json)]) {
      expect(text).not.toMatch(/BR-\d{4}-\d+|Planted Resident|@resident\.example/);
    }

    const dir = process.env.SHOTS_DIR;
    if (dir) {
      fs.mkdirSync(dir, { recursive: true });
      for (const lng of ["en", "fr"])
        for (const width of [375, 768, 1366])
          for (const [name, p] of [
            ["board", "/transparency"],
            ["company", `/transparency/${slugs[0]}`],
          ] as const) {
            const shot = await browser.newPage();
            await shot.setViewportSize({ width, height: 900 });
            await shot.goto(`${server.url}${p}?lng=${lng}`);
            await shot.screenshot({ path: path.join(dir, `${name}-${lng}-${width}.png`), fullPage: true });
            await shot.close();
          }
    }
    await browser.close();
  }, 240_000);

  it("the regulator dashboard's charts sit side by side on shared scales, axe-clean in both languages", async () => {
    const browser = await launchBrowser();
    const page = await browser.newPage();
    const regulator = server.logins.find((l) => l.role === "regulator")!;
    await signInStaff(page, server, regulator.email);
    const violations: string[] = [];
    const dir = process.env.SHOTS_DIR;
    for (const lng of ["en", "fr"]) {
      await page.goto(`${server.url}/regulator?lng=${lng}`);
      expect(await page.locator(".small-multiples").count()).toBe(2);
      // One chart per company per measure, never an empty drawing: a company without answers gets one line.
      expect(await page.locator(".small-multiples svg").count()).toBeGreaterThan(0);
      violations.push(...(await axeViolations(page)));
      if (dir)
        for (const width of [375, 768, 1366]) {
          await page.setViewportSize({ width, height: 900 });
          await page.screenshot({ path: path.join(dir, `regulator-${lng}-${width}.png`), fullPage: true });
        }
    }
    expect(violations).toEqual([]);
    await browser.close();
  }, 240_000);

  it("staff get a full-width workspace, their own navigation and the queue's counts; no reference or badge wraps at 1366 px", async () => {
    const browser = await launchBrowser();
    const page = await browser.newPage();
    const vendorLogin = server.logins.find((l) => l.role === "vendor_admin" || l.role === "vendor_agent")!;
    await signInStaff(page, server, vendorLogin.email);
    const violations: string[] = [];
    const dir = process.env.SHOTS_DIR;
    for (const lng of ["en", "fr"]) {
      await page.setViewportSize({ width: 1366, height: 900 });
      await page.goto(`${server.url}/vendor?lng=${lng}`);
      violations.push(...(await axeViolations(page)));
      const nav = page.getByRole("navigation", { name: lng === "en" ? "Main" : undefined }).first();
      expect(await nav.textContent()).not.toMatch(
        /File a request|Déposer une demande|Find my requests|Retrouver mes demandes/,
      );
      expect(await page.locator(".queue-counts li").count()).toBe(4);
      // One line per reference and per badge: their boxes are no taller than one line of text.
      const tall = await page.evaluate(
        () =>
          [...document.querySelectorAll(".queue-table a.mono, .queue-table .badge")].filter(
            (e) => e.getBoundingClientRect().height > parseFloat(getComputedStyle(e).lineHeight) * 1.5 + 8,
          ).length,
      );
      expect(tall).toBe(0);
      if (dir)
        for (const width of [375, 768, 1366]) {
          await page.setViewportSize({ width, height: 900 });
          await page.screenshot({ path: path.join(dir, `vendor-${lng}-${width}.png`), fullPage: true });
        }
    }
    // The portal admin's workspace: same layout and navigation rules.
    const admin = await launchBrowser();
    const adminPage = await admin.newPage();
    await signInStaff(adminPage, server, server.logins.find((l) => l.role === "admin")!.email);
    for (const lng of ["en", "fr"]) {
      await adminPage.setViewportSize({ width: 1366, height: 900 });
      await adminPage.goto(`${server.url}/admin?lng=${lng}`);
      violations.push(...(await axeViolations(adminPage)));
      expect(await adminPage.locator("body.staff").count()).toBe(1);
      if (dir)
        for (const width of [375, 768, 1366]) {
          await adminPage.setViewportSize({ width, height: 900 });
          await adminPage.screenshot({ path: path.join(dir, `admin-${lng}-${width}.png`), fullPage: true });
        }
    }
    await admin.close();
    expect(violations).toEqual([]);
    await browser.close();
  }, 240_000);
  it("a company's public response: written by its admin, published by the portal admin, shown on its page; axe-clean, screenshotted", async () => {
    const dir = process.env.SHOTS_DIR;
    const browser = await launchBrowser();
    const vendorAdmin = server.logins.find((l) => l.role === "vendor_admin" && l.vendor)!;
    const company = await browser.newPage();
    await signInStaff(company, server, vendorAdmin.email);
    const violations: string[] = [];
    for (const lng of ["en", "fr"]) {
      await company.goto(`${server.url}/vendor/transparency?lng=${lng}`);
      violations.push(...(await axeViolations(company)));
    }
    // Too long (the browser's own limit bypassed): refused with a message, the text kept.
    await company.goto(`${server.url}/vendor/transparency?lng=en`);
    const long = "We answer every request. ".repeat(50);
    await company.locator("#field-en").evaluate((el, v) => {
      (el as HTMLTextAreaElement).removeAttribute("maxlength");
      (el as HTMLTextAreaElement).value = v;
    }, long);
    await company.getByRole("button", { name: "Send for review" }).click();
    await expect.poll(() => company.locator(".error-summary, [role=alert]").count()).toBeGreaterThan(0);
    expect(await company.locator("#field-en").inputValue()).toBe(long);
    violations.push(...(await axeViolations(company)));
    await company.locator("#field-en").fill("We answer every request within the legal time limit.");
    await company.locator("#field-fr").fill("Nous répondons à chaque demande dans le délai légal.");
    await company.getByRole("button", { name: "Send for review" }).click();
    await company.getByRole("status").waitFor();
    if (dir)
      for (const lng of ["en", "fr"])
        for (const width of [375, 768, 1366]) {
          await company.setViewportSize({ width, height: 900 });
          await company.goto(`${server.url}/vendor/transparency?lng=${lng}`);
          await company.screenshot({ path: path.join(dir, `vendor-response-${lng}-${width}.png`), fullPage: true });
        }

    const adminBrowser = await launchBrowser();
    const admin = await adminBrowser.newPage();
    await signInStaff(admin, server, server.logins.find((l) => l.role === "admin")!.email);
    for (const lng of ["en", "fr"]) {
      await admin.goto(`${server.url}/admin/transparency?lng=${lng}`);
      expect(await admin.getByText("We answer every request within the legal time limit.").count()).toBe(1);
      violations.push(...(await axeViolations(admin)));
      if (dir)
        for (const width of [375, 768, 1366]) {
          await admin.setViewportSize({ width, height: 900 });
          await admin.screenshot({ path: path.join(dir, `admin-responses-${lng}-${width}.png`), fullPage: true });
        }
    }
    await admin.goto(`${server.url}/admin/transparency?lng=en`);
    // The page is already at its own URL: wait for the decision's answer, then for the list to empty.
    await Promise.all([
      admin.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/admin/transparency")),
      admin.getByRole("button", { name: "Publish" }).first().click(),
    ]);
    await expect.poll(() => admin.getByText("We answer every request within the legal time limit.").count()).toBe(0);

    await adminBrowser.close();
    const visitorBrowser = await launchBrowser();
    const visitor = await visitorBrowser.newPage();
    for (const lng of ["en", "fr"]) {
      await visitor.goto(`${server.url}/transparency/${vendorAdmin.vendor}?lng=${lng}`);
      const text =
        lng === "en"
          ? "We answer every request within the legal time limit."
          : "Nous répondons à chaque demande dans le délai légal.";
      expect(await visitor.getByText(text).count(), lng).toBe(1);
      violations.push(...(await axeViolations(visitor)));
    }
    await visitorBrowser.close();
    expect(violations).toEqual([]);
    await browser.close();
  }, 240_000);
});
