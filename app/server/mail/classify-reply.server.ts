/**
 * The resident's reading of a reply the company sent by email. An emailed answer has no form
 * the portal can read, so the resident says what it is, and the request moves as if the company
 * had acted in the workspace: same state machine, same events and audit rows, dated when the
 * reply arrived.
 */
import { getRule } from "~/domain/deadlines";
import { machineActionFor, type EmailReplyClass } from "~/domain/email-replies";
import { applyTransition } from "~/domain/request-machine";
import { appendAudit } from "../audit/audit-chain.server";
import { getSqlite, inTransaction, prepareCached } from "../core/db.server";
import { ServiceError, conflict } from "../core/errors.server";
import { readOne, type InboundMailRow, type RequestRow } from "../core/rows.server";
import { getRuntime } from "../core/runtime.server";
import { deadlineFor, listEvents, recordChange, storeDeadline } from "../requests/record-change.server";
import { releaseQueuedRequests } from "../resident/deliver-request.server";

/**
 * The resident says what an emailed reply is. "Answers" and "refuses" close the request as the
 * company's own fulfil / deny would — dated when the reply arrived, which is when the company
 * answered, so the on-time figures count it; "asks for information" moves it to awaiting the
 * resident, the clock pausing only where the rule allows a pause for clarification (the reply
 * is not known to be about identity, so the narrower reading is taken); "other" changes
 * nothing. One transaction: the state change, its event and audit row, the reading itself.
 */
export function classifyEmailReply(
  requestId: number,
  inboundMailId: number,
  reading: EmailReplyClass,
  opts: { now: Date },
): void {
  inTransaction(() => {
    const sqlite = getSqlite();
    const request = readOne<RequestRow>(prepareCached(sqlite, "SELECT * FROM requests WHERE id = ?"), requestId);
    const mail = readOne<Pick<InboundMailRow, "id" | "received_at" | "classification">>(
      prepareCached(
        sqlite,
        "SELECT id, received_at, classification FROM inbound_mail WHERE id = ? AND request_id = ? AND kind = 'reply' AND disposition = 'case'",
      ),
      inboundMailId,
      requestId,
    );
    if (!request || !mail) throw new ServiceError(404, "not_found", "Not found");
    if (mail.classification) throw conflict("already_classified", "This reply has already been classified");
    const action = machineActionFor(reading);
    const base = { request, actorType: "resident" as const, actorId: null, at: opts.now };
    if (action) {
      const next = applyTransition(request.status, action);
      if (!next.ok) throw conflict("not_allowed", `Cannot ${action} a request that is ${request.status}`);
      if (action === "request_info") {
        const rule =
          request.rule_id && request.rule_version != null ? getRule(request.rule_id, request.rule_version) : undefined;
        const pausesClock = Boolean(rule?.pause.allowed && rule.pause.reasons.includes("clarification"));
        recordChange({
          ...base,
          eventType: "info_requested",
          audit: "request.info_requested",
          payload: { status: next.to, kind: "clarification", pausesClock, inboundMailId, source: "email" },
          set: { status: next.to },
        });
        const d = deadlineFor(request, listEvents(request.id), opts.now);
        if (d) storeDeadline(request.id, d, sqlite);
      } else {
        const outcome = action === "fulfil" ? "fulfilled" : "denied";
        recordChange({
          ...base,
          eventType: outcome,
          audit: outcome === "fulfilled" ? "request.fulfilled" : "request.denied",
          payload: { status: next.to, outcome, denialBasis: null, inboundMailId, source: "email" },
          // The company answered when its email arrived, not when the resident read it.
          set: {
            status: next.to,
            outcome,
            denial_basis: outcome === "denied" ? "other" : null,
            closed_at: mail.received_at,
          },
        });
        if (request.type === "access") releaseQueuedRequests(request.id, opts.now);
      }
    }
    prepareCached(sqlite, "UPDATE inbound_mail SET classification = ?, classified_at = ? WHERE id = ?").run(
      reading,
      opts.now.getTime(),
      mail.id,
    );
    appendAudit({
      at: opts.now,
      actorType: "resident",
      vendorId: request.vendor_id,
      action: "inbound_mail.classified",
      objectType: "inbound_mail",
      objectId: mail.id,
      details: { requestId: request.id, classification: reading, changedStatus: action !== null },
    });
  });
  getRuntime().wakeWorker();
}
