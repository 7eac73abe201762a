/** Deadline reminder for vendor staff (sent at 7 and 2 days, but any day count reads correctly). */
import { z } from "zod";
import {
  appPath,
  button,
  facts,
  isoDate,
  paragraph,
  personName,
  renderWithCopy,
  requestReference,
  selectPlural,
  subjectLine,
  type EmailLocale,
  type LocalizedCopy,
  type RenderContext,
  type RenderedEmail,
} from "../layout";

export const name = "staff-due-soon" as const;

export const schema = z.object({
  staffName: personName,
  reference: requestReference,
  daysLeft: z.number().int(),
  respondBy: isoDate,
  requestPath: appPath,
});

export type StaffDueSoonData = z.output<typeof schema>;

const copy: LocalizedCopy<StaffDueSoonData> = {
  en: (d, h) => {
    const date = h.date(d.respondBy);
    const days = (n: number) => `${h.number(n)} ${selectPlural(n, "en") === "one" ? "day" : "days"}`;
    let when: string;
    let sentence: string;
    if (d.daysLeft > 1) {
      when = `Due in ${days(d.daysLeft)}`;
      sentence = `Request ${d.reference} is due in ${days(d.daysLeft)}, on ${date}.`;
    } else if (d.daysLeft === 1) {
      when = "Due tomorrow";
      sentence = `Request ${d.reference} is due tomorrow, ${date}.`;
    } else if (d.daysLeft === 0) {
      when = "Due today";
      sentence = `Request ${d.reference} is due today, ${date}.`;
    } else {
      when = `Overdue by ${days(-d.daysLeft)}`;
      sentence = `Request ${d.reference} was due on ${date} and is now overdue by ${days(-d.daysLeft)}.`;
    }
    return {
      subject: subjectLine`${when}: request ${d.reference}`,
      heading: `${when}: request ${d.reference}`,
      blocks: [
        paragraph(`Hello ${d.staffName},`),
        paragraph(sentence),
        facts([
          ["Reference", d.reference],
          ["Response due by", date],
        ]),
        paragraph(
          "If you need more information from the resident or an extension, record it in the portal before the deadline: the resident will be notified automatically.",
        ),
        button(h.url(d.requestPath), `Open request ${d.reference}`, h.locale),
      ],
    };
  },
  "fr-CA": (d, h) => {
    const date = h.date(d.respondBy);
    const days = (n: number) => `${h.number(n)} ${selectPlural(n, "fr-CA") === "one" ? "jour" : "jours"}`;
    let when: string;
    let sentence: string;
    if (d.daysLeft > 1) {
      when = `Échéance dans ${days(d.daysLeft)}`;
      sentence = `La demande ${d.reference} arrive à échéance dans ${days(d.daysLeft)}, soit le ${date}.`;
    } else if (d.daysLeft === 1) {
      when = "Échéance demain";
      sentence = `La demande ${d.reference} arrive à échéance demain, le ${date}.`;
    } else if (d.daysLeft === 0) {
      when = "Échéance aujourd'hui";
      sentence = `La demande ${d.reference} arrive à échéance aujourd'hui, le ${date}.`;
    } else {
      when = `En retard de ${days(-d.daysLeft)}`;
      sentence = `La demande ${d.reference} devait recevoir une réponse au plus tard le ${date}; elle est en retard de ${days(-d.daysLeft)}.`;
    }
    return {
      subject: subjectLine`${when} : demande ${d.reference}`,
      heading: `${when} : demande ${d.reference}`,
      blocks: [
        paragraph(`Bonjour ${d.staffName},`),
        paragraph(sentence),
        facts([
          ["Référence", d.reference],
          ["Date limite de réponse", date],
        ]),
        paragraph(
          "Si vous avez besoin de précisions de la personne requérante ou d'une prolongation du délai, faites-en la demande dans le portail avant l'échéance : elle en sera avisée automatiquement.",
        ),
        button(h.url(d.requestPath), `Ouvrir la demande ${d.reference}`, h.locale),
      ],
    };
  },
};

export function render(data: StaffDueSoonData, locale: EmailLocale, ctx: RenderContext): RenderedEmail {
  return renderWithCopy(copy, data, locale, ctx);
}
