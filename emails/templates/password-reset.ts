/** Password reset link for staff and regulator accounts. */
import { z } from "zod";
import {
  appPath,
  button,
  paragraph,
  personName,
  renderWithCopy,
  selectPlural,
  subjectLine,
  type EmailLocale,
  type LocalizedCopy,
  type RenderContext,
  type RenderedEmail,
} from "../layout";

export const name = "password-reset" as const;

export const schema = z.object({
  name: personName,
  resetPath: appPath,
  // Capped at a week: a longer-lived reset link would be a standing credential.
  expiresInMinutes: z.number().int().positive().max(10080),
});

export type PasswordResetData = z.output<typeof schema>;

const copy: LocalizedCopy<PasswordResetData> = {
  en: (d, h) => {
    const minutes = `${h.number(d.expiresInMinutes)} ${selectPlural(d.expiresInMinutes, "en") === "one" ? "minute" : "minutes"}`;
    return {
      subject: subjectLine`Reset your Biometric Rights Portal password`,
      heading: "Reset your password",
      blocks: [
        paragraph(`Hello ${d.name},`),
        paragraph("We received a request to reset the password for your Biometric Rights Portal account."),
        button(h.url(d.resetPath), "Choose a new password", h.locale),
        paragraph(`This link expires in ${minutes} and can only be used once.`),
        paragraph("If you didn't ask to reset your password, ignore this email: your password will not change."),
      ],
    };
  },
  "fr-CA": (d, h) => {
    const minutes = `${h.number(d.expiresInMinutes)} ${selectPlural(d.expiresInMinutes, "fr-CA") === "one" ? "minute" : "minutes"}`;
    return {
      subject: subjectLine`Réinitialisation de votre mot de passe du Portail des droits biométriques`,
      heading: "Réinitialisez votre mot de passe",
      blocks: [
        paragraph(`Bonjour ${d.name},`),
        paragraph(
          "Nous avons reçu une demande de réinitialisation du mot de passe de votre compte sur le Portail des droits biométriques.",
        ),
        button(h.url(d.resetPath), "Choisir un nouveau mot de passe", h.locale),
        paragraph(`Ce lien expire dans ${minutes} et ne peut être utilisé qu'une seule fois.`),
        paragraph(
          "Si vous n'avez pas demandé la réinitialisation de votre mot de passe, ignorez ce courriel : votre mot de passe restera inchangé.",
        ),
      ],
    };
  },
};

export function render(data: PasswordResetData, locale: EmailLocale, ctx: RenderContext): RenderedEmail {
  return renderWithCopy(copy, data, locale, ctx);
}
