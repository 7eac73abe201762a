/**
 * Regulator exports, streamed from a SQLite cursor so a year of a big vendor never sits in
 * memory. CSV follows RFC 4180 quoting and neutralises cells that a spreadsheet would run as a
 * formula (= + - @, tab, CR). Resident identity is masked (initials only). Every export is an
 * audit event.
 */
import type { SessionUser } from "../security/staff-sessions.server";
import { appendAudit } from "../audit/audit-chain.server";
import { getSqlite, inTransaction } from "../core/db.server";
import { ServiceError } from "../core/errors.server";
import { csvCell } from "../core/csv.server";
import { iterateRows } from "../core/rows.server";

export const MAX_EXPORT_DAYS = 3 * 366;

export function initials(fullName: string): string {
  if (fullName === "[removed]") return "—";
  return fullName
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => `${[...w][0]!.toUpperCase()}.`)
    .join(" ");
}

export function parseExportPeriod(from: string | null, to: string | null): { from: number; to: number } {
  const ok = (s: string | null) => !!s && /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));
  if (!ok(from) || !ok(to)) throw new ServiceError(400, "bad_period", "from and to must be dates written YYYY-MM-DD");
  const f = Date.parse(`${from}T00:00:00Z`);
  const t = Date.parse(`${to}T00:00:00Z`) + 86_400_000;
  if (t <= f) throw new ServiceError(400, "bad_period", "to must be on or after from");
  if ((t - f) / 86_400_000 > MAX_EXPORT_DAYS)
    throw new ServiceError(
      400,
      "period_too_long",
      `An export covers at most ${MAX_EXPORT_DAYS} days; split the period`,
    );
  return { from: f, to: t };
}

const COLUMNS = [
  "reference",
  "vendor",
  "jurisdiction",
  "type",
  "status",
  "received_at",
  "respond_by",
  "extended_to",
  "closed_at",
  "outcome",
  "denial_basis",
  "answered_on_time",
  "resident",
];

/** A stream of CSV lines for the regulator's scope and period. */
export function streamCasesCsv(
  regulator: SessionUser,
  period: { from: number; to: number },
  now: Date,
): ReadableStream<Uint8Array> {
  const j = regulator.jurisdictions.filter((x) => /^[A-Z]{2}(-[A-Z]{2})?$/.test(x));
  inTransaction(() =>
    appendAudit({
      at: now,
      actorType: "regulator",
      actorId: regulator.id,
      action: "data.exported",
      objectType: "cases",
      objectId: null,
      details: { format: "csv", from: period.from, to: period.to, jurisdictions: j },
    }),
  );
  const encoder = new TextEncoder();
  if (j.length === 0)
    return new ReadableStream({ start: (c) => (c.enqueue(encoder.encode(COLUMNS.join(",") + "\r\n")), c.close()) });
  const iter = iterateRows<Record<string, string | number | null>>(
    getSqlite().prepare(
      `SELECT r.reference, v.name AS vendor, r.jurisdiction, r.type, r.status, r.received_at, r.respond_by, r.extended_to, r.closed_at, r.outcome, r.denial_basis, r.due_at, f.full_name
       FROM requests r JOIN vendors v ON v.id = r.vendor_id JOIN filings f ON f.id = r.filing_id
       WHERE r.jurisdiction IN (${j.map(() => "?").join(",")}) AND r.received_at >= ? AND r.received_at < ? ORDER BY r.received_at, r.id`,
    ),
    ...j,
    period.from,
    period.to,
  );
  let header = false;
  const iso = (ms: unknown) => (ms == null ? "" : new Date(Number(ms)).toISOString());
  return new ReadableStream<Uint8Array>({
    // Pull-based: the next chunk is read only when the client has taken the previous one.
    pull(controller) {
      if (!header) {
        header = true;
        controller.enqueue(encoder.encode(COLUMNS.join(",") + "\r\n"));
        return;
      }
      let out = "";
      for (let i = 0; i < 500; i++) {
        const n = iter.next();
        if (n.done) {
          if (out) controller.enqueue(encoder.encode(out));
          controller.close();
          return;
        }
        const r = n.value;
        const answered = r.outcome === "fulfilled" || r.outcome === "partially_fulfilled" || r.outcome === "denied";
        out +=
          [
            r.reference,
            r.vendor,
            r.jurisdiction,
            r.type,
            r.status,
            iso(r.received_at),
            r.respond_by,
            r.extended_to,
            iso(r.closed_at),
            r.outcome,
            r.denial_basis,
            answered ? (Number(r.closed_at) <= Number(r.due_at) ? "yes" : "no") : "",
            initials(String(r.full_name)),
          ]
            .map(csvCell)
            .join(",") + "\r\n";
      }
      controller.enqueue(encoder.encode(out));
    },
    cancel() {
      iter.return?.();
    },
  });
}
