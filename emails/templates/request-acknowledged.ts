/** Vendor confirmed it has seen the request; reassures the resident nothing else changed. */
import { z } from "zod";
import {
  appPath,
  button,
  facts,
  organizationName,
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

export const name = "request-acknowledged" as const;

export const schema = z.object({
  fullName: personName,
  reference: requestReference,
  vendorName: organizationName,
  statusPath: appPath,
});

export type RequestAcknowledgedData = z.output<typeof schema>;

const copy: LocalizedCopy<RequestAcknowledgedData> = {
  en: (d, h) => ({
    subject: subjectLine`${d.vendorName} acknowledged your request (ref. ${d.reference})`,
    heading: "Your request was acknowledged",
    blocks: [
      paragraph(`Hello ${d.fullName},`),
      paragraph(`${d.vendorName} has confirmed that it received your request and is working on it.`),
      facts([
        ["Reference", d.reference],
        ["Company", d.vendorName],
      ]),
      // Residents often read an acknowledgement as an extension; it is not.
      paragraph(
        "An acknowledgement is not an answer and doesn't change the response deadline. We'll email you when the company responds.",
      ),
      button(h.url(d.statusPath), `View request ${d.reference}`, h.locale),
    ],
  }),
  "fr-CA": (d, h) => ({
    subject: subjectLine`${d.vendorName} a accusé réception de votre demande (réf. ${d.reference})`,
    heading: "Accusé de réception de votre demande",
    blocks: [
      paragraph(`Bonjour ${d.fullName},`),
      paragraph(`${d.vendorName} confirme avoir reçu votre demande et s'affaire à la traiter.`),
      facts([
        ["Référence", d.reference],
        ["Entreprise", d.vendorName],
      ]),
      paragraph(
        "Un accusé de réception n'est pas une réponse et ne modifie pas le délai de réponse. Nous vous écrirons dès que l'entreprise aura répondu.",
      ),
      button(h.url(d.statusPath), `Consulter la demande ${d.reference}`, h.locale),
    ],
  }),
};

export function render(data: RequestAcknowledgedData, locale: EmailLocale, ctx: RenderContext): RenderedEmail {
  return renderWithCopy(copy, data, locale, ctx);
}
