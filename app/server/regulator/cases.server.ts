/**
 * Regulator case drill-down: a filtered list and a case with its timeline and the rule version
 * that applied. Resident identity is masked by default; revealing it needs a stated reason and
 * is audited. A case outside the regulator's jurisdictions is 404 (and audited as a denial).
 */
import { appendAudit } from "../audit/audit-chain.server";
import type { SessionUser } from "../security/staff-sessions.server";
import { getSqlite, inTransaction } from "../core/db.server";
import { ServiceError } from "../core/errors.server";
import { readAll, type VendorRow, readOne, type FilingRow } from "../core/rows.server";
import { initials } from "./case-exports.server";
import { listEvents, type EventRow, type RequestRow } from "../requests/record-change.server";
import type { RevealPurpose } from "~/domain/schemas";

export interface CaseFilters {
  vendor?: number;
  type?: string;
  outcome?: string;
  overdue?: boolean;
  from?: number;
  to?: number;
  after?: string | null;
}

export function maskEmail(email: string): string {
  const [user, domain] = email.split("@");
  if (!user || !domain) return "—";
  return `${[...user][0]}***@${domain}`;
}

function scope(regulator: Pick<SessionUser, "jurisdictions">): string[] {
  return regulator.jurisdictions.filter((j) => /^[A-Z]{2}(-[A-Z]{2})?$/.test(j));
}

/** Every vendor by name, for the case list's vendor filter (a regulator may filter by any). */
export function listCaseVendors(): Pick<VendorRow, "id" | "name">[] {
  return readAll<Pick<VendorRow, "id" | "name">>(getSqlite().prepare("SELECT id, name FROM vendors ORDER BY name"));
}

export function listCases(regulator: SessionUser, filters: CaseFilters, now: Date) {
  const j = scope(regulator);
  if (j.length === 0) return { items: [], next: null as string | null };
  const where = [`r.jurisdiction IN (${j.map(() => "?").join(",")})`, "r.received_at IS NOT NULL"];
  const args: (string | number)[] = [...j];
  if (filters.vendor) (where.push("r.vendor_id = ?"), args.push(filters.vendor));
  if (filters.type) (where.push("r.type = ?"), args.push(filters.type));
  if (filters.outcome === "open") where.push("r.closed_at IS NULL");
  else if (filters.outcome) (where.push("r.outcome = ?"), args.push(filters.outcome));
  if (filters.overdue) (where.push("r.closed_at IS NULL AND r.due_at < ?"), args.push(now.getTime()));
  if (filters.from != null) (where.push("r.received_at >= ?"), args.push(filters.from));
  if (filters.to != null) (where.push("r.received_at < ?"), args.push(filters.to));
  const m = /^(\d{1,15})\.(\d{1,12})$/.exec(filters.after ?? "");
  // Keyset pagination (newest first): stays fast at any depth.
  if (m)
    (where.push("(r.received_at < ? OR (r.received_at = ? AND r.id < ?))"),
      args.push(Number(m[1]), Number(m[1]), Number(m[2])));
  // Cases are delivered requests (received_at is set: the scope's WHERE requires it).
  const rows = readAll<
    Pick<
      RequestRow,
      "id" | "reference" | "jurisdiction" | "type" | "status" | "respond_by" | "due_at" | "closed_at" | "outcome"
    > & { received_at: number; vendor: VendorRow["name"] }
  >(
    getSqlite().prepare(
      `SELECT r.id, r.reference, v.name AS vendor, r.jurisdiction, r.type, r.status, r.received_at, r.respond_by, r.due_at, r.closed_at, r.outcome
       FROM requests r JOIN vendors v ON v.id = r.vendor_id WHERE ${where.join(" AND ")} ORDER BY r.received_at DESC, r.id DESC LIMIT 51`,
    ),
    ...args,
  );
  const page = rows.slice(0, 50);
  const last = page[page.length - 1];
  return { items: page, next: rows.length > 50 && last ? `${last.received_at}.${last.id}` : null };
}

function caseInScope(regulator: SessionUser, reference: string, now: Date): RequestRow {
  const row = readOne<RequestRow>(getSqlite().prepare("SELECT * FROM requests WHERE reference = ?"), reference);
  if (!row || !scope(regulator).includes(row.jurisdiction) || row.received_at == null) {
    inTransaction(() =>
      appendAudit({
        at: now,
        actorType: "regulator",
        actorId: regulator.id,
        action: "auth.denied",
        objectType: "request",
        objectId: reference.slice(0, 40),
        details: { reason: "outside_jurisdiction" },
      }),
    );
    throw new ServiceError(404, "not_found", "Not found");
  }
  return row;
}

export function getCase(
  regulator: SessionUser,
  reference: string,
  now: Date,
): { request: RequestRow; vendorName: string; events: EventRow[]; resident: { initials: string; email: string } } {
  const r = caseInScope(regulator, reference, now);
  const sqlite = getSqlite();
  const vendor = readOne<Pick<VendorRow, "name">>(
    sqlite.prepare("SELECT name FROM vendors WHERE id = ?"),
    r.vendor_id,
  )!;
  const filing = readOne<Pick<FilingRow, "full_name" | "email">>(
    sqlite.prepare("SELECT full_name, email FROM filings WHERE id = ?"),
    r.filing_id,
  )!;
  return {
    request: r,
    vendorName: vendor.name,
    events: listEvents(r.id),
    resident: { initials: initials(filing.full_name), email: maskEmail(filing.email) },
  };
}

/** Reveals the resident's identity to the regulator for a stated purpose and file (audited first). */
export function revealResident(
  regulator: SessionUser,
  reference: string,
  reason: { purpose: RevealPurpose; fileNumber: string },
  now: Date,
): { fullName: string; email: string } {
  const r = caseInScope(regulator, reference, now);
  const filing = readOne<Pick<FilingRow, "full_name" | "email">>(
    getSqlite().prepare("SELECT full_name, email FROM filings WHERE id = ?"),
    r.filing_id,
  )!;
  inTransaction(() =>
    appendAudit({
      at: now,
      actorType: "regulator",
      actorId: regulator.id,
      vendorId: r.vendor_id,
      action: "pii.revealed",
      objectType: "request",
      objectId: r.reference,
      details: { purpose: reason.purpose, fileNumber: reason.fileNumber },
    }),
  );
  return { fullName: filing.full_name, email: filing.email };
}
