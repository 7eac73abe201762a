/**
 * Client-side navigation for long lists of plain links. Remix's <Link> resolves its path
 * against the route matches on every render (hooks plus a JSON serialisation of the matches per
 * link): for a 50-row table that was a tenth of the page's server render. Rows render plain
 * <a href> instead, and one click handler on the container navigates in the app the way <Link>
 * would. Without JavaScript, or with a modifier key (new tab, download), the browser follows
 * the link itself.
 */
import { useNavigate } from "@remix-run/react";
import type { MouseEvent } from "react";

export function useDelegatedLinks(): (event: MouseEvent<HTMLElement>) => void {
  const navigate = useNavigate();
  return (event) => {
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey
    )
      return;
    const anchor = (event.target as Element).closest?.("a[href]");
    if (!(anchor instanceof HTMLAnchorElement) || !event.currentTarget.contains(anchor)) return;
    if ((anchor.target && anchor.target !== "_self") || anchor.hasAttribute("download")) return;
    const url = new URL(anchor.href, window.location.href);
    if (url.origin !== window.location.origin) return;
    event.preventDefault();
    navigate(url.pathname + url.search + url.hash);
  };
}
