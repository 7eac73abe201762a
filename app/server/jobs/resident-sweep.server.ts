/**
 * Sweep steps on the resident side: the 24-hour verification reminder, expiry of unconfirmed
 * filings after 7 days, and the destruction of reference photos 30 days after their request
 * closes, with a destruction receipt emailed to the resident. Each step is idempotent: its
 * state lives in the rows it changes and in outbox dedupe keys.
 */
import type { SqlConnection } from "../../../db/client";
import { applyTransition, DELIVERED_OPEN_STATUSES } from "~/domain/request-machine";
import type { Locale } from "~/i18n";
import { appendAudit } from "../audit/audit-chain.server";
import { getRuntime } from "../core/runtime.server";
import { sha256Hex } from "../security/staff-sessions.server";
import { getSqlite, inTransaction, prepareCached } from "../core/db.server";
import { enqueueEmail, sealLegacyOutboxPayloads } from "../mail/outbox.server";
import { pruneIdempotencyReplays } from "../api/idempotency-replays.server";
import { pruneRateLimits } from "../security/rate-limit.server";
import { issueOneTimeToken, spendOpenTokens } from "../security/one-time-tokens.server";
import { pruneWebhookHistory } from "../webhooks/deliver-webhooks.server";
import { destroyPhoto, listPhotosDueForPurge, sweepOrphanFiles } from "../resident/reference-photos.server";
import { issueStatusLink, recordChange } from "../requests/record-change.server";
import { newToken } from "../resident/file-request.server";
import type { SweepCheckpoint, SweepContext, SweepStep } from "../core/sweep-step.server";
import {
  readAll,
  readOne,
  type AttachmentRow,
  type FilingRow,
  type RequestRow,
  type UserRow,
  type VendorRow,
} from "../core/rows.server";

export const VERIFY_REMINDER_AFTER_MS = 24 * 60 * 60_000;
const DAY_MS = 86_400_000;

type PendingFiling = Pick<FilingRow, "full_name" | "email" | "locale"> & {
  filing_id: FilingRow["id"];
  /** When the first email-proof link was sent, and when the newest one expires. */
  first_created: number;
  expires_at: number;
};

function localeOf(x: string): Locale {
  return x === "fr-CA" ? "fr-CA" : "en";
}

/** Filings still waiting for email confirmation (unused verification tokens). */
function pendingFilings(sqlite: SqlConnection): PendingFiling[] {
  return readAll<PendingFiling>(
    prepareCached(
      sqlite,
      `SELECT f.id AS filing_id, f.full_name, f.email, f.locale, min(t.created_at) AS first_created, max(t.expires_at) AS expires_at
       FROM one_time_tokens t JOIN filings f ON f.id = t.filing_id
       WHERE t.purpose = 'verify_email' AND f.email_verified_at IS NULL
       GROUP BY f.id`,
    ),
  );
}

function vendorNames(sqlite: SqlConnection, filingId: number): string[] {
  return readAll<{ name: string }>(
    prepareCached(
      sqlite,
      "SELECT DISTINCT v.name FROM requests r JOIN vendors v ON v.id = r.vendor_id WHERE r.filing_id = ? ORDER BY v.name",
    ),
    filingId,
  ).map((r) => r.name);
}

