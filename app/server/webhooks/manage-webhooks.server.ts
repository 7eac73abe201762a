/**
 * Managing webhooks: a vendor admin registers an https URL and the portal POSTs a signed JSON
 * event to it when one of the vendor's requests arrives (`request.created`) or changes
 * (`request.updated`). This module is the admin's side — register, list, disable and enable,
 * rotate the secret, send a test ping, redeliver a failed event, read the delivery history.
 *
 * Vendor admins only, and the vendor always comes from the session: another vendor's webhook
 * or delivery answers 404 exactly like a missing one, and the attempt is audited. A URL is
 * checked by the SSRF guard before it is stored (and again at every delivery).
 */
import type { SqlConnection } from "../../../db/client";
import type { SessionUser } from "../security/staff-sessions.server";
import { appendAudit } from "../audit/audit-chain.server";
import { getSqlite, inTransaction, prepareCached } from "../core/db.server";
import { ServiceError } from "../core/errors.server";
import {
  readAll,
  readOne,
  type WebhookAttemptRow,
  type WebhookDeliveryRow,
  type WebhookRow,
} from "../core/rows.server";
import { getRuntime } from "../core/runtime.server";
import { enqueuePingEvent } from "./enqueue-webhooks.server";
import { parseWebhookUrl, resolveWebhookTarget, WebhookUrlError, type LookupAll } from "./url-guard.server";
import { encryptWebhookSecret, generateWebhookSecret, showSecretPrefix } from "./webhook-secrets.server";

export const MAX_WEBHOOKS_PER_VENDOR = 5;

type WebhookAdmin = SessionUser & { vendorId: number };

function requireWebhookAdmin(admin: SessionUser): asserts admin is WebhookAdmin {
  if (admin.role !== "vendor_admin" || admin.vendorId == null) throw new ServiceError(404, "not_found", "Not found");
}

/** Another vendor's (or a missing) webhook or delivery: 404, and the attempt is audited. */
function deny(admin: WebhookAdmin, objectType: "webhook" | "webhook_delivery", id: number, now: Date): never {
  inTransaction(() =>
    appendAudit({
      at: now,
      actorType: "staff",
      actorId: admin.id,
      vendorId: admin.vendorId,
      action: "auth.denied",
      objectType,
      objectId: Number.isSafeInteger(id) ? id : null,
      details: { reason: "not_found_for_vendor" },
    }),
  );
  throw new ServiceError(404, "not_found", "Not found");
}

function ownWebhook(admin: WebhookAdmin, id: number, now: Date): WebhookRow {
  const row = Number.isSafeInteger(id)
    ? readOne<WebhookRow>(
        prepareCached(getSqlite(), "SELECT * FROM webhooks WHERE id = ? AND vendor_id = ?"),
        id,
        admin.vendorId,
      )
    : undefined;
  if (!row) deny(admin, "webhook", id, now);
  return row;
}

function countActive(vendorId: number): number {
  return readOne<{ n: number }>(
    prepareCached(getSqlite(), "SELECT count(*) AS n FROM webhooks WHERE vendor_id = ? AND disabled_at IS NULL"),
    vendorId,
  )!.n;
}

const urlErrorFields: Record<WebhookUrlError["code"], string> = {
  invalid: "webhooks.errors.invalid",
  https_required: "webhooks.errors.https",
  port_not_allowed: "webhooks.errors.port",
  credentials: "webhooks.errors.credentials",
  address_not_allowed: "webhooks.errors.address",
  unresolvable: "webhooks.errors.unresolvable",
};

/**
 * Registers a URL for the admin's vendor. The clear secret is returned once; only its
 * AES-256-GCM ciphertext (it must be recoverable to sign) and a short prefix are stored.
 */
export async function registerWebhook(
  admin: SessionUser,
  rawUrl: string,
  now: Date,
  opts: { lookup?: LookupAll } = {},
): Promise<{ id: number; secret: string }> {
  requireWebhookAdmin(admin);
  let url: URL;
  try {
    url = parseWebhookUrl(rawUrl);
    await resolveWebhookTarget(url, opts);
  } catch (err) {
    if (err instanceof WebhookUrlError)
      throw new ServiceError(400, err.code, err.message, { url: urlErrorFields[err.code] });
    throw err;
  }
  const secret = generateWebhookSecret();
  const id = inTransaction(() => {
    if (countActive(admin.vendorId) >= MAX_WEBHOOKS_PER_VENDOR)
      throw new ServiceError(409, "too_many", "Too many webhooks", { form: "webhooks.errors.tooMany" });
    const id = Number(
      prepareCached(
        getSqlite(),
        "INSERT INTO webhooks (vendor_id, url, secret_enc, secret_prefix, created_by_user_id, created_at) VALUES (?, ?, ?, ?, ?, ?)",
      ).run(
        admin.vendorId,
        url.href,
        encryptWebhookSecret(secret, admin.vendorId),
        showSecretPrefix(secret),
        admin.id,
        now.getTime(),
      ).lastInsertRowid,
    );
    appendAudit({
      at: now,
      actorType: "staff",
      actorId: admin.id,
      vendorId: admin.vendorId,
      action: "webhook.created",
      objectType: "webhook",
      objectId: id,
    });
    return id;
  });
  return { id, secret };
}

