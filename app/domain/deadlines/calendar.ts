// Holiday calendars and working-day arithmetic on civil day numbers.
//
// Holidays come from date-holidays (`public` days only, per the brief: bank/school/observance days
// are not statutory holidays), plus the named statutory days a rule lists in `includeOptional`,
// plus computed additions for Canadian statutes that date-holidays does not fully cover. Sets are
// cached per (calendar, year) in module-level Maps: a pure cache, deterministic for its inputs.

import Holidays from "date-holidays";
import { daysInMonth, MS_PER_DAY, toDayNumber, weekdayOf, yearOfDayNumber } from "./civil-date";
import type { HolidayAddition, HolidayCalendarSpec, RollForward } from "./types";

export interface HolidayName {
  en: string;
  "fr-CA": string;
}

export interface CalendarState {
  spec: HolidayCalendarSpec;
  instance: Holidays | null;
  /** (calendar, year) → day number → name */
  years: Map<number, Map<number, HolidayName>>;
  // Last year touched: day loops stay within one year, so most lookups skip the year computation.
  lastFrom: number;
  lastTo: number;
  lastDays: Map<number, HolidayName> | null;
}

const calendars = new Map<string, CalendarState>();

function getCalendarState(spec: HolidayCalendarSpec): CalendarState {
  let state = calendars.get(spec.id);
  if (!state) {
    state = { spec, instance: null, years: new Map(), lastFrom: 1, lastTo: 0, lastDays: null };
    calendars.set(spec.id, state);
  }
  return state;
}

/** Western Easter Sunday (Meeus/Jones/Butcher), as a day number. */
export function easterSunday(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return toDayNumber(year, month, day);
}

/** n-th (1-based) given weekday of a month. */
function nthWeekday(year: number, month: number, weekday: number, n: number): number {
  const first = toDayNumber(year, month, 1);
  const delta = (weekday - weekdayOf(first) + 7) % 7;
  return first + delta + (n - 1) * 7;
}

/** Last given weekday of a month. */
function lastWeekday(year: number, month: number, weekday: number): number {
  const last = toDayNumber(year, month, daysInMonth(year, month));
  return last - ((weekdayOf(last) - weekday + 7) % 7);
}

/** Monday strictly before 25 May (Victoria Day / Journée nationale des patriotes). */
function mondayBeforeMay25(year: number): number {
  const may25 = toDayNumber(year, 5, 25);
  const back = (weekdayOf(may25) - 1 + 7) % 7 || 7;
  return may25 - back;
}

type Addition = { day: number; name: HolidayName };

