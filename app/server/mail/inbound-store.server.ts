/**
 * Mail from email-only companies, as received by the inbound listener (inbound-smtp.server.ts):
 * authenticated (SPF, DKIM, DMARC with mailauth), parsed (mailparser), cleaned, and stored on
 * the request its reply or bounce address names (reply-address.server.ts).
 *
 * What is trusted, and what is not:
 * - The request is identified by the HMAC token of the address only; the subject and the
 *   reference in the text are never used to route mail.
 * - The sender is the header From. A reply is put on the case only when that address is the
 *   company's registered privacy address or is in its domain (or a subdomain); anything else is
 *   kept aside for the portal admin ('held'). The From header can be forged: the stored
 *   SPF/DKIM/DMARC results say what was verified, and the pages show them beside the reply.
 * - The HTML body is never shown as sent: it is reduced to text markup (no scripts, styles,
 *   images, forms or frames; links lose their target) and shown in a sandboxed frame. The
 *   plain-text body is kept beside it.
 * - Attachments go through the response files' checks (type from the bytes, size, images
 *   re-encoded) and are stored encrypted; what is refused is named in a note, never stored.
 */
import crypto from "node:crypto";
import { authenticate, type AuthenticateResult, type DNSResolver } from "mailauth";
import { simpleParser, type Attachment, type ParsedMail } from "mailparser";
import sanitizeHtml from "sanitize-html";
import { appendAudit } from "../audit/audit-chain.server";
import { readDecrypted, shredStoredFile, storeEncrypted } from "../security/encrypted-files.server";
import { getSqlite, inTransaction, prepareCached } from "../core/db.server";
import { enqueueEmail } from "./outbox.server";
import { deadlineFor, issueStatusLink, listEvents, recordChange } from "../requests/record-change.server";
import { ServiceError, conflict } from "../core/errors.server";
import { releaseQueuedRequests } from "../resident/deliver-request.server";
import { getRule } from "~/domain/deadlines";
import { applyTransition } from "~/domain/request-machine";
import { machineActionFor, type EmailReplyClass } from "~/domain/email-replies";
import { isValidContactEmail, parseOtherContacts, type BounceAlternatives } from "~/domain/vendor-contacts";
import type { RequestRow } from "../requests/record-change.server";
import {
  prepareResponseFile,
  ResponseFileRejectedError,
  type PreparedResponseFile,
} from "../vendor/response-file-rules.server";
import { getRuntime } from "../core/runtime.server";
import type { ResponseFileContentType } from "~/domain/packages";

export type { DNSResolver };

/** Largest message the listener accepts (the SMTP SIZE extension announces it). */
export const INBOUND_MAX_BYTES = 25 * 1024 * 1024;
/** Kept of a body: longer text is cut (and the cut noted). */
const MAX_TEXT_CHARS = 200_000;
const MAX_HTML_CHARS = 400_000;
const MAX_ATTACHMENTS = 20;

export interface InboundEnvelope {
  mailFrom: string | null;
  clientIp: string;
  helo: string;
}

export interface SenderAuthentication {
  spf: string;
  spfDomain: string | null;
  dkim: { domain: string; result: string }[];
  dmarc: string;
  dmarcDomain: string | null;
}

export type InboundNote =
  | "winmail_refused"
  | "attachment_refused"
  | "too_many_attachments"
  | "text_truncated"
  | "html_truncated"
  | "unreadable";

export interface InboundOutcome {
  requestId: number;
  stored: "case" | "held" | "bounce" | "duplicate" | "ignored";
  inboundMailId: number | null;
}

const unverified: SenderAuthentication = { spf: "none", spfDomain: null, dkim: [], dmarc: "none", dmarcDomain: null };

