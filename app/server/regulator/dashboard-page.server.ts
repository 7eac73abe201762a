/**
 * The regulator dashboard's figures (per-company metrics, the CCPA § 7102 report, certificate
 * evidence and copies later crawls kept out), kept per process for the rest of the UTC minute
 * while nothing has changed (core/change-version.server.ts).
 *
 * A regulator's team opens the same dashboard again and again, and one read over a year of
 * roll-ups at 1,000,000 requests costs tens of milliseconds of CPU: ten at once queue behind
 * each other on two cores. A state change shows on the very next view.
 */
import { createMinuteCache } from "../core/change-version.server";
import { getSqlite } from "../core/db.server";
import type { SessionUser } from "../security/staff-sessions.server";
import { countBlockedCollections } from "./blocked-collections.server";
import { countCertificateEvidence, type CertificateEvidence } from "./certificate-evidence.server";
import { getCcpa7102, type Ccpa7102Row } from "./ccpa-report.server";
import { getRegulatorDashboard, type Period, type VendorDashboard } from "./metrics.server";

export interface DashboardPage {
  vendors: VendorDashboard[];
  ccpa: Ccpa7102Row[];
  /** Per company: deletion certificates with and without search evidence, and copies later crawls kept out. */
  evidence: (CertificateEvidence & { blockedCopies: number })[];
}

/** Scopes × periods kept per process. */
const cached = createMinuteCache<DashboardPage>(200);

/** The dashboard of a regulator's jurisdictions for a period (and the CCPA report of `year`), as of `now`. */
export function readDashboardPage(
  regulator: Pick<SessionUser, "jurisdictions">,
  period: Period,
  year: number,
  now: Date,
): DashboardPage {
  const key = JSON.stringify([[...regulator.jurisdictions].sort(), period.from.getTime(), period.to.getTime(), year]);
  return cached(getSqlite(), key, now, () => ({
    vendors: getRegulatorDashboard(regulator, { period, now }),
    ccpa: getCcpa7102(regulator, year),
    evidence: mergeEvidence(countCertificateEvidence(regulator, period), countBlockedCollections(regulator, period)),
  }));
}

function mergeEvidence(
  certificates: CertificateEvidence[],
  blocked: { vendor: string; copies: number }[],
): DashboardPage["evidence"] {
  const rows = new Map(certificates.map((c) => [c.vendor, { ...c, blockedCopies: 0 }]));
  for (const b of blocked) {
    const row = rows.get(b.vendor) ?? {
      vendor: b.vendor,
      withVerification: 0,
      withoutVerification: 0,
      blockedCopies: 0,
    };
    row.blockedCopies = b.copies;
    rows.set(b.vendor, row);
  }
  return [...rows.values()].sort((a, b) => a.vendor.localeCompare(b.vendor));
}
