/**
 * Resident side: filing a request and reading it through its private status link.
 */
import crypto from "node:crypto";
import { computeDeadline, describeJurisdiction, findRule, type DeadlineResult } from "~/domain/deadlines";
import type { FilingInput } from "~/domain/schemas";
import type { Locale } from "~/i18n";
import { appendAudit } from "./audit.server";
import { sha256Hex } from "./auth.server";
import { getSqlite, inTransaction } from "./db.server";
import { ServiceError } from "./errors.server";
import { enqueueEmail } from "./outbox.server";
import { deadlineFor, listEvents, recordChange, type EventRow, type RequestRow } from "./request-store.server";
import { getRuntime } from "./runtime.server";

export interface VendorRow {
  id: number;
  slug: string;
  name: string;
  legal_name: string;
  privacy_email: string;
  jurisdictions: string;
  intake: "portal" | "email";
  id_requirements: string;
  service_target_days: number;
  locale: string;
}

export function listVendors(): VendorRow[] {
  return getSqlite().prepare("SELECT * FROM vendors ORDER BY name").all() as VendorRow[];
}

/** A status token: 256 bits from the CSPRNG, base64url. Only its SHA-256 is stored. */
export function newToken(): string {
  return crypto.randomBytes(32).toString("base64url");
}

/** Next public reference for the year, e.g. BR-2026-000042 (counter kept in portal_state). */
export function nextReference(year: number, at: Date): string {
  const sqlite = getSqlite();
  const key = `ref:${year}`;
  const row = sqlite.prepare("SELECT value FROM portal_state WHERE key = ?").get(key) as { value: string } | undefined;
  const next = (row ? Number(row.value) : 0) + 1;
  sqlite
    .prepare("INSERT INTO portal_state (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at")
    .run(key, String(next), at.getTime());
  return `BR-${year}-${String(next).padStart(6, "0")}`;
}

export interface FiledRequest {
  reference: string;
  vendorName: string;
  type: RequestRow["type"];
  statusToken: string;
  respondBy: string | null;
  statutory: boolean;
  citation: string;
}

export interface FilingResult {
  filingId: number;
  replayed: boolean;
  requests: FiledRequest[];
}

/**
 * Files one request per (vendor × type) in ONE transaction: filing, requests, events, audit
 * rows, status links and outbox rows commit together or not at all. A replay of the same
 * idempotency key returns the existing filing (with fresh status links) instead of a copy.
 */
