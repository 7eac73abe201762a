/**
 * The vendor's queue of open, delivered requests: the counts at its top, the filtered page in
 * deadline order and the same filters as CSV. Every query is scoped to the tenant's vendor id;
 * reached through forVendor (vendor-access.server.ts).
 */
import { DELIVERED_OPEN_STATUSES } from "~/domain/request-machine";
import { createMinuteCache } from "../core/change-version.server";
import { prepareCached } from "../core/db.server";
import { readAll, readOne, type RequestRow } from "../core/rows.server";
import { csvCell } from "../core/csv.server";
import type { VendorTenant } from "./vendor-tenant.server";

export interface QueueItem {
  reference: string;
  type: RequestRow["type"];
  jurisdiction: string;
  status: RequestRow["status"];
  receivedAt: number | null;
  respondBy: string | null;
  dueAt: number | null;
  statutory: boolean;
  assigneeUserId: number | null;
}

export interface QueuePage {
  items: QueueItem[];
  nextCursor: string | null;
  openCount: number;
}

export interface QueueFilters {
  status?: "received" | "acknowledged" | "awaiting_resident";
  type?: string;
  jurisdiction?: string;
  /** "me", "none" or a user id. */
  assignee?: string;
  /** Exact reference search. */
  reference?: string;
  /** Set by the caller from the session for assignee=me. */
  meId?: number;
  vendorId?: number;
}

const PAGE_SIZE = 50;

type QueueRow = Pick<
  RequestRow,
  | "id"
  | "reference"
  | "type"
  | "jurisdiction"
  | "status"
  | "received_at"
  | "respond_by"
  | "due_at"
  | "statutory"
  | "assignee_user_id"
>;
type ExportRow = Pick<
  RequestRow,
  "reference" | "type" | "jurisdiction" | "status" | "received_at" | "respond_by" | "extended_to" | "assignee_user_id"
>;

/**
 * The counts at the top of the queue: overdue and due within 7 days (a range of the open
 * queue's partial index, in deadline order: proportional to those requests, not to the
 * vendor's history), waiting for the resident and new (the trigger-kept per-status counts).
 */
type QueueSummary = { overdue: number; dueSoon: number; awaitingResident: number; received: number };

// Counting a large company's overdue requests reads tens of thousands of index entries (about
// 4 ms at 1,000,000 requests), on every view of every page of its queue: kept for the minute
// while no request changes (core/change-version.server.ts), so a change shows at once.
const cachedSummary = createMinuteCache<QueueSummary>(500);

export function summarizeQueue(tenant: VendorTenant, now: Date): QueueSummary {
  return cachedSummary(tenant.sqlite, String(tenant.vendorId), now, () => countQueueSummary(tenant, now));
}

function countQueueSummary(tenant: VendorTenant, now: Date): QueueSummary {
  const t = now.getTime();
  const inQueue = `vendor_id = ? AND closed_at IS NULL AND received_at IS NOT NULL AND status IN (${DELIVERED_OPEN_STATUSES.map((x) => `'${x}'`).join(",")})`;
  const due = readOne<{ overdue: number; soon: number }>(
    prepareCached(
      tenant.sqlite,
      `SELECT coalesce(sum(due_at < ?), 0) AS overdue, coalesce(sum(due_at >= ?), 0) AS soon FROM requests WHERE ${inQueue} AND due_at < ?`,
    ),
    t,
    t,
    tenant.vendorId,
    t + 7 * 86_400_000,
  )!;
  const byStatus = new Map(
    readAll<{ status: string; n: number }>(
      prepareCached(
        tenant.sqlite,
        "SELECT status, coalesce(sum(n), 0) AS n FROM vendor_queue_counts WHERE vendor_id = ? GROUP BY status",
      ),
      tenant.vendorId,
    ).map((r) => [r.status, r.n]),
  );
  return {
    overdue: Number(due.overdue),
    dueSoon: Number(due.soon),
    awaitingResident: byStatus.get("awaiting_resident") ?? 0,
    received: byStatus.get("received") ?? 0,
  };
}

/**
 * Open, delivered requests, nearest deadline first, with filters. Keyset pagination on
 * (due_at, id) over a partial index of open requests stays fast at any depth.
 */
