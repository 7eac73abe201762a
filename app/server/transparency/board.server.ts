/**
 * The public transparency board (`/transparency`, its CSV and JSON): the regulator dashboard's
 * own read model (getRegulatorDashboard over every jurisdiction, then over each jurisdiction
 * with requests), anonymised by the suppression rule of app/domain/transparency.ts.
 *
 * Periods are whole UTC months, so every figure comes from the daily and monthly roll-ups and
 * never from request rows: the last 12 whole months before the current one, and up to three
 * past calendar years. Every period, jurisdiction and month of one company is suppressed in ONE
 * system of relations, so no figure shown anywhere on the board at the same time can be solved
 * from the others.
 */
import { z } from "zod";
import { describeJurisdiction, isJurisdictionCode, JURISDICTIONS } from "~/domain/deadlines";
import type { Locale } from "~/i18n";
import { computeWilsonInterval, suppressCells, SUPPRESSION_THRESHOLD, type SumRelation } from "~/domain/transparency";
import { getSqlite } from "../core/db.server";
import { denialBasisLabel } from "../vendor/denial-labels.server";
import {
  getRegulatorDashboard,
  listJurisdictionsWithRequests,
  type VendorDashboard,
} from "../regulator/metrics.server";

/** A published count, or null: withheld (1 to 9 requests, or withheld so that such a count cannot be derived). */
export type Cell = number | null;

export interface PublicMeasures {
  received: Cell;
  answered: Cell;
  answeredOnTime: Cell;
  answeredLate: Cell;
  fulfilled: Cell;
  partiallyFulfilled: Cell;
  denied: Cell;
  deniedByBasis: { basis: string; count: Cell }[];
  withdrawn: Cell;
  deemedRefused: Cell;
  openNow: Cell;
  overdueNow: Cell;
  /** Answered on time ÷ answered, with its 95 % Wilson interval; null when either count is withheld. */
  onTimeRate: number | null;
  onTimeLow: number | null;
  onTimeHigh: number | null;
  /** Median days to answer; null when fewer than 10 answers. */
  medianDays: number | null;
}

export interface PublicPeriod {
  key: string;
  /** First day, and the day after the last (UTC dates). */
  from: string;
  to: string;
}

export interface PublicCompanyPeriod {
  period: string;
  all: PublicMeasures;
  byJurisdiction: { jurisdiction: string; measures: PublicMeasures }[];
  trend: { month: string; received: Cell; answered: Cell; answeredOnTime: Cell; onTimeRate: number | null }[];
}

export interface PublicCompany {
  slug: string;
  name: string;
  periods: PublicCompanyPeriod[];
}

export interface PublicBoard {
  /** The instant the figures describe (start of a quarter hour, UTC): "open now" is as of then. */
  asOf: string;
  threshold: number;
  periods: PublicPeriod[];
  companies: PublicCompany[];
}

const QUARTER_HOUR = 15 * 60_000;
const MEASURES = [
  "received",
  "answered",
  "answeredOnTime",
  "answeredLate",
  "fulfilled",
  "partiallyFulfilled",
  "denied",
  "withdrawn",
  "deemedRefused",
  "openNow",
  "overdueNow",
] as const;
type Measure = (typeof MEASURES)[number];

function utcMonth(y: number, m: number): Date {
  return new Date(Date.UTC(y, m, 1));
}
const isoDate = (d: Date) => d.toISOString().slice(0, 10);

/** The board's periods at `asOf`: the 12 whole months before the current one, then past years (newest first). */
export function listBoardPeriods(asOf: Date): { key: string; from: Date; to: Date }[] {
  const y = asOf.getUTCFullYear();
  const m = asOf.getUTCMonth();
  const periods = [{ key: "12m", from: utcMonth(y, m - 12), to: utcMonth(y, m) }];
  for (let year = y - 1; year >= y - 3; year--)
    periods.push({ key: String(year), from: utcMonth(year, 0), to: utcMonth(year + 1, 0) });
  return periods;
}

