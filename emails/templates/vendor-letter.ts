/**
 * Formal request letter emailed to a vendor that has no portal account, only a
 * privacy address. The server renders it in the resident's language and again
 * in English when the two differ, so the vendor can never claim it couldn't read it.
 */
import { z } from "zod";
import {
  capitalize,
  facts,
  heading,
  isoDate,
  multiLineText,
  organizationName,
  paragraph,
  personName,
  quote,
  renderWithCopy,
  requestReference,
  requestType,
  singleLineText,
  subjectLine,
  type EmailLocale,
  type LocalizedCopy,
  type RenderContext,
  type RenderedEmail,
  type RequestType,
} from "../layout";

export const name = "vendor-letter" as const;

export const schema = z.object({
  reference: requestReference,
  vendorName: organizationName,
  fullName: personName,
  residentEmail: z.email({ error: "must be a valid email address" }).max(254),
  requestType,
  jurisdictionName: singleLineText(200),
  citation: singleLineText(300).nullable(),
  // Short name of the privacy regime, e.g. "Québec Law 25" or "CCPA".
  regime: singleLineText(200),
  receivedOn: isoDate,
  respondBy: isoDate.nullable(),
  statutory: z.boolean(),
  details: multiLineText(10000).nullable(),
  // The request's own reply address (also the Reply-To): a reply there reaches the case file.
  replyAddress: z.email({ error: "must be a valid email address" }).max(254).nullable().optional(),
});

export type VendorLetterData = z.output<typeof schema>;

// What each request type asks of the vendor, phrased for biometric data specifically.
const ASKS: Record<EmailLocale, Record<RequestType, string>> = {
  en: {
    access:
      "confirm whether you hold any personal information about them, including biometric information such as facial images, facial templates (faceprints) and any data derived from them, and, if so, provide a copy of that information together with the purposes for which it is used, its sources and the third parties to which it has been disclosed.",
    deletion:
      "delete all personal information about them, including facial images, facial templates and any derived biometric data, from your systems and those of your service providers, and confirm the deletion in writing.",
    correction: "correct any inaccurate, incomplete or ambiguous personal information about them that you hold.",
    opt_out:
      "stop selling or sharing their personal information, and stop using their facial images or biometric data for identification, matching or inclusion in any searchable database.",
    limit:
      "limit the use and disclosure of their sensitive personal information, including biometric data, to what is necessary to provide the services they have requested.",
  },
  "fr-CA": {
    access:
      "confirmer si vous détenez des renseignements personnels la concernant, notamment des renseignements biométriques tels que des images faciales, des gabarits faciaux et toute donnée qui en est dérivée, et, le cas échéant, lui en fournir une copie en précisant les fins auxquelles ils sont utilisés, leur provenance et les tiers à qui ils ont été communiqués.",
    deletion:
      "supprimer tous les renseignements personnels la concernant, y compris les images faciales, les gabarits faciaux et toute donnée biométrique dérivée, de vos systèmes et de ceux de vos fournisseurs de services, puis lui confirmer la suppression par écrit.",
    correction:
      "rectifier les renseignements personnels inexacts, incomplets ou équivoques la concernant que vous détenez.",
    opt_out:
      "cesser de vendre ou de partager ses renseignements personnels et de cesser d'utiliser ses images faciales ou ses données biométriques à des fins d'identification, d'appariement ou d'inclusion dans une base de données consultable.",
    limit:
      "limiter l'utilisation et la communication de ses renseignements sensibles, y compris ses données biométriques, à ce qui est nécessaire pour fournir les services qu'elle a demandés.",
  },
};

