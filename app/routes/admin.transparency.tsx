import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n-react";
import { requireAdmin } from "~/server/security/staff-sessions.server";
import { ServiceError } from "~/server/core/errors.server";
import { now } from "~/server/core/runtime.server";
import {
  listPendingResponses,
  moderateResponse,
  moderationSchema,
  REJECTION_MAX_CHARS,
} from "~/server/transparency/public-responses.server";

export const meta: MetaFunction = () => [{ title: "Public responses · Réponses publiques" }];

/** The portal admin's queue of companies' public responses waiting for a decision. */
export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  return { pending: listPendingResponses(admin), max: REJECTION_MAX_CHARS };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const form = await request.formData();
  const parsed = moderationSchema.safeParse({
    decision: form.get("decision"),
    vendorId: form.get("vendorId"),
    reason: form.get("reason") ?? "",
  });
  if (!parsed.success)
    return data(
      {
        error: "responseModeration.errorReason",
        vendorId: form.get("vendorId"),
        reason: String(form.get("reason") ?? ""),
      },
      { status: 400 },
    );
  try {
    moderateResponse(admin, parsed.data, now());
  } catch (err) {
    if (err instanceof ServiceError) throw new Response("Not found", { status: err.status });
    throw err;
  }
  throw redirect("/admin/transparency");
}

export default function ResponseModeration() {
  const { pending, max } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const date = new Intl.DateTimeFormat(i18n.language === "fr-CA" ? "fr-CA" : "en-CA", {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "UTC",
  });
  const texts = (x: { en: string | null; fr: string | null } | null) =>
    x && (x.en || x.fr) ? (
      <>
        {x.en ? (
          <blockquote lang="en" className="response-text">
            {x.en}
          </blockquote>
        ) : null}
        {x.fr ? (
          <blockquote lang="fr-CA" className="response-text">
            {x.fr}
          </blockquote>
        ) : null}
      </>
    ) : (
      <p>{t("responseModeration.none")}</p>
    );
  return (
    <section aria-labelledby="moderation-title">
      <h1 id="moderation-title">{t("responseModeration.title")}</h1>
      <p className="lede">{t("responseModeration.lede")}</p>
      {pending.length === 0 ? <p>{t("responseModeration.empty")}</p> : null}
      {pending.map((p) => {
        const failed = result && String(result.vendorId) === String(p.vendorId);
        return (
          <section key={p.vendorId} aria-labelledby={`pending-${p.vendorId}`} className="card">
            <h2 id={`pending-${p.vendorId}`}>{p.vendorName}</h2>
            <p className="hint">
              {t("responseModeration.submitted", { date: date.format(new Date(p.draft!.submittedAt)) })}
            </p>
            <h3>{t("responseModeration.proposed")}</h3>
            {texts(p.draft)}
            <h3>{t("responseModeration.current")}</h3>
            {texts(p.published)}
            <Form method="post" className="moderation-publish">
              <input type="hidden" name="vendorId" value={p.vendorId} />
              <button type="submit" name="decision" value="publish">
                {t("responseModeration.publish")}
              </button>
            </Form>
            <Form method="post" className="stack">
              <input type="hidden" name="vendorId" value={p.vendorId} />
              <div className={`field${failed ? " has-error" : ""}`}>
                <label htmlFor={`reason-${p.vendorId}`}>{t("responseModeration.reason")}</label>
                {failed ? (
                  <span className="field-error" id={`reason-error-${p.vendorId}`}>
                    {t("responseModeration.errorReason", { max })}
                  </span>
                ) : null}
                <textarea
                  id={`reason-${p.vendorId}`}
                  name="reason"
                  rows={3}
                  maxLength={max}
                  required
                  defaultValue={failed ? result?.reason : undefined}
                  aria-describedby={failed ? `reason-error-${p.vendorId}` : undefined}
                />
              </div>
              <button type="submit" name="decision" value="reject">
                {t("responseModeration.reject")}
              </button>
            </Form>
          </section>
        );
      })}
    </section>
  );
}
