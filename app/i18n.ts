/**
 * i18n shared by server and browser. Only the page's language is sent to the browser (as
 * root loader data), so resident pages stay small; the message files are loaded on the
 * server (app/server/i18n.server.ts). Translation files: app/locales/*.json.
 */
import i18next, { type i18n as I18n } from "i18next";
import type en from "./locales/en.json";

export const LOCALES = ["en", "fr-CA"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";
export type Messages = typeof en;

export function isLocale(x: unknown): x is Locale {
  return x === "en" || x === "fr-CA";
}

/** `?lng=fr`, `fr`, `fr-CA`, `fr_CA` → fr-CA; `en*` → en; else null. */
export function normaliseLocale(x: string | null | undefined): Locale | null {
  if (!x) return null;
  const v = x.trim().toLowerCase();
  if (v === "fr" || v.startsWith("fr-") || v.startsWith("fr_")) return "fr-CA";
  if (v === "en" || v.startsWith("en-") || v.startsWith("en_")) return "en";
  return null;
}

const cache = new Map<string, I18n>();

/** A ready (synchronously initialised) i18next instance for one locale. */
export function getI18n(locale: Locale, messages: Messages): I18n {
  const cached = cache.get(locale);
  if (cached) return cached;
  const instance = i18next.createInstance();
  void instance.init({
    lng: locale,
    fallbackLng: false,
    resources: { [locale]: { translation: messages } },
    initAsync: false,
    // React escapes text; translations are never injected as HTML.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  cache.set(locale, instance);
  return instance;
}

/** Formats a local YYYY-MM-DD date for display without any time-zone shift. */
export function formatDay(day: string | null | undefined, locale: Locale, style: "long" | "full" | "medium" = "long"): string {
  if (!day) return "—";
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return day;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12));
  return new Intl.DateTimeFormat(locale === "fr-CA" ? "fr-CA" : "en-CA", { dateStyle: style, timeZone: "UTC" }).format(d);
}

/** Formats an instant in a given time zone (or UTC). */
export function formatInstant(ms: number | null | undefined, locale: Locale, timeZone = "UTC"): string {
  if (ms == null) return "—";
  return new Intl.DateTimeFormat(locale === "fr-CA" ? "fr-CA" : "en-CA", { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", timeZone, timeZoneName: "short" }).format(new Date(ms));
}
