import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { NewPasswordForm } from "~/components/form";
import { useTranslation } from "~/i18n-react";
import { passwordField } from "~/server/accounts/staff-passwords.server";
import { acceptInvite, peekInvite } from "~/server/accounts/staff-invitations.server";
import { ServiceError } from "~/server/core/errors.server";
import { now } from "~/server/core/runtime.server";

export const meta: MetaFunction = () => [
  { title: "Set your password · Choisir votre mot de passe" },
  { name: "robots", content: "noindex" },
];

export async function loader({ params }: LoaderFunctionArgs) {
  return peekInvite(params.token ?? "", now());
}

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await request.formData();
  const parsed = passwordField.safeParse(form.get("password") ?? undefined);
  if (!parsed.success) return data({ errors: { password: parsed.error.issues[0]!.message } }, { status: 400 });
  try {
    await acceptInvite(params.token ?? "", parsed.data, now());
  } catch (err) {
    if (err instanceof ServiceError)
      return data(
        { errors: { password: err.code === "expired" ? "errors.inviteExpired" : "errors.inviteInvalid" } },
        { status: err.status === 404 ? 404 : 409 },
      );
    throw err;
  }
  throw redirect("/login");
}

export default function Invite() {
  const { valid } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <section aria-labelledby="invite-title">
      <h1 id="invite-title">{t("invite.title")}</h1>
      {!valid ? (
        <p className="error-summary" role="alert">
          {t("errors.inviteInvalid")}
        </p>
      ) : (
        <>
          <NewPasswordForm errors={result?.errors} lede={t("invite.lede")} submitLabel={t("invite.submit")} />
          {/* The authenticator is set up at the first sign-in, with the session that proves the password. */}
          <p className="hint">{t("invite.twoFactorNext")}</p>
        </>
      )}
    </section>
  );
}
