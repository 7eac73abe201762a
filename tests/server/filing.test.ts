import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fileRequest } from "../../app/server/requests.server";
import { verifyAuditChain } from "../../app/server/audit.server";
import { ServiceError } from "../../app/server/errors.server";
import { createTestPortal, insertUser, insertVendor, type TestPortal } from "../helpers/test-portal";

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
  it("writes filing, request, events, audit rows, status link and outbox rows in one go", async () => {
    const v = insertVendor(portal.handle, { slug: "facette" });
    await insertUser(portal.handle, { email: "agent@facette.example", password: "pw-12345678", role: "vendor_agent", vendorId: v.id });
    const result = fileRequest({ ...base, vendor: ["facette"], idempotencyKey: "key-aaaaaaaaaaaaaaaa" }, { locale: "fr-CA", now: portal.now() });
    expect(result.replayed).toBe(false);
    expect(result.requests).toHaveLength(1);
    const [filed] = result.requests;
    expect(filed!.reference).toBe("BR-2026-000001");
    expect(filed!.statusToken).toMatch(/^[A-Za-z0-9_-]{43}$/); // 256 bits, base64url
    const row = portal.handle.sqlite.prepare("SELECT * FROM requests").get() as Record<string, unknown>;
    expect(row.status).toBe("received");
    expect(row.received_at).toBe(portal.now().getTime());
    expect(row.rule_id).toBe("CA-QC/access");
    expect(typeof row.rule_version).toBe("number");
    expect(row.respond_by).toBe(filed!.respondBy);
    expect(count("request_events")).toBe(1);
    expect(count("audit_events")).toBe(2); // filed + received
    expect(count("status_links")).toBe(1);
    const outbox = portal.handle.sqlite.prepare("SELECT template, to_address, locale FROM email_outbox ORDER BY id").all();
    expect(outbox).toEqual([
      { template: "request-filed", to_address: "amelie@example.com", locale: "fr-CA" },
      { template: "staff-new-request", to_address: "agent@facette.example", locale: "en" },
    ]);
    // The token itself is never stored: only its hash.
    const dump = JSON.stringify(portal.handle.sqlite.prepare("SELECT * FROM status_links").all());
    expect(dump).not.toContain(filed!.statusToken);
    expect(verifyAuditChain(portal.handle.sqlite).ok).toBe(true);
    expect(portal.wakes).toBe(1);
  });

  it("creates one request per vendor and type, each with its own reference", () => {
    insertVendor(portal.handle, { slug: "a" });
    insertVendor(portal.handle, { slug: "b" });
    const r = fileRequest({ ...base, vendor: ["a", "b"], type: ["access", "deletion"], idempotencyKey: "key-bbbbbbbbbbbbbbbb" }, { locale: "en", now: portal.now() });
    expect(r.requests.map((x) => x.reference)).toEqual(["BR-2026-000001", "BR-2026-000002", "BR-2026-000003", "BR-2026-000004"]);
    expect(count("requests")).toBe(4);
  });

  it("a double submit (same idempotency key) files once and returns fresh links to the same requests", () => {
    insertVendor(portal.handle, { slug: "facette" });
    const input = { ...base, vendor: ["facette"], idempotencyKey: "key-cccccccccccccccc" };
    const first = fileRequest(input, { locale: "en", now: portal.now() });
    const second = fileRequest(input, { locale: "en", now: portal.now() });
    expect(second.replayed).toBe(true);
    expect(second.requests.map((r) => r.reference)).toEqual(first.requests.map((r) => r.reference));
    expect(second.requests[0]!.statusToken).not.toBe(first.requests[0]!.statusToken);
    expect(count("requests")).toBe(1);
    expect(count("email_outbox")).toBe(1);
  });

  it("refuses an unknown vendor with a field error and writes nothing", () => {
    insertVendor(portal.handle, { slug: "facette" });
    expect(() => fileRequest({ ...base, vendor: ["nope"], idempotencyKey: "key-dddddddddddddddd" }, { locale: "en", now: portal.now() })).toThrow(ServiceError);
    expect(count("filings")).toBe(0);
  });

  it("rolls back everything when any part of the change fails (no half-written filing)", () => {
    // A vendor whose privacy address contains a line break makes the outbox insert throw late.
    const v = insertVendor(portal.handle, { slug: "broken", intake: "email" });
    portal.handle.sqlite.prepare("UPDATE vendors SET privacy_email = ? WHERE id = ?").run("dpo@broken.example\r\nBcc: x@evil.example", v.id);
    expect(() => fileRequest({ ...base, vendor: ["broken"], idempotencyKey: "key-eeeeeeeeeeeeeeee" }, { locale: "en", now: portal.now() })).toThrow(/line break/);
    for (const t of ["filings", "requests", "request_events", "audit_events", "email_outbox", "status_links"]) expect(count(t)).toBe(0);
    expect(portal.handle.sqlite.prepare("SELECT * FROM portal_state WHERE key LIKE 'ref:%'").all()).toEqual([]);
  });

  it("email-only vendors receive the formal letter in the resident's language and in English", () => {
    insertVendor(portal.handle, { slug: "lumen", intake: "email" });
    fileRequest({ ...base, vendor: ["lumen"], idempotencyKey: "key-ffffffffffffffff" }, { locale: "fr-CA", now: portal.now() });
    const letters = portal.handle.sqlite.prepare("SELECT locale, to_address FROM email_outbox WHERE template = 'vendor-letter' ORDER BY id").all();
    expect(letters).toEqual([
      { locale: "fr-CA", to_address: "privacy@lumen.example" },
      { locale: "en", to_address: "privacy@lumen.example" },
    ]);
  });

  it("starts a new reference counter each year", () => {
    insertVendor(portal.handle, { slug: "facette" });
    fileRequest({ ...base, vendor: ["facette"], idempotencyKey: "key-gggggggggggggggg" }, { locale: "en", now: new Date("2026-12-31T23:00:00Z") });
    const r = fileRequest({ ...base, vendor: ["facette"], idempotencyKey: "key-hhhhhhhhhhhhhhhh" }, { locale: "en", now: new Date("2027-01-01T08:00:00Z") });
    expect(r.requests[0]!.reference).toBe("BR-2027-000001");
  });
});
