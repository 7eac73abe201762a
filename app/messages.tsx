/**
 * The page's message catalogue travels once per page as a JSON data island (not executed, not
 * part of the loader data), precomputed per language on the server: serialising ~60 KB of
 * messages into every loader response cost more than rendering most pages.
 */
import { createContext, useContext } from "react";
import type { Locale, Messages } from "./i18n";

export interface PageMessages {
  locale: Locale;
  messages: Messages;
  /** The JSON text of `messages`, escaped for an HTML <script> element. */
  json: string;
}

export const MessagesContext = createContext<PageMessages | null>(null);
export const usePageMessages = () => useContext(MessagesContext);
export const MESSAGES_ELEMENT_ID = "portal-messages";

/** JSON safe inside <script>: no "</script>", no HTML comment openers, no U+2028/2029 surprises. */
export function toScriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}
