/**
 * The hot queries use their indexes: a regression that makes one scan the table or
 * sort in a temporary B-tree fails here, long before a benchmark would notice.
 */
import { afterEach, beforeEach, expect, it } from "vitest";
import { getCcpa7102 } from "../../app/server/regulator/metrics.server";
import { createTestPortal, insertVendor, type TestPortal, describeOnSqlite } from "../helpers/test-portal";

let portal: TestPortal;
beforeEach(() => {
  portal = createTestPortal();
});
afterEach(() => portal.close());

const plan = (sql: string, ...args: unknown[]) =>
  (portal.handle.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[])
    .map((r) => r.detail)
    .join(" | ");

const OPEN = "vendor_id = ? AND closed_at IS NULL AND received_at IS NOT NULL";

describeOnSqlite("query plans", () => {
  it("vendor queue, first and deep pages: the partial open-queue index, no sort", () => {
    // The columns listQueue reads: the index covers them, so a page touches no table rows.
    const cols =
      "id, reference, type, jurisdiction, status, received_at, respond_by, due_at, statutory, assignee_user_id";
    for (const p of [
      plan(`SELECT ${cols} FROM requests WHERE ${OPEN} ORDER BY due_at, id LIMIT 51`, 1),
      plan(
        `SELECT ${cols} FROM requests WHERE ${OPEN} AND (due_at, id) > (?, ?) ORDER BY due_at, id LIMIT 51`,
        1,
        0,
        0,
      ),
    ]) {
      expect(p).toContain("COVERING INDEX requests_open_queue_idx");
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
    expect(p).toContain(
      "COVERING INDEX requests_regulator_idx (jurisdiction=? AND vendor_id=? AND received_at>? AND received_at<?)",
    );
  });

  it("regulator dashboard (roll-ups, migration 0009): key seeks, one duration bucket, open rows only", () => {
    const answered = "outcome IN ('fulfilled','partially_fulfilled','denied')";
    // Whole days and whole months come from the roll-up tables' primary keys.
    for (const t of ["regulator_daily", "regulator_daily_denials", "regulator_daily_open_due"]) {
      expect(
        plan(
          `SELECT vendor_id, count(*) FROM ${t} WHERE jurisdiction IN ('CA-QC','US-CA') AND vendor_id IN (1, 2) AND day >= ? AND day < ? GROUP BY vendor_id`,
          0,
          1,
        ),
      ).toMatch(
        new RegExp(
          `^SEARCH ${t} USING (COVERING )?INDEX sqlite_autoindex_${t}_1 \\(jurisdiction=\\? AND vendor_id=\\? AND day>\\? AND day<\\?\\)`,
        ),
      );
    }
    expect(
      plan(
        "SELECT vendor_id, duration_day, sum(n) FROM regulator_monthly_durations WHERE jurisdiction IN ('CA-QC') AND vendor_id IN (1, 2) AND month >= ? AND month < ? GROUP BY vendor_id, duration_day",
        "2026-01",
        "2026-04",
      ),
    ).toContain("sqlite_autoindex_regulator_monthly_durations_1");
    // Partial days at the period's edges: a seek per (jurisdiction, vendor) on the covering index.
    expect(
      plan(
        "SELECT vendor_id, count(*) FROM requests WHERE jurisdiction IN ('CA-QC') AND vendor_id IN (1, 2) AND received_at >= ? AND received_at < ? GROUP BY vendor_id",
        0,
        1,
      ),
    ).toContain(
      "COVERING INDEX requests_regulator_idx (jurisdiction=? AND vendor_id=? AND received_at>? AND received_at<?)",
    );
    // Durations of a partial month, from the rows: a range seek, not every answered request.
    expect(
      plan(
        `SELECT vendor_id, ((closed_at - received_at) / 86400000) AS d, count(*) FROM requests INDEXED BY requests_regulator_idx WHERE jurisdiction IN ('CA-QC','US-CA') AND vendor_id IN (1, 2) AND received_at >= ? AND received_at < ? AND ${answered} AND closed_at IS NOT NULL GROUP BY vendor_id, d`,
        0,
        1,
      ),
    ).toContain(
      "COVERING INDEX requests_regulator_idx (jurisdiction=? AND vendor_id=? AND received_at>? AND received_at<?)",
    );
    // A percentile's bucket: only the answered requests of one whole-day duration, from the index.
    expect(
      plan(
        `SELECT (closed_at - received_at) / 86400000.0 FROM requests INDEXED BY requests_answered_duration_idx WHERE vendor_id = ? AND jurisdiction IN ('CA-QC') AND ${answered} AND ((closed_at - received_at) / 86400000) = ? AND received_at >= ? AND received_at < ?`,
        1,
        3,
        0,
        1,
      ),
    ).toContain(
      "COVERING INDEX requests_answered_duration_idx (vendor_id=? AND jurisdiction=? AND <expr>=? AND received_at>? AND received_at<?)",
    );
    // Open requests falling due today, and the oldest open one: partial indexes of open rows.
    // Several jurisdictions: pinned (INDEXED BY), since the planner otherwise reads all their rows.
    expect(
      plan(
        "SELECT vendor_id, jurisdiction, count(*) FROM requests INDEXED BY requests_open_due_idx WHERE jurisdiction IN ('CA-QC','US-CA','FR') AND closed_at IS NULL AND due_at >= ? AND due_at < ? AND received_at >= ? AND received_at < ? GROUP BY vendor_id, jurisdiction",
        0,
        1,
        0,
        1,
      ),
    ).toContain("requests_open_due_idx (jurisdiction=? AND due_at>? AND due_at<?)");
    expect(
      plan(
        "SELECT min(received_at) FROM requests INDEXED BY requests_open_received_idx WHERE jurisdiction = ? AND vendor_id = ? AND closed_at IS NULL AND received_at >= ? AND received_at < ?",
        "CA-QC",
        1,
        0,
        1,
      ),
    ).toContain("requests_open_received_idx (jurisdiction=? AND vendor_id=? AND received_at>? AND received_at<?)");
  });

  it("CCPA §7102 (yearly roll-ups, migration 0010): one key range per table, one type's duration bucket", () => {
    const sqlite = portal.handle.sqlite;
    const vendor = insertVendor(portal.handle, { slug: "facette", name: "Facette AI" }).id;
    const received = Date.UTC(2025, 5, 1);
    const filing = Number(
      sqlite
        .prepare(
          "INSERT INTO filings (idempotency_key, full_name, email, locale, jurisdiction, created_at) VALUES ('plans-0123456789', 'X', 'x@example.com', 'en', 'US-CA', ?)",
        )
        .run(received).lastInsertRowid,
    );
    sqlite
      .prepare(
        `INSERT INTO requests (reference, filing_id, vendor_id, type, jurisdiction, status, received_at, respond_by, closed_at, outcome, created_at, updated_at)
         VALUES ('BR-2025-000001', ?, ?, 'deletion', 'US-CA', 'fulfilled', ?, '2025-07-15', ?, 'fulfilled', ?, ?)`,
      )
      .run(filing, vendor, received, received + 12.5 * 86_400_000, received, received);
    // The statements the real function runs (so a change to its SQL is explained here too).
    const issued: string[] = [];
    const prepare = sqlite.prepare.bind(sqlite);
    sqlite.prepare = ((source: string) => {
      issued.push(source);
      return prepare(source);
    }) as typeof sqlite.prepare;
    let rows: ReturnType<typeof getCcpa7102>;
    try {
      rows = getCcpa7102({ jurisdictions: ["US-CA"] }, 2025);
    } finally {
      sqlite.prepare = prepare;
    }
    expect(rows).toMatchObject([
      { vendorId: vendor, category: "delete", received: 1, compliedWholeOrPart: 1, medianDays: 12.5, meanDays: 12.5 },
    ]);
    const explain = (source: string, ...args: unknown[]) => plan(source, ...args);
    const counts = issued.find((x) => /FROM regulator_yearly_types/.test(x))!;
    const histogram = issued.find((x) => /FROM regulator_yearly_type_durations/.test(x))!;
    const bucket = issued.find((x) => /FROM requests/.test(x))!;
    expect(issued.filter((x) => /FROM requests/.test(x))).toHaveLength(1);
    expect(explain(counts, 2025)).toMatch(
      /^SEARCH y USING INDEX sqlite_autoindex_regulator_yearly_types_1 \(jurisdiction=\? AND year=\?\)/,
    );
    expect(explain(counts, 2025)).toContain("SEARCH v USING INTEGER PRIMARY KEY (rowid=?)");
    expect(explain(histogram, 2025)).toMatch(
      /^SEARCH regulator_yearly_type_durations USING INDEX sqlite_autoindex_regulator_yearly_type_durations_1 \(jurisdiction=\? AND year=\?\)$/,
    );
    // The median: only the answered requests of one vendor, type and whole-day bucket in the year.
    expect(explain(bucket, vendor, "deletion", 12, Date.UTC(2025, 0, 1), Date.UTC(2026, 0, 1))).toBe(
      "SEARCH requests USING COVERING INDEX requests_type_duration_idx (vendor_id=? AND jurisdiction=? AND type=? AND <expr>=? AND received_at>? AND received_at<?)",
    );
  });

  it("status link, request by reference and the outbox claim use indexes", () => {
    expect(plan("SELECT request_id FROM status_links WHERE token_hash = ?", "x")).toMatch(/USING (INDEX|PRIMARY KEY)/);
    expect(plan("SELECT * FROM requests WHERE reference = ? AND vendor_id = ?", "x", 1)).toContain(
      "requests_reference_unique",
    );
    expect(
      plan(
        "SELECT id FROM email_outbox WHERE (status = 'pending' AND next_attempt_at <= ?) OR (status = 'sending' AND lease_until < ?) ORDER BY next_attempt_at, id LIMIT 20",
        0,
        0,
      ),
    ).toContain("email_outbox_due_idx");
  });
});
