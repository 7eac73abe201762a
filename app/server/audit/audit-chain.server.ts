/**
 * Tamper-evident audit log. Each row's hash is SHA-256 over the previous row's hash and the
 * canonical JSON of the row (sorted keys, no whitespace), so editing, deleting or reordering
 * any row breaks every later link. Rows are appended inside the caller's transaction (which
 * is IMMEDIATE, so `seq` and `prev_hash` are serialised). No resident PII goes into details:
 * only ids, references and outcome codes.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import crypto from "node:crypto";
import type { SqlConnection, SqlStatement } from "../../../db/client";
import { z } from "zod";
import { getSqlite, prepareCached } from "../core/db.server";
import { iterateRows, readOne, type AuditEventRow } from "../core/rows.server";

/** Every kind of audited event, each one commented with what it records. */
export const AUDIT_ACTIONS = z.enum([
  "request.filed", // a resident filed a request (one row per request)
  "request.received", // the vendor received it: the statutory clock started
  "request.queued", // a deletion waits for the access request to the same vendor to close
  "request.acknowledged", // staff confirmed receipt
  "request.info_requested", // staff asked the resident for identity / clarification
  "request.resident_replied", // the resident answered
  "request.extended", // staff extended the deadline (with reason)
  "request.fulfilled", // final answer: fulfilled
  "request.partially_fulfilled", // final answer: partly fulfilled
  "request.denied", // final answer: denied with a legal basis
  "request.withdrawn", // the resident withdrew it
  "request.assigned", // staff assigned the request to a colleague (or to nobody)
  "request.collection_blocked", // a later crawl of the company met a deleted face and kept it out
  "request.verification_expired", // never confirmed within 7 days: closed without reaching the vendor
  "request.deemed_refused", // silence past the deadline where the law deems it a refusal
  "request.deadline_reminder", // the sweep queued a staff reminder (T-7 or T-2) for a response due date
  "request.deadline_passed", // the sweep found the response date passed unanswered (no deemed refusal) and queued the notices
  "auth.login_succeeded", // a staff/regulator login
  "auth.login_failed", // a failed login (unknown account or bad password)
  "auth.logout", // session ended by the user
  "auth.denied", // an authorization failure (e.g. another vendor's request by id)
  "auth.second_factor_succeeded", // a session passed the second factor (details: method totp|recovery_code; never the code)
  "auth.second_factor_failed", // a wrong or replayed second-factor code (details: method, purpose)
  "auth.recovery_code_used", // a single-use recovery code was spent (details: how many remain)
  "auth.second_factor_enrolled", // a user confirmed a new authenticator; recovery codes issued
  "auth.second_factor_reset", // an admin removed a user's authenticator (re-enrolment forced, sessions ended)
  "auth.recovery_codes_regenerated", // a user replaced their recovery codes (old ones void)
  "auth.reauthenticated", // step-up: password + code re-entered before a sensitive act
  "auth.reauth_failed", // step-up refused (details: which factor failed)
  "auth.second_factor_locked", // too many wrong codes for one account: every code refused until lifted; an unlock link emailed to the account (details: failures)
  "auth.second_factor_unlocked", // that lock lifted (details: via email_link | password_reset | admin_reset)
  "data.seeded", // demo data was generated (one row per seed run)
  "data.exported", // a regulator exported cases or metrics (format, period, scope)
  "pii.revealed", // a regulator revealed a resident's identity, with the stated reason
  "email.retried", // a portal admin sent a failed email again
  "account.invited", // a staff/regulator account was created with an emailed invitation (details.awaitingApproval: held for the vendor's admins)
  "account.invitation_approved", // a vendor admin approved the portal admin's invitation into their vendor (the invitation email goes out)
  "account.invitation_declined", // a vendor admin declined it (the unused account is removed)
  "account.activated", // the invited person set their password
  "account.disabled", // an account was disabled (its sessions ended)
  "account.reset_requested", // a password-reset link was emailed to an existing account
  "account.password_reset", // a password was reset with such a link (all sessions ended)
  "apikey.created", // a vendor admin created an API key (the key itself is never logged)
  "apikey.revoked", // an API key was revoked: by a vendor admin, or with its creator's account (details.reason creator_disabled)
  "webhook.created", // a vendor admin registered a webhook URL (the signing secret is never logged)
  "webhook.disabled", // a vendor admin disabled a webhook (no new events are queued for it)
  "webhook.enabled", // a vendor admin enabled a disabled webhook again
  "webhook.rotated", // a vendor admin replaced a webhook's signing secret
  "webhook.tested", // a vendor admin queued a test ("ping") event
  "webhook.redelivered", // a vendor admin queued a failed webhook delivery again
  "identity.purged", // a resident's name and email replaced by a pseudonym after the retention period; every copy of them cleared
  "status_links.revoked", // every private status link of a resident's requests was revoked (the resident signed out everywhere)
  "photo.stored", // a resident's reference face photo was sanitized, encrypted and attached to a request (ids + sha256, never bytes)
  "photo.destroyed", // a reference face photo was destroyed (row tombstoned, ciphertext overwritten + unlinked); ids + sha256 only
  "photo.viewed", // someone (staff, vendor, resident) decrypted a reference face photo to view or download it (IDV-05)
  "response_file.stored", // vendor staff attached a checked, encrypted file to an access answer (ids, type code, size, sha256; never the name)
  "response_file.removed", // vendor staff removed an attached file before the answer was sent (row tombstoned, ciphertext shredded)
  "response_file.downloaded", // staff or the resident decrypted a response file to download it
  "inbound_mail.received", // an email-only company's reply reached the request's file (auth result codes; never the text)
  "inbound_mail.held", // a reply to a request's address came from outside the company's address or domain: kept for the portal admin
  "inbound_mail.released", // the portal admin put a held reply on the case after checking it
  "inbound_mail.bounced", // a delivery-status notification said the letter to the company could not be delivered
  "inbound_mail.classified", // the resident said what an emailed reply is (answers / asks_info / refuses / other); the state change has its own row
  "transparency_response.submitted", // a vendor admin submitted their company's public response for the board (languages only; the text is in transparency_responses)
  "transparency_response.published", // the portal admin published a company's pending public response
  "transparency_response.rejected", // the portal admin rejected it, with a reason shown to the company (length only here)
]);
export type AuditAction = z.infer<typeof AUDIT_ACTIONS>;

