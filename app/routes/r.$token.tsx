import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DeadlineFacts, Explanation, Timeline, toDeadlineView, type DeadlineView } from "~/components/deadline";
import { describeJurisdiction } from "~/domain/deadlines";
import { isClosedStatus } from "~/domain/request-machine";
import { toHttpError } from "~/server/http.server";
import { detectLocale } from "~/server/locale.server";
import { getStatusByToken } from "~/server/requests.server";
import { now } from "~/server/runtime.server";
import { denialBasisLabel } from "~/server/vendor-access.server";

export const meta: MetaFunction = () => [{ title: "Request status · État de la demande" }, { name: "robots", content: "noindex" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = detectLocale(request);
  try {
    const view = getStatusByToken(params.token ?? "", { now: now(), locale });
    const r = view.request;
    const d = view.deadline;
    return {
      reference: r.reference,
      vendorName: view.vendor.name,
      type: r.type,
      jurisdiction: describeJurisdiction(r.jurisdiction as never, locale),
      status: r.status,
      closed: isClosedStatus(r.status),
      outcomeReason: r.outcome_reason,
      denialBasis: r.denial_basis ? denialBasisLabel(r.denial_basis, locale) : null,
      deadline: d ? (toDeadlineView(d) satisfies DeadlineView) : null,
      events: view.events.map((e) => ({ type: e.type, at: e.at, payload: publicPayload(e.payload, locale) })),
    };
  } catch (err) {
    toHttpError(err);
  }
}

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
      <h2>{t("status.timeline")}</h2>
      <Timeline events={data.events} locale={locale} timeZone={data.deadline?.timeZone ?? "UTC"} />
    </article>
  );
}
