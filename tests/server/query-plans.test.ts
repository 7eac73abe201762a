/**
 * The hot queries use their indexes (issue 9): a regression that makes one scan the table or
 * sort in a temporary B-tree fails here, long before a benchmark would notice.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestPortal, type TestPortal } from "../helpers/test-portal";

let portal: TestPortal;
beforeEach(() => {
  portal = createTestPortal();
});
afterEach(() => portal.close());

const plan = (sql: string, ...args: unknown[]) =>
  (portal.handle.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[]).map((r) => r.detail).join(" | ");

const OPEN = "vendor_id = ? AND closed_at IS NULL AND received_at IS NOT NULL";

describe("query plans", () => {
  it("vendor queue, first and deep pages: the partial open-queue index, no sort", () => {
    for (const p of [plan(`SELECT id FROM requests WHERE ${OPEN} ORDER BY due_at, id LIMIT 51`, 1), plan(`SELECT id FROM requests WHERE ${OPEN} AND (due_at, id) > (?, ?) ORDER BY due_at, id LIMIT 51`, 1, 0, 0)]) {
      expect(p).toContain("requests_open_queue_idx");
      expect(p).not.toMatch(/TEMP B-TREE|SCAN requests/);
    }
  });

  it("regulator metrics: a covering index seek per vendor", () => {
    const p = plan(
      `SELECT v.id, count(r.id), median(CASE WHEN r.outcome = 'fulfilled' THEN r.closed_at - r.received_at END), sum(r.ack_due_at IS NOT NULL AND r.acknowledged_at <= r.ack_due_at), sum(r.extended_to IS NOT NULL)
       FROM vendors v LEFT JOIN requests r ON r.vendor_id = v.id AND r.jurisdiction IN ('US-CA') AND r.received_at >= ? AND r.received_at < ? GROUP BY v.id`,
      0,
      1,
    );
    expect(p).toContain("COVERING INDEX requests_regulator_idx (jurisdiction=? AND vendor_id=? AND received_at>? AND received_at<?)");
  });

  it("status link, request by reference and the outbox claim use indexes", () => {
    expect(plan("SELECT request_id FROM status_links WHERE token_hash = ?", "x")).toMatch(/USING (INDEX|PRIMARY KEY)/);
    expect(plan("SELECT * FROM requests WHERE reference = ? AND vendor_id = ?", "x", 1)).toContain("requests_reference_unique");
    expect(plan("SELECT id FROM email_outbox WHERE (status = 'pending' AND next_attempt_at <= ?) OR (status = 'sending' AND lease_until < ?) ORDER BY next_attempt_at, id LIMIT 20", 0, 0)).toContain("email_outbox_due_idx");
  });
});
