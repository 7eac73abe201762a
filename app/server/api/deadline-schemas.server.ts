/**
 * The public deadline API's shapes (/deadlines, /jurisdictions), as zod schemas published in the
 * OpenAPI document. deadline-api.server.ts builds these answers; they are a public contract that
 * others pin: add fields, never rename or remove one.
 */
import { z } from "zod";
import { REQUEST_TYPES, JURISDICTIONS, type JurisdictionCode, type RequestType } from "~/domain/deadlines";

const TYPES = REQUEST_TYPES as unknown as [RequestType, ...RequestType[]];
const CODES = JURISDICTIONS as unknown as [JurisdictionCode, ...JurisdictionCode[]];

const localizedSchema = z.object({ en: z.string(), "fr-CA": z.string() });
const periodSchema = z.object({ kind: z.enum(["calendar_days", "business_days", "months"]), length: z.number() });
const countingSchema = z.enum(["exclude_receipt_day", "receipt_day_is_day_one", "period_beginning_with_receipt_day"]);
const PAUSE_MODE = z.enum(["suspend", "suspend_inclusive", "restart"]);
const rollForwardSchema = z.enum(["none", "weekends_and_holidays", "sundays_and_holidays"]);
const latestDefensibleSchema = z
  .object({
    respondBy: z.string(),
    noticeBy: z.string().nullable(),
    maxRespondBy: z.string().nullable(),
    acknowledgeBy: z.string().nullable(),
    complaintDeadline: z.string().nullable(),
  })
  .nullable()
  .describe(
    "Where the law is unsettled: every date under the later defensible reading, shown beside the deadline (the earlier date stays the deadline). Null where the law is settled.",
  );
export const publicDeadlineSchema = z.object({
  jurisdiction: z.enum(CODES),
  jurisdictionName: z.string(),
  type: z.enum(TYPES),
  ruleId: z.string(),
  ruleVersion: z.number().int(),
  regime: z.string(),
  timeZone: z.string(),
  receivedOn: z.string(),
  statutory: z.boolean(),
  respondBy: z.string().nullable(),
  respondByInstant: z.string().nullable(),
  acknowledgeBy: z.string().nullable(),
  extension: z.object({ maxRespondBy: z.string(), noticeBy: z.string() }).nullable(),
  noReply: z.literal("deemed_refusal").nullable(),
  citation: z.string(),
  citations: z.array(z.string()),
  summary: z.string(),
  serviceTarget: z
    .object({ respondBy: z.string(), days: z.number(), statutory: z.literal(false), requirements: z.string() })
    .nullable(),
  complaint: z
    .object({
      regulator: z.string(),
      url: z.string().nullable(),
      windowText: z.string(),
      deadline: z.string().nullable(),
    })
    .nullable(),
  latestDefensibleRespondBy: z.string().nullable(),
  latestDefensible: latestDefensibleSchema,
  lastReviewed: z.string().nullable().describe("Date this rule version was last checked against the law (YYYY-MM-DD)."),
  effectiveFrom: z.string(),
  computation: z
    .object({ citation: z.string(), description: z.string() })
    .describe(
      "How this jurisdiction's law counts time and moves a last day off a non-working day (every date of the request).",
    ),
  uncertainties: z
    .array(z.object({ id: z.string(), text: z.string(), sources: z.array(z.string()) }))
    .describe("Unsettled points, with both readings and the sources."),
  explanation: z.array(z.string()),
});
export const publicDeadlineErrorSchema = z.object({
  error: z.string(),
  valid: z.object({
    jurisdiction: z.array(z.string()),
    type: z.array(z.string()),
    receivedAt: z.string(),
    lang: z.array(z.string()),
  }),
});
export const publicJurisdictionsSchema = z.object({
  jurisdictions: z.array(
    z.object({
      code: z.enum(CODES),
      name: localizedSchema,
      regime: z.string(),
      rules: z.array(
        z.object({
          id: z.string(),
          version: z.number().int(),
          effectiveFrom: z.string(),
          type: z.enum(TYPES),
          regime: z.string(),
          statutory: z.boolean(),
          citation: z.string(),
          citations: z.array(z.string()),
          summary: localizedSchema,
          period: periodSchema.nullable(),
          counting: countingSchema,
          rollForward: rollForwardSchema,
          timeZone: z.string(),
          holidays: z.object({ calendar: z.string(), citation: z.string() }),
          acknowledgement: z
            .object({ period: periodSchema, counting: countingSchema, citation: z.string() })
            .nullable(),
          extension: z
            .object({
              additional: periodSchema,
              noticeBy: z.literal("within_original_period"),
              conditions: localizedSchema,
              maxTimes: z.literal(1),
              citation: z.string(),
            })
            .nullable(),
          pause: z.object({
            allowed: z.boolean(),
            reasons: z.array(z.enum(["identity", "clarification"])),
            modes: z.object({ identity: PAUSE_MODE.optional(), clarification: PAUSE_MODE.optional() }),
            citation: z.string(),
            explanation: localizedSchema,
          }),
          noReply: z.literal("deemed_refusal").nullable(),
          complaint: z
            .object({
              regulator: localizedSchema,
              url: z.string().nullable(),
              window: periodSchema.nullable(),
              windowText: localizedSchema,
              citation: z.string(),
            })
            .nullable(),
          nonStatutory: z.object({ requirements: localizedSchema, defaultServiceTargetDays: z.number() }).nullable(),
          computation: z.object({
            id: z.string(),
            citation: z.string(),
            description: localizedSchema,
            rollForward: rollForwardSchema,
            rolls: z.array(z.enum(["response", "extension_notice", "extension_end", "acknowledgement", "complaint"])),
            holidays: z.object({ calendar: z.string(), citation: z.string() }),
            certainty: z.enum(["text", "secondary", "memory"]),
          }),
          latestDefensibleReading: z
            .object({
              counting: countingSchema,
              rollForward: rollForwardSchema,
              citation: z.string(),
              everyDate: z.boolean(),
              holidays: z.object({ calendar: z.string(), citation: z.string() }).nullable(),
            })
            .nullable(),
          uncertainties: z.array(
            z.object({
              id: z.string(),
              text: localizedSchema,
              sources: z.array(z.string()),
              inLatestDefensibleDate: z.boolean(),
            }),
          ),
          lastReviewed: z.string().nullable(),
          replaces: z
            .object({
              version: z.number().int(),
              reason: z.enum(["correction", "change_in_law"]),
              changes: localizedSchema,
            })
            .nullable(),
          notes: z.array(z.string()),
        }),
      ),
    }),
  ),
});
