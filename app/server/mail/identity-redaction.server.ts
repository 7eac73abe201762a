/**
 * The mail folder's part of the identity purge (jobs/identity-purge): the company's emailed
 * replies and every queued or sent email that carries the resident's identity. Called inside
 * the purge's transaction.
 */
import type { SqlConnection } from "../../../db/client";
import { prepareCached } from "../core/db.server";
import { CLEARED_PAYLOAD } from "./outbox.server";

const OF_FILING = "SELECT id FROM requests WHERE filing_id = ?";

/** Mail the company sent back by email quotes the letter (name, address): bodies and subject go. */
export function redactInboundMail(filingId: number, removed: string, sqlite: SqlConnection): void {
  prepareCached(
    sqlite,
    `UPDATE inbound_mail SET text_body = ?, html_body = NULL, subject = ? WHERE request_id IN (${OF_FILING})`,
  ).run(removed, removed, filingId);
}

/**
 * Clears the payload of the emails to the resident (by address), about the filing's requests
 * (the vendor letter carries the name and address) and the verification mails keyed by the
 * filing, and replaces the resident's address by the pseudonym. Returns the rows changed.
 */
export function redactOutboxFor(
  filing: { id: number; email: string; pseudonym: string },
  sqlite: SqlConnection,
): number {
  return (
    prepareCached(
      sqlite,
      `UPDATE email_outbox SET payload = ? WHERE payload != ?
           AND (request_id IN (${OF_FILING}) OR lower(to_address) = lower(?) OR dedupe_key IN (?, ?))`,
    ).run(
      CLEARED_PAYLOAD,
      CLEARED_PAYLOAD,
      filing.id,
      filing.email,
      `verify-email:${filing.id}`,
      `verify-reminder:${filing.id}`,
    ).changes +
    prepareCached(sqlite, "UPDATE email_outbox SET to_address = ? WHERE lower(to_address) = lower(?)").run(
      filing.pseudonym,
      filing.email,
    ).changes
  );
}
