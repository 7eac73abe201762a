/**
 * Response files once checked (response-file-rules.server.ts): stored encrypted with their row
 * and audit row, listed, removed before the answer is sent, and decrypted for a download, each
 * download audited. Authorisation is the caller's: vendor staff come through forVendor
 * (vendor-access.server.ts), residents through the status-link cookie checked in app/server/resident/.
 */
import crypto from "node:crypto";
import { RESPONSE_FILE_LIMITS, type ResponseFileContentType, type ResponseFileRef } from "~/domain/packages";
import { appendAudit } from "../audit/audit-chain.server";
import { getSqlite, inTransaction, prepareCached } from "../core/db.server";
import { readAll, readOne, type AttachmentRow, type RequestRow } from "../core/rows.server";
import { readDecrypted, shredStoredFile, storeEncrypted } from "../security/encrypted-files.server";
import { contentDisposition, ResponseFileRejectedError, type PreparedResponseFile } from "./response-file-rules.server";

export interface ResponseFileMeta {
  id: number;
  name: string;
  contentType: ResponseFileContentType;
  size: number;
  sha256: string;
  createdAt: number;
}

/**
 * A live response file with its request's vendor. content_type is narrowed to the types the
 * rules allow: this module writes every response_file row, always with one of them.
 */
type ResponseFileRow = Omit<
  Pick<
    AttachmentRow,
    "id" | "request_id" | "storage_name" | "content_type" | "size" | "sha256" | "original_name" | "created_at"
  >,
  "content_type"
> & { content_type: ResponseFileContentType } & Pick<RequestRow, "vendor_id">;

const toMeta = (r: Omit<ResponseFileRow, "storage_name" | "vendor_id" | "request_id">): ResponseFileMeta => ({
  id: r.id,
  name: r.original_name ?? "file",
  contentType: r.content_type,
  size: r.size,
  sha256: r.sha256,
  createdAt: r.created_at,
});

/** The live response files of a request, oldest first. */
export function listResponseFiles(requestId: number): ResponseFileMeta[] {
  return readAll<Omit<ResponseFileRow, "storage_name" | "vendor_id" | "request_id">>(
    prepareCached(
      getSqlite(),
      "SELECT id, content_type, size, sha256, original_name, created_at FROM attachments WHERE request_id = ? AND kind = 'response_file' AND purged_at IS NULL ORDER BY id",
    ),
    requestId,
  ).map(toMeta);
}

/** What the access package records about each file. */
export function toPackageFileRefs(files: ResponseFileMeta[]): ResponseFileRef[] {
  return files.map((f) => ({ id: f.id, name: f.name, contentType: f.contentType, size: f.size, sha256: f.sha256 }));
}

function loadResponseFile(requestId: number, attachmentId: number): ResponseFileRow | undefined {
  return readOne<ResponseFileRow>(
    prepareCached(
      getSqlite(),
      `SELECT a.id, a.request_id, a.storage_name, a.content_type, a.size, a.sha256, a.original_name, a.created_at, r.vendor_id
       FROM attachments a JOIN requests r ON r.id = a.request_id
       WHERE a.id = ? AND a.request_id = ? AND a.kind = 'response_file' AND a.purged_at IS NULL`,
    ),
    attachmentId,
    requestId,
  );
}

export interface FileActor {
  actorType: "staff" | "resident";
  actorId: number | null;
}

/**
 * Stores checked files for a request: ciphertexts are written first, then ONE transaction
 * re-checks the request (via `recheck`, which throws if it may no longer take files), the
 * per-request limits and duplicates, and writes the rows and their audit rows. If anything
 * refuses, the ciphertexts are shredded (the orphan sweep is the backstop after a crash).
 */
