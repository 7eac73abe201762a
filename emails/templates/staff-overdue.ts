/** Escalation to vendor staff once the response deadline has passed. */
import { z } from "zod";
import {
  appPath,
  button,
  facts,
  isoDate,
  notice,
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

export const name = "staff-overdue" as const;

export const schema = z.object({
  staffName: personName,
  reference: requestReference,
  respondBy: isoDate,
  requestPath: appPath,
});

export type StaffOverdueData = z.output<typeof schema>;

const copy: LocalizedCopy<StaffOverdueData> = {
  en: (d, h) => ({
    subject: subjectLine`Overdue: request ${d.reference} was due ${h.date(d.respondBy)}`,
    heading: `Request ${d.reference} is overdue`,
    blocks: [
      paragraph(`Hello ${d.staffName},`),
      paragraph(
        `The deadline to respond to request ${d.reference} was ${h.date(d.respondBy)}, and no answer has been recorded.`,
      ),
      facts([
        ["Reference", d.reference],
        ["Response deadline", h.date(d.respondBy)],
      ]),
      notice(
        "Please respond as soon as possible. Under some laws, an unanswered request is deemed refused, and the resident has been told they may complain to the regulator.",
      ),
      button(h.url(d.requestPath), `Answer request ${d.reference}`, h.locale),
    ],
  }),
  "fr-CA": (d, h) => ({
    subject: subjectLine`En retard : demande ${d.reference} (échéance le ${h.date(d.respondBy)})`,
    heading: `La demande ${d.reference} est en retard`,
    blocks: [
      paragraph(`Bonjour ${d.staffName},`),
      paragraph(
        `La date limite pour répondre à la demande ${d.reference} était le ${h.date(d.respondBy)}, et aucune réponse n'a été consignée.`,
      ),
      facts([
        ["Référence", d.reference],
        ["Date limite de réponse", h.date(d.respondBy)],
      ]),
      notice(
        "Veuillez répondre dans les plus brefs délais. Selon certaines lois, une demande restée sans réponse est réputée refusée, et la personne requérante a été informée qu'elle peut porter plainte auprès de l'organisme de surveillance.",
      ),
      button(h.url(d.requestPath), `Répondre à la demande ${d.reference}`, h.locale),
    ],
  }),
};

export function render(data: StaffOverdueData, locale: EmailLocale, ctx: RenderContext): RenderedEmail {
  return renderWithCopy(copy, data, locale, ctx);
}
