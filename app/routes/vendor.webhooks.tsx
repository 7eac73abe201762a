import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary, FieldError } from "~/components/form";
import { webhookActionSchema } from "~/domain/schemas";
import { useTranslation } from "~/i18n-react";
import { requireVendorStaff } from "~/server/security/staff-sessions.server";
import { ServiceError } from "~/server/core/errors.server";
import { toHttpError } from "~/server/core/http.server";
import { now } from "~/server/core/runtime.server";
import {
  disableWebhook,
  enableWebhook,
  listDeliveries,
  listWebhooks,
  MAX_WEBHOOKS_PER_VENDOR,
  redeliverWebhook,
  registerWebhook,
  rotateWebhookSecret,
  sendTestEvent,
} from "~/server/webhooks/manage-webhooks.server";

export const meta: MetaFunction = () => [{ title: "Webhooks · Webhooks" }];

/** Vendor admins only: agents (and everyone else) get the same 404 as a missing page. */
async function requireWebhookAdmin(request: Request) {
  const staff = await requireVendorStaff(request);
  if (staff.role !== "vendor_admin") throw new Response("Not found", { status: 404 });
  return staff;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireWebhookAdmin(request);
  return {
    webhooks: listWebhooks(staff),
    deliveries: listDeliveries(staff, { limit: 50 }),
    max: MAX_WEBHOOKS_PER_VENDOR,
  };
}

type ActionResult = {
  ok: boolean;
  errors: Record<string, string>;
  values: { url: string };
  /** A new signing secret, shown in this answer only. */
  secret: { webhookId: number; value: string } | null;
  notice: string | null;
};

const result = (r: Partial<ActionResult>, status = 200) =>
  data<ActionResult>({ ok: true, errors: {}, values: { url: "" }, secret: null, notice: null, ...r }, { status });

export async function action({ request }: ActionFunctionArgs) {
  const staff = await requireWebhookAdmin(request);
  const form = await request.formData();
  const raw = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string")) as Record<
    string,
    string
  >;
  const values = { url: typeof raw.url === "string" ? raw.url.slice(0, 2000) : "" };
  const parsed = webhookActionSchema.safeParse(raw);
  if (!parsed.success) {
    if (raw.intent === "create")
      return result(
        {
          ok: false,
          errors: {
            url: parsed.error.issues[0]?.message.startsWith("webhooks.")
              ? parsed.error.issues[0].message
              : "webhooks.errors.invalid",
          },
          values,
        },
        400,
      );
    throw new Response("Bad request", { status: 400 });
  }
  const input = parsed.data;
  const at = now();
  try {
    switch (input.intent) {
      case "create": {
        const created = await registerWebhook(staff, input.url, at);
        return result({ secret: { webhookId: created.id, value: created.secret }, notice: "webhooks.createdOnce" });
      }
      case "rotate": {
        const rotated = rotateWebhookSecret(staff, input.id, at);
        return result({ secret: { webhookId: input.id, value: rotated.secret }, notice: "webhooks.rotatedOnce" });
      }
      case "disable":
        disableWebhook(staff, input.id, at);
        return result({ notice: "webhooks.disabledNotice" });
      case "enable":
        enableWebhook(staff, input.id, at);
        return result({ notice: "webhooks.enabledNotice" });
      case "test":
        sendTestEvent(staff, input.id, at);
        return result({ notice: "webhooks.testQueued" });
      case "redeliver":
        redeliverWebhook(staff, input.id, at);
        return result({ notice: "webhooks.redeliverQueued" });
    }
  } catch (err) {
    if (err instanceof ServiceError && err.status !== 404 && Object.keys(err.fields).length > 0) {
      return result(
        { ok: false, errors: err.fields, values: input.intent === "create" ? values : { url: "" } },
        err.status,
      );
    }
    toHttpError(err);
  }
}

const formatTime = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace("T", " ") + " UTC";