export function storeResponseFiles(
  requestId: number,
  prepared: PreparedResponseFile[],
  opts: { now: Date; actor: FileActor; recheck: () => void },
): ResponseFileMeta[] {
  const names = prepared.map((p) => storeEncrypted(p.bytes));
  try {
    return inTransaction(() => {
      opts.recheck();
      const sqlite = getSqlite();
      const live = readOne<{ n: number; bytes: number }>(
        prepareCached(
          sqlite,
          "SELECT count(*) AS n, coalesce(sum(size), 0) AS bytes FROM attachments WHERE request_id = ? AND kind = 'response_file' AND purged_at IS NULL",
        ),
        requestId,
      )!;
      if (live.n + prepared.length > RESPONSE_FILE_LIMITS.maxFiles)
        throw new ResponseFileRejectedError("too_many_files");
      if (live.bytes + prepared.reduce((s, p) => s + p.size, 0) > RESPONSE_FILE_LIMITS.maxTotalBytes)
        throw new ResponseFileRejectedError("total_too_large");
      const seen = new Set<string>();
      const vendorId = readOne<Pick<RequestRow, "vendor_id">>(
        prepareCached(sqlite, "SELECT vendor_id FROM requests WHERE id = ?"),
        requestId,
      )!.vendor_id;
      const out: ResponseFileMeta[] = [];
      prepared.forEach((p, i) => {
        // The same file twice (a re-submitted form, a retried upload) is refused, not stored again.
        const dup =
          seen.has(p.sha256) ||
          prepareCached(
            sqlite,
            "SELECT 1 FROM attachments WHERE request_id = ? AND kind = 'response_file' AND purged_at IS NULL AND sha256 = ?",
          ).get(requestId, p.sha256);
        if (dup) throw new ResponseFileRejectedError("duplicate_file", p.name);
        seen.add(p.sha256);
        const t = opts.now.getTime();
        const id = Number(
          prepareCached(
            sqlite,
            `INSERT INTO attachments (request_id, message_id, kind, storage_name, content_type, size, sha256, original_name, created_at, purged_at)
               VALUES (?, NULL, 'response_file', ?, ?, ?, ?, ?, ?, NULL)`,
          ).run(requestId, names[i]!, p.contentType, p.size, p.sha256, p.name, t).lastInsertRowid,
        );
        appendAudit({
          at: opts.now,
          actorType: opts.actor.actorType,
          actorId: opts.actor.actorId,
          vendorId,
          action: "response_file.stored",
          objectType: "attachment",
          objectId: id,
          details: { attachmentId: id, requestId, type: p.kind, size: p.size, sha256: p.sha256 },
        });
        out.push({ id, name: p.name, contentType: p.contentType, size: p.size, sha256: p.sha256, createdAt: t });
      });
      return out;
    });
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

/**
 * Removes a file before the answer is sent: the row is tombstoned and audited in one
 * transaction (`recheck` throws if the request no longer allows it), then the ciphertext is
 * shredded. Returns false when there is no such live file on this request.
 */
export function removeResponseFile(
  requestId: number,
  attachmentId: number,
  opts: { now: Date; actor: FileActor; recheck: () => void },
): boolean {
  const row = inTransaction(() => {
    opts.recheck();
    const r = loadResponseFile(requestId, attachmentId);
    if (!r) return null;
    prepareCached(getSqlite(), "UPDATE attachments SET purged_at = ? WHERE id = ? AND purged_at IS NULL").run(
      opts.now.getTime(),
      r.id,
    );
    appendAudit({
      at: opts.now,
      actorType: opts.actor.actorType,
      actorId: opts.actor.actorId,
      vendorId: r.vendor_id,
      action: "response_file.removed",
      objectType: "attachment",
      objectId: r.id,
      details: { attachmentId: r.id, requestId, sha256: r.sha256 },
    });
    return r;
  });
  if (!row) return false;
  try {
    shredStoredFile(row.storage_name);
  } catch {
    /* committed tombstone: the orphan sweep removes the ciphertext */
  }
  return true;
}

/**
 * Decrypts a live response file of the given request and audits the download. The plaintext
 * must match the recorded SHA-256. Returns null when the request has no such live file.
 */
export function openResponseFile(
  requestId: number,
  attachmentId: number,
  opts: { now: Date; actor: FileActor },
): { meta: ResponseFileMeta; bytes: Buffer } | null {
  const row = loadResponseFile(requestId, attachmentId);
  if (!row) return null;
  const bytes = readDecrypted(row.storage_name);
  if (crypto.createHash("sha256").update(bytes).digest("hex") !== row.sha256)
    throw new Error("stored response file does not match its recorded SHA-256");
  const stillThere = inTransaction(() => {
    if (!loadResponseFile(requestId, attachmentId)) return false; // removed meanwhile
    appendAudit({
      at: opts.now,
      actorType: opts.actor.actorType,
      actorId: opts.actor.actorId,
      vendorId: row.vendor_id,
      action: "response_file.downloaded",
      objectType: "attachment",
      objectId: row.id,
      details: { attachmentId: row.id, requestId },
    });
    return true;
  });
  return stillThere ? { meta: toMeta(row), bytes } : null;
}

/** Headers for sending a decrypted file: never rendered by the browser, never cached. */
export function responseFileHeaders(meta: ResponseFileMeta): Record<string, string> {
  const textual = meta.contentType.startsWith("text/") || meta.contentType === "application/json";
  return {
    "Content-Type": textual ? `${meta.contentType}; charset=utf-8` : meta.contentType,
    "Content-Length": String(meta.size),
    "Content-Disposition": contentDisposition(meta.name),
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "sandbox; default-src 'none'",
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
  };
}
