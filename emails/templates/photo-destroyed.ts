/** Destruction receipt for an uploaded photo; the resident keeps it as proof. */
import { z } from "zod";
import {
  appPath,
  button,
  code,
  facts,
  isoInstant,
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

export const name = "photo-destroyed" as const;

export const schema = z.object({
  fullName: personName,
  reference: requestReference,
  destroyedAt: isoInstant,
  // Lower-cased so the receipt always shows the canonical hex form.
  sha256: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, { error: "must be 64 hexadecimal characters" })
    .transform((v) => v.toLowerCase()),
  // Short description of the destroyed item, written by the server in the email's language.
  what: singleLineText(300),
  // Null when the filing was never confirmed: only a proven address ever receives a status link.
  statusPath: appPath.nullable(),
});

export type PhotoDestroyedData = z.output<typeof schema>;

// Shown next to the localised date so the receipt is unambiguous and machine-comparable.
function toUtcIso(iso: string): string {
  return new Date(iso).toISOString().replace(/\.000Z$/, "Z");
}

const copy: LocalizedCopy<PhotoDestroyedData> = {
  en: (d, h) => ({
    subject: subjectLine`Destruction receipt for your photo (ref. ${d.reference})`,
    heading: "Destruction receipt",
    blocks: [
      paragraph(`Hello ${d.fullName},`),
      paragraph(
        `This confirms that the following item, linked to your request ${d.reference}, was permanently destroyed.`,
      ),
      facts([
        ["Reference", d.reference],
        ["Item destroyed", d.what],
        ["Destroyed on", `${h.instant(d.destroyedAt)} (${toUtcIso(d.destroyedAt)})`],
        ["SHA-256 fingerprint", code(d.sha256)],
      ]),
      paragraph(
        "The SHA-256 fingerprint identifies the exact file that was destroyed without containing the image itself. If you kept a copy of the photo, you can compute its fingerprint to check that it matches. Keep this email as your receipt.",
      ),
      ...(d.statusPath ? [button(h.url(d.statusPath), `View request ${d.reference}`, h.locale)] : []),
    ],
  }),
  "fr-CA": (d, h) => ({
    subject: subjectLine`Attestation de destruction de votre photo (réf. ${d.reference})`,
    heading: "Attestation de destruction",
    blocks: [
      paragraph(`Bonjour ${d.fullName},`),
      paragraph(`Nous confirmons la destruction définitive de l'élément suivant, lié à votre demande ${d.reference}.`),
      facts([
        ["Référence", d.reference],
        ["Élément détruit", d.what],
        ["Date de destruction", `${h.instant(d.destroyedAt)} (${toUtcIso(d.destroyedAt)})`],
        ["Empreinte SHA-256", code(d.sha256)],
      ]),
      paragraph(
        "L'empreinte SHA-256 permet d'identifier précisément le fichier détruit, sans contenir l'image elle-même. Si vous avez conservé une copie de la photo, vous pouvez en calculer l'empreinte pour vérifier qu'elle correspond. Conservez ce courriel à titre de preuve.",
      ),
      ...(d.statusPath ? [button(h.url(d.statusPath), `Consulter la demande ${d.reference}`, h.locale)] : []),
    ],
  }),
};

export function render(data: PhotoDestroyedData, locale: EmailLocale, ctx: RenderContext): RenderedEmail {
  return renderWithCopy(copy, data, locale, ctx);
}
