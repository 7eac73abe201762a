/**
 * The identity purge: 24 months after every request of a filing closed, the resident's name and
 * email are replaced by a pseudonym — and so is every other copy of who they are, wherever the
 * portal kept one:
 *
 *   filings            name, email → "[removed]", removed+<keyed hash>@invalid
 *   status_links       every link of the filing's requests revoked
 *   messages           bodies → "[removed]"
 *   inbound_mail       text, HTML and subject of the company's emailed replies → "[removed]"
 *   requests           the vendor's written answer → "[removed]"
 *   request_events     free text (filing details, image URLs, written reasons) dropped, marked redacted
 *   response_packages  only numbers and yes/no facts kept (counts of a deletion certificate)
 *   attachments        reference photos and answer files shredded, original file names dropped
 *   email_outbox       payloads cleared, the resident's address replaced by the pseudonym
 *   idempotency_keys   stored API answers that mention the filing's references deleted
 *
 * The record itself (dates, statuses, outcomes, legal bases, rule versions, the audit chain)
 * stays: CCPA §7101 keeps request records for 24 months and regulators audit response times.
 */
import type { SqlConnection } from "../../../db/client";
import { appendAudit } from "../audit/audit-chain.server";
import { sha256Hex } from "../security/staff-sessions.server";
import { shredStoredFile } from "../security/encrypted-files.server";
import { getSqlite, inTransaction, prepareCached } from "../core/db.server";
import { CLEARED_PAYLOAD } from "../mail/outbox.server";
import type { SweepCheckpoint, SweepContext, SweepStep } from "../core/sweep-step.server";

/**
 * How long a resident's name and email stay after every request of the filing closed. CCPA
 * §7101 keeps request records for 24 months; the record itself (dates, outcome, basis) stays,
 * only the identity is replaced by a pseudonym (a keyed hash cannot be reversed).
 */
export const IDENTITY_RETENTION_DAYS = 730;
/** Stored API answers (Idempotency-Key replays) hold the request's detail: kept one day, as payment APIs do. */
export const IDEMPOTENCY_REPLAY_MS = 86_400_000;
const DAY_MS = 86_400_000;
const REMOVED = "[removed]";

/** Drops stored API answers older than a day (they carry residents' names and messages). */
export function pruneIdempotencyReplays(now: Date, sqlite: SqlConnection = getSqlite()): number {
  return prepareCached(sqlite, "DELETE FROM idempotency_keys WHERE created_at < ?").run(
    now.getTime() - IDEMPOTENCY_REPLAY_MS,
  ).changes;
}

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

interface PurgeReport {
  links: number;
  outbox: number;
  events: number;
  files: number;
  replays: number;
}

/**
 * Purges one filing's identity in one transaction (the files are shredded after it commits, so
 * a rollback never leaves a row pointing at a shredded file). Returns what it changed.
 */
