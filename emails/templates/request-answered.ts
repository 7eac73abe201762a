/** The vendor's final answer: fulfilled, partially fulfilled or denied. */
import { z } from "zod";
import {
  appPath,
  button,
  facts,
  heading,
  multiLineText,
  organizationName,
  paragraph,
  personName,
  quote,
  renderWithCopy,
  requestReference,
  singleLineText,
  subjectLine,
  type EmailLocale,
  type LocalizedCopy,
  type RenderContext,
  type RenderedEmail,
} from "../layout";

export const name = "request-answered" as const;

export const OUTCOMES = ["fulfilled", "partially_fulfilled", "denied"] as const;

export const schema = z.object({
  fullName: personName,
  reference: requestReference,
  vendorName: organizationName,
  outcome: z.enum(OUTCOMES),
  reason: multiLineText(5000).nullable(),
  // Human label of the legal exception invoked, already localised by the server.
  denialBasis: singleLineText(300).nullable(),
  statusPath: appPath,
});

export type RequestAnsweredData = z.output<typeof schema>;

const copy: LocalizedCopy<RequestAnsweredData> = {
  en: (d, h) => {
    const outcome = {
      fulfilled: { subject: "fulfilled your request", label: "Fulfilled" },
      partially_fulfilled: { subject: "partially fulfilled your request", label: "Partially fulfilled" },
      denied: { subject: "denied your request", label: "Denied" },
    }[d.outcome];
    return {
      subject: subjectLine`${d.vendorName} ${outcome.subject} (ref. ${d.reference})`,
      heading: "The company has answered your request",
      blocks: [
        paragraph(`Hello ${d.fullName},`),
        paragraph(`${d.vendorName} has answered your request. Outcome: ${outcome.label.toLowerCase()}.`),
        facts([
          ["Reference", d.reference],
          ["Company", d.vendorName],
          ["Outcome", outcome.label],
          d.denialBasis ? ["Legal basis for refusal", d.denialBasis] : null,
        ]),
        d.reason && heading("The company's explanation"),
        d.reason && quote(d.reason),
        d.outcome === "fulfilled"
          ? paragraph("The full response is available on your request page.")
          : paragraph(
              "If you disagree with this decision, you may be able to file a complaint with the privacy regulator in your jurisdiction. Your request page explains your options and the time limits that apply.",
            ),
        button(h.url(d.statusPath), `See the full answer to request ${d.reference}`, h.locale),
      ],
    };
  },
  "fr-CA": (d, h) => {
    const outcome = {
      fulfilled: { subject: "a donné suite à votre demande", label: "Demande acceptée" },
      partially_fulfilled: { subject: "a donné suite en partie à votre demande", label: "Demande acceptée en partie" },
      denied: { subject: "a refusé votre demande", label: "Demande refusée" },
    }[d.outcome];
    return {
      subject: subjectLine`${d.vendorName} ${outcome.subject} (réf. ${d.reference})`,
      heading: "L'entreprise a répondu à votre demande",
      blocks: [
        paragraph(`Bonjour ${d.fullName},`),
        paragraph(`${d.vendorName} a répondu à votre demande. Résultat : ${outcome.label.toLowerCase()}.`),
        facts([
          ["Référence", d.reference],
          ["Entreprise", d.vendorName],
          ["Résultat", outcome.label],
          d.denialBasis ? ["Motif de refus invoqué", d.denialBasis] : null,
        ]),
        d.reason && heading("Explications de l'entreprise"),
        d.reason && quote(d.reason),
        d.outcome === "fulfilled"
          ? paragraph("La réponse complète se trouve sur la page de votre demande.")
          : paragraph(
              "Si vous êtes en désaccord avec cette décision, vous pourriez avoir le droit de porter plainte auprès de l'organisme de surveillance de la protection des renseignements personnels de votre territoire. La page de votre demande présente vos recours et les délais à respecter.",
            ),
        button(h.url(d.statusPath), `Voir la réponse complète à la demande ${d.reference}`, h.locale),
      ],
    };
  },
};

export function render(data: RequestAnsweredData, locale: EmailLocale, ctx: RenderContext): RenderedEmail {
  return renderWithCopy(copy, data, locale, ctx);
}
