import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n-react";
import { RuleVersionFacts } from "~/components/law-rule";
import { formatDay } from "~/i18n";
import { isJurisdictionCode } from "~/domain/deadlines";
import { describeJurisdictionLaw } from "~/domain/law-catalogue";
import { detectLocale } from "~/server/core/locale.server";
import { now } from "~/server/core/runtime.server";

export const meta: MetaFunction = () => [{ title: "The rules · Les règles" }];

/**
 * `/law/<place>`: every kind of request there, the version in force today with all its facts,
 * and every earlier version (in a closed <details>, readable without JavaScript). Each request
 * type is an anchor (`#access`, `#deletion` …) that deadlines link to.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const code = params.code ?? "";
  if (!isJurisdictionCode(code)) throw new Response("Not found", { status: 404 });
  return describeJurisdictionLaw(code, { now: now(), locale: detectLocale(request) });
}

export default function LawOfPlace() {
  const law = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const locale = i18n.language === "fr-CA" ? "fr-CA" : "en";
  const day = (d: string) => formatDay(d, locale, "long");
  return (
    <article aria-labelledby="law-place-title">
      <p>
        <Link to="/law">← {t("law.back")}</Link>
      </p>
      <h1 id="law-place-title">{t("law.open", { name: law.name })}</h1>
      <p className="lede">
        {law.regimeName} ({law.regime}) — {law.timeZone}
      </p>
      <nav aria-label={t("law.types")}>
        <ul className="inline-list">
          {law.entries.map((e) => (
            <li key={e.type}>
              <a href={`#${e.type}`}>{t(`types.${e.type}`)}</a>
            </li>
          ))}
        </ul>
      </nav>
      {law.entries.map((e) => (
        <section key={e.type} id={e.type} aria-labelledby={`${e.type}-title`} className="law-entry">
          <h2 id={`${e.type}-title`}>{t(`types.${e.type}`)}</h2>
          <p>{e.current.summary}</p>
          <p className="muted">
            {t("law.version", { version: e.current.version })} —{" "}
            {t("law.current", { date: day(e.current.effectiveFrom) })}
          </p>
          {e.current.replaces ? (
            <p>
              {t(`law.replaces_${e.current.replaces.reason}`, {
                version: e.current.replaces.version,
                changes: e.current.replaces.changes,
              })}
            </p>
          ) : null}
          <RuleVersionFacts v={e.current} />
          {e.history.length > 1 ? (
            <details>
              <summary>{t("law.history", { count: e.history.length })}</summary>
              <ol className="plain">
                {[...e.history].reverse().map((v) => (
                  <li key={v.version} id={`${e.type}-v${v.version}`}>
                    <h3>
                      {t("law.version", { version: v.version })} — {t("law.effective", { date: day(v.effectiveFrom) })}
                      {v.supersededFrom ? `, ${t("law.supersededFrom", { date: day(v.supersededFrom) })}` : ""}
                    </h3>
                    {v.replaces ? (
                      <p>
                        {t(`law.replaces_${v.replaces.reason}`, {
                          version: v.replaces.version,
                          changes: v.replaces.changes,
                        })}
                      </p>
                    ) : null}
                    <RuleVersionFacts v={v} />
                  </li>
                ))}
              </ol>
            </details>
          ) : null}
        </section>
      ))}
    </article>
  );
}
