import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "~/i18n-react";
import { DeadlineFacts, Explanation, Timeline } from "~/components/deadline";
import { ErrorSummary } from "~/components/form";
import { FormField } from "~/components/form-field";
import { requireVendorStaffSession } from "~/server/security/staff-sessions.server";
import { toHttpError } from "~/server/core/http.server";
import { detectLocale } from "~/server/core/locale.server";
import { clientAddress } from "~/server/security/rate-limit.server";
import { now } from "~/server/core/runtime.server";
import {
  answerRequest,
  answerRequestForm,
  assignToColleague,
  attachAnswerFiles,
  readVendorRequestForm,
  refuseRequestForm,
  removeAnswerFile,
} from "~/server/vendor/request-actions.server";
import { buildVendorRequestPage } from "~/server/vendor/request-page.server";
import { AcknowledgeForm, DenyForm, ExtendForm, PartialFulfilForm, RequestInfoForm } from "./answer-forms";
import { FulfilForm } from "./fulfil-form";
import { ResponseFileList } from "./response-file-list";

export const meta: MetaFunction = ({ params }) => [{ title: `${params.ref ?? ""} · Vendor workspace` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const staff = await requireVendorStaffSession(request);
  try {
    return buildVendorRequestPage(staff, params.ref ?? "", detectLocale(request), now());
  } catch (err) {
    toHttpError(err);
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const staff = await requireVendorStaffSession(request);
  const reference = params.ref ?? "";
  const form = await readVendorRequestForm(request);
  if ("refused" in form) return form.refused;
  const { input, values, uploads, stepUp } = form;
  const ctx = { staff, reference, at: now(), clientIp: clientAddress(context) };
  try {
    switch (input.intent) {
      case "remove_file":
        removeAnswerFile(ctx, input.removeFile);
        return answerRequestForm({ removed: true, values });
      case "attach_files":
        // Attached, the package not sent yet: the page comes back with what was typed.
        return answerRequestForm({ attached: await attachAnswerFiles(ctx, uploads), values });
      case "assign":
        assignToColleague(ctx, input.assignee);
        break;
      default: {
        const refused = await answerRequest(ctx, values, uploads, stepUp);
        if (refused) return refused;
      }
    }
  } catch (err) {
    return refuseRequestForm(err, input.intent, values);
  }
  throw redirect(`/vendor/requests/${encodeURIComponent(reference)}`);
}

export default function VendorRequest() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t, i18n } = useTranslation();
  const locale = i18n.language === "fr-CA" ? "fr-CA" : "en";
  const errors = (result && !result.ok ? result.errors : undefined) as Record<string, string> | undefined;
  // Typed values come back after a refusal and after attaching or removing a file.
  const values = (result?.values ?? {}) as Record<string, string>;
  const busy = navigation.state === "submitting";
  // After each answer (attached, refused, removed) the file chooser is emptied, so a refused
  // file is not silently sent again with the next button.
  const fileInput = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (fileInput.current) fileInput.current.value = "";
  }, [result]);
  const forms = { page: data, errors, values, busy };
  return (
    <article aria-labelledby="req-title">
      <h1 id="req-title">
        <span className="mono">{data.reference}</span> — {t(`types.${data.type}`)}
      </h1>
      <ErrorSummary
        errors={errors}
        labels={{
          reason: t("vendor.reason"),
          denialBasis: t("status.denialBasis"),
          file: t("responseFiles.fieldLabel"),
          stepUpPassword: t("login.password"),
          stepUpCode: t("vendor.stepUpCode"),
          form: "",
        }}
      />
      <dl className="facts">
        <dt>{t("status.status")}</dt>
        <dd>
          <strong>{t(`staffStatuses.${data.status}`)}</strong>
        </dd>
        <dt>{t("staff.jurisdiction")}</dt>
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
      {data.photos.length > 0 ? (
        <>
          <h2>{t("vendor.photosTitle")}</h2>
          <p className="hint">{t("vendor.photosHint")}</p>
          <ul>
            {data.photos.map((p) => (
              <li key={p.id}>
                <a href={`/vendor/requests/${data.reference}/photo/${p.id}`} target="_blank" rel="noreferrer">
                  {t("vendor.viewPhoto", { size: Math.round(p.size / 1024) })}
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {!data.closed ? (
        <Form method="post" className="period-form">
          <input type="hidden" name="intent" value="assign" />
          <FormField name="assignee" label={t("vendor.assignee")}>
            <select id="field-assignee" name="assignee" defaultValue={data.assigneeId ?? ""}>
              <option value="">{t("vendor.unassigned")}</option>
              {data.colleagues.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </FormField>
          <button type="submit" className="secondary">
            {t("vendor.assign")}
          </button>
        </Form>
      ) : null}
      <h2>{t("status.deadlineTitle")}</h2>
      {data.deadline ? (
        <>
          <DeadlineFacts d={data.deadline} closed={data.closed} locale={locale} />
          <Explanation d={data.deadline} />
        </>
      ) : (
        <p>{t("status.notDelivered")}</p>
      )}
      {data.closed && data.files.length > 0 ? (
        <>
          <h2>{t("responseFiles.title")}</h2>
          <ResponseFileList reference={data.reference} files={data.files} canRemove={false} busy={busy} />
        </>
      ) : null}
      {!data.closed ? <h2>{t("vendor.actions")}</h2> : null}
      <span id="field-form" />
      <div className="actions">
        {data.allowed.includes("acknowledge") ? <AcknowledgeForm {...forms} /> : null}
        {data.allowed.includes("fulfil") ? (
          <FulfilForm
            {...forms}
            fileInput={fileInput}
            files={{
              attached: result && result.ok && "attached" in result ? (result.attached ?? null) : null,
              removed: Boolean(result && result.ok && "removed" in result),
              rejectedName: result && !result.ok && "fileName" in result ? (result.fileName ?? null) : null,
            }}
          />
        ) : null}
        {data.allowed.includes("request_info") ? <RequestInfoForm {...forms} /> : null}
        {data.allowed.includes("extend") ? <ExtendForm {...forms} /> : null}
        {data.allowed.includes("partially_fulfil") ? <PartialFulfilForm {...forms} /> : null}
        {data.allowed.includes("deny") ? <DenyForm {...forms} /> : null}
      </div>
      {data.messages.length > 0 ? (
        <>
          <h2>{t("messages.title")}</h2>
          <ol className="timeline">
            {data.messages.map((m, i) => (
              <li key={i}>
                <time dateTime={new Date(m.at).toISOString()}>
                  {new Date(m.at).toISOString().slice(0, 16).replace("T", " ")} UTC
                </time>
                <strong>{m.author === "staff" ? t("messages.staff") : t("messages.resident")}</strong>
                <p className="pre-line">{m.body}</p>
              </li>
            ))}
          </ol>
        </>
      ) : null}
      <h2>{t("status.timeline")}</h2>
      <Timeline events={data.events} locale={locale} timeZone={data.deadline?.timeZone ?? "UTC"} />
    </article>
  );
}
