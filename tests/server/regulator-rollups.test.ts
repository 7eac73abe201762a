/**
 * The regulator roll-ups (migrations 0009 and 0010, kept by triggers on `requests`) after a
 * random sequence of inserts, updates and deletes: (1) every roll-up table equals a from-scratch
 * recomputation with the migrations' own backfill SQL, (2) the dashboard read from them equals
 * one plain aggregate over the request rows (the pre-roll-up implementation, kept here as the
 * reference) for aligned and unaligned periods and any `now`, and (3) the CCPA §7102 table equals
 * the pre-roll-up §7102 query (kept here too), medians included, for every calendar year.
 * The vendor queue's open counts (migration 0011) are checked the same way as (1).
 */
import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { findMigrationsFolder } from "../../db/migrate";
import {
  type Ccpa7102Row,
  DEEMED_REFUSAL_JURISDICTIONS,
  getCcpa7102,
  getRegulatorDashboard,
  HISTOGRAM_BUCKETS,
  type VendorDashboard,
} from "../../app/server/regulator/metrics.server";
import { createTestPortal, insertVendor, type TestPortal, itOnSqlite, TEST_ENGINE } from "../helpers/test-portal";

const DAY = 86_400_000;
const ANSWERED = "('fulfilled','partially_fulfilled','denied')";
const ROLLUPS = [
  "regulator_daily",
  "regulator_daily_denials",
  "regulator_daily_open_due",
  "regulator_monthly_durations",
  "regulator_yearly_types",
  "regulator_yearly_type_durations",
  "vendor_queue_counts",
];
/** The migrations whose backfill statements recompute ROLLUPS. */
const ROLLUP_MIGRATIONS = ["rollups_by_type", "ccpa_rollups", "vendor_queue_counts"];
const TYPES = ["access", "deletion", "correction", "opt_out", "limit"] as const;
/** The calendar-year boundary inside the generated receipts (T0 + 92 days). */
const NEW_YEAR = Date.UTC(2026, 0, 1);
const JURISDICTIONS = ["CA-QC", "US-CA", "CA", "FR"];
const OUTCOMES = [null, null, "fulfilled", "fulfilled", "partially_fulfilled", "denied", "withdrawn"] as const;
const OPEN_STATUSES = ["pending_verification", "queued", "received", "acknowledged", "awaiting_resident"] as const;
const BASES = [null, "identity_not_verified", "not_a_resident", "exempt_information"];
const T0 = Date.parse("2025-10-01T00:00:00Z");

let portal: TestPortal;
let vendors: number[];

beforeEach(() => {
  portal = createTestPortal({ now: "2026-04-01T12:00:00Z" });
  vendors = [
    insertVendor(portal.handle, { slug: "facette", name: "Facette AI" }).id,
    insertVendor(portal.handle, { slug: "visagio", name: "Visagio" }).id,
    insertVendor(portal.handle, { slug: "zeta", name: "Zeta" }).id,
  ];
});
afterEach(() => portal.close());

/** Small deterministic PRNG (mulberry32): a failing seed can be replayed. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
    chance: (p: number) => next() < p,
  };
}
type Rng = ReturnType<typeof rng>;

/** Durations near the histogram and whole-day boundaries, where an off-by-one would show. */
function duration(r: Rng): number {
  if (r.chance(0.3)) return r.pick([0, 7, 14, 30, 45, 60, 90]) * DAY + r.pick([0, 0, 1, -1]);
  return r.int(0, 120 * DAY);
}

