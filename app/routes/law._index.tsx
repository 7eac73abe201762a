import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n-react";
import { describeJurisdictions } from "~/domain/deadlines";
import { describeJurisdictionLaw } from "~/domain/law-catalogue";
import { detectLocale } from "~/server/core/locale.server";
import { now } from "~/server/core/runtime.server";

export const meta: MetaFunction = () => [{ title: "The rules · Les règles" }];

/** `/law`: every place the portal knows, with its law and the date its rules were last reviewed. */
export async function loader({ request }: LoaderFunctionArgs) {
  const locale = detectLocale(request);
  const at = now();
  return {
    places: describeJurisdictions(locale).map((j) => {
      const law = describeJurisdictionLaw(j.code, { now: at, locale });
      return { code: j.code, name: j.name, regime: j.regime, timeZone: j.timeZone, lastReviewed: law.lastReviewed };
    }),
  };
}

export default function Law() {
  const { places } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <section aria-labelledby="law-title">
      <h1 id="law-title">{t("law.title")}</h1>
      <p className="lede">{t("law.lede")}</p>
      <p>
        <a href="/api/v1/rules">{t("law.jsonLink")}</a>
      </p>
      <div className="table-scroll">
        <table>
          <caption className="visually-hidden">{t("law.title")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("law.jurisdiction")}</th>
              <th scope="col">{t("law.regime")}</th>
              <th scope="col">{t("law.timeZone")}</th>
              <th scope="col">{t("law.reviewed")}</th>
            </tr>
          </thead>
          <tbody>
            {places.map((p) => (
              <tr key={p.code}>
                <th scope="row">
                  <Link to={`/law/${p.code}`}>{p.name}</Link>
                </th>
                <td>{p.regime}</td>
                <td className="mono">{p.timeZone}</td>
                <td>{p.lastReviewed ?? t("law.notReviewed")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
