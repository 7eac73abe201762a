import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n-react";
import { ErrorSummary, FieldError } from "~/components/form";
import { describeJurisdictions, isJurisdictionCode, isRequestType, REQUEST_TYPES } from "~/domain/deadlines";
import { formatDay } from "~/i18n";
import { computePublicDeadline } from "~/server/api/deadline-api.server";
import { detectLocale } from "~/server/core/locale.server";
import { now } from "~/server/core/runtime.server";

export const meta: MetaFunction = () => [{ title: "Deadline calculator · Calculateur de délais" }];

/** The public calculator: a GET form, so it works without JavaScript and results can be linked. */
export async function loader({ request }: LoaderFunctionArgs) {
  const locale = detectLocale(request);
  const url = new URL(request.url);
  const query = {
    jurisdiction: url.searchParams.get("jurisdiction") ?? "",
    type: url.searchParams.get("type") ?? "",
    receivedAt: url.searchParams.get("receivedAt") ?? "",
  };
  const jurisdictions = describeJurisdictions(locale);
  const today = now().toISOString().slice(0, 10);
  const submitted =
    url.searchParams.has("jurisdiction") || url.searchParams.has("type") || url.searchParams.has("receivedAt");
  if (!submitted)
    return { jurisdictions, types: REQUEST_TYPES, query: { ...query, receivedAt: today }, errors: null, result: null };
  const errors: Record<string, string> = {};
  if (!isJurisdictionCode(query.jurisdiction))
    errors.jurisdiction = query.jurisdiction ? "errors.jurisdictionUnknown" : "errors.jurisdictionRequired";
  if (!isRequestType(query.type)) errors.type = query.type ? "errors.typeUnknown" : "errors.typeRequired";
  if (!/^\d{4}-\d{2}-\d{2}$/.test(query.receivedAt)) errors.receivedAt = "errors.dateInvalid";
  if (Object.keys(errors).length === 0) {
    const r = computePublicDeadline({ ...query, lang: locale === "fr-CA" ? "fr" : "en" }, { now: now() });
    if (r.ok) return { jurisdictions, types: REQUEST_TYPES, query, errors: null, result: r.body };
    errors.receivedAt = "errors.dateInvalid";
  }
  return { jurisdictions, types: REQUEST_TYPES, query, errors, result: null };
}

