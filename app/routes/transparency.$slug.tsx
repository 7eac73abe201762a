import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import {
  BoardFilters,
  CompanyResponse,
  CompanyTrend,
  Methodology,
  useBoardFormat,
} from "~/components/transparency-board";
import { detectLocale } from "~/server/core/locale.server";
import { now } from "~/server/core/runtime.server";
import { listPublishedResponses } from "~/server/transparency/public-responses.server";
import { getBoardView, parseBoardQuery } from "~/server/transparency/board-view.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.company.name ?? ""} · Transparency · Transparence` },
];

/** `/transparency/<vendor-slug>`: one company's permanent page on the public board. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const query = parseBoardQuery(new URL(request.url));
  const view = await getBoardView(now(), { ...query, slug: params.slug ?? "" }, detectLocale(request));
  const company = view.companies[0];
  if (!company) throw new Response("Not found", { status: 404 });
  return { ...view, company, response: listPublishedResponses().get(company.slug) ?? null };
}

export default function TransparencyCompany() {
  const data = useLoaderData<typeof loader>();
  const f = useBoardFormat();
  const { t } = f;
  const m = data.company.measures;
  const periodLabel = data.period.key === "12m" ? t("transparency.last12") : data.period.key;
  const scopeLabel = [
    data.jurisdiction
      ? (data.jurisdictions.find((j) => j.code === data.jurisdiction)?.name ?? "")
      : t("transparency.allJurisdictions"),
    data.type ? t(`transparency.typeLabel.${data.type}`) : t("transparency.allTypes"),
  ].join(", ");
  return (
    <section aria-labelledby="company-title" className="board">
      <p>
        <Link to="/transparency">{t("transparency.back")}</Link>
      </p>
      <h1 id="company-title">{data.company.name}</h1>
      <p className="hint">
        {t("transparency.asOf", {
          from: data.period.from,
          to: data.period.through,
          asOf: data.asOf.slice(0, 16).replace("T", " "),
        })}
      </p>
      <BoardFilters
        action={`/transparency/${data.company.slug}`}
        periods={data.periods}
        period={data.period.key}
        jurisdictions={data.jurisdictions}
        jurisdiction={data.jurisdiction}
        types={data.types}
        type={data.type}
      />
      <h2>{t("transparency.figuresCaption", { period: periodLabel, scope: scopeLabel })}</h2>
      <dl className="facts">
        <dt>{t("transparency.received")}</dt>
        <dd>{f.cell(m.received)}</dd>
        <dt>{t("transparency.onTime")}</dt>
        <dd>
          {m.onTimeRate == null
            ? t("transparency.withheld")
            : t("transparency.onTimeValue", {
                rate: f.pct(m.onTimeRate),
                low: f.pct(m.onTimeLow!),
                high: f.pct(m.onTimeHigh!),
                onTime: f.cell(m.answeredOnTime),
                answered: f.cell(m.answered),
              })}
        </dd>
        <dt>{t("transparency.medianDays")}</dt>
        <dd>{m.medianDays == null ? t("transparency.withheld") : f.num(m.medianDays)}</dd>
        <dt>{t("transparency.late")}</dt>
        <dd>{f.cell(m.answeredLate)}</dd>
        <dt>{t("transparency.refused")}</dt>
        <dd>{f.cell(m.denied)}</dd>
        <dt>{t("transparency.refusedBy")}</dt>
        <dd>
          {data.company.bases.length ? data.company.bases.map((b) => `${b.label}: ${f.cell(b.count)}`).join("; ") : "—"}
        </dd>
        <dt>{t("transparency.deemed")}</dt>
        <dd>{f.cell(m.deemedRefused)}</dd>
        <dt>{t("transparency.withdrawn")}</dt>
        <dd>{f.cell(m.withdrawn)}</dd>
        <dt>{t("transparency.open")}</dt>
        <dd>{f.cell(m.openNow)}</dd>
        <dt>{t("transparency.overdue")}</dt>
        <dd>{f.cell(m.overdueNow)}</dd>
      </dl>
      <CompanyResponse response={data.response} />
      <h2>{t("transparency.trendHeading")}</h2>
      <p className="hint">{t("transparency.trendNote")}</p>
      <CompanyTrend id="trend" name={data.company.name} trend={data.company.trend} />
      <Methodology />
    </section>
  );
}