export interface AuditInput {
  at: Date;
  actorType: "resident" | "staff" | "system" | "regulator" | "admin" | "anonymous" | "api_key";
  actorId?: string | number | null;
  vendorId?: number | null;
  action: AuditAction;
  objectType?: string | null;
  objectId?: string | number | null;
  details?: Record<string, unknown>;
}

export const GENESIS_HASH = "0".repeat(64);

/** Canonical JSON: object keys sorted at every level, no whitespace. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

/** An audit row as stored (the chain hashes exactly these columns). */
type AuditRow = AuditEventRow;

export function hashAuditRow(prevHash: string, row: Omit<AuditRow, "prev_hash" | "hash">): string {
  const body = canonicalJson({
    seq: row.seq,
    at: row.at,
    actorType: row.actor_type,
    actorId: row.actor_id,
    vendorId: row.vendor_id,
    action: row.action,
    objectType: row.object_type,
    objectId: row.object_id,
    details: JSON.parse(row.details) as unknown,
  });
  return crypto.createHash("sha256").update(prevHash).update("\n").update(body).digest("hex");
}

const statements = new WeakMap<SqlConnection, { head: SqlStatement; insert: SqlStatement }>();
function prepared(sqlite: SqlConnection) {
  let s = statements.get(sqlite);
  if (!s) {
    s = {
      head: prepareCached(sqlite, "SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1"),
      insert: prepareCached(
        sqlite,
        `INSERT INTO audit_events (seq, at, actor_type, actor_id, vendor_id, action, object_type, object_id, details, prev_hash, hash)
         VALUES (@seq, @at, @actor_type, @actor_id, @vendor_id, @action, @object_type, @object_id, @details, @prev_hash, @hash)`,
      ),
    };
    statements.set(sqlite, s);
  }
  return s;
}

