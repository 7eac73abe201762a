/**
 * Re-collections a company's suppression list kept out, per company: the `collection_blocked`
 * events its crawler reported in the period, on requests of the regulator's jurisdictions. Read
 * through the partial index on those events only (request_events_blocked_idx).
 */
import { engineOf, getSqlite } from "../core/db.server";
import { readAll } from "../core/rows.server";
import type { SessionUser } from "../security/staff-sessions.server";

export type BlockedCollections = { vendor: string; crawls: number; copies: number };

export function countBlockedCollections(
  regulator: Pick<SessionUser, "jurisdictions">,
  period: { from: Date; to: Date },
): BlockedCollections[] {
  const jurisdictions = regulator.jurisdictions.filter((j) => /^[A-Z]{2}(-[A-Z]{2})?$/.test(j));
  if (jurisdictions.length === 0) return [];
  const sqlite = getSqlite();
  const copies =
    engineOf(sqlite) === "postgres"
      ? "(e.payload::jsonb ->> 'copies')::integer"
      : "json_extract(e.payload, '$.copies')";
  return readAll<BlockedCollections>(
    sqlite.prepare(
      `SELECT v.name AS vendor, count(*) AS crawls, coalesce(sum(${copies}), 0) AS copies
       FROM request_events e JOIN requests r ON r.id = e.request_id JOIN vendors v ON v.id = r.vendor_id
       WHERE e.type = 'collection_blocked' AND e.at >= ? AND e.at < ? AND r.jurisdiction IN (${jurisdictions.map(() => "?").join(",")})
       GROUP BY v.id, v.name ORDER BY v.name`,
    ),
    period.from.getTime(),
    period.to.getTime(),
    ...jurisdictions,
  ).map((r) => ({ vendor: r.vendor, crawls: Number(r.crawls), copies: Number(r.copies) }));
}