function computeAdditions(kind: HolidayAddition, year: number): Addition[] {
  const out: Addition[] = [];
  const push = (day: number, en: string, fr: string) => out.push({ day, name: { en, "fr-CA": fr } });
  const ifSundayNext = (month: number, day: number, en: string, fr: string) => {
    const d = toDayNumber(year, month, day);
    if (weekdayOf(d) === 0) push(d + 1, en + " (following day, Sunday rule)", fr + " (lendemain, règle du dimanche)");
  };
  switch (kind) {
    case "ca-federal-s35": {
      // Interpretation Act R.S.C. 1985 c. I-21 s.35(1) "holiday" (core list), s.35(2) Sunday rule.
      // Provincial non-juridical days (s.35(1)(a)) are left out: see UNSURE choice CA-holidays.
      const easter = easterSunday(year);
      push(toDayNumber(year, 1, 1), "New Year's Day", "Jour de l'An");
      ifSundayNext(1, 1, "New Year's Day", "Jour de l'An");
      push(easter - 2, "Good Friday", "Vendredi saint");
      push(easter + 1, "Easter Monday", "Lundi de Pâques");
      push(mondayBeforeMay25(year), "Victoria Day", "Fête de la Reine / Fête de Victoria");
      push(toDayNumber(year, 7, 1), "Canada Day", "Fête du Canada");
      ifSundayNext(7, 1, "Canada Day", "Fête du Canada");
      push(nthWeekday(year, 9, 1, 1), "Labour Day", "Fête du Travail");
      if (year >= 2021) {
        push(
          toDayNumber(year, 9, 30),
          "National Day for Truth and Reconciliation",
          "Journée nationale de la vérité et de la réconciliation",
        );
      }
      push(nthWeekday(year, 10, 1, 2), "Thanksgiving Day", "Action de grâces");
      push(toDayNumber(year, 11, 11), "Remembrance Day", "Jour du Souvenir");
      ifSundayNext(11, 11, "Remembrance Day", "Jour du Souvenir");
      push(toDayNumber(year, 12, 25), "Christmas Day", "Noël");
      break;
    }
    case "ca-qc-july-2":
      // I-16 s.61(23)(f): "le 1er juillet ... ou le 2 juillet si le 1er tombe un dimanche".
      ifSundayNext(7, 1, "Canada Day", "Fête du Canada");
      break;
    case "ca-bc-family-day-ndtr":
      // The later reading of BC "holiday": Family Day (second Monday of February 2013-2018, third
      // Monday since 2019) and the National Day for Truth and Reconciliation (a BC statutory
      // holiday since 2023), if the Interpretation Act s.29 list now includes them.
      if (year >= 2013) push(nthWeekday(year, 2, 1, year >= 2019 ? 3 : 2), "Family Day", "Jour de la famille");
      if (year >= 2023)
        push(
          toDayNumber(year, 9, 30),
          "National Day for Truth and Reconciliation",
          "Journée nationale de la vérité et de la réconciliation",
        );
      break;
    case "ca-ab-easter-monday-boxing-day":
      // The later reading of the Alberta Interpretation Act "holiday": Easter Monday and 26 December.
      push(easterSunday(year) + 1, "Easter Monday", "Lundi de Pâques");
      push(toDayNumber(year, 12, 26), "Boxing Day (26 December)", "Lendemain de Noël (26 décembre)");
      break;
    case "us-tx-legal-holidays": {
      // Gov't Code §662.021: a legal holiday is a national holiday (§662.003(a)) or a state
      // holiday under §662.003(b)(1)-(6). No observed-on-another-day rule.
      push(toDayNumber(year, 1, 1), "New Year's Day", "Jour de l'An");
      push(nthWeekday(year, 1, 1, 3), "Martin Luther King, Jr., Day", "Journée de Martin Luther King Jr.");
      push(toDayNumber(year, 1, 19), "Confederate Heroes Day", "Confederate Heroes Day");
      push(nthWeekday(year, 2, 1, 3), "Presidents' Day", "Journée des présidents");
      push(toDayNumber(year, 3, 2), "Texas Independence Day", "Jour de l'indépendance du Texas");
      push(toDayNumber(year, 4, 21), "San Jacinto Day", "San Jacinto Day");
      push(lastWeekday(year, 5, 1), "Memorial Day", "Memorial Day");
      push(toDayNumber(year, 6, 19), "Emancipation Day in Texas", "Jour de l'émancipation au Texas");
      push(toDayNumber(year, 7, 4), "Independence Day", "Jour de l'indépendance");
      push(toDayNumber(year, 8, 27), "Lyndon Baines Johnson Day", "Lyndon Baines Johnson Day");
      push(nthWeekday(year, 9, 1, 1), "Labor Day", "Fête du Travail");
      push(toDayNumber(year, 11, 11), "Veterans Day", "Jour des anciens combattants");
      push(nthWeekday(year, 11, 4, 4), "Thanksgiving Day", "Action de grâce");
      push(nthWeekday(year, 11, 4, 4) + 1, "Friday after Thanksgiving Day", "Lendemain de l'Action de grâce");
      push(toDayNumber(year, 12, 25), "Christmas Day", "Noël");
      break;
    }
    case "us-co-legal-holidays": {
      // C.R.S. §24-11-101(1); (2): a holiday falling on a Sunday is kept on the Monday after.
      const fixed = (month: number, day: number, en: string, fr: string) => {
        push(toDayNumber(year, month, day), en, fr);
        ifSundayNext(month, day, en, fr);
      };
      fixed(1, 1, "New Year's Day", "Jour de l'An");
      push(nthWeekday(year, 1, 1, 3), "Martin Luther King, Jr. Day", "Journée de Martin Luther King Jr.");
      push(nthWeekday(year, 2, 1, 3), "Washington-Lincoln Day", "Journée Washington-Lincoln");
      push(lastWeekday(year, 5, 1), "Memorial Day", "Memorial Day");
      if (year >= 2022) fixed(6, 19, "Juneteenth", "Juneteenth");
      fixed(7, 4, "Independence Day", "Jour de l'indépendance");
      push(nthWeekday(year, 9, 1, 1), "Labor Day", "Fête du Travail");
      // HB20-1031 replaced Columbus Day (second Monday of October) with Cabrini Day from 2020.
      if (year >= 2020)
        push(nthWeekday(year, 10, 1, 1), "Frances Xavier Cabrini Day", "Journée Frances Xavier Cabrini");
      else push(nthWeekday(year, 10, 1, 2), "Columbus Day", "Jour de Christophe Colomb");
      fixed(11, 11, "Veterans' Day", "Jour des anciens combattants");
      push(nthWeekday(year, 11, 4, 4), "Thanksgiving Day", "Action de grâce");
      fixed(12, 25, "Christmas Day", "Noël");
      break;
    }
    case "us-wa-legal-holidays":
      // RCW 1.16.050(1) (Sunday, item (a), rolls as a Sunday anyway). Juneteenth from 2022.
      push(toDayNumber(year, 1, 1), "New Year's Day", "Jour de l'An");
      push(nthWeekday(year, 1, 1, 3), "Martin Luther King, Jr. Day", "Journée de Martin Luther King Jr.");
      push(nthWeekday(year, 2, 1, 3), "Presidents' Day", "Journée des présidents");
      push(lastWeekday(year, 5, 1), "Memorial Day", "Memorial Day");
      if (year >= 2022) push(toDayNumber(year, 6, 19), "Juneteenth", "Juneteenth");
      push(toDayNumber(year, 7, 4), "Independence Day", "Jour de l'indépendance");
      push(nthWeekday(year, 9, 1, 1), "Labor Day", "Fête du Travail");
      push(toDayNumber(year, 11, 11), "Veterans' Day", "Jour des anciens combattants");
      push(nthWeekday(year, 11, 4, 4), "Thanksgiving Day", "Action de grâce");
      push(nthWeekday(year, 11, 4, 4) + 1, "Native American Heritage Day", "Journée du patrimoine autochtone");
      push(toDayNumber(year, 12, 25), "Christmas Day", "Noël");
      break;
    case "us-ca-gov-6700-extra":
      // Gov. Code §6700 days that date-holidays does not mark `public` for California.
      push(toDayNumber(year, 2, 12), "Lincoln Day", "Anniversaire de Lincoln");
      push(toDayNumber(year, 9, 9), "Admission Day", "Admission Day");
      push(nthWeekday(year, 10, 1, 2), "Columbus Day", "Jour de Christophe Colomb");
      break;
    case "ca-bc-s29": {
      // Interpretation Act RSBC 1996 c 238 s.29 (list verified as of 2012): Easter Monday and
      // 26 December are holidays there although date-holidays does not mark them `public` for BC.
      const easter = easterSunday(year);
      push(easter + 1, "Easter Monday", "Lundi de Pâques");
      push(toDayNumber(year, 12, 26), "Boxing Day (26 December)", "Lendemain de Noël (26 décembre)");
      break;
    }
  }
  return out;
}

