/**
 * Mail from email-only companies, as received by the inbound listener (inbound-smtp.server.ts):
 * authenticated (inbound-authentication), parsed and cleaned (inbound-parsing), and stored on
 * the request its reply or bounce address names (reply-address.server.ts).
 *
 * - The request is identified by the HMAC token of the address only; the subject and the
 *   reference in the text are never used to route mail.
 * - A reply from the company's address goes on the case (an event, and the resident is told);
 *   one from anyone else is kept aside ('held') for the portal admin.
 * - Attachments go through the response files' checks (type from the bytes, size, images
 *   re-encoded) and are stored encrypted; what is refused is named in a note, never stored.
 * - A bounce of the letter is recorded once per request and tells the resident; a delay notice
 *   is not a failure and is ignored.
 */
import crypto from "node:crypto";
import { simpleParser, type ParsedMail } from "mailparser";
import { isValidContactEmail, parseOtherContacts } from "~/domain/vendor-contacts";
import { appendAudit } from "../audit/audit-chain.server";
import { getSqlite, inTransaction, prepareCached } from "../core/db.server";
import { readOne, type FilingRow, type RequestRow, type VendorRow } from "../core/rows.server";
import { issueStatusLink, recordChange } from "../requests/record-change.server";
import { shredStoredFile, storeEncrypted } from "../security/encrypted-files.server";
import {
  prepareResponseFile,
  ResponseFileRejectedError,
  type PreparedResponseFile,
} from "../vendor/response-file-rules.server";
import {
  authenticateSender,
  senderMatchesCompany,
  verifiedSigningDomain,
  type DNSResolver,
  type InboundEnvelope,
  type SenderAuthentication,
} from "./inbound-authentication.server";
import { isDeliveryReport, isWinmail, readDeliveryReport, sanitizeMailHtml } from "./inbound-parsing.server";
import { enqueueEmail } from "./outbox.server";

/** Largest message the listener accepts (the SMTP SIZE extension announces it). */
export const INBOUND_MAX_BYTES = 25 * 1024 * 1024;
/** Kept of a body: longer text is cut (and the cut noted). */
const MAX_TEXT_CHARS = 200_000;
const MAX_HTML_CHARS = 400_000;
const MAX_ATTACHMENTS = 20;

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

/** Text as both engines store it: PostgreSQL text cannot hold NUL, so it becomes U+FFFD everywhere. */
function storable(s: string): string;
function storable(s: string | null): string | null;
function storable(s: string | null): string | null {
  return s === null ? null : s.replace(/\u0000/g, "\ufffd");
}

/** A request with what mail handling needs of its vendor and (while not purged) its resident. */
export type RequestForMail = RequestRow &
  Pick<VendorRow, "privacy_email" | "other_contacts"> & {
    vendor_name: VendorRow["name"];
    full_name: FilingRow["full_name"] | null;
    resident_email: FilingRow["email"] | null;
    resident_locale: FilingRow["locale"] | null;
  };

export function loadRequestForMail(requestId: number): RequestForMail | undefined {
  return readOne<RequestForMail>(
    prepareCached(
      getSqlite(),
      `SELECT r.*, v.privacy_email, v.other_contacts, v.name AS vendor_name, f.full_name, f.email AS resident_email, f.locale AS resident_locale
       FROM requests r JOIN vendors v ON v.id = r.vendor_id LEFT JOIN filings f ON f.id = r.filing_id WHERE r.id = ?`,
    ),
    requestId,
  );
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
  const request = loadRequestForMail(input.requestId);
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
      notifyResidentOfMail(request, "reply", input.now, mailId);
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
      notifyResidentOfMail(request, "bounce", input.now, mailId);
    }
    return mailId;
  });
  return { requestId: request.id, stored: "bounce", inboundMailId: id };
}

/** Tells the resident the company wrote (or the letter bounced): one email per reply, one per bounce. */
export function notifyResidentOfMail(
  request: RequestForMail,
  kind: "reply" | "bounce",
  now: Date,
  mailId: number,
): void {
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
