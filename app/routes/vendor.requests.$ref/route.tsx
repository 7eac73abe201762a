import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "~/i18n-react";
import { DeadlineFacts, Explanation, Timeline, toDeadlineView } from "~/components/deadline";
import { ErrorSummary, FieldError } from "~/components/form";
import { describeJurisdiction } from "~/domain/deadlines";
import { allowedActions, DELIVERED_OPEN_STATUSES, isClosedStatus } from "~/domain/request-machine";
import { DENIAL_BASES, fieldErrors, staffActionSchema } from "~/domain/schemas";
import { isReauthFresh, requireVendorStaffSession } from "~/server/security/staff-sessions.server";
import { ServiceError } from "~/server/core/errors.server";
import { formValues, invalidForm, toHttpError } from "~/server/core/http.server";
import { detectLocale } from "~/server/core/locale.server";
import { clientAddress } from "~/server/security/rate-limit.server";
import { now } from "~/server/core/runtime.server";
import { confirmStepUp } from "~/server/security/two-factor.server";
import {
  readResponseFileForm,
  ResponseFileRejectedError,
  RESPONSE_FILE_LIMITS,
} from "~/server/vendor/response-files.server";
import { denialBasisLabel, forVendor, listMessages } from "~/server/vendor/vendor-access.server";