function monthsOf(from: Date, to: Date): string[] {
  const out: string[] = [];
  for (let d = from; d < to; d = utcMonth(d.getUTCFullYear(), d.getUTCMonth() + 1))
    out.push(d.toISOString().slice(0, 7));
  return out;
}

/** Builds the cell vector and its relations while the measures are read. */
class CellSystem {
  values: number[] = [];
  relations: SumRelation[] = [];
  hidden: number[] = [];
  cell(value: number): number {
    this.values.push(value);
    return this.values.length - 1;
  }
  sum(total: number, parts: number[]): void {
    const sum = parts.reduce((a, p) => a + this.values[p]!, 0);
    if (sum === this.values[total]) this.relations.push({ total, parts });
    else {
      // The parts do not add up (e.g. a state this board does not show): the remainder is an
      // unknown that is never published, so the relation reveals nothing through it.
      const rest = this.cell(this.values[total]! - sum);
      this.hidden.push(rest);
      this.relations.push({ total, parts: [...parts, rest] });
    }
  }
}

interface ScopeCells {
  m: Record<Measure, number>;
  bases: Map<string, number>;
  dashboard: VendorDashboard | undefined;
}

function readScope(sys: CellSystem, d: VendorDashboard | undefined, bases: string[]): ScopeCells {
  const v = (x: number | undefined) => sys.cell(x ?? 0);
  const m: Record<Measure, number> = {
    received: v(d?.received),
    answered: v(d?.answered),
    answeredOnTime: v(d?.answeredOnTime),
    answeredLate: v(d ? d.answered - d.answeredOnTime : 0),
    fulfilled: v(d?.fulfilled),
    partiallyFulfilled: v(d?.partiallyFulfilled),
    denied: v(d?.denied),
    withdrawn: v(d?.withdrawn),
    deemedRefused: v(d?.deemedRefused),
    openNow: v(d?.openNow),
    overdueNow: v(d?.overdueNow),
  };
  const b = new Map(bases.map((basis) => [basis, v(d?.deniedByBasis[basis])]));
  sys.sum(m.received, [m.answered, m.withdrawn, m.openNow]);
  sys.sum(m.answered, [m.answeredOnTime, m.answeredLate]);
  sys.sum(m.answered, [m.fulfilled, m.partiallyFulfilled, m.denied]);
  if (bases.length) sys.sum(m.denied, [...b.values()]);
  return { m, bases: b, dashboard: d };
}

function publishScope(s: ScopeCells, values: number[], withheld: boolean[]): PublicMeasures {
  const pub = (i: number): Cell => (withheld[i] ? null : values[i]!);
  const out = Object.fromEntries(MEASURES.map((k) => [k, pub(s.m[k])])) as Record<Measure, Cell>;
  const k = out.answeredOnTime;
  const n = out.answered;
  const rated = k != null && n != null && n > 0;
  const wilson = rated ? computeWilsonInterval(k, n) : null;
  const d = s.dashboard;
  return {
    ...out,
    deniedByBasis: [...s.bases].map(([basis, i]) => ({ basis, count: pub(i) })),
    onTimeRate: rated ? k / n : null,
    onTimeLow: wilson ? wilson.low : null,
    onTimeHigh: wilson ? wilson.high : null,
    // A median of ten or more answers describes no one of them; shown with its published count.
    medianDays: d && out.answered != null && d.answered >= SUPPRESSION_THRESHOLD ? d.medianDays : null,
  };
}

/**
 * Reads the dashboards (all jurisdictions, then each one with requests) for every period and
 * suppresses each company's figures as one system. `asOf` is the instant of "open now".
 */
