/**
 * The public transparency board: the same numbers as the regulator dashboard, no withheld count
 * derivable from everything published at once, and no personal data in any output.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { JURISDICTIONS } from "../../app/domain/deadlines";
import type { SumRelation } from "../../app/domain/transparency";
import { getRegulatorDashboard, type VendorDashboard } from "../../app/server/regulator/metrics.server";
import { buildPublicBoard, listBoardPeriods, type PublicMeasures } from "../../app/server/transparency/board.server";
import { publicBoardSchema } from "../../app/server/transparency/board-open-data.server";
import * as page from "../../app/routes/transparency._index";
import * as companyPage from "../../app/routes/transparency.$slug";
import * as csv from "../../app/routes/transparency[.csv]";
import * as json from "../../app/routes/transparency[.json]";
import { buildOpenApi } from "../../app/server/api/openapi-document.server";
import { createTestPortal, insertVendor, type TestPortal } from "../helpers/test-portal";
import { findDeterminedCells } from "../helpers/derivability";

const DAY = 86_400_000;
const NOW = "2026-04-15T12:07:00Z";
let portal: TestPortal;
let seq = 0;
const personal: string[] = [];

function rand(seed: number) {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

/** Never on the first or last day of a month, nor the board's own day: those dates are the board's periods. */
function avoidBoardDates(t: number): number {
  const d = new Date(t);
  if (new Date(t + DAY).getUTCDate() === 1) return t + 2 * DAY;
  return d.getUTCDate() === 1 || d.toISOString().slice(0, 10) === NOW.slice(0, 10) ? t + DAY : t;
}

