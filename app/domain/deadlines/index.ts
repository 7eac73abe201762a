// Public surface of the statutory deadline engine. Import from "~/domain/deadlines".

export type {
  AlternativeReading,
  ComplaintRule,
  ComputationLaw,
  ComputedDateKind,
  Counting,
  DeadlineRule,
  EuMemberState,
  ExtensionRule,
  HolidayCalendarSpec,
  JurisdictionCode,
  Locale,
  LocalizedText,
  PauseMode,
  PauseReason,
  PauseRule,
  Period,
  PeriodKind,
  RequestType,
  RollForward,
  RuleUncertainty,
  UnsureChoice,
} from "./types";
export {
  CA_JURISDICTIONS,
  COMPUTED_DATE_KINDS,
  EU_MEMBER_STATES,
  JURISDICTIONS,
  REQUEST_TYPES,
  US_JURISDICTIONS,
} from "./types";
export { describeJurisdiction, describeJurisdictions, isJurisdictionCode, JURISDICTION_INFO } from "./jurisdictions";
export { findRule, getRule, isRequestType, listRules, UNSURE_CHOICES } from "./rules";
export { DEFAULT_SERVICE_TARGET_DAYS } from "./rules-common";
export {
  assertExtensionAllowed,
  assertPauseAllowed,
  computeDeadline,
  computeDeadlineFromParams,
  DeadlineRuleError,
  parseReceivedAt,
  queueUrgency,
} from "./engine";
export type {
  ComputeDeadlineInput,
  ComputeFromParamsResult,
  DeadlineEvent,
  DeadlineResult,
  DeadlineRuleErrorCode,
  DeadlineState,
  ExplanationStep,
} from "./engine";
export { listHolidays } from "./calendar";

import { parseIsoDate } from "./civil-date";
import { endOfLocalDay } from "./time-zone";

/** The last millisecond of a local YYYY-MM-DD day in a time zone (null for a malformed date). */
export function endOfLocalDate(day: string, timeZone: string): Date | null {
  const n = parseIsoDate(day);
  return n === null ? null : new Date(endOfLocalDay(n, timeZone));
}
