import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n-react";
import { REQUEST_TYPES } from "~/domain/deadlines";
import { FilterSelect } from "~/components/form";
import { formatDay } from "~/i18n";
import { requireRegulator } from "~/server/security/staff-sessions.server";
import { listCases, listCaseVendors } from "~/server/regulator/cases.server";
import { CASE_OUTCOMES, caseFilterSchema } from "~/server/core/page-filters.server";
import { now } from "~/server/core/runtime.server";

export const meta: MetaFunction = () => [{ title: "Cases · Dossiers" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const regulator = await requireRegulator(request);
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const f = caseFilterSchema.parse(params);
  const page = listCases(
    regulator,
    { vendor: f.vendor, type: f.type, outcome: f.outcome, overdue: f.overdue === "on", after: f.after },
    now(),
  );
  const vendors = listCaseVendors();
  return { filters: f, vendors, types: REQUEST_TYPES, outcomes: CASE_OUTCOMES, ...page };
}

export default function RegulatorCases() {
  const data = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const locale = i18n.language === "fr-CA" ? "fr-CA" : "en";
  const nextParams = new URLSearchParams(
    Object.entries({ ...data.filters, after: data.next ?? "" })
      .filter(([, v]) => v !== undefined && v !== "")
      .map(([k, v]) => [k, String(v)]),
  );
  return (
    <section aria-labelledby="cases-title">
      <h1 id="cases-title">{t("cases.title")}</h1>
      <Form method="get" className="period-form">
        <FilterSelect
          id="f-vendor"
          name="vendor"
          label={t("regulator.vendor")}
          allLabel={t("cases.all")}
          value={data.filters.vendor}
          options={data.vendors.map((v) => ({ value: v.id, label: v.name }))}
        />
        <FilterSelect
          id="f-type"
          name="type"
          label={t("staff.type")}
          allLabel={t("cases.all")}
          value={data.filters.type}
          options={data.types.map((x) => ({ value: x, label: t(`types.${x}`) }))}
        />
        <FilterSelect
          id="f-outcome"
          name="outcome"
          label={t("cases.outcome")}
          allLabel={t("cases.all")}
          value={data.filters.outcome}
          options={data.outcomes.map((o) => ({
            value: o,
            label: o === "open" ? t("cases.open") : t(`staffStatuses.${o}`),
          }))}
        />
        <div className="choice">
          <input
            type="checkbox"
            id="f-overdue"
            name="overdue"
            value="on"
            defaultChecked={data.filters.overdue === "on"}
          />
          <label htmlFor="f-overdue">{t("cases.overdueOnly")}</label>
        </div>
        <button type="submit">{t("staff.filter")}</button>
      </Form>
      <table>
        <caption className="visually-hidden">{t("cases.title")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("vendor.reference")}</th>
            <th scope="col">{t("regulator.vendor")}</th>
            <th scope="col">{t("staff.type")}</th>
            <th scope="col">{t("status.receivedOn")}</th>
            <th scope="col">{t("status.currentDeadline")}</th>
            <th scope="col">{t("status.status")}</th>
          </tr>
        </thead>
        <tbody>
          {data.items.map((c) => (
            <tr key={c.reference}>
              <td>
                <Link className="mono" to={`/regulator/cases/${c.reference}`}>
                  {c.reference}
                </Link>
              </td>
              <td>{c.vendor}</td>
              <td>{t(`types.${c.type}`)}</td>
              <td>{new Date(c.received_at).toISOString().slice(0, 10)}</td>
              <td>{formatDay(c.respond_by, locale, "medium")}</td>
              <td>{t(`staffStatuses.${c.status}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {data.items.length === 0 ? <p>{t("cases.none")}</p> : null}
      {data.next ? <Link to={`/regulator/cases?${nextParams.toString()}`}>{t("vendor.next")}</Link> : null}
    </section>
  );
}
