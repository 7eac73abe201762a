import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { ErrorSummary, TextField } from "~/components/form";
import { emailField } from "~/domain/schemas";
import { useTranslation } from "~/i18n-react";
import { requestPasswordReset } from "~/server/accounts/staff-passwords.server";
import { clientAddress, hitRateLimits } from "~/server/security/rate-limit.server";
import { now } from "~/server/core/runtime.server";

export const meta: MetaFunction = () => [{ title: "Forgot password · Mot de passe oublié" }];

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const raw = String(form.get("email") ?? "");
  const parsed = emailField.safeParse(raw);
  if (!parsed.success) return data({ sent: false, errors: { email: "errors.email" }, email: raw }, { status: 400 });
  const limited = hitRateLimits(
    [
      { name: "resetPerIp", key: clientAddress(context) },
      { name: "resetPerEmail", key: parsed.data },
    ],
    now(),
  );
  if (!limited.ok)
    return data(
      { sent: false, errors: { email: "errors.tooManyAttempts" }, email: raw },
      { status: 429, headers: { "Retry-After": String(limited.retryAfterSeconds) } },
    );
  requestPasswordReset(parsed.data, now());
  // Same answer whether or not the account exists.
  return { sent: true, errors: {} as Record<string, string>, email: raw };
}

export default function ForgotPassword() {
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <section aria-labelledby="forgot-title">
      <h1 id="forgot-title">{t("reset.forgotTitle")}</h1>
      <p className="lede">{t("reset.forgotLede")}</p>
      {result?.sent ? (
        <p className="notice success" role="status">
          {t("reset.sent")}
        </p>
      ) : null}
      <ErrorSummary errors={result?.sent ? undefined : result?.errors} labels={{ email: t("login.email") }} />
      <Form method="post" noValidate>
        <TextField
          name="email"
          type="email"
          label={t("login.email")}
          autoComplete="username"
          defaultValue={result?.email ?? ""}
          errors={result?.sent ? undefined : result?.errors}
        />
        <button type="submit">{t("reset.send")}</button>
      </Form>
    </section>
  );
}
