/** "Find my requests": sends a resident the links to all their requests. */
import { z } from "zod";
import {
  appPath,
  link,
  list,
  notice,
  organizationName,
  paragraph,
  renderWithCopy,
  requestReference,
  subjectLine,
  type EmailLocale,
  type LocalizedCopy,
  type RenderContext,
  type RenderedEmail,
} from "../layout";

export const name = "status-links" as const;

export const schema = z.object({
  // Empty is allowed: the lookup answers every address the same way (no account enumeration).
  requests: z
    .array(
      z.object({
        reference: requestReference,
        vendorName: organizationName,
        statusPath: appPath,
      }),
    )
    .max(200),
});

export type StatusLinksData = z.output<typeof schema>;

const copy: LocalizedCopy<StatusLinksData> = {
  en: (d, h) => ({
    subject: subjectLine`Links to your requests on the Biometric Rights Portal`,
    heading: "Your requests",
    blocks:
      d.requests.length === 0
        ? [
            paragraph("Hello,"),
            paragraph("Someone asked for links to the requests filed with this email address, but we didn't find any."),
            paragraph("If you didn't ask for this, you can ignore this email."),
          ]
        : [
            paragraph("Hello,"),
            paragraph(
              d.requests.length === 1
                ? "As you asked, here is the link to the request filed with this email address:"
                : `As you asked, here are the links to the ${d.requests.length} requests filed with this email address:`,
            ),
            list(d.requests.map((r) => [link(h.url(r.statusPath), `Request ${r.reference} to ${r.vendorName}`)])),
            // Status links work without a password, so they must be treated like one.
            notice("Anyone with these links can view your requests. Do not forward this email or share the links."),
            paragraph("If you didn't ask for this, you can ignore this email."),
          ],
  }),
  "fr-CA": (d, h) => ({
    subject: subjectLine`Liens vers vos demandes sur le Portail des droits biométriques`,
    heading: "Vos demandes",
    blocks:
      d.requests.length === 0
        ? [
            paragraph("Bonjour,"),
            paragraph(
              "Quelqu'un a demandé les liens vers les demandes déposées avec cette adresse courriel, mais nous n'en avons trouvé aucune.",
            ),
            paragraph("Si vous n'êtes pas à l'origine de cette démarche, vous pouvez ignorer ce courriel."),
          ]
        : [
            paragraph("Bonjour,"),
            paragraph(
              d.requests.length === 1
                ? "Comme vous l'avez demandé, voici le lien vers la demande déposée avec cette adresse courriel :"
                : `Comme vous l'avez demandé, voici les liens vers les ${d.requests.length} demandes déposées avec cette adresse courriel :`,
            ),
            list(d.requests.map((r) => [link(h.url(r.statusPath), `Demande ${r.reference} visant ${r.vendorName}`)])),
            notice(
              "Toute personne qui possède ces liens peut consulter vos demandes. Ne transférez pas ce courriel et ne partagez pas ces liens.",
            ),
            paragraph("Si vous n'êtes pas à l'origine de cette démarche, vous pouvez ignorer ce courriel."),
          ],
  }),
};

export function render(data: StatusLinksData, locale: EmailLocale, ctx: RenderContext): RenderedEmail {
  return renderWithCopy(copy, data, locale, ctx);
}
