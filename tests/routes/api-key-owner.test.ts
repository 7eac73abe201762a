/**
 * An API key acts for the vendor admin who created it: disabling that admin revokes their keys
 * (audited), a key whose creator is disabled is refused anyway, and the audit chain names the
 * key — not the person — as the actor of every API call, with the creator alongside.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as accounts from "../../app/routes/accounts";
import * as list from "../../app/routes/api.v1.requests";
import * as detail from "../../app/routes/api.v1.requests.$ref";
import * as actions from "../../app/routes/api.v1.requests.$ref.actions";
import * as apiFiles from "../../app/routes/api.v1.requests.$ref.files";
import * as vendorRequest from "../../app/routes/vendor.requests.$ref/route";
import { createApiKey, listApiKeys } from "../../app/server/api/api-keys.server";
import { createUserSession } from "../../app/server/security/staff-sessions.server";
import { confirmEmail } from "../../app/server/resident/confirm-email.server";
import { fileRequest } from "../../app/server/resident/file-request.server";
import {
  cookieFrom,
  createTestPortal,
  formRequest,
  insertUser,
  insertVendor,
  verifyPathFor,
  type TestPortal,
} from "../helpers/test-portal";

let portal: TestPortal;
let filesDir = "";
let vendorA = 0;
let vendorB = 0;
let creatorId = 0;
let colleagueId = 0;
let creatorKey = "";
let creatorKeyId = 0;
let colleagueKey = "";
let refA = "";
let refB = "";

const adminOf = (id: number, vendorId: number) => ({
  id,
  email: "x",
  name: "x",
  role: "vendor_admin" as const,
  vendorId,
  organisation: null,
  jurisdictions: [],
  locale: "en",
});

/** A signed-in session that has passed the second factor (created directly: these tests are about the API). */
async function sessionOf(userId: number): Promise<string> {
  const cookie = cookieFrom(await createUserSession(userId, portal.now()));
  portal.handle.sqlite
    .prepare("UPDATE sessions SET second_factor_at = ? WHERE user_id = ?")
    .run(portal.now().getTime(), userId);
  return cookie;
}

beforeEach(async () => {
  filesDir = fs.mkdtempSync(path.join(os.tmpdir(), "api-key-owner-"));
  portal = createTestPortal({ now: "2026-03-05T15:00:00Z", env: { FILES_DIR: filesDir } });
  vendorA = insertVendor(portal.handle, { slug: "vendor-a" }).id;
  vendorB = insertVendor(portal.handle, { slug: "vendor-b" }).id;
  creatorId = await insertUser(portal.handle, {
    email: "creator@a.example",
    password: "x-x-x-x-x",
    role: "vendor_admin",
    vendorId: vendorA,
  });
  colleagueId = await insertUser(portal.handle, {
    email: "colleague@a.example",
    password: "x-x-x-x-x",
    role: "vendor_admin",
    vendorId: vendorA,
  });
  const created = createApiKey(adminOf(creatorId, vendorA), "CRM", portal.now());
  creatorKey = created.key;
  creatorKeyId = created.id;
  colleagueKey = createApiKey(adminOf(colleagueId, vendorA), "Ticketing", portal.now()).key;
  for (const [slug, email, key] of [
    ["vendor-a", "ra@example.com", "owner-key-a-0123456789"],
    ["vendor-b", "rb@example.com", "owner-key-b-0123456789"],
  ] as const) {
    fileRequest(
      {
        vendor: [slug],
        jurisdiction: "CA-QC",
        type: ["access"],
        fullName: "Rosalie Amyot",
        email,
        idempotencyKey: key,
      },
      { locale: "en", now: portal.now() },
    );
    confirmEmail(verifyPathFor(portal.handle, email).slice("/verify/".length), { now: portal.now() });
  }
  refA = (
    portal.handle.sqlite.prepare("SELECT reference FROM requests WHERE vendor_id = ?").get(vendorA) as {
      reference: string;
    }
  ).reference;
  refB = (
    portal.handle.sqlite.prepare("SELECT reference FROM requests WHERE vendor_id = ?").get(vendorB) as {
      reference: string;
    }
  ).reference;
});
afterEach(() => {
  portal.close();
  fs.rmSync(filesDir, { recursive: true, force: true });
});

type Handler = (a: object) => Promise<Response>;
const req = (url: string, key: string, init: RequestInit = {}) =>
  new Request(`http://localhost:3000${url}`, {
    ...init,
    headers: {
      Authorization: `Bearer ${key}`,
      "Content-Type": "application/json",
      ...(init.headers as Record<string, string>),
    },
  });
const listWith = (key: string) =>
  (list.loader as Handler)({ request: req("/api/v1/requests", key), params: {}, context: {} });
const detailWith = (key: string, ref: string) =>
  (detail.loader as Handler)({ request: req(`/api/v1/requests/${ref}`, key), params: { ref }, context: {} });
const actWith = (key: string, ref: string, body: unknown) =>
  (actions.action as Handler)({
    request: req(`/api/v1/requests/${ref}/actions`, key, { method: "POST", body: JSON.stringify(body) }),
    params: { ref },
    context: {},
  });
type F = (a: object) => Promise<unknown>;
const run = async (fn: unknown, request: Request, params: Record<string, string> = {}) =>
  (fn as F)({ request, params, context: { clientIp: "198.51.100.4" } }).catch((e: unknown) => e);

