import { Form } from "@remix-run/react";
import { useTranslation } from "~/i18n-react";

export type FieldErrors = Record<string, string>;

/** Error summary at the top of a form: announced, and each item links to its field. */
export function ErrorSummary({ errors, labels }: { errors: FieldErrors | undefined; labels: Record<string, string> }) {
  const { t } = useTranslation();
  const entries = Object.entries(errors ?? {});
  if (entries.length === 0) return null;
  return (
    <div className="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1}>
      <h2 id="error-summary-title">{t("form.errorSummary", { count: entries.length })}</h2>
      <ul>
        {entries.map(([field, key]) => (
          <li key={field}>
            <a href={`#field-${field}`}>
              {labels[field] ? `${labels[field]}: ` : ""}
              {t(key)}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function FieldError({ name, errors }: { name: string; errors: FieldErrors | undefined }) {
  const { t } = useTranslation();
  const key = errors?.[name];
  if (!key) return null;
  return (
    <span className="field-error" id={`error-${name}`}>
      <span className="visually-hidden">{t("form.errorPrefix")} </span>
      {t(key)}
    </span>
  );
}

export function TextField(props: {
  name: string;
  label: string;
  hint?: string;
  type?: "text" | "email" | "password" | "date";
  defaultValue?: string;
  errors?: FieldErrors;
  autoComplete?: string;
  required?: boolean;
}) {
  const invalid = Boolean(props.errors?.[props.name]);
  const describedBy =
    [props.hint ? `hint-${props.name}` : null, invalid ? `error-${props.name}` : null].filter(Boolean).join(" ") ||
    undefined;
  return (
    <div className={`field${invalid ? " has-error" : ""}`}>
      <label htmlFor={`field-${props.name}`}>{props.label}</label>
      {props.hint ? (
        <span className="hint" id={`hint-${props.name}`}>
          {props.hint}
        </span>
      ) : null}
      <FieldError name={props.name} errors={props.errors} />
      <input
        id={`field-${props.name}`}
        name={props.name}
        type={props.type ?? "text"}
        defaultValue={props.defaultValue}
        autoComplete={props.autoComplete}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        required={props.required}
      />
    </div>
  );
}

/** A labelled filter <select> with an "All" first option (queue and case lists). */
export function FilterSelect(props: {
  id: string;
  name: string;
  label: string;
  allLabel: string;
  value: string | number | undefined;
  options: { value: string | number; label: string }[];
}) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <select id={props.id} name={props.name} defaultValue={props.value ?? ""}>
        <option value="">{props.allLabel}</option>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A new-password form (invitation and reset): one field, password managers welcome. */
export function NewPasswordForm({
  errors,
  lede,
  submitLabel,
}: {
  errors: FieldErrors | undefined;
  lede?: string;
  submitLabel: string;
}) {
  const { t } = useTranslation();
  return (
    <Form method="post">
      {lede ? <p className="lede">{lede}</p> : null}
      <div className={`field${errors?.password ? " has-error" : ""}`}>
        <label htmlFor="field-password">{t("login.password")}</label>
        <span className="hint">{t("invite.hint")}</span>
        <FieldError name="password" errors={errors} />
        <input id="field-password" name="password" type="password" autoComplete="new-password" />
      </div>
      <button type="submit">{submitLabel}</button>
    </Form>
  );
}
