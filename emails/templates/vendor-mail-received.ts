/**
 * An email-only company wrote back on a request: either a reply (the resident should read it
 * and say what it is) or a delivery failure of the letter (the resident may know a better
 * address). The email says only that something arrived; the content stays behind the link.
 * For a bounce it names the address that refused the letter and lists the other addresses the
 * company publishes, so the resident can send the letter there without searching for them.
 */
import { z } from "zod";
import {
  appPath,
  button,
  code,
  facts,
  list,
  organizationName,
  paragraph,
  personName,
  renderWithCopy,
  requestReference,
  subjectLine,
  toSingleLine,
  type Block,
  type EmailLocale,
  type LocalizedCopy,
  type RenderContext,
  type RenderedEmail,
} from "../layout";

export const name = "vendor-mail-received" as const;

export const schema = z.object({
  fullName: personName,
  reference: requestReference,
  vendorName: organizationName,
  kind: z.enum(["reply", "bounce"]),
  statusPath: appPath,
  /** Bounce only: the address that refused the letter. */
  bouncedAddress: z.email().max(254).optional(),
  /** Bounce only: the company's other published addresses (empty: it publishes none). */
  otherContacts: z
    .array(
      z.object({
        email: z.email().max(254),
        label: z.string().transform(toSingleLine).pipe(z.string().max(120)).default(""),
      }),
    )
    .max(10)
    .default([]),
});

function contactItems(d: VendorMailReceivedData): Block {
  return list(d.otherContacts.map((c) => (c.label ? [code(c.email), ` — ${c.label}`] : [code(c.email)])));
}

export type VendorMailReceivedData = z.output<typeof schema>;

const copy: LocalizedCopy<VendorMailReceivedData> = {
  en: (d, h) =>
    d.kind === "reply"
      ? {
          subject: subjectLine`${d.vendorName} replied by email (ref. ${d.reference})`,
          heading: "The company replied by email",
          blocks: [
            paragraph(`Hello ${d.fullName},`),
            paragraph(`${d.vendorName} replied by email to your request. The reply is on your request's page.`),
            facts([
              ["Reference", d.reference],
              ["Company", d.vendorName],
            ]),
            paragraph(
              "Please read it and tell us in one step what it is: an answer, a request for information, a refusal, or something else.",
            ),
            button(h.url(d.statusPath), `Read the reply (${d.reference})`, h.locale),
          ],
        }
      : {
          subject: subjectLine`Your letter to ${d.vendorName} could not be delivered (ref. ${d.reference})`,
          heading: "The letter could not be delivered",
          blocks: [
            paragraph(`Hello ${d.fullName},`),
            paragraph(
              `The email server of ${d.vendorName} refused the letter sent on your behalf: the company has not received your request.`,
            ),
            facts([
              ["Reference", d.reference],
              ["Company", d.vendorName],
            ]),
            d.bouncedAddress
              ? paragraph(
                  "The letter was sent to ",
                  code(d.bouncedAddress),
                  ", the privacy address the company publishes.",
                )
              : null,
            ...(d.otherContacts.length > 0
              ? [
                  paragraph(`${d.vendorName} also publishes these addresses:`),
                  contactItems(d),
                  paragraph(
                    "You can send your request to one of them yourself: your request's page has every detail of the request (and its case file) to copy into your email.",
                  ),
                ]
              : [
                  paragraph(
                    "The company publishes no other address that we know of. If you find one (in its privacy policy, for example), you can send your request there yourself: your request's page has every detail of the request.",
                  ),
                ]),
            button(h.url(d.statusPath), `View request ${d.reference}`, h.locale),
          ],
        },
  "fr-CA": (d, h) =>
    d.kind === "reply"
      ? {
          subject: subjectLine`${d.vendorName} a répondu par courriel (réf. ${d.reference})`,
          heading: "L'entreprise a répondu par courriel",
          blocks: [
            paragraph(`Bonjour ${d.fullName},`),
            paragraph(
              `${d.vendorName} a répondu par courriel à votre demande. La réponse se trouve sur la page de votre demande.`,
            ),
            facts([
              ["Référence", d.reference],
              ["Entreprise", d.vendorName],
            ]),
            paragraph(
              "Veuillez la lire et nous indiquer en une étape de quoi il s'agit : une réponse, une demande de renseignements, un refus ou autre chose.",
            ),
            button(h.url(d.statusPath), `Lire la réponse (${d.reference})`, h.locale),
          ],
        }
      : {
          subject: subjectLine`Votre lettre à ${d.vendorName} n'a pas pu être livrée (réf. ${d.reference})`,
          heading: "La lettre n'a pas pu être livrée",
          blocks: [
            paragraph(`Bonjour ${d.fullName},`),
            paragraph(
              `Le serveur de courriel de ${d.vendorName} a refusé la lettre envoyée en votre nom : l'entreprise n'a pas reçu votre demande.`,
            ),
            facts([
              ["Référence", d.reference],
              ["Entreprise", d.vendorName],
            ]),
            d.bouncedAddress
              ? paragraph(
                  "La lettre a été envoyée à ",
                  code(d.bouncedAddress),
                  ", l'adresse que l'entreprise publie pour la vie privée.",
                )
              : null,
            ...(d.otherContacts.length > 0
              ? [
                  paragraph(`${d.vendorName} publie aussi ces adresses :`),
                  contactItems(d),
                  paragraph(
                    "Vous pouvez envoyer votre demande vous-même à l’une d’elles : la page de votre demande en donne tous les détails (et son dossier) à copier dans votre courriel.",
                  ),
                ]
              : [
                  paragraph(
                    "L'entreprise ne publie aucune autre adresse à notre connaissance. Si vous en trouvez une (dans sa politique de confidentialité, par exemple), vous pouvez lui envoyer votre demande vous-même : la page de votre demande en donne tous les détails.",
                  ),
                ]),
            button(h.url(d.statusPath), `Consulter la demande ${d.reference}`, h.locale),
          ],
        },
};

export function render(data: VendorMailReceivedData, locale: EmailLocale, ctx: RenderContext): RenderedEmail {
  return renderWithCopy(copy, data, locale, ctx);
}
