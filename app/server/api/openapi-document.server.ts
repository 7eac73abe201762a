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
import { appendAudit } from "../audit/audit-chain.server";
import { BODY_LIMITS } from "../core/body-limits.server";
import { sha256Hex, type SessionUser } from "../security/staff-sessions.server";
import { getSqlite, inTransaction, prepareCached } from "../core/db.server";
import { hitRateLimits } from "../security/rate-limit.server";
import { ServiceError } from "../core/errors.server";
import { forVendor, type VendorStaff } from "../vendor/vendor-access.server";
import { listMessages } from "../vendor/request-messages.server";
import { getResponsePackage } from "../vendor/response-packages.server";
import { RESPONSE_FILE_CONTENT_TYPES } from "~/domain/packages";
import {
  RESPONSE_FILE_LIMITS,
  ResponseFileRejectedError,
  type ResponseFileUpload,
} from "../vendor/response-file-rules.server";
import { responseFileHeaders, type ResponseFileMeta } from "../vendor/response-file-store.server";
import { readRawUpload, readResponseFileForm, RESPONSE_FILE_FIELD } from "../vendor/response-file-uploads.server";
import { buildWebhookOpenApi } from "../webhooks/webhook-contract.server";
import { publicRulesSchema } from "./law-api.server";
import { CSV_COLUMNS, publicBoardSchema } from "../transparency/board.server";

export const API_KEY_PREFIX = "brp_";

export function apiError(status: number, error: string, details: unknown = null): Response {
  return Response.json({ error, details }, { status, headers: { "Cache-Control": "no-store" } });
}

/** Creates a key for the admin's vendor; the clear key is returned once and never stored. */
export function createApiKey(
  admin: SessionUser & { vendorId: number },
  name: string,
  now: Date,
): { key: string; id: number } {
  if (admin.role !== "vendor_admin") throw new ServiceError(404, "not_found", "Not found");
  const key = `${API_KEY_PREFIX}${crypto.randomBytes(32).toString("base64url")}`;
  const id = inTransaction(() => {
    const id = Number(
      prepareCached(
        getSqlite(),
        "INSERT INTO api_keys (vendor_id, name, key_hash, prefix, created_by_user_id, created_at) VALUES (?, ?, ?, ?, ?, ?)",
      ).run(admin.vendorId, name, sha256Hex(key), key.slice(0, 10), admin.id, now.getTime()).lastInsertRowid,
    );
    appendAudit({
      at: now,
      actorType: "staff",
      actorId: admin.id,
      vendorId: admin.vendorId,
      action: "apikey.created",
      objectType: "api_key",
      objectId: id,
    });
    return id;
  });
  return { key, id };
}

export function revokeApiKey(admin: SessionUser & { vendorId: number }, id: number, now: Date): boolean {
  if (admin.role !== "vendor_admin") throw new ServiceError(404, "not_found", "Not found");
  return inTransaction(() => {
    const changed =
      prepareCached(
        getSqlite(),
        "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND vendor_id = ? AND revoked_at IS NULL",
      ).run(now.getTime(), id, admin.vendorId).changes === 1;
    if (changed)
      appendAudit({
        at: now,
        actorType: "staff",
        actorId: admin.id,
        vendorId: admin.vendorId,
        action: "apikey.revoked",
        objectType: "api_key",
        objectId: id,
      });
    return changed;
  });
}

/**
 * The vendor's keys. A key whose creator is disabled is shown revoked from that moment: it no
 * longer authenticates (authenticateApi), also when the account was disabled before disabling
 * revoked the creator's keys, and accounts are never enabled again.
 */
export function listApiKeys(vendorId: number) {
  return prepareCached(
    getSqlite(),
    "SELECT k.id, k.name, k.prefix, k.created_at, k.last_used_at, coalesce(k.revoked_at, u.disabled_at) AS revoked_at FROM api_keys k LEFT JOIN users u ON u.id = k.created_by_user_id WHERE k.vendor_id = ? ORDER BY k.id DESC",
  ).all(vendorId) as {
    id: number;
    name: string;
    prefix: string;
    created_at: number;
    last_used_at: number | null;
    revoked_at: number | null;
  }[];
}

/**
 * The caller behind a Bearer key, as a vendor principal; a failure is a 401 JSON answer. The key
 * acts with its creator's scope, so it works only while the creator's account is enabled (and
 * still in the key's vendor); its audit rows name the key, with the creator (apiKeyId).
 */
