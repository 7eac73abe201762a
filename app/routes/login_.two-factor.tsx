import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { ErrorSummary, TextField } from "~/components/form";
import { safeRedirectPath } from "~/domain/schemas";
import { useTranslation } from "~/i18n-react";
import {
  getStaffSession,
  homePathFor,
  secondFactorPath,
  type StaffSession,
} from "~/server/security/staff-sessions.server";
import { formValues, invalidForm } from "~/server/core/http.server";
import { clientAddress } from "~/server/security/rate-limit.server";
import { now } from "~/server/core/runtime.server";
import { isSecondFactorLocked } from "~/server/security/second-factor-lock.server";
import { limitSecondFactorAttempts, passSecondFactor } from "~/server/security/two-factor.server";
import { secondFactorCodeSchema } from "~/server/security/totp.server";

export const meta: MetaFunction = () => [
  { title: "Sign-in code · Code de connexion" },
  { name: "robots", content: "noindex" },
];

/** Only a password-only session of an enrolled account belongs here; anything else is sent on. */
async function requirePendingSession(request: Request): Promise<StaffSession> {
  const s = await getStaffSession(request);
  const redirectTo = new URL(request.url).searchParams.get("redirectTo") ?? "";
  if (!s) throw redirect(`/login${redirectTo ? `?redirectTo=${encodeURIComponent(redirectTo)}` : ""}`);
  if (s.session.secondFactorAt != null) throw redirect(safeRedirectPath(redirectTo, homePathFor(s.user)));
  if (!s.session.totpEnabled) throw redirect(secondFactorPath(s.session, redirectTo || undefined));
  return s;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const s = await requirePendingSession(request);
  // Whoever is here typed the right password: telling them about the lock reveals nothing new.
  return { locked: isSecondFactorLocked(s.user.id) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const s = await requirePendingSession(request);
  const values = formValues(await request.formData());
  const echo = { redirectTo: String(values.redirectTo ?? "") };
  const parsed = secondFactorCodeSchema.safeParse(values.code);
  if (!parsed.success) return invalidForm({ code: parsed.error.issues[0]!.message }, echo);
  // Per account (the password is already known to whoever is here) and per IP.
  const limited = limitSecondFactorAttempts(s.user.id, clientAddress(context), now());
  // Locked and rate-limited at once (the real user right after the guesser): the lock is the news.
  if (!limited.ok && isSecondFactorLocked(s.user.id))
    return invalidForm({ code: "errors.secondFactorLocked" }, echo, 423);
  if (!limited.ok)
    return data(
      { ok: false as const, errors: { code: "errors.tooManyAttempts" }, values: echo },
      { status: 429, headers: { "Retry-After": String(limited.retryAfterSeconds) } },
    );
  const result = await passSecondFactor(s, parsed.data, now());
  if (!result.ok)
    return result.locked
      ? invalidForm({ code: "errors.secondFactorLocked" }, echo, 423)
      : invalidForm({ code: "errors.codeWrong" }, echo, 401);
  throw redirect(safeRedirectPath(echo.redirectTo, homePathFor(s.user)), { headers: { "Set-Cookie": result.cookie } });
}

export default function LoginTwoFactor() {
  const result = useActionData<typeof action>();
  const page = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const { t } = useTranslation();
  const errors = result && !result.ok ? result.errors : undefined;
  const locked = page.locked || errors?.code === "errors.secondFactorLocked";
  return (
    <section aria-labelledby="two-factor-title">
      <h1 id="two-factor-title">{t("twoFactor.codeTitle")}</h1>
      <p className="lede">{t("twoFactor.codeLede")}</p>
      <ErrorSummary errors={errors} labels={{ code: t("twoFactor.code") }} />
      {locked ? (
        <div className="notice" role="status">
          <p>{t("twoFactor.lockedLede")}</p>
          <p>
            <a href="/forgot-password">{t("twoFactor.lockedReset")}</a>
          </p>
        </div>
      ) : null}
      <Form method="post" noValidate>
        <input type="hidden" name="redirectTo" value={result?.values?.redirectTo || params.get("redirectTo") || ""} />
        <TextField
          name="code"
          label={t("twoFactor.code")}
          hint={t("twoFactor.codeHint")}
          autoComplete="one-time-code"
          errors={errors}
        />
        <button type="submit" disabled={navigation.state === "submitting"}>
          {t("twoFactor.verify")}
        </button>
      </Form>
      <p>{t("twoFactor.lostDevice")}</p>
      <form method="post" action="/logout" className="inline-form">
        <button type="submit" className="link-button">
          {t("twoFactor.cancel")}
        </button>
      </form>
    </section>
  );
}
