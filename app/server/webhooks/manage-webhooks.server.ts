/**
 * Webhooks: a vendor admin registers an https URL and the portal POSTs a signed JSON event to
 * it when one of the vendor's requests arrives (`request.created`) or changes
 * (`request.updated`).
 *
 * Events are written to webhook_deliveries inside the transaction of the change they report
 * (a rolled-back change sends nothing; the unique (webhook_id, event_id) index means one event
 * is never queued twice) and delivered after commit by the worker, which claims rows with a
 * lease like the email outbox. Delivery is at-least-once: a crash after the receiver answered
 * but before the row is marked delivered sends the event again when the lease expires, with
 * the same Portal-Event-Id, so receivers dedupe on it.
 *
 * The payload is deliberately thin — reference, status, type, jurisdiction, due date — and never
 * carries the resident's name, email or photo: the receiver reads details through the API with
 * its key, so a leaked webhook secret or a logged request body exposes no one.
 *
 * SSRF (OWASP SSRF prevention, ASVS 5 1.3.6): the URL's host is resolved at registration and
 * again at every delivery; every address must be public unicast, and the connection goes to the
 * address that was checked (a pinned lookup), so a DNS answer that changes between the check
 * and the connect (rebinding) cannot point us at 127.0.0.1 or the cloud metadata service.
 * Redirects are never followed, the response body is read up to a cap and thrown away, and a
 * delivery gives up after 10 s.
 */
import crypto from "node:crypto";
import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import { performance } from "node:perf_hooks";
import type { SqlConnection } from "../../../db/client";
import { z } from "zod";
import { JURISDICTIONS, REQUEST_TYPES, type JurisdictionCode, type RequestType } from "~/domain/deadlines";
import { REQUEST_STATUSES } from "~/domain/request-machine";
import { appendAudit } from "../audit/audit-chain.server";
import type { SessionUser } from "../security/staff-sessions.server";
import { decryptForName, encryptForName } from "../security/encrypted-files.server";
import { getSqlite, inTransaction, prepareCached } from "../core/db.server";
import { ServiceError } from "../core/errors.server";
import { retryDelayMs } from "../mail/outbox.server";
import type { RequestRow } from "../requests/record-change.server";
import { getRuntime } from "../core/runtime.server";

export const MAX_WEBHOOKS_PER_VENDOR = 5;
export const WEBHOOK_MAX_ATTEMPTS = 10;
export const WEBHOOK_LEASE_MS = 2 * 60_000;
export const WEBHOOK_TIMEOUT_MS = 10_000;
/** How much of a receiver's answer we read (and discard) before hanging up. */
export const WEBHOOK_MAX_RESPONSE_BYTES = 64 * 1024;
export const WEBHOOK_SECRET_PREFIX = "whsec_";
export const WEBHOOK_USER_AGENT = "BiometricRightsPortal-Webhooks/1.0";
const MAX_URL_LENGTH = 2000;
const DNS_TIMEOUT_MS = 5_000;

type WebhookAdmin = SessionUser & { vendorId: number };

// --- The event, as the receiver sees it (also published under `webhooks` in the OpenAPI document).

const TYPES = REQUEST_TYPES as unknown as [RequestType, ...RequestType[]];
const CODES = JURISDICTIONS as unknown as [JurisdictionCode, ...JurisdictionCode[]];

export const webhookRequestDataSchema = z
  .object({
    reference: z.string().regex(/^BR-\d{4}-\d{6,}$/),
    status: z.enum(REQUEST_STATUSES),
    type: z.enum(TYPES),
    jurisdiction: z.enum(CODES),
    /** The date (YYYY-MM-DD, the jurisdiction's local date) by which the vendor must answer. */
    respondBy: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .nullable(),
    /** What happened: received, acknowledged, extended, fulfilled, resident_replied… */
    eventType: z.string().regex(/^[a-z0-9_.-]{1,60}$/),
  })
  .strict();
