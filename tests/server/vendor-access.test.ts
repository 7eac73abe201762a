import { openOutboxPayload } from "../../app/server/mail/outbox.server";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { confirmEmail } from "../../app/server/resident/confirm-email.server";
import { fileRequest } from "../../app/server/resident/file-request.server";
import { forVendor, type VendorStaff } from "../../app/server/vendor/vendor-access.server";
import { ServiceError } from "../../app/server/core/errors.server";
import { createTestPortal, insertUser, insertVendor, verifyPathFor, type TestPortal } from "../helpers/test-portal";

let portal: TestPortal;
let staffA: VendorStaff;
let staffB: VendorStaff;
let refA: string;
let refB: string;

beforeEach(() => {
  portal = createTestPortal({ now: "2026-03-05T15:00:00Z" });
  const a = insertVendor(portal.handle, { slug: "vendor-a" });
  const b = insertVendor(portal.handle, { slug: "vendor-b" });
  const staff = (id: number, vendorId: number): VendorStaff => ({
    id,
    email: `s${id}@x.example`,
    name: `S${id}`,
    role: "vendor_agent",
    vendorId,
    organisation: null,
    jurisdictions: [],
    locale: "en",
  });
  staffA = staff(101, a.id);
  staffB = staff(102, b.id);
  const input = {
    jurisdiction: "US-CA" as const,
    type: ["access" as const],
    fullName: "Noah Smith",
    email: "noah@example.com",
  };
  refA = fileRequest(
    { ...input, vendor: ["vendor-a"], idempotencyKey: "key-aaaaaaaaaaaaaaaa" },
    { locale: "en", now: portal.now() },
  ).requests[0]!.reference;
  refB = fileRequest(
    { ...input, vendor: ["vendor-b"], idempotencyKey: "key-bbbbbbbbbbbbbbbb" },
    { locale: "en", now: portal.now() },
  ).requests[0]!.reference;
  for (const row of portal.handle.sqlite
    .prepare("SELECT dedupe_key, payload FROM email_outbox WHERE template = 'verify-email'")
    .all() as { dedupe_key: string; payload: string }[]) {
    confirmEmail((openOutboxPayload(row) as { verifyPath: string }).verifyPath.slice("/verify/".length), {
      now: portal.now(),
    });
  }
  void verifyPathFor;
});
afterEach(() => portal.close());

function row(ref: string) {
  return portal.handle.sqlite.prepare("SELECT * FROM requests WHERE reference = ?").get(ref);
}

