import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n-react";
import { formatDay } from "~/i18n";
import { ServiceError } from "~/server/core/errors.server";
import { toHttpError } from "~/server/core/http.server";
import { confirmEmail, peekVerification } from "~/server/resident/confirm-email.server";
import { clientAddress, hitRateLimits } from "~/server/security/rate-limit.server";
import { now } from "~/server/core/runtime.server";
import { rememberLinkHashes } from "~/server/resident/status-links.server";

export const meta: MetaFunction = () => [
  { title: "Confirm your email · Confirmez votre courriel" },
  { name: "robots", content: "noindex" },
];

/**
 * GET only shows a button: mail scanners that pre-fetch links must not confirm (and deliver)
 * a request on the resident's behalf. The POST confirms.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  try {
    // The address is used server-side only (rate limits); the page never shows it.
    const { vendorNames, expired, used } = peekVerification(params.token ?? "", { now: now() });
    return { vendorNames, expired, used };
  } catch (err) {
    toHttpError(err);
  }
}

/**
 * Confirming proves possession of the address: only now do status links exist, and this browser
 * (the one that confirmed) gets them in its cookie for exactly the requests just confirmed.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  try {
    const { email } = peekVerification(params.token ?? "", { now: now() });
    const limited = hitRateLimits(
      [
        { name: "verifyPerIp", key: clientAddress(context) },
        { name: "verifyPerEmail", key: email },
      ],
      now(),
    );
    if (!limited.ok)
      throw new Response("Too many attempts. Please try again later.", {
        status: 429,
        headers: { "Retry-After": String(limited.retryAfterSeconds) },
      });
    const { linkHashes, ...confirmed } = confirmEmail(params.token ?? "", { now: now() });
    const headers = linkHashes.length ? { "Set-Cookie": await rememberLinkHashes(request, linkHashes) } : undefined;
    return data({ ok: true as const, opened: linkHashes.length > 0, ...confirmed }, { headers });
  } catch (err) {
    if (err instanceof ServiceError && err.code === "expired") return { ok: false as const, expired: true };
    toHttpError(err);
  }
}

export default function Verify() {
  const info = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const locale = i18n.language === "fr-CA" ? "fr-CA" : "en";
  if (result?.ok) {
    return (
      <section aria-labelledby="verified-title">
        <h1 id="verified-title">{t("verify.doneTitle")}</h1>
        {result.alreadyConfirmed ? (
          <p className="notice" role="status">
            {t("verify.already")}
          </p>
        ) : (
          <p className="notice success" role="status">
            {t("verify.doneLede")}
          </p>
        )}
        {result.delivered.length > 0 ? (
          <ul>
            {result.delivered.map((d) => (
              <li key={d.reference}>
                {result.opened ? (
                  <Link className="mono" to={`/r/${d.reference}`}>
                    {d.reference}
                  </Link>
                ) : (
                  <span className="mono">{d.reference}</span>
                )}{" "}
                — {d.vendorName}:{" "}
                {d.statutory
                  ? t("verify.dueBy", { date: formatDay(d.respondBy, locale, "full") })
                  : t("verify.target", { date: formatDay(d.respondBy, locale, "full") })}
              </li>
            ))}
          </ul>
        ) : null}
        {result.queued.length > 0 ? (
          <>
            <p>{t("verify.queuedLede")}</p>
            <ul>
              {result.queued.map((q) => (
                <li key={q.reference}>
                  {result.opened ? (
                    <Link className="mono" to={`/r/${q.reference}`}>
                      {q.reference}
                    </Link>
                  ) : (
                    <span className="mono">{q.reference}</span>
                  )}{" "}
                  — {q.vendorName}: {t("verify.queuedBehind", { reference: q.behind })}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <p>{result.opened ? t("verify.openedHere") : t("verify.followLinks")}</p>
      </section>
    );
  }
  return (
    <section aria-labelledby="verify-title">
      <h1 id="verify-title">{t("verify.title")}</h1>
      {result && !result.ok ? (
        <p className="error-summary" role="alert">
          {t("verify.expired")}
        </p>
      ) : null}
      {info?.expired ? (
        <p className="error-summary" role="alert">
          {t("verify.expired")}
        </p>
      ) : info?.used ? (
        <p className="notice">{t("verify.already")}</p>
      ) : (
        <>
          <p className="lede">{t("verify.lede", { vendors: info?.vendorNames.join(", ") ?? "" })}</p>
          <p>{t("verify.clock")}</p>
          <Form method="post">
            <button type="submit">{t("verify.submit")}</button>
          </Form>
        </>
      )}
    </section>
  );
}