export type WebhookRequestData = z.infer<typeof webhookRequestDataSchema>;

const eventBase = { id: z.string().regex(/^evt_[A-Za-z0-9_-]{20,64}$/), createdAt: z.iso.datetime() };
// strict(): a field that is not in the contract (a resident's email, say) fails the change instead of leaving the portal.
export const webhookEventSchema = z.discriminatedUnion("type", [
  z.object({ ...eventBase, type: z.literal("request.created"), data: webhookRequestDataSchema }).strict(),
  z.object({ ...eventBase, type: z.literal("request.updated"), data: webhookRequestDataSchema }).strict(),
  z
    .object({ ...eventBase, type: z.literal("ping"), data: z.object({ eventType: z.literal("ping") }).strict() })
    .strict(),
]);
export type WebhookEvent = z.infer<typeof webhookEventSchema>;
export type WebhookEventType = WebhookEvent["type"];

/** The OpenAPI 3.1 `webhooks` entries (one per event type), with the signing headers. */
export function buildWebhookOpenApi(toJsonSchema: (s: z.ZodType) => unknown): Record<string, unknown> {
  const header = (name: string, description: string) => ({
    name,
    in: "header",
    required: true,
    description,
    schema: { type: "string" },
  });
  const parameters = [
    header(
      "Portal-Signature",
      "t=<unix seconds>,v1=<hex HMAC-SHA256 of `${t}.${raw body}` keyed with the webhook secret>. Reject if t is more than 5 minutes away from your clock.",
    ),
    header(
      "Portal-Event-Id",
      "Stable id of the event: deliveries are at-least-once, so ignore an id you have already processed.",
    ),
    header("Portal-Event-Type", "request.created, request.updated or ping"),
  ];
  const entry = (summary: string) => ({
    post: {
      summary,
      parameters,
      requestBody: { required: true, content: { "application/json": { schema: toJsonSchema(webhookEventSchema) } } },
      responses: {
        "2XX": {
          description:
            "Received. Anything else (or no answer within 10 s) is retried with backoff; 4xx other than 408/429 is not.",
        },
      },
    },
  });
  return {
    "request.created": entry("A request reached your company (its statutory clock started)"),
    "request.updated": entry("One of your company's requests changed (status, deadline, message, assignment…)"),
    ping: entry("A test event sent from the webhooks page"),
  };
}

// --- URL and address checks.

export class WebhookUrlError extends Error {
  constructor(
    readonly code:
      "invalid" | "https_required" | "port_not_allowed" | "credentials" | "address_not_allowed" | "unresolvable",
  ) {
    super(`webhook URL refused: ${code}`);
    this.name = "WebhookUrlError";
  }
}

/** Addresses no webhook may reach: loopback, private, CGNAT, link-local (cloud metadata), documentation, multicast, reserved. */
const FORBIDDEN = new net.BlockList();
for (const [prefix, bits] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.88.99.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const)
  FORBIDDEN.addSubnet(prefix, bits, "ipv4");
/** Inside global unicast (2000::/3) these still tunnel to, or stand for, somewhere else. */
for (const [prefix, bits] of [
  ["2001::", 32], // Teredo
  ["2001:10::", 28], // ORCHID
  ["2001:20::", 28], // ORCHIDv2
  ["2001:db8::", 32], // documentation
  ["2002::", 16], // 6to4: embeds an IPv4 address
  ["3fff::", 20], // documentation
] as const)
  FORBIDDEN.addSubnet(prefix, bits, "ipv6");
const GLOBAL_UNICAST_V6 = new net.BlockList();
GLOBAL_UNICAST_V6.addSubnet("2000::", 3, "ipv6");
const LOOPBACK = new net.BlockList();
LOOPBACK.addSubnet("127.0.0.0", 8, "ipv4");
LOOPBACK.addAddress("::1", "ipv6");