export function buildPublicBoard(asOf: Date): PublicBoard {
  const periods = listBoardPeriods(asOf);
  const all = { jurisdictions: [...new Set<string>(JURISDICTIONS)] };
  const read = periods.map((p) => {
    const period = { from: p.from, to: p.to };
    const total = getRegulatorDashboard(all, { period, now: asOf });
    const byJ = listJurisdictionsWithRequests(all.jurisdictions, period).map((j) => ({
      j,
      rows: getRegulatorDashboard({ jurisdictions: [j] }, { period, now: asOf }),
    }));
    return { p, total, byJ };
  });
  const slugs = new Map(
    (getSqlite().prepare("SELECT id, slug FROM vendors").all() as { id: number; slug: string }[]).map((r) => [
      r.id,
      r.slug,
    ]),
  );
  const companies: PublicCompany[] = (read[0]?.total ?? []).map((company) => {
    const sys = new CellSystem();
    // One set of month cells shared by every period holding the month.
    const monthCells = new Map<string, { received: number; answered: number; onTime: number }>();
    const built = read.map(({ p, total, byJ }) => {
      const d = total.find((r) => r.vendorId === company.vendorId);
      const scopes = byJ
        .map(({ j, rows }) => ({ j, d: rows.find((r) => r.vendorId === company.vendorId) }))
        .filter((x) => x.d && x.d.received > 0);
      const bases = [
        ...new Set([d, ...scopes.map((s) => s.d)].flatMap((x) => Object.keys(x?.deniedByBasis ?? {}))),
      ].sort();
      const allCells = readScope(sys, d, bases);
      const jCells = scopes.map((s) => ({ j: s.j, cells: readScope(sys, s.d, bases) }));
      if (jCells.length) {
        for (const k of MEASURES)
          sys.sum(
            allCells.m[k],
            jCells.map((x) => x.cells.m[k]),
          );
        for (const b of bases)
          sys.sum(
            allCells.bases.get(b)!,
            jCells.map((x) => x.cells.bases.get(b)!),
          );
      }
      const months = monthsOf(p.from, p.to);
      const byMonth = new Map((d?.byMonth ?? []).map((x) => [x.month, x]));
      for (const month of months) {
        if (!monthCells.has(month)) {
          const x = byMonth.get(month);
          monthCells.set(month, {
            received: sys.cell(x?.received ?? 0),
            answered: sys.cell(x?.answered ?? 0),
            onTime: sys.cell(x?.onTime ?? 0),
          });
        }
      }
      const mc = months.map((month) => monthCells.get(month)!);
      sys.sum(
        allCells.m.received,
        mc.map((x) => x.received),
      );
      sys.sum(
        allCells.m.answered,
        mc.map((x) => x.answered),
      );
      sys.sum(
        allCells.m.answeredOnTime,
        mc.map((x) => x.onTime),
      );
      return { p, allCells, jCells, months };
    });
    const withheld = suppressCells(sys.values, sys.relations, sys.hidden);
    const pub = (i: number): Cell => (withheld[i] ? null : sys.values[i]!);
    return {
      slug: slugs.get(company.vendorId) ?? String(company.vendorId),
      name: company.vendorName,
      periods: built.map(({ p, allCells, jCells, months }) => ({
        period: p.key,
        all: publishScope(allCells, sys.values, withheld),
        byJurisdiction: jCells.map((x) => ({
          jurisdiction: x.j,
          measures: publishScope(x.cells, sys.values, withheld),
        })),
        trend: months.map((month) => {
          const c = monthCells.get(month)!;
          const [received, answered, answeredOnTime] = [pub(c.received), pub(c.answered), pub(c.onTime)];
          return {
            month,
            received,
            answered,
            answeredOnTime,
            onTimeRate: answered != null && answeredOnTime != null && answered > 0 ? answeredOnTime / answered : null,
          };
        }),
      })),
    };
  });
  return {
    asOf: asOf.toISOString(),
    threshold: SUPPRESSION_THRESHOLD,
    periods: periods.map((p) => ({ key: p.key, from: isoDate(p.from), to: isoDate(p.to) })),
    companies,
  };
}

// The board for a quarter hour, per database: public pages are read far more often than the
// figures change, and a quarter-hour "as of" keeps every view of that quarter consistent.
const cache = new WeakMap<object, { at: number; board: PublicBoard }>();

/** The board as of the start of the current quarter hour. */
export function getPublicBoard(now: Date): PublicBoard {
  const at = Math.floor(now.getTime() / QUARTER_HOUR) * QUARTER_HOUR;
  const db = getSqlite() as unknown as object;
  const hit = cache.get(db);
  if (hit && hit.at === at) return hit.board;
  const board = buildPublicBoard(new Date(at));
  cache.set(db, { at, board });
  return board;
}

