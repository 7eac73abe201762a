/** Asks a resident to confirm their email address before requests go out to vendors. */
import { z } from "zod";
import {
  appPath,
  button,
  isoDate,
  list,
  organizationName,
  paragraph,
  personName,
  renderWithCopy,
  subjectLine,
  type EmailContent,
  type EmailLocale,
  type CopyHelpers,
  type LocalizedCopy,
  type RenderContext,
  type RenderedEmail,
} from "../layout";

export const name = "verify-email" as const;

export const schema = z.object({
  fullName: personName,
  verifyPath: appPath,
  expiresOn: isoDate,
  vendorNames: z.array(organizationName).max(100),
});

export type VerifyEmailData = z.output<typeof schema>;

/**
 * Shared with verify-reminder (same data, different opening) so the two emails
 * can never disagree about what confirming does.
 */
export function writeVerifyCopy(d: VerifyEmailData, h: CopyHelpers, reminder: boolean): EmailContent {
  const vendors = d.vendorNames;
  const url = h.url(d.verifyPath);
  if (h.locale === "fr-CA") {
    const requests = vendors.length === 1 ? `votre demande à ${vendors[0]}` : "vos demandes";
    return {
      subject: reminder
        ? subjectLine`Rappel : confirmez votre adresse courriel pour que nous transmettions ${requests}`
        : subjectLine`Confirmez votre adresse courriel afin que nous puissions transmettre ${requests}`,
      heading: reminder
        ? "Rappel : votre adresse courriel n'est pas encore confirmée"
        : "Confirmez votre adresse courriel",
      blocks: [
        paragraph(`Bonjour ${d.fullName},`),
        reminder
          ? paragraph(
              `Nous n'avons pas encore transmis ${requests}, car votre adresse courriel n'est toujours pas confirmée.`,
            )
          : paragraph(
              `Avant de transmettre ${requests}, nous devons vérifier que cette adresse courriel vous appartient. C'est à cette adresse que nous vous tiendrons au courant des réponses.`,
            ),
        vendors.length > 1 && paragraph("Entreprises visées :"),
        vendors.length > 1 && list(vendors.map((v) => [v])),
        button(url, "Confirmer mon adresse courriel", h.locale),
        paragraph(`Ce lien expire le ${h.date(d.expiresOn)}.`),
        paragraph(
          "Si vous n'avez déposé aucune demande sur le Portail des droits biométriques, ignorez simplement ce courriel : rien ne sera transmis.",
        ),
      ],
    };
  }
  const requests = vendors.length === 1 ? `your request to ${vendors[0]}` : "your requests";
  return {
    subject: reminder
      ? subjectLine`Reminder: confirm your email address so we can send ${requests}`
      : subjectLine`Confirm your email address so we can send ${requests}`,
    heading: reminder ? "Reminder: your email address is not confirmed yet" : "Confirm your email address",
    blocks: [
      paragraph(`Hello ${d.fullName},`),
      reminder
        ? paragraph(`We haven't sent ${requests} yet because your email address is still not confirmed.`)
        : paragraph(
            `Before we send ${requests}, we need to check that this email address belongs to you. We'll use it to keep you informed of every response.`,
          ),
      vendors.length > 1 && paragraph("Companies concerned:"),
      vendors.length > 1 && list(vendors.map((v) => [v])),
      button(url, "Confirm my email address", h.locale),
      paragraph(`This link expires on ${h.date(d.expiresOn)}.`),
      paragraph(
        "If you didn't file a request on the Biometric Rights Portal, simply ignore this email: nothing will be sent.",
      ),
    ],
  };
}

const copy: LocalizedCopy<VerifyEmailData> = {
  en: (d, h) => writeVerifyCopy(d, h, false),
  "fr-CA": (d, h) => writeVerifyCopy(d, h, false),
};

export function render(data: VerifyEmailData, locale: EmailLocale, ctx: RenderContext): RenderedEmail {
  return renderWithCopy(copy, data, locale, ctx);
}
