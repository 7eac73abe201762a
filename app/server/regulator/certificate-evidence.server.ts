/**
 * Deletion certificates with and without search evidence, per company: a certificate carrying
 * `verification` says the company searched for the face before and after deleting (and with what
 * threshold and model); one without it is the company's word only. Read from the stored
 * certificates of the regulator's jurisdictions, answered in the period, through the counts a
 * trigger keeps per company, jurisdiction and day (certificate_counts).
 */
import { getSqlite } from "../core/db.server";
import { readAll } from "../core/rows.server";
import { dayStart, DAY, splitRange } from "./rollup-ranges.server";
import type { SessionUser } from "../security/staff-sessions.server";

export type CertificateEvidence = { vendor: string; withVerification: number; withoutVerification: number };

export function countCertificateEvidence(
  regulator: Pick<SessionUser, "jurisdictions">,
  period: { from: Date; to: Date },
): CertificateEvidence[] {
  const jurisdictions = regulator.jurisdictions.filter((j) => /^[A-Z]{2}(-[A-Z]{2})?$/.test(j));
  if (jurisdictions.length === 0) return [];
  const sqlite = getSqlite();
  const inJ = jurisdictions.map(() => "?").join(",");
  const byVendor = new Map<string, CertificateEvidence>();
  const entryOf = (vendor: string) => {
    const entry = byVendor.get(vendor) ?? { vendor, withVerification: 0, withoutVerification: 0 };
    byVendor.set(vendor, entry);
    return entry;
  };
  // Whole UTC days from the trigger-kept counts; the part days at either end from the
  // certificates themselves (an index range over their kind and instant).
  const days = splitRange(period.from.getTime(), period.to.getTime(), dayStart, (t) => t + DAY);
  if (days.whole) {
    for (const row of readAll<{ vendor: string; verified: number; unverified: number }>(
      sqlite.prepare(
        `SELECT v.name AS vendor, sum(c.verified) AS verified, sum(c.unverified) AS unverified FROM certificate_counts c JOIN vendors v ON v.id = c.vendor_id
         WHERE c.jurisdiction IN (${inJ}) AND c.day >= ? AND c.day < ? GROUP BY v.name`,
      ),
      ...jurisdictions,
      days.whole[0] / DAY,
      days.whole[1] / DAY,
    )) {
      const entry = entryOf(row.vendor);
      entry.withVerification += Number(row.verified);
      entry.withoutVerification += Number(row.unverified);
    }
  }
  for (const [from, to] of days.edges) {
    for (const row of readAll<{ vendor: string; payload: string }>(
      sqlite.prepare(
        `SELECT v.name AS vendor, p.payload AS payload FROM response_packages p JOIN requests r ON r.id = p.request_id JOIN vendors v ON v.id = r.vendor_id
         WHERE p.kind = 'deletion_certificate' AND p.created_at >= ? AND p.created_at < ? AND r.jurisdiction IN (${inJ})`,
      ),
      from,
      to,
      ...jurisdictions,
    )) {
      const entry = entryOf(row.vendor);
      if (isVerified(row.payload)) entry.withVerification += 1;
      else entry.withoutVerification += 1;
    }
  }
  return [...byVendor.values()]
    .filter((e) => e.withVerification + e.withoutVerification > 0)
    .sort((a, b) => a.vendor.localeCompare(b.vendor));
}

/** The trigger's test (migration 0018): verification.matchesAfter is a number. */
function isVerified(payload: string): boolean {
  try {
    const verification = (JSON.parse(payload) as { verification?: { matchesAfter?: unknown } }).verification;
    return Boolean(verification) && typeof verification!.matchesAfter === "number";
  } catch {
    return false;
  }
}
