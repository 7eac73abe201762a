// The deadline engine: pure functions from (rule, receipt instant, events, now) to dates and state.
// `now` is always an argument (architecture rule: app/domain never reads the clock).
//
// All date arithmetic is on civil day numbers in the rule's time zone (civil-date.ts); instants
// are converted once at the edges (time-zone.ts). Explanations are built as we go, so each
// decision in the text is exactly the decision the code made.

import { addBusinessDays, holidayOn, mustRoll, resolveCalendar, type CalendarState } from "./calendar";
import { addMonthsClamped, formatIsoDate, MS_PER_DAY, parseIsoDate, weekdayOf } from "./civil-date";
import {
  explainAcknowledgeBy,
  explainAlternative,
  explainBusinessDays,
  explainCalendarDays,
  explainDeemedRefusal,
  explainExtension,
  explainLatestDefensible,
  explainMonths,
  explainMonthsBeginningWith,
  explainNoRoll,
  explainNoticeRolled,
  explainPauseCounted,
  explainPauseIgnored,
  explainPauseRestart,
  explainReceived,
  explainRespondBy,
  explainRollHoliday,
  explainRollWeekend,
  explainSaturdayStands,
  explainServiceTarget,
  type ExplanationStep,
  type PauseIgnoredWhy,
} from "./explain";
import { findRule, isRequestType } from "./rules";
import { isJurisdictionCode, JURISDICTION_INFO } from "./jurisdictions";
import { endOfLocalDay, isValidTimeZone, localDayNumber, startOfLocalDay } from "./time-zone";
import { COMPUTED_DATE_KINDS } from "./types";
import type {
  AlternativeReading,
  ComputationLaw,
  ComputedDateKind,
  Counting,
  DeadlineRule,
  JurisdictionCode,
  Locale,
  Period,
  RequestType,
  RollForward,
} from "./types";

export type { ExplanationStep } from "./explain";

export type DeadlineEvent =
  | { type: "acknowledged"; at: Date }
  /** vendor asked the resident for identity information or clarification */
  | { type: "paused"; at: Date; reason?: "identity" | "clarification" }
  /** the resident answered */
  | { type: "resumed"; at: Date }
  /** `at` = date the notice of extension was given; `to` (YYYY-MM-DD) = new date stated, if shorter than the maximum */
  | { type: "extended"; at: Date; reason: string; to?: string };

export type DeadlineState = "on_track" | "due_soon" | "overdue" | "deemed_refused";

export interface DeadlineResult {
  ruleId: string;
  ruleVersion: number;
  jurisdiction: JurisdictionCode;
  type: RequestType;
  timeZone: string;
  /** local YYYY-MM-DD of receivedAt in the rule time zone */
  receivedOn: string;
  statutory: boolean;
  /** before pauses/extension (for non-statutory rules: the service target date) */
  originalRespondBy: string;
  /** effective date (pauses + extension applied) */
  respondBy: string;
  /** last millisecond of the respondBy local day, as an instant */
  respondByInstant: Date;
  acknowledgeBy: string | null;
  /** null if not acknowledged yet or no acknowledgement rule */
  acknowledgedOnTime: boolean | null;
  /** what the rule would allow (null if no extension) */
  extension: { maxRespondBy: string; noticeBy: string } | null;
  /** set when an 'extended' event exists */
  extendedTo: string | null;
  /** calendar days added by pauses (0 where the rule forbids pausing: pauses are ignored and explained) */
  pausedDays: number;
  /** true while a counted pause is still open (the deadline moves with `now`) */
  pauseOpen: boolean;
  noReply: "deemed_refusal" | null;
  state: DeadlineState;
  /** whole local calendar days from now's local date to respondBy (negative when past) */
  daysLeft: number;
  citation: string;
  explanation: ExplanationStep[];
  complaint: { regulator: string; url: string | null; windowText: string; deadline: string | null } | null;
  /** service target in calendar days for non-statutory rules; null when statutory */
  serviceTargetDays: number | null;
  /** a later but defensible reading of an UNSURE counting rule (information only), else null */
  latestDefensibleRespondBy: string | null;
  /**
   * Reviewed rules with an unsettled point: every date under the later defensible reading, shown
   * beside the deadline (the earlier date stays the deadline). Null where the law is settled.
   */
  latestDefensible: {
    respondBy: string;
    noticeBy: string | null;
    maxRespondBy: string | null;
    acknowledgeBy: string | null;
    complaintDeadline: string | null;
  } | null;
  /** the rule's unsettled points, in the requested language */
  uncertainties: { id: string; text: string }[];
}

