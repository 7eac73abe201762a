/**
 * The accounts page in Chromium on the production build: the portal admin invites an
 * administrator into a company that already has one; the invitation is held (nothing sent), the
 * company's admin sees it and approves it; the invitation then reaches the invitee. Axe-clean in
 * both languages at every step, phone and desktop widths.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, launchBrowser, signInStaff, startServer, waitForMail, type RunningServer } from "./harness";

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

// Pages and accessibility: run once, in the SQLite pass (the invitation flow itself is tested on both engines in tests/routes/account-invitations.test.ts).
describe.skipIf(Boolean(process.env.E2E_DATABASE_URL))("accounts", () => {
  it("a held invitation is approved by the company's own admin, then sent; every state axe-clean in both languages", async () => {
    const violations: string[] = [];
    const adminBrowser = await launchBrowser();
    const admin = await adminBrowser.newPage();
    await signInStaff(admin, server, "admin@portal.example");
    await admin.goto(`${server.url}/accounts?lng=en`);
    violations.push(...(await axeViolations(admin)));
    await admin.locator("#field-name").fill("New Facette Admin");
    await admin.locator("#field-email").fill("new-admin@facette.example");
    await admin.locator("#field-role").selectOption("vendor_admin");
    const facette = admin.locator("#field-vendorId option", { hasText: "Facette" });
    await admin.locator("#field-vendorId").selectOption((await facette.first().getAttribute("value"))!);
    await admin.getByRole("button", { name: "Send the invitation" }).click();
    await admin.getByText("the invitation waits for one of its administrators to approve it").waitFor();
    violations.push(...(await axeViolations(admin)));
    await adminBrowser.close();

    // The company's admins are told; the invitee is not.
    await waitForMail(
      server.smtp,
      (m) => m.to.includes("admin@facette.example") && m.text.includes("new-admin@facette.example"),
    );
    expect(server.smtp.received.some((m) => m.to.includes("new-admin@facette.example"))).toBe(false);

    const vendorBrowser = await launchBrowser();
    const vendorAdmin = await vendorBrowser.newPage();
    await signInStaff(vendorAdmin, server, "admin@facette.example");
    for (const lng of ["fr", "en"]) {
      for (const width of [375, 1366]) {
        await vendorAdmin.setViewportSize({ width, height: 900 });
        await vendorAdmin.goto(`${server.url}/accounts?lng=${lng}`);
        violations.push(...(await axeViolations(vendorAdmin)));
        // Nothing wider than the screen on a phone.
        expect(
          await vendorAdmin.evaluate(() => document.documentElement.scrollWidth),
          `${lng} ${width}`,
        ).toBeLessThanOrEqual(width);
      }
    }
    await vendorAdmin.getByRole("button", { name: "Approve the invitation of New Facette Admin" }).click();
    await vendorAdmin.getByText("Approved: the invitation has been sent.").waitFor();
    violations.push(...(await axeViolations(vendorAdmin)));
    await waitForMail(server.smtp, (m) => m.to.includes("new-admin@facette.example") && /\/invite\//.test(m.text));
    await vendorBrowser.close();
    expect(violations).toEqual([]);
  });
});