interface AuditRow {
  actor_type: string;
  actor_id: string | null;
  action: string;
  object_type: string | null;
  object_id: string | null;
  details: string;
}
const auditRows = (action: string) =>
  (
    portal.handle.sqlite
      .prepare(
        "SELECT actor_type, actor_id, action, object_type, object_id, details FROM audit_events WHERE action = ? ORDER BY seq",
      )
      .all(action) as AuditRow[]
  ).map((r) => ({
    ...r,
    details: JSON.parse(r.details) as Record<string, unknown>,
  }));

describe("API keys and their creator", () => {
  it("disabling a vendor admin revokes the keys they created, in the same step and audited; the key can no longer list, read or act", async () => {
    expect((await listWith(creatorKey)).status).toBe(200);
    const colleague = await sessionOf(colleagueId);
    const res = await run(
      accounts.action,
      formRequest("/accounts", { intent: "disable", id: String(creatorId) }, colleague),
    );
    expect((res as Response).status).toBe(302);

    expect(portal.handle.sqlite.prepare("SELECT revoked_at FROM api_keys WHERE id = ?").get(creatorKeyId)).toEqual({
      revoked_at: portal.now().getTime(),
    });
    expect(auditRows("apikey.revoked")).toEqual([
      {
        actor_type: "staff",
        actor_id: String(colleagueId),
        action: "apikey.revoked",
        object_type: "api_key",
        object_id: String(creatorKeyId),
        details: { reason: "creator_disabled", createdBy: creatorId },
      },
    ]);
    for (const res of [
      await listWith(creatorKey),
      await detailWith(creatorKey, refA),
      await actWith(creatorKey, refA, { intent: "acknowledge" }),
    ]) {
      expect(res.status).toBe(401);
      expect(JSON.stringify(await res.json())).not.toContain("Rosalie");
    }
    expect(portal.handle.sqlite.prepare("SELECT status FROM requests WHERE reference = ?").get(refA)).toEqual({
      status: "received",
    });
    // The colleague's own key is untouched.
    expect((await listWith(colleagueKey)).status).toBe(200);
  });

  it("a key whose creator was disabled some other way (before keys were revoked on disable) is refused and listed as revoked", async () => {
    portal.handle.sqlite
      .prepare("UPDATE users SET disabled_at = ? WHERE id = ?")
      .run(portal.now().getTime() - 86_400_000, creatorId);
    expect(portal.handle.sqlite.prepare("SELECT revoked_at FROM api_keys WHERE id = ?").get(creatorKeyId)).toEqual({
      revoked_at: null,
    });
    expect((await listWith(creatorKey)).status).toBe(401);
    expect((await detailWith(creatorKey, refA)).status).toBe(401);
    expect(listApiKeys(vendorA).find((k) => k.id === creatorKeyId)?.revoked_at).toBe(
      portal.now().getTime() - 86_400_000,
    );
    expect((await listWith(colleagueKey)).status).toBe(200);
  });

  it("the audit row of an API call names the key as the actor and its creator; the request's history keeps the creator as staff", async () => {
    expect((await actWith(creatorKey, refA, { intent: "acknowledge" })).status).toBe(200);
    expect(auditRows("request.acknowledged")).toEqual([
      {
        actor_type: "api_key",
        actor_id: String(creatorKeyId),
        action: "request.acknowledged",
        object_type: "request",
        object_id: refA,
        details: { status: "acknowledged", createdBy: creatorId },
      },
    ]);
    expect(
      portal.handle.sqlite.prepare("SELECT actor_type, actor_id FROM request_events WHERE type = 'acknowledged'").get(),
    ).toEqual({ actor_type: "staff", actor_id: creatorId });
    // Also across the awaits of an upload.
    const upload = new Request(`http://localhost:3000/api/v1/requests/${refA}/files?filename=export.csv`, {
      method: "POST",
      body: "customer,date\nBanque,2026-01-02\n",
      headers: { Authorization: `Bearer ${creatorKey}`, "Content-Type": "text/csv" },
    });
    expect((await (apiFiles.action as Handler)({ request: upload, params: { ref: refA }, context: {} })).status).toBe(
      201,
    );
    expect(auditRows("response_file.stored")).toMatchObject([
      { actor_type: "api_key", actor_id: String(creatorKeyId), details: { createdBy: creatorId } },
    ]);
    // A probe of another vendor's request is denied in the key's name too.
    expect((await detailWith(creatorKey, refB)).status).toBe(404);
    expect(auditRows("auth.denied").at(-1)).toMatchObject({
      actor_type: "api_key",
      actor_id: String(creatorKeyId),
      details: { reason: "not_found_for_vendor", createdBy: creatorId },
    });
  });

  it("the same person acting in the workspace is still audited as staff (the key's identity does not leak into sessions)", async () => {
    expect((await listWith(creatorKey)).status).toBe(200);
    const creator = await sessionOf(creatorId);
    const res = await run(
      vendorRequest.action,
      formRequest(`/vendor/requests/${refA}`, { intent: "acknowledge" }, creator),
      { ref: refA },
    );
    expect([302, 200]).toContain(res instanceof Response ? res.status : 200);
    expect(auditRows("request.acknowledged")).toMatchObject([
      { actor_type: "staff", actor_id: String(creatorId), details: { status: "acknowledged" } },
    ]);
    expect(auditRows("request.acknowledged")[0]!.details).not.toHaveProperty("createdBy");
  });
});