/**
 * Text that reads back from SQLite exactly as written: lone surrogates (which UTF-8 cannot
 * hold) become U+FFFD and NUL is dropped. Otherwise a hostile identifier would be stored
 * differently from what was hashed, and the chain would "break" without any tampering.
 */
function storable(s: string): string {
  return s.toWellFormed().replace(/\u0000/g, "");
}

/**
 * An API call runs the workspace's code as the key's creator (same scope, same rules), but the
 * chain must say that a key acted, not the person: keys outlive sessions, and one admin may hold
 * several. Inside actAsApiKey, every row written for that creator as staff names the key
 * (actorType api_key, actorId the key id) with the creator in details.createdBy. A context rather
 * than a parameter because request-store, response-files and photos write their rows from the
 * actor they are handed, whoever called them.
 */
const apiKeyActor = new AsyncLocalStorage<{ keyId: number; createdBy: number }>();

export function actAsApiKey<T>(key: { keyId: number; createdBy: number }, fn: () => T): T {
  return apiKeyActor.run(key, fn);
}

function withApiKeyActor(input: AuditInput): AuditInput {
  const key = apiKeyActor.getStore();
  if (!key || input.actorType !== "staff" || String(input.actorId) !== String(key.createdBy)) return input;
  return {
    ...input,
    actorType: "api_key",
    actorId: key.keyId,
    details: { ...input.details, createdBy: key.createdBy },
  };
}

/** Appends one audit row. Call inside the state change's transaction. */
export function appendAudit(given: AuditInput, sqlite: SqlConnection = getSqlite()): { seq: number; hash: string } {
  const input = withApiKeyActor(given);
  AUDIT_ACTIONS.parse(input.action);
  const s = prepared(sqlite);
  const head = readOne<Pick<AuditEventRow, "seq" | "hash">>(s.head);
  const prevHash = head?.hash ?? GENESIS_HASH;
  const row = {
    seq: (head?.seq ?? 0) + 1,
    at: input.at.toISOString(),
    actor_type: input.actorType,
    actor_id: input.actorId == null ? null : storable(String(input.actorId)),
    vendor_id: input.vendorId ?? null,
    action: input.action,
    object_type: input.objectType ?? null,
    object_id: input.objectId == null ? null : storable(String(input.objectId)),
    details: canonicalJson(input.details ?? {}),
  };
  const hash = hashAuditRow(prevHash, row);
  s.insert.run({ ...row, prev_hash: prevHash, hash });
  return { seq: row.seq, hash };
}

export interface ChainVerification {
  ok: boolean;
  count: number;
  headHash: string;
  /** First row whose link is broken (edited, deleted neighbour, reordered). */
  firstBrokenSeq: number | null;
  reason: string | null;
}

/** Walks the whole chain in seq order, streaming rows (constant memory). */
export function verifyAuditChain(sqlite: SqlConnection = getSqlite()): ChainVerification {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  const iter = iterateRows<AuditRow>(sqlite.prepare("SELECT * FROM audit_events ORDER BY seq"));
  for (const row of iter) {
    if (row.seq !== expectedSeq) {
      return {
        ok: false,
        count,
        headHash: prevHash,
        firstBrokenSeq: row.seq,
        reason: `missing row(s) before seq ${row.seq}`,
      };
    }
    if (row.prev_hash !== prevHash) {
      return {
        ok: false,
        count,
        headHash: prevHash,
        firstBrokenSeq: row.seq,
        reason: "prev_hash does not match the previous row",
      };
    }
    let recomputed: string;
    try {
      recomputed = hashAuditRow(prevHash, row);
    } catch {
      return { ok: false, count, headHash: prevHash, firstBrokenSeq: row.seq, reason: "details is not valid JSON" };
    }
    if (recomputed !== row.hash) {
      return {
        ok: false,
        count,
        headHash: prevHash,
        firstBrokenSeq: row.seq,
        reason: "row content does not match its hash",
      };
    }
    prevHash = row.hash;
    expectedSeq += 1;
    count += 1;
  }
  return { ok: true, count, headHash: prevHash, firstBrokenSeq: null, reason: null };
}
