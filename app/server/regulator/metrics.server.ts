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
import { listRules, type RequestType } from "~/domain/deadlines";
import { getSqlite } from "../core/db.server";
import type { SessionUser } from "../security/staff-sessions.server";
import {
  ANSWERED,
  createRankReader,
  DAY,
  dayStart,
  DURATION_DAY_SQL,
  monthKey,
  monthStart,
  nextMonth,
  percentileOf,
  splitRange,
} from "./rollup-ranges.server";

export { getCcpa7102, type Ccpa7102Row } from "./ccpa-report.server";

/** Where the law deems silence a refusal, as the rule data says (CA-QC, CA, CA-BC, CA-AB today). */
export const DEEMED_REFUSAL_JURISDICTIONS: readonly string[] = [
  ...new Set(
    listRules()
      .filter((r) => r.noReply === "deemed_refusal")
      .map((r) => r.jurisdiction),
  ),
];

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

function scopeJurisdictions(regulator: Pick<SessionUser, "jurisdictions">): string[] {
  return regulator.jurisdictions.filter((j) => /^[A-Z]{2}(-[A-Z]{2})?$/.test(j));
}

/** One vendor's additive counters (roll-up rows and raw edge rows sum into the same shape). */
interface Counters {
  received: number;
  fulfilled: number;
  partial: number;
  denied: number;
  withdrawn: number;
  answered: number;
  onTime: number;
  timedN: number;
  timedMsSum: number;
  ackRequired: number;
  ackOnTime: number;
  extended: number;
  open: number;
  hist: number[];
  overdue: number;
  deemed: number;
  bases: Map<string, number>;
  months: Map<string, { received: number; answered: number; onTime: number }>;
  /** Whole days to respond → answered requests (locates a percentile's bucket). */
  durations: Map<number, number>;
}

function emptyCounters(): Counters {
  return {
    received: 0,
    fulfilled: 0,
    partial: 0,
    denied: 0,
    withdrawn: 0,
    answered: 0,
    onTime: 0,
    timedN: 0,
    timedMsSum: 0,
    ackRequired: 0,
    ackOnTime: 0,
    extended: 0,
    open: 0,
    hist: HISTOGRAM_BUCKETS.map(() => 0),
    overdue: 0,
    deemed: 0,
    bases: new Map(),
    months: new Map(),
    durations: new Map(),
  };
}

const COUNTER_SQL = `count(*) AS received,
  coalesce(sum(outcome = 'fulfilled'), 0) AS fulfilled, coalesce(sum(outcome = 'partially_fulfilled'), 0) AS partial,
  coalesce(sum(outcome = 'denied'), 0) AS denied, coalesce(sum(outcome = 'withdrawn'), 0) AS withdrawn,
  coalesce(sum(outcome IN ${ANSWERED}), 0) AS answered, coalesce(sum(outcome IN ${ANSWERED} AND closed_at <= due_at), 0) AS on_time,
  coalesce(sum(outcome IN ${ANSWERED} AND closed_at IS NOT NULL), 0) AS timed_n,
  coalesce(sum(CASE WHEN outcome IN ${ANSWERED} AND closed_at IS NOT NULL THEN closed_at - received_at END), 0) AS timed_ms_sum,
  coalesce(sum(ack_due_at IS NOT NULL), 0) AS ack_required,
  coalesce(sum(ack_due_at IS NOT NULL AND acknowledged_at IS NOT NULL AND acknowledged_at <= ack_due_at), 0) AS ack_on_time,
  coalesce(sum(extended_to IS NOT NULL), 0) AS extended, coalesce(sum(closed_at IS NULL), 0) AS open`;
const ROLLUP_SQL = `sum(received) AS received, sum(fulfilled) AS fulfilled, sum(partially_fulfilled) AS partial, sum(denied) AS denied,
  sum(withdrawn) AS withdrawn, sum(answered) AS answered, sum(on_time) AS on_time, sum(timed_n) AS timed_n, sum(timed_ms_sum) AS timed_ms_sum,
  sum(ack_required) AS ack_required, sum(ack_on_time) AS ack_on_time, sum(extended) AS extended, sum(open) AS open`;
