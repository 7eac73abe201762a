/** The vendor API: keys, isolation, same rules as the UI, idempotency, JSON errors, OpenAPI. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as list from "../../app/routes/api.v1.requests";
import * as detail from "../../app/routes/api.v1.requests.$ref";
import * as actions from "../../app/routes/api.v1.requests.$ref.actions";
import * as openapi from "../../app/routes/api.v1.openapi[.json]";
import { createApiKey, revokeApiKey } from "../../app/server/api/api-keys.server";
import { apiRequestDetailSchema, apiRequestListSchema } from "../../app/server/api/api-schemas.server";
import { confirmEmail } from "../../app/server/resident/confirm-email.server";
import { fileRequest } from "../../app/server/resident/file-request.server";
import { createTestPortal, insertUser, insertVendor, verifyPathFor, type TestPortal } from "../helpers/test-portal";

let portal: TestPortal;
let keyA = "";
let keyB = "";
let refA = "";
let refB = "";

beforeEach(async () => {
  portal = createTestPortal({ now: "2026-03-05T15:00:00Z" });
  const a = insertVendor(portal.handle, { slug: "vendor-a" });
  const b = insertVendor(portal.handle, { slug: "vendor-b" });
  const adminA = await insertUser(portal.handle, {
    email: "admin@a.example",
    password: "x-x-x-x-x",
    role: "vendor_admin",
    vendorId: a.id,
  });
  const adminB = await insertUser(portal.handle, {
    email: "admin@b.example",
    password: "x-x-x-x-x",
    role: "vendor_admin",
    vendorId: b.id,
  });
  const admin = (id: number, vendorId: number) => ({
    id,
    email: "x",
    name: "x",
    role: "vendor_admin" as const,
    vendorId,
    organisation: null,
    jurisdictions: [],
    locale: "en",
  });
  keyA = createApiKey(admin(adminA, a.id), "CRM", portal.now()).key;
  keyB = createApiKey(admin(adminB, b.id), "CRM", portal.now()).key;
  for (const [slug, email, key] of [
    ["vendor-a", "ra@example.com", "api-key-a-0123456789"],
    ["vendor-b", "rb@example.com", "api-key-b-0123456789"],
  ] as const) {
    fileRequest(
      { vendor: [slug], jurisdiction: "CA-QC", type: ["access"], fullName: "R", email, idempotencyKey: key },
      { locale: "en", now: portal.now() },
    );
    confirmEmail(verifyPathFor(portal.handle, email).slice("/verify/".length), { now: portal.now() });
  }
  refA = (
    portal.handle.sqlite.prepare("SELECT reference FROM requests WHERE vendor_id = ?").get(a.id) as {
      reference: string;
    }
  ).reference;
  refB = (
    portal.handle.sqlite.prepare("SELECT reference FROM requests WHERE vendor_id = ?").get(b.id) as {
      reference: string;
    }
  ).reference;
});
afterEach(() => portal.close());

type Handler = (a: object) => Promise<Response>;
const req = (url: string, key: string | null, init: RequestInit = {}) =>
  new Request(`http://localhost:3000${url}`, {
    ...init,
    headers: {
      ...(key ? { Authorization: `Bearer ${key}` } : {}),
      "Content-Type": "application/json",
      ...(init.headers as Record<string, string>),
    },
  });
const get = async (mod: { loader: unknown }, url: string, key: string | null, params: Record<string, string> = {}) =>
  (mod.loader as Handler)({ request: req(url, key), params, context: {} });
const post = async (ref: string, key: string, body: unknown, headers: Record<string, string> = {}) =>
  (actions.action as Handler)({
    request: req(`/api/v1/requests/${ref}/actions`, key, { method: "POST", body: JSON.stringify(body), headers }),
    params: { ref },
    context: {},
  });

describe("vendor API", () => {
  it("needs a valid, unrevoked key (cookies are not accepted)", async () => {
    expect((await get(list, "/api/v1/requests", null)).status).toBe(401);
    expect((await get(list, "/api/v1/requests", "brp_" + "x".repeat(43))).status).toBe(401);
    expect((await get(list, "/api/v1/requests", keyA)).status).toBe(200);
    revokeApiKey(
      {
        id: 1,
        email: "x",
        name: "x",
        role: "vendor_admin",
        vendorId: 1,
        organisation: null,
        jurisdictions: [],
        locale: "en",
      },
      1,
      portal.now(),
    );
    expect((await get(list, "/api/v1/requests", keyA)).status).toBe(401);
  });

  it("limits each key to 600 calls a minute: 429 with Retry-After and a JSON error; other keys and the next minute are unaffected", async () => {
    for (let i = 0; i < 600; i++) expect((await get(list, "/api/v1/requests", keyA)).status).toBe(200);
    const limited = await get(list, "/api/v1/requests", keyA);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(Number(limited.headers.get("Retry-After"))).toBeLessThanOrEqual(60);
    expect(await limited.json()).toMatchObject({
      error: "rate_limited",
      details: { retryAfterSeconds: expect.any(Number) },
    });
    expect((await get(list, "/api/v1/requests", keyB)).status).toBe(200);
    portal.setNow(new Date(portal.now().getTime() + 60_000));
    expect((await get(list, "/api/v1/requests", keyA)).status).toBe(200);
  });

  it("lists and reads only the key's vendor; the other vendor's request is 404 and unchanged", async () => {
    const l = apiRequestListSchema.parse(await (await get(list, "/api/v1/requests", keyA)).json());
    expect(l.items.map((i) => i.reference)).toEqual([refA]);
    const d = apiRequestDetailSchema.parse(
      await (await get(detail, `/api/v1/requests/${refA}`, keyA, { ref: refA })).json(),
    );
    expect(d.deadline?.citation).toMatch(/P-39\.1/);
    const before = portal.handle.sqlite.prepare("SELECT * FROM requests WHERE reference = ?").get(refB);
    expect((await get(detail, `/api/v1/requests/${refB}`, keyA, { ref: refB })).status).toBe(404);
    expect((await post(refB, keyA, { intent: "acknowledge" })).status).toBe(404);
    expect(portal.handle.sqlite.prepare("SELECT * FROM requests WHERE reference = ?").get(refB)).toEqual(before);
    // And the other way round.
    expect((await get(detail, `/api/v1/requests/${refA}`, keyB, { ref: refA })).status).toBe(404);
    expect((await post(refA, keyB, { intent: "acknowledge" })).status).toBe(404);
  });

  it("acts through the same rules as the UI: Idempotency-Key replays, 409 with the legal reason, 400 with details", async () => {
    const first = await post(refA, keyA, { intent: "acknowledge" }, { "Idempotency-Key": "ack-0001-abcdef" });
    expect(first.status).toBe(200);
    apiRequestDetailSchema.parse(await first.json());
    const again = await post(refA, keyA, { intent: "acknowledge" }, { "Idempotency-Key": "ack-0001-abcdef" });
    expect(again.status).toBe(200);
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    expect(
      portal.handle.sqlite.prepare("SELECT count(*) AS n FROM request_events WHERE type = 'acknowledged'").get(),
    ).toEqual({ n: 1 });
    expect((await post(refA, keyA, { intent: "fulfil" }, { "Idempotency-Key": "ack-0001-abcdef" })).status).toBe(422);
    const noExt = await post(refA, keyA, { intent: "extend", reason: "Complex case." });
    expect(noExt.status).toBe(409);
    expect(await noExt.json()).toMatchObject({ error: "extension_not_allowed" });
    const bad = await post(refA, keyA, { intent: "deny", reason: "x" });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      error: "invalid_action",
      details: { reason: expect.any(Array), denialBasis: expect.any(Array) },
    });
    const notJson = await (actions.action as Handler)({
      request: req(`/api/v1/requests/${refA}/actions`, keyA, { method: "POST", body: "{" }),
      params: { ref: refA },
      context: {},
    });
    expect(notJson.status).toBe(400);
  });

  it("serves an OpenAPI 3.1 document generated from the schemas", async () => {
    const doc = (await (await (openapi.loader as () => Promise<Response>)()).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
      components: { schemas: Record<string, { type?: string; properties?: Record<string, unknown> }> };
    };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual([
      "/requests",
      "/requests/{reference}",
      "/requests/{reference}/actions",
      "/requests/{reference}/files",
      "/requests/{reference}/files/{id}",
      "/requests/{reference}/reference-photo",
      "/requests/{reference}/blocked-collections",
      "/deadlines",
      "/jurisdictions",
      "/rules",
      "/transparency",
    ]);
    // The served schema lists exactly the fields the real response carries.
    const real = await (await get(detail, `/api/v1/requests/${refA}`, keyA, { ref: refA })).json();
    expect(Object.keys(doc.components.schemas.RequestDetail!.properties!).sort()).toEqual(
      Object.keys(real as object).sort(),
    );
  });
});
