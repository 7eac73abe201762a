/**
 * The vendor API (/api/v1/…) for vendors' own systems. Authenticated by API key only (a Bearer
 * token; cookies are ignored, so no CSRF surface); the vendor comes from the key. It calls the
 * same scoped module as the workspace (forVendor), so the state machine, the deadline rules
 * and tenant isolation are the same. Errors are JSON `{ error, details }`; a POST with an
 * `Idempotency-Key` answers the same way twice.
 */
import crypto from "node:crypto";
import { z } from "zod";
import { REQUEST_TYPES, JURISDICTIONS, type JurisdictionCode, type RequestType } from "~/domain/deadlines";

const TYPES = REQUEST_TYPES as unknown as [RequestType, ...RequestType[]];
const CODES = JURISDICTIONS as unknown as [JurisdictionCode, ...JurisdictionCode[]];
import { DELIVERED_OPEN_STATUSES } from "~/domain/request-machine";
import { staffActionSchema, type StaffAction } from "~/domain/schemas";
import { appendAudit } from "./audit.server";
import { sha256Hex, type SessionUser } from "./auth.server";
import { getSqlite, inTransaction } from "./db.server";
import { ServiceError } from "./errors.server";
import { forVendor, getResponsePackage, listMessages, type VendorStaff } from "./vendor-access.server";

export const API_KEY_PREFIX = "brp_";

export function apiError(status: number, error: string, details: unknown = null): Response {
  return Response.json({ error, details }, { status, headers: { "Cache-Control": "no-store" } });
}

/** Creates a key for the admin's vendor; the clear key is returned once and never stored. */
export function createApiKey(admin: SessionUser & { vendorId: number }, name: string, now: Date): { key: string; id: number } {
  if (admin.role !== "vendor_admin") throw new ServiceError(404, "not_found", "Not found");
  const key = `${API_KEY_PREFIX}${crypto.randomBytes(32).toString("base64url")}`;
  const id = inTransaction(() => {
    const id = Number(
      getSqlite()
        .prepare("INSERT INTO api_keys (vendor_id, name, key_hash, prefix, created_by_user_id, created_at) VALUES (?, ?, ?, ?, ?, ?)")
        .run(admin.vendorId, name, sha256Hex(key), key.slice(0, 10), admin.id, now.getTime()).lastInsertRowid,
    );
    appendAudit({ at: now, actorType: "staff", actorId: admin.id, vendorId: admin.vendorId, action: "apikey.created", objectType: "api_key", objectId: id });
    return id;
  });
  return { key, id };
}

export function revokeApiKey(admin: SessionUser & { vendorId: number }, id: number, now: Date): boolean {
  if (admin.role !== "vendor_admin") throw new ServiceError(404, "not_found", "Not found");
  return inTransaction(() => {
    const changed = getSqlite().prepare("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND vendor_id = ? AND revoked_at IS NULL").run(now.getTime(), id, admin.vendorId).changes === 1;
    if (changed) appendAudit({ at: now, actorType: "staff", actorId: admin.id, vendorId: admin.vendorId, action: "apikey.revoked", objectType: "api_key", objectId: id });
    return changed;
  });
}

export function listApiKeys(vendorId: number) {
  return getSqlite()
    .prepare("SELECT id, name, prefix, created_at, last_used_at, revoked_at FROM api_keys WHERE vendor_id = ? ORDER BY id DESC")
    .all(vendorId) as { id: number; name: string; prefix: string; created_at: number; last_used_at: number | null; revoked_at: number | null }[];
}

/** The caller behind a Bearer key, as a vendor principal; a failure is a 401 JSON answer. */
export function authenticateApi(request: Request, now: Date): VendorStaff {
  const header = request.headers.get("Authorization") ?? "";
  const m = /^Bearer (brp_[A-Za-z0-9_-]{43})$/.exec(header);
  if (!m) throw apiError(401, "unauthorized", "Send Authorization: Bearer <API key>");
  const row = getSqlite()
    .prepare("SELECT id, vendor_id, created_by_user_id, last_used_at FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL")
    .get(sha256Hex(m[1]!)) as { id: number; vendor_id: number; created_by_user_id: number; last_used_at: number | null } | undefined;
  if (!row) throw apiError(401, "unauthorized", "Unknown or revoked API key");
  // Write at most once a minute: reads stay cheap.
  if (!row.last_used_at || now.getTime() - row.last_used_at > 60_000) getSqlite().prepare("UPDATE api_keys SET last_used_at = ? WHERE id = ?").run(now.getTime(), row.id);
  return { id: row.created_by_user_id, email: `api-key-${row.id}`, name: `API key ${row.id}`, role: "vendor_agent", vendorId: row.vendor_id, organisation: null, jurisdictions: [], locale: "en" };
}

