/**
 * The requests folder's part of the identity purge (jobs/identity-purge): the status links of
 * the filing's requests, the vendor's written answers and the free text of their events. Called
 * inside the purge's transaction.
 */
import type { SqlConnection } from "../../../db/client";
import { prepareCached } from "../core/db.server";

const OF_FILING = "SELECT id FROM requests WHERE filing_id = ?";

/** Revokes every live status link of the filing's requests; returns how many. */
export function revokeFilingStatusLinks(filingId: number, at: number, sqlite: SqlConnection): number {
  return prepareCached(
    sqlite,
    `UPDATE status_links SET revoked_at = ? WHERE revoked_at IS NULL AND request_id IN (${OF_FILING})`,
  ).run(at, filingId).changes;
}

/** Replaces the vendor's written answer on the filing's requests by the placeholder. */
export function redactRequestAnswers(filingId: number, removed: string, sqlite: SqlConnection): void {
  prepareCached(
    sqlite,
    `UPDATE requests SET outcome_reason = ? WHERE filing_id = ? AND outcome_reason IS NOT NULL`,
  ).run(removed, filingId);
}

/**
 * Drops the free text (details, image URLs, written reasons) of the filing's request events and
 * marks them redacted: the one rewrite request_events allows (its trigger checks exactly this
 * expression). Returns how many events changed.
 */
export function redactRequestEvents(filingId: number, sqlite: SqlConnection): number {
  return prepareCached(
    sqlite,
    `UPDATE request_events SET payload = json_set(json_remove(payload, '$.details', '$.urls', '$.reason'), '$.redacted', 1)
         WHERE request_id IN (${OF_FILING}) AND json_extract(payload, '$.redacted') IS NULL
           AND (json_extract(payload, '$.details') IS NOT NULL OR json_extract(payload, '$.urls') IS NOT NULL OR json_extract(payload, '$.reason') IS NOT NULL)`,
  ).run(filingId).changes;
}
