/**
 * The vendor API's request endpoints: list the open queue, read one request, act on it. They
 * call the same tenant-scoped module as the workspace (forVendor), so the state machine, the
 * deadline rules and tenant isolation are the same as in the browser; this module only maps
 * to and from the published JSON shapes (api-schemas).
 */
import { z } from "zod";
import type { JurisdictionCode } from "~/domain/deadlines";
import { staffActionSchema, type StaffAction } from "~/domain/schemas";
import { sha256Hex } from "../security/staff-sessions.server";
import { getSqlite, prepareCached } from "../core/db.server";
import { ServiceError } from "../core/errors.server";
import { readOne, type IdempotencyKeyRow } from "../core/rows.server";
import { forVendor, type VendorStaff } from "../vendor/vendor-access.server";
import { listMessages } from "../vendor/request-messages.server";
import { getResponsePackage } from "../vendor/response-packages.server";
import { apiError } from "./api-answers.server";
import { apiListQuerySchema, type apiRequestDetailSchema, type apiRequestListSchema } from "./api-schemas.server";

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
    const prior = readOne<Pick<IdempotencyKeyRow, "request_hash" | "status" | "body">>(
      prepareCached(sqlite, "SELECT request_hash, status, body FROM idempotency_keys WHERE vendor_id = ? AND key = ?"),
      principal.vendorId,
      opts.idempotencyKey,
    );
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
