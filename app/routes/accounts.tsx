import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary, FieldError, TextField } from "~/components/form";
import { describeJurisdiction, JURISDICTIONS } from "~/domain/deadlines";
import { fieldErrors } from "~/domain/schemas";
import { useTranslation } from "~/i18n-react";
import { disableUser, listAccounts, resetSecondFactor } from "~/server/accounts/staff-accounts.server";
import {
  approveInvitation,
  declineInvitation,
  inviteSchema,
  inviteUser,
  listPendingApprovals,
  listVendorChoices,
} from "~/server/accounts/staff-invitations.server";
import { requireAccountManager } from "~/server/security/staff-sessions.server";
import { ServiceError } from "~/server/core/errors.server";
import { toHttpError } from "~/server/core/http.server";
import { now } from "~/server/core/runtime.server";

export const meta: MetaFunction = () => [{ title: "Accounts · Comptes" }];

// Portal admins manage regulators and vendor admins; vendor admins their own staff (requireAccountManager),
// and decide on the portal admin's invitations into their vendor (approvals).

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAccountManager(request);
  const query = new URL(request.url).searchParams;
  return {
    isAdmin: user.role === "admin",
    selfId: user.id,
    resetDone: query.get("reset") === "1",
    decided:
      query.get("approved") === "1"
        ? ("approved" as const)
        : query.get("declined") === "1"
          ? ("declined" as const)
          : null,
    accounts: listAccounts(user, now()),
    approvals: listPendingApprovals(user, now()),
    vendors: user.role === "admin" ? listVendorChoices() : [],
    jurisdictions: JURISDICTIONS.map((c) => ({ code: c, name: describeJurisdiction(c, "en").name })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireAccountManager(request);
  const form = await request.formData();
  if (form.get("intent") === "disable") {
    try {
      disableUser(user, Number(form.get("id")), now());
    } catch (err) {
      toHttpError(err);
    }
    throw redirect("/accounts");
  }
  if (form.get("intent") === "approve" || form.get("intent") === "decline") {
    const approve = form.get("intent") === "approve";
    try {
      (approve ? approveInvitation : declineInvitation)(user, Number(form.get("id")), now());
    } catch (err) {
      toHttpError(err);
    }
    throw redirect(approve ? "/accounts?approved=1" : "/accounts?declined=1");
  }
  if (form.get("intent") === "reset-2fa") {
    try {
      resetSecondFactor(user, Number(form.get("id")), now());
    } catch (err) {
      toHttpError(err);
    }
    throw redirect("/accounts?reset=1");
  }
  const values = {
    email: String(form.get("email") ?? ""),
    name: String(form.get("name") ?? ""),
    role: String(form.get("role") ?? ""),
    organisation: String(form.get("organisation") ?? "") || undefined,
    vendorId: form.get("vendorId") ? String(form.get("vendorId")) : undefined,
    jurisdictions: form.getAll("jurisdictions").map(String),
  };
  const parsed = inviteSchema.safeParse(values);
  if (!parsed.success) return data({ ok: false, errors: fieldErrors(parsed.error), values }, { status: 400 });
  let held = false;
  try {
    ({ held } = await inviteUser(user, parsed.data, now()));
  } catch (err) {
    if (err instanceof ServiceError && Object.keys(err.fields).length)
      return data({ ok: false, errors: err.fields, values }, { status: err.status });
    toHttpError(err);
  }
  return { ok: true, held, errors: {} as Record<string, string>, values: null };
}

export default function Accounts() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const values = (result?.values ?? {}) as Record<string, string>;
  return (
    <section aria-labelledby="accounts-title">
      <h1 id="accounts-title">{t("accounts.title")}</h1>
      {result?.ok ? (
        <p className="notice success" role="status">
          {t("held" in result && result.held ? "accounts.invitedHeld" : "accounts.invited")}
        </p>
      ) : null}
      {d.decided ? (
        <p className="notice success" role="status">
          {t(d.decided === "approved" ? "accounts.approvedNotice" : "accounts.declinedNotice")}
        </p>
      ) : null}
      {d.approvals.length > 0 ? (
        <>
          <h2>{t("accounts.approvalsTitle")}</h2>
          <p>{t("accounts.approvalsLede")}</p>
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("file.fullName")}</th>
                  <th scope="col">{t("login.email")}</th>
                  <th scope="col">{t("accounts.role")}</th>
                  <th scope="col">{t("accounts.decision")}</th>
                </tr>
              </thead>
              <tbody>
                {d.approvals.map((p) => (
                  <tr key={p.id}>
                    <td>{p.name}</td>
                    <td>{p.email}</td>
                    <td>{t(`accounts.roles.${p.role}`)}</td>
                    <td>
                      <p className="hint">{t("accounts.decideBy", { date: p.expiresOn })}</p>
                      <Form method="post">
                        <input type="hidden" name="intent" value="approve" />
                        <input type="hidden" name="id" value={p.id} />
                        <button type="submit" aria-label={t("accounts.approveFor", { name: p.name })}>
                          {t("accounts.approve")}
                        </button>
                      </Form>
                      <Form method="post">
                        <input type="hidden" name="intent" value="decline" />
                        <input type="hidden" name="id" value={p.id} />
                        <button
                          type="submit"
                          className="secondary"
                          aria-label={t("accounts.declineFor", { name: p.name })}
                        >
                          {t("accounts.decline")}
                        </button>
                      </Form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
      {d.resetDone ? (
        <p className="notice success" role="status">
          {t("accounts.twoFactorResetDone")}
        </p>
      ) : null}
      <h2>{t("accounts.inviteTitle")}</h2>
      <ErrorSummary
        errors={result?.errors}
        labels={{
          email: t("login.email"),
          name: t("file.fullName"),
          role: t("accounts.role"),
          jurisdictions: t("accounts.jurisdictions"),
          vendorId: t("regulator.vendor"),
        }}
      />
      <Form method="post">
        <input type="hidden" name="intent" value="invite" />
        <TextField name="name" label={t("file.fullName")} defaultValue={values.name ?? ""} errors={result?.errors} />
        <TextField
          name="email"
          type="email"
          label={t("login.email")}
          defaultValue={values.email ?? ""}
          errors={result?.errors}
        />
        <div className={`field${result?.errors?.role ? " has-error" : ""}`}>
          <label htmlFor="field-role">{t("accounts.role")}</label>
          <FieldError name="role" errors={result?.errors} />
          <select id="field-role" name="role" defaultValue={values.role ?? ""}>
            {d.isAdmin ? <option value="regulator">{t("accounts.roles.regulator")}</option> : null}
            <option value="vendor_admin">{t("accounts.roles.vendor_admin")}</option>
            {!d.isAdmin ? <option value="vendor_agent">{t("accounts.roles.vendor_agent")}</option> : null}
          </select>
        </div>
        {d.isAdmin ? (
          <>
            <div className="field">
              <label htmlFor="field-vendorId">{t("regulator.vendor")}</label>
              <span className="hint">{t("accounts.vendorHint")}</span>
              <FieldError name="vendorId" errors={result?.errors} />
              <select id="field-vendorId" name="vendorId" defaultValue={values.vendorId ?? ""}>
                <option value="">—</option>
                {d.vendors.map((v) => (
                  <option key={v.id} value={v.id}>
                    {v.name}
                  </option>
                ))}
              </select>
            </div>
            <TextField
              name="organisation"
              label={t("accounts.organisation")}
              defaultValue={values.organisation ?? ""}
              errors={result?.errors}
            />
            <div className={`field${result?.errors?.jurisdictions ? " has-error" : ""}`}>
              <label htmlFor="field-jurisdictions">{t("accounts.jurisdictions")}</label>
              <span className="hint">{t("accounts.jurisdictionsHint")}</span>
              <FieldError name="jurisdictions" errors={result?.errors} />
              <select id="field-jurisdictions" name="jurisdictions" multiple size={6}>
                {d.jurisdictions.map((j) => (
                  <option key={j.code} value={j.code}>
                    {j.code} — {j.name}
                  </option>
                ))}
              </select>
            </div>
          </>
        ) : null}
        <button type="submit">{t("accounts.invite")}</button>
      </Form>
      <h2>{t("accounts.listTitle")}</h2>
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("file.fullName")}</th>
              <th scope="col">{t("login.email")}</th>
              <th scope="col">{t("accounts.role")}</th>
              <th scope="col">{t("status.status")}</th>
              <th scope="col">{t("accounts.twoFactor")}</th>
            </tr>
          </thead>
          <tbody>
            {d.accounts.map((a) => (
              <tr key={a.id}>
                <td>{a.name}</td>
                <td>{a.email}</td>
                <td>{t(`accounts.roles.${a.role}`)}</td>
                <td>
                  {a.pending ? (
                    t("accounts.pending")
                  ) : a.disabled ? (
                    t("accounts.disabled")
                  ) : (
                    <Form method="post">
                      <input type="hidden" name="intent" value="disable" />
                      <input type="hidden" name="id" value={a.id} />
                      <button type="submit" className="secondary">
                        {t("accounts.disable")}
                      </button>
                    </Form>
                  )}
                </td>
                <td>
                  {a.twoFactor ? t("accounts.twoFactorOn") : t("accounts.twoFactorOff")}
                  {a.twoFactor && !a.disabled && a.id !== d.selfId ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="reset-2fa" />
                      <input type="hidden" name="id" value={a.id} />
                      <button
                        type="submit"
                        className="secondary"
                        aria-label={t("accounts.resetTwoFactorFor", { name: a.name })}
                      >
                        {t("accounts.resetTwoFactor")}
                      </button>
                    </Form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
