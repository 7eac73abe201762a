/**
 * Migration rollups_by_type_and_responses on a database that already holds requests: the
 * regulator roll-ups are rebuilt with the request type in their keys and recomputed from the
 * rows, so the totals are what they were and every type's share is right; the triggers keep
 * them by type afterwards (a change of type moves a request between rows).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client";
import { applyMigrations, findMigrationsFolder } from "../../db/migrate";
import { findPgMigrationsFolder } from "../../db/pg/migrate";
import { createPostgresDatabase, dropPostgresDatabase } from "../helpers/postgres-database";
import { copyMigrationsBefore } from "../helpers/migrations-before";
import { TEST_ENGINE } from "../helpers/test-portal";

const DAY = 86_400_000;
const TYPES = ["access", "deletion", "opt_out", "correction"];
type Sql = ReturnType<typeof openDatabase>["sqlite"];

function insertRequests(sqlite: Sql, vendorId: number, n: number, from: number): void {
  for (let i = 0; i < n; i++) {
    const received = from + i * 3 * DAY + 3_600_000;
    const filing = Number(
      sqlite
        .prepare(
          "INSERT INTO filings (idempotency_key, full_name, email, locale, jurisdiction, created_at) VALUES (?, 'A B', 'a@b.example', 'en', 'CA-QC', ?)",
        )
        .run(`mig-${vendorId}-${from}-${i}-0123456789`, received).lastInsertRowid,
    );
    const closed = i % 4 === 3 ? null : received + (5 + (i % 40)) * DAY;
    const outcome = closed == null ? null : ["fulfilled", "denied", "partially_fulfilled", "withdrawn"][i % 4]!;
    sqlite
      .prepare(
        `INSERT INTO requests (reference, filing_id, vendor_id, type, jurisdiction, status, received_at, due_at, respond_by, closed_at, outcome, denial_basis, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, '2026-01-01', ?, ?, ?, ?, ?)`,
      )
      .run(
        `MG-${vendorId}-${from}-${i}`,
        filing,
        vendorId,
        TYPES[Math.floor(i / 2) % TYPES.length]!,
        i % 5 === 0 ? "US-CA" : "CA-QC",
        outcome ?? "received",
        received,
        received + 30 * DAY,
        closed,
        outcome,
        outcome === "denied" ? "exempt_information" : null,
        received,
        received,
      );
  }
}

/** The roll-ups summed per (jurisdiction, vendor, type), beside the same counts straight from the rows. */
function compareWithRows(sqlite: Sql): number {
  const fromRollups = sqlite
    .prepare(
      `SELECT jurisdiction, vendor_id, type, sum(received) AS received, sum(answered) AS answered, sum(on_time) AS on_time, sum(open) AS open, sum(denied) AS denied
       FROM regulator_daily GROUP BY jurisdiction, vendor_id, type HAVING sum(received) <> 0 ORDER BY 1, 2, 3`,
    )
    .all();
  const fromRows = sqlite
    .prepare(
      `SELECT jurisdiction, vendor_id, type, count(*) AS received,
         sum(CASE WHEN outcome IN ('fulfilled','partially_fulfilled','denied') THEN 1 ELSE 0 END) AS answered,
         sum(CASE WHEN outcome IN ('fulfilled','partially_fulfilled','denied') AND closed_at <= due_at THEN 1 ELSE 0 END) AS on_time,
         sum(CASE WHEN closed_at IS NULL THEN 1 ELSE 0 END) AS open,
         sum(CASE WHEN outcome = 'denied' THEN 1 ELSE 0 END) AS denied
       FROM requests WHERE received_at IS NOT NULL GROUP BY jurisdiction, vendor_id, type ORDER BY 1, 2, 3`,
    )
    .all();
  const norm = (rows: unknown[]) =>
    (rows as Record<string, unknown>[]).map((r) =>
      Object.fromEntries(
        Object.entries(r).map(([k, v]) => [
          k,
          typeof v === "string" && k !== "jurisdiction" && k !== "type"
            ? Number(v)
            : typeof v === "bigint"
              ? Number(v)
              : v,
        ]),
      ),
    );
  expect(norm(fromRollups)).toEqual(norm(fromRows));
  for (const [table, sumCol] of [
    ["regulator_daily_denials", "n"],
    ["regulator_daily_open_due", "n"],
    ["regulator_monthly_durations", "n"],
  ]) {
    const byType = sqlite.prepare(`SELECT type, sum(${sumCol}) AS n FROM ${table} GROUP BY type ORDER BY type`).all();
    expect(byType.length, table).toBeGreaterThan(1);
  }
  return fromRows.length;
}

describe("migration rollups_by_type_and_responses", () => {
  it("recomputes the roll-ups of existing requests by type, and the triggers keep them by type", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-db-"));
    const serverUrl = process.env.TEST_DATABASE_URL;
    const dbName = `portal_migration_${process.pid}_rollups_by_type`;
    const handle =
      TEST_ENGINE === "postgres"
        ? openDatabase(createPostgresDatabase(serverUrl!, dbName))
        : openDatabase(path.join(dir, "p.db"));
    const before = copyMigrationsBefore(
      TEST_ENGINE === "postgres" ? findPgMigrationsFolder() : findMigrationsFolder(),
      "rollups_by_type_and_responses",
    );
    try {
      applyMigrations(handle, before);
      const sqlite = handle.sqlite;
      sqlite
        .prepare(
          "INSERT INTO vendors (slug, name, legal_name, privacy_email, jurisdictions, intake, id_requirements, service_target_days, locale, created_at) VALUES ('old', 'Old', 'Old Inc.', 'privacy@old.example', '[]', 'email', '', 30, 'en', 0)",
        )
        .run();
      const vid = Number((sqlite.prepare("SELECT id FROM vendors WHERE slug = 'old'").get() as { id: number }).id);
      insertRequests(sqlite, vid, 60, Date.parse("2025-03-02T00:00:00Z"));
      const totalsBefore = sqlite
        .prepare("SELECT sum(received) AS r, sum(answered) AS a, sum(on_time) AS o FROM regulator_daily")
        .get() as Record<string, number>;

      applyMigrations(handle);
      const totalsAfter = sqlite
        .prepare("SELECT sum(received) AS r, sum(answered) AS a, sum(on_time) AS o FROM regulator_daily")
        .get() as Record<string, number>;
      expect(Object.values(totalsAfter).map(Number)).toEqual(Object.values(totalsBefore).map(Number));
      expect(Number(totalsAfter.r)).toBe(60);
      expect(compareWithRows(sqlite)).toBeGreaterThan(4);

      // After the migration: new rows, and a change of type, land in the right type's rows.
      insertRequests(sqlite, vid, 12, Date.parse("2025-09-02T00:00:00Z"));
      sqlite
        .prepare("UPDATE requests SET type = 'limit' WHERE reference = ?")
        .run(`MG-${vid}-${Date.parse("2025-03-02T00:00:00Z")}-0`);
      compareWithRows(sqlite);
      expect(
        Number(
          (
            sqlite.prepare("SELECT sum(received) AS n FROM regulator_daily WHERE type = 'limit'").get() as {
              n: number;
            }
          ).n,
        ),
      ).toBe(1);
    } finally {
      handle.sqlite.close();
      if (TEST_ENGINE === "postgres") dropPostgresDatabase(serverUrl!, dbName);
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(before, { recursive: true, force: true });
    }
  });
});