export const boardQuerySchema = z.object({
  period: z
    .string()
    .regex(/^(12m|\d{4})$/)
    .default("12m"),
  jurisdiction: z
    .string()
    .regex(/^[A-Z]{2}(-[A-Z]{2})?$/)
    .optional()
    .or(z.literal("").transform(() => undefined)),
});

/** The CSV's columns, in order (documented on the page and in the OpenAPI description). */
export const CSV_COLUMNS = [
  "company",
  "company_slug",
  "period",
  "period_from",
  "period_to",
  "jurisdiction",
  "received",
  "answered",
  "answered_on_time",
  "answered_late",
  "on_time_rate",
  "on_time_low_95",
  "on_time_high_95",
  "median_days",
  "fulfilled",
  "partially_fulfilled",
  "denied",
  "withdrawn",
  "deemed_refused",
  "open_now",
  "overdue_now",
] as const;

const WITHHELD = "withheld";

/** One row per company, period and scope ("all" or a jurisdiction); withheld counts as "withheld". */
export function formatBoardCsv(board: PublicBoard): string {
  const periodOf = new Map(board.periods.map((p) => [p.key, p]));
  const c = (x: Cell) => (x == null ? WITHHELD : String(x));
  const r = (x: number | null) => (x == null ? "" : x.toFixed(4));
  const q = (s: string) =>
    /[",\n\r]/.test(s) || /^[=+\-@\t\r]/.test(s) ? `"${s.replace(/^([=+\-@\t\r])/, "'$1").replace(/"/g, '""')}"` : s;
  const lines = [CSV_COLUMNS.join(",")];
  for (const co of board.companies)
    for (const p of co.periods)
      for (const [jurisdiction, m] of [
        ["all", p.all],
        ...p.byJurisdiction.map((x) => [x.jurisdiction, x.measures] as const),
      ] as const) {
        const per = periodOf.get(p.period)!;
        lines.push(
          [
            q(co.name),
            co.slug,
            p.period,
            per.from,
            per.to,
            jurisdiction,
            c(m.received),
            c(m.answered),
            c(m.answeredOnTime),
            c(m.answeredLate),
            r(m.onTimeRate),
            r(m.onTimeLow),
            r(m.onTimeHigh),
            m.medianDays == null ? "" : String(m.medianDays),
            c(m.fulfilled),
            c(m.partiallyFulfilled),
            c(m.denied),
            c(m.withdrawn),
            c(m.deemedRefused),
            c(m.openNow),
            c(m.overdueNow),
          ].join(","),
        );
      }
  return lines.join("\r\n") + "\r\n";
}

export const BOARD_LICENCE = "CC BY 4.0 — https://creativecommons.org/licenses/by/4.0/";

/** The JSON open-data document: the board itself, with its licence and the rule it was anonymised by. */
export function formatBoardJson(board: PublicBoard, publicUrl: string) {
  return {
    licence: BOARD_LICENCE,
    source: `${publicUrl.replace(/\/$/, "")}/transparency`,
    suppression: `Counts from 1 to ${board.threshold - 1} are withheld (null), and further counts where the published ones would reveal a withheld one; rates and medians only where every count they are computed from is published.`,
    ...board,
  };
}

const cellSchema = z
  .number()
  .int()
  .nonnegative()
  .nullable()
  .describe("A count, or null when withheld (1 to 9 requests, or withheld so that no such count can be derived)");
const measuresSchema = z.object({
  received: cellSchema,
  answered: cellSchema,
  answeredOnTime: cellSchema,
  answeredLate: cellSchema,
  fulfilled: cellSchema,
  partiallyFulfilled: cellSchema,
  denied: cellSchema,
  deniedByBasis: z.array(z.object({ basis: z.string(), count: cellSchema })),
  withdrawn: cellSchema,
  deemedRefused: cellSchema,
  openNow: cellSchema,
  overdueNow: cellSchema,
  onTimeRate: z.number().nullable(),
  onTimeLow: z.number().nullable(),
  onTimeHigh: z.number().nullable(),
  medianDays: z.number().nullable(),
});

/** The schema of /transparency.json (OpenAPI components.schemas.Transparency). */
export const publicBoardSchema = z.object({
  licence: z.string(),
  source: z.string(),
  suppression: z.string(),
  asOf: z.string().describe("Instant the figures describe (UTC, start of a quarter hour)"),
  threshold: z.number().int(),
  periods: z.array(
    z.object({
      key: z.string().describe("'12m' (the 12 whole months before the current one) or a calendar year"),
      from: z.string(),
      to: z.string().describe("Exclusive"),
    }),
  ),
  companies: z.array(
    z.object({
      slug: z.string(),
      name: z.string(),
      periods: z.array(
        z.object({
          period: z.string(),
          all: measuresSchema,
          byJurisdiction: z.array(z.object({ jurisdiction: z.string(), measures: measuresSchema })),
          trend: z.array(
            z.object({
              month: z.string(),
              received: cellSchema,
              answered: cellSchema,
              answeredOnTime: cellSchema,
              onTimeRate: z.number().nullable(),
            }),
          ),
        }),
      ),
    }),
  ),
});

export interface BoardCompanyView {
  slug: string;
  name: string;
  measures: PublicMeasures;
  bases: { label: string; count: Cell }[];
  trend: PublicCompanyPeriod["trend"];
}

/**
 * What `/transparency` and `/transparency/<slug>` show: one period, all jurisdictions or one,
 * companies ranked by the lower bound of their on-time interval (a company with 1 answer of 1
 * on time ranks below one with 950 of 1,000), unranked companies after them by name.
 */
export function getBoardView(
  now: Date,
  query: { period: string; jurisdiction?: string | undefined; slug?: string | undefined },
  locale: Locale,
) {
  const board = getPublicBoard(now);
  const period = board.periods.find((p) => p.key === query.period) ?? board.periods[0]!;
  const jurisdictions = [
    ...new Set(board.companies.flatMap((c) => c.periods.flatMap((p) => p.byJurisdiction.map((j) => j.jurisdiction)))),
  ]
    .filter(isJurisdictionCode)
    .map((code) => ({ code, name: describeJurisdiction(code, locale).name }))
    .sort((a, b) => a.name.localeCompare(b.name, locale));
  const jurisdiction = jurisdictions.find((j) => j.code === query.jurisdiction)?.code ?? null;
  const collator = new Intl.Collator(locale);
  const companies: BoardCompanyView[] = board.companies
    .filter((c) => !query.slug || c.slug === query.slug)
    .map((c) => {
      const p = c.periods.find((x) => x.period === period.key)!;
      const measures = jurisdiction
        ? (p.byJurisdiction.find((x) => x.jurisdiction === jurisdiction)?.measures ?? emptyMeasures())
        : p.all;
      return {
        slug: c.slug,
        name: c.name,
        measures,
        bases: measures.deniedByBasis.map((b) => ({ label: denialBasisLabel(b.basis, locale), count: b.count })),
        trend: p.trend,
      };
    })
    .sort((a, b) => (b.measures.onTimeLow ?? -1) - (a.measures.onTimeLow ?? -1) || collator.compare(a.name, b.name));
  const through = new Date(Date.parse(`${period.to}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  return {
    asOf: board.asOf,
    threshold: board.threshold,
    periods: board.periods,
    period: { ...period, through },
    jurisdictions,
    jurisdiction,
    companies,
  };
}

function emptyMeasures(): PublicMeasures {
  return {
    received: null,
    answered: null,
    answeredOnTime: null,
    answeredLate: null,
    fulfilled: null,
    partiallyFulfilled: null,
    denied: null,
    deniedByBasis: [],
    withdrawn: null,
    deemedRefused: null,
    openNow: null,
    overdueNow: null,
    onTimeRate: null,
    onTimeLow: null,
    onTimeHigh: null,
    medianDays: null,
  };
}