export type DeadlineRuleErrorCode =
  | "extension_not_allowed"
  | "extension_already_used"
  | "extension_notice_late"
  | "pause_not_allowed"
  | "invalid_sequence";

export class DeadlineRuleError extends Error {
  readonly code: DeadlineRuleErrorCode;
  constructor(code: DeadlineRuleErrorCode, message: string) {
    super(message);
    this.name = "DeadlineRuleError";
    this.code = code;
  }
}

export interface ComputeDeadlineInput {
  rule: DeadlineRule;
  receivedAt: Date;
  events?: readonly DeadlineEvent[];
  now: Date;
  /** calendar days for non-statutory rules (default: the rule's default, 30) */
  serviceTargetDays?: number;
  locale?: Locale;
  /** false skips building explanation text (the default API call builds it) */
  explain?: boolean;
}

const DUE_SOON_DAYS = 5;
const DUE_SOON_MS = DUE_SOON_DAYS * 86_400_000;

/**
 * Urgency of an open request from its stored due instant, at read time (a missed sweep cannot
 * make it wrong). The queue's short form of computeDeadline's state: the same five days, counted
 * in milliseconds from `now` since the queue has no rule or calendar at hand.
 */
export function queueUrgency(dueAt: number | null, now: number): "on_track" | "due_soon" | "overdue" {
  if (dueAt == null) return "on_track";
  if (dueAt < now) return "overdue";
  return dueAt - now <= DUE_SOON_MS ? "due_soon" : "on_track";
}
const EMPTY_EVENTS: readonly DeadlineEvent[] = [];

interface PauseSpan {
  start: number;
  end: number | null;
  reason: "identity" | "clarification" | undefined;
}

interface PreparedEvents {
  pauses: PauseSpan[];
  extension: { day: number; to: number | null } | null;
  acknowledgedDay: number | null;
}

function checkInstant(d: Date, what: string): number {
  const ms = d instanceof Date ? d.getTime() : NaN;
  if (Number.isNaN(ms)) throw new DeadlineRuleError("invalid_sequence", `${what} is not a valid date`);
  return ms;
}

/** Validates the event sequence and converts instants to local days. */
function prepareEvents(rule: DeadlineRule, receivedMs: number, events: readonly DeadlineEvent[]): PreparedEvents {
  const prepared: PreparedEvents = { pauses: [], extension: null, acknowledgedDay: null };
  if (events.length === 0) return prepared;
  let ordered = events;
  for (let i = 1; i < events.length; i++) {
    if (checkInstant(events[i]!.at, "event.at") < checkInstant(events[i - 1]!.at, "event.at")) {
      // Stable sort by instant: callers may pass history in insertion order.
      ordered = [...events].sort((a, b) => a.at.getTime() - b.at.getTime());
      break;
    }
  }
  const tz = rule.timeZone;
  let open: PauseSpan | null = null;
  for (const ev of ordered) {
    const ms = checkInstant(ev.at, `${ev.type}.at`);
    if (ms < receivedMs) throw new DeadlineRuleError("invalid_sequence", `${ev.type} event is before receipt`);
    const day = localDayNumber(ms, tz);
    switch (ev.type) {
      case "acknowledged":
        if (prepared.acknowledgedDay === null) prepared.acknowledgedDay = day;
        break;
      case "paused":
        if (open) throw new DeadlineRuleError("invalid_sequence", "paused while already paused");
        open = { start: day, end: null, reason: ev.reason };
        prepared.pauses.push(open);
        break;
      case "resumed":
        if (!open) throw new DeadlineRuleError("invalid_sequence", "resumed without a pause");
        open.end = day;
        open = null;
        break;
      case "extended": {
        if (!rule.extension) throw new DeadlineRuleError("extension_not_allowed", `${rule.id} allows no extension`);
        if (prepared.extension)
          throw new DeadlineRuleError(
            "extension_already_used",
            `${rule.id} allows only ${rule.extension.maxTimes} extension`,
          );
        let to: number | null = null;
        if (ev.to !== undefined) {
          to = parseIsoDate(ev.to);
          if (to === null)
            throw new DeadlineRuleError("invalid_sequence", `extended.to is not a YYYY-MM-DD date: ${ev.to}`);
        }
        prepared.extension = { day, to };
        break;
      }
      default:
        throw new DeadlineRuleError("invalid_sequence", `unknown event type ${(ev as { type: string }).type}`);
    }
  }
  return prepared;
}

