import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "~/i18n-react";
import { ErrorSummary, TextField } from "~/components/form";
import { fieldErrors, loginSchema, safeRedirectPath } from "~/domain/schemas";
import {
  createUserSession,
  getSessionUser,
  homePathFor,
  secondFactorPath,
  verifyLogin,
} from "~/server/security/staff-sessions.server";
import { formValues, invalidForm } from "~/server/core/http.server";
import { clientAddress, hitRateLimits } from "~/server/security/rate-limit.server";
import { now } from "~/server/core/runtime.server";

export const meta: MetaFunction = () => [{ title: "Staff sign-in · Connexion du personnel" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getSessionUser(request);
  if (user) throw redirect(homePathFor(user));
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const values = formValues(form);
  const parsed = loginSchema.safeParse(values);
  // The password is never sent back to the page.
  const echo = { email: values.email ?? "", redirectTo: values.redirectTo ?? "" };
  if (!parsed.success) return invalidForm(fieldErrors(parsed.error), echo);
  // Per IP, and per (account, IP): an attacker elsewhere cannot lock the real user out.
  const ip = clientAddress(context);
  const limited = hitRateLimits(
    [
      { name: "loginPerIp", key: ip },
      { name: "loginPerAccount", key: `${parsed.data.email.toLowerCase()}|${ip}` },
    ],
    now(),
  );
  if (!limited.ok)
    return data(
      { ok: false as const, errors: { form: "errors.tooManyAttempts" }, values: echo },
      { status: 429, headers: { "Retry-After": String(limited.retryAfterSeconds) } },
    );
  const user = await verifyLogin({ email: parsed.data.email, password: parsed.data.password, now: now() });
  // One message whether the account exists or not.
  if (!user) return invalidForm({ form: "errors.badLogin" }, echo, 401);
  // The password alone opens nothing: the session waits for the code (or for enrolment).
  const cookie = await createUserSession(user.id, now());
  const next = safeRedirectPath(parsed.data.redirectTo, homePathFor(user));
  throw redirect(secondFactorPath({ totpEnabled: user.totpEnabled }, next), { headers: { "Set-Cookie": cookie } });
}

export default function Login() {
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const { t } = useTranslation();
  const errors = result && !result.ok ? result.errors : undefined;
  const values = (result && !result.ok ? result.values : {}) as Record<string, string>;
  return (
    <section aria-labelledby="login-title">
      <h1 id="login-title">{t("login.title")}</h1>
      <p className="lede">{t("login.lede")}</p>
      <ErrorSummary errors={errors} labels={{ email: t("login.email"), password: t("login.password"), form: "" }} />
      <Form method="post" noValidate>
        <input type="hidden" name="redirectTo" value={values.redirectTo || params.get("redirectTo") || ""} />
        <TextField
          name="email"
          type="email"
          label={t("login.email")}
          autoComplete="username"
          defaultValue={values.email ?? ""}
          errors={errors}
        />
        <TextField
          name="password"
          type="password"
          label={t("login.password")}
          autoComplete="current-password"
          errors={errors}
        />
        <span id="field-form" />
        <button type="submit" disabled={navigation.state === "submitting"}>
          {t("login.submit")}
        </button>
      </Form>
      <p>
        <a href="/forgot-password">{t("reset.forgot")}</a>
      </p>
    </section>
  );
}
