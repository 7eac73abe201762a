/**
 * The vendor folder's part of the identity purge (jobs/identity-purge): message bodies on
 * the case and the free text of the company's structured answers. Called inside the purge's
 * transaction.
 */
import type { SqlConnection } from "../../../db/client";
import { prepareCached } from "../core/db.server";
import { readAll, type ResponsePackageRow } from "../core/rows.server";

const OF_FILING = "SELECT id FROM requests WHERE filing_id = ?";

/** What a vendor's structured answer keeps after the purge: counts and yes/no facts, no text. */
export function redactPackagePayload(raw: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return JSON.stringify({ redacted: true });
  }
  const kept: Record<string, unknown> = {};
  if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) {
    for (const [k, v] of Object.entries(parsed)) if (typeof v === "number" || typeof v === "boolean") kept[k] = v;
  }
  return JSON.stringify({ ...kept, redacted: true });
}

/** Replaces the body of every message on the filing's requests by the placeholder. */
export function redactCaseMessages(filingId: number, removed: string, sqlite: SqlConnection): void {
  prepareCached(sqlite, `UPDATE messages SET body = ? WHERE request_id IN (${OF_FILING})`).run(removed, filingId);
}

/** Keeps only the numbers and yes/no facts of each response package on the filing's requests. */
export function redactResponsePackages(filingId: number, sqlite: SqlConnection): void {
  const packages = readAll<Pick<ResponsePackageRow, "id" | "payload">>(
    prepareCached(sqlite, `SELECT id, payload FROM response_packages WHERE request_id IN (${OF_FILING})`),
    filingId,
  );
  for (const p of packages)
    prepareCached(sqlite, "UPDATE response_packages SET payload = ? WHERE id = ?").run(
      redactPackagePayload(p.payload),
      p.id,
    );
}
