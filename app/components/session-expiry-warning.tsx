/**
 * Warns a signed-in staff member before the session ends (WCAG 2.2.1 Timing Adjustable: at
 * least 20 s to extend; here 2 minutes): "Stay signed in" posts to /session/keep-alive, which
 * restarts the idle limit. The absolute limit (8 h) cannot be extended, so when it is near
 * the banner says so instead of offering a button that would not help.
 *
 * Times arrive as "milliseconds remaining" measured by the server, and are turned into
 * deadlines with the browser's clock when they arrive, so a skewed client clock does not
 * matter. Nothing renders on the server or without JavaScript (the session simply ends as
 * before); timers are plain effects, so no inline script and nothing for the CSP to allow.
 */
import { useFetcher, useLocation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "~/i18n-react";

export const WARN_BEFORE_IDLE_MS = 2 * 60_000;
export const NOTE_BEFORE_ABSOLUTE_MS = 10 * 60_000;
/** While the banner shows, refresh the minutes shown this often. */
const TICK_MS = 15_000;

export interface SessionTimes {
  idleRemainingMs: number;
  absoluteRemainingMs: number;
}

interface Deadlines {
  idle: number;
  absolute: number;
}

function minutesLeft(ms: number): number {
  return Math.max(1, Math.ceil(ms / 60_000));
}

export function SessionExpiryWarning({ times }: { times: SessionTimes }) {
  const { t } = useTranslation();
  const location = useLocation();
  const fetcher = useFetcher<SessionTimes>();
  const [deadlines, setDeadlines] = useState<Deadlines | null>(null);
  const [now, setNow] = useState(0);

  // Fresh times from the server (page load, navigation, keep-alive): deadlines from "now".
  useEffect(() => {
    const at = Date.now();
    setDeadlines({ idle: at + times.idleRemainingMs, absolute: at + times.absoluteRemainingMs });
    setNow(at);
  }, [times.idleRemainingMs, times.absoluteRemainingMs]);

  useEffect(() => {
    if (!fetcher.data || typeof fetcher.data.idleRemainingMs !== "number") return;
    const at = Date.now();
    setDeadlines({ idle: at + fetcher.data.idleRemainingMs, absolute: at + fetcher.data.absoluteRemainingMs });
    setNow(at);
  }, [fetcher.data]);

  // One timer to the next moment the banner changes (or a tick while it is showing).
  useEffect(() => {
    if (!deadlines) return;
    const at = Date.now();
    const showing = at >= deadlines.idle - WARN_BEFORE_IDLE_MS || at >= deadlines.absolute - NOTE_BEFORE_ABSOLUTE_MS;
    const upcoming = [
      deadlines.idle - WARN_BEFORE_IDLE_MS,
      deadlines.idle,
      deadlines.absolute - NOTE_BEFORE_ABSOLUTE_MS,
      deadlines.absolute,
    ].filter((b) => b > at);
    if (showing && at < Math.min(deadlines.idle, deadlines.absolute)) upcoming.push(at + TICK_MS);
    if (upcoming.length === 0) return;
    const id = window.setTimeout(() => setNow(Date.now()), Math.min(...upcoming) - at);
    return () => window.clearTimeout(id);
  }, [deadlines, now]);

  if (!deadlines || now === 0) return null;
  const ended = now >= deadlines.idle || now >= deadlines.absolute;
  const idleSoon = now >= deadlines.idle - WARN_BEFORE_IDLE_MS && deadlines.idle < deadlines.absolute;
  const absoluteSoon = now >= deadlines.absolute - NOTE_BEFORE_ABSOLUTE_MS;
  if (!ended && !idleSoon && !absoluteSoon) return null;

  if (ended) {
    return (
      <div className="notice session-warning wrap" role="alert">
        <p>{t("session.ended")}</p>
        <p>
          <a href={`/login?redirectTo=${encodeURIComponent(location.pathname + location.search)}`}>
            {t("session.signInAgain")}
          </a>
        </p>
      </div>
    );
  }
  return (
    <div className="notice session-warning wrap" role="alert">
      {idleSoon ? <p>{t("session.idleSoon", { count: minutesLeft(deadlines.idle - now) })}</p> : null}
      {absoluteSoon ? <p>{t("session.absoluteSoon", { count: minutesLeft(deadlines.absolute - now) })}</p> : null}
      {idleSoon ? (
        <fetcher.Form method="post" action="/session/keep-alive">
          <button type="submit" disabled={fetcher.state !== "idle"}>
            {t("session.staySignedIn")}
          </button>
        </fetcher.Form>
      ) : null}
    </div>
  );
}
