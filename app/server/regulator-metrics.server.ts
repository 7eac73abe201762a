/**
 * Regulator metrics, computed in SQL over the requests the regulator oversees (its
 * jurisdictions, from its account) and RECEIVED in the period. Definitions (also on the page):
 * - answered = fulfilled, partially fulfilled or denied (a final answer; withdrawn is not one);
 * - on time = answered no later than the end of the effective deadline day (a lawful extension
 *   or a counted pause moves it), in the law's time zone;
 * - days to respond = (answer instant − receipt instant) / 24 h, answered requests only;
 *   median and p90 are continuous percentiles (linear interpolation, SQLite `percentile`);
 * - deemed refused = still open after the deadline where the law deems silence a refusal.
 */
import { listRules } from "~/domain/deadlines";
import { getSqlite } from "./db.server";
import type { SessionUser } from "./auth.server";

/** Where the law deems silence a refusal, as the rule data says (CA-QC, CA, CA-BC, CA-AB today). */
export const DEEMED_REFUSAL_JURISDICTIONS: readonly string[] = [...new Set(listRules().filter((r) => r.noReply === "deemed_refusal").map((r) => r.jurisdiction))];
const DAY = 86_400_000;
const ANSWERED = "('fulfilled','partially_fulfilled','denied')";

export interface Period {
  from: Date;
  to: Date;
}

export interface VendorDashboard {
  vendorId: number;
  vendorName: string;
  received: number;
  fulfilled: number;
  partiallyFulfilled: number;
  denied: number;
  deniedByBasis: Record<string, number>;
  withdrawn: number;
  deemedRefused: number;
  /** Answered or withdrawn: no longer open. */
  closed: number;
  answered: number;
  answeredOnTime: number;
  onTimeRate: number | null;
  medianDays: number | null;
  meanDays: number | null;
  p90Days: number | null;
  ackRequired: number;
  ackOnTime: number;
  extended: number;
  extensionRate: number | null;
  openNow: number;
  overdueNow: number;
  oldestOpenDays: number | null;
  byMonth: { month: string; received: number; answered: number; onTime: number }[];
  /** Response-time distribution of answered requests. */
  histogram: { label: string; count: number }[];
}

export const HISTOGRAM_BUCKETS: { label: string; max: number }[] = [
  { label: "0–7", max: 7 },
  { label: "8–14", max: 14 },
  { label: "15–30", max: 30 },
  { label: "31–45", max: 45 },
  { label: "46–60", max: 60 },
  { label: "61–90", max: 90 },
  { label: "> 90", max: Infinity },
];

function scope(regulator: Pick<SessionUser, "jurisdictions">): string[] {
  return regulator.jurisdictions.filter((j) => /^[A-Z]{2}(-[A-Z]{2})?$/.test(j));
}

