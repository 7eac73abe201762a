/** The vendor missed its deadline: explain the escalation path to the regulator. */
import { z } from "zod";
import {
  appPath,
  button,
  facts,
  heading,
  isoDate,
  notice,
  organizationName,
  paragraph,
  personName,
  renderWithCopy,
  requestReference,
  strong,
  subjectLine,
  type EmailLocale,
  type LocalizedCopy,
  type RenderContext,
  type RenderedEmail,
} from "../layout";

export const name = "deadline-passed" as const;

export const schema = z.object({
  fullName: personName,
  reference: requestReference,
  vendorName: organizationName,
  respondBy: isoDate,
  // True where the statute says an unanswered request is deemed refused (e.g. Québec).
  deemedRefusal: z.boolean(),
  regulatorName: organizationName,
  complaintPath: appPath,
  complaintDeadline: isoDate.nullable(),
  statusPath: appPath,
});

export type DeadlinePassedData = z.output<typeof schema>;

const copy: LocalizedCopy<DeadlinePassedData> = {
  en: (d, h) => {
    const by = d.complaintDeadline ? ` by ${h.date(d.complaintDeadline)}` : "";
    return {
      subject: subjectLine`${d.vendorName} missed the deadline for your request (ref. ${d.reference})`,
      heading: "The response deadline has passed",
      blocks: [
        paragraph(`Hello ${d.fullName},`),
        paragraph(`${d.vendorName} had until ${h.date(d.respondBy)} to respond to your request and has not done so.`),
        facts([
          ["Reference", d.reference],
          ["Company", d.vendorName],
          ["Response deadline", h.date(d.respondBy)],
          ["Regulator", d.regulatorName],
          d.complaintDeadline ? ["Complaint deadline", h.date(d.complaintDeadline)] : null,
        ]),
        heading("What you can do now"),
        d.deemedRefusal
          ? paragraph(
              `The law treats the company's silence as a refusal of your request (a “deemed refusal”). You may therefore file a complaint with the regulator (${d.regulatorName})${by}, just as if your request had been denied.`,
            )
          : paragraph(
              `Missing the deadline may breach the law even though the company's silence is not treated as a refusal. You may file a complaint with the regulator (${d.regulatorName})${by}.`,
            ),
        d.complaintDeadline &&
          notice(
            "Do not wait: a complaint filed after ",
            strong(h.date(d.complaintDeadline)),
            " may be rejected as late.",
          ),
        paragraph("The page below explains how to file your complaint and what to include with it."),
        button(h.url(d.complaintPath), `How to file a complaint with ${d.regulatorName}`, h.locale),
        paragraph("You can also keep following your request: if the company answers late, we will let you know."),
        button(h.url(d.statusPath), `View request ${d.reference}`, h.locale),
      ],
    };
  },
  "fr-CA": (d, h) => {
    const by = d.complaintDeadline ? ` d'ici le ${h.date(d.complaintDeadline)}` : "";
    return {
      subject: subjectLine`${d.vendorName} n'a pas répondu à votre demande dans le délai prévu (réf. ${d.reference})`,
      heading: "Le délai de réponse est expiré",
      blocks: [
        paragraph(`Bonjour ${d.fullName},`),
        paragraph(
          `${d.vendorName} avait jusqu'au ${h.date(d.respondBy)} pour répondre à votre demande et ne l'a pas fait.`,
        ),
        facts([
          ["Référence", d.reference],
          ["Entreprise", d.vendorName],
          ["Date limite de réponse", h.date(d.respondBy)],
          ["Organisme de surveillance", d.regulatorName],
          d.complaintDeadline ? ["Date limite pour porter plainte", h.date(d.complaintDeadline)] : null,
        ]),
        heading("Vos recours"),
        d.deemedRefusal
          ? paragraph(
              `La loi considère le silence de l'entreprise comme un refus : elle est réputée avoir refusé votre demande. Vous pouvez donc porter plainte auprès de l'organisme de surveillance (${d.regulatorName})${by}, comme si votre demande avait été refusée.`,
            )
          : paragraph(
              `Même si la loi ne considère pas ce silence comme un refus, le non-respect du délai peut constituer un manquement. Vous pouvez porter plainte auprès de l'organisme de surveillance (${d.regulatorName})${by}.`,
            ),
        d.complaintDeadline &&
          notice(
            "N'attendez pas : une plainte déposée après le ",
            strong(h.date(d.complaintDeadline)),
            " pourrait être jugée hors délai.",
          ),
        paragraph("La page ci-dessous explique comment porter plainte et quels documents joindre."),
        button(h.url(d.complaintPath), `Comment porter plainte auprès de l'organisme de surveillance`, h.locale),
        paragraph(
          "Vous pouvez aussi continuer de suivre votre demande : si l'entreprise répond en retard, nous vous en informerons.",
        ),
        button(h.url(d.statusPath), `Consulter la demande ${d.reference}`, h.locale),
      ],
    };
  },
};

export function render(data: DeadlinePassedData, locale: EmailLocale, ctx: RenderContext): RenderedEmail {
  return renderWithCopy(copy, data, locale, ctx);
}
