import { useTranslation } from "~/i18n-react";
import type { DeadlineResult } from "~/domain/deadlines";
import { dateFormatter, formatDay, type Locale } from "~/i18n";

export interface DeadlineView {
  statutory: boolean;
  receivedOn: string;
  originalRespondBy: string;
  respondBy: string;
  extendedTo: string | null;
  pausedDays: number;
  acknowledgeBy: string | null;
  state: "on_track" | "due_soon" | "overdue" | "deemed_refused";
  daysLeft: number;
  citation: string;
  /** "<jurisdiction>/<type>": where the public catalogue of the rules explains this date */
  ruleId: string;
  timeZone: string;
  noReply: "deemed_refusal" | null;
  /** the day a notice of extension is due, while the law still allows one (null once extended or where none is allowed) */
  noticeBy: string | null;
  /** where the law is unsettled: the dates under the later defensible reading (the earlier date stays the deadline) */
  latestDefensible: { respondBy: string; noticeBy: string | null } | null;
  /** the unsettled points, in words, with both readings */
  uncertainties: { id: string; text: string }[];
  explanation: { text: string }[];
}

/** The catalogue page and anchor of a rule id ("CA-QC/access" → /law/CA-QC#access). */
export function lawLink(ruleId: string): string {
  const [jurisdiction, type] = ruleId.split("/");
  return `/law/${jurisdiction}#${type}`;
}

export function DeadlineBadge({ state, closed }: { state: DeadlineView["state"]; closed?: boolean }) {
  const { t } = useTranslation();
  if (closed) return <span className="badge closed">{t("state.closed")}</span>;
  return <span className={`badge ${state}`}>{t(`state.${state}`)}</span>;
}

/** Says which date is shown: original, extended, or paused — never a silently changed date. */
export function DeadlineFacts({ d, closed, locale }: { d: DeadlineView; closed: boolean; locale: Locale }) {
  const { t } = useTranslation();
  return (
    <dl className="facts">
      <dt>{t("status.receivedOn")}</dt>
      <dd>
        {formatDay(d.receivedOn, locale, "full")} <span className="hint">({d.timeZone})</span>
      </dd>
      <dt>{d.statutory ? t("status.originalDeadline") : t("status.serviceTarget")}</dt>
      <dd>{formatDay(d.originalRespondBy, locale, "full")}</dd>
      {d.extendedTo ? (
        <>
          <dt>{t("status.extendedTo")}</dt>
          <dd>{formatDay(d.extendedTo, locale, "full")}</dd>
        </>
      ) : null}
      {d.pausedDays > 0 ? (
        <>
          <dt>{t("status.paused")}</dt>
          <dd>{t("status.pausedDays", { count: d.pausedDays })}</dd>
        </>
      ) : null}
      <dt>{t("status.currentDeadline")}</dt>
      <dd>
        <strong>{formatDay(d.respondBy, locale, "full")}</strong> <DeadlineBadge state={d.state} closed={closed} />
        {!closed ? (
          <>
            {" "}
            {d.daysLeft >= 0
              ? t("status.daysLeft", { count: d.daysLeft })
              : t("status.daysLate", { count: -d.daysLeft })}
          </>
        ) : null}
      </dd>
      {d.latestDefensible && d.latestDefensible.respondBy !== d.respondBy ? (
        <>
          <dt>{t("status.latestDefensible")}</dt>
          <dd>
            {formatDay(d.latestDefensible.respondBy, locale, "full")}{" "}
            <span className="hint">{t("status.latestDefensibleHint")}</span>
          </dd>
        </>
      ) : null}
      {d.noticeBy && !closed ? (
        <>
          <dt>{t("status.noticeBy")}</dt>
          <dd>
            {formatDay(d.noticeBy, locale, "full")}
            {d.latestDefensible?.noticeBy && d.latestDefensible.noticeBy !== d.noticeBy ? (
              <>
                {" "}
                <span className="hint">
                  {t("status.noticeByLatest", { date: formatDay(d.latestDefensible.noticeBy, locale, "full") })}
                </span>
              </>
            ) : null}
          </dd>
        </>
      ) : null}
      {d.acknowledgeBy ? (
        <>
          <dt>{t("status.acknowledgeBy")}</dt>
          <dd>{formatDay(d.acknowledgeBy, locale, "full")}</dd>
        </>
      ) : null}
      <dt>{t("status.law")}</dt>
      <dd>
        {d.citation} — <a href={lawLink(d.ruleId)}>{t("law.howCounted")}</a>
      </dd>
      {!d.statutory ? (
        <>
          <dt>{t("status.noStatutoryTitle")}</dt>
          <dd>{t("status.noStatutory")}</dd>
        </>
      ) : null}
      {d.noReply === "deemed_refusal" ? (
        <>
          <dt>{t("status.silenceTitle")}</dt>
          <dd>{t("status.deemedRefusal")}</dd>
        </>
      ) : null}
      {d.uncertainties.length > 0 ? (
        <>
          <dt>{t("status.unsettledTitle")}</dt>
          <dd>
            <ul className="unsettled">
              {d.uncertainties.map((u) => (
                <li key={u.id}>{u.text}</li>
              ))}
            </ul>
          </dd>
        </>
      ) : null}
    </dl>
  );
}

export function Explanation({ d }: { d: DeadlineView }) {
  const { t } = useTranslation();
  return (
    <details>
      <summary>{t("status.howComputed")}</summary>
      <ol className="explanation">
        {d.explanation.map((s, i) => (
          <li key={i}>{s.text}</li>
        ))}
      </ol>
    </details>
  );
}

export interface TimelineEvent {
  type: string;
  at: number;
  payload: Record<string, unknown>;
}

export function Timeline({ events, locale, timeZone }: { events: TimelineEvent[]; locale: Locale; timeZone: string }) {
  const { t } = useTranslation();
  const fmt = dateFormatter(locale === "fr-CA" ? "fr-CA" : "en-CA", {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZone,
    timeZoneName: "short",
  });
  return (
    <ol className="timeline">
      {events.map((e, i) => (
        <li key={i}>
          <time dateTime={new Date(e.at).toISOString()}>{fmt.format(new Date(e.at))}</time>
          <strong>{t(`events.${e.type}`, { defaultValue: e.type })}</strong>
          {typeof e.payload.reason === "string" && e.payload.reason ? <p>{e.payload.reason}</p> : null}
          {typeof e.payload.denialBasisLabel === "string" ? <p>{e.payload.denialBasisLabel}</p> : null}
          {typeof e.payload.copies === "number" ? (
            <p>{t("events.blockedCopies", { count: e.payload.copies })}</p>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

/** The serialisable part of an engine result that pages show. */
export function toDeadlineView(d: DeadlineResult): DeadlineView {
  return {
    statutory: d.statutory,
    receivedOn: d.receivedOn,
    originalRespondBy: d.originalRespondBy,
    respondBy: d.respondBy,
    extendedTo: d.extendedTo,
    pausedDays: d.pausedDays,
    acknowledgeBy: d.acknowledgeBy,
    state: d.state,
    daysLeft: d.daysLeft,
    citation: d.citation,
    ruleId: d.ruleId,
    timeZone: d.timeZone,
    noReply: d.noReply,
    noticeBy: d.extension && !d.extendedTo ? d.extension.noticeBy : null,
    latestDefensible: d.latestDefensible
      ? { respondBy: d.latestDefensible.respondBy, noticeBy: d.latestDefensible.noticeBy }
      : null,
    uncertainties: d.uncertainties,
    explanation: d.explanation.map((s) => ({ text: s.text })),
  };
}