/**
 * Whether a webhook may connect to `address`. IPv6 must be global unicast: that excludes ::1,
 * ::, IPv4-mapped/compatible forms (which would smuggle 127.0.0.1), NAT64, ULA fc00::/7,
 * link-local fe80::/10 and multicast ff00::/8 at once.
 */
export function isAllowedWebhookAddress(address: string, opts: { allowLoopback?: boolean } = {}): boolean {
  const family = net.isIP(address);
  if (family === 0) return false;
  const type = family === 4 ? "ipv4" : "ipv6";
  if (opts.allowLoopback && LOOPBACK.check(address, type)) return true;
  if (family === 6 && !GLOBAL_UNICAST_V6.check(address, "ipv6")) return false;
  return !FORBIDDEN.check(address, type);
}

export type LookupAll = (hostname: string) => Promise<{ address: string; family: number }[]>;
const systemLookup: LookupAll = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

/** Loopback is a test/development convenience; production refuses it even if the flag were set. */
function loopbackAllowed(): boolean {
  const { config } = getRuntime();
  return config.webhookAllowLoopback === true && config.env !== "production";
}

/**
 * Production sends to 443 and to the ports the operator listed in WEBHOOK_ALLOWED_PORTS only:
 * otherwise a vendor admin could make the portal probe a public host's other services (SSH,
 * Redis, admin consoles). Development and tests keep any port for local receivers.
 */
function portAllowed(url: URL): boolean {
  const { config } = getRuntime();
  if (config.env !== "production") return true;
  const port = url.port === "" ? (url.protocol === "https:" ? 443 : 80) : Number(url.port);
  return port === 443 || config.webhookAllowedPorts.includes(port);
}

/** Parses and checks the URL's shape (no DNS). */
export function parseWebhookUrl(raw: string): URL {
  const trimmed = raw.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_URL_LENGTH || /[\u0000-\u001f\s]/.test(trimmed))
    throw new WebhookUrlError("invalid");
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new WebhookUrlError("invalid");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new WebhookUrlError("https_required");
  if (url.username || url.password) throw new WebhookUrlError("credentials");
  if (!url.hostname || url.hash || url.port === "0") throw new WebhookUrlError("invalid");
  return url;
}

export interface PinnedTarget {
  url: URL;
  /** The hostname without IPv6 brackets (what TLS checks the certificate against). */
  host: string;
  address: string;
  family: 4 | 6;
}

/**
 * Resolves the URL's host and checks every address it resolves to (a name with one private
 * record among public ones is refused). Returns the address to connect to.
 */
export async function resolveWebhookTarget(url: URL, opts: { lookup?: LookupAll } = {}): Promise<PinnedTarget> {
  const allowLoopback = loopbackAllowed();
  if (url.protocol !== "https:" && !allowLoopback) throw new WebhookUrlError("https_required");
  // Before the lookup: a refused port costs no DNS query (and is checked again at every delivery).
  if (!portAllowed(url)) throw new WebhookUrlError("port_not_allowed");
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  let addresses: { address: string; family: number }[];
  if (net.isIP(host)) addresses = [{ address: host, family: net.isIP(host) }];
  else {
    let timer: NodeJS.Timeout | undefined;
    try {
      // getaddrinfo has no timeout of its own: a stuck resolver must not hold a worker slot.
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error("lookup timeout")), DNS_TIMEOUT_MS);
      });
      addresses = await Promise.race([(opts.lookup ?? systemLookup)(host), timeout]);
    } catch {
      throw new WebhookUrlError("unresolvable");
    } finally {
      clearTimeout(timer);
    }
  }
  if (addresses.length === 0) throw new WebhookUrlError("unresolvable");
  if (!addresses.every((a) => isAllowedWebhookAddress(a.address, { allowLoopback })))
    throw new WebhookUrlError("address_not_allowed");
  const isLoopback = addresses.every((a) => LOOPBACK.check(a.address, net.isIP(a.address) === 4 ? "ipv4" : "ipv6"));
  // Plain http only to this machine, only when the test flag allows it: everything else is https.
  if (url.protocol !== "https:" && !(allowLoopback && isLoopback)) throw new WebhookUrlError("https_required");
  const first = addresses[0]!;
  return { url, host, address: first.address, family: net.isIP(first.address) === 6 ? 6 : 4 };
}

