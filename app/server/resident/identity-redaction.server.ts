/**
 * The resident folder's part of the identity purge (jobs/identity-purge): the filing's name
 * and email, and the files on its requests. Called inside the purge's transaction.
 */
import type { SqlConnection } from "../../../db/client";
import { prepareCached } from "../core/db.server";
import { readAll, type AttachmentRow } from "../core/rows.server";

const OF_FILING = "SELECT id FROM requests WHERE filing_id = ?";

/** Replaces the filing's name and email by the placeholder and the pseudonym. */
export function pseudonymiseFiling(filingId: number, removed: string, pseudonym: string, sqlite: SqlConnection): void {
  prepareCached(sqlite, "UPDATE filings SET full_name = ?, email = ? WHERE id = ?").run(removed, pseudonym, filingId);
}

/**
 * Tombstones every file on the filing's requests (reference photos, answer files, mail
 * attachments) and drops their original names. Returns the stored names, for the caller to
 * shred once its transaction has committed.
 */
export function tombstoneFilingFiles(filingId: number, at: number, sqlite: SqlConnection): string[] {
  const files = readAll<Pick<AttachmentRow, "id" | "storage_name">>(
    prepareCached(
      sqlite,
      `SELECT id, storage_name FROM attachments WHERE request_id IN (${OF_FILING}) AND purged_at IS NULL`,
    ),
    filingId,
  );
  prepareCached(
    sqlite,
    `UPDATE attachments SET purged_at = ? WHERE request_id IN (${OF_FILING}) AND purged_at IS NULL`,
  ).run(at, filingId);
  prepareCached(
    sqlite,
    `UPDATE attachments SET original_name = NULL WHERE request_id IN (${OF_FILING}) AND original_name IS NOT NULL`,
  ).run(filingId);
  return files.map((f) => f.storage_name);
}