function randomColumns(r: Rng, usCaShare = 0): Record<string, string | number | null> {
  // Some receipts on the calendar-year boundary, where the §7102 year of a request changes.
  const receivedAt = r.chance(0.1) ? null : r.chance(0.05) ? NEW_YEAR + r.pick([-1, 0, 1]) : T0 + r.int(0, 200 * DAY);
  const base = receivedAt ?? T0;
  const outcome = r.pick(OUTCOMES);
  return {
    // The queue count depends on status (the regulator roll-ups do not).
    status: outcome ?? r.pick(OPEN_STATUSES),
    vendor_id: r.pick(vendors),
    type: r.pick(TYPES),
    jurisdiction: r.chance(usCaShare) ? "US-CA" : r.pick(JURISDICTIONS),
    received_at: receivedAt,
    due_at: r.chance(0.05) ? null : base + r.int(10, 60) * DAY + r.int(0, DAY - 1),
    outcome,
    closed_at: outcome ? base + duration(r) : null,
    denial_basis: outcome === "denied" ? r.pick(BASES) : null,
    ack_due_at: r.chance(0.5) ? base + 10 * DAY : null,
    acknowledged_at: r.chance(0.5) ? base + r.int(0, 20) * DAY : null,
    extended_to: r.chance(0.2) ? "2026-06-01" : null,
  };
}

let seq = 0;
function insertRandom(r: Rng, usCaShare = 0): void {
  seq += 1;
  const sqlite = portal.handle.sqlite;
  const c = randomColumns(r, usCaShare);
  const filing = Number(
    sqlite
      .prepare(
        "INSERT INTO filings (idempotency_key, full_name, email, locale, jurisdiction, created_at) VALUES (?, 'X', 'x@example.com', 'en', ?, ?)",
      )
      .run(`rollup-${seq}-0123456789`, c.jurisdiction, T0).lastInsertRowid,
  );
  sqlite
    .prepare(
      `INSERT INTO requests (reference, filing_id, vendor_id, type, jurisdiction, status, received_at, due_at, respond_by, extended_to, acknowledged_at, ack_due_at, closed_at, outcome, denial_basis, created_at, updated_at)
       VALUES (@reference, @filing, @vendor_id, @type, @jurisdiction, @status, @received_at, @due_at, '2026-01-01', @extended_to, @acknowledged_at, @ack_due_at, @closed_at, @outcome, @denial_basis, @t, @t)`,
    )
    .run({ ...c, reference: `BR-2026-${String(seq).padStart(6, "0")}`, filing, t: T0 });
}

function updateRandom(r: Rng, usCaShare = 0): void {
  const sqlite = portal.handle.sqlite;
  const row = sqlite.prepare("SELECT id FROM requests ORDER BY random() LIMIT 1").get() as { id: number } | undefined;
  if (!row) return;
  const fresh = randomColumns(r, usCaShare);
  // A random subset of the columns the roll-ups depend on, as real changes touch a few at a time.
  const cols = Object.keys(fresh).filter(() => r.chance(0.4));
  if (cols.length === 0) cols.push(r.pick(Object.keys(fresh)));
  sqlite
    .prepare(
      `UPDATE requests SET ${cols.map((c) => `${c} = @${c}`).join(", ")}, updated_at = updated_at + 1 WHERE id = @id`,
    )
    .run({ ...Object.fromEntries(cols.map((c) => [c, fresh[c]])), id: row.id });
}

function deleteRandom(): void {
  portal.handle.sqlite
    .prepare("DELETE FROM requests WHERE id = (SELECT id FROM requests ORDER BY random() LIMIT 1)")
    .run();
}

