/**
 * Email outbox. Rows are written inside the state change's transaction (so a rolled-back
 * change sends nothing) with a unique dedupe key (so one event never yields two emails), and
 * sent after commit by the worker, which claims rows with a lease.
 *
 * Delivery is at-least-once with a narrow window: if the process dies after the SMTP server
 * accepted a message but before the row is marked sent, the lease expires and the row is sent
 * again — with the same Message-ID, so receivers can recognise the duplicate.
 */
import crypto from "node:crypto";
import type { SqlConnection } from "../../../db/client";
import { renderEmail, templateSchemas, isEmailTemplateName, type EmailLocale } from "../../../emails/render";
import type { MailTransport } from "../../../emails/transport";
import { getRuntime } from "../core/runtime.server";
import { getSqlite, inClaimTransaction, prepareCached } from "../core/db.server";
import { readAll, readOne, type OutboxRow } from "../core/rows.server";
import { decryptForName, encryptForName } from "../security/encrypted-files.server";
import { buildReplyAddress } from "./reply-address.server";

export const MAX_ATTEMPTS = 10;
export const LEASE_MS = 2 * 60_000;

export interface EnqueueEmailInput {
  dedupeKey: string;
  to: string;
  template: string;
  locale: EmailLocale;
  data: Record<string, unknown>;
  requestId?: number | null;
  at: Date;
}

/** Inserts one outbox row unless one with the same dedupe key exists. Call inside a transaction. */
export function enqueueEmail(input: EnqueueEmailInput, sqlite: SqlConnection = getSqlite()): boolean {
  if (!isEmailTemplateName(input.template)) throw new Error(`Unknown email template ${input.template}`);
  // Validate now, inside the transaction: a bad payload fails the change instead of an email later.
  templateSchemas[input.template].parse(input.data);
  if (/[\r\n]/.test(input.to)) throw new Error("Recipient address contains a line break");
  const domain = messageIdDomain();
  const result = prepareCached(
    sqlite,
    `INSERT INTO email_outbox (dedupe_key, to_address, template, locale, payload, request_id, status, attempts, next_attempt_at, message_id, created_at)
       VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?)
       ON CONFLICT(dedupe_key) DO NOTHING`,
  ).run(
    input.dedupeKey,
    input.to,
    input.template,
    input.locale,
    sealOutboxPayload(input.dedupeKey, input.data),
    input.requestId ?? null,
    input.at.getTime(),
    `<${crypto.randomUUID()}@${domain}>`,
    input.at.getTime(),
  );
  return result.changes === 1;
}

/**
 * Outbox payloads carry one-time links (verification, status, invitation, reset paths) and the
 * resident's identity until the email is sent: they are sealed with AES-256-GCM under DATA_KEY,
 * bound to the row's dedupe key, so the database file alone yields no usable link, and a sealed
 * payload moved to another row does not decrypt.
 */
const SEALED_PREFIX = "sealed1:";
/** What a sent (or purged) row keeps instead of its payload: nothing personal, nothing usable. */
export const CLEARED_PAYLOAD = '{"cleared":true}';

function outboxAad(dedupeKey: string): string {
  return `email_outbox:${crypto.createHash("sha256").update(dedupeKey).digest("hex")}`;
}

export function sealOutboxPayload(
  dedupeKey: string,
  data: Record<string, unknown>,
  key: Buffer = getRuntime().config.dataKey,
): string {
  return (
    SEALED_PREFIX +
    encryptForName(Buffer.from(JSON.stringify(data), "utf8"), outboxAad(dedupeKey), key).toString("base64")
  );
}

/** The payload of an outbox row: sealed rows are decrypted; rows written before sealing are plain JSON. */
export function openOutboxPayload(
  row: { dedupe_key: string; payload: string },
  key: Buffer = getRuntime().config.dataKey,
): Record<string, unknown> {
  if (!row.payload.startsWith(SEALED_PREFIX)) return JSON.parse(row.payload) as Record<string, unknown>;
  const plain = decryptForName(
    Buffer.from(row.payload.slice(SEALED_PREFIX.length), "base64"),
    outboxAad(row.dedupe_key),
    key,
  );
  return JSON.parse(plain.toString("utf8")) as Record<string, unknown>;
}

