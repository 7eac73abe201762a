/** Tells vendor compliance staff a new request arrived and when it is due. */
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
  subjectLine,
  type EmailLocale,
  type LocalizedCopy,
  type RenderContext,
  type RenderedEmail,
} from "../layout";

export const name = "staff-new-request" as const;

export const schema = z.object({
  staffName: personName,
  reference: requestReference,
  vendorName: organizationName,
  requestType,
  // Nullable: requests under no statute may carry no deadline.
  respondBy: isoDate.nullable(),
  requestPath: appPath,
});

export type StaffNewRequestData = z.output<typeof schema>;

// Staff emails deliberately omit the resident's name: inboxes get forwarded; the portal is the record.
const copy: LocalizedCopy<StaffNewRequestData> = {
  en: (d, h) => {
    const type = h.requestType(d.requestType);
    return {
      subject: subjectLine`New ${type} for ${d.vendorName} (ref. ${d.reference})`,
      heading: `New ${type}`,
      blocks: [
        paragraph(`Hello ${d.staffName},`),
        paragraph(`A new ${type} was delivered to ${d.vendorName}.`),
        facts([
          ["Reference", d.reference],
          ["Company", d.vendorName],
          ["Request type", capitalize(type)],
          ["Response due by", d.respondBy ? h.date(d.respondBy) : "No fixed deadline"],
        ]),
        d.respondBy && paragraph(`Please respond by ${h.date(d.respondBy)}.`),
        button(h.url(d.requestPath), `Open request ${d.reference}`, h.locale),
      ],
    };
  },
  "fr-CA": (d, h) => {
    const type = h.requestType(d.requestType);
    return {
      subject: subjectLine`Nouvelle ${type} pour ${d.vendorName} (réf. ${d.reference})`,
      heading: `Nouvelle ${type}`,
      blocks: [
        paragraph(`Bonjour ${d.staffName},`),
        paragraph(`Une nouvelle ${type} a été transmise à ${d.vendorName}.`),
        facts([
          ["Référence", d.reference],
          ["Entreprise", d.vendorName],
          ["Type de demande", capitalize(type)],
          ["Date limite de réponse", d.respondBy ? h.date(d.respondBy) : "Aucun délai précis"],
        ]),
        d.respondBy && paragraph(`Veuillez répondre au plus tard le ${h.date(d.respondBy)}.`),
        button(h.url(d.requestPath), `Ouvrir la demande ${d.reference}`, h.locale),
      ],
    };
  },
};

export function render(data: StaffNewRequestData, locale: EmailLocale, ctx: RenderContext): RenderedEmail {
  return renderWithCopy(copy, data, locale, ctx);
}
