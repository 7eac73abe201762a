/**
 * The ONE module through which vendor staff touch vendor-owned data. The vendor id comes from
 * the signed-in session, never from the request body; every query carries it. Asking for
 * another vendor's request answers 404 (no hint that it exists) and is audited.
 */
import { applyTransition, OPEN_STATUSES, type RequestAction } from "~/domain/request-machine";
import type { StaffAction } from "~/domain/schemas";
import type { Locale } from "~/i18n";
import { appendAudit } from "./audit.server";
import { sha256Hex, type SessionUser } from "./auth.server";
import { newToken, releaseQueuedRequests } from "./requests.server";
import { getSqlite, inTransaction } from "./db.server";
import { ServiceError, conflict } from "./errors.server";
import { enqueueEmail } from "./outbox.server";
import { deadlineFor, listEvents, recordChange, type EventRow, type RequestRow } from "./request-store.server";
import { getRuntime } from "./runtime.server";
import type { DeadlineResult } from "~/domain/deadlines";

export type VendorStaff = SessionUser & { vendorId: number };

export interface QueueItem {
  reference: string;
  type: RequestRow["type"];
  jurisdiction: string;
  status: RequestRow["status"];
  receivedAt: number | null;
  respondBy: string | null;
  dueAt: number | null;
  statutory: boolean;
}

export interface QueuePage {
  items: QueueItem[];
  nextCursor: string | null;
  openCount: number;
}

const PAGE_SIZE = 50;
const OPEN_LIST = OPEN_STATUSES.map((s) => `'${s}'`).join(",");

export function forVendor(staff: VendorStaff) {
  const sqlite = getSqlite();
  const vendorId = staff.vendorId;

  /** Loads one of this vendor's requests by reference, or throws 404 (audited). */
  function byReference(reference: string, now: Date): RequestRow {
    const row = sqlite.prepare("SELECT * FROM requests WHERE reference = ? AND vendor_id = ?").get(reference, vendorId) as RequestRow | undefined;
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
  }

  return {
    vendorId,

    /** Open requests, nearest deadline first; keyset pagination on (due_at, id) stays fast at any depth. */
    listQueue(opts: { cursor?: string | null; limit?: number } = {}): QueuePage {
      const limit = Math.min(Math.max(opts.limit ?? PAGE_SIZE, 1), 200);
      const cursor = parseCursor(opts.cursor);
      const rows = sqlite
        .prepare(
          `SELECT id, reference, type, jurisdiction, status, received_at, respond_by, due_at, statutory FROM requests
           WHERE vendor_id = ? AND status IN (${OPEN_LIST})
             AND (? IS NULL OR (due_at > ? OR (due_at = ? AND id > ?)))
           ORDER BY due_at, id LIMIT ?`,
        )
        .all(vendorId, cursor?.dueAt ?? null, cursor?.dueAt ?? 0, cursor?.dueAt ?? 0, cursor?.id ?? 0, limit + 1) as (RequestRow & { id: number })[];
      const more = rows.length > limit;
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      const openCount = (sqlite.prepare(`SELECT count(*) AS n FROM requests WHERE vendor_id = ? AND status IN (${OPEN_LIST})`).get(vendorId) as { n: number }).n;
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
        })),
        nextCursor: more && last ? `${last.due_at ?? 0}.${last.id}` : null,
        openCount,
      };
    },

    getRequest(reference: string, opts: { now: Date; locale: Locale }): { request: RequestRow; events: EventRow[]; deadline: DeadlineResult | null; resident: { fullName: string; email: string } } {
      const request = byReference(reference, opts.now);
      const events = listEvents(request.id);
      const vendor = sqlite.prepare("SELECT service_target_days FROM vendors WHERE id = ?").get(vendorId) as { service_target_days: number };
      const filing = sqlite.prepare("SELECT full_name, email FROM filings WHERE id = ?").get(request.filing_id) as { full_name: string; email: string };
      return {
        request,
        events,
        deadline: deadlineFor(request, events, opts.now, { serviceTargetDays: vendor.service_target_days, locale: opts.locale }),
        resident: { fullName: filing.full_name, email: filing.email },
      };
    },

    /** Applies a staff action (acknowledge / fulfil / deny) in one transaction with its event, audit row and email. */
    act(reference: string, action: StaffAction, now: Date): RequestRow {
      const result = inTransaction(() => {
        const request = byReference(reference, now);
        const machineAction: RequestAction = action.intent;
        const next = applyTransition(request.status, machineAction);
        if (!next.ok) throw conflict("not_allowed", `Cannot ${action.intent} a request that is ${request.status}`);
        const filing = sqlite.prepare("SELECT full_name, email, locale FROM filings WHERE id = ?").get(request.filing_id) as {
          full_name: string;
          email: string;
          locale: string;
        };
        const vendor = sqlite.prepare("SELECT name FROM vendors WHERE id = ?").get(vendorId) as { name: string };
        const statusPath = residentStatusPath(request.id, now);
        const locale = filing.locale === "fr-CA" ? "fr-CA" : "en";
        const t = now.getTime();
        if (action.intent === "acknowledge") {
          recordChange({
            request, eventType: "acknowledged", actorType: "staff", actorId: staff.id, at: now, audit: "request.acknowledged",
            payload: { status: next.to }, set: { status: next.to, acknowledged_at: t },
          });
          enqueueEmail({
            dedupeKey: `request-acknowledged:${request.reference}`, to: filing.email, template: "request-acknowledged", locale, requestId: request.id, at: now,
            data: { fullName: filing.full_name, reference: request.reference, vendorName: vendor.name, statusPath },
          });
        } else {
          const outcome = action.intent === "fulfil" ? "fulfilled" : "denied";
          const denialBasis = action.intent === "deny" ? action.denialBasis : null;
          recordChange({
            request, eventType: outcome, actorType: "staff", actorId: staff.id, at: now,
            audit: outcome === "fulfilled" ? "request.fulfilled" : "request.denied",
            payload: { status: next.to, outcome, denialBasis, reason: action.reason },
            set: { status: next.to, outcome, denial_basis: denialBasis, outcome_reason: action.reason, closed_at: t },
          });
          // A deletion filed behind this access request now goes to the vendor (same transaction).
          if (request.type === "access") releaseQueuedRequests(request.id, now);
          enqueueEmail({
            dedupeKey: `request-answered:${request.reference}`, to: filing.email, template: "request-answered", locale, requestId: request.id, at: now,
            data: {
              fullName: filing.full_name, reference: request.reference, vendorName: vendor.name, outcome,
              reason: action.reason, denialBasis: denialBasis ? denialBasisLabel(denialBasis, locale) : null, statusPath,
            },
          });
        }
        return sqlite.prepare("SELECT * FROM requests WHERE id = ?").get(request.id) as RequestRow;
      });
      getRuntime().wakeWorker();
      return result;
    },
  };
}

