/**
 * What the resident sees of one request: the request, its vendor, its history and its deadline,
 * read through the browser's remembered status link (status-links.server.ts) or, for the tests
 * and tools, a link's token. A link that is not live opens nothing (404).
 */
import type { DeadlineResult } from "~/domain/deadlines";
import type { Locale } from "~/i18n";
import { getSqlite, prepareCached } from "../core/db.server";
import { ServiceError } from "../core/errors.server";
import { readOne, type FilingRow, type StatusLinkRow, type VendorRow } from "../core/rows.server";
import { deadlineFor, listEvents, type EventRow, type RequestRow } from "../requests/record-change.server";
import { sha256Hex } from "../security/staff-sessions.server";
import { LIVE_STATUS_LINK, loadRequestFromCookie, STATUS_LINK_IDLE_MS } from "./status-links.server";

export interface StatusView {
  request: RequestRow;
  vendor: Pick<VendorRow, "name" | "slug" | "privacy_email">;
  filing: { fullName: string; locale: string };
  events: EventRow[];
  deadline: DeadlineResult | null;
}

/** The resident's view of one request (the caller has already checked the link or cookie). */
export function buildStatusView(request: RequestRow, opts: { now: Date; locale: Locale }): StatusView {
  const sqlite = getSqlite();
  const vendor = readOne<Pick<VendorRow, "name" | "slug" | "privacy_email" | "service_target_days">>(
    prepareCached(sqlite, "SELECT name, slug, privacy_email, service_target_days FROM vendors WHERE id = ?"),
    request.vendor_id,
  )!;
  const filing = readOne<Pick<FilingRow, "full_name" | "locale">>(
    prepareCached(sqlite, "SELECT full_name, locale FROM filings WHERE id = ?"),
    request.filing_id,
  )!;
  const events = listEvents(request.id);
  return {
    request,
    vendor: { name: vendor.name, slug: vendor.slug, privacy_email: vendor.privacy_email },
    filing: { fullName: filing.full_name, locale: filing.locale },
    events,
    deadline: deadlineFor(request, events, opts.now, {
      serviceTargetDays: vendor.service_target_days,
      locale: opts.locale,
    }),
  };
}

/** Reads a request through its private status link; unknown or revoked token → 404. */
export function getStatusByToken(token: string, opts: { now: Date; locale: Locale }): StatusView {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw new ServiceError(404, "not_found", "Not found");
  const sqlite = getSqlite();
  const link = readOne<Pick<StatusLinkRow, "request_id">>(
    prepareCached(
      sqlite,
      `SELECT l.request_id FROM status_links l JOIN requests r ON r.id = l.request_id JOIN filings f ON f.id = r.filing_id
       WHERE l.token_hash = ? AND ${LIVE_STATUS_LINK}`,
    ),
    sha256Hex(token),
    opts.now.getTime() - STATUS_LINK_IDLE_MS,
  );
  if (!link) throw new ServiceError(404, "not_found", "Not found");
  return buildStatusView(
    readOne<RequestRow>(prepareCached(sqlite, "SELECT * FROM requests WHERE id = ?"), link.request_id)!,
    opts,
  );
}

/** The resident's view of the request with this reference, if one of the browser's remembered links opens it. */
export async function getResidentView(
  request: Request,
  reference: string,
  opts: { now: Date; locale: Locale },
): Promise<StatusView> {
  return buildStatusView(await loadRequestFromCookie(request, reference), opts);
}