export default function Webhooks() {
  const { webhooks, deliveries, max } = useLoaderData<typeof loader>();
  const res = useActionData<typeof action>();
  const { t } = useTranslation();
  const errors = res && !res.ok ? res.errors : undefined;
  const urlError = errors?.url;
  const active = webhooks.filter((w) => w.disabledAt == null).length;
  const urlFor = new Map(webhooks.map((w) => [w.id, w.url]));
  return (
    <section aria-labelledby="webhooks-title">
      <h1 id="webhooks-title">{t("webhooks.title")}</h1>
      <p className="lede">{t("webhooks.lede")}</p>
      <p>{t("webhooks.signing")}</p>

      {res?.ok && res.notice ? (
        <div className="notice success" role="status">
          <p>{t(res.notice)}</p>
          {res.secret ? (
            <p>
              {t("webhooks.secretLabel", { id: String(res.secret.webhookId) })}{" "}
              <code className="mono" data-testid="webhook-secret">
                {res.secret.value}
              </code>
            </p>
          ) : null}
        </div>
      ) : null}

      <h2 id="register-title">{t("webhooks.registerTitle")}</h2>
      <ErrorSummary errors={errors} labels={{ url: t("webhooks.url"), form: "" }} />
      {active >= max ? <p>{t("webhooks.limitReached", { max: String(max) })}</p> : null}
      <Form method="post" aria-labelledby="register-title" className="period-form">
        <input type="hidden" name="intent" value="create" />
        <div className={`field${urlError ? " has-error" : ""}`}>
          <label htmlFor="field-url">{t("webhooks.url")}</label>
          <span className="hint" id="hint-url">
            {t("webhooks.urlHint")}
          </span>
          <FieldError name="url" errors={errors} />
          <input
            id="field-url"
            name="url"
            type="url"
            inputMode="url"
            autoComplete="off"
            spellCheck={false}
            required
            maxLength={2000}
            defaultValue={res && !res.ok ? res.values.url : ""}
            key={res && !res.ok ? `err-${res.values.url}` : "fresh"}
            aria-invalid={urlError ? true : undefined}
            aria-describedby={urlError ? "hint-url error-url" : "hint-url"}
          />
        </div>
        <button type="submit">{t("webhooks.create")}</button>
      </Form>

      <h2 id="list-title">{t("webhooks.listTitle")}</h2>
      {webhooks.length === 0 ? (
        <p>{t("webhooks.none")}</p>
      ) : (
        <table aria-labelledby="list-title">
          <thead>
            <tr>
              <th scope="col">{t("webhooks.url")}</th>
              <th scope="col">{t("webhooks.prefix")}</th>
              <th scope="col">{t("webhooks.created")}</th>
              <th scope="col">{t("status.status")}</th>
              <th scope="col">{t("webhooks.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {webhooks.map((w) => (
              <tr key={w.id}>
                <td className="mono">{w.url}</td>
                <td className="mono">{w.secretPrefix}…</td>
                <td>{formatTime(w.createdAt)}</td>
                <td>{w.disabledAt == null ? t("webhooks.active") : t("webhooks.disabled")}</td>
                <td>
                  <div>
                    {w.disabledAt == null ? (
                      <RowButton intent="test" id={w.id} label={t("webhooks.test")} context={w.url} />
                    ) : null}
                    <RowButton intent="rotate" id={w.id} label={t("webhooks.rotate")} context={w.url} />
                    {w.disabledAt == null ? (
                      <RowButton intent="disable" id={w.id} label={t("webhooks.disable")} context={w.url} />
                    ) : (
                      <RowButton intent="enable" id={w.id} label={t("webhooks.enable")} context={w.url} />
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2 id="history-title">{t("webhooks.historyTitle")}</h2>
      <p>{t("webhooks.historyLede")}</p>
      {deliveries.length === 0 ? (
        <p>{t("webhooks.noDeliveries")}</p>
      ) : (
        <table aria-labelledby="history-title">
          <thead>
            <tr>
              <th scope="col">{t("webhooks.created")}</th>
              <th scope="col">{t("webhooks.event")}</th>
              <th scope="col">{t("webhooks.reference")}</th>
              <th scope="col">{t("status.status")}</th>
              <th scope="col">{t("webhooks.attempts")}</th>
              <th scope="col">{t("webhooks.lastResult")}</th>
              <th scope="col">{t("webhooks.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {deliveries.map((d) => (
              <tr key={d.id}>
                <td>
                  {formatTime(d.createdAt)}
                  <br />
                  <span className="hint mono">{urlFor.get(d.webhookId) ?? ""}</span>
                </td>
                <td className="mono">{d.eventType}</td>
                <td className="mono">{d.reference ?? "—"}</td>
                <td>{t(`webhooks.deliveryStatus.${d.status}`)}</td>
                <td>
                  {d.history.length === 0 ? (
                    d.attempts
                  ) : (
                    <details>
                      <summary>{t("webhooks.attemptCount", { count: d.history.length })}</summary>
                      <ol>
                        {d.history.map((a) => (
                          <li key={a.attempt}>
                            {formatTime(a.at)} — {a.statusCode != null ? `HTTP ${a.statusCode}` : (a.error ?? "—")} —{" "}
                            {t("webhooks.duration", { ms: String(a.durationMs) })}
                          </li>
                        ))}
                      </ol>
                    </details>
                  )}
                </td>
                <td className="mono">{d.lastStatusCode != null ? `HTTP ${d.lastStatusCode}` : (d.lastError ?? "—")}</td>
                <td>
                  {d.status === "failed" ? (
                    <RowButton
                      intent="redeliver"
                      id={d.id}
                      label={t("webhooks.redeliver")}
                      context={`${d.eventType} ${d.reference ?? ""}`.trim()}
                    />
                  ) : d.status === "pending" && d.attempts > 0 ? (
                    t("webhooks.nextAttempt", { at: formatTime(d.nextAttemptAt) })
                  ) : (
                    "—"
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** One button per row action; the hidden context makes each button's name unique for screen readers. */
function RowButton({ intent, id, label, context }: { intent: string; id: number; label: string; context: string }) {
  return (
    <Form method="post" className="inline-form">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="id" value={id} />
      <button type="submit" className="secondary">
        {label}
        <span className="visually-hidden"> — {context}</span>
      </button>
    </Form>
  );
}