/** SPF, DKIM and DMARC results for one message; a DNS failure reads as "not verified", never as a crash. */
export async function authenticateSender(
  raw: Buffer,
  envelope: InboundEnvelope,
  resolver?: DNSResolver,
): Promise<SenderAuthentication> {
  let r: AuthenticateResult;
  try {
    r = await authenticate(raw, {
      ip: envelope.clientIp,
      helo: envelope.helo,
      sender: envelope.mailFrom ?? undefined,
      mta: getRuntime().config.inboundDomain ?? "portal.localhost",
      disableArc: true,
      disableBimi: true,
      ...(resolver ? { resolver } : {}),
    });
  } catch {
    return unverified;
  }
  const dmarc = r.dmarc as (AuthenticateResult["dmarc"] & { status?: { result?: string } }) | false;
  return {
    spf: r.spf ? String(r.spf.status?.result ?? "none") : "none",
    spfDomain: r.spf ? (r.spf.domain ?? null) : null,
    // mailauth reports an unsigned message as one result without a domain: that is no signature.
    dkim: (r.dkim?.results ?? [])
      .filter((d) => !!d.signingDomain)
      .map((d) => ({
        domain: String(d.signingDomain ?? "").toLowerCase(),
        result: String(d.status?.result ?? "none"),
      })),
    dmarc: dmarc ? String(dmarc.status?.result ?? "none") : "none",
    dmarcDomain: dmarc ? (dmarc.domain ?? null) : null,
  };
}

/** The domain a passing DKIM signature vouches for, if any (what the pages call "signed by"). */
export function verifiedSigningDomain(auth: SenderAuthentication): string | null {
  return auth.dkim.find((d) => d.result === "pass")?.domain ?? null;
}

/**
 * HTML reduced to inert text markup: no scripts, styles, images (remote content), forms,
 * frames or event attributes; a link keeps its text and shows its target only as a tooltip.
 */
export function sanitizeMailHtml(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: [
      "p",
      "br",
      "div",
      "span",
      "b",
      "strong",
      "i",
      "em",
      "u",
      "s",
      "blockquote",
      "pre",
      "code",
      "ul",
      "ol",
      "li",
      "h1",
      "h2",
      "h3",
      "h4",
      "h5",
      "h6",
      "table",
      "thead",
      "tbody",
      "tr",
      "td",
      "th",
      "hr",
      "a",
    ],
    allowedAttributes: { a: ["title"] },
    allowedSchemes: [],
    disallowedTagsMode: "discard",
    nonTextTags: [
      "script",
      "style",
      "textarea",
      "option",
      "noscript",
      "title",
      "head",
      "template",
      "svg",
      "math",
      "iframe",
      "object",
    ],
    transformTags: {
      a: (_tag, attribs) => {
        const out: Record<string, string> = {};
        if (attribs.href) out.title = attribs.href.slice(0, 2000);
        return { tagName: "a", attribs: out };
      },
    },
  });
}

/** Text as both engines store it: PostgreSQL text cannot hold NUL, so it becomes U+FFFD everywhere. */
function storable(s: string): string;
function storable(s: string | null): string | null;
function storable(s: string | null): string | null {
  return s === null ? null : s.replace(/\u0000/g, "\ufffd");
}

/** The domain of an address, lower-cased; null if it has none. */
function domainOf(address: string | null | undefined): string | null {
  const at = address?.lastIndexOf("@") ?? -1;
  if (!address || at < 1) return null;
  return address
    .slice(at + 1)
    .toLowerCase()
    .replace(/\.$/, "");
}

/** The sender is the company's registered privacy address, or in its domain or a subdomain of it. */
export function senderMatchesCompany(from: string | null, privacyEmail: string): boolean {
  if (!from) return false;
  if (from.toLowerCase() === privacyEmail.toLowerCase()) return true;
  const d = domainOf(from);
  const company = domainOf(privacyEmail);
  return !!d && !!company && (d === company || d.endsWith(`.${company}`));
}

function isDeliveryReport(parsed: ParsedMail): boolean {
  const ct = parsed.headers.get("content-type") as { value?: string; params?: Record<string, string> } | undefined;
  return (
    ct?.value?.toLowerCase() === "multipart/report" &&
    (ct.params?.["report-type"] ?? "").toLowerCase() === "delivery-status"
  );
}

