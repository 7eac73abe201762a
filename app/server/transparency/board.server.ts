/**
 * The public transparency board (`/transparency`, its CSV and JSON): the regulator dashboard's
 * own read model (getRegulatorDashboard over every jurisdiction, then over each jurisdiction
 * with requests), anonymised by the suppression rule of app/domain/transparency.ts.
 *
 * Periods are whole UTC months, so every figure comes from the daily and monthly roll-ups and
 * never from request rows: the last 12 whole months before the current one, and up to three
 * past calendar years. Every period, jurisdiction, request type and month of one company is
 * suppressed in ONE system of relations, so no figure shown anywhere on the board at the same time
 * (in any filter, the CSV or the JSON) can be solved from the others.
 *
 * The page's view and filters are in board-view.server.ts, the CSV and JSON in board-open-data,
 * the per-quarter-hour board they share in board-cache.
 */
import { JURISDICTIONS, REQUEST_TYPES, type RequestType } from "~/domain/deadlines";
import { computeWilsonInterval, suppressCells, SUPPRESSION_THRESHOLD, type SumRelation } from "~/domain/transparency";
import { getSqlite } from "../core/db.server";
import {
  getRegulatorDashboard,
  listJurisdictionsWithRequests,
  type Period,
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

/** The figures of one slice (every request type, or one type) of a company's period. */
export interface PublicSlice {
  all: PublicMeasures;
  byJurisdiction: { jurisdiction: string; measures: PublicMeasures }[];
  trend: { month: string; received: Cell; answered: Cell; answeredOnTime: Cell; onTimeRate: number | null }[];
}

export interface PublicCompanyPeriod extends PublicSlice {
  period: string;
  /** The same figures for each request type the company received in the period. */
  byType: (PublicSlice & { type: RequestType })[];
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

export const QUARTER_HOUR = 15 * 60_000;
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
  weights: number[] = [];
  relations: SumRelation[] = [];
  hidden: number[] = [];
  cell(value: number, weight = 1): number {
    this.values.push(value);
    this.weights.push(weight);
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

function readScope(sys: CellSystem, d: VendorDashboard | undefined, bases: string[], weight = 1): ScopeCells {
  const v = (x: number | undefined) => sys.cell(x ?? 0, weight);
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

/** One slice of the board (every request type, or one): the dashboards of a period, in total and by jurisdiction. */
interface SliceRead {
  total: VendorDashboard[];
  byJ: { j: string; rows: VendorDashboard[] }[];
}

/** Reads one slice; yields after each dashboard so an asynchronous build can let other requests run. */
function* readSlice(period: Period, js: string[], asOf: Date, type?: RequestType): Generator<void, SliceRead> {
  const everywhere = { jurisdictions: [...new Set<string>(JURISDICTIONS)] };
  const total = getRegulatorDashboard(everywhere, { period, now: asOf, type });
  yield;
  const byJ: SliceRead["byJ"] = [];
  for (const j of js) {
    byJ.push({ j, rows: getRegulatorDashboard({ jurisdictions: [j] }, { period, now: asOf, type }) });
    yield;
  }
  return { total, byJ };
}

type MonthCells = { received: number; answered: number; onTime: number };

/** One slice's cells for one company and period, tied by the slice's own relations. */
interface SliceCells {
  key: string;
  d: VendorDashboard | undefined;
  cells: ScopeCells;
  jCells: { j: string; cells: ScopeCells }[];
}

function readSliceCells(
  sys: CellSystem,
  key: string,
  slice: SliceRead,
  vendorId: number,
  bases: string[],
  months: string[],
  monthCells: Map<string, Map<string, MonthCells>>,
): SliceCells {
  const d = slice.total.find((r) => r.vendorId === vendorId);
  const scopes = slice.byJ
    .map(({ j, rows }) => ({ j, d: rows.find((r) => r.vendorId === vendorId) }))
    .filter((x) => x.d && x.d.received > 0);
  // Complements are taken from one type's detail before the all-types figures (the board's
  // headline), and from a jurisdiction's before the company's total.
  const all = key === "all";
  const cells = readScope(sys, d, bases, all ? 100 : 2);
  const jCells = scopes.map((s) => ({ j: s.j, cells: readScope(sys, s.d, bases, all ? 10 : 1) }));
  sumParts(
    sys,
    cells,
    jCells.map((x) => x.cells),
    bases,
  );
  // One set of month cells per slice, shared by every period holding the month.
  let mine = monthCells.get(key);
  if (!mine) monthCells.set(key, (mine = new Map()));
  const byMonth = new Map((d?.byMonth ?? []).map((x) => [x.month, x]));
  for (const month of months) {
    if (!mine.has(month)) {
      const x = byMonth.get(month);
      mine.set(month, {
        received: sys.cell(x?.received ?? 0, all ? 5 : 1),
        answered: sys.cell(x?.answered ?? 0, all ? 5 : 1),
        onTime: sys.cell(x?.onTime ?? 0, all ? 5 : 1),
      });
    }
  }
  const mc = months.map((month) => mine.get(month)!);
  sys.sum(
    cells.m.received,
    mc.map((x) => x.received),
  );
  sys.sum(
    cells.m.answered,
    mc.map((x) => x.answered),
  );
  sys.sum(
    cells.m.answeredOnTime,
    mc.map((x) => x.onTime),
  );
  return { key, d, cells, jCells };
}

/** `total = Σ parts` for every measure and denial basis (nothing when there are no parts). */
function sumParts(sys: CellSystem, total: ScopeCells, parts: ScopeCells[], bases: string[]): void {
  if (!parts.length) return;
  for (const k of MEASURES)
    sys.sum(
      total.m[k],
      parts.map((x) => x.m[k]),
    );
  for (const b of bases)
    sys.sum(
      total.bases.get(b)!,
      parts.map((x) => x.bases.get(b)!),
    );
}

/**
 * Reads the dashboards (all jurisdictions, then each one with requests; every request type, then
 * each type) for every period and suppresses each company's figures as one system: a type's
 * figures are parts of the all-types ones (in total, per jurisdiction and per month), so one
 * type's count cannot be had by subtracting the others from the total. `asOf` is the instant of
 * "open now".
 */
export function buildPublicBoard(asOf: Date): PublicBoard {
  const steps = stepBoardBuild(asOf);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * The same build, giving the event loop back after every read and every company: at 1,000,000
 * requests the whole build takes seconds, and no other request of the process may wait that
 * long. Each dashboard read is one read snapshot, as in the synchronous build.
 */
export async function buildPublicBoardInSteps(asOf: Date): Promise<PublicBoard> {
  const steps = stepBoardBuild(asOf);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

function* stepBoardBuild(asOf: Date): Generator<void, PublicBoard> {
  const periods = listBoardPeriods(asOf);
  const read: { p: (typeof periods)[number]; all: SliceRead; types: { t: RequestType; slice: SliceRead }[] }[] = [];
  for (const p of periods) {
    const period = { from: p.from, to: p.to };
    const js = listJurisdictionsWithRequests([...new Set<string>(JURISDICTIONS)], period);
    const all = yield* readSlice(period, js, asOf);
    const types: { t: RequestType; slice: SliceRead }[] = [];
    for (const t of REQUEST_TYPES) types.push({ t, slice: yield* readSlice(period, js, asOf, t) });
    read.push({ p, all, types });
  }
  const slugs = new Map(
    (getSqlite().prepare("SELECT id, slug FROM vendors").all() as { id: number; slug: string }[]).map((r) => [
      r.id,
      r.slug,
    ]),
  );
  const companies: PublicCompany[] = [];
  for (const company of read[0]?.all.total ?? []) {
    companies.push(buildCompany(company, read, slugs));
    yield;
  }
  return {
    asOf: asOf.toISOString(),
    threshold: SUPPRESSION_THRESHOLD,
    periods: periods.map((p) => ({ key: p.key, from: isoDate(p.from), to: isoDate(p.to) })),
    companies,
  };
}

/** One company's figures over every period, suppressed as one system. */
function buildCompany(
  company: VendorDashboard,
  read: { p: { key: string; from: Date; to: Date }; all: SliceRead; types: { t: RequestType; slice: SliceRead }[] }[],
  slugs: ReadonlyMap<number, string>,
): PublicCompany {
  const sys = new CellSystem();
  const monthCells = new Map<string, Map<string, MonthCells>>();
  const built = read.map(({ p, all, types }) => {
    const months = monthsOf(p.from, p.to);
    const id = company.vendorId;
    const d = all.total.find((r) => r.vendorId === id);
    const scopes = all.byJ.map(({ rows }) => rows.find((r) => r.vendorId === id));
    const bases = [...new Set([d, ...scopes].flatMap((x) => Object.keys(x?.deniedByBasis ?? {})))].sort();
    const allSlice = readSliceCells(sys, "all", all, id, bases, months, monthCells);
    // Only the types this company received in the period (a type with none adds only zeros).
    const typeSlices = types
      .filter(({ slice }) => (slice.total.find((r) => r.vendorId === id)?.received ?? 0) > 0)
      .map(({ t, slice }) => ({ t, s: readSliceCells(sys, t, slice, id, bases, months, monthCells) }));
    sumParts(
      sys,
      allSlice.cells,
      typeSlices.map((x) => x.s.cells),
      bases,
    );
    for (const jc of allSlice.jCells)
      sumParts(
        sys,
        jc.cells,
        typeSlices.flatMap((x) => x.s.jCells.filter((y) => y.j === jc.j).map((y) => y.cells)),
        bases,
      );
    return { p, months, allSlice, typeSlices };
  });
  // Every month of every type is a part of that month's all-types figures.
  for (const [month, total] of monthCells.get("all") ?? []) {
    const parts = REQUEST_TYPES.flatMap((t) => monthCells.get(t)?.get(month) ?? []);
    if (!parts.length) continue;
    sys.sum(
      total.received,
      parts.map((x) => x.received),
    );
    sys.sum(
      total.answered,
      parts.map((x) => x.answered),
    );
    sys.sum(
      total.onTime,
      parts.map((x) => x.onTime),
    );
  }
  const withheld = suppressCells(sys.values, sys.relations, sys.hidden, sys.weights);
  const pub = (i: number): Cell => (withheld[i] ? null : sys.values[i]!);
  const publishSlice = (s: SliceCells, months: string[]) => ({
    all: publishScope(s.cells, sys.values, withheld),
    byJurisdiction: s.jCells.map((x) => ({
      jurisdiction: x.j,
      measures: publishScope(x.cells, sys.values, withheld),
    })),
    trend: months.map((month) => {
      const c = monthCells.get(s.key)!.get(month)!;
      const [received, answered, answeredOnTime] = [pub(c.received), pub(c.answered), pub(c.onTime)];
      return {
        month,
        received,
        answered,
        answeredOnTime,
        onTimeRate: answered != null && answeredOnTime != null && answered > 0 ? answeredOnTime / answered : null,
      };
    }),
  });
  return {
    slug: slugs.get(company.vendorId) ?? String(company.vendorId),
    name: company.vendorName,
    periods: built.map(({ p, months, allSlice, typeSlices }) => ({
      period: p.key,
      ...publishSlice(allSlice, months),
      byType: typeSlices.map(({ t, s }) => ({ type: t, ...publishSlice(s, months) })),
    })),
  };
}
