/** Tells the resident their request reached the vendor and the response clock is running. */
import { z } from "zod";
import {
  appPath,
  button,
  capitalize,
  facts,
  isoDate,
  organizationName,
  paragraph,
  personName,
  renderWithCopy,
  requestReference,
  requestType,
  singleLineText,
  subjectLine,
  type EmailLocale,
  type LocalizedCopy,
  type RenderContext,
  type RenderedEmail,
} from "../layout";

export const name = "request-delivered" as const;

export const schema = z.object({
  fullName: personName,
  reference: requestReference,
  vendorName: organizationName,
  requestType,
  receivedOn: isoDate,
  // Nullable: some non-statutory requests have no target date at all.
  respondBy: isoDate.nullable(),
  statutory: z.boolean(),
  citation: singleLineText(300).nullable(),
  statusPath: appPath,
});

export type RequestDeliveredData = z.output<typeof schema>;

const copy: LocalizedCopy<RequestDeliveredData> = {
  en: (d, h) => {
    const type = h.requestType(d.requestType);
    const law = d.citation ? `the applicable law (${d.citation})` : "the applicable law";
    const deadline = d.respondBy
      ? d.statutory
        ? `Under ${law}, ${d.vendorName} must respond by ${h.date(d.respondBy)}. If it doesn't, we'll tell you what you can do next.`
        : `No law sets a fixed deadline for this request, but we have asked ${d.vendorName} to respond by ${h.date(d.respondBy)}.`
      : `No law sets a fixed deadline for this request. We'll email you as soon as ${d.vendorName} responds.`;
    return {
      subject: subjectLine`Your ${type} was delivered to ${d.vendorName} (ref. ${d.reference})`,
      heading: "Your request was delivered",
      blocks: [
        paragraph(`Hello ${d.fullName},`),
        paragraph(
          `Your ${type} was delivered to ${d.vendorName} on ${h.date(d.receivedOn)}.${d.statutory ? " The legal response period starts on that date." : ""}`,
        ),
        facts([
          ["Reference", d.reference],
          ["Company", d.vendorName],
          ["Request type", capitalize(type)],
          ["Received by the company", h.date(d.receivedOn)],
          d.respondBy
            ? [d.statutory ? "Legal response deadline" : "Requested response date", h.date(d.respondBy)]
            : null,
          d.citation ? ["Legal basis", d.citation] : null,
        ]),
        paragraph(deadline),
        button(h.url(d.statusPath), `View request ${d.reference}`, h.locale),
      ],
    };
  },
  "fr-CA": (d, h) => {
    const type = h.requestType(d.requestType);
    const law = d.citation ? `la loi applicable (${d.citation})` : "la loi applicable";
    const deadline = d.respondBy
      ? d.statutory
        ? `En vertu de ${law}, ${d.vendorName} doit vous répondre au plus tard le ${h.date(d.respondBy)}. Sinon, nous vous indiquerons les recours possibles.`
        : `Aucune loi n'impose de délai précis pour cette demande, mais nous avons demandé à ${d.vendorName} de vous répondre au plus tard le ${h.date(d.respondBy)}.`
      : `Aucune loi n'impose de délai précis pour cette demande. Nous vous écrirons dès que ${d.vendorName} aura répondu.`;
    return {
      subject: subjectLine`Votre ${type} a été transmise à ${d.vendorName} (réf. ${d.reference})`,
      heading: "Votre demande a été transmise",
      blocks: [
        paragraph(`Bonjour ${d.fullName},`),
        paragraph(
          `Votre ${type} a été transmise à ${d.vendorName} le ${h.date(d.receivedOn)}.${d.statutory ? " Le délai légal de réponse court à partir de cette date." : ""}`,
        ),
        facts([
          ["Référence", d.reference],
          ["Entreprise", d.vendorName],
          ["Type de demande", capitalize(type)],
          ["Reçue par l'entreprise le", h.date(d.receivedOn)],
          d.respondBy
            ? [d.statutory ? "Date limite légale de réponse" : "Réponse demandée au plus tard le", h.date(d.respondBy)]
            : null,
          d.citation ? ["Fondement juridique", d.citation] : null,
        ]),
        paragraph(deadline),
        button(h.url(d.statusPath), `Consulter la demande ${d.reference}`, h.locale),
      ],
    };
  },
};

export function render(data: RequestDeliveredData, locale: EmailLocale, ctx: RenderContext): RenderedEmail {
  return renderWithCopy(copy, data, locale, ctx);
}
