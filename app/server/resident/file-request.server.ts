/**
 * Filing: one request per (vendor × type) written in ONE transaction with its events, audit rows,
 * the email-verification token and email. Nothing reaches a vendor from here — requests wait
 * until the resident proves the address (confirm-email.server.ts). Also the public references,
 * the tokens and the form's idempotency key.
 */
import crypto from "node:crypto";
import { computeDeadline, findRule } from "~/domain/deadlines";
import type { FilingInput } from "~/domain/schemas";
import type { Locale } from "~/i18n";
import { appendAudit } from "../audit/audit-chain.server";
import { getSqlite, inTransaction, prepareCached } from "../core/db.server";
import { ServiceError } from "../core/errors.server";
import { readAll, readOne, type FilingRow, type PortalStateRow, type VendorRow } from "../core/rows.server";
import { getRuntime } from "../core/runtime.server";
import { enqueueEmail } from "../mail/outbox.server";
import { deadlineFor, listEvents, type RequestRow } from "../requests/record-change.server";
import { sha256Hex } from "../security/staff-sessions.server";
import { recordPhotoAttachment } from "./reference-photos.server";

/** A status token: 256 bits from the CSPRNG, base64url. Only its SHA-256 is stored. */
export function newToken(): string {
  return crypto.randomBytes(32).toString("base64url");
}

/** Next public reference for the year, e.g. BR-2026-000042 (counter kept in portal_state). */
export function nextReference(year: number, at: Date): string {
  const sqlite = getSqlite();
  const key = `ref:${year}`;
  const row = readOne<Pick<PortalStateRow, "value">>(
    prepareCached(sqlite, "SELECT value FROM portal_state WHERE key = ?"),
    key,
  );
  const next = (row ? Number(row.value) : 0) + 1;
  prepareCached(
    sqlite,
    "INSERT INTO portal_state (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
  ).run(key, String(next), at.getTime());
  return `BR-${year}-${String(next).padStart(6, "0")}`;
}

export interface FiledRequest {
  reference: string;
  vendorName: string;
  type: RequestRow["type"];
  /** The deadline the request would have if the vendor received it now (a preview until delivery). */
  respondBy: string | null;
  statutory: boolean;
  citation: string;
  /** Deletion filed behind an access request to the same vendor. */
  queuedBehind: string | null;
}

export interface FilingResult {
  filingId: number;
  replayed: boolean;
  requests: FiledRequest[];
}

export interface FilingOptions {
  locale: Locale;
  now: Date;
  /** Access before deletion for the same vendor (default), so deletion cannot destroy what access would show. */
  ordered?: boolean;
  /** Verification link lifetime. */
  verifyTtlMs?: number;
  /** Extra details for the letter (URLs where the resident's images appear, options chosen). */
  details?: string | null;
  /** Encrypted copies of the sanitised reference photo, stored before the transaction: one per request. */
  photo?: { storageNames: string[]; size: number; sha256: string } | null;
  /** What the resident agreed to (version and language of the consent text). */
  consent?: { version: string; locale: Locale } | null;
}

/** How many requests a filing produces (so the caller can prepare one photo copy per request). */
export function countRequests(input: Pick<FilingInput, "vendor" | "type">): number {
  return new Set(input.vendor).size * new Set(input.type).size;
}

export const VERIFY_TTL_MS = 7 * 86_400_000;
const TYPE_ORDER: Record<string, number> = { access: 0, correction: 1, opt_out: 2, limit: 3, deletion: 4 };

/**
 * Files one request per (vendor × type) in ONE transaction: filing, requests, events, audit
 * rows, the verification token and the verification email commit together or not at all.
 * Requests wait in `pending_verification`: nothing reaches a vendor, no statutory clock runs and
 * no status link exists until the resident proves the email address (confirmEmail) — whoever
 * typed someone else's address must never be able to follow, or receive, their answer. A replay
 * of the same idempotency key returns the existing filing (references only, no links).
 */