export function authenticateApi(request: Request, now: Date): VendorStaff {
  const header = request.headers.get("Authorization") ?? "";
  const m = /^Bearer (brp_[A-Za-z0-9_-]{43})$/.exec(header);
  if (!m) throw apiError(401, "unauthorized", "Send Authorization: Bearer <API key>");
  const row = prepareCached(
    getSqlite(),
    `SELECT k.id, k.vendor_id, k.created_by_user_id, k.last_used_at FROM api_keys k JOIN users u ON u.id = k.created_by_user_id
      WHERE k.key_hash = ? AND k.revoked_at IS NULL AND u.disabled_at IS NULL AND u.vendor_id = k.vendor_id`,
  ).get(sha256Hex(m[1]!)) as
    { id: number; vendor_id: number; created_by_user_id: number; last_used_at: number | null } | undefined;
  if (!row) throw apiError(401, "unauthorized", "Unknown or revoked API key");
  const limited = hitRateLimits([{ name: "apiPerKey", key: `api-key:${row.id}` }], now);
  if (!limited.ok) {
    const res = apiError(429, "rate_limited", { retryAfterSeconds: limited.retryAfterSeconds });
    res.headers.set("Retry-After", String(limited.retryAfterSeconds));
    throw res;
  }
  // Write at most once a minute: reads stay cheap.
  if (!row.last_used_at || now.getTime() - row.last_used_at > 60_000)
    prepareCached(getSqlite(), "UPDATE api_keys SET last_used_at = ? WHERE id = ?").run(now.getTime(), row.id);
  return {
    id: row.created_by_user_id,
    email: `api-key-${row.id}`,
    name: `API key ${row.id}`,
    role: "vendor_agent",
    vendorId: row.vendor_id,
    organisation: null,
    jurisdictions: [],
    locale: "en",
    apiKeyId: row.id,
  };
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
export const apiRequestListSchema = z.object({
  items: z.array(apiRequestSummarySchema),
  next: z.string().nullable(),
  open: z.number(),
});
export const apiRequestDetailSchema = apiRequestSummarySchema.extend({
  resident: z.object({ fullName: z.string(), email: z.string() }),
  deadline: z
    .object({
      ruleId: z.string(),
      ruleVersion: z.number(),
      citation: z.string(),
      originalRespondBy: z.string(),
      respondBy: z.string(),
      extendedTo: z.string().nullable(),
      acknowledgeBy: z.string().nullable(),
      state: z.string(),
      extension: z
        .object({ maxRespondBy: z.string(), noticeBy: z.string() })
        .nullable()
        .describe("What the law allows: the latest extended date and the day the notice of extension is due."),
      latestDefensible: z
        .object({
          respondBy: z.string(),
          noticeBy: z.string().nullable(),
          maxRespondBy: z.string().nullable(),
          acknowledgeBy: z.string().nullable(),
          complaintDeadline: z.string().nullable(),
        })
        .nullable()
        .describe(
          "Where the law is unsettled: every date under the later defensible reading (the earlier date stays the deadline).",
        ),
    })
    .nullable(),
  events: z.array(z.object({ type: z.string(), at: z.string() })),
  messages: z.array(z.object({ author: z.enum(["resident", "staff"]), body: z.string(), at: z.string() })),
  responsePackage: z.object({ kind: z.string(), payload: z.unknown() }).nullable(),
});
export const apiErrorSchema = z.object({ error: z.string(), details: z.unknown() });
export const apiResponseFileSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  contentType: z.enum(RESPONSE_FILE_CONTENT_TYPES),
  size: z.number().int(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: z.string(),
});
export const apiResponseFileListSchema = z.object({
  items: z.array(apiResponseFileSchema),
  totalBytes: z.number().int(),
  limits: z.object({ maxFileBytes: z.number().int(), maxFiles: z.number().int(), maxTotalBytes: z.number().int() }),
});

// The public deadline API's shapes (deadline-api.server.ts builds them; pinned there: add, never rename).
const localizedSchema = z.object({ en: z.string(), "fr-CA": z.string() });
const periodSchema = z.object({ kind: z.enum(["calendar_days", "business_days", "months"]), length: z.number() });
const countingSchema = z.enum(["exclude_receipt_day", "receipt_day_is_day_one", "period_beginning_with_receipt_day"]);
const PAUSE_MODE = z.enum(["suspend", "suspend_inclusive", "restart"]);
const rollForwardSchema = z.enum(["none", "weekends_and_holidays", "sundays_and_holidays"]);
const latestDefensibleSchema = z
  .object({
    respondBy: z.string(),
    noticeBy: z.string().nullable(),
    maxRespondBy: z.string().nullable(),
    acknowledgeBy: z.string().nullable(),
    complaintDeadline: z.string().nullable(),
  })
  .nullable()
  .describe(
    "Where the law is unsettled: every date under the later defensible reading, shown beside the deadline (the earlier date stays the deadline). Null where the law is settled.",
  );
