import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n-react";
import { lawLink } from "~/components/deadline";
import { ResponsePackageView } from "~/components/response-package";
import { TableScroll } from "~/components/table-scroll";
import { formatDay } from "~/i18n";
import { toHttpError } from "~/server/core/http.server";
import { detectLocale } from "~/server/core/locale.server";
import { buildCaseFile } from "~/server/resident/case-file.server";
import { now } from "~/server/core/runtime.server";

export const meta: MetaFunction = ({ params }) => [
  { title: `${params.token ?? ""} · Case file / Dossier` },
  { name: "robots", content: "noindex" },
];

/** Printable case file (the browser's "Print → Save as PDF" makes the PDF). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  try {
    return await buildCaseFile(request, params.token ?? "", { now: now(), locale: detectLocale(request) });
  } catch (err) {
    toHttpError(err);
  }
}

export default function CaseFile() {
  const f = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const locale = i18n.language === "fr-CA" ? "fr-CA" : "en";
  const fmt = new Intl.DateTimeFormat(locale, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZone: f.law?.timeZone ?? "UTC",
    timeZoneName: "short",
  });
  return (
    <article aria-labelledby="case-title" className="case-file">
      <h1 id="case-title">
        {t("caseFile.title")} <span className="mono">{f.reference}</span>
      </h1>
      <p>{t("caseFile.generated", { at: fmt.format(new Date(f.generatedAt)) })}</p>
      <dl className="facts">
        <dt>{t("file.fullName")}</dt>
        <dd>{f.resident.fullName}</dd>
        <dt>{t("file.vendor")}</dt>
        <dd>
          {f.vendor.name} ({f.vendor.privacyEmail})
        </dd>
        <dt>{t("file.type")}</dt>
        <dd>{t(`types.${f.request.type}`)}</dd>
        <dt>{t("file.jurisdiction")}</dt>
        <dd>{f.request.jurisdictionName}</dd>
        <dt>{t("status.status")}</dt>
        <dd>{t(`statuses.${f.request.status}`)}</dd>
        {f.law ? (
          <>
            <dt>{t("status.law")}</dt>
            <dd>
              {f.law.citation} ({t("caseFile.rule", { id: f.law.ruleId, version: f.law.ruleVersion })}) —{" "}
              <a href={lawLink(f.law.ruleId)}>{t("law.howCounted")}</a>
            </dd>
            <dt>{t("status.receivedOn")}</dt>
            <dd>{formatDay(f.law.receivedOn, locale, "full")}</dd>
            <dt>{f.law.statutory ? t("status.originalDeadline") : t("status.serviceTarget")}</dt>
            <dd>{formatDay(f.law.originalRespondBy, locale, "full")}</dd>
            {f.law.extendedTo ? (
              <>
                <dt>{t("status.extendedTo")}</dt>
                <dd>{formatDay(f.law.extendedTo, locale, "full")}</dd>
              </>
            ) : null}
            <dt>{t("status.currentDeadline")}</dt>
            <dd>{formatDay(f.law.respondBy, locale, "full")}</dd>
          </>
        ) : null}
        {f.request.vendorAnswer ? (
          <>
            <dt>{t("status.vendorAnswer")}</dt>
            <dd>{f.request.vendorAnswer}</dd>
          </>
        ) : null}
      </dl>
      {f.law ? (
        <>
          <h2>{t("status.howComputed")}</h2>
          <ol className="explanation">
            {f.law.explanation.map((s, i) => (
              <li key={i}>{s}</li>
            ))}
          </ol>
        </>
      ) : null}
      <h2>{t("status.timeline")}</h2>
      <TableScroll label={t("status.timeline")}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("caseFile.when")}</th>
              <th scope="col">{t("caseFile.what")}</th>
              <th scope="col">{t("caseFile.details")}</th>
            </tr>
          </thead>
          <tbody>
            {f.timeline.map((e, i) => (
              <tr key={i}>
                <td>{fmt.format(new Date(e.at))}</td>
                <td>{t(`events.${e.event}`, { defaultValue: e.event })}</td>
                <td>
                  {[
                    e.reason,
                    e.denialBasis,
                    e.extendedTo,
                    "copies" in e && typeof e.copies === "number"
                      ? t("events.blockedCopies", { count: e.copies })
                      : null,
                  ]
                    .filter(Boolean)
                    .join(" — ")}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {f.responsePackage ? (
        <ResponsePackageView pkg={f.responsePackage} locale={locale} downloadHref={`/r/${f.reference}/package.json`} />
      ) : null}
      <h2>{t("caseFile.auditTitle")}</h2>
      <p>{t("caseFile.auditLede")}</p>
      <TableScroll label={t("caseFile.auditTitle")}>
        <table>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t("caseFile.when")}</th>
              <th scope="col">{t("caseFile.what")}</th>
              <th scope="col">SHA-256</th>
            </tr>
          </thead>
          <tbody>
            {f.auditTrail.map((a) => (
              <tr key={a.seq}>
                <td>{a.seq}</td>
                <td>{a.at}</td>
                <td>{a.action}</td>
                <td className="mono">{a.hash}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </article>
  );
}