function loadYear(state: CalendarState, year: number): Map<number, HolidayName> {
  const { spec } = state;
  const days = new Map<number, HolidayName>();
  const federal = spec.additions?.includes("ca-federal-s35") ?? false;
  // The federal calendar is fully computed (date-holidays' national CA list is incomplete for s.35),
  // and so are calendars that follow a statute's own list.
  if (!federal && !spec.computedOnly) {
    if (!state.instance) {
      state.instance = spec.state ? new Holidays(spec.country, spec.state) : new Holidays(spec.country);
    }
    addDateHolidays(days, spec, state.instance, year, false);
    for (const region of spec.extraRegions ?? [])
      addDateHolidays(days, spec, regionInstance(spec.country, region), year, true);
  }
  for (const kind of spec.additions ?? []) {
    for (const a of computeAdditions(kind, year)) {
      if (!days.has(a.day)) days.set(a.day, a.name);
    }
  }
  state.years.set(year, days);
  return days;
}

const regionInstances = new Map<string, Holidays>();
function regionInstance(country: string, region: string): Holidays {
  const key = `${country}/${region}`;
  let h = regionInstances.get(key);
  if (!h) {
    h = new Holidays(country, region);
    regionInstances.set(key, h);
  }
  return h;
}

function addDateHolidays(
  days: Map<number, HolidayName>,
  spec: HolidayCalendarSpec,
  instance: Holidays,
  year: number,
  publicOnly: boolean,
): void {
  const en = instance.getHolidays(year, "en");
  const fr = instance.getHolidays(year, "fr");
  for (let i = 0; i < en.length; i++) {
    const h = en[i]!;
    const wanted =
      (h.type === "public" && !(spec.exclude?.includes(h.name) ?? false)) ||
      (!publicOnly && h.type === "optional" && (spec.includeOptional?.includes(h.name) ?? false));
    if (!wanted) continue;
    const ymd = h.date.slice(0, 10);
    const day = toDayNumber(Number(ymd.slice(0, 4)), Number(ymd.slice(5, 7)), Number(ymd.slice(8, 10)));
    const frName = fr.find((x) => x.date === h.date && x.rule === h.rule)?.name ?? h.name;
    // Some holidays span several days (Romania: New Year's Day = 1-2 January, one 48 h entry).
    const span = Math.max(1, Math.round((h.end.getTime() - h.start.getTime()) / MS_PER_DAY));
    for (let k = 0; k < span; k++) {
      if (!days.has(day + k)) days.set(day + k, { en: h.name, "fr-CA": frName });
    }
  }
}