export const publicDeadlineSchema = z.object({
  jurisdiction: z.enum(CODES),
  jurisdictionName: z.string(),
  type: z.enum(TYPES),
  ruleId: z.string(),
  ruleVersion: z.number().int(),
  regime: z.string(),
  timeZone: z.string(),
  receivedOn: z.string(),
  statutory: z.boolean(),
  respondBy: z.string().nullable(),
  respondByInstant: z.string().nullable(),
  acknowledgeBy: z.string().nullable(),
  extension: z.object({ maxRespondBy: z.string(), noticeBy: z.string() }).nullable(),
  noReply: z.literal("deemed_refusal").nullable(),
  citation: z.string(),
  citations: z.array(z.string()),
  summary: z.string(),
  serviceTarget: z
    .object({ respondBy: z.string(), days: z.number(), statutory: z.literal(false), requirements: z.string() })
    .nullable(),
  complaint: z
    .object({
      regulator: z.string(),
      url: z.string().nullable(),
      windowText: z.string(),
      deadline: z.string().nullable(),
    })
    .nullable(),
  latestDefensibleRespondBy: z.string().nullable(),
  latestDefensible: latestDefensibleSchema,
  lastReviewed: z.string().nullable().describe("Date this rule version was last checked against the law (YYYY-MM-DD)."),
  effectiveFrom: z.string(),
  computation: z
    .object({ citation: z.string(), description: z.string() })
    .describe(
      "How this jurisdiction's law counts time and moves a last day off a non-working day (every date of the request).",
    ),
  uncertainties: z
    .array(z.object({ id: z.string(), text: z.string(), sources: z.array(z.string()) }))
    .describe("Unsettled points, with both readings and the sources."),
  explanation: z.array(z.string()),
});
export const publicDeadlineErrorSchema = z.object({
  error: z.string(),
  valid: z.object({
    jurisdiction: z.array(z.string()),
    type: z.array(z.string()),
    receivedAt: z.string(),
    lang: z.array(z.string()),
  }),
});
export const publicJurisdictionsSchema = z.object({
  jurisdictions: z.array(
    z.object({
      code: z.enum(CODES),
      name: localizedSchema,
      regime: z.string(),
      rules: z.array(
        z.object({
          id: z.string(),
          version: z.number().int(),
          effectiveFrom: z.string(),
          type: z.enum(TYPES),
          regime: z.string(),
          statutory: z.boolean(),
          citation: z.string(),
          citations: z.array(z.string()),
          summary: localizedSchema,
          period: periodSchema.nullable(),
          counting: countingSchema,
          rollForward: rollForwardSchema,
          timeZone: z.string(),
          holidays: z.object({ calendar: z.string(), citation: z.string() }),
          acknowledgement: z
            .object({ period: periodSchema, counting: countingSchema, citation: z.string() })
            .nullable(),
          extension: z
            .object({
              additional: periodSchema,
              noticeBy: z.literal("within_original_period"),
              conditions: localizedSchema,
              maxTimes: z.literal(1),
              citation: z.string(),
            })
            .nullable(),
          pause: z.object({
            allowed: z.boolean(),
            reasons: z.array(z.enum(["identity", "clarification"])),
            modes: z.object({ identity: PAUSE_MODE.optional(), clarification: PAUSE_MODE.optional() }),
            citation: z.string(),
            explanation: localizedSchema,
          }),
          noReply: z.literal("deemed_refusal").nullable(),
          complaint: z
            .object({
              regulator: localizedSchema,
              url: z.string().nullable(),
              window: periodSchema.nullable(),
              windowText: localizedSchema,
              citation: z.string(),
            })
            .nullable(),
          nonStatutory: z.object({ requirements: localizedSchema, defaultServiceTargetDays: z.number() }).nullable(),
          computation: z.object({
            id: z.string(),
            citation: z.string(),
            description: localizedSchema,
            rollForward: rollForwardSchema,
            rolls: z.array(z.enum(["response", "extension_notice", "extension_end", "acknowledgement", "complaint"])),
            holidays: z.object({ calendar: z.string(), citation: z.string() }),
            certainty: z.enum(["text", "secondary", "memory"]),
          }),
          latestDefensibleReading: z
            .object({
              counting: countingSchema,
              rollForward: rollForwardSchema,
              citation: z.string(),
              everyDate: z.boolean(),
              holidays: z.object({ calendar: z.string(), citation: z.string() }).nullable(),
            })
            .nullable(),
          uncertainties: z.array(
            z.object({
              id: z.string(),
              text: localizedSchema,
              sources: z.array(z.string()),
              inLatestDefensibleDate: z.boolean(),
            }),
          ),
          lastReviewed: z.string().nullable(),
          replaces: z
            .object({
              version: z.number().int(),
              reason: z.enum(["correction", "change_in_law"]),
              changes: localizedSchema,
            })
            .nullable(),
          notes: z.array(z.string()),
        }),
      ),
    }),
  ),
});
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

