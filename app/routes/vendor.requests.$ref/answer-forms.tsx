import { Form } from "@remix-run/react";
import type { FieldErrors } from "~/components/form";
import { FormField, TextAreaField } from "~/components/form-field";
import { useTranslation } from "~/i18n-react";
import type { VendorRequestPage } from "~/server/vendor/request-page.server";

/** What every answer form gets; `values.intent` says which form the last refusal was for. */
export interface AnswerFormProps {
  page: VendorRequestPage;
  errors: FieldErrors | undefined;
  values: Record<string, string>;
  busy: boolean;
}

/** The errors of the last refusal when it was this form that was sent, so they show under its own fields. */
const errorsOf = (intent: string, { errors, values }: AnswerFormProps) =>
  values.intent === intent ? errors : undefined;
const valueOf = (intent: string, name: string, values: Record<string, string>) =>
  values.intent === intent ? values[name] : "";

export function AcknowledgeForm({ busy }: AnswerFormProps) {
  const { t } = useTranslation();
  return (
    <Form method="post">
      <h3>{t("vendor.acknowledgeTitle")}</h3>
      <p>{t("vendor.acknowledgeHint")}</p>
      <input type="hidden" name="intent" value="acknowledge" />
      <button type="submit" disabled={busy}>
        {t("vendor.acknowledge")}
      </button>
    </Form>
  );
}

export function RequestInfoForm({ errors, values, busy }: AnswerFormProps) {
  const { t } = useTranslation();
  return (
    <Form method="post">
      <h3>{t("vendor.requestInfoTitle")}</h3>
      <p className="hint">{t("vendor.requestInfoHint")}</p>
      <input type="hidden" name="intent" value="request_info" />
      <FormField name="kind" label={t("vendor.infoKind")}>
        <select id="field-kind" name="kind" defaultValue={values.kind ?? "identity"}>
          <option value="identity">{t("vendor.infoIdentity")}</option>
          <option value="clarification">{t("vendor.infoClarification")}</option>
        </select>
      </FormField>
      <TextAreaField
        name="message"
        label={t("vendor.infoMessage")}
        errors={errors}
        defaultValue={valueOf("request_info", "message", values)}
      />
      <button type="submit" disabled={busy}>
        {t("vendor.requestInfo")}
      </button>
    </Form>
  );
}

/** The extension the law allows, or why there is none when the state would allow one. */
export function ExtendForm(props: AnswerFormProps) {
  const { t } = useTranslation();
  const { page, values, busy } = props;
  if (!page.canExtend) {
    return page.noExtensionReason ? (
      <section aria-labelledby="no-extension-title">
        <h3 id="no-extension-title">{t("vendor.extendTitle")}</h3>
        <p>{t(page.noExtensionReason)}</p>
      </section>
    ) : null;
  }
  return (
    <Form method="post">
      <h3>{t("vendor.extendTitle")}</h3>
      <p className="hint">{t("vendor.extendHint")}</p>
      <input type="hidden" name="intent" value="extend" />
      <TextAreaField
        name="reason"
        id="field-extend-reason"
        label={t("vendor.extendReason")}
        errors={errorsOf("extend", props)}
        defaultValue={valueOf("extend", "reason", values)}
      />
      <button type="submit" disabled={busy}>
        {t("vendor.extend")}
      </button>
    </Form>
  );
}

export function PartialFulfilForm(props: AnswerFormProps) {
  const { t } = useTranslation();
  return (
    <Form method="post">
      <h3>{t("vendor.partialTitle")}</h3>
      <input type="hidden" name="intent" value="partially_fulfil" />
      <TextAreaField
        name="reason"
        id="field-partial-reason"
        label={t("vendor.partialNote")}
        errors={errorsOf("partially_fulfil", props)}
        defaultValue={valueOf("partially_fulfil", "reason", props.values)}
      />
      <button type="submit" disabled={props.busy}>
        {t("vendor.partial")}
      </button>
    </Form>
  );
}

export function DenyForm(props: AnswerFormProps) {
  const { t } = useTranslation();
  const { page, errors, values, busy } = props;
  return (
    <Form method="post">
      <h3>{t("vendor.denyTitle")}</h3>
      <input type="hidden" name="intent" value="deny" />
      <FormField name="denialBasis" label={t("status.denialBasis")} errors={errors}>
        <select id="field-denialBasis" name="denialBasis" defaultValue={values.denialBasis ?? ""}>
          <option value="">{t("vendor.chooseBasis")}</option>
          {page.denialBases.map((b) => (
            <option key={b.value} value={b.value}>
              {b.label}
            </option>
          ))}
        </select>
      </FormField>
      <TextAreaField
        name="reason"
        id="field-deny-reason"
        label={t("vendor.denyExplanation")}
        hint={t("vendor.shownToResident")}
        errors={errorsOf("deny", props)}
        defaultValue={valueOf("deny", "reason", values)}
      />
      <button type="submit" className="danger" disabled={busy}>
        {t("vendor.deny")}
      </button>
    </Form>
  );
}
