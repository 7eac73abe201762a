/** The counts at the top of the vendor queue: overdue, due within 7 days, waiting for the resident, new. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { forVendor, type VendorStaff } from "../../app/server/vendor/vendor-access.server";
import { createTestPortal, insertVendor, type TestPortal } from "../helpers/test-portal";

const DAY = 86_400_000;
let portal: TestPortal;
let seq = 0;

function insert(vendor: number, status: string, dueInDays: number, closed = false) {
  seq += 1;
  const sqlite = portal.handle.sqlite;
  const now = portal.now().getTime();
  const filing = Number(
    sqlite
      .prepare(
        "INSERT INTO filings (idempotency_key, full_name, email, locale, jurisdiction, created_at) VALUES (?, 'X', 'x@example.com', 'en', 'CA-QC', ?)",
      )
      .run(`queue-${seq}-0123456789`, now - 20 * DAY).lastInsertRowid,
  );
  sqlite
    .prepare(
      `INSERT INTO requests (reference, filing_id, vendor_id, type, jurisdiction, status, received_at, due_at, respond_by, closed_at, outcome, created_at, updated_at)
       VALUES (?, ?, ?, 'access', 'CA-QC', ?, ?, ?, '2026-04-01', ?, ?, ?, ?)`,
    )
    .run(
      `BR-2026-${String(seq).padStart(6, "0")}`,
      filing,
      vendor,
      status,
      now - 20 * DAY,
      now + dueInDays * DAY,
      closed ? now - DAY : null,
      closed ? "fulfilled" : null,
      now - 20 * DAY,
      now - 20 * DAY,
    );
}

let staffA: VendorStaff;
beforeEach(() => {
  portal = createTestPortal({ now: "2026-03-05T15:00:00Z" });
  const a = insertVendor(portal.handle, { slug: "vendor-a" }).id;
  const b = insertVendor(portal.handle, { slug: "vendor-b" }).id;
  staffA = {
    id: 101,
    email: "s@x.example",
    name: "S",
    role: "vendor_agent",
    vendorId: a,
    organisation: null,
    jurisdictions: [],
    locale: "en",
  };
  insert(a, "received", -2); // overdue, new
  insert(a, "acknowledged", -0.01); // overdue by minutes
  insert(a, "acknowledged", 3); // due soon
  insert(a, "received", 6.9); // due soon, new
  insert(a, "awaiting_resident", 20); // waiting
  insert(a, "received", 30); // new
  insert(a, "fulfilled", -5, true); // closed: not counted
  insert(b, "received", -3); // another company's
});
afterEach(() => portal.close());

describe("queue summary", () => {
  it("counts overdue, due within 7 days, waiting for the resident and new, for the company's own queue only", () => {
    expect(forVendor(staffA).summarizeQueue(portal.now())).toEqual({
      overdue: 2,
      dueSoon: 2,
      awaitingResident: 1,
      received: 3,
    });
  });
});
