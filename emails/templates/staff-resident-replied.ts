/** Tells vendor staff the resident answered their request for information. */
import { z } from "zod";
import {
  appPath,
  button,
  paragraph,
  personName,
  renderWithCopy,
  requestReference,
  subjectLine,
  type EmailLocale,
  type LocalizedCopy,
  type RenderContext,
  type RenderedEmail,
} from "../layout";

export const name = "staff-resident-replied" as const;

export const schema = z.object({
  staffName: personName,
  reference: requestReference,
  requestPath: appPath,
});

export type StaffResidentRepliedData = z.output<typeof schema>;

// The reply itself is never copied into the email: it may contain identity documents.
const copy: LocalizedCopy<StaffResidentRepliedData> = {
  en: (d, h) => ({
    subject: subjectLine`The resident replied on request ${d.reference}`,
    heading: "New reply from the resident",
    blocks: [
      paragraph(`Hello ${d.staffName},`),
      paragraph(
        `The resident has replied on request ${d.reference}. For privacy, the reply is only available in the portal.`,
      ),
      paragraph("If the response deadline was paused while you waited for this information, it is running again."),
      button(h.url(d.requestPath), `Read the reply on request ${d.reference}`, h.locale),
    ],
  }),
  "fr-CA": (d, h) => ({
    subject: subjectLine`La personne requérante a répondu (demande ${d.reference})`,
    heading: "Nouvelle réponse de la personne requérante",
    blocks: [
      paragraph(`Bonjour ${d.staffName},`),
      paragraph(
        `La personne requérante a répondu dans le dossier de la demande ${d.reference}. Pour des raisons de confidentialité, sa réponse n'est accessible que dans le portail.`,
      ),
      paragraph("Si le délai de réponse était suspendu dans l'attente de ces renseignements, il recommence à courir."),
      button(h.url(d.requestPath), `Lire la réponse (demande ${d.reference})`, h.locale),
    ],
  }),
};

export function render(data: StaffResidentRepliedData, locale: EmailLocale, ctx: RenderContext): RenderedEmail {
  return renderWithCopy(copy, data, locale, ctx);
}
