/**
 * How the vendor API answers: errors are JSON `{ error, details }` and never cached, and a POST
 * with an `Idempotency-Key` answers the same way twice (the first answer is remembered per
 * vendor and key), while a key reused for a different request is refused rather than replaying
 * the wrong answer. Shared by the key, request and file endpoints so all keep the same rules; the stored answers'
 * retention is idempotency-replays'.
 */
import { sha256Hex } from "../security/staff-sessions.server";
import { getSqlite, prepareCached } from "../core/db.server";
import { readOne, type IdempotencyKeyRow } from "../core/rows.server";

export function apiError(status: number, error: string, details: unknown = null): Response {
  return Response.json({ error, details }, { status, headers: { "Cache-Control": "no-store" } });
}

/** A malformed key is refused before anything is read. */
export function checkIdempotencyKey(key: string | null): Response | null {
  if (key != null && !/^[A-Za-z0-9_-]{8,100}$/.test(key))
    return apiError(400, "invalid_idempotency_key", "8-100 characters [A-Za-z0-9_-]");
  return null;
}

/** A remembered answer for this key, a 422 if the key was used for something else, or null. */
export function replayIdempotentAnswer(vendorId: number, key: string | null, fingerprint: string): Response | null {
  if (key == null) return null;
  const prior = readOne<Pick<IdempotencyKeyRow, "request_hash" | "status" | "body">>(
    prepareCached(
      getSqlite(),
      "SELECT request_hash, status, body FROM idempotency_keys WHERE vendor_id = ? AND key = ?",
    ),
    vendorId,
    key,
  );
  if (!prior) return null;
  if (prior.request_hash !== sha256Hex(fingerprint))
    return apiError(422, "idempotency_key_reused", "This Idempotency-Key was used with a different request");
  return new Response(prior.body, {
    status: prior.status,
    headers: { "Content-Type": "application/json", "Idempotent-Replayed": "true", "Cache-Control": "no-store" },
  });
}

/** Remembers the answer for this key (a no-op without a key). */
export function rememberIdempotentAnswer(
  vendorId: number,
  key: string | null,
  fingerprint: string,
  status: number,
  text: string,
  now: Date,
): void {
  // As for actions: 404s are not remembered (no oracle for another vendor's references).
  if (key == null || status === 404) return;
  prepareCached(
    getSqlite(),
    "INSERT INTO idempotency_keys (vendor_id, key, request_hash, status, body, created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
  ).run(vendorId, key, sha256Hex(fingerprint), status, text, now.getTime());
}
