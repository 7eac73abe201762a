/** Vendor extended its response deadline; residents need the new date and the stated reason. */
import { z } from "zod";
import {
  appPath,
  button,
  facts,
  heading,
  isoDate,
  multiLineText,
  notice,
  organizationName,
  paragraph,
  personName,
  quote,
  renderWithCopy,
  requestReference,
  subjectLine,
  type EmailLocale,
  type LocalizedCopy,
  type RenderContext,
  type RenderedEmail,
} from "../layout";

export const name = "deadline-extended" as const;

export const schema = z.object({
  fullName: personName,
  reference: requestReference,
  vendorName: organizationName,
  previousRespondBy: isoDate,
  newRespondBy: isoDate,
  reason: multiLineText(5000),
  statusPath: appPath,
  // Jurisdiction-specific advice written by the server (e.g. how to contest the extension).
  complaintHint: multiLineText(2000).nullable(),
});

export type DeadlineExtendedData = z.output<typeof schema>;

const copy: LocalizedCopy<DeadlineExtendedData> = {
  en: (d, h) => ({
    subject: subjectLine`${d.vendorName} extended the deadline for your request (ref. ${d.reference})`,
    heading: "The response deadline was extended",
    blocks: [
      paragraph(`Hello ${d.fullName},`),
      paragraph(
        `${d.vendorName} has extended the deadline to respond to your request. The new deadline is ${h.date(d.newRespondBy)}.`,
      ),
      facts([
        ["Reference", d.reference],
        ["Company", d.vendorName],
        ["Previous deadline", h.date(d.previousRespondBy)],
        ["New deadline", h.date(d.newRespondBy)],
      ]),
      heading("Reason given by the company"),
      quote(d.reason),
      d.complaintHint && notice(d.complaintHint),
      button(h.url(d.statusPath), `View request ${d.reference}`, h.locale),
    ],
  }),
  "fr-CA": (d, h) => ({
    subject: subjectLine`${d.vendorName} a prolongé le délai de réponse à votre demande (réf. ${d.reference})`,
    heading: "Le délai de réponse a été prolongé",
    blocks: [
      paragraph(`Bonjour ${d.fullName},`),
      paragraph(
        `${d.vendorName} a prolongé le délai pour répondre à votre demande. La nouvelle date limite est le ${h.date(d.newRespondBy)}.`,
      ),
      facts([
        ["Référence", d.reference],
        ["Entreprise", d.vendorName],
        ["Date limite initiale", h.date(d.previousRespondBy)],
        ["Nouvelle date limite", h.date(d.newRespondBy)],
      ]),
      heading("Motif invoqué par l'entreprise"),
      quote(d.reason),
      d.complaintHint && notice(d.complaintHint),
      button(h.url(d.statusPath), `Consulter la demande ${d.reference}`, h.locale),
    ],
  }),
};

export function render(data: DeadlineExtendedData, locale: EmailLocale, ctx: RenderContext): RenderedEmail {
  return renderWithCopy(copy, data, locale, ctx);
}