const DAYS_SQL = `(closed_at - received_at) / ${DAY}.0`;
const BUCKET_SQL = `CASE ${HISTOGRAM_BUCKETS.map((b, i) => (Number.isFinite(b.max) ? `WHEN ${DAYS_SQL} <= ${b.max} THEN ${i}` : "")).join(" ")} ELSE ${HISTOGRAM_BUCKETS.length - 1} END`;
const MONTH_SQL = `strftime('%Y-%m', received_at / 1000, 'unixepoch')`;

function addCounters(c: Counters, r: Record<string, number | null>): void {
  const n = (k: string) => Number(r[k] ?? 0);
  c.received += n("received");
  c.fulfilled += n("fulfilled");
  c.partial += n("partial");
  c.denied += n("denied");
  c.withdrawn += n("withdrawn");
  c.answered += n("answered");
  c.onTime += n("on_time");
  c.timedN += n("timed_n");
  c.timedMsSum += n("timed_ms_sum");
  c.ackRequired += n("ack_required");
  c.ackOnTime += n("ack_on_time");
  c.extended += n("extended");
  c.open += n("open");
}

function addMonth(c: Counters, month: string, received: number, answered: number, onTime: number): void {
  const m = c.months.get(month) ?? { received: 0, answered: 0, onTime: 0 };
  m.received += received;
  m.answered += answered;
  m.onTime += onTime;
  c.months.set(month, m);
}

function addTo<K>(map: Map<K, number>, key: K, n: number): void {
  map.set(key, (map.get(key) ?? 0) + n);
}

export interface DashboardOptions {
  period: Period;
  now: Date;
  /** Requests of this type only (every roll-up is keyed by type too); all types when absent. */
  type?: RequestType | undefined;
}

/**
 * Read from the roll-ups that triggers keep on `requests` (migration 0009) for whole UTC days
 * (durations: whole months), and from the request rows for the partial days at the period's
 * edges, so the answer is exactly that of one aggregate over the rows, at any period.
 */
export function getRegulatorDashboard(
  regulator: Pick<SessionUser, "jurisdictions">,
  opts: DashboardOptions,
): VendorDashboard[] {
  // One read snapshot: roll-ups, edge rows and duration buckets must be of the same commit
  // (WAL readers otherwise see each statement at its own point in time, e.g. the worker's).
  return getSqlite()
    .transaction(() => readDashboard(regulator, opts))
    .deferred();
}