export const meta: MetaFunction = ({ params }) => [{ title: `${params.ref ?? ""} · Vendor workspace` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user: staff, session } = await requireVendorStaffSession(request);
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
      canExtend: Boolean(view.deadline?.extension) && !view.deadline?.extendedTo,
      // Why the extend form is absent, when the state would allow it: the staff member is told.
      noExtensionReason: !view.deadline?.extension
        ? "errors.extension_not_allowed"
        : view.deadline?.extendedTo
          ? "errors.extension_already_used"
          : null,
      // A recent step-up (password + code) means the deletion form needs no second confirmation.
      stepUpFresh: isReauthFresh(session, now()),
      photos: forVendor(staff).listPhotos(r.reference, now()),
      // Files go with an access answer; they can change only until it is sent.
      files:
        r.type === "access"
          ? forVendor(staff)
              .listResponseFiles(r.reference, now())
              .map((f) => ({ ...f, sha256: f.sha256.slice(0, 12) }))
          : [],
      canAttach: r.type === "access" && (DELIVERED_OPEN_STATUSES as readonly string[]).includes(r.status),
      fileLimits: {
        maxFileMb: RESPONSE_FILE_LIMITS.maxFileBytes / 1024 / 1024,
        maxFiles: RESPONSE_FILE_LIMITS.maxFiles,
        maxTotalMb: RESPONSE_FILE_LIMITS.maxTotalBytes / 1024 / 1024,
      },
      colleagues: forVendor(staff).listColleagues(),
      assigneeId: r.assignee_user_id,
      messages: listMessages(r.id).map((m) => ({ author: m.author, body: m.body, at: m.created_at })),
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

export async function action({ request, params, context }: ActionFunctionArgs) {
  const staffSession = await requireVendorStaffSession(request);
  const staff = staffSession.user;
  const reference = params.ref ?? "";
  let read: Awaited<ReturnType<typeof readResponseFileForm>>;
  try {
    // The access answer form is multipart (files); the others are plain forms.
    read = await readResponseFileForm(request);
  } catch (err) {
    if (err instanceof ResponseFileRejectedError) return invalidForm({ file: err.messageKey }, {}, err.status);
    throw err;
  }
  // The step-up secrets are read once and never echoed back into the form.
  const { stepUpPassword, stepUpCode, ...values } = formValues(read.form);
  if (values.removeFile) {
    try {
      forVendor(staff).removeResponseFile(reference, Number(values.removeFile), now());
    } catch (err) {
      if (err instanceof ServiceError && err.status === 409)
        return invalidForm({ form: "errors.notAllowedNow" }, values, 409);
      toHttpError(err);
    }
    return data({ ok: true as const, removed: true, values });
  }
  if (values.intent === "attach_files" || (values.intent === "fulfil" && read.uploads.length > 0)) {
    try {
      const attached = await forVendor(staff).attachResponseFiles(reference, read.uploads, now());
      // Attached, the package not sent yet: the page comes back with what was typed.
      if (values.intent === "attach_files") return data({ ok: true as const, attached: attached.length, values });
    } catch (err) {
      if (err instanceof ResponseFileRejectedError)
        return data(
          { ok: false as const, errors: { file: err.messageKey }, values, fileName: err.fileName },
          { status: err.status },
        );
      if (err instanceof ServiceError && err.status === 409)
        return invalidForm({ form: "errors.notAllowedNow" }, values, 409);
      toHttpError(err);
    }
  }
  if (values.intent === "assign") {
    const id = values.assignee === "" || values.assignee === undefined ? null : Number(values.assignee);
    try {
      forVendor(staff).assign(params.ref ?? "", Number.isInteger(id) ? id : null, now());
    } catch (err) {
      if (err instanceof ServiceError && err.status === 400) return invalidForm(err.fields, values, 400);
      toHttpError(err);
    }
    throw redirect(`/vendor/requests/${encodeURIComponent(params.ref ?? "")}`);
  }
  const parsed = staffActionSchema.safeParse(values);
  if (!parsed.success) return invalidForm(fieldErrors(parsed.error), values);
  try {
    if (parsed.data.intent === "fulfil" && forVendor(staff).requestType(reference, now()) === "deletion") {
      const step = await confirmStepUp(
        staffSession,
        { password: stepUpPassword, code: stepUpCode },
        { clientIp: clientAddress(context), now: now() },
      );
      if (!step.ok) {
        return data(
          { ok: false as const, errors: step.errors, values },
          {
            status: step.status,
            headers: step.retryAfterSeconds ? { "Retry-After": String(step.retryAfterSeconds) } : undefined,
          },
        );
      }
    }
    forVendor(staff).act(params.ref ?? "", parsed.data, now());
  } catch (err) {
    if (err instanceof ServiceError && err.status === 400 && Object.keys(err.fields).length > 0)
      return invalidForm(err.fields, values, 400);
    if (err instanceof ServiceError && err.status === 409) {
      const key = ["extension_not_allowed", "extension_already_used", "extension_notice_late"].includes(err.code)
        ? `errors.${err.code}`
        : "errors.notAllowedNow";
      return invalidForm({ form: key }, values, 409);
    }
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
  const errors = (result && !result.ok ? result.errors : undefined) as Record<string, string> | undefined;
  // Typed values come back after a refusal and after attaching or removing a file.
  const values = (result?.values ?? {}) as Record<string, string>;
  const fileError = result && !result.ok && "fileName" in result ? result.fileName : null;
  const busy = navigation.state === "submitting";
  // After each answer (attached, refused, removed) the file chooser is emptied, so a refused
  // file is not silently sent again with the next button.
  const fileInput = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (fileInput.current) fileInput.current.value = "";
  }, [result]);
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
          <div className="field">
            <label htmlFor="field-assignee">{t("vendor.assignee")}</label>
            <select id="field-assignee" name="assignee" defaultValue={data.assigneeId ?? ""}>
              <option value="">{t("vendor.unassigned")}</option>
              {data.colleagues.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
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
          <ResponseFileTable reference={data.reference} files={data.files} canRemove={false} busy={busy} />
        </>
      ) : null}
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
          <Form method="post" encType={data.type === "access" ? "multipart/form-data" : undefined}>
            <h3>{t("vendor.fulfilTitle")}</h3>
            {data.type !== "access" ? <input type="hidden" name="intent" value="fulfil" /> : null}
            {data.type === "access" ? (
              <fieldset>
                <legend>{t("package.accessLegend")}</legend>
                <p className="hint">{t("package.linesHint")}</p>
                {(["images", "templates", "searches", "disclosures"] as const).map((name) => (
                  <div key={name} className={`field${errors?.[name] ? " has-error" : ""}`}>
                    <label htmlFor={`field-${name}`}>{t(`package.${name}`)}</label>
                    <span className="hint">{t(`package.${name}Format`)}</span>
                    <FieldError name={name} errors={errors} />
                    <textarea id={`field-${name}`} name={name} defaultValue={values[name] ?? ""} />
                  </div>
                ))}
              </fieldset>
            ) : null}
            {data.type === "access" ? (
              <fieldset>
                <legend>{t("responseFiles.title")}</legend>
                <p className="hint" id="hint-file">
                  {t("responseFiles.hint", data.fileLimits)}
                </p>
                <ResponseFileTable
                  reference={data.reference}
                  files={data.files}
                  canRemove={data.canAttach}
                  busy={busy}
                />
                {result && result.ok && "attached" in result ? (
                  <p role="status">{t("responseFiles.attached", { count: result.attached })}</p>
                ) : null}
                {result && result.ok && "removed" in result ? <p role="status">{t("responseFiles.removed")}</p> : null}
                <div className={`field${errors?.file ? " has-error" : ""}`}>
                  <label htmlFor="field-file">{t("responseFiles.fieldLabel")}</label>
                  <FieldError name="file" errors={errors} />
                  {fileError ? (
                    <span className="field-error">{t("responseFiles.fileConcerned", { name: fileError })}</span>
                  ) : null}
                  <input
                    id="field-file"
                    ref={fileInput}
                    name="file"
                    type="file"
                    multiple
                    accept=".pdf,.png,.jpg,.jpeg,.csv,.json,.txt,application/pdf,image/png,image/jpeg,text/csv,application/json,text/plain"
                    aria-describedby={`hint-file${errors?.file ? " error-file" : ""}`}
                  />
                </div>
                <button type="submit" name="intent" value="attach_files" className="secondary" disabled={busy}>
                  {t("responseFiles.attach")}
                </button>
              </fieldset>
            ) : null}
            {data.type === "deletion" ? (
              <fieldset>
                <legend>{t("package.deletionLegend")}</legend>
                {(["imagesDeleted", "templatesDeleted", "customersNotified"] as const).map((name) => (
                  <div key={name} className={`field${errors?.[name] ? " has-error" : ""}`}>
                    <label htmlFor={`field-${name}`}>{t(`package.${name}`)}</label>
                    <FieldError name={name} errors={errors} />
                    <input
                      id={`field-${name}`}
                      name={name}
                      type="text"
                      inputMode="numeric"
                      defaultValue={values[name] ?? ""}
                    />
                  </div>
                ))}
                <div className="choice">
                  <input
                    type="checkbox"
                    id="field-suppressionActive"
                    name="suppressionActive"
                    value="on"
                    defaultChecked={values.suppressionActive === "on"}
                  />
                  <label htmlFor="field-suppressionActive">{t("package.suppressionActive")}</label>
                </div>
                <div className="field">
                  <label htmlFor="field-suppressionUntil">{t("package.suppressionUntil")}</label>
                  <input
                    id="field-suppressionUntil"
                    name="suppressionUntil"
                    type="date"
                    defaultValue={values.suppressionUntil ?? ""}
                  />
                </div>
              </fieldset>
            ) : null}
            {data.type === "deletion" && !data.stepUpFresh ? (
              <fieldset>
                <legend>{t("vendor.stepUpLegend")}</legend>
                <p className="hint">{t("vendor.stepUpHint")}</p>
                <div className={`field${errors?.stepUpPassword ? " has-error" : ""}`}>
                  <label htmlFor="field-stepUpPassword">{t("login.password")}</label>
                  <FieldError name="stepUpPassword" errors={errors} />
                  <input
                    id="field-stepUpPassword"
                    name="stepUpPassword"
                    type="password"
                    autoComplete="current-password"
                    aria-invalid={errors?.stepUpPassword ? true : undefined}
                  />
                </div>
                <div className={`field${errors?.stepUpCode ? " has-error" : ""}`}>
                  <label htmlFor="field-stepUpCode">{t("vendor.stepUpCode")}</label>
                  <FieldError name="stepUpCode" errors={errors} />
                  <input
                    id="field-stepUpCode"
                    name="stepUpCode"
                    type="text"
                    inputMode="numeric"
                    autoComplete="one-time-code"
                    aria-invalid={errors?.stepUpCode ? true : undefined}
                  />
                </div>
              </fieldset>
            ) : null}
            <div className={`field${errors?.reason && values.intent === "fulfil" ? " has-error" : ""}`}>
              <label htmlFor="field-reason">{t("vendor.fulfilNote")}</label>
              {values.intent === "fulfil" ? <FieldError name="reason" errors={errors} /> : null}
              <textarea
                id="field-reason"
                name="reason"
                defaultValue={values.intent === "fulfil" ? values.reason : ""}
              />
            </div>
            <button
              type="submit"
              name={data.type === "access" ? "intent" : undefined}
              value={data.type === "access" ? "fulfil" : undefined}
              disabled={busy}
            >
              {t("vendor.fulfil")}
            </button>
          </Form>
        ) : null}
        {data.allowed.includes("request_info") ? (
          <Form method="post">
            <h3>{t("vendor.requestInfoTitle")}</h3>
            <p className="hint">{t("vendor.requestInfoHint")}</p>
            <input type="hidden" name="intent" value="request_info" />
            <div className="field">
              <label htmlFor="field-kind">{t("vendor.infoKind")}</label>
              <select id="field-kind" name="kind" defaultValue={values.kind ?? "identity"}>
                <option value="identity">{t("vendor.infoIdentity")}</option>
                <option value="clarification">{t("vendor.infoClarification")}</option>
              </select>
            </div>
            <div className={`field${errors?.message ? " has-error" : ""}`}>
              <label htmlFor="field-message">{t("vendor.infoMessage")}</label>
              <FieldError name="message" errors={errors} />
              <textarea
                id="field-message"
                name="message"
                defaultValue={values.intent === "request_info" ? values.message : ""}
              />
            </div>
            <button type="submit" disabled={busy}>
              {t("vendor.requestInfo")}
            </button>
          </Form>
        ) : null}
        {data.allowed.includes("extend") && data.canExtend ? (
          <Form method="post">
            <h3>{t("vendor.extendTitle")}</h3>
            <p className="hint">{t("vendor.extendHint")}</p>
            <input type="hidden" name="intent" value="extend" />
            <div className={`field${errors?.reason && values.intent === "extend" ? " has-error" : ""}`}>
              <label htmlFor="field-extend-reason">{t("vendor.extendReason")}</label>
              {values.intent === "extend" ? <FieldError name="reason" errors={errors} /> : null}
              <textarea
                id="field-extend-reason"
                name="reason"
                defaultValue={values.intent === "extend" ? values.reason : ""}
              />
            </div>
            <button type="submit" disabled={busy}>
              {t("vendor.extend")}
            </button>
          </Form>
        ) : data.allowed.includes("extend") && data.noExtensionReason ? (
          <section aria-labelledby="no-extension-title">
            <h3 id="no-extension-title">{t("vendor.extendTitle")}</h3>
            <p>{t(data.noExtensionReason)}</p>
          </section>
        ) : null}
        {data.allowed.includes("partially_fulfil") ? (
          <Form method="post">
            <h3>{t("vendor.partialTitle")}</h3>
            <input type="hidden" name="intent" value="partially_fulfil" />
            <div className={`field${errors?.reason && values.intent === "partially_fulfil" ? " has-error" : ""}`}>
              <label htmlFor="field-partial-reason">{t("vendor.partialNote")}</label>
              {values.intent === "partially_fulfil" ? <FieldError name="reason" errors={errors} /> : null}
              <textarea
                id="field-partial-reason"
                name="reason"
                defaultValue={values.intent === "partially_fulfil" ? values.reason : ""}
              />
            </div>
            <button type="submit" disabled={busy}>
              {t("vendor.partial")}
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
              <textarea
                id="field-deny-reason"
                name="reason"
                defaultValue={values.intent === "deny" ? values.reason : ""}
              />
            </div>
            <button type="submit" className="danger" disabled={busy}>
              {t("vendor.deny")}
            </button>
          </Form>
        ) : null}
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

