import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n-react";
import { ErrorSummary, FieldError } from "~/components/form";
import { requireVendorStaff } from "~/server/security/staff-sessions.server";
import { now } from "~/server/core/runtime.server";
import {
  getOwnResponse,
  RESPONSE_MAX_CHARS,
  responseDraftSchema,
  submitResponse,
} from "~/server/transparency/public-responses.server";

export const meta: MetaFunction = () => [{ title: "Public response · Réponse publique" }];

/** Only the company's admins write its public response; the company is the session's, never the form's. */
async function requireVendorAdmin(request: Request) {
  const staff = await requireVendorStaff(request);
  if (staff.role !== "vendor_admin") throw new Response("Not found", { status: 404 });
  return staff;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireVendorAdmin(request);
  return { state: getOwnResponse(staff), max: RESPONSE_MAX_CHARS };
}

export async function action({ request }: ActionFunctionArgs) {
  const staff = await requireVendorAdmin(request);
  const form = await request.formData();
  const typed = { en: String(form.get("en") ?? ""), fr: String(form.get("fr") ?? "") };
  const parsed = responseDraftSchema.safeParse(typed);
  if (!parsed.success) {
    const tooLong = parsed.error.issues.some((i) => i.code === "too_big");
    const field = parsed.error.issues.find((i) => i.code === "too_big")?.path[0] === "fr" ? "fr" : "en";
    return data(
      // What was typed comes back, so a statement a few characters too long is shortened, not retyped.
      {
        saved: false,
        typed,
        errors: { [field]: tooLong ? "publicResponse.errorTooLong" : "publicResponse.errorEmpty" },
      },
      { status: 400 },
    );
  }
  submitResponse(staff, parsed.data, now());
  return { saved: true, typed: null, errors: {} as Record<string, string> };
}

export default function VendorPublicResponse() {
  const { state, max } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const errors = result?.errors;
  const draft = state.draft;
  const field = (name: "en" | "fr", lang: string) => (
    <div className={`field${errors?.[name] ? " has-error" : ""}`}>
      <label htmlFor={`field-${name}`}>{t(`publicResponse.${name}`)}</label>
      <FieldError name={name} errors={errors} />
      <textarea
        id={`field-${name}`}
        name={name}
        lang={lang}
        rows={6}
        maxLength={max}
        aria-describedby={`response-hint${errors?.[name] ? ` error-${name}` : ""}`}
        aria-invalid={errors?.[name] ? true : undefined}
        defaultValue={result?.typed?.[name] ?? (draft ? draft[name] : state.published?.[name]) ?? ""}
      />
    </div>
  );
  return (
    <section aria-labelledby="response-title">
      <h1 id="response-title">{t("publicResponse.title")}</h1>
      <p className="lede">{t("publicResponse.lede", { max })}</p>
      {result?.saved ? (
        <div className="notice success" role="status">
          <p>{t("publicResponse.saved")}</p>
        </div>
      ) : null}
      <h2>{t("publicResponse.published")}</h2>
      {state.published ? (
        <>
          {state.published.en ? (
            <blockquote lang="en" className="response-text">
              {state.published.en}
            </blockquote>
          ) : null}
          {state.published.fr ? (
            <blockquote lang="fr-CA" className="response-text">
              {state.published.fr}
            </blockquote>
          ) : null}
        </>
      ) : (
        <p>{t("publicResponse.none")}</p>
      )}
      {draft?.status === "pending" ? <p className="notice">{t("publicResponse.pending")}</p> : null}
      {draft?.status === "rejected" ? (
        <p className="notice warning">{t("publicResponse.rejected", { reason: draft.rejectionReason ?? "" })}</p>
      ) : null}
      <Form method="post" className="stack">
        <ErrorSummary errors={errors} labels={{ en: t("publicResponse.en"), fr: t("publicResponse.fr") }} />
        <p className="hint" id="response-hint">
          {t("publicResponse.hint", { max })}
        </p>
        {field("en", "en")}
        {field("fr", "fr-CA")}
        <button type="submit">{t("publicResponse.submit")}</button>
      </Form>
      <p>
        <Link to="/transparency">{t("transparency.title")}</Link>
      </p>
    </section>
  );
}
