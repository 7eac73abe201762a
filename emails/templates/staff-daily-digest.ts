/** Morning summary of a vendor's open requests for its compliance staff. */
import { z } from "zod";
import {
  appPath,
  facts,
  heading,
  isoDate,
  link,
  list,
  organizationName,
  paragraph,
  personName,
  renderWithCopy,
  requestReference,
  singleLineText,
  subjectLine,
  type EmailLocale,
  type LocalizedCopy,
  type RenderContext,
  type RenderedEmail,
} from "../layout";

export const name = "staff-daily-digest" as const;

const count = z.number().int().min(0);

export const schema = z.object({
  staffName: personName,
  vendorName: organizationName,
  date: isoDate,
  counts: z.object({ open: count, dueSoon: count, overdue: count, newToday: count }),
  items: z
    .array(
      z.object({
        reference: requestReference,
        respondBy: isoDate,
        // Workflow state code from the server (e.g. "info_requested").
        state: singleLineText(100),
        requestPath: appPath,
      }),
    )
    .max(500),
});

export type StaffDailyDigestData = z.output<typeof schema>;

// Known workflow states get proper labels; unknown codes fall back to a readable
// form so a new server state never breaks the digest.
const STATE_LABELS: Record<EmailLocale, Record<string, string>> = {
  en: {
    filed: "Filed",
    pending_verification: "Awaiting email confirmation",
    delivered: "Delivered",
    acknowledged: "Acknowledged",
    info_requested: "Waiting for the resident",
    resident_replied: "Resident replied",
    extended: "Deadline extended",
    answered: "Answered",
    overdue: "Overdue",
    closed: "Closed",
    withdrawn: "Withdrawn",
  },
  "fr-CA": {
    filed: "Déposée",
    pending_verification: "En attente de confirmation du courriel",
    delivered: "Transmise",
    acknowledged: "Réception confirmée",
    info_requested: "En attente de la personne requérante",
    resident_replied: "La personne requérante a répondu",
    extended: "Délai prolongé",
    answered: "Répondue",
    overdue: "En retard",
    closed: "Fermée",
    withdrawn: "Retirée",
  },
};

function labelState(state: string, locale: EmailLocale): string {
  const known = STATE_LABELS[locale][state];
  if (known) return known;
  const readable = state.replace(/_/g, " ");
  return readable.charAt(0).toLocaleUpperCase() + readable.slice(1);
}

const copy: LocalizedCopy<StaffDailyDigestData> = {
  en: (d, h) => ({
    subject: subjectLine`Daily summary for ${d.vendorName}: ${d.counts.overdue} overdue, ${d.counts.dueSoon} due soon (${h.date(d.date)})`,
    heading: `Daily summary \u2014 ${h.date(d.date)}`,
    blocks: [
      paragraph(`Hello ${d.staffName},`),
      paragraph(`Here is the status of requests addressed to ${d.vendorName}.`),
      facts([
        ["Open requests", h.number(d.counts.open)],
        ["New today", h.number(d.counts.newToday)],
        ["Due soon", h.number(d.counts.dueSoon)],
        ["Overdue", h.number(d.counts.overdue)],
      ]),
      heading("Requests"),
      d.items.length === 0
        ? paragraph("No requests need your attention today.")
        : list(
            d.items.map((item) => [
              link(h.url(item.requestPath), `Request ${item.reference}`),
              ` \u2014 due ${h.date(item.respondBy)} \u2014 ${labelState(item.state, "en")}`,
            ]),
          ),
    ],
  }),
  "fr-CA": (d, h) => ({
    subject: subjectLine`Résumé quotidien (${d.vendorName}) : ${d.counts.overdue} en retard, ${d.counts.dueSoon} à échéance proche (${h.date(d.date)})`,
    heading: `Résumé quotidien \u2014 ${h.date(d.date)}`,
    blocks: [
      paragraph(`Bonjour ${d.staffName},`),
      paragraph(`Voici l'état des demandes adressées à ${d.vendorName}.`),
      facts([
        ["Demandes ouvertes", h.number(d.counts.open)],
        ["Nouvelles aujourd'hui", h.number(d.counts.newToday)],
        ["Échéance proche", h.number(d.counts.dueSoon)],
        ["En retard", h.number(d.counts.overdue)],
      ]),
      heading("Demandes"),
      d.items.length === 0
        ? paragraph("Aucune demande ne requiert votre attention aujourd'hui.")
        : list(
            d.items.map((item) => [
              link(h.url(item.requestPath), `Demande ${item.reference}`),
              ` \u2014 échéance le ${h.date(item.respondBy)} \u2014 ${labelState(item.state, "fr-CA")}`,
            ]),
          ),
    ],
  }),
};

export function render(data: StaffDailyDigestData, locale: EmailLocale, ctx: RenderContext): RenderedEmail {
  return renderWithCopy(copy, data, locale, ctx);
}
