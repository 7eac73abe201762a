// Builders shared by the rule files, so each rule states only what differs from its regime.

import { JURISDICTION_INFO } from "./jurisdictions";
import type {
  ComplaintRule,
  ComputationLaw,
  DeadlineRule,
  JurisdictionCode,
  LocalizedText,
  PauseRule,
  RequestType,
  RollForward,
  RuleUncertainty,
} from "./types";

export const DEFAULT_SERVICE_TARGET_DAYS = 30;

export const TYPE_LABEL: Record<RequestType, LocalizedText> = {
  access: { en: "access", "fr-CA": "accès" },
  deletion: { en: "deletion", "fr-CA": "suppression" },
  correction: { en: "correction", "fr-CA": "rectification" },
  opt_out: { en: "opt-out / consent withdrawal", "fr-CA": "retrait du consentement / opposition" },
  limit: { en: "limit / restriction of use", "fr-CA": "limitation / restriction de l'utilisation" },
};

export const NO_PAUSE = (citation: string, en: string, fr: string): PauseRule => ({
  allowed: false,
  reasons: [],
  citation,
  explanation: { en, "fr-CA": fr },
});

const NO_PAUSE_SERVICE_TARGET = NO_PAUSE(
  "—",
  "No statutory clock to stop: the service target is not paused.",
  "Aucun délai légal à suspendre : la cible de service n'est pas suspendue.",
);

/** Fields introduced with the December 2026 review; versions written before it leave them out. */
interface ReviewParts {
  /** omitted by versions written before the review: their law is rebuilt from `rollForward` (legacyComputation) */
  computation?: ComputationLaw;
  lastReviewed?: string | null;
  uncertainties?: readonly RuleUncertainty[];
  replaces?: DeadlineRule["replaces"];
}

export interface StatutoryParts
  extends
    Omit<
      DeadlineRule,
      | "id"
      | "jurisdiction"
      | "type"
      | "regime"
      | "regimeName"
      | "timeZone"
      | "holidayCalendar"
      | "statutory"
      | "citation"
      | "nonStatutory"
      | "alternativeReading"
      | "computation"
      | "lastReviewed"
      | "uncertainties"
      | "replaces"
      | "rollForward"
    >,
    ReviewParts {
  alternativeReading?: DeadlineRule["alternativeReading"];
  /** versions written before the review state it here; reviewed versions take it from `computation` */
  rollForward?: RollForward;
}

/**
 * The law as versions written before the December 2026 review applied it: the jurisdiction's
 * calendar, the rule's roll-forward, applied to the response date and the extension's end only
 * (the extension notice, acknowledgement and complaint dates were never rolled). Kept so that a
 * request filed under one of those versions keeps exactly its dates.
 */
function legacyComputation(j: JurisdictionCode, rollForward: RollForward): ComputationLaw {
  return {
    id: `${j}/before-2026-12-review/${rollForward}`,
    citation: "See the rule's notes",
    description: {
      en: "How time was counted before the December 2026 legal review: only the response date and the extended date move off a non-working day.",
      "fr-CA":
        "Mode de calcul antérieur à la révision juridique de décembre 2026 : seules la date de réponse et la date prolongée sont reportées si elles tombent un jour non ouvrable.",
    },
    holidayCalendar: JURISDICTION_INFO[j].holidayCalendar,
    rollForward,
    rolls: ["response", "extension_end"],
    certainty: "memory",
  };
}

function base(j: JurisdictionCode, type: RequestType, computation: ComputationLaw) {
  const info = JURISDICTION_INFO[j];
  return {
    id: `${j}/${type}`,
    jurisdiction: j,
    type,
    regime: info.regime,
    regimeName: info.regimeName,
    timeZone: info.timeZone,
    holidayCalendar: computation.holidayCalendar,
    computation,
    rollForward: computation.rollForward,
  };
}

function reviewFields(parts: ReviewParts) {
  return {
    lastReviewed: parts.lastReviewed ?? null,
    uncertainties: parts.uncertainties ?? [],
    replaces: parts.replaces ?? null,
  };
}

export function defineStatutoryRule(j: JurisdictionCode, type: RequestType, parts: StatutoryParts): DeadlineRule {
  if (parts.citations.length === 0) throw new Error(`${j}/${type}: a rule needs a citation`);
  const { computation, lastReviewed: _l, uncertainties: _u, replaces: _r, rollForward, ...rest } = parts;
  if (!computation && !rollForward) throw new Error(`${j}/${type}: a rule needs its computation law`);
  const law = computation ?? legacyComputation(j, rollForward!);
  return Object.freeze({
    ...base(j, type, law),
    statutory: true,
    citation: parts.citations[0]!,
    nonStatutory: null,
    ...rest,
    ...reviewFields(parts),
    alternativeReading: parts.alternativeReading ?? null,
  });
}

export interface NonStatutoryParts extends ReviewParts {
  version?: number;
  effectiveFrom: string;
  citations: string[];
  summary: LocalizedText;
  requirements: LocalizedText;
  complaint: ComplaintRule | null;
  notes: string[];
}

/** A (jurisdiction, type) where the law sets no response deadline: only a labelled service target. */
export function defineNonStatutoryRule(j: JurisdictionCode, type: RequestType, parts: NonStatutoryParts): DeadlineRule {
  if (parts.citations.length === 0) throw new Error(`${j}/${type}: a rule needs a citation`);
  // A service target is vendor policy, not a legal time limit: it is never rolled.
  const law = parts.computation ?? legacyComputation(j, "none");
  return Object.freeze({
    ...base(j, type, law),
    ...reviewFields(parts),
    version: parts.version ?? 1,
    effectiveFrom: parts.effectiveFrom,
    statutory: false,
    citation: parts.citations[0]!,
    citations: parts.citations,
    summary: parts.summary,
    period: null,
    counting: "exclude_receipt_day",
    rollForward: "none",
    acknowledgement: null,
    extension: null,
    pause: NO_PAUSE_SERVICE_TARGET,
    noReply: null,
    complaint: parts.complaint,
    nonStatutory: { requirements: parts.requirements, defaultServiceTargetDays: DEFAULT_SERVICE_TARGET_DAYS },
    alternativeReading: null,
    notes: [
      "Not statutory: the law sets no response deadline for this request type. The date computed is the portal's service target (vendor policy, default 30 calendar days after receipt, overridable with `serviceTargetDays`).",
      ...parts.notes,
    ],
  });
}