/** Unrolled end of a period counted from its first day (the receipt day or the UK "relevant time"). */
function periodEnd(
  period: Period,
  startDay: number,
  counting: Counting,
  cal: CalendarState,
): { end: number; clamped: boolean } {
  const dayOne = counting !== "exclude_receipt_day";
  switch (period.kind) {
    case "calendar_days":
      return { end: startDay + period.length - (dayOne ? 1 : 0), clamped: false };
    case "business_days":
      return { end: addBusinessDays(cal, startDay, period.length, dayOne), clamped: false };
    case "months": {
      if (counting === "period_beginning_with_receipt_day") {
        // The month beginning with D ends the day before D's corresponding date, or on the last
        // day of the month when there is no corresponding date.
        const r = addMonthsClamped(startDay, period.length);
        return r.clamped ? { end: r.day, clamped: true } : { end: r.day - 1, clamped: false };
      }
      const r = addMonthsClamped(dayOne ? startDay : startDay + 1, period.length);
      return { end: r.day, clamped: r.clamped };
    }
  }
}

/** Applies a roll-forward rule; pushes one explanation step per move when `steps` is given. */
function rollForward(
  cal: CalendarState,
  day: number,
  roll: RollForward,
  law: ComputationLaw,
  locale: Locale,
  steps: ExplanationStep[] | null,
): number {
  let d = day;
  if (roll === "none") {
    if (steps) {
      const w = weekdayOf(d);
      const hol = holidayOn(cal, d);
      if (w === 0 || w === 6 || hol) steps.push(explainNoRoll(locale, d, hol, law.noRollReason));
    }
    return d;
  }
  while (mustRoll(cal, d, roll)) {
    if (steps) {
      // Name the holiday when there is one: under sundays_and_holidays a Saturday rolls only as a holiday.
      const hol = holidayOn(cal, d);
      steps.push(
        hol
          ? explainRollHoliday(locale, d, d + 1, hol, law.holidayCalendar.place)
          : explainRollWeekend(locale, d, d + 1),
      );
    }
    d++;
  }
  if (steps && roll === "sundays_and_holidays" && weekdayOf(d) === 6) {
    steps.push(explainSaturdayStands(locale, d, law.holidayCalendar.citation));
  }
  return d;
}

/** The running clock of a period after the pauses the rule counts. */
interface Clock {
  /** unrolled end */
  end: number;
  /** first day of the period: the receipt day, or later when a pause restarts it */
  start: number;
  /** days the clock was stopped */
  days: number;
  /** a counted pause is still open (the end moves with `now`) */
  open: boolean;
}

/**
 * Runs the pauses over a period whose unrolled end, for a given first day, is `endFrom(start)`.
 * A pause counts only when the rule allows its reason and it starts on or before the running end
 * (a clock that has run out cannot be stopped). Per reason, a pause suspends the clock (its days
 * are added: exclusive or inclusive of the day the information arrives) or restarts it from that day.
 */
