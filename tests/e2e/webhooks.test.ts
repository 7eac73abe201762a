/**
 * /vendor/webhooks in Chromium against the production build: a company admin reaches it from
 * the navigation, registers an endpoint with the keyboard only (a refused address first: the
 * message is announced and the value kept), sees the secret once, and reads the delivery
 * history; axe finds nothing on any state of the page. No event is sent anywhere: the server
 * runs in production mode, where only public addresses are accepted, and the history row is
 * written straight into the database.
 */
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  axeViolations,
  launchBrowser,
  signInStaff,
  startServer,
  type RunningServer,
  openServerDatabase,
} from "./harness";

let server: RunningServer;
let browser: BrowserContext;
let page: Page;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await browser.newPage();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("webhooks page", () => {
  it("is reachable from the navigation, keyboard-usable and axe-clean in every state", async () => {
    const admin = server.logins.find((l) => l.role === "vendor_admin")!;
    await signInStaff(page, server, admin.email);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Webhooks" }).click();
    await page.getByRole("heading", { level: 1, name: "Webhooks" }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // Keyboard only: focus the field by its label, type, submit with Enter.
    const field = page.getByLabel("Endpoint URL");
    await field.focus();
    await page.keyboard.type("https://169.254.169.254/latest/meta-data");
    await page.keyboard.press("Enter");
    await page.getByRole("alert").waitFor();
    expect(await page.getByRole("alert").textContent()).toMatch(/private, local or reserved network/);
    await expect.poll(() => field.inputValue()).toBe("https://169.254.169.254/latest/meta-data");
    expect(await field.getAttribute("aria-invalid")).toBe("true");
    expect(await axeViolations(page)).toEqual([]);

    await field.fill("");
    await field.focus();
    await page.keyboard.type("https://93.184.215.14/portal-hook");
    await page.keyboard.press("Enter");
    await page.getByRole("status").filter({ hasText: "shown only once" }).waitFor();
    const secret = (await page.getByTestId("webhook-secret").textContent())!.trim();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(await page.getByRole("table").first().textContent()).toContain("https://93.184.215.14/portal-hook");
    expect(await axeViolations(page)).toEqual([]);

    // A failed delivery with two attempts, as the worker would have recorded it.
    const db = openServerDatabase(server.dir);
    try {
      const hook = db.prepare("SELECT id, vendor_id FROM webhooks ORDER BY id DESC LIMIT 1").get() as {
        id: number;
        vendor_id: number;
      };
      const now = Date.now();
      const payload = JSON.stringify({
        id: "evt_e2e_history_0000000000",
        type: "ping",
        createdAt: new Date(now).toISOString(),
        data: { eventType: "ping" },
      });
      const delivery = Number(
        db
          .prepare(
            "INSERT INTO webhook_deliveries (webhook_id, vendor_id, event_id, event_type, payload, status, attempts, next_attempt_at, last_status_code, last_error, created_at) VALUES (?, ?, 'evt_e2e_history_0000000000', 'ping', ?, 'failed', 2, ?, 410, 'http_410', ?)",
          )
          .run(hook.id, hook.vendor_id, payload, now, now).lastInsertRowid,
      );
      db.prepare(
        "INSERT INTO webhook_attempts (delivery_id, attempt, at, status_code, error, duration_ms) VALUES (?, 1, ?, 503, 'http_503', 40), (?, 2, ?, 410, 'http_410', 35)",
      ).run(delivery, now, delivery, now);
    } finally {
      db.close();
    }
    await page.reload();
    const summary = page.getByText("2 attempts");
    await summary.focus();
    await page.keyboard.press("Enter"); // <details> opens from the keyboard
    await page.getByText("HTTP 503").waitFor();
    expect(await page.getByRole("button", { name: /Send again/ }).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);

    // The row actions are buttons with distinct names.
    await page.getByRole("button", { name: /Disable — https:\/\/93\.184\.215\.14/ }).focus();
    await page.keyboard.press("Enter");
    await page.getByRole("status").filter({ hasText: "disabled" }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // French: everything translated, still clean.
    await page.goto(`${server.url}/vendor/webhooks?lng=fr`);
    await page.getByRole("heading", { level: 1, name: "Rappels HTTP (webhooks)" }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });
});