/** RFC 3464: the per-recipient Action fields and the original Message-ID, from a report's parts. */
export function readDeliveryReport(
  parsed: ParsedMail,
  raw: Buffer,
): { failed: boolean; originalMessageId: string | null; status: string | null } {
  let failed = false;
  let status: string | null = null;
  let originalMessageId: string | null = null;
  const readFields = (text: string) => {
    if (/^action:\s*failed\s*$/im.test(text)) failed = true;
    status = /^status:\s*([245]\.\d{1,3}\.\d{1,3})/im.exec(text)?.[1] ?? status;
  };
  // mailparser folds a message/delivery-status part into the text body: read the part itself.
  const source = raw.subarray(0, 1024 * 1024).toString("latin1");
  const start = source.search(/content-type:\s*message\/(global-)?delivery-status/i);
  if (start >= 0) {
    const rest = source.slice(start);
    const end = rest.search(/\r?\n--/);
    readFields(end > 0 ? rest.slice(0, end) : rest.slice(0, 64 * 1024));
  }
  for (const a of parsed.attachments) {
    const type = a.contentType.toLowerCase();
    const text = a.content.subarray(0, 64 * 1024).toString("utf8");
    if (type === "message/delivery-status" || type === "message/global-delivery-status") {
      readFields(text);
    } else if (type === "text/rfc822-headers" || type === "message/rfc822" || type === "message/rfc822-headers") {
      originalMessageId = /^message-id:\s*(<[^>\r\n]{1,250}>)/im.exec(text)?.[1] ?? originalMessageId;
    }
  }
  return { failed, originalMessageId, status };
}

function isWinmail(a: Attachment): boolean {
  return a.contentType.toLowerCase() === "application/ms-tnef" || (a.filename ?? "").toLowerCase() === "winmail.dat";
}

interface RequestForMail extends RequestRow {
  privacy_email: string;
  other_contacts: string;
  vendor_name: string;
  full_name: string | null;
  resident_email: string | null;
  resident_locale: string | null;
}

function loadRequest(requestId: number): RequestForMail | undefined {
  return prepareCached(
    getSqlite(),
    `SELECT r.*, v.privacy_email, v.other_contacts, v.name AS vendor_name, f.full_name, f.email AS resident_email, f.locale AS resident_locale
       FROM requests r JOIN vendors v ON v.id = r.vendor_id LEFT JOIN filings f ON f.id = r.filing_id WHERE r.id = ?`,
  ).get(requestId) as RequestForMail | undefined;
}

/** Whether the listener should take mail for this request at all (it exists). */
export function isKnownRequest(requestId: number): boolean {
  return !!prepareCached(getSqlite(), "SELECT 1 FROM requests WHERE id = ?").get(requestId);
}

/**
 * Parses one received message and stores it on the request named by its address. Never throws
 * for a bad message: unreadable MIME is stored as a note, not retried by the sender.
 */