export function getRegulatorDashboard(regulator: Pick<SessionUser, "jurisdictions">, opts: { period: Period; now: Date }): VendorDashboard[] {
  const j = scope(regulator);
  if (j.length === 0) return [];
  const sqlite = getSqlite();
  const inJ = j.map(() => "?").join(",");
  const from = opts.period.from.getTime();
  const to = opts.period.to.getTime();
  const now = opts.now.getTime();
  const deemed = DEEMED_REFUSAL_JURISDICTIONS.map((x) => `'${x}'`).join(",");
  const days = `(r.closed_at - r.received_at) / ${DAY}.0`;
  const rows = sqlite
    .prepare(
      `SELECT v.id AS vendor_id, v.name AS vendor_name,
         count(r.id) AS received,
         coalesce(sum(r.outcome = 'fulfilled'), 0) AS fulfilled,
         coalesce(sum(r.outcome = 'partially_fulfilled'), 0) AS partial,
         coalesce(sum(r.outcome = 'denied'), 0) AS denied,
         coalesce(sum(r.outcome = 'withdrawn'), 0) AS withdrawn,
         coalesce(sum(r.outcome IN ${ANSWERED}), 0) AS answered,
         coalesce(sum(r.outcome IN ${ANSWERED} AND r.closed_at <= r.due_at), 0) AS on_time,
         median(CASE WHEN r.outcome IN ${ANSWERED} THEN ${days} END) AS median_days,
         avg(CASE WHEN r.outcome IN ${ANSWERED} THEN ${days} END) AS mean_days,
         percentile(CASE WHEN r.outcome IN ${ANSWERED} THEN ${days} END, 90) AS p90_days,
         coalesce(sum(r.ack_due_at IS NOT NULL), 0) AS ack_required,
         coalesce(sum(r.ack_due_at IS NOT NULL AND r.acknowledged_at IS NOT NULL AND r.acknowledged_at <= r.ack_due_at), 0) AS ack_on_time,
         coalesce(sum(r.extended_to IS NOT NULL), 0) AS extended,
         coalesce(sum(r.closed_at IS NULL), 0) AS open_now,
         coalesce(sum(r.closed_at IS NULL AND r.due_at < ?), 0) AS overdue_now,
         coalesce(sum(r.closed_at IS NULL AND r.due_at < ? AND r.jurisdiction IN (${deemed})), 0) AS deemed_refused,
         min(CASE WHEN r.closed_at IS NULL THEN r.received_at END) AS oldest_open
       FROM vendors v
       LEFT JOIN requests r ON r.vendor_id = v.id AND r.jurisdiction IN (${inJ}) AND r.received_at >= ? AND r.received_at < ?
       GROUP BY v.id ORDER BY v.name`,
    )
    .all(now, now, ...j, from, to) as Record<string, number | string | null>[];
  const bases = sqlite
    .prepare(
      `SELECT vendor_id, coalesce(denial_basis, 'other') AS basis, count(*) AS n FROM requests
       WHERE jurisdiction IN (${inJ}) AND received_at >= ? AND received_at < ? AND outcome = 'denied' GROUP BY vendor_id, basis`,
    )
    .all(...j, from, to) as { vendor_id: number; basis: string; n: number }[];
  const months = sqlite
    .prepare(
      `SELECT vendor_id, strftime('%Y-%m', received_at / 1000, 'unixepoch') AS month, count(*) AS received,
         coalesce(sum(outcome IN ${ANSWERED}), 0) AS answered, coalesce(sum(outcome IN ${ANSWERED} AND closed_at <= due_at), 0) AS on_time
       FROM requests WHERE jurisdiction IN (${inJ}) AND received_at >= ? AND received_at < ? GROUP BY vendor_id, month ORDER BY month`,
    )
    .all(...j, from, to) as { vendor_id: number; month: string; received: number; answered: number; on_time: number }[];
  const bucketCase = HISTOGRAM_BUCKETS.map((b, i) => (Number.isFinite(b.max) ? `WHEN ${days.replaceAll("r.", "")} <= ${b.max} THEN ${i}` : "")).join(" ");
  const hist = sqlite
    .prepare(
      `SELECT vendor_id, CASE ${bucketCase} ELSE ${HISTOGRAM_BUCKETS.length - 1} END AS bucket, count(*) AS n FROM requests
       WHERE jurisdiction IN (${inJ}) AND received_at >= ? AND received_at < ? AND outcome IN ${ANSWERED} GROUP BY vendor_id, bucket`,
    )
    .all(...j, from, to) as { vendor_id: number; bucket: number; n: number }[];

  return rows.map((r) => {
    const id = r.vendor_id as number;
    const num = (k: string) => Number(r[k] ?? 0);
    const nullable = (k: string) => (r[k] == null ? null : Math.round(Number(r[k]) * 10) / 10);
    const answered = num("answered");
    const received = num("received");
    const histogram = HISTOGRAM_BUCKETS.map((b) => ({ label: b.label, count: 0 }));
    for (const h of hist) if (h.vendor_id === id) histogram[h.bucket]!.count = h.n;
    return {
      vendorId: id,
      vendorName: r.vendor_name as string,
      received,
      fulfilled: num("fulfilled"),
      partiallyFulfilled: num("partial"),
      denied: num("denied"),
      deniedByBasis: Object.fromEntries(bases.filter((b) => b.vendor_id === id).map((b) => [b.basis, b.n])),
      withdrawn: num("withdrawn"),
      deemedRefused: num("deemed_refused"),
      closed: answered + num("withdrawn"),
      answered,
      answeredOnTime: num("on_time"),
      onTimeRate: answered > 0 ? num("on_time") / answered : null,
      medianDays: nullable("median_days"),
      meanDays: nullable("mean_days"),
      p90Days: nullable("p90_days"),
      ackRequired: num("ack_required"),
      ackOnTime: num("ack_on_time"),
      extended: num("extended"),
      extensionRate: received > 0 ? num("extended") / received : null,
      openNow: num("open_now"),
      overdueNow: num("overdue_now"),
      oldestOpenDays: r.oldest_open == null ? null : Math.floor((now - Number(r.oldest_open)) / DAY),
      byMonth: months.filter((m) => m.vendor_id === id).map((m) => ({ month: m.month, received: m.received, answered: m.answered, onTime: m.on_time })),
      histogram,
    };
  });
}

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