export const verificationStep: SweepStep = {
  name: "verification",
  *run(ctx: SweepContext): Generator<SweepCheckpoint, void, void> {
    const sqlite = getSqlite();
    const t = ctx.now.getTime();
    for (const f of pendingFilings(sqlite)) {
      if (t > f.expires_at) {
        // Never confirmed: the requests never reached a vendor; close them so nothing waits forever.
        inTransaction(() => {
          const rows = readAll<RequestRow>(
            prepareCached(sqlite, "SELECT * FROM requests WHERE filing_id = ? AND status = 'pending_verification'"),
            f.filing_id,
          );
          for (const r of rows) {
            if (!applyTransition(r.status, "withdraw").ok) continue;
            recordChange({
              request: r,
              eventType: "verification_expired",
              actorType: "system",
              actorId: null,
              at: ctx.now,
              audit: "request.verification_expired",
              payload: { status: "withdrawn", outcome: "withdrawn" },
              set: { status: "withdrawn", outcome: "withdrawn", closed_at: t },
            });
          }
          spendOpenTokens({ filingId: f.filing_id }, t, ["verify_email"], sqlite);
        });
        yield { step: "verification", phase: "applied" };
        continue;
      }
      if (t - f.first_created >= VERIFY_REMINDER_AFTER_MS) {
        const key = `verify-reminder:${f.filing_id}`;
        if (prepareCached(sqlite, "SELECT 1 FROM email_outbox WHERE dedupe_key = ?").get(key)) continue;
        inTransaction(() => {
          // The original link's token is not stored; the reminder carries a new one with the same expiry.
          const token = newToken();
          issueOneTimeToken(
            {
              purpose: "verify_email",
              tokenHash: sha256Hex(token),
              owner: { filingId: f.filing_id },
              expiresAt: f.expires_at,
              createdAt: t,
            },
            sqlite,
          );
          enqueueEmail({
            dedupeKey: key,
            to: f.email,
            template: "verify-reminder",
            locale: localeOf(f.locale),
            at: ctx.now,
            data: {
              fullName: f.full_name,
              verifyPath: `/verify/${token}`,
              expiresOn: new Date(f.expires_at).toISOString().slice(0, 10),
              vendorNames: vendorNames(sqlite, f.filing_id),
            },
          });
        });
        yield { step: "verification", phase: "applied" };
      }
    }
  },
};

export const photoPurgeStep: SweepStep = {
  name: "photo-purge",
  *run(ctx: SweepContext): Generator<SweepCheckpoint, void, void> {
    const sqlite = getSqlite();
    for (const due of listPhotosDueForPurge(ctx.now, getRuntime().config.photoRetentionDays)) {
      destroyPhoto(due.attachmentId, { now: ctx.now, actor: "system" });
      yield { step: "photo-purge", phase: "applied" };
    }
    // Receipts: every destroyed photo whose resident has not been sent one yet (also catches a
    // crash between the destruction and this email).
    const missing = readAll<
      Pick<AttachmentRow, "id" | "sha256" | "size"> & { purged_at: number; request_id: number } & Pick<
          RequestRow,
          "reference"
        > &
        Pick<FilingRow, "full_name" | "email" | "locale" | "email_verified_at">
    >(
      prepareCached(
        sqlite,
        `SELECT a.id, a.sha256, a.size, a.purged_at, r.id AS request_id, r.reference, f.full_name, f.email, f.locale, f.email_verified_at
         FROM attachments a JOIN requests r ON r.id = a.request_id JOIN filings f ON f.id = r.filing_id
         WHERE a.kind = 'reference_photo' AND a.purged_at IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM email_outbox o WHERE o.dedupe_key = 'photo-destroyed:' || a.id)`,
      ),
    );
    for (const m of missing) {
      inTransaction(() => {
        // A status link goes only to an address the resident proved.
        const statusPath = m.email_verified_at == null ? null : issueStatusLink(m.request_id, ctx.now).path;
        const fr = m.locale === "fr-CA";
        enqueueEmail({
          dedupeKey: `photo-destroyed:${m.id}`,
          to: m.email,
          template: "photo-destroyed",
          locale: localeOf(m.locale),
          requestId: m.request_id,
          at: ctx.now,
          data: {
            fullName: m.full_name,
            reference: m.reference,
            destroyedAt: new Date(m.purged_at).toISOString(),
            sha256: m.sha256,
            what: fr
              ? `photo de référence de votre visage (JPEG, ${m.size} octets)`
              : `reference photo of your face (JPEG, ${m.size} bytes)`,
            statusPath,
          },
        });
      });
      yield { step: "photo-purge", phase: "applied" };
    }
    sweepOrphanFiles();
  },
};

