import { Form } from "@remix-run/react";
import type { RefObject } from "react";
import { FieldError, type FieldErrors } from "~/components/form";
import { FormField, TextAreaField } from "~/components/form-field";
import { useTranslation } from "~/i18n-react";
import type { VendorRequestPage } from "~/server/vendor/request-page.server";
import { ResponseFileList } from "./response-file-list";

/** What the last answer said about the files, shown inside the access answer. */
export interface FileNotice {
  attached: number | null;
  removed: boolean;
  /** The file a refusal concerns. */
  rejectedName: string | null;
}

/**
 * The answer that completes the request: an access package (lines and files, attached before
 * it is sent), or a deletion certificate confirmed by a step-up unless one is recent.
 */
export function FulfilForm({
  page,
  errors,
  values,
  busy,
  files,
  fileInput,
}: {
  page: VendorRequestPage;
  errors: FieldErrors | undefined;
  values: Record<string, string>;
  busy: boolean;
  files: FileNotice;
  fileInput: RefObject<HTMLInputElement>;
}) {
  const { t } = useTranslation();
  const access = page.type === "access";
  return (
    <Form method="post" encType={access ? "multipart/form-data" : undefined}>
      <h3>{t("vendor.fulfilTitle")}</h3>
      {!access ? <input type="hidden" name="intent" value="fulfil" /> : null}
      {access ? (
        <fieldset>
          <legend>{t("package.accessLegend")}</legend>
          <p className="hint">{t("package.linesHint")}</p>
          {(["images", "templates", "searches", "disclosures"] as const).map((name) => (
            <TextAreaField
              key={name}
              name={name}
              label={t(`package.${name}`)}
              hint={t(`package.${name}Format`)}
              errors={errors}
              defaultValue={values[name] ?? ""}
            />
          ))}
        </fieldset>
      ) : null}
      {access ? (
        <fieldset>
          <legend>{t("responseFiles.title")}</legend>
          <p className="hint" id="hint-file">
            {t("responseFiles.hint", page.fileLimits)}
          </p>
          <ResponseFileList reference={page.reference} files={page.files} canRemove={page.canAttach} busy={busy} />
          {files.attached !== null ? (
            <p role="status">{t("responseFiles.attached", { count: files.attached })}</p>
          ) : null}
          {files.removed ? <p role="status">{t("responseFiles.removed")}</p> : null}
          <div className={`field${errors?.file ? " has-error" : ""}`}>
            <label htmlFor="field-file">{t("responseFiles.fieldLabel")}</label>
            <FieldError name="file" errors={errors} />
            {files.rejectedName ? (
              <span className="field-error">{t("responseFiles.fileConcerned", { name: files.rejectedName })}</span>
            ) : null}
            <input
              id="field-file"
              ref={fileInput}
              name="file"
              type="file"
              multiple
              accept=".pdf,.png,.jpg,.jpeg,.csv,.json,.txt,application/pdf,image/png,image/jpeg,text/csv,application/json,text/plain"
              aria-describedby={`hint-file${errors?.file ? " error-file" : ""}`}
            />
          </div>
          <button type="submit" name="intent" value="attach_files" className="secondary" disabled={busy}>
            {t("responseFiles.attach")}
          </button>
        </fieldset>
      ) : null}
      {page.type === "deletion" ? <DeletionCertificateFields errors={errors} values={values} /> : null}
      {page.type === "deletion" && !page.stepUpFresh ? <StepUpFields errors={errors} /> : null}
      <TextAreaField
        name="reason"
        label={t("vendor.fulfilNote")}
        errors={values.intent === "fulfil" ? errors : undefined}
        defaultValue={values.intent === "fulfil" ? values.reason : ""}
      />
      <button type="submit" name={access ? "intent" : undefined} value={access ? "fulfil" : undefined} disabled={busy}>
        {t("vendor.fulfil")}
      </button>
    </Form>
  );
}

/** What was deleted and whether the face stays suppressed: the resident's deletion certificate. */
function DeletionCertificateFields({
  errors,
  values,
}: {
  errors: FieldErrors | undefined;
  values: Record<string, string>;
}) {
  const { t } = useTranslation();
  return (
    <fieldset>
      <legend>{t("package.deletionLegend")}</legend>
      {(["imagesDeleted", "templatesDeleted", "customersNotified"] as const).map((name) => (
        <FormField key={name} name={name} label={t(`package.${name}`)} errors={errors}>
          <input id={`field-${name}`} name={name} type="text" inputMode="numeric" defaultValue={values[name] ?? ""} />
        </FormField>
      ))}
      <div className="choice">
        <input
          type="checkbox"
          id="field-suppressionActive"
          name="suppressionActive"
          value="on"
          defaultChecked={values.suppressionActive === "on"}
        />
        <label htmlFor="field-suppressionActive">{t("package.suppressionActive")}</label>
      </div>
      <FormField name="suppressionUntil" label={t("package.suppressionUntil")}>
        <input
          id="field-suppressionUntil"
          name="suppressionUntil"
          type="date"
          defaultValue={values.suppressionUntil ?? ""}
        />
      </FormField>
    </fieldset>
  );
}

/** Password and code again before data is destroyed (never echoed back after a refusal). */
function StepUpFields({ errors }: { errors: FieldErrors | undefined }) {
  const { t } = useTranslation();
  return (
    <fieldset>
      <legend>{t("vendor.stepUpLegend")}</legend>
      <p className="hint">{t("vendor.stepUpHint")}</p>
      <FormField name="stepUpPassword" label={t("login.password")} errors={errors}>
        <input
          id="field-stepUpPassword"
          name="stepUpPassword"
          type="password"
          autoComplete="current-password"
          aria-invalid={errors?.stepUpPassword ? true : undefined}
        />
      </FormField>
      <FormField name="stepUpCode" label={t("vendor.stepUpCode")} errors={errors}>
        <input
          id="field-stepUpCode"
          name="stepUpCode"
          type="text"
          inputMode="numeric"
          autoComplete="one-time-code"
          aria-invalid={errors?.stepUpCode ? true : undefined}
        />
      </FormField>
    </fieldset>
  );
}