export function purgeFilingIdentity(
  filingId: number,
  now: Date,
  sqlite: SqlConnection = getSqlite(),
): PurgeReport | null {
  const t = now.getTime();
  const shred: string[] = [];
  const report = inTransaction((): PurgeReport | null => {
    const filing = prepareCached(sqlite, "SELECT email FROM filings WHERE id = ? AND full_name != ?").get(
      filingId,
      REMOVED,
    ) as { email: string } | undefined;
    if (!filing) return null;
    const pseudonym = `removed+${sha256Hex(`filing:${filingId}`).slice(0, 16)}@invalid`;
    const requests = prepareCached(sqlite, "SELECT id, reference FROM requests WHERE filing_id = ?").all(filingId) as {
      id: number;
      reference: string;
    }[];
    const ofFiling = "SELECT id FROM requests WHERE filing_id = ?";
    prepareCached(sqlite, "UPDATE filings SET full_name = ?, email = ? WHERE id = ?").run(REMOVED, pseudonym, filingId);
    const links = prepareCached(
      sqlite,
      `UPDATE status_links SET revoked_at = ? WHERE revoked_at IS NULL AND request_id IN (${ofFiling})`,
    ).run(t, filingId).changes;
    prepareCached(sqlite, `UPDATE messages SET body = ? WHERE request_id IN (${ofFiling})`).run(REMOVED, filingId);
    // Mail the company sent back by email quotes the letter (name, address): bodies and subject go.
    prepareCached(
      sqlite,
      `UPDATE inbound_mail SET text_body = ?, html_body = NULL, subject = ? WHERE request_id IN (${ofFiling})`,
    ).run(REMOVED, REMOVED, filingId);
    prepareCached(
      sqlite,
      `UPDATE requests SET outcome_reason = ? WHERE filing_id = ? AND outcome_reason IS NOT NULL`,
    ).run(REMOVED, filingId);
    // The one rewrite request_events allows (its trigger checks exactly this expression).
    const events = prepareCached(
      sqlite,
      `UPDATE request_events SET payload = json_set(json_remove(payload, '$.details', '$.urls', '$.reason'), '$.redacted', 1)
         WHERE request_id IN (${ofFiling}) AND json_extract(payload, '$.redacted') IS NULL
           AND (json_extract(payload, '$.details') IS NOT NULL OR json_extract(payload, '$.urls') IS NOT NULL OR json_extract(payload, '$.reason') IS NOT NULL)`,
    ).run(filingId).changes;
    const packages = prepareCached(
      sqlite,
      `SELECT id, payload FROM response_packages WHERE request_id IN (${ofFiling})`,
    ).all(filingId) as { id: number; payload: string }[];
    for (const p of packages)
      prepareCached(sqlite, "UPDATE response_packages SET payload = ? WHERE id = ?").run(
        redactPackagePayload(p.payload),
        p.id,
      );
    const files = prepareCached(
      sqlite,
      `SELECT id, storage_name FROM attachments WHERE request_id IN (${ofFiling}) AND purged_at IS NULL`,
    ).all(filingId) as { id: number; storage_name: string }[];
    prepareCached(
      sqlite,
      `UPDATE attachments SET purged_at = ? WHERE request_id IN (${ofFiling}) AND purged_at IS NULL`,
    ).run(t, filingId);
    prepareCached(
      sqlite,
      `UPDATE attachments SET original_name = NULL WHERE request_id IN (${ofFiling}) AND original_name IS NOT NULL`,
    ).run(filingId);
    shred.push(...files.map((f) => f.storage_name));
    // Emails: to the resident (by address), about the filing's requests (the vendor letter carries
    // the name and address), and the verification mails keyed by the filing.
    const outbox =
      prepareCached(
        sqlite,
        `UPDATE email_outbox SET payload = ? WHERE payload != ?
             AND (request_id IN (${ofFiling}) OR lower(to_address) = lower(?) OR dedupe_key IN (?, ?))`,
      ).run(
        CLEARED_PAYLOAD,
        CLEARED_PAYLOAD,
        filingId,
        filing.email,
        `verify-email:${filingId}`,
        `verify-reminder:${filingId}`,
      ).changes +
      prepareCached(sqlite, "UPDATE email_outbox SET to_address = ? WHERE lower(to_address) = lower(?)").run(
        pseudonym,
        filing.email,
      ).changes;
    let replays = 0;
    for (const r of requests)
      replays += prepareCached(sqlite, "DELETE FROM idempotency_keys WHERE body LIKE ?").run(
        `%"${r.reference}"%`,
      ).changes;
    appendAudit({
      at: now,
      actorType: "system",
      action: "identity.purged",
      objectType: "filing",
      objectId: filingId,
      details: { retentionDays: IDENTITY_RETENTION_DAYS, links, events, files: files.length, outbox, replays },
    });
    return { links, outbox, events, files: files.length, replays };
  });
  for (const name of shred) {
    try {
      shredStoredFile(name);
    } catch {
      // The orphan sweep removes a file whose row is tombstoned if this shred was interrupted.
    }
  }
  return report;
}

export const identityPurgeStep: SweepStep = {
  name: "identity-purge",
  *run(ctx: SweepContext): Generator<SweepCheckpoint, void, void> {
    const sqlite = getSqlite();
    // A full pass over filings is costly at scale and retention is counted in days: once a day.
    const today = ctx.now.toISOString().slice(0, 10);
    const last = prepareCached(sqlite, "SELECT value FROM portal_state WHERE key = 'identity-purge:date'").get() as
      { value: string } | undefined;
    if (last?.value === today) return;
    const cutoff = ctx.now.getTime() - IDENTITY_RETENTION_DAYS * DAY_MS;
    const due = prepareCached(
      sqlite,
      `SELECT f.id FROM filings f
         WHERE f.full_name != '[removed]'
           AND NOT EXISTS (SELECT 1 FROM requests r WHERE r.filing_id = f.id AND (r.closed_at IS NULL OR r.closed_at >= ?))
           AND EXISTS (SELECT 1 FROM requests r WHERE r.filing_id = f.id)
         LIMIT 1000`,
    ).all(cutoff) as { id: number }[];
    for (const f of due) {
      purgeFilingIdentity(f.id, ctx.now, sqlite);
      yield { step: "identity-purge", phase: "applied" };
    }
    if (due.length < 1000) {
      prepareCached(
        sqlite,
        "INSERT INTO portal_state (key, value, updated_at) VALUES ('identity-purge:date', ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
      ).run(today, ctx.now.getTime());
    }
  },
};
