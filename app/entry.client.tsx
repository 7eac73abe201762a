import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import type { Locale, Messages } from "./i18n";
import { MESSAGES_ELEMENT_ID, MessagesContext, type PageMessages } from "./messages";

// Read the catalogue the server put in the page before hydrating, so the first client render
// has exactly the server's text.
const element = document.getElementById(MESSAGES_ELEMENT_ID);
const json = element?.textContent ?? "";
const page: PageMessages | null = json
  ? {
      locale: (document.documentElement.lang === "fr-CA" ? "fr-CA" : "en") as Locale,
      messages: JSON.parse(json) as Messages,
      json,
    }
  : null;

startTransition(() => {
  hydrateRoot(
    document,
    <StrictMode>
      <MessagesContext.Provider value={page}>
        <RemixBrowser />
      </MessagesContext.Provider>
    </StrictMode>,
  );
});