function insertCase(
  vendor: number,
  c: {
    jurisdiction: string;
    received: number;
    dueDays: number;
    closedAfterDays?: number;
    outcome?: string;
    basis?: string;
  },
) {
  seq += 1;
  const sqlite = portal.handle.sqlite;
  const name = `Zéphyrine Quenneville-${seq}`;
  const email = `zephyrine.${seq}@resident.example`;
  const received = avoidBoardDates(c.received);
  const filing = Number(
    sqlite
      .prepare(
        "INSERT INTO filings (idempotency_key, full_name, email, locale, jurisdiction, created_at) VALUES (?, ?, ?, 'en', ?, ?)",
      )
      .run(`board-${seq}-0123456789`, name, email, c.jurisdiction, received).lastInsertRowid,
  );
  const due = avoidBoardDates(received + c.dueDays * DAY);
  const closed = c.closedAfterDays == null ? null : avoidBoardDates(received + c.closedAfterDays * DAY);
  const reference = `BR-2026-${String(seq).padStart(6, "0")}`;
  const reason = c.outcome ? `Motif particulier numéro ${seq}` : null;
  sqlite
    .prepare(
      `INSERT INTO requests (reference, filing_id, vendor_id, type, jurisdiction, status, received_at, due_at, respond_by, extended_to, closed_at, outcome, outcome_reason, denial_basis, created_at, updated_at)
       VALUES (?, ?, ?, 'access', ?, ?, ?, ?, '2026-01-01', NULL, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      reference,
      filing,
      vendor,
      c.jurisdiction,
      c.outcome ?? "received",
      received,
      due,
      closed,
      c.outcome ?? null,
      reason,
      c.basis ?? null,
      received,
      received,
    );
  personal.push(
    name,
    email,
    reference,
    ...(reason ? [reason] : []),
    ...[received, due, closed]
      .filter((x): x is number => x != null)
      .flatMap((t) => [new Date(t).toISOString().slice(0, 10), String(t)]),
  );
}

/** A company's requests: `n` of them between two dates, with a mix of outcomes. */
function seed(
  vendor: number,
  jurisdiction: string,
  n: number,
  from: string,
  to: string,
  mix: { late: number; denied: number; withdrawn: number; open: number },
  seedNo: number,
) {
  const r = rand(seedNo);
  const a = Date.parse(from);
  const span = Date.parse(to) - a;
  for (let i = 0; i < n; i++) {
    const received = a + Math.floor((r() * span) / DAY) * DAY + 15 * 3_600_000;
    const x = r();
    if (x < mix.open) insertCase(vendor, { jurisdiction, received, dueDays: 30 });
    else if (x < mix.open + mix.withdrawn)
      insertCase(vendor, { jurisdiction, received, dueDays: 30, closedAfterDays: 3, outcome: "withdrawn" });
    else if (x < mix.open + mix.withdrawn + mix.denied)
      insertCase(vendor, {
        jurisdiction,
        received,
        dueDays: 30,
        closedAfterDays: 12,
        outcome: "denied",
        basis: r() < 0.5 ? "identity_not_verified" : "exempt_information",
      });
    else if (x < mix.open + mix.withdrawn + mix.denied + mix.late)
      insertCase(vendor, {
        jurisdiction,
        received,
        dueDays: 30,
        closedAfterDays: 35 + Math.floor(r() * 20),
        outcome: "fulfilled",
      });
    else
      insertCase(vendor, {
        jurisdiction,
        received,
        dueDays: 30,
        closedAfterDays: 2 + Math.floor(r() * 25),
        outcome: r() < 0.2 ? "partially_fulfilled" : "fulfilled",
      });
  }
}

beforeEach(() => {
  seq = 0;
  personal.length = 0;
  portal = createTestPortal({ now: NOW });
  const facette = insertVendor(portal.handle, { slug: "facette", name: "Facette AI" }).id;
  const visagio = insertVendor(portal.handle, { slug: "visagio", name: "Visagio" }).id;
  const tiny = insertVendor(portal.handle, { slug: "tinyface", name: "Tinyface" }).id;
  const perfect = insertVendor(portal.handle, { slug: "perfecto", name: "Perfecto" }).id;
  seed(facette, "CA-QC", 400, "2025-02-03", "2026-04-10", { late: 0.15, denied: 0.12, withdrawn: 0.05, open: 0.06 }, 1);
  seed(facette, "US-CA", 40, "2024-06-03", "2026-03-20", { late: 0.05, denied: 0.1, withdrawn: 0.02, open: 0.03 }, 2);
  seed(visagio, "CA-QC", 14, "2025-05-03", "2025-12-20", { late: 0.1, denied: 0.05, withdrawn: 0, open: 0.05 }, 3);
  seed(tiny, "CA-BC", 3, "2025-06-03", "2025-09-20", { late: 0.3, denied: 0, withdrawn: 0, open: 0 }, 4);
  for (let i = 0; i < 10; i++)
    insertCase(perfect, {
      jurisdiction: "CA",
      received: Date.parse("2025-07-08T15:00:00Z") + i * 3 * DAY,
      dueDays: 30,
      closedAfterDays: 5,
      outcome: "fulfilled",
    });
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
function trueCounts(d: VendorDashboard | undefined): Record<(typeof COUNTS)[number], number> {
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

describe("transparency board", () => {
  it("publishes the regulator dashboard's own numbers, wherever they are not withheld", () => {
    const board = buildPublicBoard(asOf());
    const everyone = { jurisdictions: [...JURISDICTIONS] };
    let compared = 0;
    for (const p of listBoardPeriods(asOf())) {
      const dash = getRegulatorDashboard(everyone, { period: { from: p.from, to: p.to }, now: asOf() });
      for (const company of board.companies) {
        const d = dash.find((x) => x.vendorName === company.name);
        const pub = company.periods.find((x) => x.period === p.key)!;
        const want = trueCounts(d);
        for (const k of COUNTS)
          if (pub.all[k] != null) (expect(pub.all[k], `${company.slug} ${p.key} ${k}`).toBe(want[k]), compared++);
        if (pub.all.onTimeRate != null) expect(pub.all.onTimeRate).toBe(d!.onTimeRate);
        if (pub.all.medianDays != null) expect(pub.all.medianDays).toBe(d!.medianDays);
        for (const m of pub.trend) {
          const dm = d?.byMonth.find((x) => x.month === m.month);
          if (m.received != null) expect(m.received).toBe(dm?.received ?? 0);
          if (m.answeredOnTime != null) expect(m.answeredOnTime).toBe(dm?.onTime ?? 0);
        }
        for (const j of pub.byJurisdiction) {
          const dj = getRegulatorDashboard(
            { jurisdictions: [j.jurisdiction] },
            { period: { from: p.from, to: p.to }, now: asOf() },
          ).find((x) => x.vendorName === company.name);
          const wantJ = trueCounts(dj);
          for (const k of COUNTS) if (j.measures[k] != null) (expect(j.measures[k]).toBe(wantJ[k]), compared++);
        }
      }
    }
    expect(compared).toBeGreaterThan(100);
    // Facette's last 12 months are large enough to be ranked; Tinyface's 3 requests are all withheld.
    const twelve = (slug: string) =>
      board.companies.find((c) => c.slug === slug)!.periods.find((p) => p.period === "12m")!;
    expect(twelve("facette").all.onTimeRate).not.toBeNull();
    expect(twelve("tinyface").all.received).toBeNull();
    expect(twelve("perfecto").all).toMatchObject({
      received: 10,
      answeredOnTime: 10,
      answeredLate: 0,
      onTimeRate: 1,
      onTimeHigh: 1,
    });
  });

  it("withholds every count of 1 to 9, and no withheld count follows from all the published ones together", () => {
    const board = buildPublicBoard(asOf());
    const everyone = { jurisdictions: [...JURISDICTIONS] };
    const periods = listBoardPeriods(asOf());
    const truth = periods.map((p) => ({
      key: p.key,
      all: getRegulatorDashboard(everyone, { period: { from: p.from, to: p.to }, now: asOf() }),
      j: new Map(
        JURISDICTIONS.map((j) => [
          j,
          getRegulatorDashboard({ jurisdictions: [j] }, { period: { from: p.from, to: p.to }, now: asOf() }),
        ]),
      ),
    }));
    let withheldSeen = 0;
    for (const company of board.companies) {
      // Rebuild, from the published board alone, every relation a reader could use; the true
      // values stand in for the withheld cells, and the proof asks which of them the rest pins.
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
        // Only relations that hold exactly are known to a reader.
        if (parts.reduce((a, p) => a + values[p]!, 0) === values[total]) relations.push({ total, parts });
        else {
          values.push(values[total]! - parts.reduce((a, p) => a + values[p]!, 0));
          withheld.push(true);
          relations.push({ total, parts: [...parts, values.length - 1] });
        }
      };
      const months = new Map<string, number[]>();
      for (const pub of company.periods) {
        const t = truth.find((x) => x.key === pub.period)!;
        const scope = (m: PublicMeasures, d: VendorDashboard | undefined) => {
          const want = trueCounts(d);
          const c = Object.fromEntries(COUNTS.map((k) => [k, cell(m[k], want[k])])) as Record<
            (typeof COUNTS)[number],
            number
          >;
          const bases = new Map(m.deniedByBasis.map((b) => [b.basis, cell(b.count, d?.deniedByBasis[b.basis] ?? 0)]));
          sum(c.received, [c.answered, c.withdrawn, c.openNow]);
          sum(c.answered, [c.answeredOnTime, c.answeredLate]);
          sum(c.answered, [c.fulfilled, c.partiallyFulfilled, c.denied]);
          if (bases.size) sum(c.denied, [...bases.values()]);
          // A published rate with a published denominator is a published numerator.
          if (m.onTimeRate != null) expect(m.answered != null && m.answeredOnTime != null).toBe(true);
          return { c, bases };
        };
        const all = scope(
          pub.all,
          t.all.find((x) => x.vendorName === company.name),
        );
        const js = pub.byJurisdiction.map((j) =>
          scope(
            j.measures,
            t.j.get(j.jurisdiction as never)!.find((x) => x.vendorName === company.name),
          ),
        );
        if (js.length) {
          for (const k of COUNTS)
            sum(
              all.c[k],
              js.map((x) => x.c[k]),
            );
          for (const [b, i] of all.bases)
            sum(
              i,
              js.map((x) => x.bases.get(b)!),
            );
        }
        const d = t.all.find((x) => x.vendorName === company.name);
        for (const m of pub.trend) {
          if (!months.has(m.month)) {
            const dm = d?.byMonth.find((x) => x.month === m.month);
            months.set(m.month, [
              cell(m.received, dm?.received ?? 0),
              cell(m.answered, dm?.answered ?? 0),
              cell(m.answeredOnTime, dm?.onTime ?? 0),
            ]);
          }
        }
        const mc = pub.trend.map((m) => months.get(m.month)!);
        sum(
          all.c.received,
          mc.map((x) => x[0]!),
        );
        sum(
          all.c.answered,
          mc.map((x) => x[1]!),
        );
        sum(
          all.c.answeredOnTime,
          mc.map((x) => x[2]!),
        );
      }
      withheldSeen += withheld.filter(Boolean).length;
      const determined = findDeterminedCells(withheld, relations).filter((i) => values[i]! > 0 && values[i]! < 10);
      expect(determined, `${company.slug}: withheld small counts that can be derived`).toEqual([]);
    }
    expect(withheldSeen).toBeGreaterThan(20);
  });

  it("ranks by the lower end of the Wilson interval: 10 of 10 is not ahead of a large record", async () => {
    const res = (await page.loader({
      request: new Request("http://localhost/transparency"),
      params: {},
      context: {},
    })) as Awaited<ReturnType<typeof page.loader>>;
    const ranked = res.companies.filter((c) => c.measures.onTimeLow != null);
    for (let i = 1; i < ranked.length; i++)
      expect(ranked[i - 1]!.measures.onTimeLow!).toBeGreaterThanOrEqual(ranked[i]!.measures.onTimeLow!);
    expect(ranked.map((c) => c.slug)).toContain("perfecto");
  });

  it("shows no name, email, reference, free text or date of any request in any output", async () => {
    const get = (path: string) => new Request(`http://localhost${path}`, { headers: { "Accept-Language": "fr-CA" } });
    const outputs: string[] = [];
    for (const q of ["", "?period=2025", "?period=12m&jurisdiction=CA-QC", "?period=2024&jurisdiction=US-CA"]) {
      outputs.push(JSON.stringify(await page.loader({ request: get(`/transparency${q}`), params: {}, context: {} })));
      for (const slug of ["facette", "visagio", "tinyface", "perfecto"])
        outputs.push(
          JSON.stringify(
            await companyPage.loader({ request: get(`/transparency/${slug}${q}`), params: { slug }, context: {} }),
          ),
        );
    }
    const c = (await csv.loader({ request: get("/transparency.csv") })) as Response;
    const j = (await json.loader({ request: get("/transparency.json") })) as Response;
    const csvText = await c.text();
    const jsonBody = await j.json();
    outputs.push(csvText, JSON.stringify(jsonBody));
    expect(publicBoardSchema.parse(jsonBody)).toBeTruthy();
    expect(csvText.split("\r\n")[0]).toContain("company,company_slug,period");
    const all = outputs.join("\n");
    expect(all).not.toMatch(/BR-\d{4}-\d+/);
    expect(all).not.toMatch(/@/);
    for (const p of new Set(personal)) expect(all.includes(p), `published: ${p}`).toBe(false);
  });

  it("documents /transparency.json in the OpenAPI document", () => {
    const doc = buildOpenApi("http://localhost:3000") as {
      paths: Record<string, unknown>;
      components: { schemas: Record<string, unknown> };
    };
    expect(doc.paths["/transparency"]).toBeTruthy();
    expect(doc.components.schemas.Transparency).toBeTruthy();
  });

  it("answers 404 for an unknown company", async () => {
    await expect(
      companyPage.loader({
        request: new Request("http://localhost/transparency/nobody"),
        params: { slug: "nobody" },
        context: {},
      }),
    ).rejects.toMatchObject({ status: 404 });
  });
});
