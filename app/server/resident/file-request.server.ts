/**
 * Resident side: filing a request and reading it through its private status link.
 */
import { buildReplyAddress } from "../mail/reply-address.server";
import crypto from "node:crypto";
import {
  computeDeadline,
  describeJurisdiction,
  endOfLocalDate,
  findRule,
  type DeadlineResult,
} from "~/domain/deadlines";
import type { FilingInput } from "~/domain/schemas";
import type { Locale } from "~/i18n";
import { parseOtherContacts, type VendorContact } from "~/domain/vendor-contacts";
import { appendAudit } from "../audit/audit-chain.server";
import { sha256Hex } from "../security/staff-sessions.server";
import { getSqlite, inTransaction, prepareCached } from "../core/db.server";
import { ServiceError } from "../core/errors.server";
import { enqueueEmail } from "../mail/outbox.server";
import {
  deadlineFor,
  issueStatusLink,
  listActiveStaff,
  listEvents,
  recordChange,
  type EventRow,
  type RequestRow,
} from "../requests/record-change.server";
import { getRuntime } from "../core/runtime.server";
import { recordPhotoAttachment } from "./reference-photos.server";
import { enqueueRequestCreated } from "../webhooks/enqueue-webhooks.server";

export interface VendorRow {
  id: number;
  slug: string;
  name: string;
  legal_name: string;
  privacy_email: string;
  /** JSON; read through parseOtherContacts. */
  other_contacts: string;
  jurisdictions: string;
  intake: "portal" | "email";
  id_requirements: string;
  service_target_days: number;
  locale: string;
}

export function listVendors(): VendorRow[] {
  return prepareCached(getSqlite(), "SELECT * FROM vendors ORDER BY name").all() as VendorRow[];
}

/** A status token: 256 bits from the CSPRNG, base64url. Only its SHA-256 is stored. */
export function newToken(): string {
  return crypto.randomBytes(32).toString("base64url");
}

/** Next public reference for the year, e.g. BR-2026-000042 (counter kept in portal_state). */
export function nextReference(year: number, at: Date): string {
  const sqlite = getSqlite();
  const key = `ref:${year}`;
  const row = prepareCached(sqlite, "SELECT value FROM portal_state WHERE key = ?").get(key) as
    { value: string } | undefined;
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
/** A status link dies this long after its last use (the resident re-sends one from /requests/find). */
export const STATUS_LINK_IDLE_MS = 90 * 86_400_000;
/**
 * SQL condition of a live link (`l` = status_links, `f` = its request's filing): not revoked, used
 * (or issued) within the last 90 days, and issued no earlier than the moment the resident proved
 * the email address — a link from before that proof opens nothing, whoever holds it. Binds one
 * parameter: now − STATUS_LINK_IDLE_MS.
 */
export const LIVE_STATUS_LINK =
  "l.revoked_at IS NULL AND coalesce(l.last_used_at, l.created_at) > ? AND f.email_verified_at IS NOT NULL AND l.created_at >= f.email_verified_at";
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
    const existing = prepareCached(sqlite, "SELECT id FROM filings WHERE idempotency_key = ?").get(
      input.idempotencyKey,
    ) as { id: number } | undefined;
    if (existing) return { filingId: existing.id, replayed: true, requests: describeFiling(existing.id, now) };

    const slugs = [...new Set(input.vendor)];
    const vendors = slugs.map(
      (slug) => prepareCached(sqlite, "SELECT * FROM vendors WHERE slug = ?").get(slug) as VendorRow | undefined,
    );
    if (vendors.some((v) => !v))
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
    for (const vendor of vendors as VendorRow[]) {
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
        vendorNames: (vendors as VendorRow[]).map((v) => v.name),
      },
    });
    return { filingId, replayed: false, requests: filed };
  });
  getRuntime().wakeWorker();
  return result;
}

export interface ConfirmResult {
  delivered: { reference: string; vendorName: string; respondBy: string | null; statutory: boolean }[];
  queued: { reference: string; vendorName: string; behind: string }[];
  alreadyConfirmed: boolean;
  /**
   * Hashes of fresh status links for exactly the requests this confirmation proved, for the
   * confirming browser's cookie (the tokens themselves are never shown or stored). Empty when
   * the address was already confirmed: a second use of the link grants nothing.
   */
  linkHashes: string[];
}

/**
 * The resident proved the email address: every waiting request of the filing goes to its
 * vendor now (the statutory clock starts at this instant), except deletions queued behind an
 * access request to the same vendor. One transaction; the token works once.
 */
