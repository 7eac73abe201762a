/**
 * Deletion certificates counted per company, jurisdiction and day by a trigger (migration
 * certificate_counts): the migration counts the certificates already stored, the triggers keep
 * the counts on insert and delete, and the regulator's figures (whole days from the counts, part
 * days from the certificates) equal a count of the certificates themselves for any period.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client";
import { applyMigrations, findMigrationsFolder } from "../../db/migrate";
import { findPgMigrationsFolder } from "../../db/pg/migrate";
import { setRuntime, clearRuntime } from "../../app/server/core/runtime.server";
import { countCertificateEvidence } from "../../app/server/regulator/certificate-evidence.server";
import { createPostgresDatabase, dropPostgresDatabase } from "../helpers/postgres-database";
import { copyMigrationsBefore } from "../helpers/migrations-before";
import { TEST_ENGINE } from "../helpers/test-portal";

const DAY = 86_400_000;
type Sql = ReturnType<typeof openDatabase>["sqlite"];
const VERIFIED = JSON.stringify({
  deletedAt: "2026-01-01",
  verification: { matchesBefore: 3, matchesAfter: 0, threshold: 0.4, model: "m", searchedAt: "2026-01-01T00:00:00Z" },
});
const PAYLOADS = [
  VERIFIED,
  JSON.stringify({ deletedAt: "2026-01-01" }),
  // Not a number: the company's word only.
  JSON.stringify({ verification: { matchesAfter: "0" } }),
  "not json at all",
];

let seq = 0;
/** One closed deletion request per certificate, answered at `at`, with the i-th kind of payload. */
function insertCertificates(sqlite: Sql, vendorId: number, n: number, from: number, stepMs: number): void {
  for (let i = 0; i < n; i++) {
    seq += 1;
    const at = from + i * stepMs;
    const filing = Number(
      sqlite
        .prepare(
          "INSERT INTO filings (idempotency_key, full_name, email, locale, jurisdiction, created_at) VALUES (?, 'A B', 'a@b.example', 'en', 'CA-QC', ?)",
        )
        .run(`cert-${seq}-0123456789`, at).lastInsertRowid,
    );
    const requestId = Number(
      sqlite
        .prepare(
          `INSERT INTO requests (reference, filing_id, vendor_id, type, jurisdiction, status, received_at, due_at, respond_by, closed_at, outcome, created_at, updated_at)
           VALUES (?, ?, ?, 'deletion', ?, 'fulfilled', ?, ?, '2026-01-01', ?, 'fulfilled', ?, ?)`,
        )
        .run(`CC-${seq}`, filing, vendorId, i % 3 === 0 ? "US-CA" : "CA-QC", at - DAY, at + 29 * DAY, at, at, at)
        .lastInsertRowid,
    );
    sqlite
      .prepare(
        "INSERT INTO response_packages (request_id, kind, payload, created_by_user_id, created_at) VALUES (?, ?, ?, NULL, ?)",
      )
      .run(requestId, i % 7 === 6 ? "access_package" : "deletion_certificate", PAYLOADS[i % PAYLOADS.length]!, at);
  }
}

/** The same figures straight from the certificates. */
function countDirectly(sqlite: Sql, jurisdictions: string[], from: number, to: number) {
  const rows = sqlite
    .prepare(
      `SELECT v.name AS vendor, p.payload AS payload FROM response_packages p JOIN requests r ON r.id = p.request_id JOIN vendors v ON v.id = r.vendor_id
       WHERE p.kind = 'deletion_certificate' AND p.created_at >= ? AND p.created_at < ? AND r.jurisdiction IN (${jurisdictions.map(() => "?").join(",")})`,
    )
    .all(from, to, ...jurisdictions) as { vendor: string; payload: string }[];
  const out = new Map<string, { vendor: string; withVerification: number; withoutVerification: number }>();
  for (const r of rows) {
    const e = out.get(r.vendor) ?? { vendor: r.vendor, withVerification: 0, withoutVerification: 0 };
    if (r.payload === VERIFIED) e.withVerification += 1;
    else e.withoutVerification += 1;
    out.set(r.vendor, e);
  }
  return [...out.values()].sort((a, b) => a.vendor.localeCompare(b.vendor));
}

