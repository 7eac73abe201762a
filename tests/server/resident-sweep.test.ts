import { openOutboxPayload } from "../../app/server/mail/outbox.server";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { confirmEmail } from "../../app/server/resident/confirm-email.server";
import { fileRequest } from "../../app/server/resident/file-request.server";
import { submitFiling } from "../../app/server/resident/filing-form.server";
import { runSweep } from "../../app/server/jobs/deadline-sweep.server";
import { forVendor, type VendorStaff } from "../../app/server/vendor/vendor-access.server";
import { verifyAuditChain } from "../../app/server/audit/audit-chain.server";
import { createTestPortal, insertVendor, verifyPathFor, type TestPortal } from "../helpers/test-portal";

let portal: TestPortal;
let filesDir: string;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

beforeEach(() => {
  filesDir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-files-"));
  portal = createTestPortal({ now: "2026-03-05T15:00:00Z", env: { FILES_DIR: filesDir } });
});
afterEach(() => {
  portal.close();
  fs.rmSync(filesDir, { recursive: true, force: true });
});

const input = {
  vendor: ["facette"],
  jurisdiction: "GB" as const,
  type: ["access" as const],
  fullName: "Léa Martin",
  email: "lea@example.com",
  idempotencyKey: "sweep-key-0123456789",
};
const outbox = (template: string) =>
  portal.handle.sqlite
    .prepare("SELECT dedupe_key, payload FROM email_outbox WHERE template = ? ORDER BY id")
    .all(template) as { dedupe_key: string; payload: string }[];
const at = (ms: number) => new Date(new Date("2026-03-05T15:00:00Z").getTime() + ms);

describe("verification reminders and expiry", () => {
  beforeEach(() => {
    insertVendor(portal.handle, { slug: "facette" });
    fileRequest(input, { locale: "fr-CA", now: portal.now() });
  });

  it("reminds once after 24 hours, with a new link that works", () => {
    runSweep({ now: at(23 * HOUR) });
    expect(outbox("verify-reminder")).toHaveLength(0);
    runSweep({ now: at(24 * HOUR) });
    runSweep({ now: at(25 * HOUR) });
    const reminders = outbox("verify-reminder");
    expect(reminders).toHaveLength(1);
    const path = (openOutboxPayload(reminders[0]!) as { verifyPath: string; expiresOn: string }).verifyPath;
    expect(confirmEmail(path.slice("/verify/".length), { now: at(26 * HOUR) }).delivered).toHaveLength(1);
    runSweep({ now: at(8 * DAY) });
    expect(portal.handle.sqlite.prepare("SELECT status FROM requests").get()).toEqual({ status: "received" });
  });

  it("closes an unconfirmed filing after 7 days without ever reaching the vendor", () => {
    const token = verifyPathFor(portal.handle, "lea@example.com").slice("/verify/".length);
    runSweep({ now: at(7 * DAY) });
    expect(portal.handle.sqlite.prepare("SELECT status FROM requests").get()).toEqual({
      status: "pending_verification",
    });
    runSweep({ now: at(7 * DAY + 1) });
    runSweep({ now: at(7 * DAY + 2) });
    expect(portal.handle.sqlite.prepare("SELECT status, outcome, received_at FROM requests").get()).toEqual({
      status: "withdrawn",
      outcome: "withdrawn",
      received_at: null,
    });
    expect(
      portal.handle.sqlite
        .prepare("SELECT count(*) AS n FROM request_events WHERE type = 'verification_expired'")
        .get(),
    ).toEqual({ n: 1 });
    expect(confirmEmail(token, { now: at(7 * DAY + 3) })).toMatchObject({ alreadyConfirmed: true, delivered: [] });
    expect(verifyAuditChain(portal.handle.sqlite).ok).toBe(true);
  });
});

