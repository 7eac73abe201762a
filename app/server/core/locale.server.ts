/** Picks the page language: ?lng= on any URL, then the lng cookie, then Accept-Language. */
import { DEFAULT_LOCALE, normaliseLocale, type Locale } from "~/i18n";

export const LOCALE_COOKIE = "lng";

export function readCookie(request: Request, name: string): string | null {
  const header = request.headers.get("Cookie");
  if (!header) return null;
  for (const part of header.split(";")) {
    const idx = part.indexOf("=");
    if (idx < 0) continue;
    if (part.slice(0, idx).trim() === name) {
      try {
        return decodeURIComponent(part.slice(idx + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}

export function detectLocale(request: Request): Locale {
  const url = new URL(request.url);
  const fromQuery = normaliseLocale(url.searchParams.get("lng"));
  if (fromQuery) return fromQuery;
  const fromCookie = normaliseLocale(readCookie(request, LOCALE_COOKIE));
  if (fromCookie) return fromCookie;
  const accept = request.headers.get("Accept-Language") ?? "";
  for (const part of accept.split(",")) {
    const l = normaliseLocale(part.split(";")[0]);
    if (l) return l;
  }
  return DEFAULT_LOCALE;
}

/** Set-Cookie value remembering an explicit ?lng= choice (called from entry.server). */
export function localeCookieFor(request: Request): string | null {
  const fromQuery = normaliseLocale(new URL(request.url).searchParams.get("lng"));
  if (!fromQuery) return null;
  return `${LOCALE_COOKIE}=${encodeURIComponent(fromQuery)}; Path=/; Max-Age=31536000; SameSite=Lax`;
}
