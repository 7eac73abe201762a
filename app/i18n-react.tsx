/** React binding of the translator: a provider in root.tsx, `useTranslation()` in components. */
import { createContext, useContext, type ReactNode } from "react";
import type { Locale, TFunction } from "./i18n";

interface I18nValue {
  t: TFunction;
  i18n: { language: Locale };
}

const I18nContext = createContext<I18nValue>({ t: (k) => k, i18n: { language: "en" } });

export function I18nProvider({ value, children }: { value: I18nValue; children: ReactNode }) {
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useTranslation(): I18nValue {
  return useContext(I18nContext);
}
