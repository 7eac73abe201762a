/**
 * Delivery: the moment a request becomes the vendor's business — after the resident confirmed
 * the address, or when the access request a deletion waited behind closes. The statutory clock
 * starts here; the resident, the vendor's staff (or, for an email-only vendor, its privacy
 * address) and the webhooks hear of it in the same transaction.
 */
import {
  computeDeadline,
  describeJurisdiction,
  endOfLocalDate,
  findRule,
  type DeadlineResult,
} from "~/domain/deadlines";
import type { Locale } from "~/i18n";
import { getSqlite, prepareCached } from "../core/db.server";
import { readAll, readOne, type EventRow, type FilingRow, type VendorRow } from "../core/rows.server";
import { buildReplyAddress } from "../mail/reply-address.server";
import { enqueueEmail } from "../mail/outbox.server";
import { issueStatusLink, listActiveStaff, recordChange, type RequestRow } from "../requests/record-change.server";
import { enqueueRequestCreated } from "../webhooks/enqueue-webhooks.server";

/**
 * Delivers a request to its vendor at `now`: computes the deadline under the rule in force,
 * stores rule id + version and the dates, records the event and audit row, and queues the
 * resident's "delivered" email and the vendor's notice. Call inside a transaction.
 */
export function deliverRequest(r: RequestRow, now: Date, cause: "verified" | "released"): DeadlineResult {
  const sqlite = getSqlite();
  const t = now.getTime();
  const vendor = readOne<VendorRow>(prepareCached(sqlite, "SELECT * FROM vendors WHERE id = ?"), r.vendor_id)!;
  const filing = readOne<Pick<FilingRow, "full_name" | "email" | "locale">>(
    prepareCached(sqlite, "SELECT full_name, email, locale FROM filings WHERE id = ?"),
    r.filing_id,
  )!;
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
    const filed = readOne<Pick<EventRow, "payload">>(
      prepareCached(sqlite, "SELECT payload FROM request_events WHERE request_id = ? AND type = 'filed'"),
      r.id,
    );
    const p = filed ? (JSON.parse(filed.payload) as { details?: string | null }) : {};
    return p.details ?? null;
  })();
  notifyVendor(vendor, r, deadline, { fullName: filing.full_name, email: filing.email, locale, details }, now);
  return deadline;
}

/** An access request closed: release the deletion queued behind it (same transaction). */
export function releaseQueuedRequests(closedRequestId: number, now: Date): string[] {
  const sqlite = getSqlite();
  const queued = readAll<RequestRow>(
    prepareCached(sqlite, "SELECT * FROM requests WHERE depends_on_request_id = ? AND status = 'queued'"),
    closedRequestId,
  );
  for (const r of queued) deliverRequest(r, now, "released");
  return queued.map((r) => r.reference);
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
