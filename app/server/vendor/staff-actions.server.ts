/**
 * What vendor staff do to one of their requests: assign it to a colleague, and the answers the
 * state machine allows (acknowledge, ask for information, extend, fulfil, partly fulfil, deny),
 * each in ONE transaction with its event, audit row and the resident's email. Reached through
 * forVendor (vendor-access.server.ts), whose tenant loads the request or answers 404.
 */
import { assertExtensionAllowed, DeadlineRuleError, getRule } from "~/domain/deadlines";
import { applyTransition, type RequestAction } from "~/domain/request-machine";
import type { StaffAction } from "~/domain/schemas";
import type { Locale } from "~/i18n";
import { prepareCached, inTransaction } from "../core/db.server";
import { conflict, ServiceError } from "../core/errors.server";
import { readOne, type FilingRow, type RequestRow, type VendorRow } from "../core/rows.server";
import { getRuntime } from "../core/runtime.server";
import { enqueueEmail } from "../mail/outbox.server";
import {
  deadlineFor,
  issueStatusLink,
  listEvents,
  recordChange,
  storeDeadline,
  toDeadlineEvents,
} from "../requests/record-change.server";
import { releaseQueuedRequests } from "../resident/deliver-request.server";
import { denialBasisLabel } from "./denial-labels.server";
import { insertMessage } from "./request-messages.server";
import { storeResponsePackage } from "./response-packages.server";
import type { VendorTenant } from "./vendor-tenant.server";

/** Assigns a request to a colleague of the same vendor (or to nobody). */
export function assignRequest(tenant: VendorTenant, reference: string, assigneeId: number | null, now: Date): void {
  const { staff, vendorId, sqlite } = tenant;
  inTransaction(() => {
    const request = tenant.loadRequest(reference, now);
    if (
      assigneeId != null &&
      !prepareCached(sqlite, "SELECT 1 FROM users WHERE id = ? AND vendor_id = ? AND disabled_at IS NULL").get(
        assigneeId,
        vendorId,
      )
    ) {
      throw new ServiceError(400, "bad_assignee", "Unknown colleague", { assignee: "errors.assigneeUnknown" });
    }
    recordChange({
      request,
      eventType: "assigned",
      actorType: "staff",
      actorId: staff.id,
      at: now,
      audit: "request.assigned",
      payload: { assigneeId },
      set: { assignee_user_id: assigneeId },
    });
  });
}

/**
 * Applies a staff action in ONE transaction with its event, audit row and emails. The state
 * machine says which actions the status allows; the deadline engine says whether the law
 * allows an extension (and until when) and whether a request for information stops the clock.
 */
