/** Invitation for a vendor's compliance staff member to create a portal account. */
import { z } from "zod";
import {
  appPath,
  button,
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

export const name = "staff-invite" as const;

export const schema = z.object({
  name: personName,
  vendorName: organizationName,
  invitePath: appPath,
  expiresOn: isoDate,
});

export type StaffInviteData = z.output<typeof schema>;

const copy: LocalizedCopy<StaffInviteData> = {
  en: (d, h) => ({
    subject: subjectLine`You're invited to handle privacy requests for ${d.vendorName}`,
    heading: "You have been invited",
    blocks: [
      paragraph(`Hello ${d.name},`),
      paragraph(
        `You have been invited to join the ${d.vendorName} compliance team on the Biometric Rights Portal, where residents file requests about their biometric data and companies answer them within legal deadlines.`,
      ),
      button(h.url(d.invitePath), `Accept the invitation and create your account`, h.locale),
      paragraph(`This invitation expires on ${h.date(d.expiresOn)}.`),
      paragraph("If you weren't expecting this invitation, ignore this email and no account will be created."),
    ],
  }),
  "fr-CA": (d, h) => ({
    subject: subjectLine`Invitation à traiter les demandes adressées à ${d.vendorName}`,
    heading: "Vous avez reçu une invitation",
    blocks: [
      paragraph(`Bonjour ${d.name},`),
      paragraph(
        `Nous vous invitons à vous joindre à l'équipe de conformité de l'entreprise ${d.vendorName} sur le Portail des droits biométriques, où les particuliers déposent des demandes concernant leurs données biométriques et où les entreprises y répondent dans les délais prévus par la loi.`,
      ),
      button(h.url(d.invitePath), "Accepter l'invitation et créer votre compte", h.locale),
      paragraph(`Cette invitation expire le ${h.date(d.expiresOn)}.`),
      paragraph(
        "Si vous ne vous attendiez pas à recevoir cette invitation, ignorez ce courriel : aucun compte ne sera créé.",
      ),
    ],
  }),
};

export function render(data: StaffInviteData, locale: EmailLocale, ctx: RenderContext): RenderedEmail {
  return renderWithCopy(copy, data, locale, ctx);
}
