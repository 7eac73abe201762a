import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { RankingChart } from "~/components/rate-charts";
import { BoardFilters, CompanyTrend, Methodology, useBoardFormat } from "~/components/transparency-board";
import { detectLocale } from "~/server/core/locale.server";
import { now } from "~/server/core/runtime.server";
import { getBoardView, parseBoardQuery } from "~/server/transparency/board-view.server";

export const meta: MetaFunction = () => [{ title: "Transparency board · Tableau de transparence" }];

/** `/transparency`: public, no account; every company's response record, anonymised. */
export async function loader({ request }: LoaderFunctionArgs) {
  const query = parseBoardQuery(new URL(request.url));
  return getBoardView(now(), query, detectLocale(request));
}

export default function Transparency() {
  const data = useLoaderData<typeof loader>();
  const f = useBoardFormat();
  const { t } = f;
  const ranked = data.companies.filter((c) => c.measures.onTimeRate != null);
  const unranked = data.companies.filter((c) => c.measures.onTimeRate == null);
  const qs = `period=${data.period.key}${data.jurisdiction ? `&jurisdiction=${data.jurisdiction}` : ""}${data.type ? `&type=${data.type}` : ""}`;
  const typeQs = data.type ? `?type=${data.type}` : "";
  const periodLabel = data.period.key === "12m" ? t("transparency.last12") : data.period.key;
  const scopeLabel = [
    data.jurisdiction
      ? (data.jurisdictions.find((j) => j.code === data.jurisdiction)?.name ?? "")
      : t("transparency.allJurisdictions"),
    data.type ? t(`transparency.typeLabel.${data.type}`) : t("transparency.allTypes"),
  ].join(", ");
  return (
    <section aria-labelledby="board-title" className="board">
      <h1 id="board-title">{t("transparency.title")}</h1>
      <p className="lede">{t("transparency.lede")}</p>
      <p className="hint">
        {t("transparency.asOf", {
          from: data.period.from,
          to: data.period.through,
          asOf: data.asOf.slice(0, 16).replace("T", " "),
        })}
      </p>
      <BoardFilters
        action="/transparency"
        periods={data.periods}
        period={data.period.key}
        jurisdictions={data.jurisdictions}
        jurisdiction={data.jurisdiction}
        types={data.types}
        type={data.type}
      />
      <p>
        <a href={`/transparency.csv${typeQs}`}>{t("transparency.csv")}</a> ·{" "}
        <a href={`/transparency.json${typeQs}`}>{t("transparency.json")}</a> · {t("transparency.licence")} ·{" "}
        <a href="#method-title">{t("transparency.methodTitle")}</a>
      </p>

      <section aria-labelledby="ranking-title">
        <h2 id="ranking-title">{t("transparency.rankingTitle", { period: periodLabel, scope: scopeLabel })}</h2>
        {ranked.length ? (
          <RankingChart
            id="ranking"
            title={t("transparency.rankingChart")}
            rows={ranked.map((c) => ({
              label: c.name,
              rate: c.measures.onTimeRate!,
              low: c.measures.onTimeLow!,
              high: c.measures.onTimeHigh!,
              detail: t("transparency.rankDetail", {
                rate: f.pct(c.measures.onTimeRate!),
                low: f.pct(c.measures.onTimeLow!),
                high: f.pct(c.measures.onTimeHigh!),
              }),
            }))}
            format={f.pct}
            tableLabel={t("transparency.dataTable")}
            headers={{
              label: t("transparency.company"),
              rate: t("transparency.onTime"),
              interval: t("transparency.interval"),
            }}
          />
        ) : (
          <p className="chart-empty">{t("transparency.rankingEmpty")}</p>
        )}
        {unranked.length ? (
          <p>{t("transparency.unranked", { companies: unranked.map((c) => c.name).join(", ") })}</p>
        ) : null}
      </section>

      <section aria-labelledby="figures-title">
        <h2 id="figures-title">{t("transparency.figuresTitle")}</h2>
        <div className="table-scroll">
          <table>
            <caption>{t("transparency.figuresCaption", { period: periodLabel, scope: scopeLabel })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("transparency.company")}</th>
                <th scope="col" className="num">
                  {t("transparency.received")}
                </th>
                <th scope="col" className="num">
                  {t("transparency.onTime")}
                </th>
                <th scope="col" className="num">
                  {t("transparency.medianDays")}
                </th>
                <th scope="col" className="num">
                  {t("transparency.late")}
                </th>
                <th scope="col" className="num">
                  {t("transparency.refused")}
                </th>
                <th scope="col" className="num">
                  {t("transparency.deemed")}
                </th>
                <th scope="col" className="num">
                  {t("transparency.open")}
                </th>
                <th scope="col" className="num">
                  {t("transparency.overdue")}
                </th>
              </tr>
            </thead>
            <tbody>
              {data.companies.map((c) => (
                <tr key={c.slug}>
                  <th scope="row">
                    <Link to={`/transparency/${c.slug}?${qs}`}>{c.name}</Link>
                  </th>
                  <td className="num">{f.cell(c.measures.received)}</td>
                  <td className="num">
                    {c.measures.onTimeRate == null ? t("transparency.withheld") : f.pct(c.measures.onTimeRate)}
                  </td>
                  <td className="num">
                    {c.measures.medianDays == null ? t("transparency.withheld") : f.num(c.measures.medianDays)}
                  </td>
                  <td className="num">{f.cell(c.measures.answeredLate)}</td>
                  <td className="num">{f.cell(c.measures.denied)}</td>
                  <td className="num">{f.cell(c.measures.deemedRefused)}</td>
                  <td className="num">{f.cell(c.measures.openNow)}</td>
                  <td className="num">{f.cell(c.measures.overdueNow)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="hint">{t("transparency.withheldNote", { max: data.threshold - 1 })}</p>
      </section>

      <section aria-labelledby="trend-title">
        <h2 id="trend-title">{t("transparency.trendHeading")}</h2>
        <p className="hint">{t("transparency.trendNote")}</p>
        <div className="small-multiples">
          {data.companies.map((c) => (
            <section key={c.slug} aria-labelledby={`trend-${c.slug}-h`}>
              <h3 id={`trend-${c.slug}-h`}>{c.name}</h3>
              <CompanyTrend id={`trend-${c.slug}`} name={c.name} trend={c.trend} />
            </section>
          ))}
        </div>
      </section>
      <Methodology />
    </section>
  );
}
