/**
 * The board filtered by request type: the dashboard's own numbers for each type (one read model),
 * and suppression that holds across every filter at once. The attack: a company with hundreds of
 * access requests and 3 deletion requests. Publishing "all types" and "access" would give
 * deletion = all − access; every combination of period, jurisdiction, type and month is one
 * system, so no small count can be solved from everything published together.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { JURISDICTIONS, REQUEST_TYPES, type RequestType } from "../../app/domain/deadlines";
import type { SumRelation } from "../../app/domain/transparency";
import { getRegulatorDashboard, type VendorDashboard } from "../../app/server/regulator/metrics.server";
import { buildPublicBoard, listBoardPeriods, type PublicMeasures } from "../../app/server/transparency/board.server";
import { publicBoardSchema } from "../../app/server/transparency/board-open-data.server";
import * as page from "../../app/routes/transparency._index";
import * as companyPage from "../../app/routes/transparency.$slug";
import * as csv from "../../app/routes/transparency[.csv]";
import * as json from "../../app/routes/transparency[.json]";
import * as api from "../../app/routes/api.v1.transparency";
import { createTestPortal, insertVendor, type TestPortal } from "../helpers/test-portal";
import { findDeterminedCells } from "../helpers/derivability";

const DAY = 86_400_000;
const NOW = "2026-04-15T12:07:00Z";
let portal: TestPortal;
let seq = 0;

/** `n` requests of one type, spread over whole days from `from`, with a mix of outcomes. */
function seed(vendor: number, type: RequestType, jurisdiction: string, n: number, from: string, stepDays: number) {
  const sqlite = portal.handle.sqlite;
  for (let i = 0; i < n; i++) {
    seq += 1;
    const received = Date.parse(from) + (i * stepDays + 1) * DAY + 15 * 3_600_000;
    const filing = Number(
      sqlite
        .prepare(
          "INSERT INTO filings (idempotency_key, full_name, email, locale, jurisdiction, created_at) VALUES (?, 'A B', 'a@b.example', 'en', ?, ?)",
        )
        .run(`types-${seq}-0123456789`, jurisdiction, received).lastInsertRowid,
    );
    const kind = i % 7;
    const closed = kind === 6 ? null : received + (kind === 5 ? 40 : 4 + kind) * DAY;
    const outcome = kind === 6 ? null : kind === 4 ? "denied" : kind === 3 ? "withdrawn" : "fulfilled";
    sqlite
      .prepare(
        `INSERT INTO requests (reference, filing_id, vendor_id, type, jurisdiction, status, received_at, due_at, respond_by, closed_at, outcome, denial_basis, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, '2026-01-01', ?, ?, ?, ?, ?)`,
      )
      .run(
        `BT-2026-${String(seq).padStart(6, "0")}`,
        filing,
        vendor,
        type,
        jurisdiction,
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

beforeEach(() => {
  seq = 0;
  portal = createTestPortal({ now: NOW });
  const facette = insertVendor(portal.handle, { slug: "facette", name: "Facette AI" }).id;
  const visagio = insertVendor(portal.handle, { slug: "visagio", name: "Visagio" }).id;
  // Facette: many access requests, a few deletions (the cell an attacker wants), some opt-outs.
  seed(facette, "access", "CA-QC", 160, "2025-04-01", 2);
  seed(facette, "access", "US-CA", 40, "2025-05-01", 7);
  seed(facette, "deletion", "CA-QC", 3, "2025-06-10", 20);
  seed(facette, "opt_out", "US-CA", 25, "2025-05-03", 11);
  seed(visagio, "deletion", "CA-QC", 30, "2025-05-02", 9);
  seed(visagio, "access", "CA-QC", 4, "2025-07-02", 15);
});
afterEach(() => portal.close());

const asOf = () => new Date(Math.floor(Date.parse(NOW) / (15 * 60_000)) * 15 * 60_000);
const COUNTS = [
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
type Count = (typeof COUNTS)[number];
function trueCounts(d: VendorDashboard | undefined): Record<Count, number> {
  return {
    received: d?.received ?? 0,
    answered: d?.answered ?? 0,
    answeredOnTime: d?.answeredOnTime ?? 0,
    answeredLate: (d?.answered ?? 0) - (d?.answeredOnTime ?? 0),
    fulfilled: d?.fulfilled ?? 0,
    partiallyFulfilled: d?.partiallyFulfilled ?? 0,
    denied: d?.denied ?? 0,
    withdrawn: d?.withdrawn ?? 0,
    deemedRefused: d?.deemedRefused ?? 0,
    openNow: d?.openNow ?? 0,
    overdueNow: d?.overdueNow ?? 0,
  };
}
const everywhere = { jurisdictions: [...JURISDICTIONS] };
function dashboard(p: { from: Date; to: Date }, jurisdictions: string[], type?: RequestType) {
  return getRegulatorDashboard({ jurisdictions }, { period: { from: p.from, to: p.to }, now: asOf(), type });
}

describe("transparency board by request type", () => {
  it("publishes the dashboard's own numbers for each type, in total and by jurisdiction", () => {
    const board = buildPublicBoard(asOf());
    let compared = 0;
    for (const p of listBoardPeriods(asOf()))
      for (const type of REQUEST_TYPES) {
        const dash = dashboard(p, everywhere.jurisdictions, type);
        for (const company of board.companies) {
          const d = dash.find((x) => x.vendorName === company.name);
          const slice = company.periods.find((x) => x.period === p.key)!.byType.find((x) => x.type === type);
          // A type the company did not receive in the period has no slice at all.
          expect(slice == null, `${company.slug} ${p.key} ${type}`).toBe((d?.received ?? 0) === 0);
          if (!slice) continue;
          const want = trueCounts(d);
          for (const k of COUNTS) if (slice.all[k] != null) (expect(slice.all[k]).toBe(want[k]), compared++);
          if (slice.all.medianDays != null) expect(slice.all.medianDays).toBe(d!.medianDays);
          for (const j of slice.byJurisdiction) {
            const wantJ = trueCounts(dashboard(p, [j.jurisdiction], type).find((x) => x.vendorName === company.name));
            for (const k of COUNTS) if (j.measures[k] != null) (expect(j.measures[k]).toBe(wantJ[k]), compared++);
          }
          for (const m of slice.trend) {
            const dm = d?.byMonth.find((x) => x.month === m.month);
            if (m.received != null) (expect(m.received).toBe(dm?.received ?? 0), compared++);
          }
        }
      }
    expect(compared).toBeGreaterThan(100);
    const twelve = board.companies.find((c) => c.slug === "facette")!.periods.find((p) => p.period === "12m")!;
    // The 3 deletions are withheld, and so is whatever would give them away.
    expect(twelve.byType.find((x) => x.type === "deletion")!.all.received).toBeNull();
    expect(twelve.byType.find((x) => x.type === "access")!.all.received).not.toBeNull();
    // Here deletion = total − access − opt-out, and opt-out is pinned by its one jurisdiction:
    // the total is what gets withheld; the access figures stay published.
    expect(twelve.all.received).toBeNull();
  });

  it("no withheld count of 1 to 9 follows from every figure of every filter together (all types − the others)", () => {
    const board = buildPublicBoard(asOf());
    const periods = listBoardPeriods(asOf());
    let withheldSeen = 0;
    for (const company of board.companies) {
      const values: number[] = [];
      const withheld: boolean[] = [];
      const relations: SumRelation[] = [];
      const cell = (published: number | null, actual: number) => {
        if (published != null) expect(published).toBe(actual);
        if (actual > 0 && actual < 10)
          expect(published, `${company.slug}: a count of ${actual} is published`).toBeNull();
        values.push(actual);
        withheld.push(published == null);
        return values.length - 1;
      };
      const sum = (total: number, parts: number[]) => {
        if (!parts.length) return;
        const s = parts.reduce((a, p) => a + values[p]!, 0);
        if (s === values[total]) relations.push({ total, parts });
        else {
          values.push(values[total]! - s);
          withheld.push(true);
          relations.push({ total, parts: [...parts, values.length - 1] });
        }
      };
      type Scope = { c: Record<Count, number>; bases: Map<string, number> };
      const scope = (m: PublicMeasures, d: VendorDashboard | undefined): Scope => {
        const want = trueCounts(d);
        const c = Object.fromEntries(COUNTS.map((k) => [k, cell(m[k], want[k])])) as Record<Count, number>;
        const bases = new Map(m.deniedByBasis.map((b) => [b.basis, cell(b.count, d?.deniedByBasis[b.basis] ?? 0)]));
        sum(c.received, [c.answered, c.withdrawn, c.openNow]);
        sum(c.answered, [c.answeredOnTime, c.answeredLate]);
        sum(c.answered, [c.fulfilled, c.partiallyFulfilled, c.denied]);
        if (bases.size) sum(c.denied, [...bases.values()]);
        return { c, bases };
      };
      const sumScopes = (total: Scope, parts: Scope[]) => {
        for (const k of COUNTS)
          sum(
            total.c[k],
            parts.map((x) => x.c[k]),
          );
        for (const [b, i] of total.bases)
          sum(
            i,
            parts.flatMap((x) => (x.bases.has(b) ? [x.bases.get(b)!] : [])),
          );
      };
      // Month cells per slice ("all" or a type), shared by the periods holding the month.
      const months = new Map<string, number[]>();
      for (const pub of company.periods) {
        const p = periods.find((x) => x.key === pub.period)!;
        const slices = [
          { key: "all", type: undefined, s: pub },
          ...pub.byType.map((x) => ({ key: x.type, type: x.type, s: x })),
        ];
        const built = slices.map(({ key, type, s }) => {
          const d = dashboard(p, everywhere.jurisdictions, type).find((x) => x.vendorName === company.name);
          const all = scope(s.all, d);
          const js = new Map(
            s.byJurisdiction.map((j) => [
              j.jurisdiction,
              scope(
                j.measures,
                dashboard(p, [j.jurisdiction], type).find((x) => x.vendorName === company.name),
              ),
            ]),
          );
          if (js.size) sumScopes(all, [...js.values()]);
          for (const m of s.trend) {
            const k = `${key}:${m.month}`;
            if (!months.has(k)) {
              const dm = d?.byMonth.find((x) => x.month === m.month);
              months.set(k, [
                cell(m.received, dm?.received ?? 0),
                cell(m.answered, dm?.answered ?? 0),
                cell(m.answeredOnTime, dm?.onTime ?? 0),
              ]);
            }
          }
          const mc = s.trend.map((m) => months.get(`${key}:${m.month}`)!);
          for (const i of [0, 1, 2])
            sum(
              [all.c.received, all.c.answered, all.c.answeredOnTime][i]!,
              mc.map((x) => x[i]!),
            );
          return { key, all, js };
        });
        const [total, ...types] = built;
        // What a reader knows: the types add up to the total, in total and per jurisdiction.
        sumScopes(
          total!.all,
          types.map((x) => x.all),
        );
        for (const [j, sc] of total!.js)
          sumScopes(
            sc,
            types.flatMap((x) => (x.js.has(j) ? [x.js.get(j)!] : [])),
          );
      }
      for (const [k, cells] of months) {
        if (!k.startsWith("all:")) continue;
        const month = k.slice(4);
        const parts = REQUEST_TYPES.flatMap((t) => (months.has(`${t}:${month}`) ? [months.get(`${t}:${month}`)!] : []));
        for (const i of [0, 1, 2])
          sum(
            cells[i]!,
            parts.map((x) => x[i]!),
          );
      }
      withheldSeen += withheld.filter(Boolean).length;
      const determined = findDeterminedCells(withheld, relations).filter((i) => values[i]! > 0 && values[i]! < 10);
      expect(determined, `${company.slug}: withheld small counts that can be derived`).toEqual([]);
    }
    expect(withheldSeen).toBeGreaterThan(20);
  }, 240_000);

  it("filters the pages, the CSV and the JSON by ?type=, and refuses an unknown type in the open data", async () => {
    const get = (path: string) => new Request(`http://localhost${path}`);
    const all = (await page.loader({ request: get("/transparency"), params: {}, context: {} })) as Awaited<
      ReturnType<typeof page.loader>
    >;
    const deletion = (await page.loader({
      request: get("/transparency?type=deletion"),
      params: {},
      context: {},
    })) as Awaited<ReturnType<typeof page.loader>>;
    expect(all.type).toBeNull();
    expect(deletion.type).toBe("deletion");
    const visagioAll = all.companies.find((c) => c.slug === "visagio")!.measures;
    const visagioDeletion = deletion.companies.find((c) => c.slug === "visagio")!.measures;
    expect(visagioDeletion.received).toBe(30);
    expect(visagioAll.received).not.toBe(visagioDeletion.received);
    // An unknown type on a page is no filter (a public page never answers 400).
    const junk = (await page.loader({
      request: get("/transparency?type=<script>"),
      params: {},
      context: {},
    })) as Awaited<ReturnType<typeof page.loader>>;
    expect(junk.type).toBeNull();
    const company = (await companyPage.loader({
      request: get("/transparency/facette?type=opt_out&jurisdiction=US-CA"),
      params: { slug: "facette" },
      context: {},
    })) as Awaited<ReturnType<typeof companyPage.loader>>;
    expect(company.type).toBe("opt_out");
    const slice = buildPublicBoard(asOf())
      .companies.find((c) => c.slug === "facette")!
      .periods.find((p) => p.period === "12m")!
      .byType.find((x) => x.type === "opt_out")!;
    expect(company.company.measures).toEqual(slice.byJurisdiction.find((j) => j.jurisdiction === "US-CA")!.measures);

    const csvAll = await ((await csv.loader({ request: get("/transparency.csv") })) as Response).text();
    const header = csvAll.split("\r\n")[0]!.split(",");
    expect(header.slice(5, 7)).toEqual(["jurisdiction", "request_type"]);
    const typeCol = header.indexOf("request_type");
    const rows = csvAll.trim().split("\r\n").slice(1);
    expect(new Set(rows.map((r) => r.split(",")[typeCol]))).toEqual(new Set(["all", "access", "deletion", "opt_out"]));
    const csvDeletion = await (
      (await csv.loader({ request: get("/transparency.csv?type=deletion") })) as Response
    ).text();
    const deletionRows = csvDeletion.trim().split("\r\n").slice(1);
    expect(deletionRows.length).toBeGreaterThan(0);
    expect(deletionRows.every((r) => r.split(",")[typeCol] === "deletion")).toBe(true);
    expect(((await csv.loader({ request: get("/transparency.csv?type=everything") })) as Response).status).toBe(400);

    for (const route of [json, api]) {
      const body = (await (
        (await route.loader({ request: get("/transparency.json?type=access") })) as Response
      ).json()) as {
        requestType: string;
        companies: { periods: { byType: { type: string }[] }[] }[];
      };
      expect(publicBoardSchema.parse(body)).toBeTruthy();
      expect(body.requestType).toBe("access");
      const types = new Set(body.companies.flatMap((c) => c.periods.flatMap((p) => p.byType.map((x) => x.type))));
      expect([...types]).toEqual(["access"]);
      expect(((await route.loader({ request: get("/transparency.json?type=1%27") })) as Response).status).toBe(400);
    }
  });
});
