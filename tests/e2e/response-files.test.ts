/**
 * Response files in Chromium: an agent attaches files to an access answer from
 * the request page (a refused file keeps what was typed), removes one, sends the package; the
 * resident sees the sent file on the status page and downloads it with the safe headers.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, launchBrowser, signInStaff, startServer, waitForMail, type RunningServer } from "./harness";

let server: RunningServer;
let residentBrowser: BrowserContext;
let staffBrowser: BrowserContext;
let resident: Page;
let staff: Page;
let tmp: string;
const EMAIL = "ines.tremblay@example.com";
const violations: string[] = [];

beforeAll(async () => {
  server = await startServer();
  residentBrowser = await launchBrowser();
  staffBrowser = await launchBrowser();
  resident = await residentBrowser.newPage();
  staff = await staffBrowser.newPage();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "e2e-files-"));
  fs.writeFileSync(path.join(tmp, "Relevé d'accès.pdf"), "%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n");
  fs.writeFileSync(path.join(tmp, "searches.csv"), "customer,date\nMagasin Nord,2026-01-02\n");
  fs.writeFileSync(path.join(tmp, "page.html"), "<html><script>alert(1)</script></html>");
});
afterAll(async () => {
  await residentBrowser?.close();
  await staffBrowser?.close();
  await server?.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe("files in an access answer", () => {
  it("agent attaches, is refused an HTML file with the typed lines kept, removes one and sends; the resident downloads", async () => {
    // The resident files an access request against Facette and confirms the address.
    await resident.goto(`${server.url}/requests/new?lng=en`);
    await resident.getByLabel("Facette AI").check();
    await resident.getByLabel("Where do you live?").selectOption("CA-QC");
    await resident.locator("#type-access").check();
    await resident.getByLabel("Full name").fill("Inès Tremblay");
    await resident.getByLabel("Email address").fill(EMAIL);
    await resident.getByRole("button", { name: "Continue to review" }).click();
    await resident.getByLabel(/I have read how my information and photo are used/).check();
    await resident.getByRole("button", { name: "Send my request" }).click();
    await resident.getByRole("heading", { name: "Your request has been filed" }).waitFor();
    const ref = (await resident.locator("h2.mono").first().textContent())!.trim();
    const verify = await waitForMail(server.smtp, (m) => m.to.includes(EMAIL) && /\/verify\//.test(m.text));
    await resident.goto(/https?:\/\/[^\s]+\/verify\/[A-Za-z0-9_-]+/.exec(verify.text)![0]);
    await resident.getByRole("button", { name: "Confirm and send my request" }).click();
    const sent = await waitForMail(
      server.smtp,
      (m) => m.to.includes(EMAIL) && m.subject.includes(ref) && /\/r\//.test(m.text),
    );
    const statusUrl = /https?:\/\/[^\s]+\/r\/[A-Za-z0-9_-]+/.exec(sent.text)![0];

    await signInStaff(staff, server, "agent@facette.example");
    await staff.goto(`${server.url}/vendor/requests/${ref}?lng=en`);
    await staff.getByLabel("Matched images").fill("https://example.com/a.jpg | 2026-01-02");
    await staff
      .getByLabel("Files to attach")
      .setInputFiles([path.join(tmp, "Relevé d'accès.pdf"), path.join(tmp, "searches.csv")]);
    await staff.getByRole("button", { name: "Attach the selected files" }).click();
    await staff.getByText("Files attached: 2.").waitFor();
    const list = staff.getByRole("list", { name: "Files sent with the answer" });
    expect(await list.textContent()).toContain("Relevé d'accès.pdf");
    expect(await list.textContent()).toContain("searches.csv");
    expect(await staff.getByLabel("Matched images").inputValue()).toBe("https://example.com/a.jpg | 2026-01-02");
    violations.push(...(await axeViolations(staff)));

    // HTML is refused by content and extension; the typed lines survive.
    await staff.getByLabel("Files to attach").setInputFiles(path.join(tmp, "page.html"));
    await staff.getByRole("button", { name: "Attach the selected files" }).click();
    await staff.locator(".field-error", { hasText: "This type of file is not accepted" }).waitFor();
    expect(await staff.getByLabel("Matched images").inputValue()).toBe("https://example.com/a.jpg | 2026-01-02");
    violations.push(...(await axeViolations(staff)));

    await staff.getByRole("button", { name: "Remove searches.csv" }).click();
    await staff.getByText("The file was removed.").waitFor();
    await staff
      .getByRole("button", { name: "Remove searches.csv" })
      .waitFor({ state: "detached", timeout: 5000 })
      .catch(async () => {
        throw new Error(`still listed:\n${await staff.locator("main").innerText()}`);
      });

    await staff.getByLabel("What you did (shown to the resident)").fill("Here is everything we hold.");
    await staff.getByRole("button", { name: "Mark as fulfilled" }).click();
    await staff.getByRole("button", { name: "Mark as fulfilled" }).waitFor({ state: "detached" });

    // The resident sees the one sent file and downloads it.
    await resident.goto(statusUrl);
    await resident.getByRole("heading", { name: "Files sent by the company" }).waitFor();
    const link = resident.getByRole("link", { name: "Relevé d'accès.pdf" });
    const href = await link.getAttribute("href");
    expect(href).toMatch(new RegExp(`^/r/${ref}/files/\\d+$`));
    expect(await resident.locator("main").textContent()).not.toContain("searches.csv");
    violations.push(...(await axeViolations(resident)));
    const cookies = await residentBrowser.cookies(server.url);
    const res = await fetch(`${server.url}${href}`, {
      headers: { Cookie: cookies.map((c) => `${c.name}=${c.value}`).join("; ") },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-security-policy")).toMatch(/^sandbox/);
    expect(res.headers.get("cache-control")).toContain("no-store");
    expect(res.headers.get("content-disposition")).toBe(
      `attachment; filename="Relev_ d'acc_s.pdf"; filename*=UTF-8''Relev%C3%A9%20d%27acc%C3%A8s.pdf`,
    );
    expect((await res.text()).startsWith("%PDF-1.7")).toBe(true);
    // Without the resident's cookie: nothing.
    expect((await fetch(`${server.url}${href}`)).status).toBe(404);
    expect(violations).toEqual([]);
  }, 120_000);
});
