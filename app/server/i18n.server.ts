/** Server-side message catalogue and translation helper. */
import { getI18n, type Locale, type Messages } from "~/i18n";
import en from "~/locales/en.json";
import frCA from "~/locales/fr-CA.json";

export const MESSAGES: Record<Locale, Messages> = { en, "fr-CA": frCA as Messages };

export function translate(locale: Locale, key: string, params?: Record<string, unknown>): string {
  return String(getI18n(locale, MESSAGES[locale]).t(key, params as never));
}