// --- Secrets.

function secretAad(vendorId: number): string {
  // Binds the ciphertext to its vendor: a secret copied onto another vendor's row fails to decrypt.
  return `webhook-secret:${vendorId}`;
}

function encryptSecret(secret: string, vendorId: number): string {
  return encryptForName(Buffer.from(secret, "utf8"), secretAad(vendorId), getRuntime().config.dataKey).toString(
    "base64",
  );
}

function decryptSecret(secretEnc: string, vendorId: number): string {
  return decryptForName(Buffer.from(secretEnc, "base64"), secretAad(vendorId), getRuntime().config.dataKey).toString(
    "utf8",
  );
}

function newSecret(): string {
  return `${WEBHOOK_SECRET_PREFIX}${crypto.randomBytes(32).toString("base64url")}`;
}

/** `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>` — the README shows how to check it. */
export function signWebhookPayload(secret: string, timestampSeconds: number, body: string): string {
  const mac = crypto.createHmac("sha256", secret).update(`${timestampSeconds}.${body}`).digest("hex");
  return `t=${timestampSeconds},v1=${mac}`;
}

// --- Managing webhooks (vendor admins only; the vendor always comes from the session).

function requireWebhookAdmin(admin: SessionUser): asserts admin is WebhookAdmin {
  if (admin.role !== "vendor_admin" || admin.vendorId == null) throw new ServiceError(404, "not_found", "Not found");
}

interface WebhookRow {
  id: number;
  vendor_id: number;
  url: string;
  secret_enc: string;
  secret_prefix: string;
  created_at: number;
  disabled_at: number | null;
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
    ? (prepareCached(getSqlite(), "SELECT * FROM webhooks WHERE id = ? AND vendor_id = ?").get(id, admin.vendorId) as
        WebhookRow | undefined)
    : undefined;
  if (!row) deny(admin, "webhook", id, now);
  return row;
}