export function confirmEmail(token: string, opts: { now: Date }): ConfirmResult {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw new ServiceError(404, "not_found", "Not found");
  const sqlite = getSqlite();
  const now = opts.now;
  const result = inTransaction((): ConfirmResult => {
    const row = prepareCached(
      sqlite,
      "SELECT id, filing_id, expires_at, used_at FROM one_time_tokens WHERE purpose = 'verify_email' AND token_hash = ?",
    ).get(sha256Hex(token)) as
      { id: number; filing_id: number; expires_at: number; used_at: number | null } | undefined;
    if (!row) throw new ServiceError(404, "not_found", "Not found");
    if (row.used_at != null) return { delivered: [], queued: [], alreadyConfirmed: true, linkHashes: [] };
    if (now.getTime() > row.expires_at) throw new ServiceError(409, "expired", "This confirmation link has expired");
    prepareCached(sqlite, "UPDATE one_time_tokens SET used_at = ? WHERE id = ?").run(now.getTime(), row.id);
    prepareCached(sqlite, "UPDATE filings SET email_verified_at = ? WHERE id = ?").run(now.getTime(), row.filing_id);
    const waiting = prepareCached(
      sqlite,
      "SELECT r.*, v.name AS vendor_name FROM requests r JOIN vendors v ON v.id = r.vendor_id WHERE r.filing_id = ? AND r.status = 'pending_verification' ORDER BY r.id",
    ).all(row.filing_id) as (RequestRow & { vendor_name: string })[];
    const out: ConfirmResult = { delivered: [], queued: [], alreadyConfirmed: false, linkHashes: [] };
    for (const r of waiting) {
      if (r.depends_on_request_id != null) {
        const behind = prepareCached(sqlite, "SELECT reference FROM requests WHERE id = ?").get(
          r.depends_on_request_id,
        ) as { reference: string };
        recordChange({
          request: r,
          eventType: "queued",
          actorType: "system",
          actorId: null,
          at: now,
          audit: "request.queued",
          payload: { status: "queued", behind: behind.reference },
          set: { status: "queued" },
        });
        out.queued.push({ reference: r.reference, vendorName: r.vendor_name, behind: behind.reference });
        continue;
      }
      const d = deliverRequest(r, now, "verified");
      out.delivered.push({
        reference: r.reference,
        vendorName: r.vendor_name,
        respondBy: d.respondBy,
        statutory: d.statutory,
      });
    }
    for (const r of waiting) out.linkHashes.push(sha256Hex(issueStatusLink(r.id, now).token));
    return out;
  });
  getRuntime().wakeWorker();
  return result;
}

/**
 * Delivers a request to its vendor at `now`: computes the deadline under the rule in force,
 * stores rule id + version and the dates, records the event and audit row, and queues the
 * resident's "delivered" email and the vendor's notice. Call inside a transaction.
 */
export function deliverRequest(r: RequestRow, now: Date, cause: "verified" | "released"): DeadlineResult {
  const sqlite = getSqlite();
  const t = now.getTime();
  const vendor = prepareCached(sqlite, "SELECT * FROM vendors WHERE id = ?").get(r.vendor_id) as VendorRow;
  const filing = prepareCached(sqlite, "SELECT full_name, email, locale FROM filings WHERE id = ?").get(
    r.filing_id,
  ) as { full_name: string; email: string; locale: string };
  const locale: Locale = filing.locale === "fr-CA" ? "fr-CA" : "en";
  const rule = findRule(r.jurisdiction as never, r.type, now);
  const deadline = computeDeadline({
    rule,
    receivedAt: now,
    events: [],
    now,
    serviceTargetDays: vendor.service_target_days,
    explain: false,
  });
  recordChange({
    request: r,
    eventType: "received",
    actorType: "system",
    actorId: null,
    at: now,
    audit: "request.received",
    payload: {
      status: "received",
      cause,
      receivedOn: deadline.receivedOn,
      respondBy: deadline.respondBy,
      ruleId: deadline.ruleId,
      ruleVersion: deadline.ruleVersion,
    },
    set: {
      status: "received",
      received_at: t,
      rule_id: deadline.ruleId,
      rule_version: deadline.ruleVersion,
      statutory: deadline.statutory ? 1 : 0,
      original_respond_by: deadline.originalRespondBy,
      respond_by: deadline.respondBy,
      due_at: deadline.respondByInstant.getTime(),
      acknowledge_by: deadline.acknowledgeBy,
      ack_due_at: deadline.acknowledgeBy
        ? (endOfLocalDate(deadline.acknowledgeBy, deadline.timeZone)?.getTime() ?? null)
        : null,
    },
  });
  // Only now is the request the vendor's business: webhooks hear of it in this same transaction.
  enqueueRequestCreated(r, deadline.respondBy, now);
  const statusPath = issueStatusLink(r.id, now).path;
  enqueueEmail({
    dedupeKey: `request-delivered:${r.reference}`,
    to: filing.email,
    template: "request-delivered",
    locale,
    requestId: r.id,
    at: now,
    data: {
      fullName: filing.full_name,
      reference: r.reference,
      vendorName: vendor.name,
      requestType: r.type,
      receivedOn: deadline.receivedOn,
      respondBy: deadline.statutory ? deadline.respondBy : null,
      statutory: deadline.statutory,
      citation: deadline.citation,
      statusPath,
    },
  });
  const details = (() => {
    const filed = prepareCached(
      sqlite,
      "SELECT payload FROM request_events WHERE request_id = ? AND type = 'filed'",
    ).get(r.id) as { payload: string } | undefined;
    const p = filed ? (JSON.parse(filed.payload) as { details?: string | null }) : {};
    return p.details ?? null;
  })();
  notifyVendor(vendor, r, deadline, { fullName: filing.full_name, email: filing.email, locale, details }, now);
  return deadline;
}