function runClock(
  rule: DeadlineRule,
  pauses: readonly PauseSpan[],
  period: Period,
  counting: Counting,
  cal: CalendarState,
  receivedDay: number,
  nowDay: number,
  locale: Locale,
  steps: ExplanationStep[] | null,
): Clock {
  let start = receivedDay;
  let suspended = 0;
  let days = 0;
  let open = false;
  for (const p of pauses) {
    const end = periodEnd(period, start, counting, cal).end + suspended;
    let why: PauseIgnoredWhy | null = null;
    if (!rule.pause.allowed) why = "not_allowed";
    else if (p.reason === undefined || !rule.pause.reasons.includes(p.reason)) why = "reason_not_allowed";
    else if (p.start > end) why = "after_deadline";
    if (why) {
      if (steps) steps.push(explainPauseIgnored(locale, p.start, why, rule.pause.explanation));
      continue;
    }
    const reason = p.reason!;
    const stop = p.end ?? Math.max(nowDay, p.start);
    const mode = rule.pause.modes?.[reason] ?? "suspend";
    const d = stop - p.start + (mode === "suspend_inclusive" ? 1 : 0);
    days += d;
    if (p.end === null) open = true;
    if (mode === "restart") {
      // Earlier suspensions fell before the new first day: they no longer matter.
      start = Math.max(start, stop);
      suspended = 0;
      if (steps)
        steps.push(explainPauseRestart(locale, p.start, p.end, start, periodEnd(period, start, counting, cal).end));
    } else {
      suspended += d;
      if (steps)
        steps.push(
          explainPauseCounted(
            locale,
            p.start,
            p.end,
            d,
            reason,
            periodEnd(period, start, counting, cal).end + suspended,
          ),
        );
    }
  }
  return { end: periodEnd(period, start, counting, cal).end + suspended, start, days, open };
}

function pushPeriodStep(
  steps: ExplanationStep[],
  locale: Locale,
  rule: DeadlineRule,
  period: Period,
  start: number,
  end: { end: number; clamped: boolean },
  counting: Counting,
): void {
  const dayOne = counting !== "exclude_receipt_day";
  if (period.kind === "months") {
    if (counting === "period_beginning_with_receipt_day")
      steps.push(explainMonthsBeginningWith(locale, start, end.end, period.length, end.clamped));
    else steps.push(explainMonths(locale, end.end, period.length, end.clamped));
  } else if (period.kind === "business_days")
    steps.push(explainBusinessDays(locale, end.end, period.length, rule.computation.holidayCalendar.place, dayOne));
  else steps.push(explainCalendarDays(locale, end.end, period.length, dayOne));
}

function addPeriodFrom(cal: CalendarState, day: number, period: Period): number {
  switch (period.kind) {
    case "calendar_days":
      return day + period.length;
    case "business_days":
      return addBusinessDays(cal, day, period.length, false);
    case "months":
      return addMonthsClamped(day, period.length).day;
  }
}

/** Every date of a request, computed under one law and one counting. */
interface Dates {
  original: number;
  respond: number;
  extension: { max: number; noticeBy: number } | null;
  extendedTo: number | null;
  pausedDays: number;
  pauseOpen: boolean;
  acknowledge: number | null;
  complaint: number | null;
}

/**
 * The one place a date ends: each kind of date goes through the law's roll-forward when the law
 * rolls that kind (reviewed laws roll every kind; see ComputationLaw.rolls).
 */
function endDate(
  law: ComputationLaw,
  cal: CalendarState,
  kind: ComputedDateKind,
  day: number,
  locale: Locale,
  steps: ExplanationStep[] | null,
): number {
  return law.rolls.includes(kind) ? rollForward(cal, day, law.rollForward, law, locale, steps) : day;
}