const copy: LocalizedCopy<VendorLetterData> = {
  en: (d, h) => {
    const type = h.requestType(d.requestType);
    const provision = d.citation ?? d.regime;
    let deadline: string;
    if (d.respondBy && d.statutory)
      deadline = `Under ${provision}, your response is due no later than ${h.date(d.respondBy)}.`;
    else if (d.respondBy)
      deadline = `Although no statutory deadline applies, the requester asks that you respond by ${h.date(d.respondBy)}.`;
    else if (d.statutory)
      deadline = `Please respond within the time limit set by ${provision}, which runs from the date of receipt.`;
    else deadline = "Please respond within a reasonable time.";
    return {
      subject: subjectLine`[${d.reference}] ${capitalize(type)} from ${d.fullName} (${d.regime})`,
      heading: `${capitalize(type)} \u2014 reference ${d.reference}`,
      footerNote: d.replyAddress
        ? "This letter was sent automatically by the portal on the requester's behalf. Replies to this email reach the request's file."
        : "This letter was sent automatically by the portal on the requester's behalf. Please send your response to the requester's email address shown above.",
      blocks: [
        paragraph(`To the person responsible for privacy at ${d.vendorName},`),
        paragraph(
          `${d.fullName} is exercising their rights under the applicable privacy law (${d.regime}) and submits this ${type} through the Biometric Rights Portal.`,
        ),
        facts([
          ["Reference", d.reference],
          ["Requester", d.fullName],
          ["Requester's email", d.residentEmail],
          ["Request type", capitalize(type)],
          ["Jurisdiction", d.jurisdictionName],
          ["Applicable law", d.regime],
          d.citation ? ["Legal provision", d.citation] : null,
          ["Date received", h.date(d.receivedOn)],
          d.respondBy
            ? [d.statutory ? "Statutory response deadline" : "Requested response date", h.date(d.respondBy)]
            : null,
        ]),
        heading("Request"),
        paragraph(`The requester asks you to ${ASKS.en[d.requestType]}`),
        d.details && heading("Details provided by the requester"),
        d.details && quote(d.details),
        heading("Response"),
        paragraph(deadline),
        d.replyAddress
          ? paragraph(
              `Please reply to this email, or write to ${d.replyAddress} (this request's own address), quoting reference ${d.reference}: your reply and its attachments go straight to the request's file and to ${d.fullName}. If you need to verify the requester's identity, ask only for the information reasonably necessary for that purpose.`,
            )
          : paragraph(
              `Please send your response to ${d.fullName} at ${d.residentEmail}, quoting reference ${d.reference}. If you need to verify the requester's identity, ask only for the information reasonably necessary for that purpose.`,
            ),
        paragraph(`Sent on behalf of ${d.fullName} by the Biometric Rights Portal.`),
      ],
    };
  },
  "fr-CA": (d, h) => {
    const type = h.requestType(d.requestType);
    const provision = d.citation ? `la disposition applicable (${d.citation})` : `la loi applicable (${d.regime})`;
    let deadline: string;
    if (d.respondBy && d.statutory)
      deadline = `En vertu de ${provision}, vous devez répondre au plus tard le ${h.date(d.respondBy)}.`;
    else if (d.respondBy)
      deadline = `Bien qu'aucun délai légal ne s'applique, la personne requérante vous demande de répondre au plus tard le ${h.date(d.respondBy)}.`;
    else if (d.statutory)
      deadline = `Veuillez répondre dans le délai prévu par ${provision}, calculé à partir de la date de réception.`;
    else deadline = "Veuillez répondre dans un délai raisonnable.";
    return {
      subject: subjectLine`[${d.reference}] ${capitalize(type)} présentée par ${d.fullName} (${d.regime})`,
      heading: `${capitalize(type)} \u2014 référence ${d.reference}`,
      footerNote: d.replyAddress
        ? "Cette lettre a été envoyée automatiquement par le portail au nom de la personne requérante. Les réponses à ce courriel sont versées au dossier de la demande."
        : "Cette lettre a été envoyée automatiquement par le portail au nom de la personne requérante. Veuillez transmettre votre réponse à l'adresse courriel de celle-ci, indiquée ci-dessus.",
      blocks: [
        paragraph(
          `À l'attention de la personne responsable de la protection des renseignements personnels de l'entreprise ${d.vendorName},`,
        ),
        paragraph(
          `${d.fullName} exerce les droits que lui accorde la loi applicable en matière de protection des renseignements personnels (${d.regime}) et vous présente cette ${type} par l'intermédiaire du Portail des droits biométriques.`,
        ),
        facts([
          ["Référence", d.reference],
          ["Personne requérante", d.fullName],
          ["Courriel de la personne requérante", d.residentEmail],
          ["Type de demande", capitalize(type)],
          ["Territoire", d.jurisdictionName],
          ["Loi applicable", d.regime],
          d.citation ? ["Disposition", d.citation] : null,
          ["Date de réception", h.date(d.receivedOn)],
          d.respondBy
            ? [d.statutory ? "Date limite légale de réponse" : "Réponse demandée au plus tard le", h.date(d.respondBy)]
            : null,
        ]),
        heading("Objet de la demande"),
        paragraph(`La personne requérante vous demande de ${ASKS["fr-CA"][d.requestType]}`),
        d.details && heading("Précisions fournies par la personne requérante"),
        d.details && quote(d.details),
        heading("Réponse"),
        paragraph(deadline),
        d.replyAddress
          ? paragraph(
              `Veuillez répondre à ce courriel, ou écrire à ${d.replyAddress} (l'adresse propre à cette demande), en indiquant la référence ${d.reference} : votre réponse et ses pièces jointes sont versées directement au dossier de la demande et transmises à ${d.fullName}. Si vous devez vérifier l'identité de la personne requérante, ne demandez que les renseignements raisonnablement nécessaires à cette fin.`,
            )
          : paragraph(
              `Veuillez transmettre votre réponse à ${d.fullName} à l'adresse ${d.residentEmail}, en indiquant la référence ${d.reference}. Si vous devez vérifier l'identité de la personne requérante, ne demandez que les renseignements raisonnablement nécessaires à cette fin.`,
            ),
        paragraph(`Envoyé au nom de ${d.fullName} par le Portail des droits biométriques.`),
      ],
    };
  },
};

export function render(data: VendorLetterData, locale: EmailLocale, ctx: RenderContext): RenderedEmail {
  return renderWithCopy(copy, data, locale, ctx);
}
