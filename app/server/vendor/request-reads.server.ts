/**
 * What vendor staff read about their own requests and team: one request with its history,
 * deadline and resident, its type and messages, the vendor's name and the colleagues a request
 * can be assigned to. Reached through forVendor (vendor-access.server.ts): the tenant loads the
 * request or answers 404, and every query carries the tenant's vendor id.
 */
import type { DeadlineResult } from "~/domain/deadlines";
import type { Locale } from "~/i18n";
import { prepareCached } from "../core/db.server";
import { readAll, readOne, type FilingRow, type UserRow, type VendorRow } from "../core/rows.server";
import { deadlineFor, listEvents, type EventRow, type RequestRow } from "../requests/record-change.server";
import { listMessages, type RequestMessage } from "./request-messages.server";
import type { VendorTenant } from "./vendor-tenant.server";

export interface VendorRequestDetail {
  request: RequestRow;
  events: EventRow[];
  deadline: DeadlineResult | null;
  resident: { fullName: string; email: string };
}

/** One of this vendor's requests with its events, its deadline and who filed it. */
export function readRequestDetail(
  tenant: VendorTenant,
  reference: string,
  opts: { now: Date; locale: Locale },
): VendorRequestDetail {
  const request = tenant.loadRequest(reference, opts.now);
  const events = listEvents(request.id);
  const vendor = readOne<Pick<VendorRow, "service_target_days">>(
    prepareCached(tenant.sqlite, "SELECT service_target_days FROM vendors WHERE id = ?"),
    tenant.vendorId,
  )!;
  const filing = readOne<Pick<FilingRow, "full_name" | "email">>(
    prepareCached(tenant.sqlite, "SELECT full_name, email FROM filings WHERE id = ?"),
    request.filing_id,
  )!;
  return {
    request,
    events,
    deadline: deadlineFor(request, events, opts.now, {
      serviceTargetDays: vendor.service_target_days,
      locale: opts.locale,
    }),
    resident: { fullName: filing.full_name, email: filing.email },
  };
}

/** The request type of one of this vendor's requests (404 otherwise, audited). */
export function readRequestType(tenant: VendorTenant, reference: string, now: Date): string {
  return tenant.loadRequest(reference, now).type;
}

/** The messages exchanged on one of this vendor's requests. */
export function listRequestMessages(tenant: VendorTenant, reference: string, now: Date): RequestMessage[] {
  return listMessages(tenant.loadRequest(reference, now).id);
}

/** This vendor's display name (the queue's title). */
export function readVendorName(tenant: VendorTenant): string {
  return readOne<Pick<VendorRow, "name">>(
    prepareCached(tenant.sqlite, "SELECT name FROM vendors WHERE id = ?"),
    tenant.vendorId,
  )!.name;
}

/** Colleagues a request can be assigned to (same vendor, active). */
export function listColleagues(tenant: VendorTenant): { id: number; name: string }[] {
  return readAll<Pick<UserRow, "id" | "name">>(
    prepareCached(
      tenant.sqlite,
      "SELECT id, name FROM users WHERE vendor_id = ? AND disabled_at IS NULL ORDER BY name",
    ),
    tenant.vendorId,
  );
}
