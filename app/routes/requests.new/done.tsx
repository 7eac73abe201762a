import { formatDay } from "~/i18n";
import { useTranslation } from "~/i18n-react";
import type { FilingAnswer } from "~/server/resident/filing-steps.server";

/** Filed: the references, and where the private status link will arrive. */
export function Done({ done: result, locale }: { done: NonNullable<FilingAnswer["done"]>; locale: "en" | "fr-CA" }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="filed-title">
      <h1 id="filed-title">{t("file.doneTitle")}</h1>
      <div className="notice success" role="status">
        <p>{result.replayed ? t("file.replayed") : t("file.doneLede")}</p>
        <p>
          <strong>{t("file.checkEmail", { email: result.email })}</strong>
        </p>
      </div>
      <ul className="cards">
        {result.filed.map((r) => (
          <li key={r.reference}>
            <h2 className="mono">{r.reference}</h2>
            <dl className="facts">
              <dt>{t("file.vendor")}</dt>
              <dd>{r.vendorName}</dd>
              <dt>{t("file.type")}</dt>
              <dd>{t(`types.${r.type}`)}</dd>
              <dt>{r.statutory ? t("file.expectedDeadline") : t("status.serviceTarget")}</dt>
              <dd>
                {r.queuedBehind ? t("file.queued", { reference: r.queuedBehind }) : formatDay(r.respondBy, locale)}
              </dd>
              <dt>{t("status.law")}</dt>
              <dd>{r.citation}</dd>
            </dl>
          </li>
        ))}
      </ul>
      <p>{t("file.keepLink")}</p>
    </section>
  );
}
