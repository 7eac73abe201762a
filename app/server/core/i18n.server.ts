/** Server-side message catalogue and translation with i18next (the reference implementation). */
import i18next, { type i18n as I18n } from "i18next";
import type { Locale, Messages } from "~/i18n";
import { toScriptJson, type PageMessages } from "~/messages";
import en from "~/locales/en.json";
import frCA from "~/locales/fr-CA.json";

export const MESSAGES: Record<Locale, Messages> = { en, "fr-CA": frCA as Messages };

const instances = new Map<Locale, I18n>();
export function getServerI18n(locale: Locale): I18n {
  let i = instances.get(locale);
  if (!i) {
    i = i18next.createInstance();
    void i.init({
      lng: locale,
      fallbackLng: false,
      resources: { [locale]: { translation: MESSAGES[locale] } },
      initAsync: false,
      interpolation: { escapeValue: false },
      returnNull: false,
    });
    instances.set(locale, i);
  }
  return i;
}

export function translate(locale: Locale, key: string, params?: Record<string, unknown>): string {
  return String(getServerI18n(locale).t(key, params as never));
}

const pageMessages = new Map<Locale, PageMessages>();
/** The catalogue for one language with its precomputed JSON (built once per process). */
export function pageMessagesFor(locale: Locale): PageMessages {
  let p = pageMessages.get(locale);
  if (!p) {
    p = { locale, messages: MESSAGES[locale], json: toScriptJson(MESSAGES[locale]) };
    pageMessages.set(locale, p);
  }
  return p;
}