// Plain functions and object literals only on this path (no per-call closures): it runs for
// every computation, at ≥ 200,000 computations/s.
function statutoryDates(
  rule: DeadlineRule,
  law: ComputationLaw,
  counting: Counting,
  receivedDay: number,
  nowDay: number,
  ev: PreparedEvents,
  locale: Locale,
  steps: ExplanationStep[] | null,
): Dates {
  const period = rule.period!;
  const cal = resolveCalendar(law.holidayCalendar);

  const base = periodEnd(period, receivedDay, counting, cal);
  if (steps) pushPeriodStep(steps, locale, rule, period, receivedDay, base, counting);
  // Original date: no pauses, no extension. Explained only when nothing else moves the date.
  const simple = ev.pauses.length === 0 && ev.extension === null;
  const original = endDate(law, cal, "response", base.end, locale, simple ? steps : null);
  // Pauses only ever move the end forward; the clock's end is also the notice deadline's base.
  const clock: Clock = simple
    ? { end: base.end, start: receivedDay, days: 0, open: false }
    : runClock(rule, ev.pauses, period, counting, cal, receivedDay, nowDay, locale, null);

  const out: Dates = {
    original,
    respond: original,
    extension: null,
    extendedTo: null,
    pausedDays: clock.days,
    pauseOpen: clock.open,
    acknowledge: null,
    complaint: null,
  };

  if (rule.extension) {
    const ext = rule.extension;
    // One period of (period + extension) from the period's own first day, rolled once at its end.
    const total: Period = { kind: ext.additional.kind, length: period.length + ext.additional.length };
    const extClock: Clock = simple
      ? { end: periodEnd(total, receivedDay, counting, cal).end, start: receivedDay, days: 0, open: false }
      : runClock(rule, ev.pauses, total, counting, cal, receivedDay, nowDay, locale, null);
    const max = endDate(law, cal, "extension_end", extClock.end, locale, null);
    // The notice is due by the end of the original period: a time limit like any other.
    const noticeBy = endDate(law, cal, "extension_notice", clock.end, locale, null);
    out.extension = { max, noticeBy };
    if (ev.extension) {
      if (ev.extension.day > noticeBy) {
        throw new DeadlineRuleError(
          "extension_notice_late",
          `extension notice on ${formatIsoDate(ev.extension.day)} is after ${formatIsoDate(noticeBy)}`,
        );
      }
      let target = max;
      if (ev.extension.to !== null) {
        if (ev.extension.to > max) {
          throw new DeadlineRuleError(
            "invalid_sequence",
            `extension to ${formatIsoDate(ev.extension.to)} exceeds the maximum ${formatIsoDate(max)}`,
          );
        }
        target = Math.max(ev.extension.to, original);
      }
      if (steps) {
        if (noticeBy !== clock.end) steps.push(explainNoticeRolled(locale, clock.end, noticeBy, law.citation));
        steps.push(explainExtension(locale, ev.extension.day, noticeBy, target, ev.extension.to !== null));
        if (ev.extension.to === null) {
          pushPeriodStep(
            steps,
            locale,
            rule,
            total,
            receivedDay,
            periodEnd(total, receivedDay, counting, cal),
            counting,
          );
          runClock(rule, ev.pauses, total, counting, cal, receivedDay, nowDay, locale, steps);
          endDate(law, cal, "extension_end", extClock.end, locale, steps);
        }
      }
      out.respond = target;
      out.extendedTo = target;
      out.pausedDays = extClock.days;
      out.pauseOpen = extClock.open;
    } else if (!simple) {
      out.respond = runningEnd(rule, law, cal, ev, period, counting, clock, receivedDay, nowDay, locale, steps);
    }
  } else if (!simple) {
    out.respond = runningEnd(rule, law, cal, ev, period, counting, clock, receivedDay, nowDay, locale, steps);
  }

  if (rule.acknowledgement) {
    const a = rule.acknowledgement;
    out.acknowledge = endDate(
      law,
      cal,
      "acknowledgement",
      periodEnd(a.period, receivedDay, a.counting, cal).end,
      locale,
      null,
    );
  }
  out.complaint = complaintDay(rule, law, cal, out.respond, locale);
  return out;
}