export interface WebhookView {
  id: number;
  url: string;
  secretPrefix: string;
  createdAt: number;
  disabledAt: number | null;
}

export function listWebhooks(admin: SessionUser): WebhookView[] {
  requireWebhookAdmin(admin);
  return readAll<WebhookRow>(
    prepareCached(getSqlite(), "SELECT * FROM webhooks WHERE vendor_id = ? ORDER BY id"),
    admin.vendorId,
  ).map((w) => ({
    id: w.id,
    url: w.url,
    secretPrefix: w.secret_prefix,
    createdAt: w.created_at,
    disabledAt: w.disabled_at,
  }));
}

/** Disabled webhooks get no new events; deliveries already queued wait until it is enabled again. */
export function disableWebhook(admin: SessionUser, id: number, now: Date): void {
  requireWebhookAdmin(admin);
  ownWebhook(admin, id, now);
  inTransaction(() => {
    const changed = prepareCached(
      getSqlite(),
      "UPDATE webhooks SET disabled_at = ? WHERE id = ? AND vendor_id = ? AND disabled_at IS NULL",
    ).run(now.getTime(), id, admin.vendorId).changes;
    if (changed)
      appendAudit({
        at: now,
        actorType: "staff",
        actorId: admin.id,
        vendorId: admin.vendorId,
        action: "webhook.disabled",
        objectType: "webhook",
        objectId: id,
      });
  });
}

export function enableWebhook(admin: SessionUser, id: number, now: Date): void {
  requireWebhookAdmin(admin);
  ownWebhook(admin, id, now);
  inTransaction(() => {
    const row = readOne<Pick<WebhookRow, "disabled_at">>(
      prepareCached(getSqlite(), "SELECT disabled_at FROM webhooks WHERE id = ?"),
      id,
    )!;
    if (row.disabled_at == null) return;
    if (countActive(admin.vendorId) >= MAX_WEBHOOKS_PER_VENDOR)
      throw new ServiceError(409, "too_many", "Too many webhooks", { form: "webhooks.errors.tooMany" });
    prepareCached(getSqlite(), "UPDATE webhooks SET disabled_at = NULL WHERE id = ? AND vendor_id = ?").run(
      id,
      admin.vendorId,
    );
    appendAudit({
      at: now,
      actorType: "staff",
      actorId: admin.id,
      vendorId: admin.vendorId,
      action: "webhook.enabled",
      objectType: "webhook",
      objectId: id,
    });
  });
}

/** A new secret, shown once; the old one stops working at once (deliveries still queued are signed with the new one). */
export function rotateWebhookSecret(admin: SessionUser, id: number, now: Date): { secret: string } {
  requireWebhookAdmin(admin);
  ownWebhook(admin, id, now);
  const secret = generateWebhookSecret();
  inTransaction(() => {
    prepareCached(
      getSqlite(),
      "UPDATE webhooks SET secret_enc = ?, secret_prefix = ? WHERE id = ? AND vendor_id = ?",
    ).run(encryptWebhookSecret(secret, admin.vendorId), showSecretPrefix(secret), id, admin.vendorId);
    appendAudit({
      at: now,
      actorType: "staff",
      actorId: admin.id,
      vendorId: admin.vendorId,
      action: "webhook.rotated",
      objectType: "webhook",
      objectId: id,
    });
  });
  return { secret };
}

/** Queues a `ping` event for one active webhook (each click is a new event). */
export function sendTestEvent(admin: SessionUser, id: number, now: Date): void {
  requireWebhookAdmin(admin);
  const hook = ownWebhook(admin, id, now);
  if (hook.disabled_at != null)
    throw new ServiceError(409, "disabled", "This webhook is disabled", { form: "webhooks.errors.disabled" });
  inTransaction(() => {
    enqueuePingEvent(hook.id, admin.vendorId, now);
    appendAudit({
      at: now,
      actorType: "staff",
      actorId: admin.id,
      vendorId: admin.vendorId,
      action: "webhook.tested",
      objectType: "webhook",
      objectId: id,
    });
  });
  getRuntime().wakeWorker();
}

