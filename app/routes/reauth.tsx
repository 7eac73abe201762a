import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { ErrorSummary, TextField } from "~/components/form";
import { safeRedirectPath } from "~/domain/schemas";
import { useTranslation } from "~/i18n-react";
import { homePathFor, REAUTH_MAX_AGE_MS, requireStaffSession } from "~/server/auth.server";
import { formValues, invalidForm } from "~/server/http.server";
import { clientAddress, hitRateLimits } from "~/server/rate-limit.server";
import { now } from "~/server/runtime.server";
import { reauthenticate, secondFactorCodeSchema } from "~/server/two-factor.server";

export const meta: MetaFunction = () => [{ title: "Confirm it is you · Confirmez votre identité" }, { name: "robots", content: "noindex" }];

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
  const password = typeof values.password === "string" ? values.password : "";
  const errors: Record<string, string> = {};
  if (!password) errors.password = "errors.required";
  else if (password.length > 1024) errors.password = "errors.tooLong";
  const code = secondFactorCodeSchema.safeParse(values.code);
  if (!code.success) errors.code = code.error.issues[0]!.message;
  if (Object.keys(errors).length) return invalidForm(errors, echo);
  // Shares the second-factor buckets: this form must not become a way to guess codes faster.
  const limited = hitRateLimits(
    [
      { name: "secondFactorPerAccount", key: `user:${s.user.id}` },
      { name: "secondFactorPerIp", key: clientAddress(context) },
    ],
    now(),
  );
  if (!limited.ok) return data({ ok: false as const, errors: { form: "errors.tooManyAttempts" }, values: echo }, { status: 429, headers: { "Retry-After": String(limited.retryAfterSeconds) } });
  const result = await reauthenticate(s, password, code.data!, now());
  // One message for either factor: the form does not tell which one was wrong.
  if (!result.ok) return invalidForm({ form: "errors.reauthFailed" }, echo, 401);
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
        <TextField name="password" type="password" label={t("login.password")} autoComplete="current-password" errors={errors} />
        <TextField name="code" label={t("twoFactor.code")} hint={t("twoFactor.codeHint")} autoComplete="one-time-code" errors={errors} />
        <span id="field-form" />
        <button type="submit" disabled={navigation.state === "submitting"}>
          {t("reauth.submit")}
        </button>
      </Form>
    </section>
  );
}
