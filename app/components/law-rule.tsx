/**
 * One version of a deadline rule as the public catalogue shows it: a definition list a lawyer can
 * read top to bottom, every fact with its citation. Shared by /law/<place> (current version and
 * history) so both read the same way.
 */
import { useTranslation } from "~/i18n-react";
import type { PeriodView, RuleVersionView } from "~/domain/law-catalogue";

export function PeriodText({ period }: { period: PeriodView }) {
  const { t } = useTranslation();
  const key =
    period.kind === "business_days"
      ? "law.periodBusinessDays"
      : period.kind === "months"
        ? "law.periodMonths"
        : "law.periodDays";
  return <>{t(key, { count: period.length })}</>;
}

export function RuleVersionFacts({ v }: { v: RuleVersionView }) {
  const { t } = useTranslation();
  return (
    <dl className="facts law-facts">
      <dt>{t("law.citations")}</dt>
      <dd>
        <ul className="plain">
          {v.citations.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
      </dd>
      <dt>{t("law.period")}</dt>
      <dd>{v.period && v.statutory ? <PeriodText period={v.period} /> : t("law.noDeadline")}</dd>
      {v.nonStatutory ? (
        <>
          <dt>{t("law.nonStatutory")}</dt>
          <dd>
            <p>{v.nonStatutory.requirements}</p>
            <p>{t("law.serviceTarget", { count: v.nonStatutory.defaultServiceTargetDays })}</p>
          </dd>
        </>
      ) : null}
      <dt>{t("law.counting")}</dt>
      <dd>{t(`law.countings.${v.counting}`)}</dd>
      <dt>{t("law.computation")}</dt>
      <dd>
        {v.computation.description ? <p>{v.computation.description}</p> : null}
        <p>
          {t(`law.rolls.${v.computation.rollForward}`)} <span className="muted">({v.computation.citation})</span>
        </p>
        {v.computation.certainty ? (
          <p className="muted">
            {t("law.certainty")}: {t(`law.certainties.${v.computation.certainty}`)}
          </p>
        ) : null}
      </dd>
      <dt>{t("law.holidays")}</dt>
      <dd>
        {v.computation.holidays.place} <span className="muted">({v.computation.holidays.citation})</span>
      </dd>
      <dt>{t("law.timeZone")}</dt>
      <dd className="mono">{v.timeZone}</dd>
      {v.acknowledgement ? (
        <>
          <dt>{t("law.acknowledgement")}</dt>
          <dd>
            <PeriodText period={v.acknowledgement.period} />{" "}
            <span className="muted">({v.acknowledgement.citation})</span>
          </dd>
        </>
      ) : null}
      <dt>{t("law.extension")}</dt>
      <dd>
        {v.extension ? (
          <>
            <p>
              + <PeriodText period={v.extension.additional} />: {v.extension.conditions}{" "}
              <span className="muted">({v.extension.citation})</span>
            </p>
          </>
        ) : (
          t("law.noExtension")
        )}
      </dd>
      <dt>{t("law.pause")}</dt>
      <dd>
        {v.pause.allowed && v.pause.reasons.length ? (
          <>
            <ul className="plain">
              {v.pause.reasons.map((r) => (
                <li key={r}>
                  {t(`law.pauseReasons.${r}`)}: {t(`law.pauseModes.${v.pause.modes[r] ?? "suspend"}`)}
                </li>
              ))}
            </ul>
            <p>
              {v.pause.explanation} <span className="muted">({v.pause.citation})</span>
            </p>
          </>
        ) : (
          <p>
            {t("law.noPause")} {v.pause.explanation ? <span className="muted">{v.pause.explanation}</span> : null}
          </p>
        )}
      </dd>
      <dt>{t("law.silence")}</dt>
      <dd>{v.noReply === "deemed_refusal" ? t("law.deemedRefusal") : t("law.noDeemedRefusal")}</dd>
      <dt>{t("law.complaint")}</dt>
      <dd>
        {v.complaint ? (
          <>
            <p>{v.complaint.url ? <a href={v.complaint.url}>{v.complaint.regulator}</a> : v.complaint.regulator}</p>
            <p>
              {v.complaint.windowText} <span className="muted">({v.complaint.citation})</span>
            </p>
          </>
        ) : (
          t("law.noComplaint")
        )}
      </dd>
      <dt>{t("law.unsure")}</dt>
      <dd>
        {v.uncertainties.length ? (
          <ul className="plain">
            {v.uncertainties.map((u) => (
              <li key={u.id}>
                <p>{u.text}</p>
                <p className="muted">
                  {t("law.sources")}: {u.sources.join("; ")}
                  {u.inLatestDefensibleDate ? ` — ${t("law.inLatest")}` : ""}
                </p>
              </li>
            ))}
          </ul>
        ) : (
          t("law.unsureNone")
        )}
      </dd>
      <dt>{t("law.reviewed")}</dt>
      <dd>{v.lastReviewed ?? t("law.notReviewed")}</dd>
    </dl>
  );
}