function readDashboard(regulator: Pick<SessionUser, "jurisdictions">, opts: DashboardOptions): VendorDashboard[] {
  const j = scopeJurisdictions(regulator);
  if (j.length === 0) return [];
  const sqlite = getSqlite();
  const inJ = j.map(() => "?").join(",");
  const from = opts.period.from.getTime();
  const to = opts.period.to.getTime();
  const now = opts.now.getTime();
  const nowDay = Math.floor(now / DAY);
  const deemedSet = new Set(DEEMED_REFUSAL_JURISDICTIONS);
  const deemedList = DEEMED_REFUSAL_JURISDICTIONS.map((x) => `'${x}'`).join(",");
  // The type condition closes every WHERE below, so its argument always comes last.
  const byType = opts.type ? " AND type = ?" : "";
  const tA: string[] = opts.type ? [opts.type] : [];

  const vendors = sqlite.prepare("SELECT id, name FROM vendors ORDER BY name").all() as { id: number; name: string }[];
  // Listed in the edge queries so they seek (jurisdiction, vendor, received_at) in
  // requests_regulator_idx instead of reading a whole jurisdiction.
  const vendorIds = vendors.map((v) => v.id);
  const inV = vendorIds.map(() => "?").join(",") || "NULL";
  const counters = new Map<number, Counters>(vendors.map((v) => [v.id, emptyCounters()]));
  const of = (vendorId: number) => {
    let c = counters.get(vendorId);
    if (!c) counters.set(vendorId, (c = emptyCounters()));
    return c;
  };

  const days = splitRange(from, to, dayStart, (t) => t + DAY);
  if (days.whole) {
    const [d0, d1] = [days.whole[0] / DAY, days.whole[1] / DAY];
    // One pass per (vendor, month): the totals are the sum of the months (counters are additive),
    // which halves the roll-up rows read compared with a totals query plus a by-month query.
    for (const r of sqlite
      .prepare(
        `SELECT vendor_id, strftime('%Y-%m', day * 86400, 'unixepoch') AS month, ${ROLLUP_SQL}, ${HISTOGRAM_BUCKETS.map((_, i) => `sum(h${i}) AS h${i}`).join(", ")}
         FROM regulator_daily WHERE jurisdiction IN (${inJ}) AND vendor_id IN (${inV}) AND day >= ? AND day < ?${byType} GROUP BY vendor_id, month`,
      )
      .all(...j, ...vendorIds, d0, d1, ...tA) as (Record<string, number> & { month: string })[]) {
      const c = of(r.vendor_id!);
      addCounters(c, r);
      HISTOGRAM_BUCKETS.forEach((_, i) => (c.hist[i]! += Number(r[`h${i}`] ?? 0)));
      addMonth(c, r.month, r.received!, r.answered!, r.on_time!);
    }
    for (const r of sqlite
      .prepare(
        `SELECT vendor_id, basis, sum(n) AS n FROM regulator_daily_denials WHERE jurisdiction IN (${inJ}) AND vendor_id IN (${inV}) AND day >= ? AND day < ?${byType} GROUP BY vendor_id, basis`,
      )
      .all(...j, ...vendorIds, d0, d1, ...tA) as { vendor_id: number; basis: string; n: number }[])
      addTo(of(r.vendor_id).bases, r.basis, r.n);
    // Open requests due on an earlier day are overdue now; those due today are read below.
    for (const r of sqlite
      .prepare(
        `SELECT vendor_id, sum(n) AS overdue, coalesce(sum(CASE WHEN jurisdiction IN (${deemedList}) THEN n END), 0) AS deemed
         FROM regulator_daily_open_due WHERE jurisdiction IN (${inJ}) AND vendor_id IN (${inV}) AND day >= ? AND day < ? AND due_day < ?${byType} GROUP BY vendor_id`,
      )
      .all(...j, ...vendorIds, d0, d1, nowDay, ...tA) as { vendor_id: number; overdue: number; deemed: number }[]) {
      of(r.vendor_id).overdue += r.overdue;
      of(r.vendor_id).deemed += r.deemed;
    }
    for (const r of sqlite
      .prepare(
        // INDEXED BY: with several jurisdictions and no statistics the planner scans every
        // request of them in requests_regulator_idx (~0.1 s at 1M) instead of today's due rows.
        `SELECT vendor_id, jurisdiction, count(*) AS n FROM requests INDEXED BY requests_open_due_idx
         WHERE jurisdiction IN (${inJ}) AND closed_at IS NULL AND due_at >= ? AND due_at < ? AND received_at >= ? AND received_at < ?${byType} GROUP BY vendor_id, jurisdiction`,
      )
      .all(...j, nowDay * DAY, now, days.whole[0], days.whole[1], ...tA) as {
      vendor_id: number;
      jurisdiction: string;
      n: number;
    }[]) {
      of(r.vendor_id).overdue += r.n;
      if (deemedSet.has(r.jurisdiction)) of(r.vendor_id).deemed += r.n;
    }
  }
  for (const [a, b] of days.edges) {
    for (const r of sqlite
      .prepare(
        `SELECT vendor_id, ${COUNTER_SQL},
           coalesce(sum(closed_at IS NULL AND due_at < ?), 0) AS overdue,
           coalesce(sum(closed_at IS NULL AND due_at < ? AND jurisdiction IN (${deemedList})), 0) AS deemed
         FROM requests WHERE jurisdiction IN (${inJ}) AND vendor_id IN (${inV}) AND received_at >= ? AND received_at < ?${byType} GROUP BY vendor_id`,
      )
      .all(now, now, ...j, ...vendorIds, a, b, ...tA) as Record<string, number>[]) {
      const c = of(r.vendor_id!);
      addCounters(c, r);
      c.overdue += r.overdue!;
      c.deemed += r.deemed!;
    }
    for (const r of sqlite
      .prepare(
        `SELECT vendor_id, ${MONTH_SQL} AS month, count(*) AS received, coalesce(sum(outcome IN ${ANSWERED}), 0) AS answered,
           coalesce(sum(outcome IN ${ANSWERED} AND closed_at <= due_at), 0) AS on_time
         FROM requests WHERE jurisdiction IN (${inJ}) AND vendor_id IN (${inV}) AND received_at >= ? AND received_at < ?${byType} GROUP BY vendor_id, month`,
      )
      .all(...j, ...vendorIds, a, b, ...tA) as {
      vendor_id: number;
      month: string;
      received: number;
      answered: number;
      on_time: number;
    }[])
      addMonth(of(r.vendor_id), r.month, r.received, r.answered, r.on_time);
    for (const r of sqlite
      .prepare(
        `SELECT vendor_id, coalesce(denial_basis, 'other') AS basis, count(*) AS n FROM requests
         WHERE jurisdiction IN (${inJ}) AND vendor_id IN (${inV}) AND received_at >= ? AND received_at < ? AND outcome = 'denied'${byType} GROUP BY vendor_id, basis`,
      )
      .all(...j, ...vendorIds, a, b, ...tA) as { vendor_id: number; basis: string; n: number }[])
      addTo(of(r.vendor_id).bases, r.basis, r.n);
    for (const r of sqlite
      .prepare(
        `SELECT vendor_id, ${BUCKET_SQL} AS bucket, count(*) AS n FROM requests
         WHERE jurisdiction IN (${inJ}) AND vendor_id IN (${inV}) AND received_at >= ? AND received_at < ? AND outcome IN ${ANSWERED}${byType} GROUP BY vendor_id, bucket`,
      )
      .all(...j, ...vendorIds, a, b, ...tA) as { vendor_id: number; bucket: number; n: number }[])
      of(r.vendor_id).hist[r.bucket]! += r.n;
  }

  // Durations: whole months from the roll-up, the rest from the rows.
  const monthlyDurations = sqlite.prepare(
    `SELECT vendor_id, duration_day AS d, sum(n) AS n FROM regulator_monthly_durations
     WHERE jurisdiction IN (${inJ}) AND vendor_id IN (${inV}) AND month >= ? AND month < ?${byType} GROUP BY vendor_id, duration_day`,
  );
  const rowDurations = sqlite.prepare(
    // INDEXED BY: the planner otherwise prefers requests_answered_duration_idx (vendor,
    // jurisdiction) and reads every answered request of the scope, whatever the range (~50 ms
    // per edge at 1M); the regulator index seeks (jurisdiction, vendor, received_at) and covers.
    `SELECT vendor_id, ${DURATION_DAY_SQL} AS d, count(*) AS n FROM requests INDEXED BY requests_regulator_idx
     WHERE jurisdiction IN (${inJ}) AND vendor_id IN (${inV}) AND received_at >= ? AND received_at < ? AND outcome IN ${ANSWERED} AND closed_at IS NOT NULL${byType} GROUP BY vendor_id, d`,
  );
  const addDurations = (rows: unknown[], sign: 1 | -1) => {
    for (const r of rows as { vendor_id: number; d: number; n: number }[])
      addTo(of(r.vendor_id).durations, r.d, sign * r.n);
  };
  const months = splitRange(from, to, monthStart, nextMonth);
  if (months.whole)
    addDurations(
      monthlyDurations.all(...j, ...vendorIds, monthKey(months.whole[0]), monthKey(months.whole[1]), ...tA),
      1,
    );
  for (const [a, b] of months.edges) {
    const m0 = monthStart(a);
    const m1 = nextMonth(m0);
    // An edge covering most of its month (e.g. the 1st to the 29th, the default one-year
    // period's end) reads fewer rows as the whole month's roll-up minus the rows outside it.
    if (b <= m1 && m1 - m0 - (b - a) < b - a) {
      addDurations(monthlyDurations.all(...j, ...vendorIds, monthKey(m0), monthKey(m1), ...tA), 1);
      if (m0 < a) addDurations(rowDurations.all(...j, ...vendorIds, m0, a, ...tA), -1);
      if (b < m1) addDurations(rowDurations.all(...j, ...vendorIds, b, m1, ...tA), -1);
    } else {
      addDurations(rowDurations.all(...j, ...vendorIds, a, b, ...tA), 1);
    }
  }
  const bucketValues = sqlite.prepare(
    // INDEXED BY: without statistics the planner prefers the wider regulator index, which
    // would read every answered request of the vendor instead of one day-bucket.
    // (With a type, the per-type index holds exactly the type's rows of the bucket.)
    `SELECT (closed_at - received_at) / ${DAY}.0 AS days FROM requests INDEXED BY ${opts.type ? "requests_type_duration_idx" : "requests_answered_duration_idx"}
     WHERE vendor_id = ? AND jurisdiction IN (${inJ}) AND outcome IN ${ANSWERED} AND ${DURATION_DAY_SQL} = ? AND received_at >= ? AND received_at < ?${byType}`,
  );
  const rankReader = (vendorId: number, durations: Map<number, number>) =>
    createRankReader(durations, (d) => bucketValues.raw().all(vendorId, ...j, d, from, to, ...tA) as [number][]);
  const oldestOpen = sqlite.prepare(
    // The partial index holds open requests only: the first entry in range is the answer, where
    // the regulator index would walk past every closed request received before it.
    `SELECT min(received_at) AS m FROM requests INDEXED BY requests_open_received_idx
     WHERE jurisdiction = ? AND vendor_id = ? AND closed_at IS NULL AND received_at >= ? AND received_at < ?${byType}`,
  );

  return vendors.map((v) => {
    const c = of(v.id);
    const round1 = (x: number | null) => (x == null ? null : Math.round(x * 10) / 10);
    const timed = [...c.durations.values()].reduce((a, b) => a + b, 0);
    const valueAt = rankReader(v.id, c.durations);
    let oldest: number | null = null;
    if (c.open > 0) {
      for (const x of j) {
        const m = (oldestOpen.get(x, v.id, from, to, ...tA) as { m: number | null }).m;
        if (m != null && (oldest == null || m < oldest)) oldest = m;
      }
    }
    const histogram = HISTOGRAM_BUCKETS.map((b, i) => ({ label: b.label, count: c.hist[i]! }));
    return {
      vendorId: v.id,
      vendorName: v.name,
      received: c.received,
      fulfilled: c.fulfilled,
      partiallyFulfilled: c.partial,
      denied: c.denied,
      deniedByBasis: Object.fromEntries([...c.bases].filter(([, n]) => n > 0).sort((a, b) => (a[0] < b[0] ? -1 : 1))),
      withdrawn: c.withdrawn,
      deemedRefused: c.deemed,
      closed: c.answered + c.withdrawn,
      answered: c.answered,
      answeredOnTime: c.onTime,
      onTimeRate: c.answered > 0 ? c.onTime / c.answered : null,
      medianDays: round1(percentileOf(valueAt, timed, 50)),
      meanDays: round1(c.timedN > 0 ? c.timedMsSum / DAY / c.timedN : null),
      p90Days: round1(percentileOf(valueAt, timed, 90)),
      ackRequired: c.ackRequired,
      ackOnTime: c.ackOnTime,
      extended: c.extended,
      extensionRate: c.received > 0 ? c.extended / c.received : null,
      openNow: c.open,
      overdueNow: c.overdue,
      oldestOpenDays: oldest == null ? null : Math.floor((now - oldest) / DAY),
      byMonth: [...c.months]
        .filter(([, m]) => m.received > 0)
        .sort((a, b) => (a[0] < b[0] ? -1 : 1))
        .map(([month, m]) => ({ month, received: m.received, answered: m.answered, onTime: m.onTime })),
      histogram,
    };
  });
}

/**
 * The jurisdictions with at least one request received in [from, to): the public board asks the
 * dashboard once per jurisdiction, and most of the forty the portal knows have none. One
 * primary-key seek per jurisdiction into the daily roll-up, never a request row.
 */
export function listJurisdictionsWithRequests(jurisdictions: readonly string[], period: Period): string[] {
  const sqlite = getSqlite();
  const d0 = Math.ceil(period.from.getTime() / DAY);
  const d1 = Math.ceil(period.to.getTime() / DAY);
  const probe = sqlite.prepare(
    "SELECT 1 AS x FROM regulator_daily WHERE jurisdiction = ? AND day >= ? AND day < ? AND received > 0 LIMIT 1",
  );
  return jurisdictions.filter((j) => probe.get(j, d0, d1) != null);
}
