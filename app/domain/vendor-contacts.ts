/**
 * A company's other published contact addresses (vendors.other_contacts): offered to the
 * resident when the formal letter to its privacy address bounces. The column is JSON written by
 * the portal admin or the seed, so it is validated every time it is read: an entry that is not a
 * valid address is dropped rather than shown to a resident as somewhere to send personal data.
 */
import { z } from "zod";

export const MAX_OTHER_CONTACTS = 10;

export const vendorContactSchema = z.object({
  email: z.email().max(254),
  /** What the company calls the address ("Data protection officer"); may be empty. */
  label: z.string().trim().max(120).default(""),
});

export type VendorContact = z.output<typeof vendorContactSchema>;

export interface BounceAlternatives {
  /** The address the letter went to and that refused it. */
  bouncedAddress: string;
  /** The company's other published addresses, validated; empty when it publishes none. */
  otherContacts: VendorContact[];
}

/** Whether an address would pass the same check the emails' schema applies. */
export function isValidContactEmail(value: string): boolean {
  return vendorContactSchema.shape.email.safeParse(value).success;
}

/**
 * Parses the stored list. A plain string is read as an address without a label. Entries equal to
 * `exclude` (the address that bounced) and repeats are left out, compared without case.
 */
export function parseOtherContacts(raw: string | null | undefined, exclude?: string | null): VendorContact[] {
  let value: unknown;
  try {
    value = JSON.parse(raw ?? "[]");
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  const seen = new Set<string>();
  if (exclude) seen.add(exclude.trim().toLowerCase());
  const out: VendorContact[] = [];
  for (const entry of value) {
    const parsed = vendorContactSchema.safeParse(typeof entry === "string" ? { email: entry.trim() } : entry);
    if (!parsed.success) continue;
    const key = parsed.data.email.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(parsed.data);
    if (out.length === MAX_OTHER_CONTACTS) break;
  }
  return out;
}
