import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data as json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n-react";
import { Timeline } from "~/components/deadline";
import { FieldError } from "~/components/form";
import { reasonField } from "~/domain/schemas";
import { formatDay } from "~/i18n";
import { requireRegulator } from "~/server/auth.server";
import { toHttpError } from "~/server/http.server";
import { getCase, revealResident } from "~/server/regulator-cases.server";
import { now } from "~/server/runtime.server";

export const meta: MetaFunction = ({ params }) => [{ title: `${params.ref ?? ""} · Case / Dossier` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const regulator = await requireRegulator(request);
  try {
    const c = getCase(regulator, params.ref ?? "", now());
    const r = c.request;
    return {
      reference: r.reference,
      vendorName: c.vendorName,
      type: r.type,
      jurisdiction: r.jurisdiction,
      status: r.status,
      rule: `${r.rule_id} v${r.rule_version}`,
      receivedAt: r.received_at,
      originalRespondBy: r.original_respond_by,
      respondBy: r.respond_by,
      extendedTo: r.extended_to,
      outcome: r.outcome,
      denialBasis: r.denial_basis,
      resident: c.resident,
      events: c.events.map((e) => ({ type: e.type, at: e.at, payload: {} })),
    };
  } catch (err) {
    toHttpError(err);
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const regulator = await requireRegulator(request);
  const form = await request.formData();
  const parsed = reasonField.safeParse(form.get("reason") ?? undefined);
  if (!parsed.success) return json({ revealed: null, errors: { reason: "errors.revealReason" } }, { status: 400 });
  try {
    return { revealed: revealResident(regulator, params.ref ?? "", parsed.data, now()), errors: {} as Record<string, string> };
  } catch (err) {
    toHttpError(err);
  }
}

export default function RegulatorCase() {
  const c = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const locale = i18n.language === "fr-CA" ? "fr-CA" : "en";
  return (
    <article aria-labelledby="case-title">
      <h1 id="case-title">
        <span className="mono">{c.reference}</span> — {c.vendorName}
      </h1>
      <dl className="facts">
        <dt>{t("staff.type")}</dt>
        <dd>{t(`types.${c.type}`)}</dd>
        <dt>{t("staff.jurisdiction")}</dt>
        <dd>{c.jurisdiction}</dd>
        <dt>{t("cases.rule")}</dt>
        <dd className="mono">{c.rule}</dd>
        <dt>{t("status.status")}</dt>
        <dd>{t(`staffStatuses.${c.status}`)}</dd>
        <dt>{t("status.originalDeadline")}</dt>
        <dd>{formatDay(c.originalRespondBy, locale, "full")}</dd>
        {c.extendedTo ? (
          <>
            <dt>{t("status.extendedTo")}</dt>
            <dd>{formatDay(c.extendedTo, locale, "full")}</dd>
          </>
        ) : null}
        <dt>{t("cases.resident")}</dt>
        <dd>{result?.revealed ? `${result.revealed.fullName} <${result.revealed.email}>` : `${c.resident.initials} (${c.resident.email})`}</dd>
      </dl>
      {!result?.revealed ? (
        <Form method="post">
          <div className={`field${result?.errors?.reason ? " has-error" : ""}`}>
            <label htmlFor="field-reason">{t("cases.revealReason")}</label>
            <span className="hint">{t("cases.revealHint")}</span>
            <FieldError name="reason" errors={result?.errors} />
            <textarea id="field-reason" name="reason" />
          </div>
          <button type="submit">{t("cases.reveal")}</button>
        </Form>
      ) : null}
      <h2>{t("status.timeline")}</h2>
      <Timeline events={c.events} locale={locale} timeZone="UTC" />
    </article>
  );
}
