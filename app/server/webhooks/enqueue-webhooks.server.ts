/**
 * Queues webhook events inside the transaction of the change they report: a rolled-back change
 * sends nothing, and the unique (webhook_id, event_id) index means one event is never queued
 * twice. The worker (deliver-webhooks) sends them after commit.
 *
 * Every event is checked against the contract before it is written; one that fails is skipped
 * and logged, because a notification must never block the legal state change it reports.
 */
import crypto from "node:crypto";
import type { SqlConnection } from "../../../db/client";
import type { JurisdictionCode } from "~/domain/deadlines";
import { getSqlite, prepareCached } from "../core/db.server";
import { readAll, type RequestRow, type WebhookRow } from "../core/rows.server";
import { getRuntime } from "../core/runtime.server";
import { webhookEventSchema, type WebhookEvent, type WebhookRequestData } from "./webhook-contract.server";

/**
 * A stable, opaque event id for a change: the same change always gets the same id (so the
 * unique index dedupes it), and ids reveal nothing about the portal's global row counters.
 */
function eventIdFor(key: string): string {
  const idKey = Buffer.from(
    crypto.hkdfSync("sha256", getRuntime().config.dataKey, Buffer.alloc(0), "brp webhook event id v1", 32),
  );
  return `evt_${crypto.createHmac("sha256", idKey).update(key).digest("base64url").slice(0, 32)}`;
}

function insertDelivery(
  webhookId: number,
  vendorId: number,
  event: WebhookEvent,
  at: Date,
  sqlite: SqlConnection = getSqlite(),
): boolean {
  const checked = webhookEventSchema.safeParse(event);
  if (!checked.success) {
    // A notification must never block the legal state change it reports: skip it, loudly.
    console.error(
      JSON.stringify({
        level: "error",
        at: at.toISOString(),
        msg: "webhook event failed its schema; not queued",
        eventType: event.type,
        issues: checked.error.issues.map((i) => i.path.join(".")),
      }),
    );
    return false;
  }
  const payload = JSON.stringify(checked.data);
  return (
    prepareCached(
      sqlite,
      `INSERT INTO webhook_deliveries (webhook_id, vendor_id, event_id, event_type, payload, status, attempts, next_attempt_at, created_at)
         VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?) ON CONFLICT(webhook_id, event_id) DO NOTHING`,
    ).run(webhookId, vendorId, event.id, event.type, payload, at.getTime(), at.getTime()).changes === 1
  );
}

/**
 * One delivery row per active webhook of the vendor for this event. `eventKey` names the
 * change (the same key twice is one event). Returns how many rows were written.
 */
export function enqueueWebhookEvent(
  input: {
    vendorId: number;
    type: "request.created" | "request.updated";
    eventKey: string;
    data: WebhookRequestData;
    at: Date;
  },
  sqlite: SqlConnection = getSqlite(),
): number {
  const hooks = readAll<Pick<WebhookRow, "id">>(
    prepareCached(sqlite, "SELECT id FROM webhooks WHERE vendor_id = ? AND disabled_at IS NULL ORDER BY id"),
    input.vendorId,
  );
  if (hooks.length === 0) return 0;
  const event: WebhookEvent = {
    id: eventIdFor(`${input.type}:${input.eventKey}`),
    type: input.type,
    createdAt: input.at.toISOString(),
    data: input.data,
  };
  let written = 0;
  for (const h of hooks) if (insertDelivery(h.id, input.vendorId, event, input.at, sqlite)) written += 1;
  return written;
}

function requestData(
  r: Pick<RequestRow, "reference" | "status" | "type" | "jurisdiction" | "respond_by">,
  eventType: string,
): WebhookRequestData {
  return {
    reference: r.reference,
    status: r.status,
    type: r.type,
    jurisdiction: r.jurisdiction as JurisdictionCode,
    respondBy: r.respond_by,
    eventType,
  };
}

/** request.created: the request has just been delivered to its vendor (call after its `received` change). */
export function enqueueRequestCreated(
  request: RequestRow,
  respondBy: string | null,
  at: Date,
  sqlite: SqlConnection = getSqlite(),
): number {
  return enqueueWebhookEvent(
    {
      vendorId: request.vendor_id,
      type: "request.created",
      eventKey: `request:${request.id}`,
      data: requestData({ ...request, status: "received", respond_by: respondBy }, "received"),
      at,
    },
    sqlite,
  );
}

/**
 * request.updated for a recorded change. Requests the vendor cannot see yet (awaiting the
 * resident's email confirmation, or queued behind an access request) send nothing: they are
 * not the vendor's business, and their delivery is announced by request.created instead.
 */
export function enqueueRequestUpdated(
  input: {
    request: RequestRow;
    set?: Partial<Record<keyof RequestRow, string | number | null>>;
    eventType: string;
    requestEventId: number;
    at: Date;
  },
  sqlite: SqlConnection = getSqlite(),
): number {
  if (input.request.received_at == null) return 0;
  const after = { ...input.request, ...(input.set ?? {}) } as RequestRow;
  return enqueueWebhookEvent(
    {
      vendorId: input.request.vendor_id,
      type: "request.updated",
      eventKey: `request-event:${input.requestEventId}`,
      data: requestData(after, input.eventType),
      at: input.at,
    },
    sqlite,
  );
}

/** A `ping` for one webhook: each test click is a new event, so its id is random. */
export function enqueuePingEvent(webhookId: number, vendorId: number, at: Date): boolean {
  const event: WebhookEvent = {
    id: `evt_${crypto.randomBytes(16).toString("base64url")}`,
    type: "ping",
    createdAt: at.toISOString(),
    data: { eventType: "ping" },
  };
  return insertDelivery(webhookId, vendorId, event, at);
}
