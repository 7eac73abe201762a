/**
 * Deletion certificates with and without search evidence, per company: a certificate carrying
 * `verification` says the company searched for the face before and after deleting (and with what
 * threshold and model); one without it is the company's word only. Read from the stored
 * certificates of the regulator's jurisdictions, answered in the period.
 */
import { getSqlite } from "../core/db.server";
import { readAll } from "../core/rows.server";
import type { SessionUser } from "../security/staff-sessions.server";

export type CertificateEvidence = { vendor: string; withVerification: number; withoutVerification: number };

export function countCertificateEvidence(
  regulator: Pick<SessionUser, "jurisdictions">,
  period: { from: Date; to: Date },
): CertificateEvidence[] {
  const jurisdictions = regulator.jurisdictions.filter((j) => /^[A-Z]{2}(-[A-Z]{2})?$/.test(j));
  if (jurisdictions.length === 0) return [];
  const rows = readAll<{ vendor: string; payload: string }>(
    getSqlite().prepare(
      `SELECT v.name AS vendor, p.payload AS payload FROM response_packages p JOIN requests r ON r.id = p.request_id JOIN vendors v ON v.id = r.vendor_id WHERE p.kind = 'deletion_certificate' AND r.jurisdiction IN (${jurisdictions.map(() => "?").join(",")}) AND p.created_at >= ? AND p.created_at < ? ORDER BY v.name`,
    ),
    ...jurisdictions,
    period.from.getTime(),
    period.to.getTime(),
  );
  const byVendor = new Map<string, CertificateEvidence>();
  for (const row of rows) {
    const entry = byVendor.get(row.vendor) ?? { vendor: row.vendor, withVerification: 0, withoutVerification: 0 };
    const verification = (JSON.parse(row.payload) as { verification?: { matchesAfter?: unknown } }).verification;
    if (verification && typeof verification.matchesAfter === "number") entry.withVerification += 1;
    else entry.withoutVerification += 1;
    byVendor.set(row.vendor, entry);
  }
  return [...byVendor.values()];
}
