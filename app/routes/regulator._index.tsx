import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n-react";
import { MonthlyRateChart } from "~/components/rate-charts";
import { CertificateEvidenceTable } from "~/components/certificate-evidence-table";
import { ErrorSummary, FieldError } from "~/components/form";
import { describeJurisdiction, isJurisdictionCode } from "~/domain/deadlines";
import { requireRegulator } from "~/server/security/staff-sessions.server";
import { detectLocale } from "~/server/core/locale.server";
import { readDashboardPage } from "~/server/regulator/dashboard-page.server";
import { now } from "~/server/core/runtime.server";
import { periodSchema } from "~/server/core/page-filters.server";
import { denialBasisLabel } from "~/server/vendor/denial-labels.server";

export const meta: MetaFunction = () => [{ title: "Regulator dashboard · Tableau de bord de l'organisme de contrôle" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const regulator = await requireRegulator(request);
  const locale = detectLocale(request);
  const url = new URL(request.url);
  const today = now().toISOString().slice(0, 10);
  const yearAgo = new Date(now().getTime() - 365 * 86_400_000).toISOString().slice(0, 10);
  const raw = {
    from: url.searchParams.get("from") ?? yearAgo,
    to: url.searchParams.get("to") ?? today,
    year: url.searchParams.get("year") ?? String(now().getUTCFullYear() - 1),
  };
  const parsed = periodSchema.safeParse(raw);
  const errors: Record<string, string> = {};
  if (!parsed.success) for (const i of parsed.error.issues) errors[String(i.path[0])] ??= i.message;
  const period = parsed.success ? parsed.data : { from: yearAgo, to: today, year: now().getUTCFullYear() - 1 };
  const range = {
    from: new Date(`${period.from}T00:00:00Z`),
    to: new Date(Date.parse(`${period.to}T00:00:00Z`) + 86_400_000),
  };
  const year = period.year ?? now().getUTCFullYear() - 1;
  const { vendors, ccpa, evidence } = readDashboardPage(regulator, range, year, now());
  return {
    organisation: regulator.organisation ?? regulator.name,
    jurisdictions: regulator.jurisdictions.filter(isJurisdictionCode).map((j) => describeJurisdiction(j, locale).name),
    values: raw,
    errors,
    period,
    vendors: vendors.map((v) => ({
      ...v,
      deniedByBasis: Object.entries(v.deniedByBasis).map(([b, n]) => ({ label: denialBasisLabel(b, locale), n })),
    })),
    ccpa,
    evidence,
  };
}

export default function RegulatorDashboard() {
  const data = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const loc = i18n.language === "fr-CA" ? "fr-CA" : "en-CA";
  const pct = new Intl.NumberFormat(loc, { style: "percent", maximumFractionDigits: 1 });
  const num = new Intl.NumberFormat(loc, { maximumFractionDigits: 1 });
  const f = (x: number | null, p = false) => (x == null ? "—" : p ? pct.format(x) : num.format(x));
  // One count scale for every company's histogram, so bars compare across the grid.
  const histMax = Math.max(1, ...data.vendors.flatMap((v) => v.histogram.map((h) => h.count)));
  return (
    <section aria-labelledby="reg-title">
      <h1 id="reg-title">{t("regulator.title")}</h1>
      <p className="lede">
        {t("regulator.scope", { organisation: data.organisation, jurisdictions: data.jurisdictions.join(", ") })}
      </p>
      <ErrorSummary errors={data.errors} labels={{ from: t("regulator.from"), to: t("regulator.to") }} />
      <Form method="get" className="period-form">
        <div className={`field${data.errors.from ? " has-error" : ""}`}>
          <label htmlFor="field-from">{t("regulator.from")}</label>
          <FieldError name="from" errors={data.errors} />
          <input id="field-from" type="date" name="from" defaultValue={data.values.from} />
        </div>
        <div className={`field${data.errors.to ? " has-error" : ""}`}>
          <label htmlFor="field-to">{t("regulator.to")}</label>
          <FieldError name="to" errors={data.errors} />
          <input id="field-to" type="date" name="to" defaultValue={data.values.to} />
        </div>
        <button type="submit">{t("regulator.apply")}</button>
      </Form>
      <p>
        <a href={`/regulator/export.csv?from=${data.period.from}&to=${data.period.to}`}>{t("regulator.exportCsv")}</a> ·{" "}
        <a href={`/regulator/export.json?from=${data.period.from}&to=${data.period.to}`}>{t("regulator.exportJson")}</a>{" "}
        · <Link to="/regulator/audit">{t("nav.audit")}</Link>
      </p>
      <div className="table-scroll">
        <table>
          <caption>{t("regulator.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("regulator.vendor")}</th>
              <th scope="col" className="num">
                {t("regulator.received")}
              </th>
              <th scope="col" className="num">
                {t("regulator.closed")}
              </th>
              <th scope="col" className="num">
                {t("regulator.answered")}
              </th>
              <th scope="col" className="num">
                {t("regulator.onTime")}
              </th>
              <th scope="col" className="num">
                {t("regulator.medianDays")}
              </th>
              <th scope="col" className="num">
                {t("regulator.meanDays")}
              </th>
              <th scope="col" className="num">
                {t("regulator.p90Days")}
              </th>
              <th scope="col" className="num">
                {t("regulator.open")}
              </th>
              <th scope="col" className="num">
                {t("regulator.overdueNow")}
              </th>
            </tr>
          </thead>
          <tbody>
            {data.vendors.map((v) => (
              <tr key={v.vendorId}>
                <th scope="row">{v.vendorName}</th>
                <td className="num">{v.received}</td>
                <td className="num">{v.closed}</td>
                <td className="num">{v.answered}</td>
                <td className="num">{f(v.onTimeRate, true)}</td>
                <td className="num">{f(v.medianDays)}</td>
                <td className="num">{f(v.meanDays)}</td>
                <td className="num">{f(v.p90Days)}</td>
                <td className="num">{v.openNow}</td>
                <td className="num">{v.overdueNow}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="hint">{t("regulator.definitions")}</p>
      {data.vendors
        .filter((v) => v.received > 0)
        .map((v) => (
          <section key={v.vendorId} aria-labelledby={`vendor-${v.vendorId}`}>
            <h2 id={`vendor-${v.vendorId}`}>{v.vendorName}</h2>
            <dl className="facts">
              <dt>{t("regulator.outcomes")}</dt>
              <dd>
                {t("regulator.outcomesValue", {
                  fulfilled: v.fulfilled,
                  partial: v.partiallyFulfilled,
                  denied: v.denied,
                  withdrawn: v.withdrawn,
                  deemed: v.deemedRefused,
                })}
              </dd>
              <dt>{t("regulator.deniedBy")}</dt>
              <dd>{v.deniedByBasis.length ? v.deniedByBasis.map((b) => `${b.label}: ${b.n}`).join("; ") : "—"}</dd>
              <dt>{t("regulator.extensionRate")}</dt>
              <dd>{f(v.extensionRate, true)}</dd>
              <dt>{t("regulator.ackOnTime")}</dt>
              <dd>{v.ackRequired ? `${v.ackOnTime} / ${v.ackRequired}` : "—"}</dd>
              <dt>{t("regulator.oldestOpen")}</dt>
              <dd>{v.oldestOpenDays == null ? "—" : t("regulator.days", { count: v.oldestOpenDays })}</dd>
            </dl>
          </section>
        ))}
      {/* Companies side by side on shared scales: one grid per measure, not two charts per company. */}
      {data.vendors.some((v) => v.received > 0) ? (
        <>
          <section aria-labelledby="reg-hist-title">
            <h2 id="reg-hist-title">{t("regulator.histHeading")}</h2>
            <div className="small-multiples">
              {data.vendors
                .filter((v) => v.received > 0)
                .map((v) => (
                  <section key={v.vendorId} aria-labelledby={`hist-${v.vendorId}-h`}>
                    <h3 id={`hist-${v.vendorId}-h`}>{v.vendorName}</h3>
                    <MonthlyRateChart
                      id={`hist-${v.vendorId}`}
                      title={t("regulator.histTitle", { vendor: v.vendorName })}
                      months={v.histogram.map((h) => ({
                        month: h.label,
                        rate: v.answered ? h.count : null,
                        detail: String(h.count),
                      }))}
                      max={histMax}
                      format={(n) => num.format(Math.round(n))}
                      formatMonth={(x) => x}
                      tableLabel={t("regulator.dataTable")}
                      headers={{
                        month: t("regulator.daysBucket"),
                        rate: t("regulator.answered"),
                        detail: t("regulator.answered"),
                      }}
                      withheld="—"
                      empty={t("regulator.noAnswers", { vendor: v.vendorName })}
                    />
                  </section>
                ))}
            </div>
          </section>
          <section aria-labelledby="reg-trend-title">
            <h2 id="reg-trend-title">{t("regulator.trendHeading")}</h2>
            <div className="small-multiples">
              {data.vendors
                .filter((v) => v.received > 0)
                .map((v) => (
                  <section key={v.vendorId} aria-labelledby={`trend-${v.vendorId}-h`}>
                    <h3 id={`trend-${v.vendorId}-h`}>{v.vendorName}</h3>
                    <MonthlyRateChart
                      id={`trend-${v.vendorId}`}
                      title={t("regulator.trendTitle", { vendor: v.vendorName })}
                      months={v.byMonth.map((m) => ({
                        month: m.month,
                        rate: m.answered ? m.onTime / m.answered : null,
                        detail: `${m.onTime} / ${m.answered}`,
                      }))}
                      format={(n) => pct.format(n)}
                      formatMonth={(x) => x}
                      tableLabel={t("regulator.dataTable")}
                      headers={{
                        month: t("regulator.month"),
                        rate: t("regulator.onTime"),
                        detail: t("regulator.onTimeOfAnswered"),
                      }}
                      withheld="—"
                      empty={t("regulator.noAnswers", { vendor: v.vendorName })}
                    />
                  </section>
                ))}
            </div>
          </section>
        </>
      ) : null}
      {data.ccpa.length > 0 ? (
        <section aria-labelledby="ccpa-title">
          <h2 id="ccpa-title">{t("regulator.ccpaTitle", { year: data.period.year })}</h2>
          <table>
            <caption>{t("regulator.ccpaCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("regulator.vendor")}</th>
                <th scope="col">{t("regulator.category")}</th>
                <th scope="col" className="num">
                  {t("regulator.received")}
                </th>
                <th scope="col" className="num">
                  {t("regulator.complied")}
                </th>
                <th scope="col" className="num">
                  {t("regulator.deniedCol")}
                </th>
                <th scope="col" className="num">
                  {t("regulator.deniedBreakdown")}
                </th>
                <th scope="col" className="num">
                  {t("regulator.medianDays")}
                </th>
                <th scope="col" className="num">
                  {t("regulator.meanDays")}
                </th>
              </tr>
            </thead>
            <tbody>
              {data.ccpa.map((r) => (
                <tr key={`${r.vendorId}-${r.category}`}>
                  <th scope="row">{r.vendorName}</th>
                  <td>{t(`regulator.ccpa_${r.category}`)}</td>
                  <td className="num">{r.received}</td>
                  <td className="num">{r.compliedWholeOrPart}</td>
                  <td className="num">{r.denied}</td>
                  <td className="num">
                    {r.deniedNotVerifiable} / {r.deniedNotConsumer} / {r.deniedExempt} / {r.deniedOther}
                  </td>
                  <td className="num">{f(r.medianDays)}</td>
                  <td className="num">{f(r.meanDays)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="hint">{t("regulator.ccpaNote")}</p>
        </section>
      ) : null}
      <CertificateEvidenceTable rows={data.evidence} />
    </section>
  );
}
