/**
 * What one audit row says, for events raised through the real routes: when (UTC, ISO 8601, from
 * the portal's clock), who (actor type and id, vendor), what (action), on what (object type and
 * id) and the outcome as codes — ASVS 16.2.1, 16.2.2. A failed login names no account and keeps
 * the address tried only as a hash (16.2.5).
 */
import crypto from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as login from "../../app/routes/login";
import * as vendorRequest from "../../app/routes/vendor.requests.$ref/route";
import { confirmEmail } from "../../app/server/resident/confirm-email.server";
import { fileRequest } from "../../app/server/resident/file-request.server";
import {
  createTestPortal,
  formRequest,
  getRequest,
  insertUser,
  insertVendor,
  loginAs,
  verifyPathFor,
  type TestPortal,
} from "../helpers/test-portal";

let portal: TestPortal;
let vendorA = 0;
let agentId = 0;
let refB = "";
beforeEach(async () => {
  portal = createTestPortal({ now: "2026-03-05T15:00:00.250Z" });
  vendorA = insertVendor(portal.handle, { slug: "facette" }).id;
  insertVendor(portal.handle, { slug: "visagio" });
  agentId = await insertUser(portal.handle, {
    email: "agent@facette.example",
    password: "correct horse battery",
    role: "vendor_agent",
    vendorId: vendorA,
  });
  fileRequest(
    {
      vendor: ["visagio"],
      jurisdiction: "GB",
      type: ["access"],
      fullName: "R",
      email: "r@example.com",
      idempotencyKey: "audit-rows-0123456789",
    },
    { locale: "en", now: portal.now() },
  );
  confirmEmail(verifyPathFor(portal.handle, "r@example.com").slice("/verify/".length), { now: portal.now() });
  refB = (portal.handle.sqlite.prepare("SELECT reference FROM requests").get() as { reference: string }).reference;
});
afterEach(() => portal.close());

type Fn = (args: object) => Promise<unknown>;
const run = (fn: unknown, request: Request, params: Record<string, string> = {}) =>
  (fn as Fn)({ request, params, context: { clientIp: "203.0.113.80" } }).catch((e: unknown) => e);
const rowsOf = (action: string) =>
  portal.handle.sqlite.prepare("SELECT * FROM audit_events WHERE action = ? ORDER BY seq").all(action) as Record<
    string,
    unknown
  >[];
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe("audit rows", () => {
  it("ASVS 16.2.1, 16.2.2: an authorization failure records when (UTC), who, for which vendor, what, on what and why", async () => {
    const cookie = await loginAs(portal.handle, "agent@facette.example", "correct horse battery");
    portal.setNow("2026-03-05T15:14:30.125Z");
    const res = await run(vendorRequest.loader, getRequest(`/vendor/requests/${refB}`, cookie), { ref: refB });
    expect((res as Response).status).toBe(404);
    const [row] = rowsOf("auth.denied");
    expect(row).toMatchObject({
      at: "2026-03-05T15:14:30.125Z",
      actor_type: "staff",
      actor_id: String(agentId),
      vendor_id: vendorA,
      action: "auth.denied",
      object_type: "request",
      object_id: refB,
    });
    expect(JSON.parse(String(row!.details))).toEqual({ reason: "not_found_for_vendor" });
    expect(row!.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("ASVS 16.2.1, 16.2.2, 16.2.5: a failed login records the time in UTC, an anonymous actor and only the SHA-256 of the address tried", async () => {
    portal.setNow("2026-03-05T23:59:59.999Z");
    const res = await run(
      login.action,
      formRequest("/login", { email: "Agent@Facette.example", password: "wrong password here" }),
    );
    expect((res as { init?: { status?: number } }).init?.status).toBe(401);
    const [row] = rowsOf("auth.login_failed");
    expect(row).toMatchObject({
      at: "2026-03-05T23:59:59.999Z",
      actor_type: "anonymous",
      actor_id: null,
      vendor_id: null,
      object_type: "user",
      object_id: String(agentId),
    });
    expect(JSON.parse(String(row!.details))).toEqual({
      emailSha256: crypto.createHash("sha256").update("agent@facette.example").digest("hex"),
    });
    expect(JSON.stringify(row)).not.toMatch(/facette\.example|wrong password/);
  });

  it("ASVS 16.2.2: every row of a journey is stamped in UTC ISO 8601 by the portal's clock", async () => {
    await loginAs(portal.handle, "agent@facette.example", "correct horse battery");
    const all = portal.handle.sqlite.prepare("SELECT at FROM audit_events").all() as { at: string }[];
    expect(all.length).toBeGreaterThanOrEqual(4);
    for (const { at } of all) {
      expect(at).toMatch(ISO_UTC);
      expect(new Date(at).toISOString()).toBe(at);
    }
  });
});
