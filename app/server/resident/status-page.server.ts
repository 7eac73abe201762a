/**
 * Everything the resident's status page (r.$token) shows of one request, read only if this
 * browser holds a link to it (getResidentView), and shaped for the page: labels in the reader's
 * language, only the event details a resident should see, only the files the answer sent.
 */
import { toDeadlineView, type DeadlineView } from "~/components/deadline";
import { describeJurisdiction } from "~/domain/deadlines";
import { allowedActions, isClosedStatus } from "~/domain/request-machine";
import type { Locale } from "~/i18n";
import { getBounceAlternatives, listCaseMail } from "../mail/case-mail.server";
import { denialBasisLabel } from "../vendor/denial-labels.server";
import { listMessages } from "../vendor/request-messages.server";
import { getResponsePackage } from "../vendor/response-packages.server";
import { buildEscalation } from "./case-file.server";
import { listResidentPhotos, listResidentResponseFiles } from "./resident-answer.server";
import { getResidentView } from "./status-view.server";

export type StatusPage = Awaited<ReturnType<typeof buildStatusPage>>;

export async function buildStatusPage(request: Request, reference: string, locale: Locale, at: Date) {
  const view = await getResidentView(request, reference, { now: at, locale });
  const r = view.request;
  const d = view.deadline;
  return {
    reference: r.reference,
    vendorName: view.vendor.name,
    type: r.type,
    jurisdiction: describeJurisdiction(r.jurisdiction as never, locale),
    status: r.status,
    closed: isClosedStatus(r.status),
    canWithdraw: allowedActions(r.status).includes("withdraw"),
    photos: listResidentPhotos(r.id),
    responsePackage: getResponsePackage(r.id),
    // Only the files the answer sent (referenced by its package).
    responseFiles: listResidentResponseFiles(r.id).map((f) => ({
      id: f.id,
      name: f.name,
      contentType: f.contentType,
      size: f.size,
      sha256: f.sha256,
    })),
    awaitingResident: r.status === "awaiting_resident",
    messages: listMessages(r.id).map((m) => ({ author: m.author, body: m.body, at: m.created_at })),
    escalation: buildEscalation(view, { locale }),
    outcomeReason: r.outcome_reason,
    denialBasis: r.denial_basis ? denialBasisLabel(r.denial_basis, locale) : null,
    deadline: d ? (toDeadlineView(d) satisfies DeadlineView) : null,
    events: view.events.map((e) => ({ type: e.type, at: e.at, payload: publicPayload(e.payload, locale) })),
    caseMail: listCaseMail(r.id),
    letterUndeliverable: view.events.some((e) => e.type === "letter_undeliverable"),
    // Where else the resident can send the request once the letter bounced (null otherwise).
    bounceAlternatives: getBounceAlternatives(r.id),
  };
}

/** Only what the resident should see of an event's payload. */
function publicPayload(raw: string, locale: Locale): Record<string, unknown> {
  const p = JSON.parse(raw) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  if (typeof p.reason === "string") out.reason = p.reason;
  if (typeof p.denialBasis === "string") out.denialBasisLabel = denialBasisLabel(p.denialBasis, locale);
  if (typeof p.copies === "number") out.copies = p.copies;
  return out;
}
