import { getSqlite } from "../core/db.server";
import type { SessionUser } from "../security/staff-sessions.server";
import { ANSWERED, createRankReader, DAY, DURATION_DAY_SQL, percentileOf } from "./rollup-ranges.server";

export interface Ccpa7102Row {
  vendorId: number;
  vendorName: string;
  category: "know" | "delete" | "correct" | "opt_out" | "limit";
  received: number;
  compliedWholeOrPart: number;
  denied: number;
  deniedNotVerifiable: number;
  deniedNotConsumer: number;
  deniedExempt: number;
  deniedOther: number;
  medianDays: number | null;
  meanDays: number | null;
}

const CCPA_CATEGORY: Record<string, Ccpa7102Row["category"]> = {
  access: "know",
  deletion: "delete",
  correction: "correct",
  opt_out: "opt_out",
  limit: "limit",
};

/**
 * 11 CCR §7102(a): per calendar year and request type, received, complied with in whole or in
 * part, denied (with the optional breakdown: not verifiable, not a consumer, exempt, other),
 * and median and mean days to a substantive response. California requests only (§7102(b)).
 *
 * Read from the yearly roll-ups that triggers keep on `requests` (migration 0010): the UTC
 * calendar year of receipt is their key, so the counts are one row per (vendor, type). The
 * median is exact: the duration histogram locates the whole-day bucket holding the middle rank
 * and only that bucket's values are read, through requests_type_duration_idx. Same results as
 * one aggregate over the rows (median(), avg() of (closed − received) / 24 h over answered
 * requests; tests/server/regulator-rollups.test.ts keeps that query as the reference).
 */
export function getCcpa7102(regulator: Pick<SessionUser, "jurisdictions">, year: number): Ccpa7102Row[] {
  if (!regulator.jurisdictions.includes("US-CA")) return [];
  const sqlite = getSqlite();
  const from = Date.UTC(year, 0, 1);
  const to = Date.UTC(year + 1, 0, 1);
  // One read snapshot: the histogram and the bucket rows must be of the same commit (WAL
  // readers otherwise see each statement at its own point in time).
  return sqlite
    .transaction(() => {
      const rows = sqlite
        .prepare(
          `SELECT y.vendor_id, v.name AS vendor_name, y.type, y.received, y.complied, y.denied, y.denied_identity_not_verified AS d_verify,
           y.denied_not_a_resident AS d_consumer, y.denied_exempt_information AS d_exempt, y.timed_n, y.timed_ms_sum
         FROM regulator_yearly_types y JOIN vendors v ON v.id = y.vendor_id
         WHERE y.jurisdiction = 'US-CA' AND y.year = ? AND y.received > 0
         ORDER BY v.name, y.type, y.vendor_id`,
        )
        .all(year) as {
        vendor_id: number;
        vendor_name: string;
        type: string;
        received: number;
        complied: number;
        denied: number;
        d_verify: number;
        d_consumer: number;
        d_exempt: number;
        timed_n: number;
        timed_ms_sum: number;
      }[];
      const histograms = new Map<string, Map<number, number>>();
      for (const h of sqlite
        .prepare(
          `SELECT vendor_id, type, duration_day AS d, n FROM regulator_yearly_type_durations WHERE jurisdiction = 'US-CA' AND year = ? AND n > 0`,
        )
        .all(year) as { vendor_id: number; type: string; d: number; n: number }[]) {
        const key = `${h.vendor_id}:${h.type}`;
        let m = histograms.get(key);
        if (!m) histograms.set(key, (m = new Map()));
        m.set(h.d, h.n);
      }
      const bucketValues = sqlite.prepare(
        // INDEXED BY: without statistics the planner may pick the regulator or dashboard duration
        // index, which hold every type's rows of the bucket (or every answered row of the vendor).
        `SELECT (closed_at - received_at) / ${DAY}.0 AS days FROM requests INDEXED BY requests_type_duration_idx
       WHERE vendor_id = ? AND jurisdiction = 'US-CA' AND type = ? AND outcome IN ${ANSWERED} AND ${DURATION_DAY_SQL} = ?
         AND received_at >= ? AND received_at < ?`,
      );
      const round = (x: number | null) => (x == null ? null : Math.round(x * 10) / 10);
      return rows.map((r) => {
        const durations = histograms.get(`${r.vendor_id}:${r.type}`) ?? new Map<number, number>();
        const timed = [...durations.values()].reduce((a, b) => a + b, 0);
        const valueAt = createRankReader(
          durations,
          (d) => bucketValues.raw().all(r.vendor_id, r.type, d, from, to) as [number][],
        );
        return {
          vendorId: r.vendor_id,
          vendorName: r.vendor_name,
          category: CCPA_CATEGORY[r.type] ?? "know",
          received: r.received,
          compliedWholeOrPart: r.complied,
          denied: r.denied,
          deniedNotVerifiable: r.d_verify,
          deniedNotConsumer: r.d_consumer,
          deniedExempt: r.d_exempt,
          deniedOther: r.denied - r.d_verify - r.d_consumer - r.d_exempt,
          medianDays: round(percentileOf(valueAt, timed, 50)),
          meanDays: round(r.timed_n > 0 ? r.timed_ms_sum / DAY / r.timed_n : null),
        };
      });
    })
    .deferred();
}