/** The paused (or restarted) response date, rolled; when explaining, the pauses are replayed first so their steps are recorded. */
function runningEnd(
  rule: DeadlineRule,
  law: ComputationLaw,
  cal: CalendarState,
  ev: PreparedEvents,
  period: Period,
  counting: Counting,
  clock: Clock,
  receivedDay: number,
  nowDay: number,
  locale: Locale,
  steps: ExplanationStep[] | null,
): number {
  if (steps) runClock(rule, ev.pauses, period, counting, cal, receivedDay, nowDay, locale, steps);
  return endDate(law, cal, "response", clock.end, locale, steps);
}

/** The resident's complaint or review window, counted from the (effective) response date. */
function complaintDay(
  rule: DeadlineRule,
  law: ComputationLaw,
  cal: CalendarState,
  respondDay: number,
  locale: Locale,
): number | null {
  const w = rule.complaint?.window;
  if (!w) return null;
  return endDate(law, cal, "complaint", addPeriodFrom(cal, respondDay, w), locale, null);
}

const alternativeLaws = new WeakMap<DeadlineRule, ComputationLaw>();

/** The law as the rule's later (defensible) reading would apply it: every date rolled under it. Cached per rule. */
function alternativeLaw(rule: DeadlineRule, alt: AlternativeReading): ComputationLaw {
  let law = alternativeLaws.get(rule);
  if (!law) {
    law = {
      ...rule.computation,
      id: `${rule.computation.id}/latest-defensible`,
      rollForward: alt.rollForward,
      holidayCalendar: alt.holidayCalendar ?? rule.computation.holidayCalendar,
      rolls: COMPUTED_DATE_KINDS,
    };
    alternativeLaws.set(rule, law);
  }
  return law;
}

function later(x: number | null, y: number | null): number | null {
  return x === null || y === null ? (x ?? y) : Math.max(x, y);
}

function isoOrNull(day: number | null): string | null {
  return day === null ? null : formatIsoDate(day);
}

