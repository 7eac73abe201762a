/**
 * `GET /api/v1/rules`: the public catalogue of the rules as open data — the same view model the
 * `/law` pages render (app/domain/law-catalogue.ts), in one language, with a zod schema that the
 * OpenAPI document publishes and the contract test checks real answers against.
 */
import { z } from "zod";
import { isJurisdictionCode, isRequestType, type JurisdictionCode, type RequestType } from "~/domain/deadlines";
import { describeLawCatalogue } from "~/domain/law-catalogue";
import type { Locale } from "~/i18n";

const period = z.object({
  kind: z.enum(["calendar_days", "business_days", "months"]),
  length: z.number().int().positive(),
});

export const ruleVersionSchema = z.object({
  version: z.number().int().positive(),
  effectiveFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  supersededFrom: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .nullable(),
  lastReviewed: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .nullable(),
  statutory: z.boolean(),
  regime: z.string(),
  citation: z.string(),
  citations: z.array(z.string()),
  summary: z.string(),
  period: period.nullable(),
  counting: z.string(),
  timeZone: z.string(),
  computation: z.object({
    citation: z.string(),
    description: z.string().nullable(),
    rollForward: z.string(),
    holidays: z.object({ place: z.string(), citation: z.string() }),
    certainty: z.string().nullable(),
  }),
  acknowledgement: z.object({ period, citation: z.string() }).nullable(),
  extension: z
    .object({ additional: period, conditions: z.string(), citation: z.string(), noticeBy: z.string() })
    .nullable(),
  pause: z.object({
    allowed: z.boolean(),
    reasons: z.array(z.string()),
    modes: z.record(z.string(), z.string()),
    citation: z.string(),
    explanation: z.string(),
  }),
  noReply: z.enum(["deemed_refusal"]).nullable(),
  complaint: z
    .object({
      regulator: z.string(),
      url: z.string().nullable(),
      window: period.nullable(),
      windowText: z.string(),
      citation: z.string(),
    })
    .nullable(),
  nonStatutory: z.object({ requirements: z.string(), defaultServiceTargetDays: z.number().int() }).nullable(),
  uncertainties: z.array(
    z.object({ id: z.string(), text: z.string(), sources: z.array(z.string()), inLatestDefensibleDate: z.boolean() }),
  ),
  replaces: z
    .object({ version: z.number().int(), reason: z.enum(["correction", "change_in_law"]), changes: z.string() })
    .nullable(),
});

export const publicRulesSchema = z.object({
  format: z.literal("biometric-rights-portal/rules@1"),
  generatedAt: z.string(),
  language: z.enum(["en", "fr-CA"]),
  licence: z.string(),
  catalogue: z.string(),
  jurisdictions: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      regime: z.string(),
      regimeName: z.string(),
      timeZone: z.string(),
      lastReviewed: z.string().nullable(),
      rules: z.array(
        z.object({
          ruleId: z.string(),
          type: z.string(),
          current: ruleVersionSchema,
          history: z.array(ruleVersionSchema),
        }),
      ),
    }),
  ),
});
export type PublicRules = z.infer<typeof publicRulesSchema>;

export type RulesQuery =
  { ok: true; jurisdiction?: JurisdictionCode; type?: RequestType; locale: Locale } | { ok: false; error: string };

/** `?jurisdiction=`, `?type=` (optional filters) and `?lang=` (en, fr, fr-CA). */
export function parseRulesQuery(params: URLSearchParams): RulesQuery {
  const j = params.get("jurisdiction");
  const t = params.get("type");
  const lang = params.get("lang");
  if (j !== null && !isJurisdictionCode(j)) return { ok: false, error: "unknown_jurisdiction" };
  if (t !== null && !isRequestType(t)) return { ok: false, error: "unknown_type" };
  if (lang !== null && !["en", "fr", "fr-CA"].includes(lang)) return { ok: false, error: "unknown_language" };
  return {
    ok: true,
    jurisdiction: j ?? undefined,
    type: (t as RequestType | null) ?? undefined,
    locale: lang === "fr" || lang === "fr-CA" ? "fr-CA" : "en",
  };
}

export function buildPublicRules(opts: {
  now: Date;
  locale: Locale;
  jurisdiction?: JurisdictionCode;
  type?: RequestType;
  publicUrl: string;
}): PublicRules {
  return {
    format: "biometric-rights-portal/rules@1",
    generatedAt: opts.now.toISOString(),
    language: opts.locale,
    licence: "Open data: CC BY 4.0. Not legal advice; the citations are the authority.",
    catalogue: `${opts.publicUrl}/law`,
    jurisdictions: describeLawCatalogue(opts).map((j) => ({
      code: j.code,
      name: j.name,
      regime: j.regime,
      regimeName: j.regimeName,
      timeZone: j.timeZone,
      lastReviewed: j.lastReviewed,
      rules: j.entries.map((e) => ({ ruleId: e.ruleId, type: e.type, current: e.current, history: e.history })),
    })),
  };
}
