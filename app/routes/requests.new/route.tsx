import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "~/i18n-react";
import { ErrorSummary, FieldError, TextField } from "~/components/form";
import { describeJurisdictions, REQUEST_TYPES } from "~/domain/deadlines";
import { CONSENT_VERSION, fieldErrors, filingSchema, finalFilingSchema } from "~/domain/schemas";
import { formatDay } from "~/i18n";
import { ServiceError } from "~/server/core/errors.server";
import { previewFiling, readFilingForm, submitFiling, type FilingReview } from "~/server/resident/filing-form.server";
import { formValues } from "~/server/core/http.server";
import { detectLocale } from "~/server/core/locale.server";
import { newIdempotencyKey, type FiledRequest } from "~/server/resident/file-request.server";
import { listVendorChoices } from "~/server/resident/vendor-directory.server";
import { clientAddress, hitRateLimits } from "~/server/security/rate-limit.server";
import { now } from "~/server/core/runtime.server";

export const meta: MetaFunction = () => [{ title: "File a request · Déposer une demande" }];

const ARRAYS = ["vendor", "type"];

export async function loader({ request }: LoaderFunctionArgs) {
  const locale = detectLocale(request);
  const jurisdictions = describeJurisdictions(locale);
  // `?vendor=slug` (from the directory) preselects companies; unknown slugs are ignored.
  const preselected = new URL(request.url).searchParams.getAll("vendor");
  return {
    vendors: listVendorChoices(),
    jurisdictions,
    types: REQUEST_TYPES,
    idempotencyKey: newIdempotencyKey(),
    preselected,
  };
}

