/**
 * The public deadline API (pinned: /api/v1/deadlines and /api/v1/jurisdictions). The shapes
 * here are a contract other features and outside tools rely on: add fields, never rename.
 */
import { z } from "zod";
import {
  computeDeadlineFromParams,
  describeJurisdiction,
  JURISDICTIONS,
  listRules,
  REQUEST_TYPES,
  type DeadlineResult,
  type DeadlineRule,
} from "~/domain/deadlines";
import type { Locale } from "~/i18n";

export const RECEIVED_AT_FORMAT =
  "an ISO 8601 instant with offset or Z (2026-03-05T14:30:00-05:00), or a plain date YYYY-MM-DD meaning that local date";

export const deadlineQuerySchema = z.object({
  jurisdiction: z.string({ error: "jurisdiction is required" }).min(1, { error: "jurisdiction is required" }),
  type: z.string({ error: "type is required" }).min(1, { error: "type is required" }),
  receivedAt: z.string({ error: "receivedAt is required" }).min(1, { error: "receivedAt is required" }).max(64),
  lang: z.enum(["en", "fr", "fr-CA"]).optional(),
});

export interface PublicDeadline {
  jurisdiction: string;
  jurisdictionName: string;
  type: string;
  ruleId: string;
  ruleVersion: number;
  regime: string;
  timeZone: string;
  receivedOn: string;
  statutory: boolean;
  respondBy: string | null;
  respondByInstant: string | null;
  acknowledgeBy: string | null;
  extension: { maxRespondBy: string; noticeBy: string } | null;
  noReply: "deemed_refusal" | null;
  citation: string;
  citations: readonly string[];
  summary: string;
  /** Where the law sets no deadline: the vendor-policy target, clearly not statutory. */
  serviceTarget: { respondBy: string; days: number; statutory: false; requirements: string } | null;
  complaint: DeadlineResult["complaint"];
  /** A later but defensible reading of an unsettled counting rule, for information only. */
  latestDefensibleRespondBy: string | null;
  /**
   * Where the law is unsettled: every date under the later defensible reading, shown beside the
   * deadline (the earlier date stays the deadline). Null where the law is settled.
   */
  latestDefensible: DeadlineResult["latestDefensible"];
  /** Date the rule version was last checked against the law (null: not since first written). */
  lastReviewed: string | null;
  effectiveFrom: string;
  /** How this jurisdiction's law counts time and moves a last day off a non-working day. */
  computation: { citation: string; description: string };
  /** Unsettled points, in words a resident understands, with both readings and the sources. */
  uncertainties: { id: string; text: string; sources: readonly string[] }[];
  explanation: string[];
}

export type DeadlineQueryResult =
  | { ok: true; body: PublicDeadline }
  | {
      ok: false;
      body: {
        error: string;
        valid: { jurisdiction: readonly string[]; type: readonly string[]; receivedAt: string; lang: string[] };
      };
    };

const VALID = { jurisdiction: JURISDICTIONS, type: REQUEST_TYPES, receivedAt: RECEIVED_AT_FORMAT, lang: ["en", "fr"] };

export function computePublicDeadline(
  query: Record<string, string | undefined>,
  opts: { now: Date },
): DeadlineQueryResult {
  const parsed = deadlineQuerySchema.safeParse(query);
  if (!parsed.success)
    return { ok: false, body: { error: parsed.error.issues.map((i) => i.message).join("; "), valid: VALID } };
  const locale: Locale = parsed.data.lang && parsed.data.lang !== "en" ? "fr-CA" : "en";
  const r = computeDeadlineFromParams({ ...parsed.data, now: opts.now, locale });
  if (!r.ok) {
    const error =
      r.error === "invalid_jurisdiction"
        ? `Unknown jurisdiction "${parsed.data.jurisdiction.slice(0, 40)}"`
        : r.error === "invalid_type"
          ? `Unknown request type "${parsed.data.type.slice(0, 40)}"`
          : `receivedAt must be ${RECEIVED_AT_FORMAT}`;
    return { ok: false, body: { error, valid: VALID } };
  }
  return { ok: true, body: toPublicDeadline(r.rule, r.result, locale) };
}

