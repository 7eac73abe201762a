import { Form, Link, useNavigation } from "@remix-run/react";
import { ErrorSummary, FieldError, TextField } from "~/components/form";
import { useTranslation } from "~/i18n-react";
import type { FilingValues as Values } from "~/server/resident/filing-steps.server";
import type { describeJurisdictions, REQUEST_TYPES } from "~/domain/deadlines";
import type { listVendorChoices } from "~/server/resident/vendor-directory.server";

/** What the page's loader gives the form; spelled out here so the form does not import its route back. */
export interface EditFormData {
  vendors: ReturnType<typeof listVendorChoices>;
  jurisdictions: ReturnType<typeof describeJurisdictions>;
  types: typeof REQUEST_TYPES;
  idempotencyKey: string;
  preselected: string[];
}

/** Step one: the companies, where the resident lives, what they ask for, who they are. */
export function EditForm({
  data,
  values,
  errors,
  hasResult,
}: {
  data: EditFormData;
  values: Values;
  errors: Record<string, string> | undefined;
  hasResult: boolean;
}) {
  const navigation = useNavigation();
  const { t } = useTranslation();
  const chosenVendors = new Set(Array.isArray(values.vendor) ? values.vendor : hasResult ? [] : data.preselected);
  const chosenTypes = new Set(Array.isArray(values.type) ? values.type : []);
  const labels = {
    vendor: t("file.vendor"),
    jurisdiction: t("file.jurisdiction"),
    type: t("file.type"),
    fullName: t("file.fullName"),
    email: t("file.email"),
    urls: t("file.urls"),
    idempotencyKey: t("file.form"),
  };
  return (
    <section aria-labelledby="file-title">
      <h1 id="file-title">{t("file.title")}</h1>
      <p className="lede">{t("file.lede")}</p>
      <p className="hint">{t("file.stepOne")}</p>
      <ErrorSummary errors={errors} labels={labels} />
      <Form method="post" noValidate>
        <input type="hidden" name="step" value="review" />
        <input
          type="hidden"
          name="idempotencyKey"
          value={
            typeof values.idempotencyKey === "string" && values.idempotencyKey
              ? values.idempotencyKey
              : data.idempotencyKey
          }
        />
        <div className={`field${errors?.vendor ? " has-error" : ""}`}>
          <fieldset id="field-vendor" aria-describedby={errors?.vendor ? "hint-vendor error-vendor" : "hint-vendor"}>
            <legend>{t("file.vendor")}</legend>
            <span className="hint" id="hint-vendor">
              {t("file.vendorHint")} <Link to="/vendors">{t("file.vendorDirectory")}</Link>
            </span>
            <FieldError name="vendor" errors={errors} />
            {data.vendors.map((v) => (
              <div className="choice" key={v.slug}>
                <input
                  type="checkbox"
                  id={`vendor-${v.slug}`}
                  name="vendor"
                  value={v.slug}
                  defaultChecked={chosenVendors.has(v.slug)}
                />
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
          <span className="hint" id="hint-jurisdiction">
            {t("file.jurisdictionHint")}
          </span>
          <FieldError name="jurisdiction" errors={errors} />
          <select
            id="field-jurisdiction"
            name="jurisdiction"
            defaultValue={typeof values.jurisdiction === "string" ? values.jurisdiction : ""}
            aria-describedby={errors?.jurisdiction ? "hint-jurisdiction error-jurisdiction" : "hint-jurisdiction"}
            aria-invalid={errors?.jurisdiction ? true : undefined}
            autoComplete="off"
          >
            <option value="">{t("file.jurisdictionPlaceholder")}</option>
            {data.jurisdictions.map((j) => (
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
            {data.types.map((type) => (
              <div key={type}>
                <div className="choice">
                  <input
                    type="checkbox"
                    id={`type-${type}`}
                    name="type"
                    value={type}
                    defaultChecked={chosenTypes.has(type)}
                  />
                  <label htmlFor={`type-${type}`}>{t(`types.${type}`)}</label>
                </div>
                {type === "access" ? (
                  <div className="choice sub-choice">
                    <input
                      type="checkbox"
                      id="option-accessSearchLog"
                      name="accessSearchLog"
                      value="on"
                      defaultChecked={values.accessSearchLog === "on"}
                    />
                    <label htmlFor="option-accessSearchLog">{t("file.accessSearchLog")}</label>
                  </div>
                ) : null}
                {type === "deletion" ? (
                  <div className="choice sub-choice">
                    <input
                      type="checkbox"
                      id="option-deletionBlockFuture"
                      name="deletionBlockFuture"
                      value="on"
                      defaultChecked={values.deletionBlockFuture === "on"}
                    />
                    <label htmlFor="option-deletionBlockFuture">{t("file.deletionBlockFuture")}</label>
                  </div>
                ) : null}
              </div>
            ))}
            <p className="notice">{t("file.orderWarning")}</p>
            <div className="choice">
              <input
                type="checkbox"
                id="option-fileTogether"
                name="fileTogether"
                value="on"
                defaultChecked={values.fileTogether === "on"}
              />
              <label htmlFor="option-fileTogether">{t("file.fileTogether")}</label>
            </div>
          </fieldset>
        </div>
        <TextField
          name="fullName"
          label={t("file.fullName")}
          autoComplete="name"
          defaultValue={String(values.fullName ?? "")}
          errors={errors}
        />
        <TextField
          name="email"
          type="email"
          label={t("file.email")}
          hint={t("file.emailHint")}
          autoComplete="email"
          defaultValue={String(values.email ?? "")}
          errors={errors}
        />
        <div className={`field${errors?.urls ? " has-error" : ""}`}>
          <label htmlFor="field-urls">{t("file.urls")}</label>
          <span className="hint" id="hint-urls">
            {t("file.urlsHint")}
          </span>
          <FieldError name="urls" errors={errors} />
          <textarea
            id="field-urls"
            name="urls"
            defaultValue={String(values.urls ?? "")}
            aria-describedby={errors?.urls ? "hint-urls error-urls" : "hint-urls"}
            aria-invalid={errors?.urls ? true : undefined}
          />
        </div>
        <button type="submit" disabled={navigation.state === "submitting"}>
          {t("file.continue")}
        </button>
      </Form>
    </section>
  );
}
