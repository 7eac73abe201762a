// Civil (wall-calendar) dates as integer day numbers: days since 1970-01-01 in the proleptic
// Gregorian calendar, with no time zone attached. All deadline arithmetic happens on these so
// that DST and UTC offsets can never shift a date; time zones only enter when an instant is
// converted to or from a local day (see time-zone.ts).

export const MS_PER_DAY = 86_400_000;

export interface CivilDate {
  year: number;
  month: number; // 1-12
  day: number; // 1-31
}

// Howard Hinnant's days_from_civil: exact integer arithmetic, no Date objects (fast, allocation-free).
export function toDayNumber(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = month > 2 ? month - 3 : month + 9;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function fromDayNumber(dayNumber: number): CivilDate {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** Year of a day number without allocating (used on the holiday lookup hot path). */
export function yearOfDayNumber(dayNumber: number): number {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  return yoe + era * 400 + (mp >= 10 ? 1 : 0);
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOf(dayNumber: number): number {
  const w = (dayNumber + 4) % 7;
  return w < 0 ? w + 7 : w;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * The "corresponding date" n months later, or the last day of that month when it has no such
 * date: Reg. 1182/71 Art.3(2)(c), ICO guidance, federal Interpretation Act s.28.
 * Returns whether the date had to be clamped so explanations can say so.
 */
export function addMonthsClamped(dayNumber: number, months: number): { day: number; clamped: boolean } {
  const c = fromDayNumber(dayNumber);
  const total = c.year * 12 + (c.month - 1) + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12 + 1;
  const dim = daysInMonth(year, month);
  const clamped = c.day > dim;
  return { day: toDayNumber(year, month, clamped ? dim : c.day), clamped };
}

function pad2(n: number): string {
  return n < 10 ? "0" + n : String(n);
}

// Formatting caches: a bounded, pure memo (same day → same string). Deadlines cluster on a few
// thousand distinct days, so this removes most formatting work from the hot path.
const CACHE_LIMIT = 50_000;
const isoCache = new Map<number, string>();
const humanCache = { en: new Map<number, string>(), "fr-CA": new Map<number, string>() };

export function formatIsoDate(dayNumber: number): string {
  let s = isoCache.get(dayNumber);
  if (s === undefined) {
    if (isoCache.size >= CACHE_LIMIT) isoCache.clear();
    s = formatIsoDateUncached(dayNumber);
    isoCache.set(dayNumber, s);
  }
  return s;
}

function formatIsoDateUncached(dayNumber: number): string {
  const c = fromDayNumber(dayNumber);
  const y = c.year;
  const ys = y >= 0 && y < 10000 ? String(y).padStart(4, "0") : String(y);
  return ys + "-" + pad2(c.month) + "-" + pad2(c.day);
}

const ISO_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Strict YYYY-MM-DD → day number, or null when malformed or not a real date (e.g. 2026-02-30). */
export function parseIsoDate(value: string): number | null {
  const m = ISO_DATE_RE.exec(value);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return toDayNumber(year, month, day);
}

const WEEKDAYS_EN = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const WEEKDAYS_FR = ["dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."];
const MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const MONTHS_FR = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juill.", "août", "sept.", "oct.", "nov.", "déc."];
export const WEEKDAY_NAMES_EN = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
export const WEEKDAY_NAMES_FR = ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"];

/** "Thu 5 Mar 2026" / "jeu. 5 mars 2026". Hand-rolled: Intl formatting is too slow for the hot path. */
export function formatHumanDate(dayNumber: number, locale: "en" | "fr-CA"): string {
  const cache = humanCache[locale];
  let s = cache.get(dayNumber);
  if (s === undefined) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    s = formatHumanDateUncached(dayNumber, locale);
    cache.set(dayNumber, s);
  }
  return s;
}

function formatHumanDateUncached(dayNumber: number, locale: "en" | "fr-CA"): string {
  const c = fromDayNumber(dayNumber);
  const w = weekdayOf(dayNumber);
  if (locale === "fr-CA") {
    return WEEKDAYS_FR[w] + " " + (c.day === 1 ? "1er" : String(c.day)) + " " + MONTHS_FR[c.month - 1] + " " + c.year;
  }
  return WEEKDAYS_EN[w] + " " + c.day + " " + MONTHS_EN[c.month - 1] + " " + c.year;
}
