/**
 * Metrics against a hand-built fixture whose answers were computed by hand:
 * medians, on-time with an extension, a deemed refusal, a denial by basis, §7102 rows.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getCcpa7102, getRegulatorDashboard } from "../../app/server/regulator/metrics.server";
import { createTestPortal, insertVendor, type TestPortal } from "../helpers/test-portal";

let portal: TestPortal;
let vendor: number;
const DAY = 86_400_000;
let seq = 0;

function insertCase(c: {
  jurisdiction: string;
  type?: string;
  received: string;
  dueDays: number;
  closedAfterDays?: number;
  outcome?: "fulfilled" | "partially_fulfilled" | "denied" | "withdrawn";
  basis?: string;
  extendedDueDays?: number;
}) {
  seq += 1;
  const sqlite = portal.handle.sqlite;
  const received = Date.parse(c.received);
  const filing = Number(
    sqlite
      .prepare(
        "INSERT INTO filings (idempotency_key, full_name, email, locale, jurisdiction, created_at) VALUES (?, 'X', 'x@example.com', 'en', ?, ?)",
      )
      .run(`fixture-${seq}-0123456789`, c.jurisdiction, received).lastInsertRowid,
  );
  const due = received + (c.extendedDueDays ?? c.dueDays) * DAY;
  sqlite
    .prepare(
      `INSERT INTO requests (reference, filing_id, vendor_id, type, jurisdiction, status, received_at, due_at, respond_by, extended_to, closed_at, outcome, denial_basis, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, '2026-01-01', ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      `BR-2026-${String(seq).padStart(6, "0")}`,
      filing,
      vendor,
      c.type ?? "access",
      c.jurisdiction,
      c.outcome ?? "received",
      received,
      due,
      c.extendedDueDays ? "2026-04-01" : null,
      c.closedAfterDays == null ? null : received + c.closedAfterDays * DAY,
      c.outcome ?? null,
      c.basis ?? null,
      received,
      received,
    );
}

beforeEach(() => {
  portal = createTestPortal({ now: "2026-04-01T12:00:00Z" });
  vendor = insertVendor(portal.handle, { slug: "facette", name: "Facette AI" }).id;
  insertVendor(portal.handle, { slug: "visagio", name: "Visagio" });
  insertCase({
    jurisdiction: "CA-QC",
    received: "2026-01-05T15:00:00Z",
    dueDays: 30,
    closedAfterDays: 10,
    outcome: "fulfilled",
  });
  insertCase({
    jurisdiction: "CA-QC",
    received: "2026-01-10T15:00:00Z",
    dueDays: 30,
    closedAfterDays: 20,
    outcome: "denied",
    basis: "identity_not_verified",
  });
  insertCase({
    jurisdiction: "CA-QC",
    received: "2026-01-20T15:00:00Z",
    dueDays: 30,
    closedAfterDays: 40,
    outcome: "fulfilled",
  }); // late
  insertCase({
    jurisdiction: "CA-QC",
    received: "2026-02-01T15:00:00Z",
    dueDays: 30,
    extendedDueDays: 60,
    closedAfterDays: 50,
    outcome: "partially_fulfilled",
  }); // on time thanks to the extension
  insertCase({ jurisdiction: "CA-QC", received: "2026-02-10T15:00:00Z", dueDays: 30 }); // open, past due: deemed refused
  insertCase({
    jurisdiction: "CA-QC",
    received: "2026-03-01T15:00:00Z",
    dueDays: 30,
    closedAfterDays: 2,
    outcome: "withdrawn",
  });
  insertCase({ jurisdiction: "CA-QC", received: "2026-03-20T15:00:00Z", dueDays: 30 }); // open, on track
  insertCase({
    jurisdiction: "US-CA",
    received: "2026-02-03T15:00:00Z",
    dueDays: 44,
    closedAfterDays: 1,
    outcome: "fulfilled",
  }); // outside a CAI scope
  // 2025, California, for §7102:
  insertCase({
    jurisdiction: "US-CA",
    type: "access",
    received: "2025-03-01T18:00:00Z",
    dueDays: 44,
    closedAfterDays: 5,
    outcome: "fulfilled",
  });
  insertCase({
    jurisdiction: "US-CA",
    type: "access",
    received: "2025-04-01T18:00:00Z",
    dueDays: 44,
    closedAfterDays: 15,
    outcome: "denied",
    basis: "not_a_resident",
  });
  insertCase({ jurisdiction: "US-CA", type: "access", received: "2025-12-20T18:00:00Z", dueDays: 44 });
  insertCase({
    jurisdiction: "US-CA",
    type: "deletion",
    received: "2025-06-01T18:00:00Z",
    dueDays: 44,
    closedAfterDays: 45,
    outcome: "fulfilled",
  });
});
afterEach(() => portal.close());

describe("regulator dashboard metrics", () => {
  it("match the hand-computed answers for Québec (CAI scope), Jan–Mar 2026", () => {
    const [facette, visagio] = getRegulatorDashboard(
      { jurisdictions: ["CA-QC"] },
      { period: { from: new Date("2026-01-01T00:00:00Z"), to: new Date("2026-04-01T00:00:00Z") }, now: portal.now() },
    );
    expect(facette).toMatchObject({
      vendorName: "Facette AI",
      received: 7,
      fulfilled: 2,
      partiallyFulfilled: 1,
      denied: 1,
      deniedByBasis: { identity_not_verified: 1 },
      withdrawn: 1,
      deemedRefused: 1,
      closed: 5, // 4 answered + 1 withdrawn
      answered: 4,
      answeredOnTime: 3, // 10 d, 20 d, and 50 d within the 60-day extension; 40 d was late
      onTimeRate: 0.75,
      medianDays: 30, // days 10, 20, 40, 50 → (20 + 40) / 2
      meanDays: 30,
      p90Days: 47, // continuous: position 0.9 × 3 = 2.7 → 40 + 0.7 × 10
      extended: 1,
      openNow: 2,
      overdueNow: 1,
      oldestOpenDays: 49, // 10 Feb 15:00 → 1 Apr 12:00
    });
    expect(facette!.extensionRate).toBeCloseTo(1 / 7, 6);
    expect(facette!.histogram.filter((h) => h.count > 0)).toEqual([
      { label: "8–14", count: 1 },
      { label: "15–30", count: 1 },
      { label: "31–45", count: 1 },
      { label: "46–60", count: 1 },
    ]);
    expect(facette!.byMonth).toEqual([
      { month: "2026-01", received: 3, answered: 3, onTime: 2 },
      { month: "2026-02", received: 2, answered: 1, onTime: 1 },
      { month: "2026-03", received: 2, answered: 0, onTime: 0 },
    ]);
    expect(visagio).toMatchObject({ received: 0, onTimeRate: null, medianDays: null });
  });

  it("CCPA §7102 table for 2025 (California only)", () => {
    const rows = getCcpa7102({ jurisdictions: ["US-CA"] }, 2025);
    expect(rows).toEqual([
      {
        vendorId: vendor,
        vendorName: "Facette AI",
        category: "know",
        received: 3,
        compliedWholeOrPart: 1,
        denied: 1,
        deniedNotVerifiable: 0,
        deniedNotConsumer: 1,
        deniedExempt: 0,
        deniedOther: 0,
        medianDays: 10,
        meanDays: 10,
      },
      {
        vendorId: vendor,
        vendorName: "Facette AI",
        category: "delete",
        received: 1,
        compliedWholeOrPart: 1,
        denied: 0,
        deniedNotVerifiable: 0,
        deniedNotConsumer: 0,
        deniedExempt: 0,
        deniedOther: 0,
        medianDays: 45,
        meanDays: 45,
      },
    ]);
    expect(getCcpa7102({ jurisdictions: ["CA-QC"] }, 2025)).toEqual([]);
  });
});
