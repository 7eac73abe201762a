/** Resident confirmation sent right after a request is filed. */
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
  strong,
  subjectLine,
  type EmailLocale,
  type LocalizedCopy,
  type RenderContext,
  type RenderedEmail,
} from "../layout";

export const name = "request-filed" as const;

export const schema = z.object({
  fullName: personName,
  reference: requestReference,
  vendorName: organizationName,
  requestType,
  jurisdictionName: singleLineText(200),
  statusPath: appPath,
  // null until the vendor receives the request, or when no deadline applies.
  respondBy: isoDate.nullable(),
  statutory: z.boolean(),
  // Nullable so non-statutory jurisdictions need not invent a citation.
  citation: singleLineText(300).nullable(),
});

export type RequestFiledData = z.output<typeof schema>;

const copy: LocalizedCopy<RequestFiledData> = {
  en: (d, h) => {
    const type = h.requestType(d.requestType);
    const law = d.citation ? `The applicable law (${d.citation})` : `The law of ${d.jurisdictionName}`;
    let deadline: string;
    if (d.respondBy && d.statutory) {
      deadline = `${law} requires ${d.vendorName} to respond by ${h.date(d.respondBy)}.`;
    } else if (d.respondBy) {
      deadline = `No law in ${d.jurisdictionName} sets a fixed deadline for this request, but we have asked ${d.vendorName} to respond by ${h.date(d.respondBy)}.`;
    } else if (d.statutory) {
      deadline = `${law} sets a response deadline that starts when ${d.vendorName} receives your request. We'll email you the exact date as soon as it is delivered.`;
    } else {
      deadline = `No law in ${d.jurisdictionName} sets a fixed deadline for this type of request. We'll email you as soon as ${d.vendorName} responds.`;
    }
    return {
      subject: subjectLine`We received your ${type} to ${d.vendorName} (ref. ${d.reference})`,
      heading: "Your request has been filed",
      blocks: [
        paragraph(`Hello ${d.fullName},`),
        paragraph(
          `Thank you. We have recorded your ${type} to ${d.vendorName}. Keep your reference number handy: `,
          strong(d.reference),
          ".",
        ),
        facts([
          ["Reference", d.reference],
          ["Company", d.vendorName],
          ["Request type", capitalize(type)],
          ["Jurisdiction", d.jurisdictionName],
          d.citation ? ["Legal basis", d.citation] : null,
          d.respondBy ? ["Response due by", h.date(d.respondBy)] : null,
        ]),
        paragraph(deadline),
        paragraph(
          "You can follow every step of your request, reply to the company and see its answer on your request page.",
        ),
        button(h.url(d.statusPath), `View request ${d.reference}`, h.locale),
      ],
    };
  },
  "fr-CA": (d, h) => {
    const type = h.requestType(d.requestType);
    const law = d.citation ? `La loi applicable (${d.citation})` : `La loi applicable (${d.jurisdictionName})`;
    let deadline: string;
    if (d.respondBy && d.statutory) {
      deadline = `${law} oblige ${d.vendorName} à vous répondre au plus tard le ${h.date(d.respondBy)}.`;
    } else if (d.respondBy) {
      deadline = `Aucune loi applicable (${d.jurisdictionName}) n'impose de délai précis pour cette demande, mais nous avons demandé à ${d.vendorName} de vous répondre au plus tard le ${h.date(d.respondBy)}.`;
    } else if (d.statutory) {
      deadline = `${law} prévoit un délai de réponse qui commence à courir dès que ${d.vendorName} reçoit votre demande. Nous vous enverrons la date exacte par courriel dès sa transmission.`;
    } else {
      deadline = `Aucune loi applicable (${d.jurisdictionName}) n'impose de délai précis pour ce type de demande. Nous vous écrirons dès que ${d.vendorName} aura répondu.`;
    }
    return {
      subject: subjectLine`Nous avons bien reçu votre ${type} visant ${d.vendorName} (réf. ${d.reference})`,
      heading: "Votre demande a été déposée",
      blocks: [
        paragraph(`Bonjour ${d.fullName},`),
        paragraph(
          `Merci. Nous avons bien enregistré votre ${type} visant ${d.vendorName}. Conservez votre numéro de référence : `,
          strong(d.reference),
          ".",
        ),
        facts([
          ["Référence", d.reference],
          ["Entreprise", d.vendorName],
          ["Type de demande", capitalize(type)],
          ["Territoire", d.jurisdictionName],
          d.citation ? ["Fondement juridique", d.citation] : null,
          d.respondBy ? ["Date limite de réponse", h.date(d.respondBy)] : null,
        ]),
        paragraph(deadline),
        paragraph(
          "Sur la page de votre demande, vous pouvez en suivre chaque étape, répondre à l'entreprise et consulter sa réponse.",
        ),
        button(h.url(d.statusPath), `Consulter la demande ${d.reference}`, h.locale),
      ],
    };
  },
};

export function render(data: RequestFiledData, locale: EmailLocale, ctx: RenderContext): RenderedEmail {
  return renderWithCopy(copy, data, locale, ctx);
}
