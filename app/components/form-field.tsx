import type { ReactNode } from "react";
import { FieldError, type FieldErrors } from "./form";

/**
 * One labelled field: label, optional hint, its error, then the control. A form that shares a
 * field name with another form on the page (several "reason" fields) passes its errors only
 * when it was the one sent, so the message shows under the right field.
 */
export function FormField(props: {
  name: string;
  id?: string;
  label: string;
  hint?: string;
  errors?: FieldErrors;
  children: ReactNode;
}) {
  return (
    <div className={`field${props.errors?.[props.name] ? " has-error" : ""}`}>
      <label htmlFor={props.id ?? `field-${props.name}`}>{props.label}</label>
      {props.hint ? <span className="hint">{props.hint}</span> : null}
      <FieldError name={props.name} errors={props.errors} />
      {props.children}
    </div>
  );
}

/** A labelled <textarea> with its hint and error. */
export function TextAreaField(props: {
  name: string;
  id?: string;
  label: string;
  hint?: string;
  errors?: FieldErrors;
  defaultValue: string | undefined;
}) {
  const id = props.id ?? `field-${props.name}`;
  return (
    <FormField name={props.name} id={id} label={props.label} hint={props.hint} errors={props.errors}>
      <textarea id={id} name={props.name} defaultValue={props.defaultValue} />
    </FormField>
  );
}
