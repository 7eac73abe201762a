// Builders shared by the rule files, so each rule states only what differs from its regime.

import { JURISDICTION_INFO } from "./jurisdictions";
import type { ComplaintRule, DeadlineRule, JurisdictionCode, LocalizedText, PauseRule, RequestType } from "./types";

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

export interface StatutoryParts
  extends Omit<
    DeadlineRule,
    "id" | "jurisdiction" | "type" | "regime" | "regimeName" | "timeZone" | "holidayCalendar" | "statutory" | "citation" | "nonStatutory" | "alternativeReading"
  > {
  alternativeReading?: DeadlineRule["alternativeReading"];
}

function base(j: JurisdictionCode, type: RequestType) {
  const info = JURISDICTION_INFO[j];
  return {
    id: `${j}/${type}`,
    jurisdiction: j,
    type,
    regime: info.regime,
    regimeName: info.regimeName,
    timeZone: info.timeZone,
    holidayCalendar: info.holidayCalendar,
  };
}

export function defineStatutoryRule(j: JurisdictionCode, type: RequestType, parts: StatutoryParts): DeadlineRule {
  if (parts.citations.length === 0) throw new Error(`${j}/${type}: a rule needs a citation`);
  return Object.freeze({
    ...base(j, type),
    statutory: true,
    citation: parts.citations[0]!,
    nonStatutory: null,
    ...parts,
    alternativeReading: parts.alternativeReading ?? null,
  });
}

export interface NonStatutoryParts {
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
  return Object.freeze({
    ...base(j, type),
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
