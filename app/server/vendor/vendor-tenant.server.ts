/**
 * The tenant behind forVendor (vendor-access.server.ts): who is acting, for which vendor, and the
 * one way to load a request of that vendor. The vendor id comes from the signed-in session (or
 * the API key's creator), never from the request body. A reference or file id that is not this
 * vendor's answers 404, with no hint that it exists, and the miss is audited. The queue, reads,
 * actions and files modules take a VendorTenant, so none of them can reach another vendor's row.
 */
import { appendAudit } from "../audit/audit-chain.server";
import { getSqlite, inTransaction, prepareCached } from "../core/db.server";
import { ServiceError } from "../core/errors.server";
import { readOne, type RequestRow } from "../core/rows.server";
import type { SessionUser } from "../security/staff-sessions.server";

/**
 * A vendor principal: a signed-in staff member, or an API key acting with its creator's id and
 * scope (apiKeyId set) — its audit rows then name the key (see actAsApiKey). Defined here, with
 * the tenant it opens, so the tenant does not import the facade built on it.
 */
export type VendorStaff = SessionUser & { vendorId: number; apiKeyId?: number };

export interface VendorTenant {
  staff: VendorStaff;
  vendorId: number;
  sqlite: ReturnType<typeof getSqlite>;
  /** One of this vendor's delivered requests by reference, or a 404 (audited). */
  loadRequest(reference: string, now: Date): RequestRow;
  /** An unknown file id on one of this vendor's requests: a 404 like an unknown reference, audited. */
  denyUnknownFile(reference: string, attachmentId: number, now: Date): never;
}

export function openVendorTenant(staff: VendorStaff): VendorTenant {
  const sqlite = getSqlite();
  const vendorId = staff.vendorId;
  return {
    staff,
    vendorId,
    sqlite,
    loadRequest(reference, now) {
      // Requests not yet delivered (email unconfirmed, deletion queued) are not the vendor's to see.
      const row = readOne<RequestRow>(
        prepareCached(
          sqlite,
          "SELECT * FROM requests WHERE reference = ? AND vendor_id = ? AND received_at IS NOT NULL",
        ),
        reference,
        vendorId,
      );
      if (!row) {
        inTransaction(() =>
          appendAudit({
            at: now,
            actorType: "staff",
            actorId: staff.id,
            vendorId,
            action: "auth.denied",
            objectType: "request",
            objectId: reference.slice(0, 40),
            details: { reason: "not_found_for_vendor" },
          }),
        );
        throw new ServiceError(404, "not_found", "Not found");
      }
      return row;
    },
    denyUnknownFile(reference, attachmentId, now) {
      inTransaction(() =>
        appendAudit({
          at: now,
          actorType: "staff",
          actorId: staff.id,
          vendorId,
          action: "auth.denied",
          objectType: "attachment",
          objectId: attachmentId,
          details: { reason: "file_not_found_for_request", reference: reference.slice(0, 40) },
        }),
      );
      throw new ServiceError(404, "not_found", "Not found");
    },
  };
}
