/**
 * What the resident does to a request from its status page: withdraw it, answer the vendor's
 * question (which may restart the clock), and say what an emailed reply from the company is.
 * Each opens the request through the browser's remembered status link (status-links.server.ts).
 */
import { applyTransition } from "~/domain/request-machine";
import type { EmailReplyClass } from "~/domain/email-replies";
import { getSqlite, inTransaction, prepareCached } from "../core/db.server";
import { conflict } from "../core/errors.server";
import { readOne, type EventRow, type VendorRow } from "../core/rows.server";
import { getRuntime } from "../core/runtime.server";
import { classifyEmailReply } from "../mail/classify-reply.server";
import { enqueueEmail } from "../mail/outbox.server";
import {
  deadlineFor,
  listActiveStaff,
  listEvents,
  recordChange,
  storeDeadline,
  type RequestRow,
} from "../requests/record-change.server";
import { insertMessage } from "../vendor/request-messages.server";
import { releaseQueuedRequests } from "./deliver-request.server";
import { loadRequestFromCookie } from "./status-links.server";

/** The resident withdraws the request (one transaction: status, event, audit; a queued deletion is released). */
export async function withdrawRequest(request: Request, reference: string, opts: { now: Date }): Promise<void> {
  const r0 = await loadRequestFromCookie(request, reference);
  inTransaction(() => {
    const r = readOne<RequestRow>(prepareCached(getSqlite(), "SELECT * FROM requests WHERE id = ?"), r0.id)!;
    const next = applyTransition(r.status, "withdraw");
    if (!next.ok) throw conflict("not_allowed", `A ${r.status} request cannot be withdrawn`);
    recordChange({
      request: r,
      eventType: "withdrawn",
      actorType: "resident",
      actorId: null,
      at: opts.now,
      audit: "request.withdrawn",
      payload: { status: "withdrawn", outcome: "withdrawn" },
      set: { status: "withdrawn", outcome: "withdrawn", closed_at: opts.now.getTime() },
    });
    // Withdrawing the access request means the resident no longer wants it first.
    if (r.type === "access") releaseQueuedRequests(r.id, opts.now);
  });
  getRuntime().wakeWorker();
}

/**
 * The resident answers the vendor's question: the message is stored, the clock resumes if the
 * question had stopped it (the new date is stored), and the vendor's staff are emailed.
 */
export async function replyToVendor(
  request: Request,
  reference: string,
  message: string,
  opts: { now: Date },
): Promise<void> {
  const r0 = await loadRequestFromCookie(request, reference);
  const sqlite = getSqlite();
  inTransaction(() => {
    const r = readOne<RequestRow>(prepareCached(sqlite, "SELECT * FROM requests WHERE id = ?"), r0.id)!;
    const next = applyTransition(r.status, "resident_replied");
    if (!next.ok) throw conflict("not_allowed", "The company is not waiting for an answer");
    const asked = readOne<Pick<EventRow, "payload">>(
      prepareCached(
        sqlite,
        "SELECT payload FROM request_events WHERE request_id = ? AND type = 'info_requested' ORDER BY at DESC, id DESC LIMIT 1",
      ),
      r.id,
    );
    const resumesClock = asked ? (JSON.parse(asked.payload) as { pausesClock?: boolean }).pausesClock === true : false;
    const t = opts.now.getTime();
    const messageId = insertMessage(r.id, "resident", null, message, t);
    recordChange({
      request: r,
      eventType: "resident_replied",
      actorType: "resident",
      actorId: null,
      at: opts.now,
      audit: "request.resident_replied",
      payload: { status: next.to, resumesClock, messageId },
      set: { status: next.to },
    });
    const vendor = readOne<Pick<VendorRow, "service_target_days">>(
      prepareCached(sqlite, "SELECT service_target_days FROM vendors WHERE id = ?"),
      r.vendor_id,
    )!;
    const d = deadlineFor(r, listEvents(r.id), opts.now, { serviceTargetDays: vendor.service_target_days });
    if (d) storeDeadline(r.id, d, sqlite);
    for (const s of listActiveStaff(r.vendor_id)) {
      enqueueEmail({
        dedupeKey: `staff-resident-replied:${r.reference}:${messageId}:${s.id}`,
        to: s.email,
        template: "staff-resident-replied",
        locale: s.locale === "fr-CA" ? "fr-CA" : "en",
        requestId: r.id,
        at: opts.now,
        data: { staffName: s.name, reference: r.reference, requestPath: `/vendor/requests/${r.reference}` },
      });
    }
  });
  getRuntime().wakeWorker();
}

/** The resident holding this request's link says what the company's emailed reply is. */
export async function classifyResidentEmailReply(
  request: Request,
  reference: string,
  inboundMailId: number,
  reading: EmailReplyClass,
  opts: { now: Date },
): Promise<void> {
  const r = await loadRequestFromCookie(request, reference);
  classifyEmailReply(r.id, inboundMailId, reading, opts);
}