function countActive(vendorId: number): number {
  return (
    prepareCached(getSqlite(), "SELECT count(*) AS n FROM webhooks WHERE vendor_id = ? AND disabled_at IS NULL").get(
      vendorId,
    ) as { n: number }
  ).n;
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
  const secret = newSecret();
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
        encryptSecret(secret, admin.vendorId),
        secret.slice(0, WEBHOOK_SECRET_PREFIX.length + 4),
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
  return (
    prepareCached(getSqlite(), "SELECT * FROM webhooks WHERE vendor_id = ? ORDER BY id").all(
      admin.vendorId,
    ) as WebhookRow[]
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
    const row = prepareCached(getSqlite(), "SELECT disabled_at FROM webhooks WHERE id = ?").get(id) as {
      disabled_at: number | null;
    };
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
  const secret = newSecret();
  inTransaction(() => {
    prepareCached(
      getSqlite(),
      "UPDATE webhooks SET secret_enc = ?, secret_prefix = ? WHERE id = ? AND vendor_id = ?",
    ).run(encryptSecret(secret, admin.vendorId), secret.slice(0, WEBHOOK_SECRET_PREFIX.length + 4), id, admin.vendorId);
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
    insertDelivery(
      hook.id,
      admin.vendorId,
      { id: newEventId(), type: "ping", createdAt: now.toISOString(), data: { eventType: "ping" } },
      now,
    );
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
    ? (prepareCached(
        getSqlite(),
        "SELECT id, webhook_id, status FROM webhook_deliveries WHERE id = ? AND vendor_id = ?",
      ).get(deliveryId, admin.vendorId) as { id: number; webhook_id: number; status: string } | undefined)
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
  status: "pending" | "sending" | "delivered" | "failed";
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
  const rows = prepareCached(
    sqlite,
    "SELECT * FROM webhook_deliveries WHERE vendor_id = ? ORDER BY id DESC LIMIT ?",
  ).all(admin.vendorId, Math.min(Math.max(opts.limit ?? 50, 1), 200)) as Record<string, unknown>[];
  const attemptsOf = prepareCached(
    sqlite,
    "SELECT attempt, at, status_code, error, duration_ms FROM webhook_attempts WHERE delivery_id = ? ORDER BY id",
  );
  return rows.map((r) => {
    const payload = JSON.parse(r.payload as string) as { data?: { reference?: unknown } };
    return {
      id: r.id as number,
      webhookId: r.webhook_id as number,
      eventId: r.event_id as string,
      eventType: r.event_type as string,
      reference: typeof payload.data?.reference === "string" ? payload.data.reference : null,
      status: r.status as DeliveryView["status"],
      attempts: r.attempts as number,
      lastStatusCode: (r.last_status_code as number | null) ?? null,
      lastError: (r.last_error as string | null) ?? null,
      createdAt: r.created_at as number,
      nextAttemptAt: r.next_attempt_at as number,
      deliveredAt: (r.delivered_at as number | null) ?? null,
      history: (
        attemptsOf.all(r.id) as {
          attempt: number;
          at: number;
          status_code: number | null;
          error: string | null;
          duration_ms: number;
        }[]
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

// --- Enqueueing (inside the change's transaction).

function newEventId(): string {
  return `evt_${crypto.randomBytes(16).toString("base64url")}`;
}

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
  const hooks = prepareCached(
    sqlite,
    "SELECT id FROM webhooks WHERE vendor_id = ? AND disabled_at IS NULL ORDER BY id",
  ).all(input.vendorId) as { id: number }[];
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

// --- Delivery (the worker, after commit).

interface ClaimedDelivery {
  id: number;
  webhook_id: number;
  vendor_id: number;
  event_id: string;
  event_type: string;
  payload: string;
  attempts: number;
  url: string;
  secret_enc: string;
}

/** Claims due deliveries of active webhooks: pending and due, or sending with an expired lease (a crashed worker). */
export function claimDueWebhooks(opts: { owner: string; now: Date; limit?: number }): ClaimedDelivery[] {
  const sqlite = getSqlite();
  const t = opts.now.getTime();
  return inTransaction(() => {
    const rows = prepareCached(
      sqlite,
      `SELECT d.id, d.webhook_id, d.vendor_id, d.event_id, d.event_type, d.payload, d.attempts, w.url, w.secret_enc
         FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id AND w.vendor_id = d.vendor_id
         WHERE w.disabled_at IS NULL AND ((d.status = 'pending' AND d.next_attempt_at <= ?) OR (d.status = 'sending' AND d.lease_until < ?))
         ORDER BY d.next_attempt_at, d.id LIMIT ?`,
    ).all(t, t, opts.limit ?? 10) as ClaimedDelivery[];
    const claim = prepareCached(
      sqlite,
      "UPDATE webhook_deliveries SET status = 'sending', lease_owner = ?, lease_until = ?, attempts = attempts + 1 WHERE id = ?",
    );
    for (const r of rows) claim.run(opts.owner, t + WEBHOOK_LEASE_MS, r.id);
    return rows.map((r) => ({ ...r, attempts: r.attempts + 1 }));
  });
}

interface PostResult {
  statusCode: number | null;
  error: string | null;
  retryAfterMs: number | null;
}

/** Makes the HTTP client connect to the checked address whatever DNS says now. */
function pinnedLookup(target: PinnedTarget): net.LookupFunction {
  return ((
    _hostname: string,
    options: dns.LookupOptions,
    callback: (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void,
  ) => {
    if (options?.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  }) as net.LookupFunction;
}

function parseRetryAfter(value: string | string[] | undefined): number | null {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v || !/^\d{1,6}$/.test(v.trim())) return null;
  return Math.min(Number(v.trim()) * 1000, 60 * 60_000);
}

/** One POST to the pinned address: no redirects, capped and discarded body, hard timeout. */
function postPinned(
  target: PinnedTarget,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<PostResult> {
  return new Promise((resolve) => {
    let settled = false;
    let statusCode: number | null = null;
    let retryAfterMs: number | null = null;
    const finish = (error: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ statusCode, error: statusCode == null ? error : null, retryAfterMs });
      req.destroy();
    };
    const secure = target.url.protocol === "https:";
    const req = (secure ? https : http).request({
      host: target.host,
      port: target.url.port ? Number(target.url.port) : secure ? 443 : 80,
      path: `${target.url.pathname}${target.url.search}`,
      method: "POST",
      headers: {
        ...headers,
        Host: target.url.host,
        "Content-Type": "application/json",
        "Content-Length": String(Buffer.byteLength(body)),
      },
      lookup: pinnedLookup(target),
      // A fresh connection each time: a pooled socket could have been opened to another address.
      agent: false,
    });
    const timer = setTimeout(() => finish("timeout"), timeoutMs);
    req.on("socket", (socket) => {
      socket.once("connect", () => {
        // Belt and braces: the socket really is connected to the address we checked.
        const remote = (socket.remoteAddress ?? "").replace(/^::ffff:/, "");
        if (remote !== target.address.replace(/^::ffff:/, "")) finish("address_mismatch");
      });
    });
    req.on("response", (res) => {
      statusCode = res.statusCode ?? null;
      if (statusCode === 429 || statusCode === 503) retryAfterMs = parseRetryAfter(res.headers["retry-after"]);
      let read = 0;
      res.on("data", (chunk: Buffer) => {
        read += chunk.length;
        if (read > WEBHOOK_MAX_RESPONSE_BYTES) finish(null);
      });
      res.on("end", () => finish(null));
      res.on("error", () => finish(null));
      res.on("close", () => finish(null));
    });
    req.on("error", (err: NodeJS.ErrnoException) => finish((err.code ?? err.message ?? "error").slice(0, 200)));
    req.end(body);
  });
}

export interface WebhookDispatchOutcome {
  delivered: number;
  retried: number;
  failed: number;
}

type AttemptResult = PostResult & { permanent: boolean };

async function attemptDelivery(
  row: ClaimedDelivery,
  opts: { at: Date; lookup?: LookupAll; timeoutMs: number },
): Promise<AttemptResult> {
  let secret: string;
  let target: PinnedTarget;
  try {
    secret = decryptSecret(row.secret_enc, row.vendor_id);
    // Checked again at every delivery: the name may point somewhere else since registration.
    target = await resolveWebhookTarget(parseWebhookUrl(row.url), { lookup: opts.lookup });
  } catch (err) {
    if (err instanceof WebhookUrlError)
      return { statusCode: null, error: err.code, retryAfterMs: null, permanent: err.code !== "unresolvable" };
    return { statusCode: null, error: "secret_unreadable", retryAfterMs: null, permanent: true };
  }
  const t = Math.floor(opts.at.getTime() / 1000);
  const result = await postPinned(
    target,
    row.payload,
    {
      "User-Agent": WEBHOOK_USER_AGENT,
      "Portal-Signature": signWebhookPayload(secret, t, row.payload),
      "Portal-Event-Id": row.event_id,
      "Portal-Event-Type": row.event_type,
    },
    opts.timeoutMs,
  );
  const s = result.statusCode;
  // 408/429/5xx and no answer are worth retrying; any other non-2xx (including a redirect, never followed) is not.
  const permanent = s != null && !(s >= 200 && s < 300) && s !== 408 && s !== 429 && s < 500;
  return { ...result, error: s != null && (s < 200 || s >= 300) ? `http_${s}` : result.error, permanent };
}

/** Sends claimed deliveries (in parallel); each is settled only if this owner still holds its lease. */
export async function dispatchWebhooks(opts: {
  now: () => Date;
  owner?: string;
  limit?: number;
  lookup?: LookupAll;
  timeoutMs?: number;
  random?: () => number;
}): Promise<WebhookDispatchOutcome> {
  const owner = opts.owner ?? `worker-${process.pid}`;
  const rows = claimDueWebhooks({ owner, now: opts.now(), limit: opts.limit });
  const outcome: WebhookDispatchOutcome = { delivered: 0, retried: 0, failed: 0 };
  await Promise.all(
    rows.map(async (row) => {
      const at = opts.now();
      const started = performance.now();
      const r = await attemptDelivery(row, {
        at,
        lookup: opts.lookup,
        timeoutMs: opts.timeoutMs ?? WEBHOOK_TIMEOUT_MS,
      });
      const durationMs = Math.max(0, Math.round(performance.now() - started));
      const done = opts.now().getTime();
      const ok = r.statusCode != null && r.statusCode >= 200 && r.statusCode < 300;
      const verdict = ok ? "delivered" : r.permanent || row.attempts >= WEBHOOK_MAX_ATTEMPTS ? "failed" : "retry";
      const sqlite = getSqlite();
      inTransaction(() => {
        const n = (
          prepareCached(sqlite, "SELECT count(*) AS n FROM webhook_attempts WHERE delivery_id = ?").get(row.id) as {
            n: number;
          }
        ).n;
        prepareCached(
          sqlite,
          "INSERT INTO webhook_attempts (delivery_id, attempt, at, status_code, error, duration_ms) VALUES (?, ?, ?, ?, ?, ?)",
        ).run(row.id, n + 1, at.getTime(), r.statusCode, r.error, durationMs);
        if (verdict === "delivered") {
          prepareCached(
            sqlite,
            "UPDATE webhook_deliveries SET status = 'delivered', delivered_at = ?, last_status_code = ?, last_error = NULL, lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?",
          ).run(done, r.statusCode, row.id, owner);
        } else if (verdict === "failed") {
          prepareCached(
            sqlite,
            "UPDATE webhook_deliveries SET status = 'failed', last_status_code = ?, last_error = ?, lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?",
          ).run(r.statusCode, r.error, row.id, owner);
        } else {
          const delay = Math.max(retryDelayMs(row.attempts, opts.random), r.retryAfterMs ?? 0);
          prepareCached(
            sqlite,
            "UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = ?, last_status_code = ?, last_error = ?, lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?",
          ).run(done + delay, r.statusCode, r.error, row.id, owner);
        }
      });
      if (verdict === "delivered") outcome.delivered += 1;
      else if (verdict === "failed") outcome.failed += 1;
      else outcome.retried += 1;
    }),
  );
  return outcome;
}

/** Delivered events are history after this long (a vendor can read its own systems' logs). */
export const WEBHOOK_HISTORY_DAYS = 90;

/**
 * Housekeeping: delivered and failed deliveries older than WEBHOOK_HISTORY_DAYS, with their
 * attempts, are removed. Pending ones are never touched (they are still to be sent).
 */
export function pruneWebhookHistory(now: Date, sqlite: SqlConnection = getSqlite()): number {
  const cutoff = now.getTime() - WEBHOOK_HISTORY_DAYS * 86_400_000;
  return inTransaction(() => {
    const old = "SELECT id FROM webhook_deliveries WHERE status IN ('delivered', 'failed') AND created_at < ?";
    prepareCached(sqlite, `DELETE FROM webhook_attempts WHERE delivery_id IN (${old})`).run(cutoff);
    return prepareCached(sqlite, `DELETE FROM webhook_deliveries WHERE id IN (${old})`).run(cutoff).changes;
  });
}
