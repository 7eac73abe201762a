import { formatDay, type Locale } from "~/i18n";
import { useTranslation } from "~/i18n-react";
import type { StatusPage } from "~/server/resident/status-page.server";

/** Where to complain when the vendor is late or refused, with a ready-made letter. */
export function EscalationSection({
  escalation,
  locale,
}: {
  escalation: NonNullable<StatusPage["escalation"]>;
  locale: Locale;
}) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="escalate-title" className="notice">
      <h2 id="escalate-title">{t("escalate.title")}</h2>
      <p>{t(`escalate.${escalation.reason}`)}</p>
      {escalation.regulator ? (
        <>
          <p>
            {t("escalate.regulator")}{" "}
            {escalation.url ? (
              <a href={escalation.url}>{escalation.regulator}</a>
            ) : (
              <strong>{escalation.regulator}</strong>
            )}
          </p>
          {escalation.windowText ? (
            <p>
              {escalation.windowText}
              {escalation.deadline ? (
                <strong> {t("escalate.deadline", { date: formatDay(escalation.deadline, locale, "full") })}</strong>
              ) : null}
            </p>
          ) : null}
        </>
      ) : (
        <p>{escalation.privateAction ?? t("escalate.noRegulator")}</p>
      )}
      <label htmlFor="complaint-text">{t("escalate.letter")}</label>
      <textarea id="complaint-text" readOnly rows={12} defaultValue={escalation.letter} className="complaint" />
    </section>
  );
}
