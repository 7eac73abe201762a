/**
 * The parts of the public board shared by `/transparency` and `/transparency/<slug>`: the
 * period, jurisdiction and request-type form (a plain GET form: works without JavaScript), the figures of one
 * company, and the monthly trend.
 */
import { Form } from "@remix-run/react";
import { useTranslation } from "~/i18n-react";
import { MonthlyRateChart } from "./rate-charts";

export type BoardCell = number | null;

export function useBoardFormat() {
  const { t, i18n } = useTranslation();
  const loc = i18n.language === "fr-CA" ? "fr-CA" : "en-CA";
  const pct = new Intl.NumberFormat(loc, { style: "percent", maximumFractionDigits: 0 });
  const num = new Intl.NumberFormat(loc, { maximumFractionDigits: 1 });
  const monthFmt = new Intl.DateTimeFormat(loc, { month: "short", year: "numeric", timeZone: "UTC" });
  return {
    t,
    pct: (x: number) => pct.format(x),
    cell: (x: BoardCell) => (x == null ? t("transparency.withheld") : num.format(x)),
    num: (x: number | null) => (x == null ? "—" : num.format(x)),
    month: (m: string) => monthFmt.format(new Date(`${m}-01T00:00:00Z`)),
  };
}

export function BoardFilters({
  action,
  periods,
  period,
  jurisdictions,
  jurisdiction,
  types,
  type,
}: {
  action: string;
  periods: { key: string }[];
  period: string;
  jurisdictions: { code: string; name: string }[];
  jurisdiction: string | null;
  types: string[];
  type: string | null;
}) {
  const { t } = useTranslation();
  return (
    <Form method="get" action={action} className="period-form">
      <div className="field">
        <label htmlFor="board-period">{t("transparency.period")}</label>
        <select id="board-period" name="period" defaultValue={period}>
          {periods.map((p) => (
            <option key={p.key} value={p.key}>
              {p.key === "12m" ? t("transparency.last12") : p.key}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="board-jurisdiction">{t("transparency.jurisdiction")}</label>
        <select id="board-jurisdiction" name="jurisdiction" defaultValue={jurisdiction ?? ""}>
          <option value="">{t("transparency.allJurisdictions")}</option>
          {jurisdictions.map((j) => (
            <option key={j.code} value={j.code}>
              {j.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="board-type">{t("transparency.typeFilter")}</label>
        <select id="board-type" name="type" defaultValue={type ?? ""}>
          <option value="">{t("transparency.allTypes")}</option>
          {types.map((x) => (
            <option key={x} value={x}>
              {t(`transparency.typeLabel.${x}`)}
            </option>
          ))}
        </select>
      </div>
      <button type="submit">{t("transparency.show")}</button>
    </Form>
  );
}

export function CompanyTrend({
  id,
  name,
  trend,
}: {
  id: string;
  name: string;
  trend: {
    month: string;
    received: BoardCell;
    answered: BoardCell;
    answeredOnTime: BoardCell;
    onTimeRate: number | null;
  }[];
}) {
  const f = useBoardFormat();
  return (
    <MonthlyRateChart
      id={id}
      title={f.t("transparency.trendTitle", { company: name })}
      months={trend.map((m) => ({
        month: m.month,
        rate: m.onTimeRate,
        detail: f.t("transparency.trendDetail", { onTime: f.cell(m.answeredOnTime), answered: f.cell(m.answered) }),
      }))}
      format={f.pct}
      formatMonth={f.month}
      tableLabel={f.t("transparency.dataTable")}
      headers={{
        month: f.t("transparency.month"),
        rate: f.t("transparency.onTime"),
        detail: f.t("transparency.onTimeOfAnswered"),
      }}
      withheld={f.t("transparency.withheld")}
      empty={f.t("transparency.trendEmpty", { company: name })}
    />
  );
}

export function Methodology() {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="method-title" className="methodology">
      <h2 id="method-title">{t("transparency.methodTitle")}</h2>
      <p>{t("transparency.methodOnTime")}</p>
      <p>{t("transparency.methodSource")}</p>
      <p>{t("transparency.methodSuppression")}</p>
      <p>{t("transparency.methodTypes")}</p>
      <p>{t("transparency.methodRanking")}</p>
    </section>
  );
}

/**
 * A company's moderated public response, as text: React escapes it, and line breaks are kept by
 * CSS (white-space: pre-line), never by turning the text into markup. The reader's language
 * first, the other one when that is all there is, marked with its `lang`.
 */
export function CompanyResponse({
  response,
}: {
  response: { en: string | null; fr: string | null; publishedAt: string } | null;
}) {
  const { t, i18n } = useTranslation();
  if (!response) return null;
  const fr = i18n.language === "fr-CA";
  const own = fr ? response.fr : response.en;
  const text = own ?? (fr ? response.en : response.fr);
  if (!text) return null;
  const lang = own != null ? i18n.language : fr ? "en" : "fr-CA";
  const date = new Intl.DateTimeFormat(fr ? "fr-CA" : "en-CA", { dateStyle: "long", timeZone: "UTC" }).format(
    new Date(response.publishedAt),
  );
  return (
    <section aria-labelledby="company-response-title" className="company-response">
      <h2 id="company-response-title">{t("transparency.responseTitle")}</h2>
      <p className="hint">{t("transparency.responseNote")}</p>
      {own == null ? <p className="hint">{t("transparency.responseOtherLanguage")}</p> : null}
      <blockquote lang={lang} className="response-text">
        {text}
      </blockquote>
      <p className="hint">{t("transparency.responsePublished", { date })}</p>
    </section>
  );
}
