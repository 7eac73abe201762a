/**
 * Sent once when too many wrong second-factor codes locked a staff or regulator account. Only
 * someone with the password reaches the code step, so it also says the password is known.
 */
import { z } from "zod";
import {
  appPath,
  button,
  link,
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

export const name = "second-factor-locked" as const;

export const schema = z.object({
  name: personName,
  failures: z.number().int().positive().max(1_000_000),
  unlockPath: appPath,
  // Capped at a day: the link lifts a lock that guards the account, it must not linger.
  expiresInMinutes: z.number().int().positive().max(1440),
});

export type SecondFactorLockedData = z.output<typeof schema>;

/** Where a new password is chosen; fixed, so not part of the payload. */
const FORGOT_PASSWORD_PATH = "/forgot-password";

const copy: LocalizedCopy<SecondFactorLockedData> = {
  en: (d, h) => {
    const minutes = `${h.number(d.expiresInMinutes)} ${selectPlural(d.expiresInMinutes, "en") === "one" ? "minute" : "minutes"}`;
    return {
      subject: subjectLine`Your Biometric Rights Portal sign-in codes are locked`,
      heading: "Sign-in codes locked after wrong attempts",
      blocks: [
        paragraph(`Hello ${d.name},`),
        paragraph(
          `Someone who knows your password entered a wrong sign-in code ${h.number(d.failures)} times for your Biometric Rights Portal account. To stop them from guessing further, we locked the second step of your sign-in: no code is accepted, not even a right one, until the lock is lifted.`,
        ),
        paragraph(
          "If it was you, lift the lock here. The page that opens has a button; nothing changes until you press it.",
        ),
        button(h.url(d.unlockPath), "Lift the lock", h.locale),
        paragraph(`This link expires in ${minutes} and can only be used once.`),
        paragraph(
          "If it was not you, your password is known to someone else: ",
          link(h.url(FORGOT_PASSWORD_PATH), "choose a new password now"),
          ". A new password also lifts the lock (even after this link has expired) and signs you out everywhere.",
        ),
      ],
    };
  },
  "fr-CA": (d, h) => {
    const minutes = `${h.number(d.expiresInMinutes)} ${selectPlural(d.expiresInMinutes, "fr-CA") === "one" ? "minute" : "minutes"}`;
    return {
      subject: subjectLine`Vos codes de connexion au Portail des droits biométriques sont verrouillés`,
      heading: "Codes de connexion verrouillés après des essais erronés",
      blocks: [
        paragraph(`Bonjour ${d.name},`),
        paragraph(
          `Une personne qui connaît votre mot de passe a saisi un code de connexion erroné ${h.number(d.failures)} fois pour votre compte sur le Portail des droits biométriques. Pour l'empêcher de continuer à deviner, nous avons verrouillé la deuxième étape de votre connexion : aucun code n'est accepté, pas même un bon code, tant que le verrouillage n'est pas levé.`,
        ),
        paragraph(
          "Si c'était vous, levez le verrouillage ici. La page qui s'ouvre comporte un bouton : rien ne change tant que vous n'appuyez pas dessus.",
        ),
        button(h.url(d.unlockPath), "Lever le verrouillage", h.locale),
        paragraph(`Ce lien expire dans ${minutes} et ne peut être utilisé qu'une seule fois.`),
        paragraph(
          "Si ce n'était pas vous, quelqu'un d'autre connaît votre mot de passe : ",
          link(h.url(FORGOT_PASSWORD_PATH), "choisissez-en un nouveau dès maintenant"),
          ". Un nouveau mot de passe lève aussi le verrouillage (même après l'expiration de ce lien) et vous déconnecte partout.",
        ),
      ],
    };
  },
};

export function render(data: SecondFactorLockedData, locale: EmailLocale, ctx: RenderContext): RenderedEmail {
  return renderWithCopy(copy, data, locale, ctx);
}
