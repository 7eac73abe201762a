/** Vendor asks the resident for identity proof or clarification. */
import { z } from "zod";
import {
  appPath,
  button,
  facts,
  heading,
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

export const name = "info-requested" as const;

export const schema = z.object({
  fullName: personName,
  reference: requestReference,
  vendorName: organizationName,
  message: multiLineText(5000),
  clockPaused: z.boolean(),
  statusPath: appPath,
});

export type InfoRequestedData = z.output<typeof schema>;

const copy: LocalizedCopy<InfoRequestedData> = {
  en: (d, h) => ({
    subject: subjectLine`${d.vendorName} needs more information about your request (ref. ${d.reference})`,
    heading: "The company needs more information",
    blocks: [
      paragraph(`Hello ${d.fullName},`),
      paragraph(`${d.vendorName} has asked for more information before it can process your request.`),
      facts([
        ["Reference", d.reference],
        ["Company", d.vendorName],
      ]),
      heading("Message from the company"),
      quote(d.message),
      paragraph(
        d.clockPaused
          ? "The response deadline is paused until you reply. It starts running again as soon as you send the requested information."
          : "The response deadline is not paused: the company must still answer on time.",
      ),
      // Vendor messages are an obvious phishing vector; steer replies to the portal.
      notice(
        "Reply only through your request page. Never send identity documents by email, and be wary of any message asking you to do so.",
      ),
      button(h.url(d.statusPath), `Reply on the page for request ${d.reference}`, h.locale),
    ],
  }),
  "fr-CA": (d, h) => ({
    subject: subjectLine`${d.vendorName} a besoin de précisions sur votre demande (réf. ${d.reference})`,
    heading: "L'entreprise a besoin de précisions",
    blocks: [
      paragraph(`Bonjour ${d.fullName},`),
      paragraph(
        `${d.vendorName} vous demande des renseignements supplémentaires avant de pouvoir traiter votre demande.`,
      ),
      facts([
        ["Référence", d.reference],
        ["Entreprise", d.vendorName],
      ]),
      heading("Message de l'entreprise"),
      quote(d.message),
      paragraph(
        d.clockPaused
          ? "Le délai de réponse est suspendu jusqu'à ce que vous répondiez. Il recommencera à courir dès que vous aurez transmis les renseignements demandés."
          : "Le délai de réponse n'est pas suspendu : l'entreprise doit tout de même vous répondre dans les temps.",
      ),
      notice(
        "Répondez uniquement à partir de la page de votre demande. N'envoyez jamais de pièces d'identité par courriel et méfiez-vous de tout message qui vous le demande.",
      ),
      button(h.url(d.statusPath), `Répondre sur la page de la demande ${d.reference}`, h.locale),
    ],
  }),
};

export function render(data: InfoRequestedData, locale: EmailLocale, ctx: RenderContext): RenderedEmail {
  return renderWithCopy(copy, data, locale, ctx);
}