export async function receiveInboundMail(input: {
  raw: Buffer;
  requestId: number;
  purpose: "reply" | "bounce";
  envelope: InboundEnvelope;
  resolver?: DNSResolver;
  now: Date;
}): Promise<InboundOutcome> {
  const request = loadRequest(input.requestId);
  if (!request) return { requestId: input.requestId, stored: "ignored", inboundMailId: null };
  const rawSha256 = crypto.createHash("sha256").update(input.raw).digest("hex");
  if (
    prepareCached(getSqlite(), "SELECT 1 FROM inbound_mail WHERE request_id = ? AND raw_sha256 = ?").get(
      request.id,
      rawSha256,
    )
  ) {
    return { requestId: request.id, stored: "duplicate", inboundMailId: null };
  }
  const notes: InboundNote[] = [];
  let parsed: ParsedMail | null = null;
  try {
    parsed = await simpleParser(input.raw, {
      skipImageLinks: true,
      skipTextLinks: true,
      maxHtmlLengthToParse: MAX_HTML_CHARS * 2,
    });
  } catch {
    notes.push("unreadable");
  }
  const auth = await authenticateSender(input.raw, input.envelope, input.resolver);
  const fromAddress = parsed?.from?.value?.[0]?.address?.toLowerCase().slice(0, 254) ?? null;
  const subject = (parsed?.subject ?? "").replace(/[\u0000-\u001f\u007f]/g, " ").slice(0, 500);
  const messageIdHeader = parsed?.messageId?.slice(0, 300) ?? null;

  if (parsed && (input.purpose === "bounce" || isDeliveryReport(parsed))) {
    const report = isDeliveryReport(parsed)
      ? readDeliveryReport(parsed, input.raw)
      : { failed: false, originalMessageId: null, status: null };
    return storeBounce({
      request,
      parsed,
      report,
      auth,
      rawSha256,
      size: input.raw.length,
      envelope: input.envelope,
      now: input.now,
    });
  }

  let text = parsed?.text ?? "";
  if (text.length > MAX_TEXT_CHARS) {
    text = text.slice(0, MAX_TEXT_CHARS);
    notes.push("text_truncated");
  }
  let html: string | null = null;
  if (parsed && typeof parsed.html === "string" && parsed.html !== "") {
    html = sanitizeMailHtml(parsed.html);
    if (html.length > MAX_HTML_CHARS) {
      html = null;
      notes.push("html_truncated");
    }
  }
  const prepared: PreparedResponseFile[] = [];
  for (const [i, a] of (parsed?.attachments ?? []).entries()) {
    if (i >= MAX_ATTACHMENTS) {
      notes.push("too_many_attachments");
      break;
    }
    if (isWinmail(a)) {
      notes.push("winmail_refused");
      continue;
    }
    try {
      const p = await prepareResponseFile({
        bytes: a.content,
        contentType: a.contentType,
        fileName: a.filename ?? null,
      });
      if (!prepared.some((q) => q.sha256 === p.sha256)) prepared.push(p);
    } catch (err) {
      if (!(err instanceof ResponseFileRejectedError)) throw err;
      notes.push("attachment_refused");
    }
  }
  const disposition = senderMatchesCompany(fromAddress, request.privacy_email) ? "case" : "held";
  const names = prepared.map((p) => storeEncrypted(p.bytes));
  try {
    const id = inTransaction(() => {
      const sqlite = getSqlite();
      const t = input.now.getTime();
      const mailId = Number(
        prepareCached(
          sqlite,
          `INSERT INTO inbound_mail (request_id, kind, disposition, envelope_from, from_address, subject, message_id_header, text_body, html_body, auth_results, notes, raw_sha256, size, received_at)
             VALUES (?, 'reply', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          request.id,
          disposition,
          storable(input.envelope.mailFrom?.slice(0, 254) ?? null),
          storable(fromAddress),
          storable(subject),
          storable(messageIdHeader),
          storable(text),
          storable(html),
          storable(JSON.stringify(auth)),
          JSON.stringify([...new Set(notes)]),
          rawSha256,
          input.raw.length,
          t,
        ).lastInsertRowid,
      );
      prepared.forEach((p, i) => {
        prepareCached(
          sqlite,
          `INSERT INTO attachments (request_id, message_id, kind, storage_name, content_type, size, sha256, original_name, created_at, purged_at, inbound_mail_id)
             VALUES (?, NULL, 'email_file', ?, ?, ?, ?, ?, ?, NULL, ?)`,
        ).run(request.id, names[i]!, p.contentType, p.size, p.sha256, p.name, t, mailId);
      });
      const authCodes = {
        spf: auth.spf,
        dkim: verifiedSigningDomain(auth) ? "pass" : auth.dkim.length ? "fail" : "none",
        dmarc: auth.dmarc,
      };
      if (disposition === "held") {
        // Not the company's address: the case does not see it, the portal admin does.
        appendAudit({
          at: input.now,
          actorType: "system",
          vendorId: request.vendor_id,
          action: "inbound_mail.held",
          objectType: "inbound_mail",
          objectId: mailId,
          details: { requestId: request.id, ...authCodes },
        });
        return mailId;
      }
      recordChange({
        request,
        eventType: "vendor_emailed",
        actorType: "system",
        actorId: null,
        at: input.now,
        payload: { inboundMailId: mailId },
        audit: "inbound_mail.received",
      });
      notifyResident(request, "reply", input.now, mailId);
      return mailId;
    });
    return { requestId: request.id, stored: disposition, inboundMailId: id };
  } catch (err) {
    for (const n of names) {
      try {
        shredStoredFile(n);
      } catch {
        /* the orphan sweep removes it later */
      }
    }
    throw err;
  }
}

function storeBounce(input: {
  request: RequestForMail;
  parsed: ParsedMail;
  report: { failed: boolean; originalMessageId: string | null; status: string | null };
  auth: SenderAuthentication;
  rawSha256: string;
  size: number;
  envelope: InboundEnvelope;
  now: Date;
}): InboundOutcome {
  const { request, report } = input;
  // A delay notice ("will retry") is not a failure: nothing to tell anyone yet.
  if (!report.failed) return { requestId: request.id, stored: "ignored", inboundMailId: null };
  const sqlite = getSqlite();
  // The Message-ID of the letter, when the report quotes it, confirms which letter failed.
  const matchedLetter = report.originalMessageId
    ? !!prepareCached(
        sqlite,
        "SELECT 1 FROM email_outbox WHERE message_id = ? AND request_id = ? AND template = 'vendor-letter'",
      ).get(report.originalMessageId, request.id)
    : false;
  const id = inTransaction(() => {
    const t = input.now.getTime();
    const mailId = Number(
      prepareCached(
        sqlite,
        `INSERT INTO inbound_mail (request_id, kind, disposition, envelope_from, from_address, subject, message_id_header, text_body, html_body, auth_results, notes, raw_sha256, size, received_at)
           VALUES (?, 'bounce', 'case', ?, ?, ?, ?, ?, NULL, ?, '[]', ?, ?, ?)`,
      ).run(
        request.id,
        storable(input.envelope.mailFrom?.slice(0, 254) ?? null),
        storable(input.parsed.from?.value?.[0]?.address?.toLowerCase().slice(0, 254) ?? null),
        storable((input.parsed.subject ?? "").slice(0, 500)),
        storable(input.parsed.messageId?.slice(0, 300) ?? null),
        storable((input.parsed.text ?? "").slice(0, 20_000)),
        storable(JSON.stringify(input.auth)),
        input.rawSha256,
        input.size,
        t,
      ).lastInsertRowid,
    );
    const already = prepareCached(
      sqlite,
      "SELECT 1 FROM request_events WHERE request_id = ? AND type = 'letter_undeliverable'",
    ).get(request.id);
    if (!already) {
      recordChange({
        request,
        eventType: "letter_undeliverable",
        actorType: "system",
        actorId: null,
        at: input.now,
        payload: { inboundMailId: mailId, status: report.status, matchedBy: matchedLetter ? "message_id" : "address" },
        audit: "inbound_mail.bounced",
      });
      notifyResident(request, "bounce", input.now, mailId);
    }
    return mailId;
  });
  return { requestId: request.id, stored: "bounce", inboundMailId: id };
}

function notifyResident(request: RequestForMail, kind: "reply" | "bounce", now: Date, mailId: number): void {
  if (!request.resident_email || !request.full_name) return;
  enqueueEmail({
    dedupeKey: `vendor-mail-received:${request.reference}:${kind}:${kind === "bounce" ? 0 : mailId}`,
    to: request.resident_email,
    template: "vendor-mail-received",
    locale: request.resident_locale === "fr-CA" ? "fr-CA" : "en",
    requestId: request.id,
    at: now,
    data: {
      fullName: request.full_name,
      reference: request.reference,
      vendorName: request.vendor_name,
      kind,
      statusPath: issueStatusLink(request.id, now).path,
      ...(kind === "bounce"
        ? {
            bouncedAddress: isValidContactEmail(request.privacy_email) ? request.privacy_email : undefined,
            otherContacts: parseOtherContacts(request.other_contacts, request.privacy_email),
          }
        : {}),
    },
  });
}

/**
 * After the letter bounced: where else the resident can send the request. Null while the letter
 * has not bounced, so the status page and the regulator's case show nothing extra.
 */
export function getBounceAlternatives(requestId: number): BounceAlternatives | null {
  const sqlite = getSqlite();
  if (
    !prepareCached(sqlite, "SELECT 1 FROM request_events WHERE request_id = ? AND type = 'letter_undeliverable'").get(
      requestId,
    )
  )
    return null;
  const v = prepareCached(
    sqlite,
    "SELECT v.privacy_email, v.other_contacts FROM requests r JOIN vendors v ON v.id = r.vendor_id WHERE r.id = ?",
  ).get(requestId) as { privacy_email: string; other_contacts: string } | undefined;
  if (!v) return null;
  return { bouncedAddress: v.privacy_email, otherContacts: parseOtherContacts(v.other_contacts, v.privacy_email) };
}

// --- Reading ------------------------------------------------------------------------------

export interface InboundMailView {
  id: number;
  kind: "reply" | "bounce";
  fromAddress: string | null;
  subject: string;
  text: string;
  html: string | null;
  receivedAt: number;
  auth: SenderAuthentication;
  signedBy: string | null;
  notes: InboundNote[];
  classification: string | null;
  files: { id: number; name: string; contentType: string; size: number; sha256: string }[];
}

interface InboundMailRow {
  id: number;
  kind: "reply" | "bounce";
  from_address: string | null;
  subject: string;
  text_body: string;
  html_body: string | null;
  received_at: number;
  auth_results: string;
  notes: string;
  classification: string | null;
}

function toView(r: InboundMailRow, files: InboundMailView["files"]): InboundMailView {
  const auth = { ...unverified, ...(JSON.parse(r.auth_results) as Partial<SenderAuthentication>) };
  return {
    id: r.id,
    kind: r.kind,
    fromAddress: r.from_address,
    subject: r.subject,
    text: r.text_body,
    html: r.html_body,
    receivedAt: r.received_at,
    auth,
    signedBy: verifiedSigningDomain(auth),
    notes: JSON.parse(r.notes) as InboundNote[],
    classification: r.classification,
    files,
  };
}

/** The mail on a request's file (replies from the company's address, and bounces), oldest first. */
export function listCaseMail(requestId: number): InboundMailView[] {
  const sqlite = getSqlite();
  const rows = prepareCached(
    sqlite,
    "SELECT id, kind, from_address, subject, text_body, html_body, received_at, auth_results, notes, classification FROM inbound_mail WHERE request_id = ? AND disposition = 'case' ORDER BY received_at, id",
  ).all(requestId) as InboundMailRow[];
  if (rows.length === 0) return [];
  const files = prepareCached(
    sqlite,
    "SELECT id, inbound_mail_id, original_name, content_type, size, sha256 FROM attachments WHERE request_id = ? AND kind = 'email_file' AND purged_at IS NULL ORDER BY id",
  ).all(requestId) as {
    id: number;
    inbound_mail_id: number;
    original_name: string | null;
    content_type: string;
    size: number;
    sha256: string;
  }[];
  return rows.map((r) =>
    toView(
      r,
      files
        .filter((f) => f.inbound_mail_id === r.id)
        .map((f) => ({
          id: f.id,
          name: f.original_name ?? "file",
          contentType: f.content_type,
          size: f.size,
          sha256: f.sha256,
        })),
    ),
  );
}

/** For the portal admin: replies kept aside because the sender is not the company's. */
export function listHeldMail(
  limit = 100,
): (InboundMailView & { reference: string; vendorName: string; registeredAddress: string })[] {
  const rows = prepareCached(
    getSqlite(),
    `SELECT m.id, m.kind, m.from_address, m.subject, m.text_body, m.html_body, m.received_at, m.auth_results, m.notes, m.classification,
              r.reference, v.name AS vendor_name, v.privacy_email
       FROM inbound_mail m JOIN requests r ON r.id = m.request_id JOIN vendors v ON v.id = r.vendor_id
       WHERE m.disposition = 'held' ORDER BY m.received_at DESC, m.id DESC LIMIT ?`,
  ).all(limit) as (InboundMailRow & { reference: string; vendor_name: string; privacy_email: string })[];
  return rows.map((r) => ({
    ...toView(r, []),
    reference: r.reference,
    vendorName: r.vendor_name,
    registeredAddress: r.privacy_email,
  }));
}

/**
 * The portal admin has checked a held reply (e.g. the company writes from a second domain) and
 * puts it on the case: from then on it is exactly a reply from the company (event, resident
 * emailed). Audited under the admin's name. Returns false when there is no such held reply.
 */
export function releaseHeldMail(inboundMailId: number, admin: { id: number }, now: Date): boolean {
  return inTransaction(() => {
    const sqlite = getSqlite();
    const mail = prepareCached(
      sqlite,
      "SELECT id, request_id FROM inbound_mail WHERE id = ? AND disposition = 'held'",
    ).get(inboundMailId) as { id: number; request_id: number } | undefined;
    if (!mail) return false;
    const request = loadRequest(mail.request_id)!;
    prepareCached(sqlite, "UPDATE inbound_mail SET disposition = 'case' WHERE id = ?").run(mail.id);
    appendAudit({
      at: now,
      actorType: "admin",
      actorId: admin.id,
      vendorId: request.vendor_id,
      action: "inbound_mail.released",
      objectType: "inbound_mail",
      objectId: mail.id,
      details: { requestId: request.id },
    });
    recordChange({
      request,
      eventType: "vendor_emailed",
      actorType: "system",
      actorId: null,
      at: now,
      payload: { inboundMailId: mail.id },
      audit: "inbound_mail.received",
    });
    notifyResident(request, "reply", now, mail.id);
    return true;
  });
}

/**
 * Decrypts an attachment of a reply on a request's file (never of a held one) and audits the
 * download; the plaintext must match its recorded SHA-256. Null when there is no such file.
 */
export function openCaseMailFile(
  requestId: number,
  attachmentId: number,
  opts: { now: Date; actor: { actorType: "resident" | "staff" | "regulator"; actorId: number | null } },
): {
  meta: {
    id: number;
    name: string;
    contentType: ResponseFileContentType;
    size: number;
    sha256: string;
    createdAt: number;
  };
  bytes: Buffer;
} | null {
  const sqlite = getSqlite();
  const row = prepareCached(
    sqlite,
    `SELECT a.id, a.storage_name, a.content_type, a.size, a.sha256, a.original_name, a.created_at, r.vendor_id
       FROM attachments a JOIN inbound_mail m ON m.id = a.inbound_mail_id JOIN requests r ON r.id = a.request_id
       WHERE a.id = ? AND a.request_id = ? AND a.kind = 'email_file' AND a.purged_at IS NULL AND m.disposition = 'case'`,
  ).get(attachmentId, requestId) as
    | {
        id: number;
        storage_name: string;
        content_type: ResponseFileContentType;
        size: number;
        sha256: string;
        original_name: string | null;
        created_at: number;
        vendor_id: number;
      }
    | undefined;
  if (!row) return null;
  const bytes = readDecrypted(row.storage_name);
  if (crypto.createHash("sha256").update(bytes).digest("hex") !== row.sha256)
    throw new Error("stored email attachment does not match its recorded SHA-256");
  inTransaction(() =>
    appendAudit({
      at: opts.now,
      actorType: opts.actor.actorType,
      actorId: opts.actor.actorId,
      vendorId: row.vendor_id,
      action: "response_file.downloaded",
      objectType: "attachment",
      objectId: row.id,
      details: { attachmentId: row.id, requestId },
    }),
  );
  return {
    meta: {
      id: row.id,
      name: row.original_name ?? "file",
      contentType: row.content_type,
      size: row.size,
      sha256: row.sha256,
      createdAt: row.created_at,
    },
    bytes,
  };
}

// --- The resident's reading of a reply ------------------------------------------------------

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
    const request = prepareCached(sqlite, "SELECT * FROM requests WHERE id = ?").get(requestId) as
      RequestRow | undefined;
    const mail = prepareCached(
      sqlite,
      "SELECT id, received_at, classification FROM inbound_mail WHERE id = ? AND request_id = ? AND kind = 'reply' AND disposition = 'case'",
    ).get(inboundMailId, requestId) as { id: number; received_at: number; classification: string | null } | undefined;
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
        if (d)
          prepareCached(sqlite, "UPDATE requests SET respond_by = ?, due_at = ? WHERE id = ?").run(
            d.respondBy,
            d.respondByInstant.getTime(),
            request.id,
          );
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