export function applyStaffAction(tenant: VendorTenant, reference: string, action: StaffAction, now: Date): RequestRow {
  const { staff, vendorId, sqlite } = tenant;
  const result = inTransaction(() => {
    const request = tenant.loadRequest(reference, now);
    const machineAction: RequestAction = action.intent;
    const next = applyTransition(request.status, machineAction);
    if (!next.ok) throw conflict("not_allowed", `Cannot ${action.intent} a request that is ${request.status}`);
    const filing = readOne<Pick<FilingRow, "full_name" | "email" | "locale">>(
      prepareCached(sqlite, "SELECT full_name, email, locale FROM filings WHERE id = ?"),
      request.filing_id,
    )!;
    const vendor = readOne<Pick<VendorRow, "name" | "service_target_days">>(
      prepareCached(sqlite, "SELECT name, service_target_days FROM vendors WHERE id = ?"),
      vendorId,
    )!;
    // A fresh link for the resident's email (the original token is never stored).
    const statusPath = issueStatusLink(request.id, now).path;
    const locale: Locale = filing.locale === "fr-CA" ? "fr-CA" : "en";
    const t = now.getTime();
    const events = listEvents(request.id);
    const base = { request, actorType: "staff" as const, actorId: staff.id, at: now };
    if (action.intent === "acknowledge") {
      recordChange({
        ...base,
        eventType: "acknowledged",
        audit: "request.acknowledged",
        payload: { status: next.to },
        set: { status: next.to, acknowledged_at: t },
      });
      enqueueEmail({
        dedupeKey: `request-acknowledged:${request.reference}`,
        to: filing.email,
        template: "request-acknowledged",
        locale,
        requestId: request.id,
        at: now,
        data: { fullName: filing.full_name, reference: request.reference, vendorName: vendor.name, statusPath },
      });
    } else if (action.intent === "request_info") {
      const rule =
        request.rule_id && request.rule_version != null ? getRule(request.rule_id, request.rule_version) : undefined;
      // The clock stops only where the rule allows it for this reason (GDPR/UK: yes; CCPA: never).
      const pausesClock = Boolean(rule?.pause.allowed && rule.pause.reasons.includes(action.kind));
      const messageId = insertMessage(request.id, "staff", staff.id, action.message, t);
      recordChange({
        ...base,
        eventType: "info_requested",
        audit: "request.info_requested",
        payload: { status: next.to, kind: action.kind, pausesClock, messageId },
        set: { status: next.to },
      });
      const d = deadlineFor(request, listEvents(request.id), now, {
        serviceTargetDays: vendor.service_target_days,
      });
      if (d) storeDeadline(request.id, d, sqlite);
      enqueueEmail({
        dedupeKey: `info-requested:${request.reference}:${messageId}`,
        to: filing.email,
        template: "info-requested",
        locale,
        requestId: request.id,
        at: now,
        data: {
          fullName: filing.full_name,
          reference: request.reference,
          vendorName: vendor.name,
          message: action.message,
          clockPaused: pausesClock,
          statusPath,
        },
      });
    } else if (action.intent === "extend") {
      const rule =
        request.rule_id && request.rule_version != null ? getRule(request.rule_id, request.rule_version) : undefined;
      if (!rule || request.received_at == null)
        throw conflict("not_allowed", "This request has no statutory clock to extend");
      const deadlineEvents = toDeadlineEvents(events);
      try {
        assertExtensionAllowed({
          rule,
          receivedAt: new Date(request.received_at),
          events: deadlineEvents,
          at: now,
        });
      } catch (err) {
        if (err instanceof DeadlineRuleError) throw new ServiceError(409, err.code, err.message);
        throw err;
      }
      const before = deadlineFor(request, events, now, { serviceTargetDays: vendor.service_target_days });
      const after = deadlineFor(request, events, now, {
        serviceTargetDays: vendor.service_target_days,
        extraEvents: [{ type: "extended", at: now, reason: action.reason }],
      });
      if (!before || !after) throw conflict("not_allowed", "No deadline to extend");
      recordChange({
        ...base,
        eventType: "extended",
        audit: "request.extended",
        payload: { reason: action.reason, extendedTo: after.extendedTo, respondBy: after.respondBy },
        set: {
          extended_to: after.extendedTo,
          respond_by: after.respondBy,
          due_at: after.respondByInstant.getTime(),
        },
      });
      enqueueEmail({
        dedupeKey: `deadline-extended:${request.reference}`,
        to: filing.email,
        template: "deadline-extended",
        locale,
        requestId: request.id,
        at: now,
        data: {
          fullName: filing.full_name,
          reference: request.reference,
          vendorName: vendor.name,
          previousRespondBy: before.respondBy,
          newRespondBy: after.respondBy,
          reason: action.reason,
          statusPath,
          complaintHint: after.complaint
            ? `${after.complaint.regulator}${after.complaint.url ? ` — ${after.complaint.url}` : ""}`
            : null,
        },
      });
    } else {
      if (action.intent === "fulfil") storeResponsePackage(request, action, staff.id, t);
      const outcome =
        action.intent === "fulfil"
          ? "fulfilled"
          : action.intent === "partially_fulfil"
            ? "partially_fulfilled"
            : "denied";
      const denialBasis = action.intent === "deny" ? action.denialBasis : null;
      recordChange({
        ...base,
        eventType: outcome,
        audit:
          outcome === "fulfilled"
            ? "request.fulfilled"
            : outcome === "partially_fulfilled"
              ? "request.partially_fulfilled"
              : "request.denied",
        payload: { status: next.to, outcome, denialBasis, reason: action.reason },
        set: { status: next.to, outcome, denial_basis: denialBasis, outcome_reason: action.reason, closed_at: t },
      });
      // A deletion filed behind this access request now goes to the vendor (same transaction).
      if (request.type === "access") releaseQueuedRequests(request.id, now);
      enqueueEmail({
        dedupeKey: `request-answered:${request.reference}`,
        to: filing.email,
        template: "request-answered",
        locale,
        requestId: request.id,
        at: now,
        data: {
          fullName: filing.full_name,
          reference: request.reference,
          vendorName: vendor.name,
          outcome,
          reason: action.reason,
          denialBasis: denialBasis ? denialBasisLabel(denialBasis, locale) : null,
          statusPath,
        },
      });
    }
    return readOne<RequestRow>(prepareCached(sqlite, "SELECT * FROM requests WHERE id = ?"), request.id)!;
  });
  getRuntime().wakeWorker();
  return result;
}
