import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n-react";
import { FieldError } from "~/components/form";
import { createApiKey, isApiKeyScope, listApiKeys, revokeApiKey } from "~/server/api/api-keys.server";
import { requireVendorStaff } from "~/server/security/staff-sessions.server";
import { now } from "~/server/core/runtime.server";

export const meta: MetaFunction = () => [{ title: "API keys · Clés d'API" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireVendorStaff(request);
  if (staff.role !== "vendor_admin") throw new Response("Not found", { status: 404 });
  return { keys: listApiKeys(staff.vendorId) };
}

export async function action({ request }: ActionFunctionArgs) {
  const staff = await requireVendorStaff(request);
  if (staff.role !== "vendor_admin") throw new Response("Not found", { status: 404 });
  const form = await request.formData();
  if (form.get("intent") === "revoke") {
    revokeApiKey(staff, Number(form.get("id")), now());
    return { created: null, errors: {} as Record<string, string> };
  }
  const name = String(form.get("name") ?? "").trim();
  if (name.length < 2 || name.length > 100 || /[\u0000-\u001f]/.test(name))
    return data({ created: null, errors: { name: "errors.keyName" } }, { status: 400 });
  // Only scopes the portal knows are kept; an unknown value in the form is ignored.
  const scopes = form.getAll("scope").filter(isApiKeyScope);
  // Shown once in this answer; only its hash is kept.
  return { created: createApiKey(staff, name, now(), scopes).key, errors: {} as Record<string, string> };
}

export default function ApiKeys() {
  const { keys } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <section aria-labelledby="keys-title">
      <h1 id="keys-title">{t("apiKeys.title")}</h1>
      <p className="lede">
        {t("apiKeys.lede")} <a href="/api/v1/openapi.json">OpenAPI 3.1</a>
      </p>
      {result?.created ? (
        <div className="notice success" role="status">
          <p>{t("apiKeys.createdOnce")}</p>
          <p className="mono">{result.created}</p>
        </div>
      ) : null}
      <Form method="post" className="period-form">
        <input type="hidden" name="intent" value="create" />
        <div className={`field${result?.errors?.name ? " has-error" : ""}`}>
          <label htmlFor="field-name">{t("apiKeys.name")}</label>
          <FieldError name="name" errors={result?.errors} />
          <input id="field-name" name="name" type="text" />
        </div>
        <div className="field">
          <label>
            <input type="checkbox" name="scope" value="reference_photos:read" /> {t("apiKeys.scopePhotos")}
          </label>
        </div>
        <button type="submit">{t("apiKeys.create")}</button>
      </Form>
      <table>
        <thead>
          <tr>
            <th scope="col">{t("apiKeys.name")}</th>
            <th scope="col">{t("apiKeys.prefix")}</th>
            <th scope="col">{t("apiKeys.scopes")}</th>
            <th scope="col">{t("apiKeys.lastUsed")}</th>
            <th scope="col">{t("status.status")}</th>
          </tr>
        </thead>
        <tbody>
          {keys.map((k) => (
            <tr key={k.id}>
              <td>{k.name}</td>
              <td className="mono">{k.prefix}…</td>
              <td className={k.scopes ? "mono" : undefined}>{k.scopes || t("apiKeys.noScopes")}</td>
              <td>{k.last_used_at ? new Date(k.last_used_at).toISOString().slice(0, 16).replace("T", " ") : "—"}</td>
              <td>
                {k.revoked_at ? (
                  t("apiKeys.revoked")
                ) : (
                  <Form method="post">
                    <input type="hidden" name="intent" value="revoke" />
                    <input type="hidden" name="id" value={k.id} />
                    <button type="submit" className="secondary">
                      {t("apiKeys.revoke")}
                    </button>
                  </Form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