export function fileRequest(input: FilingInput, opts: { locale: Locale; now: Date }): FilingResult {
  const sqlite = getSqlite();
  const now = opts.now;
  const t = now.getTime();
  const result = inTransaction((): FilingResult => {
    const existing = sqlite.prepare("SELECT id FROM filings WHERE idempotency_key = ?").get(input.idempotencyKey) as { id: number } | undefined;
    if (existing) return { filingId: existing.id, replayed: true, requests: reissueLinks(existing.id, now) };

    const slugs = [...new Set(input.vendor)];
    const vendors = slugs.map((slug) => sqlite.prepare("SELECT * FROM vendors WHERE slug = ?").get(slug) as VendorRow | undefined);
    if (vendors.some((v) => !v)) throw new ServiceError(400, "unknown_vendor", "Unknown vendor", { vendor: "errors.vendorUnknown" });
    const types = [...new Set(input.type)];

    const filingId = Number(
      sqlite
        .prepare("INSERT INTO filings (idempotency_key, full_name, email, locale, jurisdiction, created_at) VALUES (?, ?, ?, ?, ?, ?)")
        .run(input.idempotencyKey, input.fullName, input.email, opts.locale, input.jurisdiction, t).lastInsertRowid,
    );
    const jurisdictionName = describeJurisdiction(input.jurisdiction, opts.locale).name;
    const filed: FiledRequest[] = [];
    for (const vendor of vendors as VendorRow[]) {
      for (const type of types) {
        const rule = findRule(input.jurisdiction, type, now);
        const deadline = computeDeadline({ rule, receivedAt: now, events: [], now, serviceTargetDays: vendor.service_target_days });
        const reference = nextReference(yearOf(now), now);
        const requestId = Number(
          sqlite
            .prepare(
              `INSERT INTO requests (reference, filing_id, vendor_id, type, jurisdiction, status, received_at, rule_id, rule_version, statutory,
                 original_respond_by, respond_by, due_at, acknowledge_by, created_at, updated_at)
               VALUES (?, ?, ?, ?, ?, 'received', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            )
            .run(
              reference, filingId, vendor.id, type, input.jurisdiction, t, deadline.ruleId, deadline.ruleVersion,
              deadline.statutory ? 1 : 0, deadline.originalRespondBy, deadline.respondBy, deadline.respondByInstant.getTime(),
              deadline.acknowledgeBy, t, t,
            ).lastInsertRowid,
        );
        const row = sqlite.prepare("SELECT * FROM requests WHERE id = ?").get(requestId) as RequestRow;
        appendAudit({ at: now, actorType: "resident", vendorId: vendor.id, action: "request.filed", objectType: "request", objectId: reference });
        // The skeleton delivers at filing time; email verification before delivery comes with issue 4.
        recordChange({
          request: row,
          eventType: "received",
          actorType: "system",
          actorId: null,
          at: now,
          audit: "request.received",
          payload: { receivedOn: deadline.receivedOn, respondBy: deadline.respondBy, ruleId: deadline.ruleId, ruleVersion: deadline.ruleVersion },
        });
        const statusToken = newToken();
        sqlite.prepare("INSERT INTO status_links (token_hash, request_id, created_at) VALUES (?, ?, ?)").run(sha256Hex(statusToken), requestId, t);
        enqueueEmail({
          dedupeKey: `request-filed:${reference}`,
          to: input.email,
          template: "request-filed",
          locale: opts.locale,
          requestId,
          at: now,
          data: {
            fullName: input.fullName,
            reference,
            vendorName: vendor.name,
            requestType: type,
            jurisdictionName,
            statusPath: `/r/${statusToken}`,
            respondBy: deadline.respondBy,
            statutory: deadline.statutory,
            citation: deadline.citation,
          },
        });
        notifyVendor(vendor, row, deadline, { fullName: input.fullName, email: input.email, locale: opts.locale, jurisdictionName }, now);
        filed.push({ reference, vendorName: vendor.name, type, statusToken, respondBy: deadline.respondBy, statutory: deadline.statutory, citation: deadline.citation });
      }
    }
    return { filingId, replayed: false, requests: filed };
  });
  getRuntime().wakeWorker();
  return result;
}

function yearOf(d: Date): number {
  return d.getUTCFullYear();
}

/** New status links for an already-filed filing (double submit, refresh after POST). */
function reissueLinks(filingId: number, now: Date): FiledRequest[] {
  const sqlite = getSqlite();
  const rows = sqlite
    .prepare("SELECT r.*, v.name AS vendor_name FROM requests r JOIN vendors v ON v.id = r.vendor_id WHERE r.filing_id = ? ORDER BY r.id")
    .all(filingId) as (RequestRow & { vendor_name: string })[];
  return rows.map((r) => {
    const token = newToken();
    sqlite.prepare("INSERT INTO status_links (token_hash, request_id, created_at) VALUES (?, ?, ?)").run(sha256Hex(token), r.id, now.getTime());
    const events = listEvents(r.id);
    const d = deadlineFor(r, events, now);
    return {
      reference: r.reference,
      vendorName: r.vendor_name,
      type: r.type,
      statusToken: token,
      respondBy: r.respond_by,
      statutory: r.statutory === 1,
      citation: d?.citation ?? "",
    };
  });
}

/** Staff of onboarded vendors get a "new request" email; email-only vendors get the formal letter. */
function notifyVendor(
  vendor: VendorRow,
  row: RequestRow,
  deadline: DeadlineResult,
  resident: { fullName: string; email: string; locale: Locale; jurisdictionName: string },
  now: Date,
): void {
  const sqlite = getSqlite();
  if (vendor.intake === "email") {
    const locales: Locale[] = resident.locale === "en" ? ["en"] : [resident.locale, "en"];
    for (const locale of locales) {
      enqueueEmail({
        dedupeKey: `vendor-letter:${row.reference}:${locale}`,
        to: vendor.privacy_email,
        template: "vendor-letter",
        locale,
        requestId: row.id,
        at: now,
        data: {
          reference: row.reference,
          vendorName: vendor.name,
          fullName: resident.fullName,
          residentEmail: resident.email,
          requestType: row.type,
          jurisdictionName: describeJurisdiction(row.jurisdiction as never, locale).name,
          citation: deadline.citation,
          regime: describeJurisdiction(row.jurisdiction as never, locale).regime,
          receivedOn: deadline.receivedOn,
          respondBy: deadline.respondBy,
          statutory: deadline.statutory,
          details: null,
        },
      });
    }
    return;
  }
  const staff = sqlite
    .prepare("SELECT id, name, email, locale FROM users WHERE vendor_id = ? AND disabled_at IS NULL AND role IN ('vendor_admin','vendor_agent')")
    .all(vendor.id) as { id: number; name: string; email: string; locale: string }[];
  for (const s of staff) {
    enqueueEmail({
      dedupeKey: `staff-new-request:${row.reference}:${s.id}`,
      to: s.email,
      template: "staff-new-request",
      locale: s.locale === "fr-CA" ? "fr-CA" : "en",
      requestId: row.id,
      at: now,
      data: {
        staffName: s.name,
        reference: row.reference,
        vendorName: vendor.name,
        requestType: row.type,
        respondBy: deadline.respondBy,
        requestPath: `/vendor/requests/${row.reference}`,
      },
    });
  }
}

export interface StatusView {
  request: RequestRow;
  vendor: Pick<VendorRow, "name" | "slug" | "privacy_email">;
  filing: { fullName: string; locale: string };
  events: EventRow[];
  deadline: DeadlineResult | null;
}

/** Reads a request through its private status link; unknown or revoked token → 404. */
export function getStatusByToken(token: string, opts: { now: Date; locale: Locale }): StatusView {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw new ServiceError(404, "not_found", "Not found");
  const sqlite = getSqlite();
  const link = sqlite.prepare("SELECT request_id FROM status_links WHERE token_hash = ? AND revoked_at IS NULL").get(sha256Hex(token)) as
    | { request_id: number }
    | undefined;
  if (!link) throw new ServiceError(404, "not_found", "Not found");
  const request = sqlite.prepare("SELECT * FROM requests WHERE id = ?").get(link.request_id) as RequestRow;
  const vendor = sqlite.prepare("SELECT name, slug, privacy_email, service_target_days FROM vendors WHERE id = ?").get(request.vendor_id) as VendorRow;
  const filing = sqlite.prepare("SELECT full_name, locale FROM filings WHERE id = ?").get(request.filing_id) as { full_name: string; locale: string };
  const events = listEvents(request.id);
  const deadline = deadlineFor(request, events, opts.now, { serviceTargetDays: vendor.service_target_days, locale: opts.locale });
  return {
    request,
    vendor: { name: vendor.name, slug: vendor.slug, privacy_email: vendor.privacy_email },
    filing: { fullName: filing.full_name, locale: filing.locale },
    events,
    deadline,
  };
}

/** A fresh idempotency key for a filing form (carried in a hidden field). */
export function newIdempotencyKey(): string {
  return crypto.randomBytes(18).toString("base64url");
}

export function listVendorChoices(): { slug: string; name: string; intake: "portal" | "email" }[] {
  return listVendors().map((v) => ({ slug: v.slug, name: v.name, intake: v.intake }));
}