/** The migrations' backfill statements, i.e. the roll-ups recomputed from the rows alone. */
function backfillStatements(): string[] {
  return ROLLUP_MIGRATIONS.flatMap((name) => {
    const file = fs.readdirSync(findMigrationsFolder()).find((f) => f.includes(name))!;
    return fs
      .readFileSync(path.join(findMigrationsFolder(), file), "utf8")
      .split("--> statement-breakpoint")
      .map((s) => s.replace(/^\s*--.*$/gm, "").trim())
      .filter((s) => /^INSERT INTO `(regulator_|vendor_queue_counts)/.test(s));
  });
}

/** Live roll-up rows (all-zero rows left by subtractions carry nothing) as sorted JSON. */
function snapshot(table: string): string[] {
  const rows = portal.handle.sqlite.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[];
  return rows
    .filter((row) =>
      Object.entries(row).some(
        ([k, v]) =>
          ![
            "jurisdiction",
            "vendor_id",
            "day",
            "basis",
            "due_day",
            "month",
            "duration_day",
            "type",
            "year",
            "status",
          ].includes(k) && v !== 0,
      ),
    )
    .map((row) => JSON.stringify(row))
    .sort();
}

function expectRollupsMatchRecomputation(): void {
  const sqlite = portal.handle.sqlite;
  const live = Object.fromEntries(ROLLUPS.map((t) => [t, snapshot(t)]));
  const statements = backfillStatements();
  expect(statements).toHaveLength(ROLLUPS.length);
  // Recompute inside a transaction that is rolled back: the live tables stay as they were.
  const rolledBack = new Error("roll back the recomputation");
  try {
    sqlite.transaction(() => {
      for (const t of ROLLUPS) sqlite.exec(`DELETE FROM ${t}`);
      if (TEST_ENGINE === "sqlite") {
        // From the migration's backfill SQL: a definition independent of the triggers.
        for (const s of statements) sqlite.exec(s);
      } else {
        // PostgreSQL: every request row inserted again into empty roll-ups, so the triggers'
        // insert path rebuilds from scratch what their insert/update/delete paths kept live.
        // (Replica mode turns off triggers and foreign-key checks for the delete only.)
        sqlite.exec("CREATE TEMP TABLE requests_again ON COMMIT DROP AS SELECT * FROM requests");
        sqlite.exec("SET LOCAL session_replication_role = replica");
        sqlite.exec("DELETE FROM requests");
        sqlite.exec("SET LOCAL session_replication_role = origin");
        sqlite.exec("INSERT INTO requests SELECT * FROM requests_again");
      }
      for (const t of ROLLUPS) expect(snapshot(t), t).toEqual(live[t]);
      throw rolledBack;
    })();
  } catch (err) {
    if (err !== rolledBack) throw err;
  }
}

/** The dashboard as one aggregate over the request rows: the implementation before roll-ups. */
function dashboardFromRows(
  jurisdictions: string[],
  period: { from: Date; to: Date },
  now: Date,
  type?: string,
): VendorDashboard[] {
  const tA = type ? [type] : [];
  const sqlite = portal.handle.sqlite;
  const inJ = jurisdictions.map(() => "?").join(",");
  const from = period.from.getTime();
  const to = period.to.getTime();
  const t = now.getTime();
  const deemed = DEEMED_REFUSAL_JURISDICTIONS.map((x) => `'${x}'`).join(",");
  const days = `(r.closed_at - r.received_at) / ${DAY}.0`;
  const rows = sqlite
    .prepare(
      `SELECT v.id AS vendor_id, v.name AS vendor_name, count(r.id) AS received,
         coalesce(sum(r.outcome = 'fulfilled'), 0) AS fulfilled, coalesce(sum(r.outcome = 'partially_fulfilled'), 0) AS partial,
         coalesce(sum(r.outcome = 'denied'), 0) AS denied, coalesce(sum(r.outcome = 'withdrawn'), 0) AS withdrawn,
         coalesce(sum(r.outcome IN ${ANSWERED}), 0) AS answered, coalesce(sum(r.outcome IN ${ANSWERED} AND r.closed_at <= r.due_at), 0) AS on_time,
         median(CASE WHEN r.outcome IN ${ANSWERED} THEN ${days} END) AS median_days, avg(CASE WHEN r.outcome IN ${ANSWERED} THEN ${days} END) AS mean_days,
         percentile(CASE WHEN r.outcome IN ${ANSWERED} THEN ${days} END, 90) AS p90_days,
         coalesce(sum(r.ack_due_at IS NOT NULL), 0) AS ack_required,
         coalesce(sum(r.ack_due_at IS NOT NULL AND r.acknowledged_at IS NOT NULL AND r.acknowledged_at <= r.ack_due_at), 0) AS ack_on_time,
         coalesce(sum(r.extended_to IS NOT NULL), 0) AS extended,
         -- r.id IS NOT NULL: the LEFT JOIN's empty row of a vendor without requests is not an open request
         -- (the pre-roll-up query counted it, showing "1 open" for such a vendor).
         coalesce(sum(r.id IS NOT NULL AND r.closed_at IS NULL), 0) AS open_now,
         coalesce(sum(r.closed_at IS NULL AND r.due_at < ?), 0) AS overdue_now,
         coalesce(sum(r.closed_at IS NULL AND r.due_at < ? AND r.jurisdiction IN (${deemed})), 0) AS deemed_refused,
         min(CASE WHEN r.closed_at IS NULL THEN r.received_at END) AS oldest_open
       FROM vendors v LEFT JOIN requests r ON r.vendor_id = v.id AND r.jurisdiction IN (${inJ}) AND r.received_at >= ? AND r.received_at < ?${type ? " AND r.type = ?" : ""}
       GROUP BY v.id ORDER BY v.name`,
    )
    .all(t, t, ...jurisdictions, from, to, ...tA) as Record<string, number | string | null>[];
  const where = `jurisdiction IN (${inJ}) AND received_at >= ? AND received_at < ?${type ? " AND type = ?" : ""}`;
  const bases = sqlite
    .prepare(
      `SELECT vendor_id, coalesce(denial_basis, 'other') AS basis, count(*) AS n FROM requests WHERE ${where} AND outcome = 'denied' GROUP BY vendor_id, basis`,
    )
    .all(...jurisdictions, from, to, ...tA) as { vendor_id: number; basis: string; n: number }[];
  const months = sqlite
    .prepare(
      `SELECT vendor_id, strftime('%Y-%m', received_at / 1000, 'unixepoch') AS month, count(*) AS received, coalesce(sum(outcome IN ${ANSWERED}), 0) AS answered,
         coalesce(sum(outcome IN ${ANSWERED} AND closed_at <= due_at), 0) AS on_time FROM requests WHERE ${where} GROUP BY vendor_id, month ORDER BY month`,
    )
    .all(...jurisdictions, from, to, ...tA) as {
    vendor_id: number;
    month: string;
    received: number;
    answered: number;
    on_time: number;
  }[];
  const bucketCase = HISTOGRAM_BUCKETS.map((b, i) =>
    Number.isFinite(b.max) ? `WHEN ${days.replaceAll("r.", "")} <= ${b.max} THEN ${i}` : "",
  ).join(" ");
  const hist = sqlite
    .prepare(
      `SELECT vendor_id, CASE ${bucketCase} ELSE ${HISTOGRAM_BUCKETS.length - 1} END AS bucket, count(*) AS n FROM requests WHERE ${where} AND outcome IN ${ANSWERED} GROUP BY vendor_id, bucket`,
    )
    .all(...jurisdictions, from, to, ...tA) as { vendor_id: number; bucket: number; n: number }[];
  return rows.map((r) => {
    const id = r.vendor_id as number;
    const num = (k: string) => Number(r[k] ?? 0);
    const nullable = (k: string) => (r[k] == null ? null : Math.round(Number(r[k]) * 10) / 10);
    const histogram = HISTOGRAM_BUCKETS.map((b) => ({ label: b.label, count: 0 }));
    for (const h of hist) if (h.vendor_id === id) histogram[h.bucket]!.count = h.n;
    return {
      vendorId: id,
      vendorName: r.vendor_name as string,
      received: num("received"),
      fulfilled: num("fulfilled"),
      partiallyFulfilled: num("partial"),
      denied: num("denied"),
      deniedByBasis: Object.fromEntries(bases.filter((b) => b.vendor_id === id).map((b) => [b.basis, b.n])),
      withdrawn: num("withdrawn"),
      deemedRefused: num("deemed_refused"),
      closed: num("answered") + num("withdrawn"),
      answered: num("answered"),
      answeredOnTime: num("on_time"),
      onTimeRate: num("answered") > 0 ? num("on_time") / num("answered") : null,
      medianDays: nullable("median_days"),
      meanDays: nullable("mean_days"),
      p90Days: nullable("p90_days"),
      ackRequired: num("ack_required"),
      ackOnTime: num("ack_on_time"),
      extended: num("extended"),
      extensionRate: num("received") > 0 ? num("extended") / num("received") : null,
      openNow: num("open_now"),
      overdueNow: num("overdue_now"),
      oldestOpenDays: r.oldest_open == null ? null : Math.floor((t - Number(r.oldest_open)) / DAY),
      byMonth: months
        .filter((m) => m.vendor_id === id)
        .map((m) => ({ month: m.month, received: m.received, answered: m.answered, onTime: m.on_time })),
      histogram,
    };
  });
}

function randomPeriod(r: Rng): { from: Date; to: Date } {
  const kind = r.int(0, 3);
  if (kind === 0) return { from: new Date(T0 - 30 * DAY), to: new Date(T0 + 400 * DAY) }; // everything
  const fromDay = T0 + r.int(-5, 190) * DAY;
  if (kind === 1) return { from: new Date(fromDay), to: new Date(fromDay + r.int(0, 120) * DAY) }; // whole days (the page)
  if (kind === 2) {
    const m = new Date(fromDay);
    return {
      from: new Date(Date.UTC(m.getUTCFullYear(), m.getUTCMonth(), 1)),
      to: new Date(Date.UTC(m.getUTCFullYear(), m.getUTCMonth() + r.int(1, 5), 1)),
    }; // whole months
  }
  const from = fromDay + r.int(0, DAY - 1);
  return { from: new Date(from), to: new Date(from + r.int(0, 150 * DAY)) }; // any instants
}

function compareDashboards(r: Rng, rounds: number): void {
  for (let i = 0; i < rounds; i++) {
    const js = r.pick([["CA-QC"], ["US-CA", "FR"], JURISDICTIONS, ["CA", "CA-QC"]]);
    const period = randomPeriod(r);
    const now = new Date(T0 + r.int(0, 260) * DAY + r.int(0, DAY - 1));
    // Half the rounds filtered by one request type: the same read model, keyed by type too.
    const type = r.chance(0.5) ? r.pick(TYPES) : undefined;
    const got = getRegulatorDashboard({ jurisdictions: js }, { period, now, type });
    const want = dashboardFromRows(js, period, now, type);
    expect(got, JSON.stringify({ js, period, now, type })).toEqual(want);
  }
}

/** The §7102 table as one aggregate over the request rows: the implementation before roll-ups. */
function ccpa7102FromRows(year: number): Ccpa7102Row[] {
  const CCPA_CATEGORY: Record<string, Ccpa7102Row["category"]> = {
    access: "know",
    deletion: "delete",
    correction: "correct",
    opt_out: "opt_out",
    limit: "limit",
  };
  const from = Date.UTC(year, 0, 1);
  const to = Date.UTC(year + 1, 0, 1);
  const days = `(r.closed_at - r.received_at) / ${DAY}.0`;
  const rows = portal.handle.sqlite
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

/** Every year the generated receipts touch, and the empty ones around them. */
function compareCcpa7102(): number {
  let medians = 0;
  for (const year of [2024, 2025, 2026, 2027]) {
    const want = ccpa7102FromRows(year);
    expect(getCcpa7102({ jurisdictions: ["US-CA"] }, year), String(year)).toEqual(want);
    expect(getCcpa7102({ jurisdictions: ["CA-QC", "US-CA", "FR"] }, year), String(year)).toEqual(want);
    medians += want.filter((row) => row.medianDays != null).length;
  }
  expect(getCcpa7102({ jurisdictions: ["CA-QC", "FR"] }, 2026)).toEqual([]);
  return medians;
}

/**
 * The pre-roll-up queries (the dashboard and §7102 computed from the request rows) use
 * SQLite's median() and percentile(): on PostgreSQL the roll-ups are checked against their
 * from-scratch rebuild (expectRollupsMatchRecomputation) and the dashboards against
 * hand-computed answers (regulator-metrics.test.ts).
 */
function compareFromScratchQueries(r: ReturnType<typeof rng>, samples: number): void {
  if (TEST_ENGINE !== "sqlite") return;
  compareDashboards(r, samples);
  compareCcpa7102();
}

describe("regulator roll-ups", () => {
  // The SQLite migration's own backfill of existing rows (PostgreSQL's tables start empty).
  itOnSqlite("start empty and are backfilled from existing rows by the migration SQL", () => {
    for (const t of ROLLUPS) expect(snapshot(t)).toEqual([]);
    expectRollupsMatchRecomputation();
  });

  for (const seed of [1, 2, 3]) {
    it(`equal a from-scratch recomputation after random inserts, updates and deletes (seed ${seed})`, () => {
      const r = rng(seed);
      // Batched in transactions only to spare a disk sync per statement; triggers fire per row.
      const batch = (work: () => void) => portal.handle.sqlite.transaction(work)();
      batch(() => {
        for (let i = 0; i < 150; i++) insertRandom(r);
      });
      expectRollupsMatchRecomputation();
      compareFromScratchQueries(r, 15);
      batch(() => {
        for (let i = 0; i < 400; i++) {
          const op = r.next();
          if (op < 0.3) insertRandom(r);
          else if (op < 0.9) updateRandom(r);
          else deleteRandom();
        }
      });
      expectRollupsMatchRecomputation();
      compareFromScratchQueries(r, 40);
    });
  }

  for (const seed of [4, 5, 6]) {
    it(`CCPA §7102 from the yearly roll-ups equals the from-scratch query, medians included (seed ${seed})`, () => {
      const r = rng(seed);
      const batch = (work: () => void) => portal.handle.sqlite.transaction(work)();
      // Mostly California, so that every (vendor, type, year) has enough answered requests for
      // medians that interpolate within one whole-day bucket and across two.
      batch(() => {
        for (let i = 0; i < 600; i++) insertRandom(r, 0.8);
      });
      expectRollupsMatchRecomputation();
      // Proves the comparison covered medians: 3 vendors × 5 types × 2 years.
      if (TEST_ENGINE === "sqlite") expect(compareCcpa7102()).toBe(30);
      for (let round = 0; round < 4; round++) {
        batch(() => {
          for (let i = 0; i < 150; i++) {
            const op = r.next();
            if (op < 0.2) insertRandom(r, 0.8);
            else if (op < 0.9) updateRandom(r, 0.8);
            else deleteRandom();
          }
        });
        expectRollupsMatchRecomputation();
        if (TEST_ENGINE === "sqlite") compareCcpa7102();
      }
    });
  }

  it("a change rolled back leaves the roll-ups untouched (same transaction as the row)", () => {
    const r = rng(9);
    for (let i = 0; i < 20; i++) insertRandom(r);
    const before = ROLLUPS.map(snapshot);
    const sqlite = portal.handle.sqlite;
    expect(() =>
      sqlite.transaction(() => {
        sqlite
          .prepare(
            "UPDATE requests SET outcome = 'fulfilled', closed_at = received_at + 86400000 WHERE received_at IS NOT NULL",
          )
          .run();
        throw new Error("abort");
      })(),
    ).toThrow("abort");
    expect(ROLLUPS.map(snapshot)).toEqual(before);
  });
});
