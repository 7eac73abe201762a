/**
 * The companies a resident can file against: the choices on the filing form and the public
 * directory (only what a resident needs to choose — no staff, no counts).
 */
import { parseOtherContacts, type VendorContact } from "~/domain/vendor-contacts";
import { getSqlite, prepareCached } from "../core/db.server";
import { readAll, type VendorRow } from "../core/rows.server";

/** Every vendor, by name. */
export function listVendors(): VendorRow[] {
  return readAll<VendorRow>(prepareCached(getSqlite(), "SELECT * FROM vendors ORDER BY name"));
}

/** The vendors the filing form offers, with how each takes requests (portal or email). */
export function listVendorChoices(): { slug: string; name: string; intake: "portal" | "email" }[] {
  return listVendors().map((v) => ({ slug: v.slug, name: v.name, intake: v.intake }));
}

export interface VendorDirectoryEntry {
  slug: string;
  name: string;
  legalName: string;
  privacyEmail: string;
  /** The company's other published addresses (validated; never the privacy address again). */
  otherContacts: VendorContact[];
  intake: "portal" | "email";
  idRequirements: string;
  jurisdictions: string[];
  serviceTargetDays: number;
}

/** The public directory: only what a resident needs to choose (no staff, no counts). */
export function listVendorDirectory(): VendorDirectoryEntry[] {
  return listVendors().map((v) => ({
    slug: v.slug,
    name: v.name,
    legalName: v.legal_name,
    privacyEmail: v.privacy_email,
    otherContacts: parseOtherContacts(v.other_contacts, v.privacy_email),
    intake: v.intake,
    idRequirements: v.id_requirements,
    jurisdictions: JSON.parse(v.jurisdictions) as string[],
    serviceTargetDays: v.service_target_days,
  }));
}