export default function DeadlineCalculator() {
  const { jurisdictions, types, query, errors, result } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const locale = i18n.language === "fr-CA" ? "fr-CA" : "en";
  return (
    <>
      <section aria-labelledby="calc-title">
        <h1 id="calc-title">{t("calc.title")}</h1>
        <p className="lede">{t("calc.lede")}</p>
        <ErrorSummary
          errors={errors ?? undefined}
          labels={{ jurisdiction: t("calc.jurisdiction"), type: t("file.type"), receivedAt: t("calc.receivedOn") }}
        />
        <Form method="get" aria-describedby="calc-note">
          <div className={`field${errors?.jurisdiction ? " has-error" : ""}`}>
            <label htmlFor="field-jurisdiction">{t("calc.jurisdiction")}</label>
            <FieldError name="jurisdiction" errors={errors ?? undefined} />
            <select
              id="field-jurisdiction"
              name="jurisdiction"
              defaultValue={query.jurisdiction}
              aria-invalid={errors?.jurisdiction ? true : undefined}
            >
              <option value="">{t("file.jurisdictionPlaceholder")}</option>
              {jurisdictions.map((j) => (
                <option key={j.code} value={j.code}>
                  {j.name} — {j.regime}
                </option>
              ))}
            </select>
          </div>
          <div className={`field${errors?.type ? " has-error" : ""}`}>
            <label htmlFor="field-type">{t("file.type")}</label>
            <FieldError name="type" errors={errors ?? undefined} />
            <select
              id="field-type"
              name="type"
              defaultValue={query.type}
              aria-invalid={errors?.type ? true : undefined}
            >
              <option value="">{t("calc.typePlaceholder")}</option>
              {types.map((type) => (
                <option key={type} value={type}>
                  {t(`types.${type}`)}
                </option>
              ))}
            </select>
          </div>
          <div className={`field${errors?.receivedAt ? " has-error" : ""}`}>
            <label htmlFor="field-receivedAt">{t("calc.receivedOn")}</label>
            <span className="hint" id="hint-receivedAt">
              {t("calc.receivedOnHint")}
            </span>
            <FieldError name="receivedAt" errors={errors ?? undefined} />
            <input
              id="field-receivedAt"
              name="receivedAt"
              type="date"
              defaultValue={query.receivedAt}
              aria-describedby="hint-receivedAt"
              aria-invalid={errors?.receivedAt ? true : undefined}
            />
          </div>
          <button type="submit">{t("calc.submit")}</button>
        </Form>
        <p id="calc-note" className="hint">
          {t("calc.note")}
        </p>
      </section>
      {result ? (
        <section aria-labelledby="result-title" aria-live="polite">
          <h2 id="result-title">{t("calc.resultTitle", { jurisdiction: result.jurisdictionName })}</h2>
          <p>{result.summary}</p>
          <dl className="facts">
            <dt>{t("status.law")}</dt>
            <dd>
              {result.citations.join("; ")} —{" "}
              <a href={`/law/${query.jurisdiction}#${query.type}`}>{t("law.howCounted")}</a>
            </dd>
            <dt>{t("status.receivedOn")}</dt>
            <dd>
              {formatDay(result.receivedOn, locale, "full")} ({result.timeZone})
            </dd>
            {result.statutory ? (
              <>
                <dt>{t("status.respondBy")}</dt>
                <dd>
                  <strong>{formatDay(result.respondBy, locale, "full")}</strong>
                </dd>
                {result.latestDefensible && result.latestDefensible.respondBy !== result.respondBy ? (
                  <>
                    <dt>{t("status.latestDefensible")}</dt>
                    <dd>
                      {formatDay(result.latestDefensible.respondBy, locale, "full")}{" "}
                      <span className="hint">{t("status.latestDefensibleHint")}</span>
                    </dd>
                  </>
                ) : null}
              </>
            ) : (
              <>
                <dt>{t("status.noStatutoryTitle")}</dt>
                <dd>{result.serviceTarget?.requirements}</dd>
                <dt>{t("status.serviceTarget")}</dt>
                <dd>{formatDay(result.serviceTarget?.respondBy, locale, "full")}</dd>
              </>
            )}
            {result.acknowledgeBy ? (
              <>
                <dt>{t("status.acknowledgeBy")}</dt>
                <dd>{formatDay(result.acknowledgeBy, locale, "full")}</dd>
              </>
            ) : null}
            <dt>{t("calc.extension")}</dt>
            <dd>
              {result.extension
                ? t("calc.extensionAllowed", {
                    max: formatDay(result.extension.maxRespondBy, locale, "full"),
                    notice: formatDay(result.extension.noticeBy, locale, "full"),
                  })
                : t("calc.noExtension")}
            </dd>
            {result.noReply === "deemed_refusal" ? (
              <>
                <dt>{t("status.silenceTitle")}</dt>
                <dd>{t("status.deemedRefusal")}</dd>
              </>
            ) : null}
            {result.complaint ? (
              <>
                <dt>{t("calc.complaint")}</dt>
                <dd>
                  {result.complaint.regulator}. {result.complaint.windowText}
                  {result.complaint.deadline ? ` (${formatDay(result.complaint.deadline, locale, "full")})` : ""}
                </dd>
              </>
            ) : null}
            {result.uncertainties.length > 0 ? (
              <>
                <dt>{t("status.unsettledTitle")}</dt>
                <dd>
                  <ul className="unsettled">
                    {result.uncertainties.map((u) => (
                      <li key={u.id}>{u.text}</li>
                    ))}
                  </ul>
                </dd>
              </>
            ) : null}
          </dl>
          <h3>{t("calc.steps")}</h3>
          <ol className="explanation">
            {result.explanation.map((s, i) => (
              <li key={i}>{s}</li>
            ))}
          </ol>
          <p className="hint">
            {t("calc.apiHint")}{" "}
            <a
              className="mono"
              href={`/api/v1/deadlines?jurisdiction=${result.jurisdiction}&type=${result.type}&receivedAt=${result.receivedOn}`}
            >
              /api/v1/deadlines?jurisdiction={result.jurisdiction}&amp;type={result.type}&amp;receivedAt=
              {result.receivedOn}
            </a>
          </p>
        </section>
      ) : null}
    </>
  );
}
