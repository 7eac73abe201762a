/**
 * The mail on a request's file, as the pages read it: the company's replies and the bounces
 * (resident, staff and regulator pages), the replies held aside for the portal admin and the
 * admin's release of one onto the case, the decrypted attachments (audited, checked against
 * their SHA-256), and where else a resident can write once the letter bounced. Held mail and
 * its files are never shown on a case.
 */
import crypto from "node:crypto";
import type { ResponseFileContentType } from "~/domain/packages";
import { parseOtherContacts, type BounceAlternatives } from "~/domain/vendor-contacts";
import { appendAudit } from "../audit/audit-chain.server";
import { getSqlite, inTransaction, prepareCached } from "../core/db.server";
import {
  readAll,
  readOne,
  type AttachmentRow,
  type InboundMailRow,
  type RequestRow,
  type VendorRow,
} from "../core/rows.server";
import { recordChange } from "../requests/record-change.server";
import { readDecrypted } from "../security/encrypted-files.server";
import { UNVERIFIED_SENDER, verifiedSigningDomain, type SenderAuthentication } from "./inbound-authentication.server";
import { loadRequestForMail, notifyResidentOfMail, type InboundNote } from "./inbound-store.server";

type MailRowForView = Pick<
  InboundMailRow,
  | "id"
  | "kind"
  | "from_address"
  | "subject"
  | "text_body"
  | "html_body"
  | "received_at"
  | "auth_results"
  | "notes"
  | "classification"
>;

/** Only files that passed the response files' checks are stored, so the type is one of theirs. */
type CaseMailFileRow = Pick<
  AttachmentRow,
  "id" | "storage_name" | "size" | "sha256" | "original_name" | "created_at"
> & { content_type: ResponseFileContentType } & Pick<RequestRow, "vendor_id">;

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
  const v = readOne<Pick<VendorRow, "privacy_email" | "other_contacts">>(
    prepareCached(
      sqlite,
      "SELECT v.privacy_email, v.other_contacts FROM requests r JOIN vendors v ON v.id = r.vendor_id WHERE r.id = ?",
    ),
    requestId,
  );
  if (!v) return null;
  return { bouncedAddress: v.privacy_email, otherContacts: parseOtherContacts(v.other_contacts, v.privacy_email) };
}

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

function toView(r: MailRowForView, files: InboundMailView["files"]): InboundMailView {
  const auth = { ...UNVERIFIED_SENDER, ...(JSON.parse(r.auth_results) as Partial<SenderAuthentication>) };
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
  const rows = readAll<MailRowForView>(
    prepareCached(
      sqlite,
      "SELECT id, kind, from_address, subject, text_body, html_body, received_at, auth_results, notes, classification FROM inbound_mail WHERE request_id = ? AND disposition = 'case' ORDER BY received_at, id",
    ),
    requestId,
  );
  if (rows.length === 0) return [];
  const files = readAll<
    Pick<AttachmentRow, "id" | "inbound_mail_id" | "original_name" | "content_type" | "size" | "sha256">
  >(
    prepareCached(
      sqlite,
      "SELECT id, inbound_mail_id, original_name, content_type, size, sha256 FROM attachments WHERE request_id = ? AND kind = 'email_file' AND purged_at IS NULL ORDER BY id",
    ),
    requestId,
  );
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
  const rows = readAll<MailRowForView & { reference: string; vendor_name: string; privacy_email: string }>(
    prepareCached(
      getSqlite(),
      `SELECT m.id, m.kind, m.from_address, m.subject, m.text_body, m.html_body, m.received_at, m.auth_results, m.notes, m.classification,
              r.reference, v.name AS vendor_name, v.privacy_email
       FROM inbound_mail m JOIN requests r ON r.id = m.request_id JOIN vendors v ON v.id = r.vendor_id
       WHERE m.disposition = 'held' ORDER BY m.received_at DESC, m.id DESC LIMIT ?`,
    ),
    limit,
  );
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
    const mail = readOne<Pick<InboundMailRow, "id" | "request_id">>(
      prepareCached(sqlite, "SELECT id, request_id FROM inbound_mail WHERE id = ? AND disposition = 'held'"),
      inboundMailId,
    );
    if (!mail) return false;
    const request = loadRequestForMail(mail.request_id)!;
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
    notifyResidentOfMail(request, "reply", now, mail.id);
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
  const row = readOne<CaseMailFileRow>(
    prepareCached(
      sqlite,
      `SELECT a.id, a.storage_name, a.content_type, a.size, a.sha256, a.original_name, a.created_at, r.vendor_id
       FROM attachments a JOIN inbound_mail m ON m.id = a.inbound_mail_id JOIN requests r ON r.id = a.request_id
       WHERE a.id = ? AND a.request_id = ? AND a.kind = 'email_file' AND a.purged_at IS NULL AND m.disposition = 'case'`,
    ),
    attachmentId,
    requestId,
  );
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
