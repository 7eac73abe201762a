/**
 * The written exchange on a request: the vendor's questions and the resident's answers. Stored
 * here and read by both sides — the vendor through forVendor, the resident through the status
 * link — so both always show the same thread.
 */
import { getSqlite, prepareCached } from "../core/db.server";
import { readAll, type MessageRow } from "../core/rows.server";

/** The columns of a message that the pages and the API show. */
export type RequestMessage = Pick<MessageRow, "id" | "author" | "body" | "created_at">;

export function listMessages(requestId: number): RequestMessage[] {
  return readAll<RequestMessage>(
    prepareCached(
      getSqlite(),
      "SELECT id, author, body, created_at FROM messages WHERE request_id = ? ORDER BY created_at, id",
    ),
    requestId,
  );
}

export function insertMessage(
  requestId: number,
  author: "resident" | "staff",
  userId: number | null,
  body: string,
  t: number,
): number {
  return Number(
    prepareCached(
      getSqlite(),
      "INSERT INTO messages (request_id, author, author_user_id, body, created_at) VALUES (?, ?, ?, ?, ?)",
    ).run(requestId, author, userId, body, t).lastInsertRowid,
  );
}
