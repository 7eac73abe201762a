import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "~/i18n-react";
import { ServiceError } from "~/server/core/errors.server";
import { now } from "~/server/core/runtime.server";
import { peekUnlockLink, unlockWithLink } from "~/server/security/second-factor-lock.server";

export const meta: MetaFunction = () => [
  { title: "Unlock sign-in codes · Déverrouiller les codes de connexion" },
  { name: "robots", content: "noindex" },
];

/**
 * The link of the "second factor locked" email. GET only shows a button: mail scanners that
 * fetch links must not lift the lock (nor spend the link). The POST lifts it.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const state = peekUnlockLink(params.token ?? "", now());
  return data({ state }, { status: state === "invalid" ? 404 : 200 });
}

export async function action({ params }: ActionFunctionArgs) {
  try {
    unlockWithLink(params.token ?? "", now());
    return data({ ok: true as const });
  } catch (err) {
    if (err instanceof ServiceError)
      return data(
        { ok: false as const, state: err.code === "expired" ? ("expired" as const) : ("invalid" as const) },
        { status: err.status },
      );
    throw err;
  }
}

export default function UnlockSecondFactor() {
  const { state } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  if (result?.ok) {
    return (
      <section aria-labelledby="unlock-title">
        <h1 id="unlock-title">{t("unlock.doneTitle")}</h1>
        <p className="notice success" role="status">
          {t("unlock.done")}
        </p>
        <p>{t("unlock.changePassword")}</p>
        <p>
          <a href="/forgot-password">{t("unlock.reset")}</a>
        </p>
        <p>
          <a href="/login">{t("unlock.signIn")}</a>
        </p>
      </section>
    );
  }
  const shown = result && !result.ok ? result.state : state;
  return (
    <section aria-labelledby="unlock-title">
      <h1 id="unlock-title">{t("unlock.title")}</h1>
      {shown === "valid" ? (
        <>
          <p className="lede">{t("unlock.lede")}</p>
          <Form method="post">
            <button type="submit" disabled={navigation.state === "submitting"}>
              {t("unlock.submit")}
            </button>
          </Form>
          <p>{t("unlock.notYou")}</p>
        </>
      ) : (
        <p className="notice" role="status">
          {shown === "expired" ? t("unlock.expired") : t("unlock.invalid")}
        </p>
      )}
      <p>
        <a href="/forgot-password">{t("unlock.reset")}</a>
      </p>
    </section>
  );
}
