// Shared types of the statutory deadline engine. Pure data shapes: no behaviour lives here so that
// rule files, the calendar and the engine can import them without cycles.

export const US_JURISDICTIONS = ["US-CA", "US-CO", "US-CT", "US-VA", "US-TX", "US-WA", "US-IL"] as const;
export const CA_JURISDICTIONS = ["CA", "CA-QC", "CA-BC", "CA-AB"] as const;
// ISO 3166-1 alpha-2 codes of the 27 EU member states. Greece is "GR" (not the EU's "EL")
// because date-holidays and the rest of the app key countries by ISO code.
export const EU_MEMBER_STATES = [
  "AT",
  "BE",
  "BG",
  "HR",
  "CY",
  "CZ",
  "DK",
  "EE",
  "FI",
  "FR",
  "DE",
  "GR",
  "IE",
  "IT",
  "LV",
  "LT",
  "LU",
  "MT",
  "NL",
  "PL",
  "PT",
  "RO",
  "SK",
  "SI",
  "ES",
  "SE",
  "HU",
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
 * - `period_beginning_with_receipt_day`: "the period of one month beginning with" a day (UK GDPR
 *   Art. 12A, DPA 2018 s.54(2) as amended by the Data (Use and Access) Act 2025). The day counts,
 *   so the month ends the day before the corresponding date, or on the last day of the month when
 *   there is no corresponding date. Day periods: as `receipt_day_is_day_one`.
 */
export type Counting = "exclude_receipt_day" | "receipt_day_is_day_one" | "period_beginning_with_receipt_day";

/**
 * What happens when the last day is not a working day:
 * - `none`: the date stands (no roll-forward rule we can rely on; see the rule's notes);
 * - `weekends_and_holidays`: Saturday, Sunday or holiday → next working day;
 * - `sundays_and_holidays`: only Sunday or holiday rolls (Québec I-16 s.52/s.61(23), federal
 *   Interpretation Act s.26/s.35, Alberta I-8 s.22): a Saturday end stands.
 */
export type RollForward = "none" | "weekends_and_holidays" | "sundays_and_holidays";

/** Computed additions for holidays that date-holidays lacks or marks `observance`. */
export type HolidayAddition =
  | "ca-federal-s35"
  | "ca-qc-july-2"
  | "ca-bc-s29"
  /** Family Day and 30 September, whose place in the BC Interpretation Act s.29 list is unverified */
  | "ca-bc-family-day-ndtr"
  /** Easter Monday and 26 December, whose place in the Alberta Interpretation Act list is unverified */
  | "ca-ab-easter-monday-boxing-day"
  /** Texas Gov't Code §662.021: national holidays §662.003(a) and state holidays §662.003(b)(1)-(6) */
  | "us-tx-legal-holidays"
  /** Colorado C.R.S. §24-11-101 legal holidays, with its Sunday-to-Monday rule */
  | "us-co-legal-holidays"
  /** Washington RCW 1.16.050(1) legal holidays */
  | "us-wa-legal-holidays"
  /** California Gov. Code §6700 days date-holidays does not list: 12 Feb, 9 Sep, second Monday of October */
  | "us-ca-gov-6700-extra";

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
  /** true: only `additions` (the statute's own list, computed); date-holidays is not consulted */
  computedOnly?: boolean;
  /** further date-holidays regions of the same country whose public days are added (a union) */
  extraRegions?: readonly string[];
  /** place name used in explanations: "a public holiday in {place}" */
  place: LocalizedText;
  citation: string;
}

export interface ExtensionRule {
  /**
   * Added to the period, same unit, counted from the period's own start (receipt, or the UK
   * "relevant time"): the extended period is one period of (period + additional), rolled once at
   * its end, never the rolled original date plus the extension.
   */
  additional: Period;
  /** notice must be given no later than the last day of the original (unrolled) period */
  noticeBy: "within_original_period";
  conditions: LocalizedText;
  maxTimes: 1;
  citation: string;
}

export type PauseReason = "identity" | "clarification";

/**
 * How a counted pause moves the clock:
 * - `suspend`: the days from the request for information to its receipt do not count (the day of
 *   receipt not included: receipt − request days are added);
 * - `suspend_inclusive`: the period "beginning with the day on which the controller makes the
 *   request and ending with the day on which [it] receives the information" does not count
 *   (DPA 2018 s.54(3C), UK GDPR Art. 12A): receipt − request + 1 days are added;
 * - `restart`: the period runs from the day the information arrives ("the latest of" receipt,
 *   identity confirmation and fee: UK GDPR Art. 12A, DPA 2018 s.54(3)); earlier pauses no longer matter.
 */
