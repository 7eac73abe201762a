import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { NewPasswordForm } from "~/components/form";
import { useTranslation } from "~/i18n-react";
import { passwordField, resetPassword } from "~/server/accounts/staff-passwords.server";
import { ServiceError } from "~/server/core/errors.server";
import { now } from "~/server/core/runtime.server";

export const meta: MetaFunction = () => [
  { title: "New password · Nouveau mot de passe" },
  { name: "robots", content: "noindex" },
];

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await request.formData();
  const parsed = passwordField.safeParse(form.get("password") ?? undefined);
  if (!parsed.success) return data({ errors: { password: parsed.error.issues[0]!.message } }, { status: 400 });
  try {
    await resetPassword(params.token ?? "", parsed.data, now());
  } catch (err) {
    if (err instanceof ServiceError)
      return data(
        { errors: { password: err.code === "expired" ? "errors.resetExpired" : "errors.resetInvalid" } },
        { status: err.status },
      );
    throw err;
  }
  throw redirect("/login");
}

export default function ResetPassword() {
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <section aria-labelledby="reset-title">
      <h1 id="reset-title">{t("reset.title")}</h1>
      <NewPasswordForm errors={result?.errors} submitLabel={t("reset.submit")} />
    </section>
  );
}
