/**
 * The files vendor staff handle on one of their requests: the files of an access answer
 * (attached, removed and downloaded through response-file-store) and the resident's reference
 * photos (listed and viewed while the request is open). Reached through forVendor
 * (vendor-access.server.ts): the tenant loads the request or answers 404, and an unknown file id
 * is a 404 too, audited like an unknown reference.
 */
import { DELIVERED_OPEN_STATUSES, isClosedStatus } from "~/domain/request-machine";
import { prepareCached } from "../core/db.server";
import { conflict, ServiceError } from "../core/errors.server";
import { readAll, readOne, type AttachmentRow, type RequestRow } from "../core/rows.server";
import { getRuntime } from "../core/runtime.server";
import { openPhotoForViewing } from "../resident/reference-photos.server";
import { prepareResponseFile, RESPONSE_FILE_LIMITS, ResponseFileRejectedError } from "./response-file-rules.server";
import type { ResponseFileUpload } from "./response-file-rules.server";
import {
  listResponseFiles,
  openResponseFile,
  removeResponseFile,
  storeResponseFiles,
  type ResponseFileMeta,
} from "./response-file-store.server";
import type { VendorTenant } from "./vendor-tenant.server";

/** Files go with an ACCESS answer that has not been sent yet. */
function assertTakesFiles(request: RequestRow): void {
  if (request.type !== "access")
    throw new ServiceError(409, "files_not_allowed", "Files can only be attached to an access request");
  if (!(DELIVERED_OPEN_STATUSES as readonly string[]).includes(request.status))
    throw conflict("not_allowed", `Files cannot be changed on a request that is ${request.status}`);
}

/** Re-reads the request inside the file transaction (it may have been answered meanwhile). */
function recheckTakesFiles(tenant: VendorTenant, requestId: number): () => void {
  return () =>
    assertTakesFiles(
      readOne<RequestRow>(
        prepareCached(tenant.sqlite, "SELECT * FROM requests WHERE id = ? AND vendor_id = ?"),
        requestId,
        tenant.vendorId,
      )!,
    );
}

/** The live files attached to one of this vendor's requests (what the access package will reference). */
export function listRequestFiles(tenant: VendorTenant, reference: string, now: Date): ResponseFileMeta[] {
  return listResponseFiles(tenant.loadRequest(reference, now).id);
}

/**
 * Checks, cleans, encrypts and records uploaded files for an open access request. All or
 * nothing: one refused file refuses the batch (ResponseFileRejectedError), nothing is kept.
 */
export async function attachRequestFiles(
  tenant: VendorTenant,
  reference: string,
  uploads: ResponseFileUpload[],
  now: Date,
): Promise<ResponseFileMeta[]> {
  const request = tenant.loadRequest(reference, now);
  assertTakesFiles(request);
  if (uploads.length === 0) throw new ResponseFileRejectedError("missing_file");
  if (uploads.length > RESPONSE_FILE_LIMITS.maxFiles) throw new ResponseFileRejectedError("too_many_files");
  const prepared = [];
  for (const upload of uploads) prepared.push(await prepareResponseFile(upload)); // one decode at a time per request
  const stored = storeResponseFiles(request.id, prepared, {
    now,
    actor: { actorType: "staff", actorId: tenant.staff.id },
    recheck: recheckTakesFiles(tenant, request.id),
  });
  getRuntime().wakeWorker();
  return stored;
}

/** Removes an attached file before the answer is sent (404 if it is not one of this request's live files). */
export function removeRequestFile(tenant: VendorTenant, reference: string, attachmentId: number, now: Date): void {
  const request = tenant.loadRequest(reference, now);
  assertTakesFiles(request);
  const removed = removeResponseFile(request.id, attachmentId, {
    now,
    actor: { actorType: "staff", actorId: tenant.staff.id },
    recheck: recheckTakesFiles(tenant, request.id),
  });
  if (!removed) tenant.denyUnknownFile(reference, attachmentId, now);
}

/** Decrypts one of this request's files for the staff member (audited); also after the answer was sent. */
export function downloadRequestFile(
  tenant: VendorTenant,
  reference: string,
  attachmentId: number,
  now: Date,
): { meta: ResponseFileMeta; bytes: Buffer } {
  const request = tenant.loadRequest(reference, now);
  const file = openResponseFile(request.id, attachmentId, {
    now,
    actor: { actorType: "staff", actorId: tenant.staff.id },
  });
  if (!file) tenant.denyUnknownFile(reference, attachmentId, now);
  return file;
}

/** Live reference photos of one of this vendor's OPEN requests (none once it closes). */
export function listRequestPhotos(tenant: VendorTenant, reference: string, now: Date): { id: number; size: number }[] {
  const request = tenant.loadRequest(reference, now);
  if (isClosedStatus(request.status)) return [];
  return readAll<Pick<AttachmentRow, "id" | "size">>(
    prepareCached(
      tenant.sqlite,
      "SELECT id, size FROM attachments WHERE request_id = ? AND kind = 'reference_photo' AND purged_at IS NULL ORDER BY id",
    ),
    request.id,
  );
}

/**
 * The newest live reference photo of one of this vendor's requests, decrypted and audited
 * (`photo.viewed` naming the staff member, or the API key when reached through one). 404 when
 * the request has none; refused with 409 once the request is closed, since the photo is then only
 * waiting to be destroyed and nobody should still be matching it.
 */
export function openNewestRequestPhoto(
  tenant: VendorTenant,
  reference: string,
  now: Date,
): { jpeg: Buffer; sha256: string; attachmentId: number } {
  const request = tenant.loadRequest(reference, now);
  if (isClosedStatus(request.status))
    throw conflict("request_closed", `The request is ${request.status}: its reference photo is no longer available`);
  const newest = readOne<Pick<AttachmentRow, "id">>(
    prepareCached(
      tenant.sqlite,
      "SELECT id FROM attachments WHERE request_id = ? AND kind = 'reference_photo' AND purged_at IS NULL ORDER BY id DESC LIMIT 1",
    ),
    request.id,
  );
  if (!newest) throw new ServiceError(404, "not_found", "This request has no reference photo");
  const photo = openPhotoForViewing(newest.id, {
    now,
    actor: "staff",
    actorId: tenant.staff.id,
    vendorId: tenant.vendorId,
  });
  return { jpeg: photo.jpeg, sha256: photo.sha256, attachmentId: newest.id };
}

/** Decrypts a photo for this staff member; every view is audited. 404 for anything else. */
export function viewRequestPhoto(tenant: VendorTenant, reference: string, attachmentId: number, now: Date): Buffer {
  const request = tenant.loadRequest(reference, now);
  if (isClosedStatus(request.status)) throw new ServiceError(404, "not_found", "Not found");
  const owned = prepareCached(tenant.sqlite, "SELECT 1 FROM attachments WHERE id = ? AND request_id = ?").get(
    attachmentId,
    request.id,
  );
  if (!owned) throw new ServiceError(404, "not_found", "Not found");
  return openPhotoForViewing(attachmentId, {
    now,
    actor: "staff",
    actorId: tenant.staff.id,
    vendorId: tenant.vendorId,
  }).jpeg;
}
