/**
 * Vendor actions under the rule versions of the legal review of 4 December 2026, on a real
 * database (SQLite, or PostgreSQL with TEST_DATABASE_URL): a lawful notice of extension given on
 * the day the law moves its last day to is accepted and stored; the day after is refused; a
 * request filed under an earlier version keeps it; UK requests received before 5 February 2026
 * keep the old pauses while later ones follow the Data (Use and Access) Act.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ServiceError } from "../../app/server/core/errors.server";
import { confirmEmail } from "../../app/server/resident/confirm-email.server";
import { fileRequest } from "../../app/server/resident/file-request.server";
import { replyToVendor } from "../../app/server/resident/resident-actions.server";
import { exchangeStatusToken } from "../../app/server/resident/status-links.server";
import { forVendor, type VendorStaff } from "../../app/server/vendor/vendor-access.server";
import type { FilingInput } from "../../app/domain/schemas";
import {
  createTestPortal,
  getRequest,
  insertUser,
  insertVendor,
  statusTokenFor,
  verifyPathFor,
  type TestPortal,
} from "../helpers/test-portal";

let portal: TestPortal;
let staff: VendorStaff;
let seq = 0;

beforeEach(async () => {
  portal = createTestPortal({ now: "2026-01-01T15:00:00Z" });
  const v = insertVendor(portal.handle, { slug: "facette", name: "Facette AI" });
  const id = await insertUser(portal.handle, {
    email: "agent@facette.example",
    password: "x-x-x-x-x",
    role: "vendor_agent",
    vendorId: v.id,
  });
  staff = {
    id,
    email: "agent@facette.example",
    name: "Agent",
    role: "vendor_agent",
    vendorId: v.id,
    organisation: null,
    jurisdictions: [],
    locale: "en",
  };
});
afterEach(() => portal.close());

/** Files and confirms one request now: the vendor receives it (the clock starts). */
function file(
  jurisdiction: FilingInput["jurisdiction"],
  type: FilingInput["type"][number],
  at: string,
): { reference: string; statusToken: string } {
  seq += 1;
  portal.setNow(at);
  const email = `resident${seq}@example.com`;
  const reference = fileRequest(
    {
      jurisdiction,
      vendor: ["facette"],
      type: [type],
      fullName: "Inès Haddad",
      email,
      idempotencyKey: `deadline-law-key-${String(seq).padStart(4, "0")}`,
    },
    { locale: "en", now: portal.now() },
  ).requests[0]!.reference;
  confirmEmail(verifyPathFor(portal.handle, email).replace(/^\/verify\//, ""), { now: portal.now() });
  return { reference, statusToken: statusTokenFor(portal.handle, reference) };
}

const row = (reference: string) =>
  portal.handle.sqlite
    .prepare("SELECT status, respond_by, extended_to, due_at, rule_id, rule_version FROM requests WHERE reference = ?")
    .get(reference) as {
    status: string;
    respond_by: string;
    extended_to: string | null;
    due_at: number;
    rule_id: string;
    rule_version: number;
  };

function errorOf(fn: () => unknown): ServiceError {
  try {
    fn();
  } catch (e) {
    return e as ServiceError;
  }
  throw new Error("did not throw");
}

const extend = (reference: string, at: string) => {
  portal.setNow(at);
  return forVendor(staff).act(
    reference,
    { intent: "extend", reason: "Thousands of matched images to review." },
    portal.now(),
  );
};

async function residentReplies(statusToken: string, reference: string, at: string) {
  portal.setNow(at);
  const { setCookie } = await exchangeStatusToken(getRequest(`/r/${statusToken}`), statusToken);
  await replyToVendor(getRequest("/", setCookie.split(";")[0]), reference, "Here it is.", { now: portal.now() });
}

describe("a notice of extension on the day the law moves the last day to", () => {
  it("Texas: 45th day on Sunday 15 Feb, Monday is Presidents' Day — Tuesday's notice is accepted (Gov't Code §311.014)", () => {
    const a = file("US-TX", "deletion", "2026-01-01T18:00:00Z");
    const b = file("US-TX", "deletion", "2026-01-01T18:00:00Z");
    expect(row(a.reference)).toMatchObject({ respond_by: "2026-02-17", rule_id: "US-TX/deletion", rule_version: 2 });
    // 23:30 CST on Tue 17 Feb = 05:30Z on 18 Feb: still 17 Feb in Texas.
    extend(a.reference, "2026-02-18T05:30:00Z");
    expect(row(a.reference)).toMatchObject({ extended_to: "2026-04-01", respond_by: "2026-04-01" }); // 1 Jan + 90 = Wed 1 Apr
    const late = errorOf(() => extend(b.reference, "2026-02-18T15:00:00Z"));
    expect([late.status, late.code]).toEqual([409, "extension_notice_late"]);
    expect(row(b.reference).extended_to).toBeNull();
  });

  it("PIPEDA: notice due Easter Sunday may be given on Tuesday after Easter Monday (Interpretation Act ss.26, 35)", () => {
    const r = file("CA", "access", "2026-03-06T16:00:00Z");
    expect(row(r.reference).respond_by).toBe("2026-04-07");
    extend(r.reference, "2026-04-07T20:00:00Z");
    expect(row(r.reference)).toMatchObject({ extended_to: "2026-05-05", respond_by: "2026-05-05", status: "received" });
    // The request is on time and not deemed refused on 10 April (before the review it showed as deemed refused).
    portal.setNow("2026-04-10T12:00:00Z");
    expect(forVendor(staff).getRequest(r.reference, { now: portal.now(), locale: "en" }).deadline?.state).toBe(
      "on_track",
    );
  });

  it("Colorado and Washington: the Monday after a Sunday 45th day", () => {
    const co = file("US-CO", "access", "2026-01-15T18:00:00Z");
    expect(row(co.reference).respond_by).toBe("2026-03-02");
    extend(co.reference, "2026-03-02T20:00:00Z");
    expect(row(co.reference).extended_to).toBe("2026-04-15");
    const wa = file("US-WA", "access", "2026-03-05T18:00:00Z");
    expect(row(wa.reference).respond_by).toBe("2026-04-20");
    extend(wa.reference, "2026-04-20T20:00:00Z");
    expect(row(wa.reference).extended_to).toBe("2026-06-03");
  });

  it("a request filed under an earlier rule version keeps it: the same Tuesday notice is refused under Texas version 1", () => {
    const r = file("US-TX", "deletion", "2026-01-01T18:00:00Z");
    // As if filed before the review: the stored version decides, never the version in force now.
    portal.handle.sqlite
      .prepare("UPDATE requests SET rule_version = 1, respond_by = '2026-02-15' WHERE reference = ?")
      .run(r.reference);
    const err = errorOf(() => extend(r.reference, "2026-02-17T20:00:00Z"));
    expect([err.status, err.code]).toEqual([409, "extension_notice_late"]);
    portal.setNow("2026-02-16T20:00:00Z");
    expect(forVendor(staff).getRequest(r.reference, { now: portal.now(), locale: "en" }).deadline).toMatchObject({
      ruleVersion: 1,
      respondBy: "2026-02-15",
      state: "overdue",
    });
  });
});

describe("United Kingdom: requests received before 5 February 2026 keep the old behaviour", () => {
  it("identity: the old version adds the paused days; the DUAA version starts the month again", async () => {
    const before = file("GB", "access", "2026-02-04T12:00:00Z");
    const after = file("GB", "access", "2026-02-05T12:00:00Z");
    expect([row(before.reference).rule_version, row(after.reference).rule_version]).toEqual([2, 3]);
    for (const r of [before, after]) {
      portal.setNow("2026-02-10T12:00:00Z");
      forVendor(staff).act(
        r.reference,
        { intent: "request_info", kind: "identity", message: "Please confirm the email you use with us." },
        portal.now(),
      );
      await residentReplies(r.statusToken, r.reference, "2026-02-20T12:00:00Z");
    }
    // Before: 4 Feb → 4 Mar, + 10 paused days = Sat 14 Mar → Mon 16 Mar.
    expect(row(before.reference).respond_by).toBe("2026-03-16");
    // After (UK GDPR Art. 12A): one month beginning with 20 Feb ends Thu 19 Mar.
    expect(row(after.reference).respond_by).toBe("2026-03-19");
  });

  it("clarification of an erasure request: stops the old clock, not the DUAA one (it covers access requests only)", async () => {
    const before = file("GB", "deletion", "2026-02-04T12:00:00Z");
    const after = file("GB", "deletion", "2026-02-05T12:00:00Z");
    for (const r of [before, after]) {
      portal.setNow("2026-02-10T12:00:00Z");
      forVendor(staff).act(
        r.reference,
        { intent: "request_info", kind: "clarification", message: "Which images do you mean?" },
        portal.now(),
      );
      await residentReplies(r.statusToken, r.reference, "2026-02-20T12:00:00Z");
    }
    const paused = (reference: string) =>
      (
        portal.handle.sqlite
          .prepare(
            "SELECT e.payload FROM request_events e JOIN requests r ON r.id = e.request_id WHERE r.reference = ? AND e.type = 'info_requested'",
          )
          .get(reference) as { payload: string }
      ).payload;
    expect(JSON.parse(paused(before.reference))).toMatchObject({ pausesClock: true });
    expect(JSON.parse(paused(after.reference))).toMatchObject({ pausesClock: false });
    expect(row(before.reference).respond_by).toBe("2026-03-16");
    expect(row(after.reference).respond_by).toBe("2026-03-04"); // one month beginning with 5 Feb
  });

  it("clarification of an access request under the DUAA: asked Tue 10 Mar, answered Tue 17 Mar — 8 days, both included", async () => {
    const r = file("GB", "access", "2026-03-05T12:00:00Z");
    expect(row(r.reference).respond_by).toBe("2026-04-07");
    portal.setNow("2026-03-10T12:00:00Z");
    forVendor(staff).act(
      r.reference,
      { intent: "request_info", kind: "clarification", message: "Which account?" },
      portal.now(),
    );
    await residentReplies(r.statusToken, r.reference, "2026-03-17T12:00:00Z");
    // Sat 4 Apr + 8 = Sun 12 Apr → Mon 13 Apr; the notice month moves the same way: Monday's notice is on time.
    expect(row(r.reference).respond_by).toBe("2026-04-13");
    extend(r.reference, "2026-04-13T16:00:00Z");
    expect(row(r.reference).extended_to).toBe("2026-06-12"); // Thu 4 Jun + 8 = Fri 12 Jun
  });
});
