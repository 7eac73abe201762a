import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { useTranslation } from "~/i18n-react";

export const meta: MetaFunction = () => [
  { title: "Biometric Rights Portal · Portail des droits biométriques" },
  {
    name: "description",
    content:
      "Ask facial-recognition companies what they hold about your face, and make them delete it — on time, under the right law.",
  },
];

export default function Index() {
  const { t } = useTranslation();
  return (
    <>
      <section aria-labelledby="home-title">
        <h1 id="home-title">{t("home.title")}</h1>
        <p className="lede">{t("home.lede")}</p>
        <p>
          <Link className="button" to="/requests/new">
            {t("home.cta")}
          </Link>
        </p>
      </section>
      <section aria-labelledby="how-title">
        <h2 id="how-title">{t("home.howTitle")}</h2>
        <ol>
          <li>{t("home.step1")}</li>
          <li>{t("home.step2")}</li>
          <li>{t("home.step3")}</li>
          <li>{t("home.step4")}</li>
        </ol>
      </section>
      <section aria-labelledby="who-title">
        <h2 id="who-title">{t("home.whoTitle")}</h2>
        <ul>
          <li>{t("home.whoResidents")}</li>
          <li>
            {t("home.whoVendors")} <Link to="/login">{t("nav.login")}</Link>
          </li>
          <li>{t("home.whoRegulators")}</li>
        </ul>
      </section>
      <section aria-labelledby="help" id="help">
        <h2 id="help-title">{t("home.helpTitle")}</h2>
        <p>{t("home.helpBody")}</p>
      </section>
    </>
  );
}
