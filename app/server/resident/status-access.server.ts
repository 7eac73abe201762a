/**
 * Resident access without an account. A private link `/r/<token>` is exchanged, on first use,
 * for a signed HttpOnly cookie holding the link's hash, and the browser is sent to the clean
 * URL `/r/<reference>` (the token leaves the address bar and the history). Every read and
 * action re-checks the hash against `status_links`, so revoking a link ends access.
 *
 * Links exist only once the resident has proven the email address (confirmation, or emails sent
 * to the confirmed address), expire 90 days after their last use, and are revoked by the
 * resident ("sign out everywhere") or by the identity purge.
 */
import { parseSignedCookie } from "../security/signed-cookies.server";
import { createCookie } from "@remix-run/node";
import { applyTransition } from "~/domain/request-machine";
import { describeJurisdiction, getRule } from "~/domain/deadlines";
import type { Locale } from "~/i18n";
import { appendAudit } from "../audit/audit-chain.server";
import { sha256Hex } from "../security/staff-sessions.server";
import { getSqlite, inTransaction, prepareCached } from "../core/db.server";
import { ServiceError, conflict } from "../core/errors.server";
import {
  deadlineFor,
  listActiveStaff,
  listEvents,
  recordChange,
  type RequestRow,
} from "../requests/record-change.server";
import {
  buildStatusView,
  LIVE_STATUS_LINK,
  releaseQueuedRequests,
  STATUS_LINK_IDLE_MS,
  type StatusView,
} from "./filing.server";
import { getRuntime } from "../core/runtime.server";
import { enqueueEmail } from "../mail/outbox.server";
import { insertMessage, listMessages } from "../vendor/request-messages.server";
import { getResponsePackage } from "../vendor/response-packages.server";
import { packageFileIds } from "~/domain/packages";
import { listResponseFiles, openResponseFile, type ResponseFileMeta } from "../vendor/response-file-store.server";
import { classifyEmailReply, openCaseMailFile } from "../mail/inbound-mail.server";
import type { EmailReplyClass } from "~/domain/email-replies";

const MAX_LINKS_IN_COOKIE = 25;
export const REFERENCE_RE = /^BR-\d{4}-\d{6}$/;
/** Last use is recorded at most once an hour per link: a page view costs no write. */
const TOUCH_EVERY_MS = 3_600_000;

function residentCookie() {
  const { config } = getRuntime();
  return createCookie(config.secureCookies ? "__Host-resident_links" : "resident_links", {
    httpOnly: true,
    sameSite: "lax",
    secure: config.secureCookies,
    path: "/",
    maxAge: STATUS_LINK_IDLE_MS / 1000,
    secrets: [config.sessionSecret],
  });
}

async function readLinkHashes(request: Request): Promise<string[]> {
  const v = await parseSignedCookie(residentCookie(), request.headers.get("Cookie"), getRuntime().config);
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string" && /^[0-9a-f]{64}$/.test(x)) : [];
}

/** The Set-Cookie that makes this browser remember these link hashes (newest first, with the ones it had). */
export async function rememberLinkHashes(request: Request, hashes: string[]): Promise<string> {
  const existing = (await readLinkHashes(request)).filter((h) => !hashes.includes(h));
  return residentCookie().serialize([...hashes, ...existing].slice(0, MAX_LINKS_IN_COOKIE));
}

/** Sliding expiry: record that a live link was just used (at most once an hour). */
function touchLink(hash: string, lastUsedAt: number | null, createdAt: number, now: Date): void {
  if (now.getTime() - (lastUsedAt ?? createdAt) < TOUCH_EVERY_MS) return;
  prepareCached(
    getSqlite(),
    "UPDATE status_links SET last_used_at = ? WHERE token_hash = ? AND revoked_at IS NULL",
  ).run(now.getTime(), hash);
}

/** Checks a token; returns the clean URL to go to and the Set-Cookie that remembers it. */
export async function exchangeStatusToken(
  request: Request,
  token: string,
  now: Date = getRuntime().clock(),
): Promise<{ location: string; setCookie: string }> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw new ServiceError(404, "not_found", "Not found");
  const hash = sha256Hex(token);
  const row = prepareCached(
    getSqlite(),
    `SELECT r.reference, l.created_at, l.last_used_at FROM status_links l JOIN requests r ON r.id = l.request_id JOIN filings f ON f.id = r.filing_id
       WHERE l.token_hash = ? AND ${LIVE_STATUS_LINK}`,
  ).get(hash, now.getTime() - STATUS_LINK_IDLE_MS) as
    { reference: string; created_at: number; last_used_at: number | null } | undefined;
  if (!row) throw new ServiceError(404, "not_found", "Not found");
  touchLink(hash, row.last_used_at, row.created_at, now);
  return { location: `/r/${row.reference}`, setCookie: await rememberLinkHashes(request, [hash]) };
}