export function isSealedPayload(payload: string): boolean {
  return payload.startsWith(SEALED_PREFIX);
}

/**
 * Seals the payloads of rows written before sealing existed (an upgraded database): sent rows
 * lose theirs, unsent ones are sealed in place. Returns how many rows changed.
 */
export function sealLegacyOutboxPayloads(sqlite: SqlConnection = getSqlite()): number {
  const rows = readAll<Pick<OutboxRow, "id" | "dedupe_key" | "payload" | "status">>(
    prepareCached(
      sqlite,
      `SELECT id, dedupe_key, payload, status FROM email_outbox WHERE payload NOT LIKE '${SEALED_PREFIX}%' AND payload != ? LIMIT 500`,
    ),
    CLEARED_PAYLOAD,
  );
  const update = prepareCached(sqlite, "UPDATE email_outbox SET payload = ? WHERE id = ?");
  for (const r of rows)
    update.run(
      r.status === "sent"
        ? CLEARED_PAYLOAD
        : sealOutboxPayload(r.dedupe_key, JSON.parse(r.payload) as Record<string, unknown>),
      r.id,
    );
  return rows.length;
}

function messageIdDomain(): string {
  try {
    return new URL(getRuntime().config.publicUrl).hostname || "portal.localhost";
  } catch {
    return "portal.localhost";
  }
}

/** What the sender needs of a claimed row. */
type ClaimedEmail = Pick<
  OutboxRow,
  "id" | "dedupe_key" | "to_address" | "template" | "locale" | "payload" | "attempts" | "message_id" | "request_id"
>;

/** Claims up to `limit` due rows for `owner` (pending, or sending with an expired lease). */
export function claimDueEmails(opts: { owner: string; now: Date; limit?: number }): ClaimedEmail[] {
  const sqlite = getSqlite();
  const t = opts.now.getTime();
  return inClaimTransaction((claimSuffix) => {
    const rows = readAll<ClaimedEmail>(
      prepareCached(
        sqlite,
        `SELECT id, dedupe_key, to_address, template, locale, payload, attempts, message_id, request_id FROM email_outbox
         WHERE (status = 'pending' AND next_attempt_at <= ?) OR (status = 'sending' AND lease_until < ?)
         ORDER BY next_attempt_at, id LIMIT ?${claimSuffix}`,
      ),
      t,
      t,
      opts.limit ?? 20,
    );
    const claim = prepareCached(
      sqlite,
      "UPDATE email_outbox SET status = 'sending', lease_owner = ?, lease_until = ?, attempts = attempts + 1 WHERE id = ?",
    );
    for (const r of rows) claim.run(opts.owner, t + LEASE_MS, r.id);
    return rows.map((r) => ({ ...r, attempts: r.attempts + 1 }));
  });
}

export interface SendOutcome {
  sent: number;
  retried: number;
  failed: number;
}

/** SMTP replies ≥ 500 are permanent; connection errors and 4xx are worth retrying. */
export function isPermanentFailure(err: unknown): boolean {
  const e = err as { responseCode?: number; code?: string };
  if (typeof e.responseCode === "number") return e.responseCode >= 500;
  return false;
}

