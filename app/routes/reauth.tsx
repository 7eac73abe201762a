import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { ErrorSummary, TextField } from "~/components/form";
import { safeRedirectPath } from "~/domain/schemas";
import { useTranslation } from "~/i18n-react";
import { homePathFor, REAUTH_MAX_AGE_MS, requireStaffSession } from "~/server/security/staff-sessions.server";
import { formValues, invalidForm } from "~/server/core/http.server";
import { clientAddress } from "~/server/security/rate-limit.server";
import { now } from "~/server/core/runtime.server";
import { verifyStepUp } from "~/server/security/two-factor.server";

export const meta: MetaFunction = () => [
  { title: "Confirm it is you · Confirmez votre identité" },
  { name: "robots", content: "noindex" },
];

/** Step-up before a sensitive act: password and code again; valid for REAUTH_MAX_AGE_MS. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaffSession(request);
  return { minutes: REAUTH_MAX_AGE_MS / 60_000 };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const s = await requireStaffSession(request);
  const values = formValues(await request.formData());
  // Only a same-site relative path: never back to another site (open redirect).
  const echo = { redirectTo: safeRedirectPath(String(values.redirectTo ?? ""), homePathFor(s.user)) };
  const result = await verifyStepUp(
    s,
    { password: values.password, code: values.code },
    { clientIp: clientAddress(context), now: now() },
  );
  if (!result.ok && result.status === 429) {
    return data(
      { ok: false as const, errors: result.errors, values: echo },
      { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } },
    );
  }
  if (!result.ok) return invalidForm(result.errors, echo, result.status);
  throw redirect(echo.redirectTo);
}

export default function Reauth() {
  const d = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const { t } = useTranslation();
  const errors = d && !d.ok ? d.errors : undefined;
  const { minutes } = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="reauth-title">
      <h1 id="reauth-title">{t("reauth.title")}</h1>
      <p className="lede">{t("reauth.lede", { minutes })}</p>
      <ErrorSummary errors={errors} labels={{ password: t("login.password"), code: t("twoFactor.code"), form: "" }} />
      <Form method="post" noValidate>
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        <TextField
          name="password"
          type="password"
          label={t("login.password")}
          autoComplete="current-password"
          errors={errors}
        />
        <TextField
          name="code"
          label={t("twoFactor.code")}
          hint={t("twoFactor.codeHint")}
          autoComplete="one-time-code"
          errors={errors}
        />
        <span id="field-form" />
        <button type="submit" disabled={navigation.state === "submitting"}>
          {t("reauth.submit")}
        </button>
      </Form>
    </section>
  );
}