/** The request with this reference, if one of the browser's remembered live links opens it. */
async function requestFromCookie(request: Request, reference: string): Promise<RequestRow> {
  if (!REFERENCE_RE.test(reference)) throw new ServiceError(404, "not_found", "Not found");
  const hashes = await readLinkHashes(request);
  if (hashes.length === 0) throw new ServiceError(404, "not_found", "Not found");
  const now = getRuntime().clock();
  const row = prepareCached(
    getSqlite(),
    `SELECT r.*, l.token_hash AS link_hash, l.created_at AS link_created_at, l.last_used_at AS link_last_used_at
       FROM requests r JOIN status_links l ON l.request_id = r.id JOIN filings f ON f.id = r.filing_id
       WHERE r.reference = ? AND ${LIVE_STATUS_LINK}
         AND l.token_hash IN (${hashes.map(() => "?").join(",")}) LIMIT 1`,
  ).get(reference, now.getTime() - STATUS_LINK_IDLE_MS, ...hashes) as
    (RequestRow & { link_hash: string; link_created_at: number; link_last_used_at: number | null }) | undefined;
  if (!row) throw new ServiceError(404, "not_found", "Not found");
  const { link_hash, link_created_at, link_last_used_at, ...request_ } = row;
  touchLink(link_hash, link_last_used_at, link_created_at, now);
  return request_ as RequestRow;
}

/**
 * "Sign out everywhere": every live status link of every request filed together with this one
 * (same resident, same filing) is revoked — this browser's, the emailed ones, any other device's.
 * New links come only from /requests/find, to the confirmed address. Returns the cookie to clear.
 */
export async function revokeAllStatusLinks(
  request: Request,
  reference: string,
  opts: { now: Date },
): Promise<{ revoked: number; setCookie: string }> {
  const r = await requestFromCookie(request, reference);
  const sqlite = getSqlite();
  const revoked = inTransaction(() => {
    const n = prepareCached(
      sqlite,
      "UPDATE status_links SET revoked_at = ? WHERE revoked_at IS NULL AND request_id IN (SELECT id FROM requests WHERE filing_id = ?)",
    ).run(opts.now.getTime(), r.filing_id).changes;
    appendAudit({
      at: opts.now,
      actorType: "resident",
      vendorId: r.vendor_id,
      action: "status_links.revoked",
      objectType: "request",
      objectId: r.reference,
      details: { links: n, cause: "resident" },
    });
    return n;
  });
  return { revoked, setCookie: await residentCookie().serialize([], { maxAge: 0 }) };
}

export async function getResidentView(
  request: Request,
  reference: string,
  opts: { now: Date; locale: Locale },
): Promise<StatusView> {
  return buildStatusView(await requestFromCookie(request, reference), opts);
}

