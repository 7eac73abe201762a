import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "~/i18n-react";
import { requireRegulator } from "~/server/security/staff-sessions.server";
import { findLatestCheckpoint, runtimeSigningKey, verifyAuditLog } from "~/server/audit/checkpoints.server";

export const meta: MetaFunction = () => [{ title: "Audit log · Journal d'audit" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRegulator(request);
  const key = runtimeSigningKey();
  return { keyId: key.keyId, publicKeyPem: key.publicKeyPem, lastCheckpoint: findLatestCheckpoint() };
}

/** Verification walks the whole chain (seconds at millions of rows): on request, not on every view. */
export async function action({ request }: ActionFunctionArgs) {
  await requireRegulator(request);
  const r = verifyAuditLog({ publicKey: runtimeSigningKey().publicKey });
  return {
    ok: r.ok,
    count: r.count,
    checkpoints: r.checkpoints,
    firstBrokenSeq: r.firstBrokenSeq,
    reason: r.reason,
    badCheckpoint: r.badCheckpoint,
  };
}

export default function RegulatorAudit() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">{t("audit.title")}</h1>
      <p className="lede">{t("audit.lede")}</p>
      <h2>{t("audit.keyTitle")}</h2>
      <p>{t("audit.keyId", { id: data.keyId })}</p>
      <pre className="mail mono">{data.publicKeyPem}</pre>
      <h2>{t("audit.lastCheckpoint")}</h2>
      {data.lastCheckpoint ? (
        <p className="mono">
          #{data.lastCheckpoint.id} · {data.lastCheckpoint.at} · {t("audit.rows", { count: data.lastCheckpoint.size })}{" "}
          · {data.lastCheckpoint.head_hash}
        </p>
      ) : (
        <p>{t("audit.noCheckpoint")}</p>
      )}
      <Form method="post">
        <button type="submit" disabled={navigation.state === "submitting"}>
          {t("audit.verify")}
        </button>
      </Form>
      {result ? (
        <div className={`notice${result.ok ? " success" : ""}`} role="status">
          {result.ok ? (
            <p>{t("audit.ok", { count: result.count, checkpoints: result.checkpoints })}</p>
          ) : (
            <>
              {result.firstBrokenSeq != null ? (
                <p>{t("audit.broken", { seq: result.firstBrokenSeq, reason: result.reason })}</p>
              ) : null}
              {result.badCheckpoint ? (
                <p>{t("audit.badCheckpoint", { id: result.badCheckpoint.id, reason: result.badCheckpoint.reason })}</p>
              ) : null}
            </>
          )}
        </div>
      ) : null}
    </section>
  );
}
