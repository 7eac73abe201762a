import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "~/i18n-react";
import { ErrorSummary, TextField } from "~/components/form";
import { emailField } from "~/domain/schemas";
import { detectLocale } from "~/server/core/locale.server";
import { clientAddress, hitRateLimits } from "~/server/security/rate-limit.server";
import { resendStatusLinks } from "~/server/resident/status-links.server";
import { now } from "~/server/core/runtime.server";

export const meta: MetaFunction = () => [{ title: "Find my requests · Retrouver mes demandes" }];

/** `?signedOut=1`: the resident just stopped every link (sign out everywhere) and lands here. */
export async function loader({ request }: LoaderFunctionArgs) {
  return { signedOut: new URL(request.url).searchParams.get("signedOut") === "1" };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const raw = String(form.get("email") ?? "");
  const parsed = emailField.safeParse(raw);
  if (!parsed.success)
    return data(
      { sent: false, errors: { email: parsed.error.issues[0]?.message ?? "errors.email" }, email: raw },
      { status: 400 },
    );
  const limited = hitRateLimits(
    [
      { name: "findPerIp", key: clientAddress(context) },
      { name: "findPerEmail", key: parsed.data },
    ],
    now(),
  );
  if (!limited.ok) {
    return data(
      {
        sent: false,
        errors: { email: "errors.tooManyAttempts" },
        email: raw,
        retryAfterMinutes: Math.ceil(limited.retryAfterSeconds / 60),
      },
      { status: 429, headers: { "Retry-After": String(limited.retryAfterSeconds) } },
    );
  }
  resendStatusLinks(parsed.data, { now: now(), locale: detectLocale(request) });
  // Same answer whether or not the address has requests.
  return { sent: true, errors: {} as Record<string, string>, email: raw };
}

export default function FindRequests() {
  const result = useActionData<typeof action>();
  const { signedOut } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  const errors = result && !result.sent ? result.errors : undefined;
  return (
    <section aria-labelledby="find-title">
      <h1 id="find-title">{t("find.title")}</h1>
      {signedOut && !result ? (
        <p className="notice success" role="status">
          {t("find.signedOut")}
        </p>
      ) : null}
      <p className="lede">{t("find.lede")}</p>
      {result?.sent ? (
        <p className="notice success" role="status">
          {t("find.sent")}
        </p>
      ) : null}
      <ErrorSummary errors={errors} labels={{ email: t("file.email") }} />
      {result && "retryAfterMinutes" in result && result.retryAfterMinutes ? (
        <p>{t("find.retry", { count: Number(result.retryAfterMinutes) })}</p>
      ) : null}
      <Form method="post" noValidate>
        <TextField
          name="email"
          type="email"
          label={t("file.email")}
          autoComplete="email"
          defaultValue={result?.email ?? ""}
          errors={errors}
        />
        <button type="submit" disabled={navigation.state === "submitting"}>
          {t("find.submit")}
        </button>
      </Form>
    </section>
  );
}