export function computeDeadline(input: ComputeDeadlineInput): DeadlineResult {
  const { rule } = input;
  const locale: Locale = input.locale ?? "en";
  const steps: ExplanationStep[] | null = input.explain === false ? null : [];
  const tz = rule.timeZone;
  const receivedMs = checkInstant(input.receivedAt, "receivedAt");
  const nowMs = checkInstant(input.now, "now");
  const receivedDay = localDayNumber(receivedMs, tz);
  const nowDay = localDayNumber(nowMs, tz);
  const ev = prepareEvents(rule, receivedMs, input.events ?? EMPTY_EVENTS);

  if (steps) steps.push(explainReceived(locale, receivedDay, tz));

  let dates: Dates;
  let latest: DeadlineResult["latestDefensible"] = null;
  let latestRespondBy: string | null = null;
  let serviceTargetDays: number | null = null;
  let latestStep: ExplanationStep | null = null;

  if (!rule.statutory || !rule.period) {
    // No statutory period: a labelled service target, never rolled, never paused or extended.
    const n = input.serviceTargetDays ?? rule.nonStatutory?.defaultServiceTargetDays ?? 30;
    if (!Number.isInteger(n) || n < 0) throw new RangeError("serviceTargetDays must be a non-negative integer");
    serviceTargetDays = n;
    const target = receivedDay + n;
    if (steps) {
      steps.push(explainServiceTarget(locale, target, n));
      for (const p of ev.pauses)
        steps.push(explainPauseIgnored(locale, p.start, "not_allowed", rule.pause.explanation));
    }
    const cal = resolveCalendar(rule.computation.holidayCalendar);
    dates = {
      original: target,
      respond: target,
      extension: null,
      extendedTo: null,
      pausedDays: 0,
      pauseOpen: false,
      acknowledge: null,
      complaint: complaintDay(rule, rule.computation, cal, target, locale),
    };
  } else {
    dates = statutoryDates(rule, rule.computation, rule.counting, receivedDay, nowDay, ev, locale, steps);
    const alt = rule.alternativeReading;
    if (alt && alt.scope === "every_date") {
      // The later reading, computed through the same pipeline (pauses, extension, every date).
      const a = statutoryDates(rule, alternativeLaw(rule, alt), alt.counting, receivedDay, nowDay, ev, locale, null);
      const respond = Math.max(a.respond, dates.respond);
      latestRespondBy = formatIsoDate(respond);
      latest = {
        respondBy: latestRespondBy,
        noticeBy: isoOrNull(
          later(dates.extension ? dates.extension.noticeBy : null, a.extension ? a.extension.noticeBy : null),
        ),
        maxRespondBy: isoOrNull(
          later(dates.extension ? dates.extension.max : null, a.extension ? a.extension.max : null),
        ),
        acknowledgeBy: isoOrNull(later(dates.acknowledge, a.acknowledge)),
        complaintDeadline: isoOrNull(later(dates.complaint, a.complaint)),
      };
      if (steps && respond !== dates.respond) latestStep = explainLatestDefensible(locale, respond, alt.citation);
    } else if (alt) {
      // Versions written before the December 2026 review: the later reading of the unextended date only.
      const cal = resolveCalendar(rule.computation.holidayCalendar);
      const altBase = periodEnd(rule.period, receivedDay, alt.counting, cal).end;
      const altDay = rollForward(cal, altBase, alt.rollForward, rule.computation, locale, null);
      latestRespondBy = formatIsoDate(altDay);
      if (steps) steps.push(explainAlternative(locale, altDay, alt.citation));
    }
  }

  const respondDay = dates.respond;
  const respondByMs = endOfLocalDay(respondDay, tz);
  const daysLeft = respondDay - nowDay;
  let state: DeadlineState;
  if (nowMs > respondByMs) state = rule.noReply === "deemed_refusal" ? "deemed_refused" : "overdue";
  else state = daysLeft <= DUE_SOON_DAYS ? "due_soon" : "on_track";

  const respondBy = formatIsoDate(respondDay);
  const acknowledgeDay = dates.acknowledge;
  if (steps) {
    steps.push(explainRespondBy(locale, respondDay, tz));
    if (acknowledgeDay !== null && rule.acknowledgement) {
      steps.push(
        explainAcknowledgeBy(locale, acknowledgeDay, rule.acknowledgement.period.length, rule.acknowledgement.citation),
      );
    }
    if (rule.noReply === "deemed_refusal") steps.push(explainDeemedRefusal(locale, respondDay, rule.citation));
  }
  if (latestStep) steps!.push(latestStep);

  let complaint: DeadlineResult["complaint"] = null;
  if (rule.complaint) {
    const c = rule.complaint;
    complaint = {
      regulator: c.regulator[locale],
      url: c.url,
      windowText: c.windowText[locale],
      deadline: dates.complaint === null ? null : formatIsoDate(dates.complaint),
    };
  }

  return {
    ruleId: rule.id,
    ruleVersion: rule.version,
    jurisdiction: rule.jurisdiction,
    type: rule.type,
    timeZone: tz,
    receivedOn: formatIsoDate(receivedDay),
    statutory: rule.statutory,
    originalRespondBy: formatIsoDate(dates.original),
    respondBy,
    respondByInstant: new Date(respondByMs),
    acknowledgeBy: acknowledgeDay === null ? null : formatIsoDate(acknowledgeDay),
    acknowledgedOnTime:
      acknowledgeDay === null || ev.acknowledgedDay === null ? null : ev.acknowledgedDay <= acknowledgeDay,
    extension: dates.extension
      ? { maxRespondBy: formatIsoDate(dates.extension.max), noticeBy: formatIsoDate(dates.extension.noticeBy) }
      : null,
    extendedTo: dates.extendedTo === null ? null : formatIsoDate(dates.extendedTo),
    pausedDays: dates.pausedDays,
    pauseOpen: dates.pauseOpen,
    noReply: rule.noReply,
    state,
    daysLeft,
    citation: rule.citation,
    explanation: steps ?? [],
    complaint,
    serviceTargetDays,
    latestDefensibleRespondBy: latestRespondBy,
    latestDefensible: latest,
    uncertainties:
      rule.uncertainties.length === 0 ? [] : rule.uncertainties.map((u) => ({ id: u.id, text: u.text[locale] })),
  };
}

