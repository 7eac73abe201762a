/**
 * Regulator read model: per vendor, requests received, closed, open, overdue now, and the
 * share answered within the deadline (the effective one: a lawful extension counts). Scoped to
 * the regulator's jurisdictions, which come from its account, never from the request.
 */
import type { SessionUser } from "./auth.server";
import { getSqlite } from "./db.server";

export interface VendorMetrics {
  vendorId: number;
  vendorName: string;
  received: number;
  closed: number;
  open: number;
  overdueNow: number;
  closedOnTime: number;
  /** closedOnTime / closed, or null when nothing closed yet. */
  onTimeShare: number | null;
}

export function getRegulatorOverview(regulator: SessionUser, opts: { now: Date }): VendorMetrics[] {
  const jurisdictions = regulator.jurisdictions.filter((j) => /^[A-Z]{2}(-[A-Z]{2})?$/.test(j));
  if (jurisdictions.length === 0) return [];
  const placeholders = jurisdictions.map(() => "?").join(",");
  const rows = getSqlite()
    .prepare(
      `SELECT v.id AS vendor_id, v.name AS vendor_name,
              count(r.id) AS received,
              coalesce(sum(r.closed_at IS NOT NULL), 0) AS closed,
              coalesce(sum(r.closed_at IS NULL), 0) AS open,
              coalesce(sum(r.closed_at IS NULL AND r.due_at < ?), 0) AS overdue_now,
              coalesce(sum(r.closed_at IS NOT NULL AND r.closed_at <= r.due_at), 0) AS closed_on_time
       FROM vendors v
       LEFT JOIN requests r ON r.vendor_id = v.id AND r.received_at IS NOT NULL AND r.jurisdiction IN (${placeholders})
       GROUP BY v.id ORDER BY v.name`,
    )
    .all(opts.now.getTime(), ...jurisdictions) as {
    vendor_id: number;
    vendor_name: string;
    received: number;
    closed: number;
    open: number;
    overdue_now: number;
    closed_on_time: number;
  }[];
  return rows.map((r) => ({
    vendorId: r.vendor_id,
    vendorName: r.vendor_name,
    received: r.received,
    closed: r.closed,
    open: r.open,
    overdueNow: r.overdue_now,
    closedOnTime: r.closed_on_time,
    onTimeShare: r.closed > 0 ? r.closed_on_time / r.closed : null,
  }));
}