describe("certificate counts", () => {
  it("are counted by the migration, kept by the triggers, and equal the certificates for any period", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-db-"));
    const serverUrl = process.env.TEST_DATABASE_URL;
    const dbName = `portal_migration_${process.pid}_certificate_counts`;
    const handle =
      TEST_ENGINE === "postgres"
        ? openDatabase(createPostgresDatabase(serverUrl!, dbName))
        : openDatabase(path.join(dir, "p.db"));
    const before = copyMigrationsBefore(
      TEST_ENGINE === "postgres" ? findPgMigrationsFolder() : findMigrationsFolder(),
      "certificate_counts",
    );
    try {
      applyMigrations(handle, before);
      const sqlite = handle.sqlite;
      for (const slug of ["alpha", "beta"])
        sqlite
          .prepare(
            "INSERT INTO vendors (slug, name, legal_name, privacy_email, jurisdictions, intake, id_requirements, service_target_days, locale, created_at) VALUES (?, ?, 'X Inc.', 'privacy@x.example', '[]', 'email', '', 30, 'en', 0)",
          )
          .run(slug, slug.toUpperCase());
      const [alpha, beta] = (sqlite.prepare("SELECT id FROM vendors ORDER BY slug").all() as { id: number }[]).map(
        (v) => Number(v.id),
      );
      // Certificates every 7 hours: many land on part days of any period.
      insertCertificates(sqlite, alpha!, 40, Date.parse("2026-02-01T05:00:00Z"), 7 * 3_600_000);
      applyMigrations(handle);
      insertCertificates(sqlite, beta!, 30, Date.parse("2026-02-03T02:00:00Z"), 5 * 3_600_000);
      insertCertificates(sqlite, alpha!, 10, Date.parse("2026-02-06T11:00:00Z"), 3 * 3_600_000);

      setRuntime({ config: {} as never, handle, mailbox: null, clock: () => new Date(), wakeWorker: () => {} });
      const periods: [string, string][] = [
        ["2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z"],
        ["2026-02-02T13:30:00Z", "2026-02-07T04:10:00Z"],
        ["2026-02-03T00:00:00Z", "2026-02-05T00:00:00Z"],
        ["2026-02-04T06:00:00Z", "2026-02-04T18:00:00Z"],
      ];
      for (const [from, to] of periods)
        for (const jurisdictions of [["CA-QC"], ["US-CA", "CA-QC"], ["US-CA"]]) {
          const expected = countDirectly(sqlite, jurisdictions, Date.parse(from), Date.parse(to));
          expect(
            countCertificateEvidence({ jurisdictions }, { from: new Date(from), to: new Date(to) }),
            `${from}–${to} ${jurisdictions.join(",")}`,
          ).toEqual(expected);
        }
      const all = countCertificateEvidence(
        { jurisdictions: ["US-CA", "CA-QC"] },
        { from: new Date("2026-01-01T00:00:00Z"), to: new Date("2027-01-01T00:00:00Z") },
      );
      // 80 packages, every 7th of each batch an access package (5 + 4 + 1).
      expect(all.reduce((n, e) => n + e.withVerification + e.withoutVerification, 0)).toBe(70);
      expect(all.find((e) => e.vendor === "ALPHA")!.withVerification).toBeGreaterThan(0);

      // A deleted certificate leaves the counts too.
      const deleted = sqlite
        .prepare(
          "SELECT p.id AS id FROM response_packages p JOIN requests r ON r.id = p.request_id WHERE p.kind = 'deletion_certificate' AND p.payload = ? AND r.vendor_id = ? ORDER BY p.id LIMIT 1",
        )
        .get(VERIFIED, beta) as { id: number };
      sqlite.prepare("DELETE FROM response_packages WHERE id = ?").run(deleted.id);
      const whole = { from: new Date("2026-01-01T00:00:00Z"), to: new Date("2027-01-01T00:00:00Z") };
      expect(countCertificateEvidence({ jurisdictions: ["US-CA", "CA-QC"] }, whole)).toEqual(
        countDirectly(sqlite, ["US-CA", "CA-QC"], whole.from.getTime(), whole.to.getTime()),
      );
    } finally {
      clearRuntime();
      handle.sqlite.close();
      if (TEST_ENGINE === "postgres") dropPostgresDatabase(serverUrl!, dbName);
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(before, { recursive: true, force: true });
    }
  });
});
