/**
 * The resident proves the email address: the one-time link confirms the filing, sends its
 * requests to their vendors (deliver-request.server.ts) or queues a deletion behind its access
 * request, and hands the confirming browser its status links. Also what the link's page shows
 * before anything changes.
 */
import { getSqlite, inTransaction, prepareCached } from "../core/db.server";
import { ServiceError } from "../core/errors.server";
import { readAll, readOne, type FilingRow, type OneTimeTokenRow, type VendorRow } from "../core/rows.server";
import { getRuntime } from "../core/runtime.server";
import { issueStatusLink, recordChange, type RequestRow } from "../requests/record-change.server";
import { sha256Hex } from "../security/staff-sessions.server";
import { deliverRequest } from "./deliver-request.server";

export interface ConfirmResult {
  delivered: { reference: string; vendorName: string; respondBy: string | null; statutory: boolean }[];
  queued: { reference: string; vendorName: string; behind: string }[];
  alreadyConfirmed: boolean;
  /**
   * Hashes of fresh status links for exactly the requests this confirmation proved, for the
   * confirming browser's cookie (the tokens themselves are never shown or stored). Empty when
   * the address was already confirmed: a second use of the link grants nothing.
   */
  linkHashes: string[];
}

/**
 * The resident proved the email address: every waiting request of the filing goes to its
 * vendor now (the statutory clock starts at this instant), except deletions queued behind an
 * access request to the same vendor. One transaction; the token works once.
 */
export function confirmEmail(token: string, opts: { now: Date }): ConfirmResult {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw new ServiceError(404, "not_found", "Not found");
  const sqlite = getSqlite();
  const now = opts.now;
  const result = inTransaction((): ConfirmResult => {
    const row = readOne<Pick<OneTimeTokenRow, "id" | "filing_id" | "expires_at" | "used_at">>(
      prepareCached(
        sqlite,
        "SELECT id, filing_id, expires_at, used_at FROM one_time_tokens WHERE purpose = 'verify_email' AND token_hash = ?",
      ),
      sha256Hex(token),
    );
    if (!row) throw new ServiceError(404, "not_found", "Not found");
    if (row.used_at != null) return { delivered: [], queued: [], alreadyConfirmed: true, linkHashes: [] };
    if (now.getTime() > row.expires_at) throw new ServiceError(409, "expired", "This confirmation link has expired");
    prepareCached(sqlite, "UPDATE one_time_tokens SET used_at = ? WHERE id = ?").run(now.getTime(), row.id);
    prepareCached(sqlite, "UPDATE filings SET email_verified_at = ? WHERE id = ?").run(now.getTime(), row.filing_id);
    const waiting = readAll<RequestRow & { vendor_name: VendorRow["name"] }>(
      prepareCached(
        sqlite,
        "SELECT r.*, v.name AS vendor_name FROM requests r JOIN vendors v ON v.id = r.vendor_id WHERE r.filing_id = ? AND r.status = 'pending_verification' ORDER BY r.id",
      ),
      row.filing_id,
    );
    const out: ConfirmResult = { delivered: [], queued: [], alreadyConfirmed: false, linkHashes: [] };
    for (const r of waiting) {
      if (r.depends_on_request_id != null) {
        const behind = readOne<Pick<RequestRow, "reference">>(
          prepareCached(sqlite, "SELECT reference FROM requests WHERE id = ?"),
          r.depends_on_request_id,
        )!;
        recordChange({
          request: r,
          eventType: "queued",
          actorType: "system",
          actorId: null,
          at: now,
          audit: "request.queued",
          payload: { status: "queued", behind: behind.reference },
          set: { status: "queued" },
        });
        out.queued.push({ reference: r.reference, vendorName: r.vendor_name, behind: behind.reference });
        continue;
      }
      const d = deliverRequest(r, now, "verified");
      out.delivered.push({
        reference: r.reference,
        vendorName: r.vendor_name,
        respondBy: d.respondBy,
        statutory: d.statutory,
      });
    }
    for (const r of waiting) out.linkHashes.push(sha256Hex(issueStatusLink(r.id, now).token));
    return out;
  });
  getRuntime().wakeWorker();
  return result;
}

/** What the verification page shows before the resident confirms (no state change). */
export function peekVerification(
  token: string,
  opts: { now: Date },
): { vendorNames: string[]; expired: boolean; used: boolean; email: string } {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw new ServiceError(404, "not_found", "Not found");
  const sqlite = getSqlite();
  const row = readOne<Pick<OneTimeTokenRow, "filing_id" | "expires_at" | "used_at">>(
    prepareCached(
      sqlite,
      "SELECT filing_id, expires_at, used_at FROM one_time_tokens WHERE purpose = 'verify_email' AND token_hash = ?",
    ),
    sha256Hex(token),
  );
  if (!row) throw new ServiceError(404, "not_found", "Not found");
  const vendorNames = readAll<Pick<VendorRow, "name">>(
    prepareCached(
      sqlite,
      "SELECT DISTINCT v.name FROM requests r JOIN vendors v ON v.id = r.vendor_id WHERE r.filing_id = ? ORDER BY v.name",
    ),
    row.filing_id,
  ).map((v) => v.name);
  const { email } = readOne<Pick<FilingRow, "email">>(
    prepareCached(sqlite, "SELECT email FROM filings WHERE id = ?"),
    row.filing_id,
  )!;
  return { vendorNames, expired: opts.now.getTime() > row.expires_at, used: row.used_at != null, email };
}
