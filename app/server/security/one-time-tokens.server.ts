/**
 * Single-use links (email proof, staff invitation and its approval, password reset): the rows of
 * one_time_tokens are issued and spent here, for every feature that sends such a link. Only the
 * SHA-256 of a token is stored, so a database leak yields no usable link. Callers hold the
 * transaction and check a token's purpose, owner and expiry when they read it.
 */
import type { SqlConnection } from "../../../db/client";
import { getSqlite, prepareCached } from "../core/db.server";

/** Whose link it is: a staff account or a resident's filing. */
export type TokenOwner = { userId: number } | { filingId: number };

/** Stores a new link's hash for `purpose` (e.g. "verify_email", "password_reset", "staff_invite"). */
export function issueOneTimeToken(
  token: { purpose: string; tokenHash: string; owner: TokenOwner; expiresAt: number; createdAt: number },
  sqlite: SqlConnection = getSqlite(),
): void {
  if ("userId" in token.owner)
    prepareCached(
      sqlite,
      "INSERT INTO one_time_tokens (purpose, token_hash, user_id, expires_at, created_at) VALUES (?, ?, ?, ?, ?)",
    ).run(token.purpose, token.tokenHash, token.owner.userId, token.expiresAt, token.createdAt);
  else
    prepareCached(
      sqlite,
      "INSERT INTO one_time_tokens (purpose, token_hash, filing_id, expires_at, created_at) VALUES (?, ?, ?, ?, ?)",
    ).run(token.purpose, token.tokenHash, token.owner.filingId, token.expiresAt, token.createdAt);
}

/** Marks one link used (it never works again). */
export function spendOneTimeToken(tokenId: number, at: number, sqlite: SqlConnection = getSqlite()): void {
  prepareCached(sqlite, "UPDATE one_time_tokens SET used_at = ? WHERE id = ?").run(at, tokenId);
}

/**
 * Marks every unused link of `owner` used — of the given purposes, or of any purpose when none
 * are named. Returns how many were still open.
 */
export function spendOpenTokens(
  owner: TokenOwner,
  at: number,
  purposes: readonly string[] = [],
  sqlite: SqlConnection = getSqlite(),
): number {
  const [column, id] = "userId" in owner ? ["user_id", owner.userId] : ["filing_id", owner.filingId];
  const ofPurpose = purposes.length ? ` AND purpose IN (${purposes.map(() => "?").join(", ")})` : "";
  return prepareCached(
    sqlite,
    `UPDATE one_time_tokens SET used_at = ? WHERE ${column} = ? AND used_at IS NULL${ofPurpose}`,
  ).run(at, id, ...purposes).changes;
}