/** A fresh status link for an email about this request (the original token is never stored). */
function residentStatusPath(requestId: number, now: Date): string {
  const token = newToken();
  getSqlite()
    .prepare("INSERT INTO status_links (token_hash, request_id, created_at) VALUES (?, ?, ?)")
    .run(sha256Hex(token), requestId, now.getTime());
  return `/r/${token}`;
}

const DENIAL_LABELS: Record<string, { en: string; "fr-CA": string }> = {
  identity_not_verified: { en: "Identity could not be verified", "fr-CA": "L'identité n'a pas pu être vérifiée" },
  not_a_resident: { en: "Not a resident of the jurisdiction", "fr-CA": "Ne réside pas dans le territoire visé" },
  exempt_information: { en: "The information is exempt by law", "fr-CA": "Les renseignements sont exemptés par la loi" },
  no_data_held: { en: "No personal information held", "fr-CA": "Aucun renseignement personnel détenu" },
  manifestly_unfounded: { en: "Manifestly unfounded or excessive", "fr-CA": "Manifestement infondée ou excessive" },
  other: { en: "Other legal ground (see explanation)", "fr-CA": "Autre motif légal (voir l'explication)" },
};

export function denialBasisLabel(basis: string, locale: Locale): string {
  return DENIAL_LABELS[basis]?.[locale] ?? basis;
}

function parseCursor(cursor: string | null | undefined): { dueAt: number; id: number } | null {
  if (!cursor) return null;
  const m = /^(\d{1,15})\.(\d{1,12})$/.exec(cursor);
  if (!m) return null;
  return { dueAt: Number(m[1]), id: Number(m[2]) };
}
