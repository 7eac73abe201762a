import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { ErrorSummary, TextField } from "~/components/form";
import { safeRedirectPath } from "~/domain/schemas";
import { useTranslation } from "~/i18n-react";
import {
  getStaffSession,
  homePathFor,
  shareRotatedSession,
  type StaffSession,
} from "~/server/security/staff-sessions.server";
import { formValues, toHttpError } from "~/server/core/http.server";
import { clientAddress } from "~/server/security/rate-limit.server";
import { now } from "~/server/core/runtime.server";
import {
  confirmEnrolment,
  limitSecondFactorAttempts,
  countUnusedRecoveryCodes,
  regenerateRecoveryCodes,
} from "~/server/security/two-factor.server";
import { openPendingSecret, prepareEnrolment, totpCodeSchema } from "~/server/security/totp.server";

export const meta: MetaFunction = () => [
  { title: "Second factor · Deuxième facteur" },
  { name: "robots", content: "noindex" },
];

/**
 * Enrolment (no authenticator yet: reachable with the password-only session of the first
 * login) and, once enrolled with both factors passed, recovery-code management. An enrolled
 * account whose session has only the password is sent to the code page: the password alone
 * must never be enough to replace an authenticator.
 */
async function requireAccountSession(request: Request, context: unknown): Promise<StaffSession> {
  const s = await getStaffSession(request, now(), context);
  const url = new URL(request.url);
  if (!s) throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname)}`);
  if (s.session.totpEnabled && s.session.secondFactorAt == null) {
    const redirectTo = url.searchParams.get("redirectTo");
    throw redirect(`/login/two-factor${redirectTo ? `?redirectTo=${encodeURIComponent(redirectTo)}` : ""}`);
  }
  return s;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  // After an enrolment posted without JavaScript this runs in the same request as the action,
  // and reads the session the action just created (see shareRotatedSession).
  const s = await requireAccountSession(request, context);
  if (!s.session.totpEnabled) {
    const enrolment = await prepareEnrolment(s.user);
    return { mode: "enrol" as const, ...enrolment, recoveryLeft: 0 };
  }
  return {
    mode: "manage" as const,
    secret: null,
    pending: null,
    uri: null,
    qrDataUrl: null,
    recoveryLeft: countUnusedRecoveryCodes(s.user.id),
  };
}

type ActionResult =
  | { ok: true; recoveryCodes: string[]; next: string; enrolled: boolean }
  | { ok: false; errors: Record<string, string>; secret?: string; pending?: string; qrDataUrl?: string; uri?: string };

export async function action({ request, context }: ActionFunctionArgs) {
  const s = await requireAccountSession(request, context);
  const values = formValues(await request.formData());
  const next = safeRedirectPath(String(values.redirectTo ?? ""), homePathFor(s.user));
  const intent = values.intent;
  if (intent !== "enrol" && intent !== "regenerate") throw new Response("Bad request", { status: 400 });
  if (intent === "enrol" && s.session.totpEnabled) throw new Response("Conflict", { status: 409 });
  if (intent === "regenerate" && (!s.session.totpEnabled || s.session.secondFactorAt == null))
    throw new Response("Not found", { status: 404 });

  // The secret comes back sealed by the server: a browser cannot substitute one of its choosing.
  const secret = intent === "enrol" ? openPendingSecret(s.user.id, values.pending) : null;
  if (intent === "enrol" && !secret) throw new Response("Bad request", { status: 400 });
  // On a wrong code the page comes back with the same secret and QR code.
  const again = async () => (secret ? await prepareEnrolment(s.user, secret) : {});
  const code = totpCodeSchema.safeParse(values.code);
  if (!code.success)
    return data<ActionResult>(
      { ok: false, errors: { code: code.error.issues[0]!.message }, ...(await again()) },
      { status: 400 },
    );
  const limited = limitSecondFactorAttempts(s.user.id, clientAddress(context), now());
  if (!limited.ok) {
    return data<ActionResult>(
      { ok: false, errors: { code: "errors.tooManyAttempts" }, ...(await again()) },
      { status: 429, headers: { "Retry-After": String(limited.retryAfterSeconds) } },
    );
  }
  if (secret) {
    // A second post of the same form (double click) finds the account enrolled: 409, not a 500.
    const result = await confirmEnrolment(s, secret, code.data, now()).catch(toHttpError);
    if (!result.ok)
      return data<ActionResult>(
        { ok: false, errors: { code: "errors.codeWrong" }, ...(await again()) },
        { status: 401 },
      );
    // The codes are shown once, on this very answer (a redirect would lose them); the new
    // session's cookie is set on it, and the loaders that run after it read that session.
    shareRotatedSession(context, result.cookie);
    return data<ActionResult>(
      { ok: true, recoveryCodes: result.recoveryCodes, next, enrolled: true },
      { headers: { "Set-Cookie": result.cookie } },
    );
  }
  const result = regenerateRecoveryCodes(s, code.data, now());
  if (!result.ok) {
    return result.locked
      ? data<ActionResult>({ ok: false, errors: { code: "errors.secondFactorLocked" } }, { status: 423 })
      : data<ActionResult>({ ok: false, errors: { code: "errors.codeWrong" } }, { status: 401 });
  }
  return data<ActionResult>({ ok: true, recoveryCodes: result.recoveryCodes, next, enrolled: false });
}

function RecoveryCodes({ codes, next, enrolled }: { codes: string[]; next: string; enrolled: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      <p className="notice success" role="status">
        {enrolled ? t("twoFactor.enrolled") : t("twoFactor.regenerated")}
      </p>
      <h2>{t("twoFactor.recoveryTitle")}</h2>
      <p>{t("twoFactor.recoveryLede", { count: codes.length })}</p>
      <ul className="recovery-codes" aria-label={t("twoFactor.recoveryTitle")}>
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ul>
      <p>
        <a href={next}>{t("twoFactor.continue")}</a>
      </p>
    </>
  );
}

export default function AccountTwoFactor() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const { t } = useTranslation();
  const redirectTo = params.get("redirectTo") ?? "";
  if (result?.ok) {
    return (
      <section aria-labelledby="two-factor-title">
        <h1 id="two-factor-title">{t("twoFactor.manageTitle")}</h1>
        <RecoveryCodes codes={result.recoveryCodes} next={result.next} enrolled={result.enrolled} />
      </section>
    );
  }
  const errors = result && !result.ok ? result.errors : undefined;
  if (d.mode === "manage") {
    return (
      <section aria-labelledby="two-factor-title">
        <h1 id="two-factor-title">{t("twoFactor.manageTitle")}</h1>
        <p>{t("twoFactor.active")}</p>
        <p>{t("twoFactor.recoveryLeft", { count: d.recoveryLeft })}</p>
        <h2>{t("twoFactor.regenerateTitle")}</h2>
        <p>{t("twoFactor.regenerateLede")}</p>
        <ErrorSummary errors={errors} labels={{ code: t("twoFactor.code") }} />
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="regenerate" />
          <TextField name="code" label={t("twoFactor.appCode")} autoComplete="one-time-code" errors={errors} />
          <button type="submit" disabled={navigation.state === "submitting"}>
            {t("twoFactor.regenerate")}
          </button>
        </Form>
      </section>
    );
  }
  const secret = (result && !result.ok && result.secret) || d.secret;
  const pending = (result && !result.ok && result.pending) || d.pending;
  const qr = (result && !result.ok && result.qrDataUrl) || d.qrDataUrl;
  const uri = (result && !result.ok && result.uri) || d.uri;
  return (
    <section aria-labelledby="two-factor-title">
      <h1 id="two-factor-title">{t("twoFactor.enrolTitle")}</h1>
      <p className="lede">{t("twoFactor.enrolLede")}</p>
      <ErrorSummary errors={errors} labels={{ code: t("twoFactor.appCode") }} />
      <ol>
        <li>
          <p>{t("twoFactor.enrolStep1")}</p>
          {qr ? <img src={qr} alt={t("twoFactor.qrAlt")} width={220} height={220} className="qr-code" /> : null}
          <p>
            {t("twoFactor.secretText")} <code className="totp-secret">{secret?.match(/.{1,4}/g)?.join(" ")}</code>
          </p>
          {uri ? (
            <p>
              <a href={uri}>{t("twoFactor.openApp")}</a>
            </p>
          ) : null}
        </li>
        <li>
          <p>{t("twoFactor.enrolStep2")}</p>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="enrol" />
            <input type="hidden" name="pending" value={pending ?? ""} />
            <input type="hidden" name="redirectTo" value={redirectTo} />
            <TextField name="code" label={t("twoFactor.appCode")} autoComplete="one-time-code" errors={errors} />
            <button type="submit" disabled={navigation.state === "submitting"}>
              {t("twoFactor.confirm")}
            </button>
          </Form>
        </li>
      </ol>
      <form method="post" action="/logout" className="inline-form">
        <button type="submit" className="link-button">
          {t("twoFactor.cancel")}
        </button>
      </form>
    </section>
  );
}