/** Resolve a calendar once per computation; then query many days cheaply. */
export function resolveCalendar(spec: HolidayCalendarSpec): CalendarState {
  return getCalendarState(spec);
}

/** Holiday name (en/fr-CA) or undefined; weekends are not holidays here. */
export function holidayOn(state: CalendarState, dayNumber: number): HolidayName | undefined {
  if (dayNumber >= state.lastFrom && dayNumber <= state.lastTo) return state.lastDays!.get(dayNumber);
  const year = yearOfDayNumber(dayNumber);
  const days = state.years.get(year) ?? loadYear(state, year);
  state.lastFrom = toDayNumber(year, 1, 1);
  state.lastTo = toDayNumber(year, 12, 31);
  state.lastDays = days;
  return days.get(dayNumber);
}

/** All holidays of a calendar in a year, ascending (for tests and the UI). */
export function listHolidays(spec: HolidayCalendarSpec, year: number): { date: number; name: HolidayName }[] {
  const state = getCalendarState(spec);
  const days = state.years.get(year) ?? loadYear(state, year);
  return [...days.entries()].sort((a, b) => a[0] - b[0]).map(([date, name]) => ({ date, name }));
}

export function isBusinessDay(state: CalendarState, dayNumber: number): boolean {
  const w = weekdayOf(dayNumber);
  return w !== 0 && w !== 6 && holidayOn(state, dayNumber) === undefined;
}

/** Whether a period ending on this day must roll forward under the given rule. */
export function mustRoll(state: CalendarState, dayNumber: number, roll: RollForward): boolean {
  if (roll === "none") return false;
  const w = weekdayOf(dayNumber);
  if (w === 0) return true;
  if (w === 6 && roll === "weekends_and_holidays") return true;
  return holidayOn(state, dayNumber) !== undefined;
}

/**
 * Adds `n` business days. `exclude_receipt_day`: the first business day after `start` is day 1.
 * `receipt_day_is_day_one`: `start` is day 1 when it is itself a business day.
 */
export function addBusinessDays(state: CalendarState, start: number, n: number, receiptIsDayOne: boolean): number {
  let d = start;
  let counted = 0;
  if (receiptIsDayOne && isBusinessDay(state, d)) counted = 1;
  while (counted < n) {
    d++;
    if (isBusinessDay(state, d)) counted++;
  }
  return d;
}
