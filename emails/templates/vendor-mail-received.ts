/**
 * An email-only company wrote back on a request: either a reply (the resident should read it
 * and say what it is) or a delivery failure of the letter (the resident may know a better
 * address). The email says only that something arrived; the content stays behind the link.
 */
import { z } from 'zod';
import {
  appPath,
  button,
  facts,
  organizationName,
  paragraph,
  personName,
  renderWithCopy,
  requestReference,
  subjectLine,
  type EmailLocale,
  type LocalizedCopy,
  type RenderContext,
  type RenderedEmail,
} from '../layout';

export const name = 'vendor-mail-received' as const;

export const schema = z.object({
  fullName: personName,
  reference: requestReference,
  vendorName: organizationName,
  kind: z.enum(['reply', 'bounce']),
  statusPath: appPath,
});

export type VendorMailReceivedData = z.output<typeof schema>;

const copy: LocalizedCopy<VendorMailReceivedData> = {
  en: (d, h) =>
    d.kind === 'reply'
      ? {
          subject: subjectLine`${d.vendorName} replied by email (ref. ${d.reference})`,
          heading: 'The company replied by email',
          blocks: [
            paragraph(`Hello ${d.fullName},`),
            paragraph(`${d.vendorName} replied by email to your request. The reply is on your request's page.`),
            facts([
              ['Reference', d.reference],
              ['Company', d.vendorName],
            ]),
            paragraph('Please read it and tell us in one step what it is: an answer, a request for information, a refusal, or something else.'),
            button(h.url(d.statusPath), `Read the reply (${d.reference})`, h.locale),
          ],
        }
      : {
          subject: subjectLine`Your letter to ${d.vendorName} could not be delivered (ref. ${d.reference})`,
          heading: 'The letter could not be delivered',
          blocks: [
            paragraph(`Hello ${d.fullName},`),
            paragraph(`The email server of ${d.vendorName} refused the letter sent on your behalf: the company has not received your request.`),
            facts([
              ['Reference', d.reference],
              ['Company', d.vendorName],
            ]),
            paragraph("If you know another address the company publishes for privacy requests (its privacy policy usually names one), you can send the request there yourself; your request's page has the details."),
            button(h.url(d.statusPath), `View request ${d.reference}`, h.locale),
          ],
        },
  'fr-CA': (d, h) =>
    d.kind === 'reply'
      ? {
          subject: subjectLine`${d.vendorName} a répondu par courriel (réf. ${d.reference})`,
          heading: "L'entreprise a répondu par courriel",
          blocks: [
            paragraph(`Bonjour ${d.fullName},`),
            paragraph(`${d.vendorName} a répondu par courriel à votre demande. La réponse se trouve sur la page de votre demande.`),
            facts([
              ['Référence', d.reference],
              ['Entreprise', d.vendorName],
            ]),
            paragraph("Veuillez la lire et nous indiquer en une étape de quoi il s'agit : une réponse, une demande de renseignements, un refus ou autre chose."),
            button(h.url(d.statusPath), `Lire la réponse (${d.reference})`, h.locale),
          ],
        }
      : {
          subject: subjectLine`Votre lettre à ${d.vendorName} n'a pas pu être livrée (réf. ${d.reference})`,
          heading: "La lettre n'a pas pu être livrée",
          blocks: [
            paragraph(`Bonjour ${d.fullName},`),
            paragraph(`Le serveur de courriel de ${d.vendorName} a refusé la lettre envoyée en votre nom : l'entreprise n'a pas reçu votre demande.`),
            facts([
              ['Référence', d.reference],
              ['Entreprise', d.vendorName],
            ]),
            paragraph("Si vous connaissez une autre adresse que l'entreprise publie pour les demandes relatives à la vie privée (sa politique de confidentialité en nomme souvent une), vous pouvez lui envoyer la demande vous-même; la page de votre demande en donne les détails."),
            button(h.url(d.statusPath), `Consulter la demande ${d.reference}`, h.locale),
          ],
        },
};

export function render(data: VendorMailReceivedData, locale: EmailLocale, ctx: RenderContext): RenderedEmail {
  return renderWithCopy(copy, data, locale, ctx);
}