/**
 * Throws DeadlineRuleError unless an extension noticed at `at` is allowed given the history:
 * extension_not_allowed, extension_already_used, extension_notice_late, invalid_sequence.
 */
export function assertExtensionAllowed(input: {
  rule: DeadlineRule;
  receivedAt: Date;
  events: readonly DeadlineEvent[];
  at: Date;
}): void {
  computeDeadline({
    rule: input.rule,
    receivedAt: input.receivedAt,
    events: [...input.events, { type: "extended", at: input.at, reason: "check" }],
    now: input.at,
    explain: false,
  });
}

/** Throws pause_not_allowed when the rule does not let the clock stop for this reason. */
export function assertPauseAllowed(input: { rule: DeadlineRule; reason?: "identity" | "clarification" }): void {
  const { rule, reason } = input;
  if (!rule.pause.allowed || reason === undefined || !rule.pause.reasons.includes(reason)) {
    throw new DeadlineRuleError("pause_not_allowed", `${rule.id}: ${rule.pause.explanation.en}`);
  }
}

const INSTANT_RE =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|z|[+-]\d{2}(?::?\d{2})?)$/;

/**
 * Parses an ISO 8601 instant with offset or Z ("2026-03-05T23:59:00+01:00"), or a plain
 * YYYY-MM-DD meaning the START of that local date in `timeZone`. Null when invalid.
 */
export function parseReceivedAt(value: string, timeZone: string): Date | null {
  if (typeof value !== "string" || !isValidTimeZone(timeZone)) return null;
  const v = value.trim();
  const dateOnly = parseIsoDate(v);
  if (dateOnly !== null) return new Date(startOfLocalDay(dateOnly, timeZone));
  const m = INSTANT_RE.exec(v);
  if (!m) return null;
  const day = parseIsoDate(`${m[1]}-${m[2]}-${m[3]}`);
  if (day === null) return null;
  const hh = Number(m[4]);
  const mi = Number(m[5]);
  const ss = m[6] === undefined ? 0 : Number(m[6]);
  const frac = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000);
  if (hh > 23 || mi > 59 || ss > 59) return null;
  let offsetMin = 0;
  const z = m[8]!;
  if (z !== "Z" && z !== "z") {
    const sign = z[0] === "-" ? -1 : 1;
    const digits = z.slice(1).replace(":", "");
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (oh > 23 || om > 59) return null;
    offsetMin = sign * (oh * 60 + om);
  }
  const ms = day * MS_PER_DAY + ((hh * 60 + mi - offsetMin) * 60 + ss) * 1000 + frac;
  return new Date(ms);
}

export type ComputeFromParamsResult =
  | { ok: true; rule: DeadlineRule; receivedAt: Date; result: DeadlineResult }
  | { ok: false; error: "invalid_jurisdiction" | "invalid_type" | "invalid_received_at" };

/** Convenience for the API: validate raw strings, pick the rule in force, compute. */
export function computeDeadlineFromParams(params: {
  jurisdiction: string;
  type: string;
  receivedAt: string;
  now: Date;
  events?: readonly DeadlineEvent[];
  serviceTargetDays?: number;
  locale?: Locale;
  explain?: boolean;
}): ComputeFromParamsResult {
  if (!isJurisdictionCode(params.jurisdiction)) return { ok: false, error: "invalid_jurisdiction" };
  if (!isRequestType(params.type)) return { ok: false, error: "invalid_type" };
  // The zone is a property of the jurisdiction (all versions of its rules share it).
  const zone = JURISDICTION_INFO[params.jurisdiction].timeZone;
  const receivedAt = parseReceivedAt(params.receivedAt, zone);
  if (!receivedAt) return { ok: false, error: "invalid_received_at" };
  const rule = findRule(params.jurisdiction, params.type, receivedAt);
  const result = computeDeadline({
    rule,
    receivedAt,
    events: params.events,
    now: params.now,
    serviceTargetDays: params.serviceTargetDays,
    locale: params.locale,
    explain: params.explain,
  });
  return { ok: true, rule, receivedAt, result };
}
