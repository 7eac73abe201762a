/**
 * The regulator dashboard's figures are kept for the rest of the minute only while nothing has
 * changed: a state change shows on the very next view, and a kept page is the same figures a
 * fresh read gives.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { JurisdictionCode } from "../../app/domain/deadlines";
import { readDashboardPage } from "../../app/server/regulator/dashboard-page.server";
import { getRegulatorDashboard } from "../../app/server/regulator/metrics.server";
import { confirmEmail } from "../../app/server/resident/confirm-email.server";
import { fileRequest } from "../../app/server/resident/file-request.server";
import { createTestPortal, insertVendor, verifyPathFor, type TestPortal } from "../helpers/test-portal";

let portal: TestPortal;
let seq = 0;
const quebec = { jurisdictions: ["CA-QC"] };
const period = { from: new Date("2026-01-01T00:00:00Z"), to: new Date("2026-04-01T00:00:00Z") };

function fileAndConfirm(jurisdiction: JurisdictionCode = "CA-QC"): void {
  seq += 1;
  const email = `resident${seq}@example.com`;
  fileRequest(
    {
      jurisdiction,
      vendor: ["facette"],
      type: ["access"],
      fullName: "Inès Haddad",
      email,
      idempotencyKey: `dashboard-cache-key-${String(seq).padStart(4, "0")}`,
    },
    { locale: "en", now: portal.now() },
  );
  confirmEmail(verifyPathFor(portal.handle, email).replace(/^\/verify\//, ""), { now: portal.now() });
}

const received = (page: ReturnType<typeof readDashboardPage>) => page.vendors.map((v) => [v.vendorName, v.received]);

beforeEach(() => {
  portal = createTestPortal({ now: "2026-02-10T15:00:00Z" });
  insertVendor(portal.handle, { slug: "facette", name: "Facette AI" });
});
afterEach(() => portal.close());

describe("the regulator dashboard's figures", () => {
  it("are read once per minute while nothing changes, and are the same as a fresh read", () => {
    fileAndConfirm();
    const at = new Date("2026-02-10T15:00:10Z");
    const first = readDashboardPage(quebec, period, 2025, at);
    expect(received(first)).toEqual([["Facette AI", 1]]);
    expect(readDashboardPage(quebec, period, 2025, new Date("2026-02-10T15:00:59Z"))).toBe(first);
    expect(first.vendors).toEqual(getRegulatorDashboard(quebec, { period, now: at }));
    // The next minute reads again ("overdue now" moves with the clock alone).
    const next = readDashboardPage(quebec, period, 2025, new Date("2026-02-10T15:01:00Z"));
    expect(next).not.toBe(first);
    expect(received(next)).toEqual([["Facette AI", 1]]);
  });

  it("show a state change on the very next view, within the same minute", () => {
    fileAndConfirm();
    const first = readDashboardPage(quebec, period, 2025, new Date("2026-02-10T15:00:10Z"));
    fileAndConfirm();
    const after = readDashboardPage(quebec, period, 2025, new Date("2026-02-10T15:00:20Z"));
    expect(received(first)).toEqual([["Facette AI", 1]]);
    expect(received(after)).toEqual([["Facette AI", 2]]);
  });

  it("are kept per scope and period: one regulator never gets another's figures", () => {
    fileAndConfirm("CA-QC");
    fileAndConfirm("CA-BC");
    fileAndConfirm("CA-BC");
    const at = new Date("2026-02-10T15:00:10Z");
    expect(received(readDashboardPage(quebec, period, 2025, at))).toEqual([["Facette AI", 1]]);
    expect(received(readDashboardPage({ jurisdictions: ["CA-BC"] }, period, 2025, at))).toEqual([["Facette AI", 2]]);
    const january = { from: period.from, to: new Date("2026-02-01T00:00:00Z") };
    expect(received(readDashboardPage(quebec, january, 2025, at))).toEqual([["Facette AI", 0]]);
  });
});
