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
 *
 * Each table's owner redacts its own copy (requests, resident, vendor, mail and api each have
 * theirs); this sweep step only finds the filings that are due and calls them in order, in one
 * transaction, so it lives in jobs, the one folder allowed to reach every feature.
 */
import type { SqlConnection } from "../../../db/client";
import { dropReplaysMentioning } from "../api/idempotency-replays.server";
import { appendAudit } from "../audit/audit-chain.server";
import { sha256Hex } from "../security/staff-sessions.server";
import { shredStoredFile } from "../security/encrypted-files.server";
import { getSqlite, inTransaction, prepareCached } from "../core/db.server";
import { readPortalState, writePortalState } from "../core/portal-state.server";
import { readAll, readOne, type FilingRow, type RequestRow } from "../core/rows.server";
import { redactInboundMail, redactOutboxFor } from "../mail/identity-redaction.server";
import {
  redactRequestAnswers,
  redactRequestEvents,
  revokeFilingStatusLinks,
} from "../requests/identity-redaction.server";
import { pseudonymiseFiling, tombstoneFilingFiles } from "../resident/identity-redaction.server";
import { redactCaseMessages, redactResponsePackages } from "../vendor/identity-redaction.server";
import type { SweepCheckpoint, SweepContext, SweepStep } from "../core/sweep-step.server";

/**
 * How long a resident's name and email stay after every request of the filing closed. CCPA
 * §7101 keeps request records for 24 months; the record itself (dates, outcome, basis) stays,
 * only the identity is replaced by a pseudonym (a keyed hash cannot be reversed).
 */
export const IDENTITY_RETENTION_DAYS = 730;
const DAY_MS = 86_400_000;
const REMOVED = "[removed]";

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
    const filing = readOne<Pick<FilingRow, "email">>(
      prepareCached(sqlite, "SELECT email FROM filings WHERE id = ? AND full_name != ?"),
      filingId,
      REMOVED,
    );
    if (!filing) return null;
    const pseudonym = `removed+${sha256Hex(`filing:${filingId}`).slice(0, 16)}@invalid`;
    const requests = readAll<Pick<RequestRow, "id" | "reference">>(
      prepareCached(sqlite, "SELECT id, reference FROM requests WHERE filing_id = ?"),
      filingId,
    );
    pseudonymiseFiling(filingId, REMOVED, pseudonym, sqlite);
    const links = revokeFilingStatusLinks(filingId, t, sqlite);
    redactCaseMessages(filingId, REMOVED, sqlite);
    redactInboundMail(filingId, REMOVED, sqlite);
    redactRequestAnswers(filingId, REMOVED, sqlite);
    const events = redactRequestEvents(filingId, sqlite);
    redactResponsePackages(filingId, sqlite);
    const files = tombstoneFilingFiles(filingId, t, sqlite);
    shred.push(...files);
    const outbox = redactOutboxFor({ id: filingId, email: filing.email, pseudonym }, sqlite);
    const replays = dropReplaysMentioning(
      requests.map((r) => r.reference),
      sqlite,
    );
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
    const last = readPortalState("identity-purge:date", sqlite);
    if (last?.value === today) return;
    const cutoff = ctx.now.getTime() - IDENTITY_RETENTION_DAYS * DAY_MS;
    const due = readAll<Pick<FilingRow, "id">>(
      prepareCached(
        sqlite,
        `SELECT f.id FROM filings f
         WHERE f.full_name != '[removed]'
           AND NOT EXISTS (SELECT 1 FROM requests r WHERE r.filing_id = f.id AND (r.closed_at IS NULL OR r.closed_at >= ?))
           AND EXISTS (SELECT 1 FROM requests r WHERE r.filing_id = f.id)
         LIMIT 1000`,
      ),
      cutoff,
    );
    for (const f of due) {
      purgeFilingIdentity(f.id, ctx.now, sqlite);
      yield { step: "identity-purge", phase: "applied" };
    }
    if (due.length < 1000) {
      writePortalState("identity-purge:date", today, ctx.now.getTime(), sqlite);
    }
  },
};
