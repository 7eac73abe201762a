/**
 * What `/transparency` and `/transparency/<slug>` show of the public board: one period, all
 * jurisdictions or one, every request type or one. Every combination is a slice of the one board
 * suppressed as a whole (board.server.ts), so a filter only picks figures, never computes new ones.
 */
import { z } from "zod";
import { describeJurisdiction, isJurisdictionCode, REQUEST_TYPES, type RequestType } from "~/domain/deadlines";
import type { Locale } from "~/i18n";
import { denialBasisLabel } from "../vendor/denial-labels.server";
import { getPublicBoard } from "./board-cache.server";
import type { Cell, PublicMeasures, PublicSlice } from "./board.server";

const requestTypeSchema = z.enum(REQUEST_TYPES as [RequestType, ...RequestType[]]);

/** The filters in the query string; an empty value (the form's "all") is no filter. */
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
  type: requestTypeSchema.optional().or(z.literal("").transform(() => undefined)),
});
export type BoardQuery = z.infer<typeof boardQuerySchema>;

/** The query, or the unfiltered board when it does not parse (a public page never answers 400). */
export function parseBoardQuery(url: URL): BoardQuery {
  const parsed = boardQuerySchema.safeParse(Object.fromEntries(url.searchParams));
  return parsed.success ? parsed.data : { period: "12m", jurisdiction: undefined, type: undefined };
}

export interface BoardCompanyView {
  slug: string;
  name: string;
  measures: PublicMeasures;
  bases: { label: string; count: Cell }[];
  trend: PublicSlice["trend"];
}

/**
 * One period, scope and type of the board: companies ranked by the lower bound of their on-time
 * interval (a company with 1 answer of 1 on time ranks below one with 950 of 1,000), unranked
 * companies after them by name.
 */
export async function getBoardView(
  now: Date,
  query: {
    period: string;
    jurisdiction?: string | undefined;
    type?: RequestType | undefined;
    slug?: string | undefined;
  },
  locale: Locale,
) {
  const board = await getPublicBoard(now);
  const period = board.periods.find((p) => p.key === query.period) ?? board.periods[0]!;
  const jurisdictions = [
    ...new Set(board.companies.flatMap((c) => c.periods.flatMap((p) => p.byJurisdiction.map((j) => j.jurisdiction)))),
  ]
    .filter(isJurisdictionCode)
    .map((code) => ({ code, name: describeJurisdiction(code, locale).name }))
    .sort((a, b) => a.name.localeCompare(b.name, locale));
  const jurisdiction = jurisdictions.find((j) => j.code === query.jurisdiction)?.code ?? null;
  const type = query.type ?? null;
  const collator = new Intl.Collator(locale);
  const companies: BoardCompanyView[] = board.companies
    .filter((c) => !query.slug || c.slug === query.slug)
    .map((c) => {
      const p = c.periods.find((x) => x.period === period.key)!;
      // A type the company did not receive in the period has no slice: every figure is withheld-looking.
      const slice: PublicSlice | undefined = type ? p.byType.find((x) => x.type === type) : p;
      const measures = !slice
        ? emptyMeasures()
        : jurisdiction
          ? (slice.byJurisdiction.find((x) => x.jurisdiction === jurisdiction)?.measures ?? emptyMeasures())
          : slice.all;
      return {
        slug: c.slug,
        name: c.name,
        measures,
        bases: measures.deniedByBasis.map((b) => ({ label: denialBasisLabel(b.basis, locale), count: b.count })),
        trend:
          slice?.trend ??
          p.trend.map((m) => ({ ...m, received: null, answered: null, answeredOnTime: null, onTimeRate: null })),
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
    types: [...REQUEST_TYPES],
    type,
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
