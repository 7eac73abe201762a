import { useTranslation } from "~/i18n-react";
import { TableScroll } from "./table-scroll";

/** Deletion certificates with and without a search before and after, per company (regulator dashboard). */
export function CertificateEvidenceTable({
  rows,
}: {
  rows: { vendor: string; withVerification: number; withoutVerification: number; blockedCopies: number }[];
}) {
  const { t } = useTranslation();
  return (
    <>
      {rows.length > 0 ? (
        <section aria-labelledby="evidence-title">
          <h2 id="evidence-title">{t("regulator.evidenceTitle")}</h2>
          <TableScroll label={t("regulator.evidenceCaption")}>
            <table>
              <caption>{t("regulator.evidenceCaption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("regulator.vendor")}</th>
                  <th scope="col" className="num">
                    {t("regulator.evidenceWith")}
                  </th>
                  <th scope="col" className="num">
                    {t("regulator.evidenceWithout")}
                  </th>
                  <th scope="col" className="num">
                    {t("regulator.evidenceBlocked")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((e) => (
                  <tr key={e.vendor}>
                    <th scope="row">{e.vendor}</th>
                    <td className="num">{e.withVerification}</td>
                    <td className="num">{e.withoutVerification}</td>
                    <td className="num">{e.blockedCopies}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
          <p className="hint">{t("regulator.evidenceNote")}</p>
          <p className="hint">{t("regulator.evidenceBlockedNote")}</p>
        </section>
      ) : null}
    </>
  );
}