export type PauseMode = "suspend" | "suspend_inclusive" | "restart";

export interface PauseRule {
  allowed: boolean;
  /** the event reasons that stop the clock; pauses with any other (or no) reason are ignored */
  reasons: readonly PauseReason[];
  /** per reason; a reason without an entry suspends (`suspend`) */
  modes?: Partial<Record<PauseReason, PauseMode>>;
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
  /**
   * `every_date` (rules reviewed in December 2026): every date is computed a second time under
   * this reading, with `holidayCalendar` when given, and reported as the latest defensible date
   * beside the deadline. Absent (earlier versions): only the unextended response date.
   */
  scope?: "every_date";
  holidayCalendar?: HolidayCalendarSpec;
}

/** Every date the engine computes for a request. */
export type ComputedDateKind = "response" | "extension_notice" | "extension_end" | "acknowledgement" | "complaint";
export const COMPUTED_DATE_KINDS: readonly ComputedDateKind[] = Object.freeze([
  "response",
  "extension_notice",
  "extension_end",
  "acknowledgement",
  "complaint",
] as ComputedDateKind[]);

/**
 * How a jurisdiction's law computes time: the one place the engine asks whether a last day moves.
 * Every date of a request (response, extension notice, extension end, acknowledgement, the
 * resident's complaint or review window) ends through `rollForward` on `holidayCalendar`.
 */
export interface ComputationLaw {
  /** stable id, e.g. "US-TX/2026-12" */
  id: string;
  /** the statute(s) saying how time is counted and when a last day moves */
  citation: string;
  /** resident-readable: how a period is counted and what happens to a last day that is not a working day */
  description: LocalizedText;
  holidayCalendar: HolidayCalendarSpec;
  rollForward: RollForward;
  /**
   * The dates the roll applies to. Laws of rules reviewed in December 2026: every kind. Laws
   * rebuilt for earlier versions list only the dates those versions rolled (response and
   * extension end), so requests filed under them keep their dates.
   */
  rolls: readonly ComputedDateKind[];
  /** where the last day does not move: why, in words a resident understands (explanations) */
  noRollReason?: LocalizedText;
  /** how sure the text is: read in an official or reliable copy, or from memory */
  certainty: "text" | "secondary" | "memory";
}

/** A point of law that is not settled, shown to residents with both readings and the sources. */
export interface RuleUncertainty {
  /** also an UNSURE_CHOICES id */
  id: string;
  /** one or two sentences, with both readings, in words a resident understands */
  text: LocalizedText;
  sources: readonly string[];
  /** whether `latestDefensible…` dates include the later reading */
  inLatestDefensibleDate: boolean;
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
  /** = computation.holidayCalendar */
  holidayCalendar: HolidayCalendarSpec;
  /** how every date of this rule is counted and rolled (see ComputationLaw) */
  computation: ComputationLaw;
  timeZone: string;
  acknowledgement: { period: Period; counting: Counting; citation: string } | null;
  extension: ExtensionRule | null;
  pause: PauseRule;
  noReply: "deemed_refusal" | null;
  complaint: ComplaintRule | null;
  /** set when statutory is false: what the law does require, and the default service target */
  nonStatutory: { requirements: LocalizedText; defaultServiceTargetDays: number } | null;
  alternativeReading: AlternativeReading | null;
  /** date (YYYY-MM-DD) this version was last checked against the law; null: not since first written */
  lastReviewed: string | null;
  /** unsettled points, for residents (empty in versions written before the December 2026 review) */
  uncertainties: readonly RuleUncertainty[];
  /**
   * The version of the same rule this one follows and what changed: a `correction` of how the law
   * was always read (effective from the same date as the version it corrects), or a
   * `change_in_law` (effective from the change). Null for a first version.
   */
  replaces: { version: number; reason: "correction" | "change_in_law"; changes: LocalizedText } | null;
  /** reasoning, esp. for every UNSURE choice (for maintainers; residents see `uncertainties`) */
  notes: readonly string[];
}

export interface UnsureChoice {
  id: string;
  ruleIds: readonly string[];
  choice: string;
  reasoning: string;
}
