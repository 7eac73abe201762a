import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n-react";
import { describeJurisdiction, isJurisdictionCode, JURISDICTIONS } from "~/domain/deadlines";
import { detectLocale } from "~/server/core/locale.server";
import { listVendorDirectory } from "~/server/resident/vendor-directory.server";

export const meta: MetaFunction = () => [
  { title: "Facial-recognition companies · Entreprises de reconnaissance faciale" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const locale = detectLocale(request);
  return {
    vendors: listVendorDirectory().map((v) => {
      const codes = v.jurisdictions.filter(isJurisdictionCode);
      return {
        ...v,
        everywhere: codes.length === JURISDICTIONS.length,
        jurisdictionNames: codes.map((c) => describeJurisdiction(c, locale).name),
      };
    }),
  };
}

export default function Vendors() {
  const { vendors } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <section aria-labelledby="vendors-title">
      <h1 id="vendors-title">{t("vendors.title")}</h1>
      <p className="lede">{t("vendors.lede")}</p>
      <ul className="cards">
        {vendors.map((v) => (
          <li key={v.slug}>
            <h2 id={`vendor-${v.slug}`}>{v.name}</h2>
            <dl className="facts">
              <dt>{t("vendors.legalName")}</dt>
              <dd>{v.legalName}</dd>
              <dt>{t("vendors.privacyContact")}</dt>
              <dd className="mono">{v.privacyEmail}</dd>
              {v.otherContacts.length > 0 ? (
                <>
                  <dt>{t("vendors.otherContacts")}</dt>
                  <dd>
                    <ul className="plain">
                      {v.otherContacts.map((c) => (
                        <li key={c.email}>
                          <span className="mono">{c.email}</span>
                          {c.label ? ` — ${c.label}` : null}
                        </li>
                      ))}
                    </ul>
                  </dd>
                </>
              ) : null}
              <dt>{t("vendors.intake")}</dt>
              <dd>{v.intake === "portal" ? t("vendors.intakePortal") : t("vendors.intakeEmail")}</dd>
              <dt>{t("vendors.identification")}</dt>
              <dd>{v.idRequirements}</dd>
              <dt>{t("vendors.operatesIn")}</dt>
              <dd>{v.everywhere ? t("vendors.everywhere") : v.jurisdictionNames.join(", ")}</dd>
              <dt>{t("vendors.serviceTarget")}</dt>
              <dd>{t("vendors.serviceTargetDays", { count: v.serviceTargetDays })}</dd>
            </dl>
            <p>
              <Link to={`/requests/new?vendor=${v.slug}`} aria-describedby={`vendor-${v.slug}`}>
                {t("vendors.fileAgainst", { name: v.name })}
              </Link>
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
