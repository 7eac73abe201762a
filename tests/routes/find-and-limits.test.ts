import { openOutboxPayload } from "../../app/server/mail/outbox.server";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as find from "../../app/routes/requests.find";
import * as login from "../../app/routes/login";
import { confirmEmail } from "../../app/server/resident/confirm-email.server";
import { fileRequest } from "../../app/server/resident/file-request.server";
import {
  createTestPortal,
  formRequest,
  insertUser,
  insertVendor,
  verifyPathFor,
  type TestPortal,
} from "../helpers/test-portal";

let portal: TestPortal;
beforeEach(() => {
  portal = createTestPortal({ now: "2026-03-05T15:00:00Z" });
  insertVendor(portal.handle, { slug: "facette" });
});
afterEach(() => portal.close());

type Answer = { data: Record<string, unknown>; init: { status?: number; headers?: Record<string, string> } | null };
const post = async (mod: { action: unknown }, url: string, fields: Record<string, string>, ip = "203.0.113.7") =>
  (await (mod.action as (a: object) => Promise<unknown>)({
    request: formRequest(url, fields),
    params: {},
    context: { clientIp: ip },
  })) as Answer & Record<string, unknown>;
const statusOf = (r: Answer & Record<string, unknown>) => (r && "init" in r ? (r.init?.status ?? 200) : 200);
const dataOf = (r: Answer & Record<string, unknown>) =>
  (r && "data" in r && "init" in r ? r.data : r) as Record<string, unknown>;

describe("find my requests", () => {
  it("emails fresh links for a confirmed address, and answers the same for an unknown one", async () => {
    fileRequest(
      {
        vendor: ["facette"],
        jurisdiction: "GB",
        type: ["access"],
        fullName: "A B",
        email: "ab@example.com",
        idempotencyKey: "find-key-0123456789",
      },
      { locale: "en", now: portal.now() },
    );
    // Not confirmed yet: nothing is sent (the same answer is shown).
    const first = dataOf(await post(find, "/requests/find", { email: "ab@example.com" }));
    expect(first.sent).toBe(true);
    expect(
      portal.handle.sqlite.prepare("SELECT count(*) AS n FROM email_outbox WHERE template = 'status-links'").get(),
    ).toEqual({ n: 0 });
    confirmEmail(verifyPathFor(portal.handle, "ab@example.com").slice("/verify/".length), { now: portal.now() });
    const second = dataOf(await post(find, "/requests/find", { email: "AB@example.com" }));
    expect(second.sent).toBe(true);
    const rows = portal.handle.sqlite
      .prepare("SELECT dedupe_key, payload FROM email_outbox WHERE template = 'status-links'")
      .all() as { dedupe_key: string; payload: string }[];
    expect(rows).toHaveLength(1);
    expect(
      (openOutboxPayload(rows[0]!) as { requests: { reference: string }[] }).requests.map((r) => r.reference),
    ).toEqual(["BR-2026-000001"]);
    expect(dataOf(await post(find, "/requests/find", { email: "nobody@example.com" })).sent).toBe(true);
  });

  it("limits attempts per email address with 429 and Retry-After", async () => {
    for (let i = 0; i < 3; i++)
      expect(statusOf(await post(find, "/requests/find", { email: "x@example.com" }, `198.51.100.${i}`))).toBe(200);
    const res = await post(find, "/requests/find", { email: "x@example.com" }, "198.51.100.9");
    expect(statusOf(res)).toBe(429);
    expect(Number(res.init?.headers?.["Retry-After"])).toBeGreaterThan(0);
    // An hour later the window has passed.
    portal.setNow("2026-03-05T16:00:01Z");
    expect(statusOf(await post(find, "/requests/find", { email: "x@example.com" }))).toBe(200);
  });

  it("a bad address is a field error, not a 500", async () => {
    const res = await post(find, "/requests/find", { email: "nope" });
    expect(statusOf(res)).toBe(400);
    expect(dataOf(res).errors).toEqual({ email: "errors.email" });
  });
});

describe("login throttling", () => {
  it("throttles one IP guessing one account, while the real user elsewhere can still sign in", async () => {
    await insertUser(portal.handle, {
      email: "agent@facette.example",
      password: "correct horse battery",
      role: "vendor_agent",
      vendorId: 1,
    });
    for (let i = 0; i < 10; i++)
      expect(
        statusOf(await post(login, "/login", { email: "agent@facette.example", password: `guess-${i}` }, "192.0.2.66")),
      ).toBe(401);
    expect(
      statusOf(await post(login, "/login", { email: "agent@facette.example", password: "guess-x" }, "192.0.2.66")),
    ).toBe(429);
    const real = (await (login.action as (a: object) => Promise<unknown>)({
      request: formRequest("/login", { email: "agent@facette.example", password: "correct horse battery" }),
      params: {},
      context: { clientIp: "192.0.2.10" },
    }).catch((e: unknown) => e)) as Response;
    expect(real.status).toBe(302);
  });
});

describe("verification throttling", () => {
  it("limits confirmation attempts per email address as well as per IP", async () => {
    const verify = await import("../../app/routes/verify.$token");
    fileRequest(
      {
        vendor: ["facette"],
        jurisdiction: "GB",
        type: ["access"],
        fullName: "V L",
        email: "vl@example.com",
        idempotencyKey: "verify-limit-0123456789",
      },
      { locale: "en", now: portal.now() },
    );
    const token = verifyPathFor(portal.handle, "vl@example.com").slice("/verify/".length);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      // Each attempt from a different address: only the per-email limit can stop the 11th.
      const r = await (verify.action as (a: object) => Promise<unknown>)({
        request: formRequest(`/verify/${token}`, {}),
        params: { token },
        context: { clientIp: `192.0.2.${i}` },
      }).catch((e: unknown) => e);
      statuses.push(r instanceof Response ? r.status : 200);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(200));
    expect(statuses[10]).toBe(429);
  });
});

describe("abuse-limit counters", () => {
  it("count without forcing a disk sync, and leave the connection durable (synchronous=FULL) for the next change", async () => {
    const { hitRateLimits } = await import("../../app/server/security/rate-limit.server");
    const { inTransaction } = await import("../../app/server/core/db.server");
    const sqlite = portal.handle.sqlite;
    const seen: number[] = [];
    const original = sqlite.pragma.bind(sqlite);
    // Observe the pragma the counters run under (better-sqlite3 has no per-statement durability).
    (sqlite as unknown as { pragma: typeof sqlite.pragma }).pragma = ((source: string, options?: object) => {
      if (source.startsWith("synchronous =")) seen.push(source.endsWith("NORMAL") ? 1 : 2);
      return original(source, options as never);
    }) as typeof sqlite.pragma;
    try {
      expect(hitRateLimits([{ name: "findPerIp", key: "203.0.113.1" }], portal.now())).toEqual({ ok: true });
      expect(seen).toEqual([1, 2]);
      expect(original("synchronous", { simple: true })).toBe(2);
      // Inside a caller's transaction nothing is switched: the caller's durability applies.
      inTransaction(() => hitRateLimits([{ name: "findPerIp", key: "203.0.113.1" }], portal.now()));
      expect(seen).toEqual([1, 2]);
      expect(sqlite.prepare("SELECT sum(count) AS n FROM rate_limits").get()).toEqual({ n: 2 });
    } finally {
      (sqlite as unknown as { pragma: typeof sqlite.pragma }).pragma = original;
    }
  });
});