/**
 * The attached files: name (download link, audited), type, size, start of the SHA-256; a
 * remove button while unsent. A list, not a table: it sits in a narrow column of the actions grid.
 */
function ResponseFileTable({
  reference,
  files,
  canRemove,
  busy,
}: {
  reference: string;
  files: { id: number; name: string; contentType: string; size: number; sha256: string }[];
  canRemove: boolean;
  busy: boolean;
}) {
  const { t } = useTranslation();
  if (files.length === 0) return <p>{t("responseFiles.none")}</p>;
  return (
    <ul aria-label={t("responseFiles.title")}>
      {files.map((f) => (
        <li key={f.id}>
          {/* Paragraphs, so the link and the buttons are far enough apart to hit (WCAG 2.5.8). */}
          <p>
            <a href={`/vendor/requests/${reference}/files/${f.id}`} download={f.name}>
              {f.name}
            </a>
          </p>
          <p>
            {t(`responseFiles.kinds.${kindLabel(f.contentType)}`)} ·{" "}
            {t("responseFiles.sizeKb", { size: Math.max(1, Math.round(f.size / 1024)) })} ·{" "}
            <span className="mono">
              {t("responseFiles.sha256")} {f.sha256}
            </span>
            {canRemove ? (
              <>
                {" "}
                {/* Inside the answer form: removing keeps what was typed. */}
                <button
                  type="submit"
                  name="removeFile"
                  value={f.id}
                  className="secondary"
                  disabled={busy}
                  aria-label={t("responseFiles.removeNamed", { name: f.name })}
                >
                  {t("responseFiles.remove")}
                </button>
              </>
            ) : null}
          </p>
        </li>
      ))}
    </ul>
  );
}

function kindLabel(contentType: string): string {
  return (
    (
      {
        "application/pdf": "pdf",
        "image/png": "png",
        "image/jpeg": "jpeg",
        "text/csv": "csv",
        "application/json": "json",
      } as Record<string, string>
    )[contentType] ?? "txt"
  );
}
