// Test helpers for the deadline engine: compute by (jurisdiction, type, receipt) in one call.
import {
  computeDeadline,
  findRule,
  type DeadlineEvent,
  type DeadlineResult,
  type JurisdictionCode,
  type Locale,
  type RequestType,
} from "~/domain/deadlines";

/** A fixed "now" well before every test deadline unless a test sets its own. */
export const EARLY_NOW = new Date("2000-01-01T00:00:00Z");

export function at(iso: string): Date {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) throw new Error(`bad test instant ${iso}`);
  return d;
}

/**
 * Noon UTC of a civil date: the same local date in every zone we serve (UTC-8 … UTC+3), so table
 * rows can name receipt dates without time-zone noise. Time-zone edge cases use explicit instants.
 */
export function noonUtc(date: string): Date {
  return at(`${date}T12:00:00Z`);
}

export function compute(
  j: JurisdictionCode,
  t: RequestType,
  receivedAt: Date | string,
  opts: {
    events?: DeadlineEvent[];
    now?: Date | string;
    serviceTargetDays?: number;
    locale?: Locale;
    explain?: boolean;
  } = {},
): DeadlineResult {
  const r =
    typeof receivedAt === "string" ? (receivedAt.length === 10 ? noonUtc(receivedAt) : at(receivedAt)) : receivedAt;
  const now = opts.now === undefined ? r : typeof opts.now === "string" ? at(opts.now) : opts.now;
  return computeDeadline({
    rule: findRule(j, t, r),
    receivedAt: r,
    events: opts.events,
    now,
    serviceTargetDays: opts.serviceTargetDays,
    locale: opts.locale,
    explain: opts.explain,
  });
}

/** Local YYYY-MM-DD of an instant via Intl — an implementation independent of the engine's. */
export function intlLocalDate(d: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return `${get("year")}-${get("month")}-${get("day")}`;
}

export function weekdayOfIso(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}