export function listQueue(
  tenant: VendorTenant,
  opts: QueueFilters & { cursor?: string | null; limit?: number } = {},
): QueuePage {
  const limit = Math.min(Math.max(opts.limit ?? PAGE_SIZE, 1), 200);
  const cursor = parseCursor(opts.cursor);
  const filters = { ...opts, vendorId: tenant.vendorId, meId: tenant.staff.id };
  const { where, args } = buildQueueWhere(filters);
  // Two statements, not "? IS NULL OR …": a row-value range lets SQLite seek in the index.
  const columns =
    "id, reference, type, jurisdiction, status, received_at, respond_by, due_at, statutory, assignee_user_id";
  const rows = cursor
    ? readAll<QueueRow>(
        prepareCached(
          tenant.sqlite,
          `SELECT ${columns} FROM requests WHERE ${where} AND (due_at, id) > (?, ?) ORDER BY due_at, id LIMIT ?`,
        ),
        ...args,
        cursor.dueAt,
        cursor.id,
        limit + 1,
      )
    : readAll<QueueRow>(
        prepareCached(tenant.sqlite, `SELECT ${columns} FROM requests WHERE ${where} ORDER BY due_at, id LIMIT ?`),
        ...args,
        limit + 1,
      );
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const openCount = countQueue(tenant, filters, where, args);
  return {
    items: page.map((r) => ({
      reference: r.reference,
      type: r.type,
      jurisdiction: r.jurisdiction,
      status: r.status,
      receivedAt: r.received_at,
      respondBy: r.respond_by,
      dueAt: r.due_at,
      statutory: r.statutory === 1,
      assigneeUserId: r.assignee_user_id,
    })),
    nextCursor: more && last ? `${last.due_at ?? 0}.${last.id}` : null,
    openCount,
  };
}

/** The same filters as a CSV stream (no resident identity: references only). */
export function exportQueueCsv(tenant: VendorTenant, filters: QueueFilters): string {
  const { where, args } = buildQueueWhere({ ...filters, vendorId: tenant.vendorId, meId: tenant.staff.id });
  const rows = readAll<ExportRow>(
    prepareCached(
      tenant.sqlite,
      `SELECT reference, type, jurisdiction, status, received_at, respond_by, extended_to, assignee_user_id FROM requests WHERE ${where} ORDER BY due_at, id LIMIT 200000`,
    ),
    ...args,
  );
  const head = "reference,type,jurisdiction,status,received_at,respond_by,extended_to,assignee_user_id\r\n";
  return (
    head +
    rows
      .map((r) =>
        [
          r.reference,
          r.type,
          r.jurisdiction,
          r.status,
          r.received_at == null ? "" : new Date(Number(r.received_at)).toISOString(),
          r.respond_by,
          r.extended_to,
          r.assignee_user_id,
        ]
          .map(csvCell)
          .join(","),
      )
      .join("\r\n")
  );
}

function buildQueueWhere(f: QueueFilters): { where: string; args: (string | number)[] } {
  const where = ["vendor_id = ?", "closed_at IS NULL", "received_at IS NOT NULL"];
  const args: (string | number)[] = [f.vendorId!];
  if (f.status) (where.push("status = ?"), args.push(f.status));
  if (f.type) (where.push("type = ?"), args.push(f.type));
  if (f.jurisdiction) (where.push("jurisdiction = ?"), args.push(f.jurisdiction));
  if (f.assignee === "none") where.push("assignee_user_id IS NULL");
  else if (f.assignee === "me" && f.meId) (where.push("assignee_user_id = ?"), args.push(f.meId));
  else if (f.assignee && /^\d+$/.test(f.assignee)) (where.push("assignee_user_id = ?"), args.push(Number(f.assignee)));
  if (f.reference) (where.push("reference = ?"), args.push(f.reference.trim().toUpperCase()));
  return { where: where.join(" AND "), args };
}

/**
 * The number of requests a queue view holds. Filters on status, type and jurisdiction (and none)
 * read the trigger-kept vendor_queue_counts (at most a few hundred rows per vendor); an assignee
 * or reference filter counts the matching index entries.
 */
function countQueue(tenant: VendorTenant, f: QueueFilters, where: string, args: (string | number)[]): number {
  if (!f.assignee && !f.reference) {
    const on = ["vendor_id = ?"];
    const values: (string | number)[] = [f.vendorId!];
    if (f.status) (on.push("status = ?"), values.push(f.status));
    if (f.type) (on.push("type = ?"), values.push(f.type));
    if (f.jurisdiction) (on.push("jurisdiction = ?"), values.push(f.jurisdiction));
    // Only the statuses a queue shows: a vendor_queue_counts row exists for every open,
    // delivered request, and the queue's own WHERE clause is the same condition.
    return readOne<{ n: number }>(
      prepareCached(
        tenant.sqlite,
        `SELECT coalesce(sum(n), 0) AS n FROM vendor_queue_counts WHERE ${on.join(" AND ")}`,
      ),
      ...values,
    )!.n;
  }
  return readOne<{ n: number }>(
    prepareCached(tenant.sqlite, `SELECT count(*) AS n FROM requests WHERE ${where}`),
    ...args,
  )!.n;
}

function parseCursor(cursor: string | null | undefined): { dueAt: number; id: number } | null {
  if (!cursor) return null;
  const m = /^(\d{1,15})\.(\d{1,12})$/.exec(cursor);
  if (!m) return null;
  return { dueAt: Number(m[1]), id: Number(m[2]) };
}