export const housekeepingStep: SweepStep = {
  name: "housekeeping",
  *run(ctx: SweepContext): Generator<SweepCheckpoint, void, void> {
    pruneRateLimits(ctx.now);
    pruneWebhookHistory(ctx.now);
    pruneIdempotencyReplays(ctx.now);
    inTransaction(() => sealLegacyOutboxPayloads());
    yield { step: "housekeeping", phase: "applied" };
  },
};

/** Hour (UTC) from which the day's digest goes out: morning in the Americas, afternoon in Europe. */
export const DIGEST_HOUR_UTC = 13;

/**
 * Daily digest to each vendor admin (once per UTC date, dedupe key per user and date): open,
 * due within 5 days, overdue, new today, and the 20 nearest deadlines.
 */
export const digestStep: SweepStep = {
  name: "daily-digest",
  *run(ctx: SweepContext): Generator<SweepCheckpoint, void, void> {
    if (ctx.now.getUTCHours() < DIGEST_HOUR_UTC) return;
    const sqlite = getSqlite();
    const date = ctx.now.toISOString().slice(0, 10);
    const t = ctx.now.getTime();
    const admins = readAll<
      Pick<UserRow, "id" | "name" | "email" | "locale"> & { vendor_id: number; vendor_name: VendorRow["name"] }
    >(
      prepareCached(
        sqlite,
        `SELECT u.id, u.name, u.email, u.locale, u.vendor_id, v.name AS vendor_name FROM users u JOIN vendors v ON v.id = u.vendor_id
         WHERE u.role = 'vendor_admin' AND u.disabled_at IS NULL AND v.intake = 'portal'`,
      ),
    );
    const open = `(${DELIVERED_OPEN_STATUSES.map((s) => `'${s}'`).join(",")})`;
    for (const a of admins) {
      const key = `digest:${a.id}:${date}`;
      if (prepareCached(sqlite, "SELECT 1 FROM email_outbox WHERE dedupe_key = ?").get(key)) continue;
      const c = readOne<{ open: number; overdue: number; due_soon: number }>(
        prepareCached(
          sqlite,
          `SELECT count(*) AS open, coalesce(sum(due_at < ?), 0) AS overdue, coalesce(sum(due_at >= ? AND due_at < ?), 0) AS due_soon
           FROM requests WHERE vendor_id = ? AND status IN ${open}`,
        ),
        t,
        t,
        t + 5 * DAY_MS,
        a.vendor_id,
      )!;
      const newToday = readOne<{ n: number }>(
        prepareCached(sqlite, "SELECT count(*) AS n FROM requests WHERE vendor_id = ? AND received_at >= ?"),
        a.vendor_id,
        t - DAY_MS,
      )!.n;
      // Open requests were delivered, so their deadline is set.
      const items = readAll<Pick<RequestRow, "reference" | "respond_by" | "status"> & { due_at: number }>(
        prepareCached(
          sqlite,
          `SELECT reference, respond_by, status, due_at FROM requests WHERE vendor_id = ? AND status IN ${open} ORDER BY due_at, id LIMIT 20`,
        ),
        a.vendor_id,
      ).map((r) => ({
        reference: r.reference,
        respondBy: r.respond_by,
        state: r.due_at < t ? "overdue" : r.status,
        requestPath: `/vendor/requests/${r.reference}`,
      }));
      inTransaction(() =>
        enqueueEmail({
          dedupeKey: key,
          to: a.email,
          template: "staff-daily-digest",
          locale: localeOf(a.locale),
          at: ctx.now,
          data: {
            staffName: a.name,
            vendorName: a.vendor_name,
            date,
            counts: { open: c.open, dueSoon: c.due_soon, overdue: c.overdue, newToday },
            items,
          },
        }),
      );
      yield { step: "daily-digest", phase: "applied" };
    }
  },
};