/** Exponential backoff with ±20 % jitter: 30 s, 1 min, 2 min … capped at 1 h. */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 60 * 60_000);
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** Sends claimed rows. Each row is marked sent/retry/failed only if this owner still holds it. */
export async function dispatchOutbox(opts: {
  transport: MailTransport;
  now: () => Date;
  owner?: string;
  limit?: number;
}): Promise<SendOutcome> {
  const owner = opts.owner ?? `worker-${process.pid}`;
  const { config } = getRuntime();
  const sqlite = getSqlite();
  const rows = claimDueEmails({ owner, now: opts.now(), limit: opts.limit });
  const outcome: SendOutcome = { sent: 0, retried: 0, failed: 0 };
  for (const row of rows) {
    try {
      const rendered = renderEmail({
        template: row.template as never,
        locale: row.locale as EmailLocale,
        data: openOutboxPayload(row),
        publicUrl: config.publicUrl,
      });
      // A letter to an email-only company: replies go to the request's own address and bounces
      // to its VERP address, both read by the inbound listener (inbound-store.server.ts).
      const replyTo =
        row.template === "vendor-letter" && row.request_id ? buildReplyAddress("reply", row.request_id) : null;
      const bounceTo = replyTo && row.request_id ? buildReplyAddress("bounce", row.request_id) : null;
      await opts.transport.sendMail({
        from: config.mailFrom,
        to: row.to_address,
        ...(replyTo ? { replyTo } : {}),
        ...(bounceTo ? { envelope: { from: bounceTo, to: [row.to_address] } } : {}),
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        messageId: row.message_id,
        headers: { "X-Portal-Outbox-Id": String(row.id), "Auto-Submitted": "auto-generated" },
      });
      prepareCached(
        sqlite,
        // Sent: the links and the identity in the payload have done their job and are dropped.
        "UPDATE email_outbox SET status = 'sent', sent_at = ?, payload = ?, lease_owner = NULL, lease_until = NULL, last_error = NULL WHERE id = ? AND lease_owner = ?",
      ).run(opts.now().getTime(), CLEARED_PAYLOAD, row.id, owner);
      outcome.sent += 1;
    } catch (err) {
      const message =
        err instanceof Error ? `${(err as { code?: string }).code ?? ""} ${err.message}`.trim() : String(err);
      if (isPermanentFailure(err) || row.attempts >= MAX_ATTEMPTS) {
        prepareCached(
          sqlite,
          "UPDATE email_outbox SET status = 'failed', last_error = ?, lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?",
        ).run(message.slice(0, 1000), row.id, owner);
        outcome.failed += 1;
      } else {
        prepareCached(
          sqlite,
          "UPDATE email_outbox SET status = 'pending', next_attempt_at = ?, last_error = ?, lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?",
        ).run(opts.now().getTime() + retryDelayMs(row.attempts), message.slice(0, 1000), row.id, owner);
        outcome.retried += 1;
      }
    }
  }
  return outcome;
}

export function countOutbox(): Record<string, number> {
  const rows = readAll<Pick<OutboxRow, "status"> & { n: number }>(
    prepareCached(getSqlite(), "SELECT status, count(*) AS n FROM email_outbox GROUP BY status"),
  );
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/** When the oldest email still waiting to be sent was queued (epoch ms), or null: the health check's backlog age. */
export function findOldestPendingEmailAt(): number | null {
  const row = readOne<{ t: number | null }>(
    prepareCached(getSqlite(), "SELECT min(created_at) AS t FROM email_outbox WHERE status IN ('pending','sending')"),
  );
  return row?.t ?? null;
}

export interface OutboxRowView {
  id: number;
  template: string;
  toAddress: string;
  status: string;
  attempts: number;
  lastError: string | null;
  createdAt: number;
  nextAttemptAt: number;
}

/** For the portal admin: failed rows (never sent) and the oldest pending ones. */
export function listOutboxProblems(limit = 100): { failed: OutboxRowView[]; pending: OutboxRowView[] } {
  const sqlite = getSqlite();
  const map = (r: OutboxRow): OutboxRowView => ({
    id: r.id,
    template: r.template,
    toAddress: r.to_address,
    status: r.status,
    attempts: r.attempts,
    lastError: r.last_error ?? null,
    createdAt: r.created_at,
    nextAttemptAt: r.next_attempt_at,
  });
  const failed = readAll<OutboxRow>(
    prepareCached(sqlite, "SELECT * FROM email_outbox WHERE status = 'failed' ORDER BY id DESC LIMIT ?"),
    limit,
  ).map(map);
  const pending = readAll<OutboxRow>(
    prepareCached(
      sqlite,
      "SELECT * FROM email_outbox WHERE status IN ('pending','sending') ORDER BY created_at LIMIT ?",
    ),
    limit,
  ).map(map);
  return { failed, pending };
}

/** An admin sends a failed row again: back to pending now, attempts reset (same Message-ID). */
export function retryFailedEmail(id: number, now: Date): boolean {
  return (
    prepareCached(
      getSqlite(),
      "UPDATE email_outbox SET status = 'pending', attempts = 0, next_attempt_at = ?, lease_owner = NULL, lease_until = NULL WHERE id = ? AND status = 'failed'",
    ).run(now.getTime(), id).changes === 1
  );
}
