import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data as json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n-react";
import { Timeline } from "~/components/deadline";
import { FieldError } from "~/components/form";
import { REVEAL_PURPOSES } from "~/domain/reveal-purposes";
import { fieldErrors, revealSchema } from "~/domain/schemas";
import { formatDay } from "~/i18n";
import { requireRegulator } from "~/server/security/staff-sessions.server";
import { toHttpError } from "~/server/core/http.server";
import { getCase, revealResident } from "~/server/regulator/cases.server";
import { now } from "~/server/core/runtime.server";
import { getBounceAlternatives, listCaseMail } from "~/server/mail/case-mail.server";
import { CaseMailList } from "~/components/case-mail";
import { BounceAlternativesView } from "~/components/bounce-alternatives";

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
      // Codes and numbers only: the free text of events stays with the resident and the company.
      events: c.events.map((e) => ({ type: e.type, at: e.at, payload: countsOf(e.payload) })),
      // What an email-only company wrote back, with what was verified about the sender.
      caseMail: listCaseMail(r.id),
      // After a bounce: the addresses the resident was offered instead.
      bounceAlternatives: getBounceAlternatives(r.id),
    };
  } catch (err) {
    toHttpError(err);
  }
}

/** The numbers of an event the regulator may read (copies a crawl kept out). */
function countsOf(raw: string): { copies?: number } {
  const p = JSON.parse(raw) as { copies?: unknown };
  return typeof p.copies === "number" ? { copies: p.copies } : {};
}

export async function action({ request, params }: ActionFunctionArgs) {
  const regulator = await requireRegulator(request);
  const form = await request.formData();
  const values = { purpose: String(form.get("purpose") ?? ""), fileNumber: String(form.get("fileNumber") ?? "") };
  const parsed = revealSchema.safeParse(values);
  if (!parsed.success) return json({ revealed: null, errors: fieldErrors(parsed.error), values }, { status: 400 });
  try {
    return {
      revealed: revealResident(regulator, params.ref ?? "", parsed.data, now()),
      errors: {} as Record<string, string>,
      values,
    };
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
        <dd>
          {result?.revealed
            ? `${result.revealed.fullName} <${result.revealed.email}>`
            : `${c.resident.initials} (${c.resident.email})`}
        </dd>
      </dl>
      {!result?.revealed ? (
        <Form method="post">
          <p className="hint">{t("cases.revealHint")}</p>
          <div className={`field${result?.errors?.purpose ? " has-error" : ""}`}>
            <label htmlFor="field-purpose">{t("cases.revealPurpose")}</label>
            <FieldError name="purpose" errors={result?.errors} />
            <select
              id="field-purpose"
              name="purpose"
              defaultValue={result?.values?.purpose ?? ""}
              aria-invalid={result?.errors?.purpose ? true : undefined}
            >
              <option value="">{t("cases.choosePurpose")}</option>
              {REVEAL_PURPOSES.map((p) => (
                <option key={p} value={p}>
                  {t(`cases.purposes.${p}`)}
                </option>
              ))}
            </select>
          </div>
          <div className={`field${result?.errors?.fileNumber ? " has-error" : ""}`}>
            <label htmlFor="field-fileNumber">{t("cases.fileNumber")}</label>
            <span className="hint" id="hint-fileNumber">
              {t("cases.fileNumberHint")}
            </span>
            <FieldError name="fileNumber" errors={result?.errors} />
            <input
              id="field-fileNumber"
              name="fileNumber"
              type="text"
              maxLength={40}
              defaultValue={result?.values?.fileNumber ?? ""}
              aria-describedby="hint-fileNumber"
              aria-invalid={result?.errors?.fileNumber ? true : undefined}
            />
          </div>
          <button type="submit">{t("cases.reveal")}</button>
        </Form>
      ) : null}
      {c.bounceAlternatives ? <BounceAlternativesView alt={c.bounceAlternatives} audience="regulator" /> : null}
      <CaseMailList items={c.caseMail} />
      <h2>{t("status.timeline")}</h2>
      <Timeline events={c.events} locale={locale} timeZone="UTC" />
    </article>
  );
}
