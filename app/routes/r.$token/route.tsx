import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n-react";
import { DeadlineFacts, Explanation, Timeline } from "~/components/deadline";
import { toHttpError } from "~/server/core/http.server";
import { detectLocale } from "~/server/core/locale.server";
import { now } from "~/server/core/runtime.server";
import { classifyResidentEmailReply, withdrawRequest } from "~/server/resident/resident-actions.server";
import { exchangeStatusToken, REFERENCE_RE } from "~/server/resident/status-links.server";
import { readStatusForm, sendReply, signOutEverywhere } from "~/server/resident/status-page-actions.server";
import { buildStatusPage } from "~/server/resident/status-page.server";
import { ResponsePackageView } from "~/components/response-package";
import { CaseMailList } from "~/components/case-mail";
import { BounceAlternativesView } from "~/components/bounce-alternatives";
import { EscalationSection } from "./escalation-section";
import { MessagesSection } from "./messages-section";

export const meta: MetaFunction = () => [
  { title: "Request status · État de la demande" },
  { name: "robots", content: "noindex" },
];

/**
 * `/r/<token>` (from an email or the confirmation page) is exchanged for a cookie and
 * redirected to `/r/<reference>`, so the secret leaves the address bar; `/r/<reference>` reads
 * the request if this browser holds a link to it.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = detectLocale(request);
  const param = params.token ?? "";
  try {
    if (!REFERENCE_RE.test(param)) {
      const { location, setCookie } = await exchangeStatusToken(request, param);
      throw redirect(location, { headers: { "Set-Cookie": setCookie, "Cache-Control": "no-store" } });
    }
    return await buildStatusPage(request, param, locale, now());
  } catch (err) {
    if (err instanceof Response) throw err;
    toHttpError(err);
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const reference = params.token ?? "";
  const input = await readStatusForm(request);
  const at = now();
  try {
    switch (input.intent) {
      case "withdraw":
        await withdrawRequest(request, reference, { now: at });
        break;
      case "sign-out-everywhere":
        throw redirect("/requests/find?signedOut=1", {
          headers: { "Set-Cookie": await signOutEverywhere(request, reference, at) },
        });
      case "reply": {
        const refused = await sendReply(request, reference, input.message, at);
        if (refused) return refused;
        break;
      }
      case "classify-email":
        await classifyResidentEmailReply(request, reference, input.mailId, input.reading, { now: at });
        break;
    }
  } catch (err) {
    if (err instanceof Response) throw err;
    toHttpError(err);
  }
  throw redirect(`/r/${reference}`);
}

const FILE_KIND: Record<string, string> = {
  "application/pdf": "pdf",
  "image/png": "png",
  "image/jpeg": "jpeg",
  "text/csv": "csv",
  "application/json": "json",
  "text/plain": "txt",
};

export default function RequestStatus() {
  const data = useLoaderData<typeof loader>();
  const replyResult = useActionData<typeof action>() as { errors: Record<string, string>; message: string } | undefined;
  const { t, i18n } = useTranslation();
  const locale = i18n.language === "fr-CA" ? "fr-CA" : "en";
  return (
    <article aria-labelledby="status-title">
      <h1 id="status-title">
        {t("status.title")} <span className="mono">{data.reference}</span>
      </h1>
      <dl className="facts">
        <dt>{t("file.vendor")}</dt>
        <dd>{data.vendorName}</dd>
        <dt>{t("file.type")}</dt>
        <dd>{t(`types.${data.type}`)}</dd>
        <dt>{t("file.jurisdiction")}</dt>
        <dd>
          {data.jurisdiction.name} — {data.jurisdiction.regime}
        </dd>
        <dt>{t("status.status")}</dt>
        <dd>
          <strong>{t(`statuses.${data.status}`)}</strong>
        </dd>
        {data.denialBasis ? (
          <>
            <dt>{t("status.denialBasis")}</dt>
            <dd>{data.denialBasis}</dd>
          </>
        ) : null}
        {data.outcomeReason ? (
          <>
            <dt>{t("status.vendorAnswer")}</dt>
            <dd>{data.outcomeReason}</dd>
          </>
        ) : null}
      </dl>
      <h2>{t("status.deadlineTitle")}</h2>
      {data.deadline ? (
        <>
          <p>{t("status.clockNote")}</p>
          <DeadlineFacts d={data.deadline} closed={data.closed} locale={locale} />
          <Explanation d={data.deadline} />
        </>
      ) : (
        <p>{t("status.notDelivered")}</p>
      )}
      {data.letterUndeliverable ? (
        <div className="notice" role="status">
          <p>{t("caseMail.undeliverableHint")}</p>
          {data.bounceAlternatives ? (
            <BounceAlternativesView alt={data.bounceAlternatives} audience="resident" />
          ) : null}
        </div>
      ) : null}
      <CaseMailList
        items={data.caseMail}
        fileHref={(id) => `/r/${data.reference}/mail-files/${id}`}
        canClassify={!data.closed}
      />
      {data.responsePackage ? (
        <ResponsePackageView
          pkg={data.responsePackage}
          locale={locale}
          downloadHref={`/r/${data.reference}/package.json`}
        />
      ) : null}
      {data.responseFiles.length > 0 ? (
        <section aria-labelledby="response-files-title">
          <h2 id="response-files-title">{t("responseFiles.residentTitle")}</h2>
          <p>{t("responseFiles.residentHint")}</p>
          <ul>
            {data.responseFiles.map((f) => (
              <li key={f.id}>
                <a href={`/r/${data.reference}/files/${f.id}`} download={f.name}>
                  {f.name}
                </a>{" "}
                ({t(`responseFiles.kinds.${FILE_KIND[f.contentType] ?? "txt"}`)},{" "}
                {t("responseFiles.sizeKb", { size: Math.max(1, Math.round(f.size / 1024)) })}){" "}
                <span className="mono">SHA-256 {f.sha256}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {data.messages.length > 0 || data.awaitingResident ? <MessagesSection page={data} reply={replyResult} /> : null}
      {data.escalation ? <EscalationSection escalation={data.escalation} locale={locale} /> : null}
      <h2>{t("status.timeline")}</h2>
      <Timeline events={data.events} locale={locale} timeZone={data.deadline?.timeZone ?? "UTC"} />
      {data.photos.length > 0 ? (
        <>
          <h2>{t("status.photoTitle")}</h2>
          <ul>
            {data.photos.map((p) => (
              <li key={p.sha256}>
                {p.destroyedAt
                  ? t("status.photoDestroyed", {
                      at: new Date(p.destroyedAt).toISOString().replace("T", " ").slice(0, 16) + " UTC",
                    })
                  : t("status.photoKept")}{" "}
                <span className="mono">SHA-256 {p.sha256}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>{t("status.caseFileTitle")}</h2>
      <p>{t("status.caseFileLede")}</p>
      <ul>
        <li>
          <a href={`/r/${data.reference}/case-file`}>{t("status.caseFileHtml")}</a>
        </li>
        <li>
          <a href={`/r/${data.reference}/case-file.json`} download={`${data.reference}-case-file.json`}>
            {t("status.caseFileJson")}
          </a>
        </li>
      </ul>
      {data.canWithdraw ? (
        <>
          <h2>{t("status.withdrawTitle")}</h2>
          <Form method="post">
            <p>{t("status.withdrawLede")}</p>
            <input type="hidden" name="intent" value="withdraw" />
            <button type="submit" className="danger">
              {t("status.withdraw")}
            </button>
          </Form>
        </>
      ) : null}
      <h2>{t("status.signOutTitle")}</h2>
      <Form method="post">
        <p>{t("status.signOutLede")}</p>
        <input type="hidden" name="intent" value="sign-out-everywhere" />
        <button type="submit" className="secondary">
          {t("status.signOut")}
        </button>
      </Form>
    </article>
  );
}
