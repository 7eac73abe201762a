import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { describeJurisdiction, isJurisdictionCode } from "~/domain/deadlines";
import { requireRegulator } from "~/server/auth.server";
import { detectLocale } from "~/server/locale.server";
import { getRegulatorOverview } from "~/server/regulator.server";
import { now } from "~/server/runtime.server";

export const meta: MetaFunction = () => [{ title: "Regulator dashboard · Tableau de bord de l'organisme de contrôle" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const regulator = await requireRegulator(request);
  const locale = detectLocale(request);
  return {
    organisation: regulator.organisation ?? regulator.name,
    jurisdictions: regulator.jurisdictions.filter(isJurisdictionCode).map((j) => describeJurisdiction(j, locale).name),
    vendors: getRegulatorOverview(regulator, { now: now() }),
  };
}

export default function RegulatorDashboard() {
  const data = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const pct = new Intl.NumberFormat(i18n.language === "fr-CA" ? "fr-CA" : "en-CA", { style: "percent", maximumFractionDigits: 1 });
  return (
    <section aria-labelledby="reg-title">
      <h1 id="reg-title">{t("regulator.title")}</h1>
      <p className="lede">{t("regulator.scope", { organisation: data.organisation, jurisdictions: data.jurisdictions.join(", ") })}</p>
      <table>
        <caption>{t("regulator.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("regulator.vendor")}</th>
            <th scope="col" className="num">{t("regulator.received")}</th>
            <th scope="col" className="num">{t("regulator.closed")}</th>
            <th scope="col" className="num">{t("regulator.open")}</th>
            <th scope="col" className="num">{t("regulator.overdueNow")}</th>
            <th scope="col" className="num">{t("regulator.onTime")}</th>
          </tr>
        </thead>
        <tbody>
          {data.vendors.map((v) => (
            <tr key={v.vendorId}>
              <th scope="row">{v.vendorName}</th>
              <td className="num">{v.received}</td>
              <td className="num">{v.closed}</td>
              <td className="num">{v.open}</td>
              <td className="num">{v.overdueNow}</td>
              <td className="num">{v.onTimeShare == null ? "—" : pct.format(v.onTimeShare)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>{t("regulator.onTimeNote")}</p>
    </section>
  );
}