// --- Response schemas (the OpenAPI document is generated from these and from the input schemas).

export const apiRequestSummarySchema = z.object({
  reference: z.string(),
  type: z.enum(TYPES),
  jurisdiction: z.enum(CODES),
  status: z.string(),
  receivedAt: z.string().nullable(),
  respondBy: z.string().nullable(),
  statutory: z.boolean(),
  assigneeUserId: z.number().nullable(),
});
export const apiRequestListSchema = z.object({ items: z.array(apiRequestSummarySchema), next: z.string().nullable(), open: z.number() });
export const apiRequestDetailSchema = apiRequestSummarySchema.extend({
  resident: z.object({ fullName: z.string(), email: z.string() }),
  deadline: z
    .object({ ruleId: z.string(), ruleVersion: z.number(), citation: z.string(), originalRespondBy: z.string(), respondBy: z.string(), extendedTo: z.string().nullable(), acknowledgeBy: z.string().nullable(), state: z.string() })
    .nullable(),
  events: z.array(z.object({ type: z.string(), at: z.string() })),
  messages: z.array(z.object({ author: z.enum(["resident", "staff"]), body: z.string(), at: z.string() })),
  responsePackage: z.object({ kind: z.string(), payload: z.unknown() }).nullable(),
});
export const apiErrorSchema = z.object({ error: z.string(), details: z.unknown() });
export const apiListQuerySchema = z.object({
  status: z.enum(DELIVERED_OPEN_STATUSES).optional(),
  type: z.enum(TYPES).optional(),
  jurisdiction: z.enum(CODES).optional(),
  after: z.string().max(40).optional(),
});

export function listForApi(principal: VendorStaff, query: Record<string, string>) {
  const q = apiListQuerySchema.safeParse(query);
  if (!q.success) throw apiError(400, "invalid_query", z.flattenError(q.error).fieldErrors);
  const page = forVendor(principal).listQueue({ ...q.data, cursor: q.data.after });
  return {
    items: page.items.map((i) => ({
      reference: i.reference,
      type: i.type,
      jurisdiction: i.jurisdiction as JurisdictionCode,
      status: i.status,
      receivedAt: i.receivedAt == null ? null : new Date(i.receivedAt).toISOString(),
      respondBy: i.respondBy,
      statutory: i.statutory,
      assigneeUserId: i.assigneeUserId,
    })),
    next: page.nextCursor,
    open: page.openCount,
  } satisfies z.infer<typeof apiRequestListSchema>;
}

export function detailForApi(principal: VendorStaff, reference: string, now: Date): z.infer<typeof apiRequestDetailSchema> {
  const v = forVendor(principal).getRequest(reference, { now, locale: "en" });
  const r = v.request;
  return {
    reference: r.reference,
    type: r.type,
    jurisdiction: r.jurisdiction as JurisdictionCode,
    status: r.status,
    receivedAt: r.received_at == null ? null : new Date(r.received_at).toISOString(),
    respondBy: r.respond_by,
    statutory: r.statutory === 1,
    assigneeUserId: r.assignee_user_id,
    resident: v.resident,
    deadline: v.deadline
      ? {
          ruleId: v.deadline.ruleId,
          ruleVersion: v.deadline.ruleVersion,
          citation: v.deadline.citation,
          originalRespondBy: v.deadline.originalRespondBy,
          respondBy: v.deadline.respondBy,
          extendedTo: v.deadline.extendedTo,
          acknowledgeBy: v.deadline.acknowledgeBy,
          state: v.deadline.state,
        }
      : null,
    events: v.events.map((e) => ({ type: e.type, at: new Date(e.at).toISOString() })),
    messages: listMessages(r.id).map((m) => ({ author: m.author, body: m.body, at: new Date(m.created_at).toISOString() })),
    responsePackage: (() => {
      const p = getResponsePackage(r.id);
      return p ? { kind: p.kind, payload: p.payload } : null;
    })(),
  };
}