export function fileRequest(input: FilingInput, opts: FilingOptions): FilingResult {
  const sqlite = getSqlite();
  const now = opts.now;
  const t = now.getTime();
  const ordered = opts.ordered ?? true;
  const result = inTransaction((): FilingResult => {
    const existing = readOne<Pick<FilingRow, "id">>(
      prepareCached(sqlite, "SELECT id FROM filings WHERE idempotency_key = ?"),
      input.idempotencyKey,
    );
    if (existing) return { filingId: existing.id, replayed: true, requests: describeFiling(existing.id, now) };

    const slugs = [...new Set(input.vendor)];
    const found = slugs.map((slug) =>
      readOne<VendorRow>(prepareCached(sqlite, "SELECT * FROM vendors WHERE slug = ?"), slug),
    );
    const vendors = found.filter((v): v is VendorRow => v !== undefined);
    if (vendors.length !== found.length)
      throw new ServiceError(400, "unknown_vendor", "Unknown vendor", { vendor: "errors.vendorUnknown" });
    const types = [...new Set(input.type)].sort((a, b) => (TYPE_ORDER[a] ?? 9) - (TYPE_ORDER[b] ?? 9));

    const filingId = Number(
      prepareCached(
        sqlite,
        "INSERT INTO filings (idempotency_key, full_name, email, locale, jurisdiction, created_at) VALUES (?, ?, ?, ?, ?, ?)",
      ).run(input.idempotencyKey, input.fullName, input.email, opts.locale, input.jurisdiction, t).lastInsertRowid,
    );
    const filed: FiledRequest[] = [];
    const photoNames = [...(opts.photo?.storageNames ?? [])];
    for (const vendor of vendors) {
      let accessRequest: { id: number; reference: string } | null = null;
      for (const type of types) {
        const rule = findRule(input.jurisdiction, type, now);
        const preview = computeDeadline({
          rule,
          receivedAt: now,
          events: [],
          now,
          serviceTargetDays: vendor.service_target_days,
          explain: false,
        });
        const reference = nextReference(yearOf(now), now);
        const dependsOn: { id: number; reference: string } | null =
          ordered && type === "deletion" && accessRequest ? accessRequest : null;
        const requestId: number = Number(
          prepareCached(
            sqlite,
            `INSERT INTO requests (reference, filing_id, vendor_id, type, jurisdiction, status, depends_on_request_id, created_at, updated_at)
               VALUES (?, ?, ?, ?, ?, 'pending_verification', ?, ?, ?)`,
          ).run(reference, filingId, vendor.id, type, input.jurisdiction, dependsOn?.id ?? null, t, t).lastInsertRowid,
        );
        if (type === "access") accessRequest = { id: requestId, reference };
        prepareCached(
          sqlite,
          "INSERT INTO request_events (request_id, type, actor_type, actor_id, at, payload) VALUES (?, 'filed', 'resident', NULL, ?, ?)",
        ).run(
          requestId,
          t,
          JSON.stringify({
            details: opts.details ?? null,
            queuedBehind: dependsOn?.reference ?? null,
            options: {
              accessSearchLog: input.accessSearchLog ?? false,
              deletionBlockFuture: input.deletionBlockFuture ?? false,
            },
            urls: input.urls ?? [],
            consent: opts.consent ? { ...opts.consent, at: now.toISOString() } : null,
            photo: opts.photo ? { sha256: opts.photo.sha256 } : null,
          }),
        );
        const photoName = photoNames.shift();
        if (opts.photo && photoName)
          recordPhotoAttachment({
            requestId,
            storageName: photoName,
            size: opts.photo.size,
            sha256: opts.photo.sha256,
            at: now,
          });
        appendAudit({
          at: now,
          actorType: "resident",
          vendorId: vendor.id,
          action: "request.filed",
          objectType: "request",
          objectId: reference,
        });
        filed.push({
          reference,
          vendorName: vendor.name,
          type,
          respondBy: preview.respondBy,
          statutory: preview.statutory,
          citation: preview.citation,
          queuedBehind: dependsOn?.reference ?? null,
        });
      }
    }
    const verifyToken = newToken();
    const expiresAt = t + (opts.verifyTtlMs ?? VERIFY_TTL_MS);
    prepareCached(
      sqlite,
      "INSERT INTO one_time_tokens (purpose, token_hash, filing_id, expires_at, created_at) VALUES ('verify_email', ?, ?, ?, ?)",
    ).run(sha256Hex(verifyToken), filingId, expiresAt, t);
    enqueueEmail({
      dedupeKey: `verify-email:${filingId}`,
      to: input.email,
      template: "verify-email",
      locale: opts.locale,
      at: now,
      data: {
        fullName: input.fullName,
        verifyPath: `/verify/${verifyToken}`,
        expiresOn: new Date(expiresAt).toISOString().slice(0, 10),
        vendorNames: vendors.map((v) => v.name),
      },
    });
    return { filingId, replayed: false, requests: filed };
  });
  getRuntime().wakeWorker();
  return result;
}

/** A fresh idempotency key for a filing form (carried in a hidden field). */
export function newIdempotencyKey(): string {
  return crypto.randomBytes(18).toString("base64url");
}

function yearOf(d: Date): number {
  return d.getUTCFullYear();
}

/** The requests of an already-filed filing (double submit, refresh after POST) — never a link. */
function describeFiling(filingId: number, now: Date): FiledRequest[] {
  const sqlite = getSqlite();
  const rows = readAll<RequestRow & { vendor_name: VendorRow["name"] }>(
    prepareCached(
      sqlite,
      "SELECT r.*, v.name AS vendor_name FROM requests r JOIN vendors v ON v.id = r.vendor_id WHERE r.filing_id = ? ORDER BY r.id",
    ),
    filingId,
  );
  return rows.map((r) => {
    const rule = findRule(r.jurisdiction as never, r.type, new Date(r.received_at ?? r.created_at));
    const d =
      deadlineFor(r, listEvents(r.id), now) ??
      computeDeadline({ rule, receivedAt: new Date(r.created_at), events: [], now, explain: false });
    return {
      reference: r.reference,
      vendorName: r.vendor_name,
      type: r.type,
      respondBy: d.respondBy,
      statutory: d.statutory,
      citation: d.citation,
      queuedBehind: null,
    };
  });
}
