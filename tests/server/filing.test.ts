import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { confirmEmail } from "../../app/server/resident/confirm-email.server";
import { fileRequest } from "../../app/server/resident/file-request.server";
import { verifyAuditChain } from "../../app/server/audit/audit-chain.server";
import { ServiceError } from "../../app/server/core/errors.server";
import { createTestPortal, insertUser, insertVendor, verifyPathFor, type TestPortal } from "../helpers/test-portal";

let portal: TestPortal;
beforeEach(() => {
  portal = createTestPortal({ now: "2026-03-05T15:00:00Z" });
});
afterEach(() => portal.close());

const base = {
  jurisdiction: "CA-QC" as const,
  type: ["access" as const],
  fullName: "Amélie Tremblay",
  email: "amelie@example.com",
};

function count(table: string): number {
  return (portal.handle.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

describe("fileRequest", () => {
  it("files without delivering: nothing reaches the vendor and no clock runs before the email is confirmed", async () => {
    const v = insertVendor(portal.handle, { slug: "facette" });
    await insertUser(portal.handle, {
      email: "agent@facette.example",
      password: "pw-12345678",
      role: "vendor_agent",
      vendorId: v.id,
    });
    const result = fileRequest(
      { ...base, vendor: ["facette"], idempotencyKey: "key-aaaaaaaaaaaaaaaa" },
      { locale: "fr-CA", now: portal.now() },
    );
    expect(result.replayed).toBe(false);
    const [filed] = result.requests;
    expect(filed!.reference).toBe("BR-2026-000001");
    // Possession before disclosure: no status link exists before the address is proven.
    expect(filed).not.toHaveProperty("statusToken");
    expect(count("status_links")).toBe(0);
    const row = portal.handle.sqlite.prepare("SELECT * FROM requests").get() as Record<string, unknown>;
    expect(row).toMatchObject({ status: "pending_verification", received_at: null, rule_id: null, due_at: null });
    expect(count("request_events")).toBe(1);
    expect(count("audit_events")).toBe(1);
    const outbox = portal.handle.sqlite
      .prepare("SELECT template, to_address, locale FROM email_outbox ORDER BY id")
      .all();
    expect(outbox).toEqual([{ template: "verify-email", to_address: "amelie@example.com", locale: "fr-CA" }]);
    expect(portal.wakes).toBe(1);
  });

  it("confirming the email delivers: rule id + version and dates stored, clock starts at confirmation, vendor notified", async () => {
    const v = insertVendor(portal.handle, { slug: "facette" });
    await insertUser(portal.handle, {
      email: "agent@facette.example",
      password: "pw-12345678",
      role: "vendor_agent",
      vendorId: v.id,
    });
    fileRequest(
      { ...base, vendor: ["facette"], idempotencyKey: "key-aaaaaaaaaaaaaaab" },
      { locale: "fr-CA", now: portal.now() },
    );
    const token = verifyPathFor(portal.handle, "amelie@example.com").slice("/verify/".length);
    portal.setNow("2026-03-06T02:30:00Z"); // 21:30 on 5 March in Montréal
    const result = confirmEmail(token, { now: portal.now() });
    expect(result.delivered).toHaveLength(1);
    const row = portal.handle.sqlite.prepare("SELECT * FROM requests").get() as Record<string, unknown>;
    expect(row).toMatchObject({ status: "received", received_at: portal.now().getTime(), rule_id: "CA-QC/access" });
    expect(typeof row.rule_version).toBe("number");
    // Received 5 March (local) + 30 days = 4 April 2026, a Saturday: not a "jour férié", it stands.
    expect(row.respond_by).toBe("2026-04-04");
    const templates = (
      portal.handle.sqlite.prepare("SELECT template FROM email_outbox ORDER BY id").all() as { template: string }[]
    ).map((r) => r.template);
    expect(templates).toEqual(["verify-email", "request-delivered", "staff-new-request"]);
    expect(verifyAuditChain(portal.handle.sqlite).ok).toBe(true);
    // The link works once; a second use changes nothing.
    expect(confirmEmail(token, { now: portal.now() })).toMatchObject({ alreadyConfirmed: true, delivered: [] });
    expect(count("email_outbox")).toBe(3);
  });

  it("an expired confirmation link is refused and delivers nothing", () => {
    insertVendor(portal.handle, { slug: "facette" });
    fileRequest(
      { ...base, vendor: ["facette"], idempotencyKey: "key-aaaaaaaaaaaaaaac" },
      { locale: "en", now: portal.now() },
    );
    const token = verifyPathFor(portal.handle, "amelie@example.com").slice("/verify/".length);
    portal.setNow("2026-03-12T15:00:01Z");
    expect(() => confirmEmail(token, { now: portal.now() })).toThrow(/expired/);
    expect(portal.handle.sqlite.prepare("SELECT status FROM requests").get()).toEqual({
      status: "pending_verification",
    });
  });

  it("access + deletion to one vendor: deletion waits until access is answered", () => {
    insertVendor(portal.handle, { slug: "facette" });
    const r = fileRequest(
      { ...base, vendor: ["facette"], type: ["deletion", "access"], idempotencyKey: "key-aaaaaaaaaaaaaaad" },
      { locale: "en", now: portal.now() },
    );
    expect(r.requests.map((x) => [x.type, x.queuedBehind])).toEqual([
      ["access", null],
      ["deletion", "BR-2026-000001"],
    ]);
    const token = verifyPathFor(portal.handle, "amelie@example.com").slice("/verify/".length);
    const c = confirmEmail(token, { now: portal.now() });
    expect(c.delivered.map((d) => d.reference)).toEqual(["BR-2026-000001"]);
    expect(c.queued).toEqual([
      {
        reference: "BR-2026-000002",
        vendorName: "Vendor " + c.queued[0]!.vendorName.split(" ")[1],
        behind: "BR-2026-000001",
      },
    ]);
    expect(
      portal.handle.sqlite.prepare("SELECT reference, status, received_at FROM requests ORDER BY id").all(),
    ).toEqual([
      { reference: "BR-2026-000001", status: "received", received_at: portal.now().getTime() },
      { reference: "BR-2026-000002", status: "queued", received_at: null },
    ]);
  });

  it("creates one request per vendor and type, each with its own reference", () => {
    insertVendor(portal.handle, { slug: "a" });
    insertVendor(portal.handle, { slug: "b" });
    const r = fileRequest(
      { ...base, vendor: ["a", "b"], type: ["access", "deletion"], idempotencyKey: "key-bbbbbbbbbbbbbbbb" },
      { locale: "en", now: portal.now() },
    );
    expect(r.requests.map((x) => x.reference)).toEqual([
      "BR-2026-000001",
      "BR-2026-000002",
      "BR-2026-000003",
      "BR-2026-000004",
    ]);
    expect(count("requests")).toBe(4);
  });

  it("a double submit (same idempotency key) files once and returns the same requests, without any link", () => {
    insertVendor(portal.handle, { slug: "facette" });
    const input = { ...base, vendor: ["facette"], idempotencyKey: "key-cccccccccccccccc" };
    const first = fileRequest(input, { locale: "en", now: portal.now() });
    const second = fileRequest(input, { locale: "en", now: portal.now() });
    expect(second.replayed).toBe(true);
    expect(second.requests.map((r) => r.reference)).toEqual(first.requests.map((r) => r.reference));
    expect(second.requests[0]).not.toHaveProperty("statusToken");
    expect(count("status_links")).toBe(0);
    expect(count("requests")).toBe(1);
    expect(count("email_outbox")).toBe(1);
  });

  it("refuses an unknown vendor with a field error and writes nothing", () => {
    insertVendor(portal.handle, { slug: "facette" });
    expect(() =>
      fileRequest(
        { ...base, vendor: ["nope"], idempotencyKey: "key-dddddddddddddddd" },
        { locale: "en", now: portal.now() },
      ),
    ).toThrow(ServiceError);
    expect(count("filings")).toBe(0);
  });

  it("rolls back everything when any part of the filing fails (no half-written filing)", () => {
    insertVendor(portal.handle, { slug: "facette" });
    // The verification email is the last write; a recipient with a line break makes it throw.
    expect(() =>
      fileRequest(
        {
          ...base,
          email: "amelie@example.com\r\nBcc: x@evil.example",
          vendor: ["facette"],
          idempotencyKey: "key-eeeeeeeeeeeeeeee",
        },
        { locale: "en", now: portal.now() },
      ),
    ).toThrow(/line break/);
    for (const t of [
      "filings",
      "requests",
      "request_events",
      "audit_events",
      "email_outbox",
      "status_links",
      "one_time_tokens",
    ])
      expect(count(t)).toBe(0);
    expect(portal.handle.sqlite.prepare("SELECT * FROM portal_state WHERE key LIKE 'ref:%'").all()).toEqual([]);
  });

  it("rolls back the whole delivery when any part fails: the link stays unused, nothing delivered", () => {
    const v = insertVendor(portal.handle, { slug: "broken", intake: "email" });
    fileRequest(
      { ...base, vendor: ["broken"], idempotencyKey: "key-eeeeeeeeeeeeeeef" },
      { locale: "en", now: portal.now() },
    );
    portal.handle.sqlite
      .prepare("UPDATE vendors SET privacy_email = ? WHERE id = ?")
      .run("dpo@broken.example\r\nBcc: x@evil.example", v.id);
    const token = verifyPathFor(portal.handle, "amelie@example.com").slice("/verify/".length);
    const before = { audit: count("audit_events"), events: count("request_events"), outbox: count("email_outbox") };
    expect(() => confirmEmail(token, { now: portal.now() })).toThrow(/line break/);
    expect({ audit: count("audit_events"), events: count("request_events"), outbox: count("email_outbox") }).toEqual(
      before,
    );
    expect(portal.handle.sqlite.prepare("SELECT status FROM requests").get()).toEqual({
      status: "pending_verification",
    });
    expect(portal.handle.sqlite.prepare("SELECT used_at FROM one_time_tokens").get()).toEqual({ used_at: null });
  });

  it("email-only vendors receive the formal letter in the resident's language and in English once confirmed", () => {
    insertVendor(portal.handle, { slug: "lumen", intake: "email" });
    fileRequest(
      { ...base, vendor: ["lumen"], idempotencyKey: "key-ffffffffffffffff" },
      { locale: "fr-CA", now: portal.now() },
    );
    confirmEmail(verifyPathFor(portal.handle, "amelie@example.com").slice("/verify/".length), { now: portal.now() });
    const letters = portal.handle.sqlite
      .prepare("SELECT locale, to_address FROM email_outbox WHERE template = 'vendor-letter' ORDER BY id")
      .all();
    expect(letters).toEqual([
      { locale: "fr-CA", to_address: "privacy@lumen.example" },
      { locale: "en", to_address: "privacy@lumen.example" },
    ]);
  });

  it("starts a new reference counter each year", () => {
    insertVendor(portal.handle, { slug: "facette" });
    fileRequest(
      { ...base, vendor: ["facette"], idempotencyKey: "key-gggggggggggggggg" },
      { locale: "en", now: new Date("2026-12-31T23:00:00Z") },
    );
    const r = fileRequest(
      { ...base, vendor: ["facette"], idempotencyKey: "key-hhhhhhhhhhhhhhhh" },
      { locale: "en", now: new Date("2027-01-01T08:00:00Z") },
    );
    expect(r.requests[0]!.reference).toBe("BR-2027-000001");
  });
});