/** A failed delivery goes back to the queue: same event id and payload, a fresh attempt budget. */
export function redeliverWebhook(admin: SessionUser, deliveryId: number, now: Date): void {
  requireWebhookAdmin(admin);
  const row = Number.isSafeInteger(deliveryId)
    ? readOne<Pick<WebhookDeliveryRow, "id" | "webhook_id" | "status">>(
        prepareCached(
          getSqlite(),
          "SELECT id, webhook_id, status FROM webhook_deliveries WHERE id = ? AND vendor_id = ?",
        ),
        deliveryId,
        admin.vendorId,
      )
    : undefined;
  if (!row) deny(admin, "webhook_delivery", deliveryId, now);
  if (row.status !== "failed")
    throw new ServiceError(409, "not_failed", "Only a failed delivery can be sent again", {
      form: "webhooks.errors.notFailed",
    });
  inTransaction(() => {
    const changed = prepareCached(
      getSqlite(),
      "UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_at = ?, lease_owner = NULL, lease_until = NULL WHERE id = ? AND vendor_id = ? AND status = 'failed'",
    ).run(now.getTime(), deliveryId, admin.vendorId).changes;
    if (changed)
      appendAudit({
        at: now,
        actorType: "staff",
        actorId: admin.id,
        vendorId: admin.vendorId,
        action: "webhook.redelivered",
        objectType: "webhook_delivery",
        objectId: deliveryId,
        details: { webhookId: row.webhook_id },
      });
  });
  getRuntime().wakeWorker();
}

export interface DeliveryView {
  id: number;
  webhookId: number;
  eventId: string;
  eventType: string;
  reference: string | null;
  status: WebhookDeliveryRow["status"];
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: number;
  nextAttemptAt: number;
  deliveredAt: number | null;
  history: { attempt: number; at: number; statusCode: number | null; error: string | null; durationMs: number }[];
}

/** The vendor's latest deliveries (all its webhooks), each with every attempt. */
export function listDeliveries(admin: SessionUser, opts: { limit?: number } = {}): DeliveryView[] {
  requireWebhookAdmin(admin);
  const sqlite = getSqlite();
  const rows = readAll<WebhookDeliveryRow>(
    prepareCached(sqlite, "SELECT * FROM webhook_deliveries WHERE vendor_id = ? ORDER BY id DESC LIMIT ?"),
    admin.vendorId,
    Math.min(Math.max(opts.limit ?? 50, 1), 200),
  );
  const attemptsOf = prepareCached(
    sqlite,
    "SELECT attempt, at, status_code, error, duration_ms FROM webhook_attempts WHERE delivery_id = ? ORDER BY id",
  );
  return rows.map((r) => {
    const payload = JSON.parse(r.payload) as { data?: { reference?: unknown } };
    return {
      id: r.id,
      webhookId: r.webhook_id,
      eventId: r.event_id,
      eventType: r.event_type,
      reference: typeof payload.data?.reference === "string" ? payload.data.reference : null,
      status: r.status,
      attempts: r.attempts,
      lastStatusCode: r.last_status_code ?? null,
      lastError: r.last_error ?? null,
      createdAt: r.created_at,
      nextAttemptAt: r.next_attempt_at,
      deliveredAt: r.delivered_at ?? null,
      history: readAll<Pick<WebhookAttemptRow, "attempt" | "at" | "status_code" | "error" | "duration_ms">>(
        attemptsOf,
        r.id,
      ).map((a) => ({
        attempt: a.attempt,
        at: a.at,
        statusCode: a.status_code,
        error: a.error,
        durationMs: a.duration_ms,
      })),
    };
  });
}

/**
 * The demo seed's webhook for the reference connector (`npm run connector`), written inside the
 * seed's transaction: a fixed local address, so no DNS check; the seed decides whether loopback
 * deliveries are allowed at all (development with WEBHOOK_ALLOW_LOOPBACK only).
 */
export function insertDemoWebhook(
  sqlite: SqlConnection,
  row: { vendorId: number; createdBy: number; url: string; createdAt: number; dataKey: Buffer },
): { id: number; secret: string } {
  const secret = generateWebhookSecret();
  const id = Number(
    sqlite
      .prepare(
        "INSERT INTO webhooks (vendor_id, url, secret_enc, secret_prefix, created_by_user_id, created_at) VALUES (?, ?, ?, ?, ?, ?)",
      )
      .run(
        row.vendorId,
        new URL(row.url).href,
        encryptWebhookSecret(secret, row.vendorId, row.dataKey),
        showSecretPrefix(secret),
        row.createdBy,
        row.createdAt,
      ).lastInsertRowid,
  );
  return { id, secret };
}