/** An access request closed: release the deletion queued behind it (same transaction). */
export function releaseQueuedRequests(closedRequestId: number, now: Date): string[] {
  const sqlite = getSqlite();
  const queued = prepareCached(
    sqlite,
    "SELECT * FROM requests WHERE depends_on_request_id = ? AND status = 'queued'",
  ).all(closedRequestId) as RequestRow[];
  for (const r of queued) deliverRequest(r, now, "released");
  return queued.map((r) => r.reference);
}

function yearOf(d: Date): number {
  return d.getUTCFullYear();
}

/** The requests of an already-filed filing (double submit, refresh after POST) — never a link. */
function describeFiling(filingId: number, now: Date): FiledRequest[] {
  const sqlite = getSqlite();
  const rows = prepareCached(
    sqlite,
    "SELECT r.*, v.name AS vendor_name FROM requests r JOIN vendors v ON v.id = r.vendor_id WHERE r.filing_id = ? ORDER BY r.id",
  ).all(filingId) as (RequestRow & { vendor_name: string })[];
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

/** Staff of onboarded vendors get a "new request" email; email-only vendors get the formal letter. */
function notifyVendor(
  vendor: VendorRow,
  row: RequestRow,
  deadline: DeadlineResult,
  resident: { fullName: string; email: string; locale: Locale; details: string | null },
  now: Date,
): void {
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
          details: resident.details,
          replyAddress: buildReplyAddress("reply", row.id),
        },
      });
    }
    return;
  }
  for (const s of listActiveStaff(vendor.id)) {
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

/** The resident's view of one request (the caller has already checked the link or cookie). */
export function buildStatusView(request: RequestRow, opts: { now: Date; locale: Locale }): StatusView {
  const sqlite = getSqlite();
  const vendor = prepareCached(
    sqlite,
    "SELECT name, slug, privacy_email, service_target_days FROM vendors WHERE id = ?",
  ).get(request.vendor_id) as VendorRow;
  const filing = prepareCached(sqlite, "SELECT full_name, locale FROM filings WHERE id = ?").get(request.filing_id) as {
    full_name: string;
    locale: string;
  };
  const events = listEvents(request.id);
  return {
    request,
    vendor: { name: vendor.name, slug: vendor.slug, privacy_email: vendor.privacy_email },
    filing: { fullName: filing.full_name, locale: filing.locale },
    events,
    deadline: deadlineFor(request, events, opts.now, {
      serviceTargetDays: vendor.service_target_days,
      locale: opts.locale,
    }),
  };
}

/** Reads a request through its private status link; unknown or revoked token → 404. */
export function getStatusByToken(token: string, opts: { now: Date; locale: Locale }): StatusView {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw new ServiceError(404, "not_found", "Not found");
  const sqlite = getSqlite();
  const link = prepareCached(
    sqlite,
    `SELECT l.request_id FROM status_links l JOIN requests r ON r.id = l.request_id JOIN filings f ON f.id = r.filing_id
       WHERE l.token_hash = ? AND ${LIVE_STATUS_LINK}`,
  ).get(sha256Hex(token), opts.now.getTime() - STATUS_LINK_IDLE_MS) as { request_id: number } | undefined;
  if (!link) throw new ServiceError(404, "not_found", "Not found");
  return buildStatusView(
    prepareCached(sqlite, "SELECT * FROM requests WHERE id = ?").get(link.request_id) as RequestRow,
    opts,
  );
}

/** A fresh idempotency key for a filing form (carried in a hidden field). */
export function newIdempotencyKey(): string {
  return crypto.randomBytes(18).toString("base64url");
}

export function listVendorChoices(): { slug: string; name: string; intake: "portal" | "email" }[] {
  return listVendors().map((v) => ({ slug: v.slug, name: v.name, intake: v.intake }));
}

/** What the verification page shows before the resident confirms (no state change). */
export function peekVerification(
  token: string,
  opts: { now: Date },
): { vendorNames: string[]; expired: boolean; used: boolean; email: string } {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw new ServiceError(404, "not_found", "Not found");
  const sqlite = getSqlite();
  const row = prepareCached(
    sqlite,
    "SELECT filing_id, expires_at, used_at FROM one_time_tokens WHERE purpose = 'verify_email' AND token_hash = ?",
  ).get(sha256Hex(token)) as { filing_id: number; expires_at: number; used_at: number | null } | undefined;
  if (!row) throw new ServiceError(404, "not_found", "Not found");
  const vendorNames = (
    prepareCached(
      sqlite,
      "SELECT DISTINCT v.name FROM requests r JOIN vendors v ON v.id = r.vendor_id WHERE r.filing_id = ? ORDER BY v.name",
    ).all(row.filing_id) as { name: string }[]
  ).map((v) => v.name);
  const { email } = prepareCached(sqlite, "SELECT email FROM filings WHERE id = ?").get(row.filing_id) as {
    email: string;
  };
  return { vendorNames, expired: opts.now.getTime() > row.expires_at, used: row.used_at != null, email };
}

export interface VendorDirectoryEntry {
  slug: string;
  name: string;
  legalName: string;
  privacyEmail: string;
  /** The company's other published addresses (validated; never the privacy address again). */
  otherContacts: VendorContact[];
  intake: "portal" | "email";
  idRequirements: string;
  jurisdictions: string[];
  serviceTargetDays: number;
}

/** The public directory: only what a resident needs to choose (no staff, no counts). */
export function listVendorDirectory(): VendorDirectoryEntry[] {
  return listVendors().map((v) => ({
    slug: v.slug,
    name: v.name,
    legalName: v.legal_name,
    privacyEmail: v.privacy_email,
    otherContacts: parseOtherContacts(v.other_contacts, v.privacy_email),
    intake: v.intake,
    idRequirements: v.id_requirements,
    jurisdictions: JSON.parse(v.jurisdictions) as string[],
    serviceTargetDays: v.service_target_days,
  }));
}

/**
 * "Find my requests": emails fresh private links for every request filed from a CONFIRMED
 * address. The caller always shows the same message, whether or not anything was found, so
 * the form does not reveal who has filed requests.
 */
export function resendStatusLinks(email: string, opts: { now: Date; locale: Locale }): number {
  const sqlite = getSqlite();
  const rows = prepareCached(
    sqlite,
    `SELECT r.id, r.reference, v.name AS vendor_name, f.locale FROM requests r
       JOIN filings f ON f.id = r.filing_id JOIN vendors v ON v.id = r.vendor_id
       WHERE lower(f.email) = lower(?) AND f.email_verified_at IS NOT NULL
       ORDER BY r.id DESC LIMIT 50`,
  ).all(email.trim()) as { id: number; reference: string; vendor_name: string; locale: string }[];
  if (rows.length === 0) return 0;
  const t = opts.now.getTime();
  inTransaction(() => {
    const requests = rows.map((r) => ({
      reference: r.reference,
      vendorName: r.vendor_name,
      statusPath: issueStatusLink(r.id, opts.now).path,
    }));
    enqueueEmail({
      // At most one such email per address per hour, whatever the form receives.
      dedupeKey: `status-links:${sha256Hex(email.trim().toLowerCase()).slice(0, 32)}:${Math.floor(t / 3_600_000)}`,
      to: email.trim(),
      template: "status-links",
      locale: opts.locale,
      at: opts.now,
      data: { requests },
    });
  });
  getRuntime().wakeWorker();
  return rows.length;
}
