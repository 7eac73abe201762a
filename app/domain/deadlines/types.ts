// Shared types of the statutory deadline engine. Pure data shapes: no behaviour lives here so that
// rule files, the calendar and the engine can import them without cycles.

export const US_JURISDICTIONS = [
  "US-CA",
  "US-CO",
  "US-CT",
  "US-VA",
  "US-TX",
  "US-WA",
  "US-IL",
] as const;
export const CA_JURISDICTIONS = ["CA", "CA-QC", "CA-BC", "CA-AB"] as const;
// ISO 3166-1 alpha-2 codes of the 27 EU member states. Greece is "GR" (not the EU's "EL")
// because date-holidays and the rest of the app key countries by ISO code.
export const EU_MEMBER_STATES = [
  "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "IE", "IT",
  "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "HU",
] as const;

export type UsJurisdiction = (typeof US_JURISDICTIONS)[number];
export type CaJurisdiction = (typeof CA_JURISDICTIONS)[number];
export type EuMemberState = (typeof EU_MEMBER_STATES)[number];
export type JurisdictionCode = UsJurisdiction | CaJurisdiction | "GB" | EuMemberState;

export const JURISDICTIONS: readonly JurisdictionCode[] = Object.freeze([
  ...US_JURISDICTIONS,
  ...CA_JURISDICTIONS,
  "GB",
  ...EU_MEMBER_STATES,
] as JurisdictionCode[]);

export type RequestType = "access" | "deletion" | "correction" | "opt_out" | "limit";
export const REQUEST_TYPES: readonly RequestType[] = Object.freeze([
  "access",
  "deletion",
  "correction",
  "opt_out",
  "limit",
] as RequestType[]);

export type Locale = "en" | "fr-CA";
export interface LocalizedText {
  en: string;
  "fr-CA": string;
}

export type PeriodKind = "calendar_days" | "business_days" | "months";
export interface Period {
  kind: PeriodKind;
  length: number;
}

/**
 * - `exclude_receipt_day`: day 1 is the day after receipt (CCP §12, Interpretation Acts, Reg.
 *   1182/71 Art.3(1) for day periods). For months: the corresponding date of the day after receipt
 *   (the ICO's pre-Aug-2019 reading; no current rule uses it).
 * - `receipt_day_is_day_one`: the receipt day counts (11 CCR §7021(b) "begin on the day";
 *   ICO since Aug 2019 and EDPB Ex.32/33 for months: the corresponding date of the receipt day).
 */
export type Counting = "exclude_receipt_day" | "receipt_day_is_day_one";

/**
 * What happens when the last day is not a working day:
 * - `none`: the date stands (no roll-forward rule we can rely on; see the rule's notes);
 * - `weekends_and_holidays`: Saturday, Sunday or holiday → next working day;
 * - `sundays_and_holidays`: only Sunday or holiday rolls (Québec I-16 s.52/s.61(23), federal
 *   Interpretation Act s.26/s.35, Alberta I-8 s.22): a Saturday end stands.
 */
export type RollForward = "none" | "weekends_and_holidays" | "sundays_and_holidays";

/** Computed additions for holidays that date-holidays lacks or marks `observance`. */
export type HolidayAddition = "ca-federal-s35" | "ca-qc-july-2" | "ca-bc-s29";

export interface HolidayCalendarSpec {
  /** cache key: unique per distinct calendar definition */
  id: string;
  /** date-holidays country code */
  country: string;
  /** date-holidays state/region code */
  state?: string;
  /** English names (date-holidays `en`) of `optional` days that the statute names as holidays */
  includeOptional?: readonly string[];
  /** English names of date-holidays `public` days left out on purpose (see the rule notes) */
  exclude?: readonly string[];
  additions?: readonly HolidayAddition[];
  /** place name used in explanations: "a public holiday in {place}" */
  place: LocalizedText;
  citation: string;
}

export interface ExtensionRule {
  /** added to the period, same unit, counted from receipt like the period itself */
  additional: Period;
  /** notice must be given no later than the last day of the original (unrolled) period */
  noticeBy: "within_original_period";
  conditions: LocalizedText;
  maxTimes: 1;
  citation: string;
}

export interface PauseRule {
  allowed: boolean;
  /** the event reasons that stop the clock; pauses with any other (or no) reason are ignored */
  reasons: readonly ("identity" | "clarification")[];
  citation: string;
  explanation: LocalizedText;
}

export interface ComplaintRule {
  regulator: LocalizedText;
  url: string | null;
  /** resident's window, counted from the (effective) respondBy date; null when none applies */
  window: Period | null;
  windowText: LocalizedText;
  citation: string;
}

export interface AlternativeReading {
  /** a later but still defensible reading, shown for information only */
  counting: Counting;
  rollForward: RollForward;
  citation: string;
}

export interface DeadlineRule {
  /** "<jurisdiction>/<type>", stable across versions */
  id: string;
  version: number;
  /** local date (rule time zone) from which this version applies to newly received requests */
  effectiveFrom: string;
  jurisdiction: JurisdictionCode;
  type: RequestType;
  /** short regime name, e.g. "CCPA/CPRA", "GDPR" */
  regime: string;
  regimeName: LocalizedText;
  /** false: the law sets no response deadline for this request; only a service target is computed */
  statutory: boolean;
  /** main citation (also first in `citations`) */
  citation: string;
  citations: readonly string[];
  summary: LocalizedText;
  /** null when statutory is false */
  period: Period | null;
  counting: Counting;
  rollForward: RollForward;
  holidayCalendar: HolidayCalendarSpec;
  timeZone: string;
  acknowledgement: { period: Period; counting: Counting; citation: string } | null;
  extension: ExtensionRule | null;
  pause: PauseRule;
  noReply: "deemed_refusal" | null;
  complaint: ComplaintRule | null;
  /** set when statutory is false: what the law does require, and the default service target */
  nonStatutory: { requirements: LocalizedText; defaultServiceTargetDays: number } | null;
  alternativeReading: AlternativeReading | null;
  /** reasoning, esp. for every UNSURE choice */
  notes: readonly string[];
}

export interface UnsureChoice {
  id: string;
  ruleIds: readonly string[];
  choice: string;
  reasoning: string;
}
