/**
 * Low-level request rows: reading a request with its vendor, recording a state change
 * (request row + event + audit row, always together) and recomputing its dates. Callers hold
 * the transaction; tenant scoping lives in vendor-access.server.ts.
 */
import crypto from "node:crypto";
import type { SqlConnection } from "../../../db/client";
import { computeDeadline, getRule, type DeadlineEvent, type DeadlineResult } from "~/domain/deadlines";
import type { RequestStatus } from "~/domain/request-machine";
import { appendAudit, type AuditAction } from "../audit/audit-chain.server";
import { getSqlite, prepareCached } from "../core/db.server";
import { readAll, type EventRow, type RequestRow, type UserRow } from "../core/rows.server";
import { enqueueRequestUpdated } from "../webhooks/enqueue-webhooks.server";

// The request and event rows, derived from the schema (core/rows.server.ts); re-exported under
// the names the request code has always imported them by.
export type { EventRow, RequestRow } from "../core/rows.server";

export function listEvents(requestId: number, sqlite: SqlConnection = getSqlite()): EventRow[] {
  return readAll<EventRow>(
    prepareCached(sqlite, "SELECT * FROM request_events WHERE request_id = ? ORDER BY at, id"),
    requestId,
  );
}

/** Request events that move the statutory clock, in the engine's vocabulary. */
export function toDeadlineEvents(events: EventRow[]): DeadlineEvent[] {
  const out: DeadlineEvent[] = [];
  for (const e of events) {
    const at = new Date(e.at);
    const payload = JSON.parse(e.payload) as Record<string, unknown>;
    if (e.type === "acknowledged") out.push({ type: "acknowledged", at });
    else if (e.type === "info_requested" && payload.pausesClock === true)
      out.push({ type: "paused", at, reason: payload.kind === "identity" ? "identity" : "clarification" });
    else if (e.type === "resident_replied" && payload.resumesClock === true) out.push({ type: "resumed", at });
    else if (e.type === "extended") out.push({ type: "extended", at, reason: String(payload.reason ?? "") });
  }
  return out;
}

/** The deadline of a request as of `now`, from the rule version it was filed under. */
export function deadlineFor(
  row: RequestRow,
  events: EventRow[],
  now: Date,
  opts: { serviceTargetDays?: number; locale?: "en" | "fr-CA"; extraEvents?: DeadlineEvent[] } = {},
): DeadlineResult | null {
  if (row.received_at == null || !row.rule_id || row.rule_version == null) return null;
  const rule = getRule(row.rule_id, row.rule_version);
  if (!rule) return null;
  return computeDeadline({
    rule,
    receivedAt: new Date(row.received_at),
    events: [...toDeadlineEvents(events), ...(opts.extraEvents ?? [])],
    now,
    serviceTargetDays: opts.serviceTargetDays,
    locale: opts.locale,
  });
}

/**
 * Stores a recomputed deadline (respond-by day and its last instant) on the request, after a
 * change that moves the clock (a pause or its end) was recorded.
 */
export function storeDeadline(
  requestId: number,
  d: Pick<DeadlineResult, "respondBy" | "respondByInstant">,
  sqlite: SqlConnection = getSqlite(),
): void {
  prepareCached(sqlite, "UPDATE requests SET respond_by = ?, due_at = ? WHERE id = ?").run(
    d.respondBy,
    d.respondByInstant.getTime(),
    requestId,
  );
}

export interface RecordChangeInput {
  request: RequestRow;
  eventType: string;
  actorType: "resident" | "staff" | "system";
  actorId: number | null;
  at: Date;
  payload?: Record<string, unknown>;
  audit: AuditAction;
  /** Columns to update on the request row (snake_case). */
  set?: Partial<Record<keyof RequestRow, string | number | null>>;
}

/** Writes the event, the audit row and the request update. Call inside a transaction. */
export function recordChange(input: RecordChangeInput, sqlite: SqlConnection = getSqlite()): void {
  const t = input.at.getTime();
  const event = prepareCached(
    sqlite,
    "INSERT INTO request_events (request_id, type, actor_type, actor_id, at, payload) VALUES (?, ?, ?, ?, ?, ?)",
  ).run(input.request.id, input.eventType, input.actorType, input.actorId, t, JSON.stringify(input.payload ?? {}));
  const set = { ...(input.set ?? {}), updated_at: t };
  const cols = Object.keys(set);
  for (const c of cols) if (!/^[a-z_]+$/.test(c)) throw new Error(`bad column ${c}`);
  prepareCached(sqlite, `UPDATE requests SET ${cols.map((c) => `${c} = @${c}`).join(", ")} WHERE id = @__id`).run({
    ...set,
    __id: input.request.id,
  });
  enqueueRequestUpdated(
    {
      request: input.request,
      set: input.set,
      eventType: input.eventType,
      requestEventId: Number(event.lastInsertRowid),
      at: input.at,
    },
    sqlite,
  );
  appendAudit(
    {
      at: input.at,
      actorType: input.actorType,
      actorId: input.actorId,
      vendorId: input.request.vendor_id,
      action: input.audit,
      objectType: "request",
      objectId: input.request.reference,
      // Only codes and dates: resident-written text stays out of the audit chain.
      details: auditDetails(input.payload ?? {}),
    },
    sqlite,
  );
}

const AUDITED_PAYLOAD_KEYS = [
  "status",
  "outcome",
  "denialBasis",
  "respondBy",
  "extendedTo",
  "pausesClock",
  "ruleId",
  "ruleVersion",
  "receivedOn",
  "copies",
  "crawledAt",
];

/** The part of an event payload that goes into the audit chain: codes and dates, never free text. */
export function auditDetails(payload: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(payload).filter(([k]) => AUDITED_PAYLOAD_KEYS.includes(k)));
}

/**
 * A new private status link for a request: 256 bits from the CSPRNG, only its SHA-256 stored.
 * Returns the app-relative path to put in a page or an email. Call inside the transaction.
 */
export function issueStatusLink(
  requestId: number,
  at: Date,
  sqlite: SqlConnection = getSqlite(),
): { token: string; path: string } {
  const token = crypto.randomBytes(32).toString("base64url");
  prepareCached(sqlite, "INSERT INTO status_links (token_hash, request_id, created_at) VALUES (?, ?, ?)").run(
    crypto.createHash("sha256").update(token).digest("hex"),
    requestId,
    at.getTime(),
  );
  return { token, path: `/r/${token}` };
}

export type StaffContact = Pick<UserRow, "id" | "name" | "email" | "locale">;

/** The active staff of a vendor (who get its notifications). */
export function listActiveStaff(vendorId: number, sqlite: SqlConnection = getSqlite()): StaffContact[] {
  return readAll<StaffContact>(
    prepareCached(
      sqlite,
      "SELECT id, name, email, locale FROM users WHERE vendor_id = ? AND disabled_at IS NULL AND role IN ('vendor_admin','vendor_agent') ORDER BY id",
    ),
    vendorId,
  );
}