const CCPA_CATEGORY: Record<string, Ccpa7102Row["category"]> = { access: "know", deletion: "delete", correction: "correct", opt_out: "opt_out", limit: "limit" };

/**
 * 11 CCR §7102(a): per calendar year and request type, received, complied with in whole or in
 * part, denied (with the optional breakdown: not verifiable, not a consumer, exempt, other),
 * and median and mean days to a substantive response. California requests only (§7102(b)).
 */
export function getCcpa7102(regulator: Pick<SessionUser, "jurisdictions">, year: number): Ccpa7102Row[] {
  if (!scope(regulator).includes("US-CA")) return [];
  const from = Date.UTC(year, 0, 1);
  const to = Date.UTC(year + 1, 0, 1);
  const days = `(r.closed_at - r.received_at) / ${DAY}.0`;
  const rows = getSqlite()
    .prepare(
      `SELECT v.id AS vendor_id, v.name AS vendor_name, r.type AS type, count(*) AS received,
         coalesce(sum(r.outcome IN ('fulfilled','partially_fulfilled')), 0) AS complied,
         coalesce(sum(r.outcome = 'denied'), 0) AS denied,
         coalesce(sum(r.outcome = 'denied' AND r.denial_basis = 'identity_not_verified'), 0) AS d_verify,
         coalesce(sum(r.outcome = 'denied' AND r.denial_basis = 'not_a_resident'), 0) AS d_consumer,
         coalesce(sum(r.outcome = 'denied' AND r.denial_basis = 'exempt_information'), 0) AS d_exempt,
         median(CASE WHEN r.outcome IN ${ANSWERED} THEN ${days} END) AS median_days,
         avg(CASE WHEN r.outcome IN ${ANSWERED} THEN ${days} END) AS mean_days
       FROM requests r JOIN vendors v ON v.id = r.vendor_id
       WHERE r.jurisdiction = 'US-CA' AND r.received_at >= ? AND r.received_at < ?
       GROUP BY v.id, r.type ORDER BY v.name, r.type`,
    )
    .all(from, to) as Record<string, number | string | null>[];
  const round = (x: unknown) => (x == null ? null : Math.round(Number(x) * 10) / 10);
  return rows.map((r) => ({
    vendorId: Number(r.vendor_id),
    vendorName: String(r.vendor_name),
    category: CCPA_CATEGORY[String(r.type)] ?? "know",
    received: Number(r.received),
    compliedWholeOrPart: Number(r.complied),
    denied: Number(r.denied),
    deniedNotVerifiable: Number(r.d_verify),
    deniedNotConsumer: Number(r.d_consumer),
    deniedExempt: Number(r.d_exempt),
    deniedOther: Number(r.denied) - Number(r.d_verify) - Number(r.d_consumer) - Number(r.d_exempt),
    medianDays: round(r.median_days),
    meanDays: round(r.mean_days),
  }));
}
