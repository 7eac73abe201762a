/**
 * The vendor's answer as the resident reads it: the structured package or certificate, the files
 * it sent, the attachments of the company's emailed replies (each download audited), and what
 * became of the reference photos. Files are opened through the browser's remembered status link
 * (status-links.server.ts); an answer file only once the sent answer references it.
 */
import { packageFileIds } from "~/domain/packages";
import { getSqlite, prepareCached } from "../core/db.server";
import { ServiceError } from "../core/errors.server";
import { readAll, type AttachmentRow } from "../core/rows.server";
import { openCaseMailFile } from "../mail/case-mail.server";
import { listResponseFiles, openResponseFile, type ResponseFileMeta } from "../vendor/response-file-store.server";
import { getResponsePackage } from "../vendor/response-packages.server";
import { loadRequestFromCookie } from "./status-links.server";

/** The reference photos of a request as the resident sees them: kept until…, or destroyed (receipt). */
export function listResidentPhotos(requestId: number): { sha256: string; size: number; destroyedAt: string | null }[] {
  return readAll<Pick<AttachmentRow, "sha256" | "size" | "purged_at">>(
    prepareCached(
      getSqlite(),
      "SELECT sha256, size, purged_at FROM attachments WHERE request_id = ? AND kind = 'reference_photo' ORDER BY id",
    ),
    requestId,
  ).map((p) => ({
    sha256: p.sha256,
    size: p.size,
    destroyedAt: p.purged_at == null ? null : new Date(p.purged_at).toISOString(),
  }));
}

/** The vendor's structured answer (access package or deletion certificate), for the resident. */
export async function getResidentPackage(
  request: Request,
  reference: string,
): Promise<{ reference: string; kind: string; payload: unknown; createdAt: string } | null> {
  const r = await loadRequestFromCookie(request, reference);
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
  const r = await loadRequestFromCookie(request, reference);
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
  const r = await loadRequestFromCookie(request, reference);
  const file = openCaseMailFile(r.id, attachmentId, { now: opts.now, actor: { actorType: "resident", actorId: null } });
  if (!file) throw new ServiceError(404, "not_found", "Not found");
  return file;
}