export function detailForApi(
  principal: VendorStaff,
  reference: string,
  now: Date,
): z.infer<typeof apiRequestDetailSchema> {
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
          extension: v.deadline.extension,
          latestDefensible: v.deadline.latestDefensible,
        }
      : null,
    events: v.events.map((e) => ({ type: e.type, at: new Date(e.at).toISOString() })),
    messages: listMessages(r.id).map((m) => ({
      author: m.author,
      body: m.body,
      at: new Date(m.created_at).toISOString(),
    })),
    responsePackage: (() => {
      const p = getResponsePackage(r.id);
      return p ? { kind: p.kind, payload: p.payload } : null;
    })(),
  };
}

/** POST /api/v1/requests/:ref/actions — same action schema and server function as the UI. */
export function actForApi(
  principal: VendorStaff,
  reference: string,
  body: unknown,
  opts: { now: Date; idempotencyKey: string | null },
): Response {
  const bodyText = JSON.stringify(body ?? null);
  const sqlite = getSqlite();
  if (opts.idempotencyKey != null) {
    if (!/^[A-Za-z0-9_-]{8,100}$/.test(opts.idempotencyKey))
      return apiError(400, "invalid_idempotency_key", "8-100 characters [A-Za-z0-9_-]");
    const prior = prepareCached(
      sqlite,
      "SELECT request_hash, status, body FROM idempotency_keys WHERE vendor_id = ? AND key = ?",
    ).get(principal.vendorId, opts.idempotencyKey) as
      { request_hash: string; status: number; body: string } | undefined;
    if (prior) {
      if (prior.request_hash !== sha256Hex(`${reference}\n${bodyText}`))
        return apiError(422, "idempotency_key_reused", "This Idempotency-Key was used with a different request");
      return new Response(prior.body, {
        status: prior.status,
        headers: { "Content-Type": "application/json", "Idempotent-Replayed": "true" },
      });
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
    prepareCached(
      sqlite,
      "INSERT INTO idempotency_keys (vendor_id, key, request_hash, status, body, created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
    ).run(
      principal.vendorId,
      opts.idempotencyKey,
      sha256Hex(`${reference}\n${bodyText}`),
      status,
      text,
      opts.now.getTime(),
    );
  }
  return new Response(text, { status, headers: { "Content-Type": "application/json", "Cache-Control": "no-store" } });
}

// --- Response files (/requests/{reference}/files) ---------------------------------------

const FILE_REJECTION_TEXT: Record<ResponseFileRejectedError["reason"], string> = {
  missing_file:
    'Send the file as the raw body (with Content-Type and a filename) or as one multipart part named "file"',
  empty_file: "The file is empty",
  file_too_large: `A file may be at most ${RESPONSE_FILE_LIMITS.maxFileBytes} bytes`,
  total_too_large: `The files of one request may total at most ${RESPONSE_FILE_LIMITS.maxTotalBytes} bytes`,
  too_many_files: `A request may have at most ${RESPONSE_FILE_LIMITS.maxFiles} files`,
  unsupported_type: "Accepted types: PDF, PNG, JPEG, CSV, JSON, plain text (judged by content)",
  type_mismatch: "The declared type or the file name's extension does not match the file's content",
  not_utf8: "Text files must be valid UTF-8 without NUL bytes",
  invalid_json: "The file is declared as JSON but does not parse",
  corrupt_image: "The image could not be decoded (truncated or corrupt)",
  too_many_pixels: "The image has too many pixels",
  duplicate_file: "This file is already attached to the request",
};

function fileRejection(err: ResponseFileRejectedError): { status: number; payload: unknown } {
  return {
    status: err.status,
    payload: { error: err.reason, details: { message: FILE_REJECTION_TEXT[err.reason], file: err.fileName } },
  };
}

export function toApiFile(f: ResponseFileMeta): z.infer<typeof apiResponseFileSchema> {
  return {
    id: f.id,
    name: f.name,
    contentType: f.contentType,
    size: f.size,
    sha256: f.sha256,
    createdAt: new Date(f.createdAt).toISOString(),
  };
}

/** GET /api/v1/requests/:ref/files */
export function listFilesForApi(
  principal: VendorStaff,
  reference: string,
  now: Date,
): z.infer<typeof apiResponseFileListSchema> {
  const files = forVendor(principal).listResponseFiles(reference, now);
  return {
    items: files.map(toApiFile),
    totalBytes: files.reduce((sum, f) => sum + f.size, 0),
    limits: {
      maxFileBytes: RESPONSE_FILE_LIMITS.maxFileBytes,
      maxFiles: RESPONSE_FILE_LIMITS.maxFiles,
      maxTotalBytes: RESPONSE_FILE_LIMITS.maxTotalBytes,
    },
  };
}

function idempotencyKeyError(key: string | null): Response | null {
  if (key != null && !/^[A-Za-z0-9_-]{8,100}$/.test(key))
    return apiError(400, "invalid_idempotency_key", "8-100 characters [A-Za-z0-9_-]");
  return null;
}

/** A remembered answer for this key, a 422 if the key was used for something else, or null. */
function replayIdempotent(vendorId: number, key: string | null, fingerprint: string): Response | null {
  if (key == null) return null;
  const prior = prepareCached(
    getSqlite(),
    "SELECT request_hash, status, body FROM idempotency_keys WHERE vendor_id = ? AND key = ?",
  ).get(vendorId, key) as { request_hash: string; status: number; body: string } | undefined;
  if (!prior) return null;
  if (prior.request_hash !== sha256Hex(fingerprint))
    return apiError(422, "idempotency_key_reused", "This Idempotency-Key was used with a different request");
  return new Response(prior.body, {
    status: prior.status,
    headers: { "Content-Type": "application/json", "Idempotent-Replayed": "true", "Cache-Control": "no-store" },
  });
}

function rememberIdempotent(
  vendorId: number,
  key: string | null,
  fingerprint: string,
  status: number,
  text: string,
  now: Date,
): void {
  // As for actions: 404s are not remembered (no oracle for another vendor's references).
  if (key == null || status === 404) return;
  prepareCached(
    getSqlite(),
    "INSERT INTO idempotency_keys (vendor_id, key, request_hash, status, body, created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
  ).run(vendorId, key, sha256Hex(fingerprint), status, text, now.getTime());
}

/** The file name of a raw upload: `?filename=` or an `X-Filename` header (percent-encoded UTF-8 allowed). */
function rawUploadName(request: Request): string | null {
  const fromQuery = new URL(request.url).searchParams.get("filename");
  if (fromQuery) return fromQuery.slice(0, 1000);
  const header = request.headers.get("X-Filename");
  if (!header) return null;
  try {
    return decodeURIComponent(header).slice(0, 1000);
  } catch {
    return header.slice(0, 1000);
  }
}

/**
 * POST /api/v1/requests/:ref/files — one file, as the raw body (Content-Type + filename) or as
 * one multipart part named "file". 201 with its metadata; refusals are 400/409/413/415/422
 * JSON. An Idempotency-Key replays the first answer for the same bytes, name and type.
 */
export async function uploadForApi(
  principal: VendorStaff,
  reference: string,
  request: Request,
  opts: { now: Date; idempotencyKey: string | null },
): Promise<Response> {
  const badKey = idempotencyKeyError(opts.idempotencyKey);
  if (badKey) return badKey;
  let upload: ResponseFileUpload;
  try {
    if ((request.headers.get("Content-Type") ?? "").toLowerCase().startsWith("multipart/form-data")) {
      const { uploads } = await readResponseFileForm(request);
      if (uploads.length !== 1)
        return apiError(400, "missing_file", {
          message: `Send exactly one part named "${RESPONSE_FILE_FIELD}"`,
          file: null,
        });
      upload = uploads[0]!;
    } else {
      upload = await readRawUpload(request, rawUploadName(request));
    }
  } catch (err) {
    if (!(err instanceof ResponseFileRejectedError)) throw err;
    const r = fileRejection(err);
    return apiError(r.status, err.reason, (r.payload as { details: unknown }).details);
  }
  // Nothing was stored for a body we stopped reading: answer, but nothing to remember.
  if (upload.bytes === null) {
    const r = fileRejection(new ResponseFileRejectedError("file_too_large", upload.fileName));
    return apiError(r.status, "file_too_large", (r.payload as { details: unknown }).details);
  }
  const fingerprint = `files\n${reference}\n${upload.fileName ?? ""}\n${upload.contentType ?? ""}\n${crypto.createHash("sha256").update(upload.bytes).digest("hex")}`;
  const replay = replayIdempotent(principal.vendorId, opts.idempotencyKey, fingerprint);
  if (replay) return replay;
  let status: number;
  let payload: unknown;
  try {
    const [stored] = await forVendor(principal).attachResponseFiles(reference, [upload], opts.now);
    status = 201;
    payload = toApiFile(stored!);
  } catch (err) {
    if (err instanceof ResponseFileRejectedError) ({ status, payload } = fileRejection(err));
    else if (err instanceof ServiceError) {
      status = err.status;
      payload = { error: err.code, details: err.message };
    } else throw err;
  }
  const text = JSON.stringify(payload);
  rememberIdempotent(principal.vendorId, opts.idempotencyKey, fingerprint, status, text, opts.now);
  return new Response(text, { status, headers: { "Content-Type": "application/json", "Cache-Control": "no-store" } });
}

/** GET /api/v1/requests/:ref/files/:id — the file itself (audited), never rendered by a browser. */
export function downloadFileForApi(
  principal: VendorStaff,
  reference: string,
  attachmentId: number,
  now: Date,
): Response {
  const { meta, bytes } = forVendor(principal).downloadResponseFile(reference, attachmentId, now);
  return new Response(new Uint8Array(bytes), { status: 200, headers: responseFileHeaders(meta) });
}

/** DELETE /api/v1/requests/:ref/files/:id — only before the answer is sent. */
export function deleteFileForApi(principal: VendorStaff, reference: string, attachmentId: number, now: Date): Response {
  forVendor(principal).removeResponseFile(reference, attachmentId, now);
  return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
}

/** The OpenAPI 3.1 document, generated from the zod schemas (so it cannot drift). */
export function buildOpenApi(publicUrl: string) {
  const js = (s: z.ZodType) => z.toJSONSchema(s, { target: "draft-2020-12", unrepresentable: "any", io: "output" });
  const jsIn = (s: z.ZodType) => z.toJSONSchema(s, { target: "draft-2020-12", unrepresentable: "any", io: "input" });
  const err = {
    description: "Error",
    content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
  };
  // Every key-authenticated operation shares the per-key limit (600 calls a minute).
  const limited = {
    ...err,
    description: "Too many calls with this key; wait Retry-After seconds",
    headers: { "Retry-After": { description: "Seconds until the next window", schema: { type: "integer" } } },
  };
  const referenceParam = {
    name: "reference",
    in: "path",
    required: true,
    schema: { type: "string", pattern: "^BR-\\d{4}-\\d{6}$" },
  };
  const fileIdParam = { name: "id", in: "path", required: true, schema: { type: "integer", minimum: 1 } };
  const idempotencyParam = {
    name: "Idempotency-Key",
    in: "header",
    required: false,
    schema: { type: "string", pattern: "^[A-Za-z0-9_-]{8,100}$" },
  };
  return {
    openapi: "3.1.0",
    info: {
      title: "Biometric Rights Portal — vendor API",
      version: "1.0.0",
      description:
        "For vendors' own systems. Authenticate with `Authorization: Bearer brp_…` (keys are created by vendor admins at /vendor/api-keys).",
    },
    servers: [{ url: `${publicUrl}/api/v1` }],
    components: {
      securitySchemes: { apiKey: { type: "http", scheme: "bearer" } },
      schemas: {
        Error: js(apiErrorSchema),
        RequestList: js(apiRequestListSchema),
        RequestDetail: js(apiRequestDetailSchema),
        Action: jsIn(staffActionSchema),
        ResponseFile: js(apiResponseFileSchema),
        ResponseFileList: js(apiResponseFileListSchema),
        Deadline: js(publicDeadlineSchema),
        DeadlineQueryError: js(publicDeadlineErrorSchema),
        Jurisdictions: js(publicJurisdictionsSchema),
        Rules: js(publicRulesSchema),
        Transparency: js(publicBoardSchema),
      },
    },
    security: [{ apiKey: [] }],
    webhooks: buildWebhookOpenApi(js),
    paths: {
      "/requests": {
        get: {
          summary: "Open requests, nearest deadline first",
          parameters: ["status", "type", "jurisdiction", "after"].map((name) => ({
            name,
            in: "query",
            required: false,
            schema: { type: "string" },
          })),
          responses: {
            "200": {
              description: "A page",
              content: { "application/json": { schema: { $ref: "#/components/schemas/RequestList" } } },
            },
            "400": err,
            "401": err,
            "429": limited,
          },
        },
      },
      "/requests/{reference}": {
        get: {
          summary: "One request with its deadline, history, messages and answer",
          parameters: [
            {
              name: "reference",
              in: "path",
              required: true,
              schema: { type: "string", pattern: "^BR-\\d{4}-\\d{6}$" },
            },
          ],
          responses: {
            "200": {
              description: "The request",
              content: { "application/json": { schema: { $ref: "#/components/schemas/RequestDetail" } } },
            },
            "401": err,
            "429": limited,
            "404": err,
          },
        },
      },
      "/requests/{reference}/actions": {
        post: {
          summary: "Acknowledge, ask for information, extend, fulfil (with package/certificate), partly fulfil or deny",
          parameters: [
            { name: "reference", in: "path", required: true, schema: { type: "string" } },
            {
              name: "Idempotency-Key",
              in: "header",
              required: false,
              schema: { type: "string", pattern: "^[A-Za-z0-9_-]{8,100}$" },
            },
          ],
          requestBody: {
            required: true,
            content: { "application/json": { schema: { $ref: "#/components/schemas/Action" } } },
          },
          responses: {
            "200": {
              description: "The request after the action",
              content: { "application/json": { schema: { $ref: "#/components/schemas/RequestDetail" } } },
            },
            "400": err,
            "401": err,
            "429": limited,
            "404": err,
            "409": {
              ...err,
              description: "Not allowed in the current state, or by the law (e.g. extension_not_allowed)",
            },
            "413": {
              ...err,
              description: `body_too_large: the body is over ${BODY_LIMITS.json} bytes (counted as it arrives; the connection is then closed)`,
            },
            "422": err,
          },
        },
      },
      "/requests/{reference}/files": {
        get: {
          summary: "Files attached to an access request's answer (live ones: what the package will reference)",
          parameters: [referenceParam],
          responses: {
            "200": {
              description: "The files and the limits",
              content: { "application/json": { schema: { $ref: "#/components/schemas/ResponseFileList" } } },
            },
            "401": err,
            "429": limited,
            "404": err,
          },
        },
        post: {
          summary: "Attach one file to an open access request (before it is fulfilled)",
          description:
            `Send the file as the raw body with its Content-Type and a name (\`?filename=\` or an \`X-Filename\` header, percent-encoded UTF-8 allowed), or as one multipart/form-data part named \`file\`. ` +
            `Accepted: PDF, PNG, JPEG, CSV, JSON, plain text — judged by the bytes; a declared type or extension that disagrees is refused (422). ` +
            `At most ${RESPONSE_FILE_LIMITS.maxFileBytes} bytes per file (413), ${RESPONSE_FILE_LIMITS.maxFiles} files (422) and ${RESPONSE_FILE_LIMITS.maxTotalBytes} bytes (413) per request. ` +
            `Images are re-encoded without metadata, so the stored size and SHA-256 can differ from the upload's. The package sent on fulfil references every attached file.`,
          parameters: [
            referenceParam,
            { name: "filename", in: "query", required: false, schema: { type: "string", maxLength: 1000 } },
            { name: "X-Filename", in: "header", required: false, schema: { type: "string", maxLength: 1000 } },
            idempotencyParam,
          ],
          requestBody: {
            required: true,
            content: {
              ...Object.fromEntries(
                RESPONSE_FILE_CONTENT_TYPES.map((type) => [
                  type,
                  { schema: jsIn(z.string().meta({ contentMediaType: type })) },
                ]),
              ),
              "multipart/form-data": {
                schema: jsIn(
                  z.object({
                    [RESPONSE_FILE_FIELD]: z.string().meta({ contentMediaType: "application/octet-stream" }),
                  }),
                ),
                encoding: { [RESPONSE_FILE_FIELD]: { contentType: RESPONSE_FILE_CONTENT_TYPES.join(", ") } },
              },
            },
          },
          responses: {
            "201": {
              description: "The stored file",
              content: { "application/json": { schema: { $ref: "#/components/schemas/ResponseFile" } } },
            },
            "400": err,
            "401": err,
            "429": limited,
            "404": err,
            "409": {
              ...err,
              description: "Not an access request, already answered, or the same file is already attached",
            },
            "413": {
              ...err,
              description: `file_too_large, total_too_large, or body_too_large (the whole body over ${BODY_LIMITS.responseFiles} bytes, or more than ${BODY_LIMITS.parts} multipart parts)`,
            },
            "415": { ...err, description: "unsupported_type" },
            "422": {
              ...err,
              description:
                "type_mismatch, not_utf8, invalid_json, corrupt_image, too_many_pixels, too_many_files, empty_file, idempotency_key_reused",
            },
          },
        },
      },
      "/requests/{reference}/files/{id}": {
        get: {
          summary: "Download one attached file (audited)",
          parameters: [referenceParam, fileIdParam],
          responses: {
            "200": {
              description: "The file, as an attachment",
              content: Object.fromEntries(
                RESPONSE_FILE_CONTENT_TYPES.map((type) => [
                  type,
                  { schema: js(z.string().meta({ contentMediaType: type })) },
                ]),
              ),
            },
            "401": err,
            "429": limited,
            "404": err,
          },
        },
        delete: {
          summary: "Remove an attached file before the answer is sent",
          parameters: [referenceParam, fileIdParam],
          responses: {
            "204": { description: "Removed" },
            "401": err,
            "429": limited,
            "404": err,
            "409": { ...err, description: "The request was already answered" },
          },
        },
      },
      "/deadlines": {
        get: {
          summary: "Public: the statutory deadline for a jurisdiction, request type and receipt time",
          security: [],
          parameters: [
            { name: "jurisdiction", in: "query", required: true, schema: { type: "string" } },
            { name: "type", in: "query", required: true, schema: { type: "string" } },
            { name: "receivedAt", in: "query", required: true, schema: { type: "string" } },
            { name: "lang", in: "query", required: false, schema: { type: "string", enum: ["en", "fr", "fr-CA"] } },
          ],
          responses: {
            "200": {
              description: "The deadline",
              content: { "application/json": { schema: { $ref: "#/components/schemas/Deadline" } } },
            },
            "400": {
              description: "Bad parameters, with the valid values",
              content: { "application/json": { schema: { $ref: "#/components/schemas/DeadlineQueryError" } } },
            },
          },
        },
      },
      "/jurisdictions": {
        get: {
          summary: "Public: every rule version with its citations",
          security: [],
          responses: {
            "200": {
              description: "The rules",
              content: { "application/json": { schema: { $ref: "#/components/schemas/Jurisdictions" } } },
            },
          },
        },
      },
      "/rules": {
        get: {
          summary: "Public: the catalogue of the rules (as /law shows it), in one language — open data, CC BY 4.0",
          security: [],
          parameters: [
            { name: "jurisdiction", in: "query", required: false, schema: { type: "string" } },
            {
              name: "type",
              in: "query",
              required: false,
              schema: { type: "string", enum: ["access", "deletion", "correction", "opt_out", "limit"] },
            },
            { name: "lang", in: "query", required: false, schema: { type: "string", enum: ["en", "fr", "fr-CA"] } },
          ],
          responses: {
            "200": {
              description: "The rules in force today and their history",
              content: { "application/json": { schema: { $ref: "#/components/schemas/Rules" } } },
            },
            "400": err,
          },
        },
      },
      "/transparency": {
        get: {
          summary:
            "Public: the transparency board (as /transparency shows it) — open data, CC BY 4.0; counts of 1 to 9, and counts that would reveal them, are null",
          description: `The same document as ${publicUrl}/transparency.json. The same figures as ${publicUrl}/transparency.csv, whose columns are: ${CSV_COLUMNS.join(", ")} (withheld counts as "withheld", rates as fractions 0–1).`,
          security: [],
          responses: {
            "200": {
              description: "Every company, period and jurisdiction",
              content: { "application/json": { schema: { $ref: "#/components/schemas/Transparency" } } },
            },
          },
        },
      },
    },
  };
}
