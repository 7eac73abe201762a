/**
 * The public board as open data (CC BY 4.0): the CSV and the JSON document, and the JSON's schema
 * (OpenAPI components.schemas.Transparency). Both take `?type=` (a request type).
 */
import { z } from "zod";
import { REQUEST_TYPES, type RequestType } from "~/domain/deadlines";
import { getRuntime, now } from "../core/runtime.server";
import { getPublicBoard } from "./board-cache.server";
import type { Cell, PublicBoard } from "./board.server";
import { listPublishedResponses, type PublishedResponse } from "./public-responses.server";

/** The CSV's columns, in order (documented on the page and in the OpenAPI description). */
export const CSV_COLUMNS = [
  "company",
  "company_slug",
  "period",
  "period_from",
  "period_to",
  "jurisdiction",
  "request_type",
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

/**
 * One row per company, period, scope ("all" or a jurisdiction) and request type ("all" or a
 * type); withheld counts as "withheld". `type` keeps only that type's rows. Companies' public
 * responses are free text and are left out: they are in the JSON.
 */
export function formatBoardCsv(board: PublicBoard, type?: RequestType): string {
  const periodOf = new Map(board.periods.map((p) => [p.key, p]));
  const c = (x: Cell) => (x == null ? WITHHELD : String(x));
  const r = (x: number | null) => (x == null ? "" : x.toFixed(4));
  const q = (s: string) =>
    /[",\n\r]/.test(s) || /^[=+\-@\t\r]/.test(s) ? `"${s.replace(/^([=+\-@\t\r])/, "'$1").replace(/"/g, '""')}"` : s;
  const lines = [CSV_COLUMNS.join(",")];
  for (const co of board.companies)
    for (const p of co.periods)
      for (const [requestType, slice] of [["all", p] as const, ...p.byType.map((x) => [x.type, x] as const)]) {
        if (type && requestType !== type) continue;
        for (const [jurisdiction, m] of [
          ["all", slice.all] as const,
          ...slice.byJurisdiction.map((x) => [x.jurisdiction, x.measures] as const),
        ]) {
          const per = periodOf.get(p.period)!;
          lines.push(
            [
              q(co.name),
              co.slug,
              p.period,
              per.from,
              per.to,
              jurisdiction,
              requestType,
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
      }
  return lines.join("\r\n") + "\r\n";
}

export const BOARD_LICENCE = "CC BY 4.0 — https://creativecommons.org/licenses/by/4.0/";

/**
 * The JSON open-data document: the board itself, with its licence, the rule it was anonymised by
 * and each company's published response. `type` keeps only that type in every period's byType.
 */
export function formatBoardJson(
  board: PublicBoard,
  publicUrl: string,
  responses: ReadonlyMap<string, PublishedResponse>,
  type?: RequestType,
) {
  return {
    licence: BOARD_LICENCE,
    source: `${publicUrl.replace(/\/$/, "")}/transparency`,
    suppression: `Counts from 1 to ${board.threshold - 1} are withheld (null), and further counts where the published ones would reveal a withheld one, across every period, jurisdiction, request type and month at once; rates and medians only where every count they are computed from is published.`,
    requestType: type ?? "all",
    asOf: board.asOf,
    threshold: board.threshold,
    periods: board.periods,
    companies: board.companies.map((c) => ({
      ...c,
      response: responses.get(c.slug) ?? null,
      periods: c.periods.map((p) => (type ? { ...p, byType: p.byType.filter((x) => x.type === type) } : p)),
    })),
  };
}

const cellSchema = z
  .number()
  .int()
  .nonnegative()
  .nullable()
  .describe("A count, or null when withheld (1 to 9 requests, or withheld so that no such count can be derived)");
const trendSchema = z.array(
  z.object({
    month: z.string(),
    received: cellSchema,
    answered: cellSchema,
    answeredOnTime: cellSchema,
    onTimeRate: z.number().nullable(),
  }),
);
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
  requestType: z
    .enum(["all", ...REQUEST_TYPES] as [string, ...string[]])
    .describe("The `type` query parameter: every period's byType holds only that type ('all': every type)"),
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
          trend: trendSchema,
          byType: z
            .array(
              z.object({
                type: z.enum(REQUEST_TYPES as [string, ...string[]]),
                all: measuresSchema,
                byJurisdiction: z.array(z.object({ jurisdiction: z.string(), measures: measuresSchema })),
                trend: trendSchema,
              }),
            )
            .describe("The same figures for each request type the company received in the period"),
        }),
      ),
      response: z
        .object({
          en: z.string().nullable(),
          fr: z.string().nullable().describe("fr-CA"),
          publishedAt: z.string(),
        })
        .nullable()
        .describe("The company's own public response, plain text, as moderated by the portal admin; null when none"),
    }),
  ),
});

/** `?type=` of the open-data files: a request type, or none (every type); anything else is refused. */
export const openDataQuerySchema = z.object({
  type: z
    .enum(REQUEST_TYPES as [RequestType, ...RequestType[]])
    .optional()
    .or(z.literal("").transform(() => undefined)),
});

/** The JSON answer of /transparency.json and /api/v1/transparency (400 for an unknown `type`). */
export async function openTransparencyJson(request: Request): Promise<Response> {
  const query = openDataQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) return Response.json({ error: "unknown_request_type" }, { status: 400 });
  const doc = formatBoardJson(
    await getPublicBoard(now()),
    getRuntime().config.publicUrl,
    listPublishedResponses(),
    query.data.type,
  );
  return Response.json(doc, { headers: { "Cache-Control": "public, max-age=300" } });
}