describe("tenant isolation", () => {
  it("staff see only their vendor's requests in the queue", () => {
    expect(
      forVendor(staffA)
        .listQueue()
        .items.map((i) => i.reference),
    ).toEqual([refA]);
    expect(
      forVendor(staffB)
        .listQueue()
        .items.map((i) => i.reference),
    ).toEqual([refB]);
  });

  it("reading another vendor's request by reference is a 404, and the attempt is audited", () => {
    const err = (() => {
      try {
        forVendor(staffA).getRequest(refB, { now: portal.now(), locale: "en" });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ServiceError);
    expect((err as ServiceError).status).toBe(404);
    const audit = portal.handle.sqlite.prepare("SELECT * FROM audit_events WHERE action = 'auth.denied'").all() as {
      object_id: string;
      actor_id: string;
    }[];
    expect(audit).toHaveLength(1);
    expect(audit[0]!.object_id).toBe(refB);
  });

  it("acting on another vendor's request is a 404 and leaves the row unchanged", () => {
    const before = row(refB);
    expect(() => forVendor(staffA).act(refB, { intent: "acknowledge" }, portal.now())).toThrow(ServiceError);
    expect(() =>
      forVendor(staffA).act(refB, { intent: "deny", denialBasis: "other", reason: "no" }, portal.now()),
    ).toThrow(ServiceError);
    expect(row(refB)).toEqual(before);
  });
});

describe("staff actions", () => {
  it("acknowledge then fulfil: status, event, audit row and resident email each time", () => {
    portal.setNow("2026-03-06T10:00:00Z");
    forVendor(staffA).act(refA, { intent: "acknowledge" }, portal.now());
    expect(row(refA)).toMatchObject({ status: "acknowledged", acknowledged_at: portal.now().getTime() });
    portal.setNow("2026-03-20T10:00:00Z");
    forVendor(staffA).act(refA, { intent: "fulfil", reason: "Package sent." }, portal.now());
    expect(row(refA)).toMatchObject({
      status: "fulfilled",
      outcome: "fulfilled",
      outcome_reason: "Package sent.",
      closed_at: portal.now().getTime(),
    });
    const templates = (
      portal.handle.sqlite
        .prepare(
          "SELECT o.template FROM email_outbox o JOIN requests r ON r.id = o.request_id WHERE o.to_address = 'noah@example.com' AND r.reference = ? ORDER BY o.id",
        )
        .all(refA) as { template: string }[]
    ).map((r) => r.template);
    expect(templates).toEqual(["request-delivered", "request-acknowledged", "request-answered"]);
    const actions = (
      portal.handle.sqlite.prepare("SELECT action FROM audit_events WHERE object_id = ? ORDER BY seq").all(refA) as {
        action: string;
      }[]
    ).map((r) => r.action);
    expect(actions).toEqual(["request.filed", "request.received", "request.acknowledged", "request.fulfilled"]);
  });

  it("answering the access request releases the deletion queued behind it", () => {
    const r = fileRequest(
      {
        jurisdiction: "GB",
        type: ["access", "deletion"],
        fullName: "Zoë Lee",
        email: "zoe@example.com",
        vendor: ["vendor-a"],
        idempotencyKey: "key-cccccccccccccccc",
      },
      { locale: "en", now: portal.now() },
    );
    confirmEmail(verifyPathFor(portal.handle, "zoe@example.com").slice("/verify/".length), { now: portal.now() });
    const [access, deletion] = r.requests.map((x) => x.reference);
    expect(row(deletion!)).toMatchObject({ status: "queued", received_at: null });
    portal.setNow("2026-03-20T10:00:00Z");
    forVendor(staffA).act(access!, { intent: "fulfil", reason: "Package sent." }, portal.now());
    // The deletion's statutory clock starts when the vendor receives it: now.
    expect(row(deletion!)).toMatchObject({
      status: "received",
      received_at: portal.now().getTime(),
      respond_by: "2026-04-20",
    });
  });

  it("refuses an action the state machine does not allow (409) without changing anything", () => {
    forVendor(staffA).act(
      refA,
      { intent: "deny", denialBasis: "identity_not_verified", reason: "Could not verify." },
      portal.now(),
    );
    const before = row(refA);
    try {
      forVendor(staffA).act(refA, { intent: "acknowledge" }, portal.now());
      throw new Error("should have thrown");
    } catch (e) {
      expect((e as ServiceError).status).toBe(409);
    }
    expect(row(refA)).toEqual(before);
  });
});

describe("queue count", () => {
  it("equals the number of rows each filter shows, as requests are filed, acknowledged, assigned and closed", async () => {
    const more = (n: number, jurisdiction: "US-CA" | "CA-QC" | "GB", type: "access" | "deletion", key: string) =>
      fileRequest(
        {
          vendor: ["vendor-a"],
          jurisdiction,
          type: [type],
          fullName: "Ana Lima",
          email: "ana@example.com",
          idempotencyKey: `${key}-0123456789abcdef`,
        },
        { locale: "en", now: portal.now() },
      ).requests.slice(0, n);
    more(1, "CA-QC", "access", "q1");
    more(1, "GB", "deletion", "q2");
    more(1, "US-CA", "access", "q3");
    for (const r of portal.handle.sqlite
      .prepare("SELECT dedupe_key, payload FROM email_outbox WHERE template = 'verify-email'")
      .all() as { dedupe_key: string; payload: string }[]) {
      try {
        confirmEmail((openOutboxPayload(r) as { verifyPath: string }).verifyPath.slice("/verify/".length), {
          now: portal.now(),
        });
      } catch {
        /* already confirmed above */
      }
    }
    const agentId = await insertUser(portal.handle, {
      email: "agent@vendor-a.example",
      password: "correct horse battery",
      role: "vendor_agent",
      vendorId: staffA.vendorId,
    });
    const a = forVendor({ ...staffA, id: agentId });
    const refs = a.listQueue().items.map((i) => i.reference);
    expect(refs.length).toBeGreaterThanOrEqual(3);
    a.act(refs[0]!, { intent: "acknowledge" }, portal.now());
    a.assign(refs[1]!, agentId, portal.now());
    a.act(
      refs[2]!,
      { intent: "deny", denialBasis: "other", reason: "Not a resident of the jurisdiction." },
      portal.now(),
    );
    const filters = [
      {},
      { status: "received" as const },
      { status: "acknowledged" as const },
      { type: "access" },
      { type: "deletion", jurisdiction: "GB" },
      { jurisdiction: "CA-QC" },
      { assignee: "me" },
      { assignee: "none" },
      { reference: refs[0]! },
    ];
    for (const f of filters) {
      const page = a.listQueue({ ...f, limit: 200 });
      expect(page.openCount, JSON.stringify(f)).toBe(page.items.length);
    }
    // The other vendor's queue is counted on its own.
    expect(forVendor(staffB).listQueue().openCount).toBe(1);
  });
});
