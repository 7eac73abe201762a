import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n-react";
import { appendAudit } from "~/server/audit/audit-chain.server";
import { requireAdmin } from "~/server/security/staff-sessions.server";
import { inTransaction } from "~/server/core/db.server";
import { readWorkerSignsOfLife } from "~/server/core/health.server";
import { countOutbox, listOutboxProblems, retryFailedEmail } from "~/server/mail/outbox.server";
import { now } from "~/server/core/runtime.server";
import { listHeldMail, releaseHeldMail } from "~/server/mail/case-mail.server";
import { AuthenticationLine } from "~/components/case-mail";

export const meta: MetaFunction = () => [{ title: "Portal operations · Exploitation du portail" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const { heartbeat, lastSweep } = readWorkerSignsOfLife();
  // Replies to a request's address from outside the company's address or domain: never on the case.
  const heldMail = listHeldMail(50).map((m) => ({
    id: m.id,
    reference: m.reference,
    vendorName: m.vendorName,
    registeredAddress: m.registeredAddress,
    fromAddress: m.fromAddress,
    subject: m.subject,
    text: m.text.slice(0, 2000),
    receivedAt: m.receivedAt,
    signedBy: m.signedBy,
    auth: m.auth,
  }));
  return {
    counts: countOutbox(),
    ...listOutboxProblems(),
    heartbeat: heartbeat?.value ?? null,
    lastSweep,
    heldMail,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const form = await request.formData();
  const id = Number(form.get("id"));
  if (form.get("intent") === "release-held" && Number.isSafeInteger(id) && id > 0) {
    releaseHeldMail(id, admin, now());
    throw redirect("/admin");
  }
  if (form.get("intent") !== "retry" || !Number.isInteger(id)) throw new Response("Bad request", { status: 400 });
  inTransaction(() => {
    if (retryFailedEmail(id, now()))
      appendAudit({
        at: now(),
        actorType: "admin",
        actorId: admin.id,
        action: "email.retried",
        objectType: "email",
        objectId: id,
      });
  });
  throw redirect("/admin");
}

export default function AdminDashboard() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <section aria-labelledby="admin-title">
      <h1 id="admin-title">{t("admin.title")}</h1>
      <dl className="facts">
        <dt>{t("admin.heartbeat")}</dt>
        <dd>{data.heartbeat ?? "—"}</dd>
        <dt>{t("admin.lastSweep")}</dt>
        <dd className="mono">{data.lastSweep ? JSON.stringify(data.lastSweep) : "—"}</dd>
        {Object.entries(data.counts).map(([status, n]) => (
          <div key={status} style={{ display: "contents" }}>
            <dt>{t("admin.outboxStatus", { status })}</dt>
            <dd>{n}</dd>
          </div>
        ))}
      </dl>
      <h2>{t("admin.failed")}</h2>
      {data.failed.length === 0 ? <p>{t("admin.none")}</p> : null}
      <table>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">{t("admin.template")}</th>
            <th scope="col">{t("mailbox.to")}</th>
            <th scope="col">{t("admin.attempts")}</th>
            <th scope="col">{t("admin.error")}</th>
            <th scope="col">{t("vendor.actions")}</th>
          </tr>
        </thead>
        <tbody>
          {data.failed.map((r) => (
            <tr key={r.id}>
              <td>{r.id}</td>
              <td>{r.template}</td>
              <td>{r.toAddress}</td>
              <td className="num">{r.attempts}</td>
              <td>{r.lastError}</td>
              <td>
                <Form method="post">
                  <input type="hidden" name="intent" value="retry" />
                  <input type="hidden" name="id" value={r.id} />
                  <button type="submit">{t("admin.retry")}</button>
                </Form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t("admin.pending")}</h2>
      <p>{t("admin.pendingCount", { count: data.pending.length })}</p>
      <h2>{t("admin.heldMail")}</h2>
      <p>{t("admin.heldMailHint")}</p>
      {data.heldMail.length === 0 ? <p>{t("admin.none")}</p> : null}
      {data.heldMail.map((m) => (
        <article key={m.id} className="notice" aria-label={`${m.reference} — ${m.fromAddress ?? "?"}`}>
          <dl className="facts">
            <dt>{t("admin.heldReference")}</dt>
            <dd className="mono">
              {m.reference} — {m.vendorName} ({m.registeredAddress})
            </dd>
            <dt>{t("caseMail.from")}</dt>
            <dd className="mono">{m.fromAddress ?? "—"}</dd>
            <dt>{t("caseMail.received")}</dt>
            <dd>{new Date(m.receivedAt).toISOString().slice(0, 16).replace("T", " ")} UTC</dd>
            <dt>{t("caseMail.subject")}</dt>
            <dd>{m.subject || "—"}</dd>
            <dt>{t("caseMail.authentication")}</dt>
            <dd>
              <AuthenticationLine item={m} />
            </dd>
          </dl>
          <p className="pre-line">{m.text}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="release-held" />
            <input type="hidden" name="id" value={m.id} />
            <button type="submit" className="secondary">
              {t("admin.releaseHeld")}
            </button>
          </Form>
        </article>
      ))}
    </section>
  );
}