/**
 * Two steps, both plain form posts (no JavaScript needed): `step=review` validates and shows
 * what will be sent, the law and the expected deadline; `step=submit` (multipart, with the
 * consent and the optional photo) files. Field names are stable: vendor, jurisdiction, type,
 * fullName, email, photo, urls, consent.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const locale = detectLocale(request);
  const form = await readFilingForm(request);
  const values = formValues(form, ARRAYS) as Values;
  delete values.photo; // never echoed back: the page asks for the photo again
  const step = form.get("step");
  const answer = (body: Omit<FilingAnswer, "values">, status = 200) =>
    data({ ...body, values } satisfies FilingAnswer, { status });
  if (step === "edit") return answer({ stage: "edit", errors: {} });
  const base = filingSchema.safeParse(values);
  if (!base.success) return answer({ stage: "edit", errors: fieldErrors(base.error) }, 400);
  // The review (laws, expected dates, the letter's text) is built only when a page shows it:
  // a successful submit does not need it, and rendering the letter was a third of its cost.
  const showReview = (errors: Record<string, string>, status: number, headers?: HeadersInit) => {
    let review: FilingReview;
    try {
      review = previewFiling(base.data, { locale, now: now() });
    } catch (err) {
      if (err instanceof ServiceError && err.status === 400) return answer({ stage: "edit", errors: err.fields }, 400);
      throw err;
    }
    return data({ stage: "review", review, errors, values } satisfies FilingAnswer, { status, headers });
  };
  if (step !== "submit") return showReview({}, 200);
  const final = finalFilingSchema.safeParse(values);
  if (!final.success) return showReview(fieldErrors(final.error), 400);
  const limited = hitRateLimits(
    [
      { name: "filingPerIp", key: clientAddress(context) },
      { name: "filingPerEmail", key: base.data.email },
    ],
    now(),
  );
  if (!limited.ok)
    return showReview({ form: "errors.tooManyAttempts" }, 429, { "Retry-After": String(limited.retryAfterSeconds) });
  const photo = form.get("photo");
  try {
    const outcome = await submitFiling(base.data, photo instanceof File || typeof photo === "string" ? photo : null, {
      locale,
      now: now(),
      consentVersion: CONSENT_VERSION,
    });
    if (!outcome.ok) return showReview(outcome.errors, 400);
    return answer({
      stage: "done",
      errors: {},
      done: { replayed: outcome.result.replayed, filed: outcome.result.requests, email: base.data.email },
    });
  } catch (err) {
    if (err instanceof ServiceError && err.status === 400) return answer({ stage: "edit", errors: err.fields }, 400);
    throw err;
  }
}

type Values = Record<string, string | string[]>;
type LoaderData = Awaited<ReturnType<typeof loader>>;
type FilingAnswer = {
  stage: "edit" | "review" | "done";
  errors: Record<string, string>;
  values: Values;
  review?: FilingReview;
  done?: { replayed: boolean; filed: FiledRequest[]; email: string };
};

function HiddenValues({ values }: { values: Values }) {
  const keep = [
    "vendor",
    "jurisdiction",
    "type",
    "fullName",
    "email",
    "urls",
    "accessSearchLog",
    "deletionBlockFuture",
    "fileTogether",
    "idempotencyKey",
  ];
  return (
    <>
      {keep.flatMap((k) => {
        const v = values[k];
        if (v === undefined || v === "") return [];
        return (Array.isArray(v) ? v : [v]).map((item, i) => (
          <input key={`${k}-${i}`} type="hidden" name={k} value={item} />
        ));
      })}
    </>
  );
}

export default function NewRequest() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as FilingAnswer | undefined;
  const { i18n } = useTranslation();
  const locale = i18n.language === "fr-CA" ? "fr-CA" : "en";
  if (result?.stage === "done" && result.done) return <Done done={result.done} locale={locale} />;
  if (result?.stage === "review" && result.review)
    return <Review review={result.review} values={result.values} errors={result.errors} locale={locale} />;
  return <EditForm data={data} values={result?.values ?? {}} errors={result?.errors} hasResult={Boolean(result)} />;
}

function EditForm({
  data,
  values,
  errors,
  hasResult,
}: {
  data: LoaderData;
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

function Review({
  review,
  values,
  errors,
  locale,
}: {
  review: FilingReview;
  values: Values;
  errors: Record<string, string>;
  locale: "en" | "fr-CA";
}) {
  const navigation = useNavigation();
  const { t } = useTranslation();
  return (
    <section aria-labelledby="review-title">
      <h1 id="review-title">{t("review.title")}</h1>
      <p className="lede">{t("review.lede", { jurisdiction: review.jurisdictionName })}</p>
      <ErrorSummary errors={errors} labels={{ consent: t("review.consentLabel"), photo: t("review.photo") }} />
      <table>
        <caption>{t("review.tableCaption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("file.vendor")}</th>
            <th scope="col">{t("file.type")}</th>
            <th scope="col">{t("status.law")}</th>
            <th scope="col">{t("review.expected")}</th>
          </tr>
        </thead>
        <tbody>
          {review.items.map((item, i) => (
            <tr key={i}>
              <td>{item.vendorName}</td>
              <td>{t(`types.${item.type}`)}</td>
              <td>
                {item.regime} — {item.citation}
              </td>
              <td>
                {item.queuedBehindType
                  ? t("review.afterAccess")
                  : item.statutory
                    ? formatDay(item.expectedRespondBy, locale, "full")
                    : `${formatDay(item.expectedRespondBy, locale, "full")} (${t("review.notStatutory")})`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>{t("review.clockNote")}</p>
      {review.letter ? (
        <details>
          <summary>{t("review.letter", { vendor: review.letter.vendorName })}</summary>
          <p>
            <strong>{review.letter.subject}</strong>
          </p>
          <pre className="mail">{review.letter.text}</pre>
        </details>
      ) : null}
      <Form method="post" encType="multipart/form-data" noValidate>
        <HiddenValues values={values} />
        <input type="hidden" name="step" value="submit" />
        <div className={`field${errors.photo ? " has-error" : ""}`}>
          <label htmlFor="field-photo">{t("review.photo")}</label>
          <span className="hint" id="hint-photo">
            {t("review.photoHint")}
          </span>
          <FieldError name="photo" errors={errors} />
          <input
            id="field-photo"
            name="photo"
            type="file"
            accept="image/jpeg,image/png,image/webp"
            aria-describedby={errors.photo ? "hint-photo error-photo" : "hint-photo"}
            aria-invalid={errors.photo ? true : undefined}
          />
          {Object.keys(errors).length > 0 ? <span className="hint">{t("review.photoAgain")}</span> : null}
        </div>
        <div className="notice">
          <h2 id="consent-title">{t("review.consentTitle")}</h2>
          <p>{t("review.consentText1")}</p>
          <p>{t("review.consentText2")}</p>
          <p>{t("review.consentText3")}</p>
        </div>
        <div className={`field${errors.consent ? " has-error" : ""}`}>
          <FieldError name="consent" errors={errors} />
          <div className="choice">
            <input
              type="checkbox"
              id="field-consent"
              name="consent"
              value="yes"
              aria-describedby="consent-title"
              aria-invalid={errors.consent ? true : undefined}
            />
            <label htmlFor="field-consent">{t("review.consentLabel")}</label>
          </div>
        </div>
        <button type="submit" disabled={navigation.state === "submitting"}>
          {t("file.submit")}
        </button>
      </Form>
      <Form method="post" noValidate>
        <HiddenValues values={values} />
        <input type="hidden" name="step" value="edit" />
        <button type="submit" className="secondary">
          {t("review.change")}
        </button>
      </Form>
    </section>
  );
}

function Done({ done: result, locale }: { done: NonNullable<FilingAnswer["done"]>; locale: "en" | "fr-CA" }) {
  const { t } = useTranslation();
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
              <dd>
                {r.queuedBehind ? t("file.queued", { reference: r.queuedBehind }) : formatDay(r.respondBy, locale)}
              </dd>
              <dt>{t("status.law")}</dt>
              <dd>{r.citation}</dd>
            </dl>
          </li>
        ))}
      </ul>
      <p>{t("file.keepLink")}</p>
    </section>
  );
}
