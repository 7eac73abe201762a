/**
 * The ONE capability through which vendor staff touch vendor-owned data: forVendor(staff). The
 * vendor id comes from the signed-in session, never from the request body; every query carries
 * it. Asking for another vendor's request answers 404 (no hint that it exists) and is audited
 * (vendor-tenant.server.ts). The work itself lives in the modules this capability composes —
 * the queue, the request reads, the staff actions and the files — each taking the tenant, so
 * none of them can be reached without it.
 */
import type { StaffAction } from "~/domain/schemas";
import type { Locale } from "~/i18n";
import { actAsApiKey } from "../audit/audit-chain.server";
import { recordBlockedCollection, type BlockedCollection } from "./blocked-collections.server";
import {
  listColleagues,
  listRequestMessages,
  readRequestDetail,
  readRequestType,
  readVendorName,
} from "./request-reads.server";
import type { ResponseFileUpload } from "./response-file-rules.server";
import { applyStaffAction, assignRequest } from "./staff-actions.server";
import {
  attachRequestFiles,
  downloadRequestFile,
  listRequestFiles,
  listRequestPhotos,
  openNewestRequestPhoto,
  removeRequestFile,
  viewRequestPhoto,
} from "./staff-files.server";
import { exportQueueCsv, listQueue, summarizeQueue, type QueueFilters } from "./vendor-queue.server";
import { openVendorTenant, type VendorStaff } from "./vendor-tenant.server";

export type { VendorStaff } from "./vendor-tenant.server";

export function forVendor(staff: VendorStaff) {
  const tenant = openVendorTenant(staff);
  const scope = {
    vendorId: tenant.vendorId,

    /** The request type of one of this vendor's requests (404 otherwise, audited). */
    requestType: (reference: string, now: Date) => readRequestType(tenant, reference, now),
    /** The live files attached to one of this vendor's requests (what the access package will reference). */
    listResponseFiles: (reference: string, now: Date) => listRequestFiles(tenant, reference, now),
    /** Checks, cleans, encrypts and records uploaded files for an open access request (all or nothing). */
    attachResponseFiles: (reference: string, uploads: ResponseFileUpload[], now: Date) =>
      attachRequestFiles(tenant, reference, uploads, now),
    /** Removes an attached file before the answer is sent (404 if it is not one of this request's live files). */
    removeResponseFile: (reference: string, attachmentId: number, now: Date) =>
      removeRequestFile(tenant, reference, attachmentId, now),
    /** Decrypts one of this request's files for the staff member (audited); also after the answer was sent. */
    downloadResponseFile: (reference: string, attachmentId: number, now: Date) =>
      downloadRequestFile(tenant, reference, attachmentId, now),

    /** The counts at the top of the queue. */
    summarizeQueue: (now: Date) => summarizeQueue(tenant, now),
    /** Open, delivered requests, nearest deadline first, with filters (keyset pages). */
    listQueue: (opts: QueueFilters & { cursor?: string | null; limit?: number } = {}) => listQueue(tenant, opts),
    /** The same filters as a CSV stream (no resident identity: references only). */
    exportQueueCsv: (filters: QueueFilters) => exportQueueCsv(tenant, filters),

    /** This vendor's display name (the queue's title). */
    vendorName: () => readVendorName(tenant),
    /** Colleagues a request can be assigned to (same vendor, active). */
    listColleagues: () => listColleagues(tenant),
    /** Assigns a request to a colleague of the same vendor (or to nobody). */
    assign: (reference: string, assigneeId: number | null, now: Date) =>
      assignRequest(tenant, reference, assigneeId, now),
    /** One request with its events, its deadline and who filed it. */
    getRequest: (reference: string, opts: { now: Date; locale: Locale }) => readRequestDetail(tenant, reference, opts),
    /** Applies a staff action in ONE transaction with its event, audit row and emails. */
    act: (reference: string, action: StaffAction, now: Date) => applyStaffAction(tenant, reference, action, now),

    /** Live reference photos of one of this vendor's OPEN requests (none once it closes). */
    listPhotos: (reference: string, now: Date) => listRequestPhotos(tenant, reference, now),
    /** Decrypts a photo for this staff member; every view is audited. 404 for anything else. */
    viewPhoto: (reference: string, attachmentId: number, now: Date) =>
      viewRequestPhoto(tenant, reference, attachmentId, now),
    /** The newest reference photo of an open request, decrypted; audited. 404 if none, 409 once closed. */
    openNewestPhoto: (reference: string, now: Date) => openNewestRequestPhoto(tenant, reference, now),
    /** Records a later crawl that found the deleted face again and kept it out (once per crawl id). */
    reportBlockedCollection: (reference: string, report: BlockedCollection, now: Date) =>
      recordBlockedCollection(tenant, reference, report, now),
    /** The messages exchanged on one of this vendor's requests. */
    listMessages: (reference: string, now: Date) => listRequestMessages(tenant, reference, now),
  };
  return staff.apiKeyId == null ? scope : inKeyName(scope, { keyId: staff.apiKeyId, createdBy: staff.id });
}

/** The same scope with every method run in the key's name, so each audit row it writes names the key. */
function inKeyName<T extends object>(scope: T, key: { keyId: number; createdBy: number }): T {
  return Object.fromEntries(
    Object.entries(scope).map(([name, value]) => [
      name,
      typeof value === "function"
        ? (...args: unknown[]) => actAsApiKey(key, () => (value as (...a: unknown[]) => unknown)(...args))
        : value,
    ]),
  ) as T;
}