export function toPublicDeadline(rule: DeadlineRule, d: DeadlineResult, locale: Locale): PublicDeadline {
  return {
    jurisdiction: d.jurisdiction,
    jurisdictionName: describeJurisdiction(d.jurisdiction, locale).name,
    type: d.type,
    ruleId: d.ruleId,
    ruleVersion: d.ruleVersion,
    regime: rule.regime,
    timeZone: d.timeZone,
    receivedOn: d.receivedOn,
    statutory: d.statutory,
    // No invented statutory date where the law sets none.
    respondBy: d.statutory ? d.respondBy : null,
    respondByInstant: d.statutory ? d.respondByInstant.toISOString() : null,
    acknowledgeBy: d.acknowledgeBy,
    extension: d.extension,
    noReply: d.noReply,
    citation: d.citation,
    citations: rule.citations,
    summary: rule.summary[locale],
    serviceTarget:
      !d.statutory && rule.nonStatutory
        ? {
            respondBy: d.respondBy,
            days: d.serviceTargetDays ?? rule.nonStatutory.defaultServiceTargetDays,
            statutory: false,
            requirements: rule.nonStatutory.requirements[locale],
          }
        : null,
    complaint: d.complaint,
    latestDefensibleRespondBy: d.latestDefensibleRespondBy,
    latestDefensible: d.latestDefensible,
    lastReviewed: rule.lastReviewed,
    effectiveFrom: rule.effectiveFrom,
    computation: { citation: rule.computation.citation, description: rule.computation.description[locale] },
    uncertainties: rule.uncertainties.map((u) => ({ id: u.id, text: u.text[locale], sources: u.sources })),
    explanation: d.explanation.map((s) => s.text),
  };
}

/** Every rule version with its citations (GET /api/v1/jurisdictions). */
export function listPublicRules() {
  const rules = listRules();
  return {
    jurisdictions: JURISDICTIONS.map((code) => {
      const en = describeJurisdiction(code, "en");
      const fr = describeJurisdiction(code, "fr-CA");
      return {
        code,
        name: { en: en.name, "fr-CA": fr.name },
        regime: en.regime,
        rules: rules
          .filter((r) => r.jurisdiction === code)
          .map((r) => ({
            id: r.id,
            version: r.version,
            effectiveFrom: r.effectiveFrom,
            type: r.type,
            regime: r.regime,
            statutory: r.statutory,
            citation: r.citation,
            citations: r.citations,
            summary: r.summary,
            period: r.period,
            counting: r.counting,
            rollForward: r.rollForward,
            timeZone: r.timeZone,
            holidays: { calendar: r.holidayCalendar.id, citation: r.holidayCalendar.citation },
            acknowledgement: r.acknowledgement,
            extension: r.extension,
            pause: {
              allowed: r.pause.allowed,
              reasons: r.pause.reasons,
              modes: r.pause.modes ?? {},
              citation: r.pause.citation,
              explanation: r.pause.explanation,
            },
            noReply: r.noReply,
            complaint: r.complaint,
            nonStatutory: r.nonStatutory,
            computation: {
              id: r.computation.id,
              citation: r.computation.citation,
              description: r.computation.description,
              rollForward: r.computation.rollForward,
              rolls: r.computation.rolls,
              holidays: {
                calendar: r.computation.holidayCalendar.id,
                citation: r.computation.holidayCalendar.citation,
              },
              certainty: r.computation.certainty,
            },
            latestDefensibleReading: r.alternativeReading
              ? {
                  counting: r.alternativeReading.counting,
                  rollForward: r.alternativeReading.rollForward,
                  citation: r.alternativeReading.citation,
                  everyDate: r.alternativeReading.scope === "every_date",
                  holidays: r.alternativeReading.holidayCalendar
                    ? {
                        calendar: r.alternativeReading.holidayCalendar.id,
                        citation: r.alternativeReading.holidayCalendar.citation,
                      }
                    : null,
                }
              : null,
            uncertainties: r.uncertainties,
            lastReviewed: r.lastReviewed,
            replaces: r.replaces,
            notes: r.notes,
          })),
      };
    }),
  };
}
