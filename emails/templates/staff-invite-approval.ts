/**
 * Tells each active admin of a vendor that the portal administrator invited someone into their
 * team and that the invitation waits for one of them to approve it (nothing was sent yet).
 */
import { z } from "zod";
import {
  appPath,
  button,
  facts,
  isoDate,
  organizationName,
  paragraph,
  personName,
  renderWithCopy,
  subjectLine,
  type EmailLocale,
  type LocalizedCopy,
  type RenderContext,
  type RenderedEmail,
} from "../layout";

export const name = "staff-invite-approval" as const;

export const schema = z.object({
  name: personName,
  vendorName: organizationName,
  inviteeName: personName,
  inviteeEmail: z.email({ error: "must be a valid email address" }).max(254),
  accountsPath: appPath,
  expiresOn: isoDate,
});

export type StaffInviteApprovalData = z.output<typeof schema>;

const copy: LocalizedCopy<StaffInviteApprovalData> = {
  en: (d, h) => ({
    subject: subjectLine`Approve or decline: ${d.inviteeName} invited as an administrator of ${d.vendorName}`,
    heading: "An invitation awaits your approval",
    blocks: [
      paragraph(`Hello ${d.name},`),
      paragraph(
        `The Biometric Rights Portal's administrator has invited a new administrator for ${d.vendorName}. An administrator sees every request your company receives, residents' names and email addresses included, and can create API keys and invite colleagues.`,
      ),
      facts([
        ["Name", d.inviteeName],
        ["Email address", d.inviteeEmail],
        ["Company", d.vendorName],
      ]),
      paragraph(
        "Nothing has been sent to this address: the invitation goes out only once one of your company's administrators approves it. If you do not know this person, decline it.",
      ),
      button(h.url(d.accountsPath), "Approve or decline the invitation", h.locale),
      paragraph(`Without a decision by ${h.date(d.expiresOn)}, the invitation lapses.`),
    ],
  }),
  "fr-CA": (d, h) => ({
    subject: subjectLine`À approuver ou refuser : ${d.inviteeName} invité comme administrateur de ${d.vendorName}`,
    heading: "Une invitation attend votre approbation",
    blocks: [
      paragraph(`Bonjour ${d.name},`),
      paragraph(
        `L'administrateur du Portail des droits biométriques a invité un nouvel administrateur pour l'entreprise ${d.vendorName}. Un administrateur voit toutes les demandes que reçoit votre entreprise, y compris le nom et l'adresse courriel des particuliers, et peut créer des clés d'API et inviter des collègues.`,
      ),
      facts([
        ["Nom", d.inviteeName],
        ["Adresse courriel", d.inviteeEmail],
        ["Entreprise", d.vendorName],
      ]),
      paragraph(
        "Rien n'a été envoyé à cette adresse : l'invitation ne part qu'une fois approuvée par l'un des administrateurs de votre entreprise. Si vous ne connaissez pas cette personne, refusez-la.",
      ),
      button(h.url(d.accountsPath), "Approuver ou refuser l'invitation", h.locale),
      paragraph(`Sans décision d'ici le ${h.date(d.expiresOn)}, l'invitation deviendra caduque.`),
    ],
  }),
};

export function render(data: StaffInviteApprovalData, locale: EmailLocale, ctx: RenderContext): RenderedEmail {
  return renderWithCopy(copy, data, locale, ctx);
}
