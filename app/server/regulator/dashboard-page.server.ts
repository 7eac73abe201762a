/**
 * The regulator dashboard's figures (per-company metrics, the CCPA § 7102 report, certificate
 * evidence), kept per process for the rest of the UTC minute while nothing has changed.
 *
 * A regulator's team opens the same dashboard again and again, and one read over a year of
 * roll-ups at 1,000,000 requests costs tens of milliseconds of CPU: ten at once queue behind
 * each other on two cores. The figures change only when a request changes state (which writes
 * a request event) or a package is stored, so the newest of those ids is the data's version:
 * a state change shows on the very next view. "Open" and "overdue now" move with the clock
 * alone, so nothing is kept past its minute.
 *
 * On PostgreSQL ids are handed out before commit: a transaction that commits after a larger id
 * is already visible can be missed until the minute ends. That is the bound of staleness,
 * never more.
 */
import type { SqlConnection } from "../../../db/client";
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

const MINUTE = 60_000;
/** Scopes × periods kept per process; the least recently used goes first. */
const MAX_ENTRIES = 200;
const caches = new WeakMap<object, Map<string, { version: string; page: DashboardPage }>>();

/** The newest request event, package and company: any change the dashboard shows moves one of them. */
function readDataVersion(sqlite: SqlConnection): string {
  const row = sqlite
    .prepare(
      "SELECT (SELECT max(id) FROM request_events) AS e, (SELECT max(id) FROM response_packages) AS p, (SELECT count(*) FROM vendors) AS v",
    )
    .get() as { e: number | null; p: number | null; v: number };
  return `${row.e ?? 0}:${row.p ?? 0}:${row.v}`;
}

/** The dashboard of a regulator's jurisdictions for a period (and the CCPA report of `year`), as of `now`. */
export function readDashboardPage(
  regulator: Pick<SessionUser, "jurisdictions">,
  period: Period,
  year: number,
  now: Date,
): DashboardPage {
  const sqlite = getSqlite();
  let cache = caches.get(sqlite);
  if (!cache) caches.set(sqlite, (cache = new Map()));
  // Read before the figures: a change committed in between makes the next view read again.
  const version = readDataVersion(sqlite);
  const key = JSON.stringify([
    [...regulator.jurisdictions].sort(),
    period.from.getTime(),
    period.to.getTime(),
    year,
    Math.floor(now.getTime() / MINUTE),
  ]);
  const hit = cache.get(key);
  if (hit && hit.version === version) {
    cache.delete(key);
    cache.set(key, hit);
    return hit.page;
  }
  const page: DashboardPage = {
    vendors: getRegulatorDashboard(regulator, { period, now }),
    ccpa: getCcpa7102(regulator, year),
    evidence: mergeEvidence(countCertificateEvidence(regulator, period), countBlockedCollections(regulator, period)),
  };
  cache.delete(key);
  cache.set(key, { version, page });
  while (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  return page;
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
