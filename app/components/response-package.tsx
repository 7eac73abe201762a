import { useTranslation } from "~/i18n-react";
import type { AccessPackage, DeletionCertificate } from "~/domain/packages";
import { formatDay, type Locale } from "~/i18n";
import { TableScroll } from "./table-scroll";

/** The vendor's structured answer, as the resident reads it. */
export function ResponsePackageView({
  pkg,
  locale,
  downloadHref,
}: {
  pkg: { kind: string; payload: unknown };
  locale: Locale;
  downloadHref: string;
}) {
  const { t } = useTranslation();
  if (pkg.kind === "deletion_certificate") {
    const c = pkg.payload as DeletionCertificate;
    return (
      <section aria-labelledby="package-title">
        <h2 id="package-title">{t("package.certificateTitle")}</h2>
        <dl className="facts">
          <dt>{t("package.imagesDeleted")}</dt>
          <dd>{c.imagesDeleted}</dd>
          <dt>{t("package.templatesDeleted")}</dt>
          <dd>{c.templatesDeleted}</dd>
          <dt>{t("package.suppressionActive")}</dt>
          <dd>
            {c.suppressionActive
              ? c.suppressionUntil
                ? t("package.suppressionUntilDate", { date: formatDay(c.suppressionUntil, locale, "full") })
                : t("package.yes")
              : t("package.no")}
          </dd>
          <dt>{t("package.customersNotified")}</dt>
          <dd>{c.customersNotified}</dd>
        </dl>
        {c.verification ? (
          <>
            <h3>{t("package.verificationTitle")}</h3>
            <dl className="facts" data-testid="deletion-verification">
              <dt>{t("package.matchesBefore")}</dt>
              <dd>{c.verification.matchesBefore}</dd>
              <dt>{t("package.matchesAfter")}</dt>
              <dd>{c.verification.matchesAfter}</dd>
              <dt>{t("package.threshold")}</dt>
              <dd>{c.verification.threshold}</dd>
              <dt>{t("package.model")}</dt>
              <dd>{c.verification.model}</dd>
              <dt>{t("package.searchedAt")}</dt>
              <dd>{formatDay(c.verification.searchedAt.slice(0, 10), locale)}</dd>
            </dl>
          </>
        ) : (
          <p>{t("package.noVerification")}</p>
        )}
        <p>
          <a href={downloadHref} download>
            {t("package.download")}
          </a>
        </p>
      </section>
    );
  }
  const p = pkg.payload as AccessPackage;
  const hasThumbnails = p.images.some((i) => i.thumbnail);
  const hasSimilarity = p.images.some((i) => i.similarity !== undefined);
  return (
    <section aria-labelledby="package-title">
      <h2 id="package-title">{t("package.accessTitle")}</h2>
      <p>
        {t("package.summary", {
          images: p.images.length,
          templates: p.templates.length,
          searches: p.searches.length,
          disclosures: p.disclosures.length,
        })}
      </p>
      {p.images.length > 0 ? (
        <TableScroll label={t("package.images")}>
          <table>
            <caption>{t("package.images")}</caption>
            <thead>
              <tr>
                {hasThumbnails ? <th scope="col">{t("package.thumbnail")}</th> : null}
                <th scope="col">{t("package.source")}</th>
                <th scope="col">{t("package.collectedOn")}</th>
                {hasSimilarity ? <th scope="col">{t("package.similarity")}</th> : null}
              </tr>
            </thead>
            <tbody>
              {p.images.slice(0, 200).map((i, k) => (
                <tr key={k}>
                  {hasThumbnails ? (
                    <td>
                      {i.thumbnail ? (
                        <img src={i.thumbnail} alt={t("package.thumbnailAlt", { n: k + 1 })} width={64} />
                      ) : null}
                    </td>
                  ) : null}
                  <td className="mono">{i.sourceUrl}</td>
                  <td>{formatDay(i.collectedOn, locale)}</td>
                  {hasSimilarity ? (
                    <td>{i.similarity === undefined ? "" : `${Math.round(i.similarity * 100)} %`}</td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : null}
      {p.searches.length > 0 ? (
        <TableScroll label={t("package.searches")}>
          <table>
            <caption>{t("package.searches")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("package.customer")}</th>
                <th scope="col">{t("package.searchedOn")}</th>
              </tr>
            </thead>
            <tbody>
              {p.searches.slice(0, 200).map((s, k) => (
                <tr key={k}>
                  <td>{s.customer}</td>
                  <td>{formatDay(s.searchedOn, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : null}
      <p>
        <a href={downloadHref} download>
          {t("package.download")}
        </a>
      </p>
    </section>
  );
}
