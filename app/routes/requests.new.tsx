import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, FieldError, TextField } from "~/components/form";
import { describeJurisdiction, JURISDICTIONS, REQUEST_TYPES } from "~/domain/deadlines";
import { fieldErrors, filingSchema } from "~/domain/schemas";
import { formatDay } from "~/i18n";
import { ServiceError } from "~/server/errors.server";
import { formValues, invalidForm } from "~/server/http.server";
import { detectLocale } from "~/server/locale.server";
import { fileRequest, listVendorChoices, newIdempotencyKey } from "~/server/requests.server";
import { now } from "~/server/runtime.server";

export const meta: MetaFunction = () => [{ title: "File a request · Déposer une demande" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const locale = detectLocale(request);
  const jurisdictions = JURISDICTIONS.map((code) => describeJurisdiction(code, locale)).sort((a, b) => a.name.localeCompare(b.name, locale));
  // `?vendor=slug` (from the directory) preselects companies; unknown slugs are ignored.
  const preselected = new URL(request.url).searchParams.getAll("vendor");
  return { vendors: listVendorChoices(), jurisdictions, types: REQUEST_TYPES, idempotencyKey: newIdempotencyKey(), preselected };
}

export async function action({ request }: ActionFunctionArgs) {
  const locale = detectLocale(request);
  const form = await request.formData();
  const values = formValues(form, ["vendor", "type"]);
  const parsed = filingSchema.safeParse(values);
  if (!parsed.success) return invalidForm(fieldErrors(parsed.error), values);
  try {
    const result = fileRequest(parsed.data, { locale, now: now() });
    return { ok: true as const, replayed: result.replayed, filed: result.requests, email: parsed.data.email };
  } catch (err) {
    if (err instanceof ServiceError && err.status === 400) return invalidForm(err.fields, values);
    throw err;
  }
}

export default function NewRequest() {
  const { vendors, jurisdictions, types, idempotencyKey, preselected } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t, i18n } = useTranslation();
  const locale = i18n.language === "fr-CA" ? "fr-CA" : "en";

  if (result?.ok) {
    return (
      <section aria-labelledby="filed-title">
        <h1 id="filed-title">{t("file.doneTitle")}</h1>
        <div className="notice success" role="status">
          <p>{result.replayed ? t("file.replayed") : t("file.doneLede")}</p>
          <p>
            <strong>{t("file.checkEmail", { email: result.email })}</strong>
          </p>
        </div>
        <ul className="cards">
          {result.filed.map((r) => (
            <li key={r.reference}>
              <h2 className="mono">{r.reference}</h2>
              <dl className="facts">
                <dt>{t("file.vendor")}</dt>
                <dd>{r.vendorName}</dd>
                <dt>{t("file.type")}</dt>
                <dd>{t(`types.${r.type}`)}</dd>
                <dt>{r.statutory ? t("file.expectedDeadline") : t("status.serviceTarget")}</dt>
                <dd>{r.queuedBehind ? t("file.queued", { reference: r.queuedBehind }) : formatDay(r.respondBy, locale)}</dd>
                <dt>{t("status.law")}</dt>
                <dd>{r.citation}</dd>
              </dl>
              <p>
                <Link to={`/r/${r.statusToken}`}>{t("file.statusLink", { reference: r.reference })}</Link>
              </p>
            </li>
          ))}
        </ul>
        <p>{t("file.keepLink")}</p>
      </section>
    );
  }

  const errors = result && !result.ok ? result.errors : undefined;
  const values = (result && !result.ok ? result.values : {}) as Record<string, string | string[]>;
  const chosenVendors = new Set(Array.isArray(values.vendor) ? values.vendor : result ? [] : preselected);
  const chosenTypes = new Set(Array.isArray(values.type) ? values.type : []);
  const labels = {
    vendor: t("file.vendor"),
    jurisdiction: t("file.jurisdiction"),
    type: t("file.type"),
    fullName: t("file.fullName"),
    email: t("file.email"),
    idempotencyKey: t("file.form"),
  };
  return (
    <section aria-labelledby="file-title">
      <h1 id="file-title">{t("file.title")}</h1>
      <p className="lede">{t("file.lede")}</p>
      <ErrorSummary errors={errors} labels={labels} />
      <Form method="post" noValidate>
        <input type="hidden" name="idempotencyKey" value={typeof values.idempotencyKey === "string" && values.idempotencyKey ? values.idempotencyKey : idempotencyKey} />
        <div className={`field${errors?.vendor ? " has-error" : ""}`}>
          <fieldset id="field-vendor" aria-describedby={errors?.vendor ? "error-vendor" : "hint-vendor"}>
            <legend>{t("file.vendor")}</legend>
            <span className="hint" id="hint-vendor">{t("file.vendorHint")}</span>
            <FieldError name="vendor" errors={errors} />
            {vendors.map((v) => (
              <div className="choice" key={v.slug}>
                <input type="checkbox" id={`vendor-${v.slug}`} name="vendor" value={v.slug} defaultChecked={chosenVendors.has(v.slug)} />
                <label htmlFor={`vendor-${v.slug}`}>
                  {v.name}
                  {v.intake === "email" ? ` — ${t("file.emailOnly")}` : ""}
                </label>
              </div>
            ))}
          </fieldset>
        </div>
        <div className={`field${errors?.jurisdiction ? " has-error" : ""}`}>
          <label htmlFor="field-jurisdiction">{t("file.jurisdiction")}</label>
          <span className="hint" id="hint-jurisdiction">{t("file.jurisdictionHint")}</span>
          <FieldError name="jurisdiction" errors={errors} />
          <select
            id="field-jurisdiction"
            name="jurisdiction"
            defaultValue={typeof values.jurisdiction === "string" ? values.jurisdiction : ""}
            aria-describedby={errors?.jurisdiction ? "hint-jurisdiction error-jurisdiction" : "hint-jurisdiction"}
            aria-invalid={errors?.jurisdiction ? true : undefined}
          >
            <option value="">{t("file.jurisdictionPlaceholder")}</option>
            {jurisdictions.map((j) => (
              <option key={j.code} value={j.code}>
                {j.name} — {j.regime}
              </option>
            ))}
          </select>
        </div>
        <div className={`field${errors?.type ? " has-error" : ""}`}>
          <fieldset id="field-type" aria-describedby={errors?.type ? "error-type" : undefined}>
            <legend>{t("file.type")}</legend>
            <FieldError name="type" errors={errors} />
            {types.map((type) => (
              <div className="choice" key={type}>
                <input type="checkbox" id={`type-${type}`} name="type" value={type} defaultChecked={chosenTypes.has(type)} />
                <label htmlFor={`type-${type}`}>{t(`types.${type}`)}</label>
              </div>
            ))}
          </fieldset>
        </div>
        <TextField name="fullName" label={t("file.fullName")} autoComplete="name" defaultValue={String(values.fullName ?? "")} errors={errors} />
        <TextField name="email" type="email" label={t("file.email")} hint={t("file.emailHint")} autoComplete="email" defaultValue={String(values.email ?? "")} errors={errors} />
        <button type="submit" disabled={navigation.state === "submitting"}>
          {t("file.submit")}
        </button>
      </Form>
    </section>
  );
}