describe("reference photo destruction", () => {
  it("destroys the photo 30 days after the request closes and emails a receipt once", async () => {
    const v = insertVendor(portal.handle, { slug: "facette" });
    const photo = await sharp({ create: { width: 80, height: 60, channels: 3, background: "#a87" } })
      .jpeg()
      .toBuffer();
    const outcome = await submitFiling(input, new File([new Uint8Array(photo)], "me.jpg", { type: "image/jpeg" }), {
      locale: "en",
      now: portal.now(),
      consentVersion: "test",
    });
    expect(outcome.ok).toBe(true);
    confirmEmail(verifyPathFor(portal.handle, "lea@example.com").slice("/verify/".length), { now: portal.now() });
    const ref = (portal.handle.sqlite.prepare("SELECT reference FROM requests").get() as { reference: string })
      .reference;
    const staff: VendorStaff = {
      id: 1,
      email: "s@x.example",
      name: "S",
      role: "vendor_agent",
      vendorId: v.id,
      organisation: null,
      jurisdictions: [],
      locale: "en",
    };
    const closedAt = at(2 * DAY);
    forVendor(staff).act(ref, { intent: "fulfil", reason: "Sent." }, closedAt);
    const row = () =>
      portal.handle.sqlite.prepare("SELECT storage_name, purged_at, sha256 FROM attachments").get() as {
        storage_name: string;
        purged_at: number | null;
        sha256: string;
      };
    const file = path.join(filesDir, row().storage_name);
    expect(fs.existsSync(file)).toBe(true);

    runSweep({ now: new Date(closedAt.getTime() + 30 * DAY - 1) });
    expect(row().purged_at).toBeNull();
    const purgeAt = new Date(closedAt.getTime() + 30 * DAY + 1000);
    runSweep({ now: purgeAt });
    runSweep({ now: new Date(purgeAt.getTime() + HOUR) });
    expect(row().purged_at).toBe(purgeAt.getTime());
    expect(fs.existsSync(file)).toBe(false);
    const receipts = outbox("photo-destroyed");
    expect(receipts).toHaveLength(1);
    expect(openOutboxPayload(receipts[0]!)).toMatchObject({
      reference: ref,
      sha256: row().sha256,
      destroyedAt: purgeAt.toISOString(),
    });
    expect(
      portal.handle.sqlite.prepare("SELECT count(*) AS n FROM audit_events WHERE action = 'photo.destroyed'").get(),
    ).toEqual({ n: 1 });
  });
});

describe("daily digest", () => {
  it("goes to each vendor admin once per day, after 13:00 UTC, with the counts", async () => {
    const { insertUser } = await import("../helpers/test-portal");
    const v = insertVendor(portal.handle, { slug: "facette", name: "Facette AI" });
    await insertUser(portal.handle, {
      email: "admin@facette.example",
      password: "x-x-x-x-x",
      role: "vendor_admin",
      vendorId: v.id,
      name: "Admin",
    });
    fileRequest(input, { locale: "en", now: portal.now() });
    confirmEmail(verifyPathFor(portal.handle, "lea@example.com").slice("/verify/".length), { now: portal.now() });
    runSweep({ now: new Date("2026-03-06T12:59:00Z") });
    expect(outbox("staff-daily-digest")).toHaveLength(0);
    runSweep({ now: new Date("2026-03-06T13:00:00Z") });
    runSweep({ now: new Date("2026-03-06T18:00:00Z") });
    const digests = outbox("staff-daily-digest");
    expect(digests).toHaveLength(1);
    expect(openOutboxPayload(digests[0]!)).toMatchObject({
      date: "2026-03-06",
      counts: { open: 1, overdue: 0, dueSoon: 0, newToday: 1 },
    });
    runSweep({ now: new Date("2026-03-07T13:00:00Z") });
    expect(outbox("staff-daily-digest")).toHaveLength(2);
  });
});

describe("identity purge after retention", () => {
  it("replaces the resident's name and email 24 months after the last request closed; the record stays", () => {
    const v = insertVendor(portal.handle, { slug: "facette" });
    fileRequest(input, { locale: "en", now: portal.now() });
    confirmEmail(verifyPathFor(portal.handle, "lea@example.com").slice("/verify/".length), { now: portal.now() });
    const ref = (portal.handle.sqlite.prepare("SELECT reference FROM requests").get() as { reference: string })
      .reference;
    const staff: VendorStaff = {
      id: 1,
      email: "s@x.example",
      name: "S",
      role: "vendor_agent",
      vendorId: v.id,
      organisation: null,
      jurisdictions: [],
      locale: "en",
    };
    forVendor(staff).act(ref, { intent: "fulfil", reason: "Sent." }, at(DAY));
    runSweep({ now: at(DAY + 730 * DAY - 1) });
    expect(portal.handle.sqlite.prepare("SELECT full_name FROM filings").get()).toEqual({ full_name: "Léa Martin" });
    runSweep({ now: at(DAY + 730 * DAY + 1) });
    runSweep({ now: at(DAY + 731 * DAY) });
    const f = portal.handle.sqlite.prepare("SELECT full_name, email FROM filings").get() as {
      full_name: string;
      email: string;
    };
    expect(f.full_name).toBe("[removed]");
    expect(f.email).toMatch(/^removed\+[0-9a-f]{16}@invalid$/);
    expect(
      portal.handle.sqlite.prepare("SELECT status, outcome, received_at IS NOT NULL AS received FROM requests").get(),
    ).toEqual({ status: "fulfilled", outcome: "fulfilled", received: 1 });
    expect(
      portal.handle.sqlite.prepare("SELECT count(*) AS n FROM audit_events WHERE action = 'identity.purged'").get(),
    ).toEqual({ n: 1 });
    expect(verifyAuditChain(portal.handle.sqlite).ok).toBe(true);
  });
});