/** The resident withdraws the request (one transaction: status, event, audit; a queued deletion is released). */
export async function withdrawRequest(request: Request, reference: string, opts: { now: Date }): Promise<void> {
  const r0 = await requestFromCookie(request, reference);
  inTransaction(() => {
    const r = prepareCached(getSqlite(), "SELECT * FROM requests WHERE id = ?").get(r0.id) as RequestRow;
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

/** The resident's case file: everything needed for a complaint or counsel, in one document. */
export async function buildCaseFile(request: Request, reference: string, opts: { now: Date; locale: Locale }) {
  const view = await getResidentView(request, reference, opts);
  const r = view.request;
  const d = view.deadline;
  const audit = prepareCached(
    getSqlite(),
    "SELECT seq, at, action, hash FROM audit_events WHERE object_type = 'request' AND object_id = ? ORDER BY seq",
  ).all(r.reference) as { seq: number; at: string; action: string; hash: string }[];
  return {
    format: "biometric-rights-portal/case-file@1",
    generatedAt: opts.now.toISOString(),
    reference: r.reference,
    resident: { fullName: view.filing.fullName },
    vendor: { name: view.vendor.name, privacyEmail: view.vendor.privacy_email },
    request: {
      type: r.type,
      jurisdiction: r.jurisdiction,
      jurisdictionName: describeJurisdiction(r.jurisdiction as never, opts.locale).name,
      status: r.status,
      filedAt: new Date(r.created_at).toISOString(),
      receivedAt: r.received_at == null ? null : new Date(r.received_at).toISOString(),
      closedAt: r.closed_at == null ? null : new Date(r.closed_at).toISOString(),
      outcome: r.outcome,
      denialBasis: r.denial_basis,
      vendorAnswer: r.outcome_reason,
    },
    law: d
      ? {
          ruleId: d.ruleId,
          ruleVersion: d.ruleVersion,
          citation: d.citation,
          statutory: d.statutory,
          timeZone: d.timeZone,
          receivedOn: d.receivedOn,
          originalRespondBy: d.originalRespondBy,
          respondBy: d.respondBy,
          extendedTo: d.extendedTo,
          pausedDays: d.pausedDays,
          acknowledgeBy: d.acknowledgeBy,
          noReply: d.noReply,
          stateAtGeneration: d.state,
          complaint: d.complaint,
          explanation: d.explanation.map((s) => s.text),
        }
      : null,
    timeline: view.events.map((e) => {
      const p = JSON.parse(e.payload) as Record<string, unknown>;
      return {
        at: new Date(e.at).toISOString(),
        event: e.type,
        by: e.actor_type,
        ...(typeof p.reason === "string" ? { reason: p.reason } : {}),
        ...(typeof p.denialBasis === "string" ? { denialBasis: p.denialBasis } : {}),
        ...(typeof p.extendedTo === "string" ? { extendedTo: p.extendedTo } : {}),
      };
    }),
    responsePackage: getResponsePackage(r.id),
    // The hashes let a regulator or counsel check this history against the portal's audit chain.
    auditTrail: audit,
  };
}

/** The reference photos of a request as the resident sees them: kept until…, or destroyed (receipt). */
export { listMessages };

export function listResidentPhotos(requestId: number): { sha256: string; size: number; destroyedAt: string | null }[] {
  return (
    prepareCached(
      getSqlite(),
      "SELECT sha256, size, purged_at FROM attachments WHERE request_id = ? AND kind = 'reference_photo' ORDER BY id",
    ).all(requestId) as {
      sha256: string;
      size: number;
      purged_at: number | null;
    }[]
  ).map((p) => ({
    sha256: p.sha256,
    size: p.size,
    destroyedAt: p.purged_at == null ? null : new Date(p.purged_at).toISOString(),
  }));
}

export interface Escalation {
  /** Why escalation is offered now. */
  reason: "overdue" | "deemed_refused" | "denied" | "partially_fulfilled";
  regulator: string | null;
  url: string | null;
  windowText: string | null;
  deadline: string | null;
  /** Where no regulator takes complaints (e.g. Illinois BIPA): what the law offers instead. */
  privateAction: string | null;
  /** A complaint the resident can copy, with the request's timeline. */
  letter: string;
}

/**
 * The escalation path once the deadline has passed without a final answer, the law deems the
 * silence a refusal, or the vendor refused: the competent regulator, the resident's own
 * deadline to complain, and a pre-filled complaint with the timeline.
 */
export function buildEscalation(view: StatusView, opts: { locale: Locale }): Escalation | null {
  const r = view.request;
  const d = view.deadline;
  if (!d) return null;
  const open = !["fulfilled", "partially_fulfilled", "denied", "withdrawn"].includes(r.status);
  const reason: Escalation["reason"] | null =
    r.status === "denied"
      ? "denied"
      : r.status === "partially_fulfilled"
        ? "partially_fulfilled"
        : open && d.state === "deemed_refused"
          ? "deemed_refused"
          : open && d.state === "overdue"
            ? "overdue"
            : null;
  if (!reason) return null;
  const fr = opts.locale === "fr-CA";
  const rule = r.rule_id && r.rule_version != null ? getRule(r.rule_id, r.rule_version) : undefined;
  const jurisdiction = describeJurisdiction(r.jurisdiction as never, opts.locale);
  const lines = view.events.map((e) => `- ${new Date(e.at).toISOString().slice(0, 10)}: ${e.type.replace(/_/g, " ")}`);
  const what =
    reason === "denied"
      ? fr
        ? `L'entreprise a refusé la demande (${r.denial_basis ?? "motif non précisé"}).`
        : `The company refused the request (${r.denial_basis ?? "no basis given"}).`
      : reason === "partially_fulfilled"
        ? fr
          ? "L'entreprise n'a donné suite à la demande qu'en partie."
          : "The company only partly fulfilled the request."
        : reason === "deemed_refused"
          ? fr
            ? `L'entreprise n'a pas répondu au plus tard le ${d.respondBy}; selon la loi, ce silence équivaut à un refus.`
            : `The company did not answer by ${d.respondBy}; under the law this silence is deemed a refusal.`
          : fr
            ? `L'entreprise n'a pas répondu au plus tard le ${d.respondBy}, date limite prévue par la loi.`
            : `The company did not answer by ${d.respondBy}, the legal deadline.`;
  const letter = (
    fr
      ? [
          `Objet : plainte — demande ${r.reference} visant ${view.vendor.name}`,
          "",
          `Je m'appelle ${view.filing.fullName} et je réside au ${jurisdiction.name}.`,
          `Le ${d.receivedOn}, ${view.vendor.name} a reçu ma demande (${r.type}) fondée sur ${d.citation}.`,
          what,
          "",
          "Historique de la demande :",
          ...lines,
          "",
          "Je vous demande d'examiner cette situation. Mon dossier complet (JSON et version imprimable) est joint.",
        ]
      : [
          `Subject: complaint — request ${r.reference} to ${view.vendor.name}`,
          "",
          `My name is ${view.filing.fullName} and I live in ${jurisdiction.name}.`,
          `On ${d.receivedOn}, ${view.vendor.name} received my ${r.type} request under ${d.citation}.`,
          what,
          "",
          "Timeline of the request:",
          ...lines,
          "",
          "I ask you to examine this. My full case file (JSON and printable) is attached.",
        ]
  ).join("\n");
  return {
    reason,
    regulator: d.complaint?.regulator ?? null,
    url: d.complaint?.url ?? null,
    windowText: d.complaint?.windowText ?? null,
    deadline: d.complaint?.deadline ?? null,
    privateAction: d.complaint ? null : (rule?.nonStatutory?.requirements[opts.locale] ?? null),
    letter,
  };
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
  const r0 = await requestFromCookie(request, reference);
  const sqlite = getSqlite();
  inTransaction(() => {
    const r = prepareCached(sqlite, "SELECT * FROM requests WHERE id = ?").get(r0.id) as RequestRow;
    const next = applyTransition(r.status, "resident_replied");
    if (!next.ok) throw conflict("not_allowed", "The company is not waiting for an answer");
    const asked = prepareCached(
      sqlite,
      "SELECT payload FROM request_events WHERE request_id = ? AND type = 'info_requested' ORDER BY at DESC, id DESC LIMIT 1",
    ).get(r.id) as { payload: string } | undefined;
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
    const vendor = prepareCached(sqlite, "SELECT service_target_days FROM vendors WHERE id = ?").get(r.vendor_id) as {
      service_target_days: number;
    };
    const d = deadlineFor(r, listEvents(r.id), opts.now, { serviceTargetDays: vendor.service_target_days });
    if (d)
      prepareCached(sqlite, "UPDATE requests SET respond_by = ?, due_at = ? WHERE id = ?").run(
        d.respondBy,
        d.respondByInstant.getTime(),
        r.id,
      );
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

/** The vendor's structured answer (access package or deletion certificate), for the resident. */
export async function getResidentPackage(
  request: Request,
  reference: string,
): Promise<{ reference: string; kind: string; payload: unknown; createdAt: string } | null> {
  const r = await requestFromCookie(request, reference);
  const pkg = getResponsePackage(r.id);
  return pkg
    ? { reference: r.reference, kind: pkg.kind, payload: pkg.payload, createdAt: new Date(pkg.createdAt).toISOString() }
    : null;
}

/**
 * The files the vendor's answer sent: only those its access package references and that are
 * still stored (never the drafts of an unanswered request).
 */
export function listResidentResponseFiles(requestId: number): ResponseFileMeta[] {
  const sent = new Set(packageFileIds(getResponsePackage(requestId)));
  return sent.size === 0 ? [] : listResponseFiles(requestId).filter((f) => sent.has(f.id));
}

/** One of those files, for the browser holding this request's link; the download is audited. */
export async function openResidentResponseFile(
  request: Request,
  reference: string,
  attachmentId: number,
  opts: { now: Date },
): Promise<{ meta: ResponseFileMeta; bytes: Buffer }> {
  const r = await requestFromCookie(request, reference);
  if (!packageFileIds(getResponsePackage(r.id)).includes(attachmentId))
    throw new ServiceError(404, "not_found", "Not found");
  const file = openResponseFile(r.id, attachmentId, { now: opts.now, actor: { actorType: "resident", actorId: null } });
  if (!file) throw new ServiceError(404, "not_found", "Not found");
  return file;
}

/** An attachment of a reply the company emailed, for the browser holding this request's link; the download is audited. */
export async function openResidentMailFile(
  request: Request,
  reference: string,
  attachmentId: number,
  opts: { now: Date },
): Promise<{ meta: ResponseFileMeta; bytes: Buffer }> {
  const r = await requestFromCookie(request, reference);
  const file = openCaseMailFile(r.id, attachmentId, { now: opts.now, actor: { actorType: "resident", actorId: null } });
  if (!file) throw new ServiceError(404, "not_found", "Not found");
  return file;
}

/** The resident holding this request's link says what the company's emailed reply is. */
export async function classifyResidentEmailReply(
  request: Request,
  reference: string,
  inboundMailId: number,
  reading: EmailReplyClass,
  opts: { now: Date },
): Promise<void> {
  const r = await requestFromCookie(request, reference);
  classifyEmailReply(r.id, inboundMailId, reading, opts);
}
