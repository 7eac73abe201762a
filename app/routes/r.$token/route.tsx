import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n-react";
import { DeadlineFacts, Explanation, Timeline, toDeadlineView, type DeadlineView } from "~/components/deadline";
import { describeJurisdiction } from "~/domain/deadlines";
import { isClosedStatus } from "~/domain/request-machine";
import { toHttpError } from "~/server/core/http.server";
import { detectLocale } from "~/server/core/locale.server";
import { buildEscalation } from "~/server/resident/case-file.server";
import { classifyResidentEmailReply, replyToVendor, withdrawRequest } from "~/server/resident/resident-actions.server";
import { listResidentPhotos, listResidentResponseFiles } from "~/server/resident/resident-answer.server";
import { exchangeStatusToken, REFERENCE_RE, revokeAllStatusLinks } from "~/server/resident/status-links.server";
import { getResidentView } from "~/server/resident/status-view.server";
import { listMessages } from "~/server/vendor/request-messages.server";
import { fieldErrors, residentReplySchema } from "~/domain/schemas";
import { FieldError } from "~/components/form";
import { ResponsePackageView } from "~/components/response-package";
import { allowedActions } from "~/domain/request-machine";
import { now } from "~/server/core/runtime.server";
import { formatDay } from "~/i18n";
import { denialBasisLabel } from "~/server/vendor/denial-labels.server";
import { getResponsePackage } from "~/server/vendor/response-packages.server";
import { getBounceAlternatives, listCaseMail } from "~/server/mail/case-mail.server";
import { isEmailReplyClass } from "~/domain/email-replies";
import { CaseMailList } from "~/components/case-mail";
import { BounceAlternativesView } from "~/components/bounce-alternatives";

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
    const view = await getResidentView(request, param, { now: now(), locale });
    const r = view.request;
    const d = view.deadline;
    return {
      reference: r.reference,
      vendorName: view.vendor.name,
      type: r.type,
      jurisdiction: describeJurisdiction(r.jurisdiction as never, locale),
      status: r.status,
      closed: isClosedStatus(r.status),
      canWithdraw: allowedActions(r.status).includes("withdraw"),
      photos: listResidentPhotos(r.id),
      responsePackage: getResponsePackage(r.id),
      // Only the files the answer sent (referenced by its package).
      responseFiles: listResidentResponseFiles(r.id).map((f) => ({
        id: f.id,
        name: f.name,
        contentType: f.contentType,
        size: f.size,
        sha256: f.sha256,
      })),
      awaitingResident: r.status === "awaiting_resident",
      messages: listMessages(r.id).map((m) => ({ author: m.author, body: m.body, at: m.created_at })),
      escalation: buildEscalation(view, { locale }),
      outcomeReason: r.outcome_reason,
      denialBasis: r.denial_basis ? denialBasisLabel(r.denial_basis, locale) : null,
      deadline: d ? (toDeadlineView(d) satisfies DeadlineView) : null,
      events: view.events.map((e) => ({ type: e.type, at: e.at, payload: publicPayload(e.payload, locale) })),
      caseMail: listCaseMail(r.id),
      letterUndeliverable: view.events.some((e) => e.type === "letter_undeliverable"),
      // Where else the resident can send the request once the letter bounced (null otherwise).
      bounceAlternatives: getBounceAlternatives(r.id),
    };
  } catch (err) {
    if (err instanceof Response) throw err;
    toHttpError(err);
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const reference = params.token ?? "";
  const form = await request.formData();
  const intent = form.get("intent");
  try {
    if (intent === "withdraw") await withdrawRequest(request, reference, { now: now() });
    else if (intent === "sign-out-everywhere") {
      const { setCookie } = await revokeAllStatusLinks(request, reference, { now: now() });
      throw redirect("/requests/find?signedOut=1", { headers: { "Set-Cookie": setCookie } });
    } else if (intent === "reply") {
      const parsed = residentReplySchema.safeParse({ intent, message: form.get("message") ?? undefined });
      if (!parsed.success)
        return data({ errors: fieldErrors(parsed.error), message: String(form.get("message") ?? "") }, { status: 400 });
      await replyToVendor(request, reference, parsed.data.message, { now: now() });
    } else if (intent === "classify-email") {
      const mailId = Number(form.get("mailId"));
      const reading = form.get("reading");
      if (!Number.isSafeInteger(mailId) || mailId <= 0 || !isEmailReplyClass(reading))
        throw new Response("Bad request", { status: 400 });
      await classifyResidentEmailReply(request, reference, mailId, reading, { now: now() });
    } else throw new Response("Bad request", { status: 400 });
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

/** Only what the resident should see of an event's payload. */
function publicPayload(raw: string, locale: "en" | "fr-CA"): Record<string, unknown> {
  const p = JSON.parse(raw) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  if (typeof p.reason === "string") out.reason = p.reason;
  if (typeof p.denialBasis === "string") out.denialBasisLabel = denialBasisLabel(p.denialBasis, locale);
  return out;
}

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
      {data.messages.length > 0 || data.awaitingResident ? (
        <section aria-labelledby="messages-title">
          <h2 id="messages-title">{t("messages.title")}</h2>
          <ol className="timeline">
            {data.messages.map((m, i) => (
              <li key={i}>
                <time dateTime={new Date(m.at).toISOString()}>
                  {new Date(m.at).toISOString().slice(0, 16).replace("T", " ")} UTC
                </time>
                <strong>{m.author === "staff" ? data.vendorName : t("messages.you")}</strong>
                <p className="pre-line">{m.body}</p>
              </li>
            ))}
          </ol>
          {data.awaitingResident ? (
            <Form method="post">
              <input type="hidden" name="intent" value="reply" />
              <div className={`field${replyResult?.errors?.message ? " has-error" : ""}`}>
                <label htmlFor="field-message">{t("messages.reply")}</label>
                <span className="hint" id="hint-message">
                  {t("messages.replyHint")}
                </span>
                <FieldError name="message" errors={replyResult?.errors} />
                <textarea
                  id="field-message"
                  name="message"
                  defaultValue={replyResult?.message ?? ""}
                  aria-describedby="hint-message"
                />
              </div>
              <button type="submit">{t("messages.send")}</button>
            </Form>
          ) : null}
        </section>
      ) : null}
      {data.escalation ? (
        <section aria-labelledby="escalate-title" className="notice">
          <h2 id="escalate-title">{t("escalate.title")}</h2>
          <p>{t(`escalate.${data.escalation.reason}`)}</p>
          {data.escalation.regulator ? (
            <>
              <p>
                {t("escalate.regulator")}{" "}
                {data.escalation.url ? (
                  <a href={data.escalation.url}>{data.escalation.regulator}</a>
                ) : (
                  <strong>{data.escalation.regulator}</strong>
                )}
              </p>
              {data.escalation.windowText ? (
                <p>
                  {data.escalation.windowText}
                  {data.escalation.deadline ? (
                    <strong>
                      {" "}
                      {t("escalate.deadline", { date: formatDay(data.escalation.deadline, locale, "full") })}
                    </strong>
                  ) : null}
                </p>
              ) : null}
            </>
          ) : (
            <p>{data.escalation.privateAction ?? t("escalate.noRegulator")}</p>
          )}
          <label htmlFor="complaint-text">{t("escalate.letter")}</label>
          <textarea
            id="complaint-text"
            readOnly
            rows={12}
            defaultValue={data.escalation.letter}
            className="complaint"
          />
        </section>
      ) : null}
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