/** POST /api/v1/requests/:ref/actions — same action schema and server function as the UI. */
export function actForApi(principal: VendorStaff, reference: string, body: unknown, opts: { now: Date; idempotencyKey: string | null }): Response {
  const bodyText = JSON.stringify(body ?? null);
  const sqlite = getSqlite();
  if (opts.idempotencyKey != null) {
    if (!/^[A-Za-z0-9_-]{8,100}$/.test(opts.idempotencyKey)) return apiError(400, "invalid_idempotency_key", "8-100 characters [A-Za-z0-9_-]");
    const prior = sqlite.prepare("SELECT request_hash, status, body FROM idempotency_keys WHERE vendor_id = ? AND key = ?").get(principal.vendorId, opts.idempotencyKey) as
      | { request_hash: string; status: number; body: string }
      | undefined;
    if (prior) {
      if (prior.request_hash !== sha256Hex(`${reference}\n${bodyText}`)) return apiError(422, "idempotency_key_reused", "This Idempotency-Key was used with a different request");
      return new Response(prior.body, { status: prior.status, headers: { "Content-Type": "application/json", "Idempotent-Replayed": "true" } });
    }
  }
  const parsed = staffActionSchema.safeParse(body);
  let status: number;
  let payload: unknown;
  if (!parsed.success) {
    status = 400;
    payload = { error: "invalid_action", details: z.flattenError(parsed.error).fieldErrors };
  } else {
    try {
      forVendor(principal).act(reference, parsed.data as StaffAction, opts.now);
      status = 200;
      payload = detailForApi(principal, reference, opts.now);
    } catch (err) {
      if (!(err instanceof ServiceError)) throw err;
      status = err.status;
      payload = { error: err.code, details: Object.keys(err.fields).length ? err.fields : err.message };
    }
  }
  const text = JSON.stringify(payload);
  // Only answers that changed nothing or committed are remembered; 404s are not (no oracle).
  if (opts.idempotencyKey != null && status !== 404) {
    sqlite
      .prepare("INSERT OR IGNORE INTO idempotency_keys (vendor_id, key, request_hash, status, body, created_at) VALUES (?, ?, ?, ?, ?, ?)")
      .run(principal.vendorId, opts.idempotencyKey, sha256Hex(`${reference}\n${bodyText}`), status, text, opts.now.getTime());
  }
  return new Response(text, { status, headers: { "Content-Type": "application/json", "Cache-Control": "no-store" } });
}

/** The OpenAPI 3.1 document, generated from the zod schemas (so it cannot drift). */
export function buildOpenApi(publicUrl: string) {
  const js = (s: z.ZodType) => z.toJSONSchema(s, { target: "draft-2020-12", unrepresentable: "any", io: "output" });
  const jsIn = (s: z.ZodType) => z.toJSONSchema(s, { target: "draft-2020-12", unrepresentable: "any", io: "input" });
  const err = { description: "Error", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } };
  return {
    openapi: "3.1.0",
    info: { title: "Biometric Rights Portal — vendor API", version: "1.0.0", description: "For vendors' own systems. Authenticate with `Authorization: Bearer brp_…` (keys are created by vendor admins at /vendor/api-keys)." },
    servers: [{ url: `${publicUrl}/api/v1` }],
    components: {
      securitySchemes: { apiKey: { type: "http", scheme: "bearer" } },
      schemas: {
        Error: js(apiErrorSchema),
        RequestList: js(apiRequestListSchema),
        RequestDetail: js(apiRequestDetailSchema),
        Action: jsIn(staffActionSchema),
      },
    },
    security: [{ apiKey: [] }],
    paths: {
      "/requests": {
        get: {
          summary: "Open requests, nearest deadline first",
          parameters: ["status", "type", "jurisdiction", "after"].map((name) => ({ name, in: "query", required: false, schema: { type: "string" } })),
          responses: { "200": { description: "A page", content: { "application/json": { schema: { $ref: "#/components/schemas/RequestList" } } } }, "400": err, "401": err },
        },
      },
      "/requests/{reference}": {
        get: {
          summary: "One request with its deadline, history, messages and answer",
          parameters: [{ name: "reference", in: "path", required: true, schema: { type: "string", pattern: "^BR-\\d{4}-\\d{6}$" } }],
          responses: { "200": { description: "The request", content: { "application/json": { schema: { $ref: "#/components/schemas/RequestDetail" } } } }, "401": err, "404": err },
        },
      },
      "/requests/{reference}/actions": {
        post: {
          summary: "Acknowledge, ask for information, extend, fulfil (with package/certificate), partly fulfil or deny",
          parameters: [
            { name: "reference", in: "path", required: true, schema: { type: "string" } },
            { name: "Idempotency-Key", in: "header", required: false, schema: { type: "string", pattern: "^[A-Za-z0-9_-]{8,100}$" } },
          ],
          requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/Action" } } } },
          responses: {
            "200": { description: "The request after the action", content: { "application/json": { schema: { $ref: "#/components/schemas/RequestDetail" } } } },
            "400": err,
            "401": err,
            "404": err,
            "409": { ...err, description: "Not allowed in the current state, or by the law (e.g. extension_not_allowed)" },
            "422": err,
          },
        },
      },
    },
  };
}
