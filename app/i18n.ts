/**
 * i18n shared by server and browser. Only the page's language is sent to the browser (as
 * root loader data); the message files are loaded on the server (app/server/core/i18n.server.ts,
 * which uses i18next). Translation files: app/locales/*.json.
 */
import type en from "./locales/en.json";

export const LOCALES = ["en", "fr-CA"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";
export type Messages = typeof en;

/** `?lng=fr`, `fr`, `fr-CA`, `fr_CA` → fr-CA; `en*` → en; else null. */
export function normaliseLocale(x: string | null | undefined): Locale | null {
  if (!x) return null;
  const v = x.trim().toLowerCase();
  if (v === "fr" || v.startsWith("fr-") || v.startsWith("fr_")) return "fr-CA";
  if (v === "en" || v.startsWith("en-") || v.startsWith("en_")) return "en";
  return null;
}

export type TranslateParams = Record<string, unknown> & { count?: number; defaultValue?: string };
export type TFunction = (key: string, params?: TranslateParams) => string;

/**
 * The browser-side translator: the small subset of i18next's behaviour that this app's
 * catalogues use — nested keys, {{name}} interpolation, plurals with the _one/_other suffixes
 * chosen by Intl.PluralRules, defaultValue. It keeps i18next itself (used on the server and in
 * tests) out of the resident pages' JavaScript budget; a test checks that both give the same
 * text for every key of both catalogues.
 */
const translators = new WeakMap<Messages, TFunction>();
export function createTranslator(locale: Locale, messages: Messages): TFunction {
  const cached = translators.get(messages);
  if (cached) return cached;
  const t = buildTranslator(locale, messages);
  translators.set(messages, t);
  return t;
}

function buildTranslator(locale: Locale, messages: Messages): TFunction {
  const plural = new Intl.PluralRules(locale);
  // Resolved keys are remembered: a 50-row table asks for the same few dozen keys hundreds of
  // times per render, and splitting and walking each one showed up in the server's profile.
  // Bounded by the number of keys the code uses (and misses are remembered as undefined).
  const resolved = new Map<string, string | undefined>();
  const lookup = (key: string): string | undefined => {
    if (resolved.has(key)) return resolved.get(key);
    let node: unknown = messages;
    for (const part of key.split(".")) {
      if (node === null || typeof node !== "object") {
        node = undefined;
        break;
      }
      node = (node as Record<string, unknown>)[part];
    }
    const text = typeof node === "string" ? node : undefined;
    if (resolved.size < 5000) resolved.set(key, text);
    return text;
  };
  return (key, params) => {
    let text: string | undefined;
    if (params && typeof params.count === "number")
      text = lookup(`${key}_${plural.select(params.count)}`) ?? lookup(`${key}_other`);
    text ??= lookup(key) ?? params?.defaultValue ?? key;
    if (!params) return text;
    return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) =>
      name in params ? String(params[name]) : whole,
    );
  };
}

// Intl.DateTimeFormat is expensive to construct (~0.1 ms): a queue of 50 rows would spend more
// time building formatters than rendering. One per (locale, style, zone), reused.
const formatters = new Map<string, Intl.DateTimeFormat>();
export function dateFormatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, f);
  }
  return f;
}

// A queue page formats the same few dozen due dates again and again; formatting is a pure
// function of (style, locale, day), so results are kept (bounded: cleared when full).
const formattedDays = new Map<string, string>();

/** Formats a local YYYY-MM-DD date for display without any time-zone shift. */
export function formatDay(
  day: string | null | undefined,
  locale: Locale,
  style: "long" | "full" | "medium" = "long",
): string {
  if (!day) return "—";
  const key = `${style}|${locale}|${day}`;
  const hit = formattedDays.get(key);
  if (hit !== undefined) return hit;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return day;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12));
  const text = dateFormatter(locale === "fr-CA" ? "fr-CA" : "en-CA", { dateStyle: style, timeZone: "UTC" }).format(d);
  if (formattedDays.size >= 4096) formattedDays.clear();
  formattedDays.set(key, text);
  return text;
}

/** Formats an instant in a given time zone (or UTC). */
export function formatInstant(ms: number | null | undefined, locale: Locale, timeZone = "UTC"): string {
  if (ms == null) return "—";
  return dateFormatter(locale === "fr-CA" ? "fr-CA" : "en-CA", {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZone,
    timeZoneName: "short",
  }).format(new Date(ms));
}
