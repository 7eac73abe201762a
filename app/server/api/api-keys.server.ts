/**
 * API keys: vendor admins create and revoke them, and every /api/v1 call is authenticated by
 * one (a Bearer token; cookies are ignored, so there is no CSRF surface). Only the key's
 * SHA-256 is stored, the clear key is shown once. A key acts as a vendor principal with its
 * creator's scope, so it stops working when the creator's account is disabled, and each key
 * has its own rate limit.
 */
import crypto from "node:crypto";
import { appendAudit } from "../audit/audit-chain.server";
import { sha256Hex, type SessionUser } from "../security/staff-sessions.server";
import { getSqlite, inTransaction, prepareCached } from "../core/db.server";
import { hitRateLimits } from "../security/rate-limit.server";
import { ServiceError } from "../core/errors.server";
import { readAll, readOne, type ApiKeyRow } from "../core/rows.server";
import type { VendorStaff } from "../vendor/vendor-access.server";
import { apiError } from "./api-answers.server";

export const API_KEY_PREFIX = "brp_";

/**
 * What a key may do beyond reading and answering its vendor's requests, granted by the admin
 * who creates it. Downloading a resident's reference photo is a scope of its own: a face is a
 * biometric identifier, and most integrations (a ticketing system, a dashboard) never need it.
 */
export const API_KEY_SCOPES = ["reference_photos:read"] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export function isApiKeyScope(value: unknown): value is ApiKeyScope {
  return (API_KEY_SCOPES as readonly unknown[]).includes(value);
}

/** Creates a key for the admin's vendor; the clear key is returned once and never stored. */
export function createApiKey(
  admin: SessionUser & { vendorId: number },
  name: string,
  now: Date,
  scopes: readonly ApiKeyScope[] = [],
): { key: string; id: number } {
  if (admin.role !== "vendor_admin") throw new ServiceError(404, "not_found", "Not found");
  const key = `${API_KEY_PREFIX}${crypto.randomBytes(32).toString("base64url")}`;
  const id = inTransaction(() => {
    const id = Number(
      prepareCached(
        getSqlite(),
        "INSERT INTO api_keys (vendor_id, name, key_hash, prefix, created_by_user_id, created_at, scopes) VALUES (?, ?, ?, ?, ?, ?, ?)",
      ).run(
        admin.vendorId,
        name,
        sha256Hex(key),
        key.slice(0, 10),
        admin.id,
        now.getTime(),
        [...new Set(scopes)].sort().join(" "),
      ).lastInsertRowid,
    );
    appendAudit({
      at: now,
      actorType: "staff",
      actorId: admin.id,
      vendorId: admin.vendorId,
      action: "apikey.created",
      objectType: "api_key",
      objectId: id,
      ...(scopes.length > 0 ? { details: { scopes: [...new Set(scopes)].sort() } } : {}),
    });
    return id;
  });
  return { key, id };
}

export function revokeApiKey(admin: SessionUser & { vendorId: number }, id: number, now: Date): boolean {
  if (admin.role !== "vendor_admin") throw new ServiceError(404, "not_found", "Not found");
  return inTransaction(() => {
    const changed =
      prepareCached(
        getSqlite(),
        "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND vendor_id = ? AND revoked_at IS NULL",
      ).run(now.getTime(), id, admin.vendorId).changes === 1;
    if (changed)
      appendAudit({
        at: now,
        actorType: "staff",
        actorId: admin.id,
        vendorId: admin.vendorId,
        action: "apikey.revoked",
        objectType: "api_key",
        objectId: id,
      });
    return changed;
  });
}

/**
 * The vendor's keys. A key whose creator is disabled is shown revoked from that moment: it no
 * longer authenticates (authenticateApi), also when the account was disabled before disabling
 * revoked the creator's keys, and accounts are never enabled again.
 */
export function listApiKeys(vendorId: number) {
  return readAll<Pick<ApiKeyRow, "id" | "name" | "prefix" | "created_at" | "last_used_at" | "revoked_at" | "scopes">>(
    prepareCached(
      getSqlite(),
      "SELECT k.id, k.name, k.prefix, k.scopes, k.created_at, k.last_used_at, coalesce(k.revoked_at, u.disabled_at) AS revoked_at FROM api_keys k LEFT JOIN users u ON u.id = k.created_by_user_id WHERE k.vendor_id = ? ORDER BY k.id DESC",
    ),
    vendorId,
  );
}

/**
 * The caller behind a Bearer key, as a vendor principal; a failure is a 401 JSON answer. The key
 * acts with its creator's scope, so it works only while the creator's account is enabled (and
 * still in the key's vendor); its audit rows name the key, with the creator (apiKeyId).
 */
export function authenticateApi(request: Request, now: Date): VendorStaff {
  const header = request.headers.get("Authorization") ?? "";
  const m = /^Bearer (brp_[A-Za-z0-9_-]{43})$/.exec(header);
  if (!m) throw apiError(401, "unauthorized", "Send Authorization: Bearer <API key>");
  const row = readOne<Pick<ApiKeyRow, "id" | "vendor_id" | "created_by_user_id" | "last_used_at">>(
    prepareCached(
      getSqlite(),
      `SELECT k.id, k.vendor_id, k.created_by_user_id, k.last_used_at FROM api_keys k JOIN users u ON u.id = k.created_by_user_id
      WHERE k.key_hash = ? AND k.revoked_at IS NULL AND u.disabled_at IS NULL AND u.vendor_id = k.vendor_id`,
    ),
    sha256Hex(m[1]!),
  );
  if (!row) throw apiError(401, "unauthorized", "Unknown or revoked API key");
  const limited = hitRateLimits([{ name: "apiPerKey", key: `api-key:${row.id}` }], now);
  if (!limited.ok) {
    const res = apiError(429, "rate_limited", { retryAfterSeconds: limited.retryAfterSeconds });
    res.headers.set("Retry-After", String(limited.retryAfterSeconds));
    throw res;
  }
  // Write at most once a minute: reads stay cheap.
  if (!row.last_used_at || now.getTime() - row.last_used_at > 60_000)
    prepareCached(getSqlite(), "UPDATE api_keys SET last_used_at = ? WHERE id = ?").run(now.getTime(), row.id);
  return {
    id: row.created_by_user_id,
    email: `api-key-${row.id}`,
    name: `API key ${row.id}`,
    role: "vendor_agent",
    vendorId: row.vendor_id,
    organisation: null,
    jurisdictions: [],
    locale: "en",
    apiKeyId: row.id,
  };
}

/**
 * Whether the key behind an API principal was granted `scope`. Read at each call (not cached on
 * the principal) so the answer is the stored one; a session user (no key) has no API scopes.
 */
export function apiKeyHasScope(principal: VendorStaff, scope: ApiKeyScope): boolean {
  if (principal.apiKeyId == null) return false;
  const row = readOne<Pick<ApiKeyRow, "scopes">>(
    prepareCached(getSqlite(), "SELECT scopes FROM api_keys WHERE id = ? AND vendor_id = ?"),
    principal.apiKeyId,
    principal.vendorId,
  );
  return !!row && row.scopes.split(" ").includes(scope);
}
