import { Form, useNavigation } from "@remix-run/react";
import { ErrorSummary, FieldError } from "~/components/form";
import { formatDay } from "~/i18n";
import { useTranslation } from "~/i18n-react";
import type { FilingReview } from "~/server/resident/filing-form.server";
import type { FilingValues as Values } from "~/server/resident/filing-steps.server";

/** The typed values, carried through the review as hidden fields (both of its forms send them). */
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

/** Step two: what will be sent, under which law and by when; consent and the optional photo. */
export function Review({
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
