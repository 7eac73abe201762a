/**
 * The words for a refusal's legal basis, in English and French: the vendor picks a basis from a
 * fixed list, and the resident, the regulator and the public board read it in their language.
 */
import type { Locale } from "~/i18n";

const DENIAL_LABELS: Record<string, { en: string; "fr-CA": string }> = {
  identity_not_verified: { en: "Identity could not be verified", "fr-CA": "L'identité n'a pas pu être vérifiée" },
  not_a_resident: { en: "Not a resident of the jurisdiction", "fr-CA": "Ne réside pas dans le territoire visé" },
  exempt_information: {
    en: "The information is exempt by law",
    "fr-CA": "Les renseignements sont exemptés par la loi",
  },
  no_data_held: { en: "No personal information held", "fr-CA": "Aucun renseignement personnel détenu" },
  manifestly_unfounded: { en: "Manifestly unfounded or excessive", "fr-CA": "Manifestement infondée ou excessive" },
  other: { en: "Other legal ground (see explanation)", "fr-CA": "Autre motif légal (voir l'explication)" },
};

/** A basis code in the reader's language (an unknown code is shown as it is). */
export function denialBasisLabel(basis: string, locale: Locale): string {
  return DENIAL_LABELS[basis]?.[locale] ?? basis;
}
