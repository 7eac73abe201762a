import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DeadlineFacts, Explanation, Timeline, toDeadlineView } from "~/components/deadline";
import { ErrorSummary, FieldError } from "~/components/form";
import { describeJurisdiction } from "~/domain/deadlines";
import { allowedActions, isClosedStatus } from "~/domain/request-machine";
import { DENIAL_BASES, fieldErrors, staffActionSchema } from "~/domain/schemas";
import { requireVendorStaff } from "~/server/auth.server";
import { ServiceError } from "~/server/errors.server";
import { formValues, invalidForm, toHttpError } from "~/server/http.server";
import { detectLocale } from "~/server/locale.server";
import { now } from "~/server/runtime.server";
import { denialBasisLabel, forVendor } from "~/server/vendor-access.server";

export const meta: MetaFunction = ({ params }) => [{ title: `${params.ref ?? ""} · Vendor workspace` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const staff = await requireVendorStaff(request);
  const locale = detectLocale(request);
  try {
    const view = forVendor(staff).getRequest(params.ref ?? "", { now: now(), locale });
    const r = view.request;
    return {
      reference: r.reference,
      type: r.type,
      status: r.status,
      closed: isClosedStatus(r.status),
      jurisdiction: describeJurisdiction(r.jurisdiction as never, locale),
      resident: view.resident,
      outcomeReason: r.outcome_reason,
      denialBasis: r.denial_basis ? denialBasisLabel(r.denial_basis, locale) : null,
      allowed: allowedActions(r.status),
      deadline: view.deadline ? toDeadlineView(view.deadline) : null,
      denialBases: DENIAL_BASES.map((b) => ({ value: b, label: denialBasisLabel(b, locale) })),
      events: view.events.map((e) => {
        const p = JSON.parse(e.payload) as Record<string, unknown>;
        return {
          type: e.type,
          at: e.at,
          payload: {
            ...(typeof p.reason === "string" ? { reason: p.reason } : {}),
            ...(typeof p.denialBasis === "string" ? { denialBasisLabel: denialBasisLabel(p.denialBasis, locale) } : {}),
          },
        };
      }),
    };
  } catch (err) {
    toHttpError(err);
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const staff = await requireVendorStaff(request);
  const form = await request.formData();
  const values = formValues(form);
  const parsed = staffActionSchema.safeParse(values);
  if (!parsed.success) return invalidForm(fieldErrors(parsed.error), values);
  try {
    forVendor(staff).act(params.ref ?? "", parsed.data, now());
  } catch (err) {
    if (err instanceof ServiceError && err.status === 409) return invalidForm({ form: "errors.notAllowedNow" }, values, 409);
    toHttpError(err);
  }
  throw redirect(`/vendor/requests/${encodeURIComponent(params.ref ?? "")}`);
}

export default function VendorRequest() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t, i18n } = useTranslation();
  const locale = i18n.language === "fr-CA" ? "fr-CA" : "en";
  const errors = result && !result.ok ? result.errors : undefined;
  const values = (result && !result.ok ? result.values : {}) as Record<string, string>;
  const busy = navigation.state === "submitting";
  return (
    <article aria-labelledby="req-title">
      <h1 id="req-title">
        <span className="mono">{data.reference}</span> — {t(`types.${data.type}`)}
      </h1>
      <ErrorSummary errors={errors} labels={{ reason: t("vendor.reason"), denialBasis: t("status.denialBasis"), form: "" }} />
      <dl className="facts">
        <dt>{t("status.status")}</dt>
        <dd>
          <strong>{t(`statuses.${data.status}`)}</strong>
        </dd>
        <dt>{t("file.jurisdiction")}</dt>
        <dd>
          {data.jurisdiction.name} — {data.jurisdiction.regime}
        </dd>
        <dt>{t("file.fullName")}</dt>
        <dd>{data.resident.fullName}</dd>
        <dt>{t("file.email")}</dt>
        <dd>{data.resident.email}</dd>
        {data.denialBasis ? (
          <>
            <dt>{t("status.denialBasis")}</dt>
            <dd>{data.denialBasis}</dd>
          </>
        ) : null}
        {data.outcomeReason ? (
          <>
            <dt>{t("vendor.reason")}</dt>
            <dd>{data.outcomeReason}</dd>
          </>
        ) : null}
      </dl>
      <h2>{t("status.deadlineTitle")}</h2>
      {data.deadline ? (
        <>
          <DeadlineFacts d={data.deadline} closed={data.closed} locale={locale} />
          <Explanation d={data.deadline} />
        </>
      ) : (
        <p>{t("status.notDelivered")}</p>
      )}
      {!data.closed ? <h2>{t("vendor.actions")}</h2> : null}
      <span id="field-form" />
      <div className="actions">
        {data.allowed.includes("acknowledge") ? (
          <Form method="post">
            <h3>{t("vendor.acknowledgeTitle")}</h3>
            <p>{t("vendor.acknowledgeHint")}</p>
            <input type="hidden" name="intent" value="acknowledge" />
            <button type="submit" disabled={busy}>
              {t("vendor.acknowledge")}
            </button>
          </Form>
        ) : null}
        {data.allowed.includes("fulfil") ? (
          <Form method="post">
            <h3>{t("vendor.fulfilTitle")}</h3>
            <input type="hidden" name="intent" value="fulfil" />
            <div className={`field${errors?.reason && values.intent === "fulfil" ? " has-error" : ""}`}>
              <label htmlFor="field-reason">{t("vendor.fulfilNote")}</label>
              {values.intent === "fulfil" ? <FieldError name="reason" errors={errors} /> : null}
              <textarea id="field-reason" name="reason" defaultValue={values.intent === "fulfil" ? values.reason : ""} />
            </div>
            <button type="submit" disabled={busy}>
              {t("vendor.fulfil")}
            </button>
          </Form>
        ) : null}
        {data.allowed.includes("deny") ? (
          <Form method="post">
            <h3>{t("vendor.denyTitle")}</h3>
            <input type="hidden" name="intent" value="deny" />
            <div className={`field${errors?.denialBasis ? " has-error" : ""}`}>
              <label htmlFor="field-denialBasis">{t("status.denialBasis")}</label>
              <FieldError name="denialBasis" errors={errors} />
              <select id="field-denialBasis" name="denialBasis" defaultValue={values.denialBasis ?? ""}>
                <option value="">{t("vendor.chooseBasis")}</option>
                {data.denialBases.map((b) => (
                  <option key={b.value} value={b.value}>
                    {b.label}
                  </option>
                ))}
              </select>
            </div>
            <div className={`field${errors?.reason && values.intent === "deny" ? " has-error" : ""}`}>
              <label htmlFor="field-deny-reason">{t("vendor.denyExplanation")}</label>
              <span className="hint">{t("vendor.shownToResident")}</span>
              {values.intent === "deny" ? <FieldError name="reason" errors={errors} /> : null}
              <textarea id="field-deny-reason" name="reason" defaultValue={values.intent === "deny" ? values.reason : ""} />
            </div>
            <button type="submit" className="danger" disabled={busy}>
              {t("vendor.deny")}
            </button>
          </Form>
        ) : null}
      </div>
      <h2>{t("status.timeline")}</h2>
      <Timeline events={data.events} locale={locale} timeZone={data.deadline?.timeZone ?? "UTC"} />
    </article>
  );
}
