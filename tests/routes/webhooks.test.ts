/** /vendor/webhooks: the page's loader and actions called with real Requests and session cookies. */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as page from "../../app/routes/vendor.webhooks";
import { createUserSession } from "../../app/server/security/staff-sessions.server";
import { dispatchWebhooks } from "../../app/server/webhooks/deliver-webhooks.server";
import {
  cookieFrom,
  createTestPortal,
  formRequest,
  getRequest,
  insertUser,
  insertVendor,
  type TestPortal,
} from "../helpers/test-portal";

let portal: TestPortal;
let server: http.Server;
let hookUrl = "";
let answers: number[] = [];
let received = 0;
let adminA = "";
let adminB = "";
let agentA = "";

/** A signed-in session with its second factor passed (the login itself is tested elsewhere). */
async function sessionFor(userId: number): Promise<string> {
  const cookie = cookieFrom(await createUserSession(userId, portal.now()));
  portal.handle.sqlite
    .prepare("UPDATE sessions SET second_factor_at = ? WHERE user_id = ?")
    .run(portal.now().getTime(), userId);
  return cookie;
}

beforeEach(async () => {
  portal = createTestPortal({ now: "2026-03-05T15:00:00Z", env: { WEBHOOK_ALLOW_LOOPBACK: "true" } });
  const a = insertVendor(portal.handle, { slug: "a" }).id;
  const b = insertVendor(portal.handle, { slug: "b" }).id;
  adminA = await sessionFor(
    await insertUser(portal.handle, {
      email: "admin@a.example",
      password: "correct horse battery",
      role: "vendor_admin",
      vendorId: a,
    }),
  );
  adminB = await sessionFor(
    await insertUser(portal.handle, {
      email: "admin@b.example",
      password: "correct horse battery",
      role: "vendor_admin",
      vendorId: b,
    }),
  );
  agentA = await sessionFor(
    await insertUser(portal.handle, {
      email: "agent@a.example",
      password: "correct horse battery",
      role: "vendor_agent",
      vendorId: a,
    }),
  );
  answers = [];
  received = 0;
  server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      received += 1;
      res.writeHead(answers.shift() ?? 200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  hookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});
afterEach(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
  portal.close();
});

type F = (a: object) => Promise<unknown>;
const run = async (fn: unknown, request: Request) =>
  (fn as F)({ request, params: {}, context: { clientIp: "198.51.100.4" } }).catch((e: unknown) => e);
const load = (cookie: string) =>
  run(page.loader, getRequest("/vendor/webhooks", cookie)) as Promise<Awaited<ReturnType<typeof page.loader>>>;
interface Answer {
  init: { status: number } | null;
  data: {
    ok: boolean;
    errors: Record<string, string>;
    values: { url: string };
    secret: { webhookId: number; value: string } | null;
    notice: string | null;
  };
}
const post = async (cookie: string, fields: Record<string, string>) =>
  (await run(page.action, formRequest("/vendor/webhooks", fields, cookie))) as Answer;
const statusOf = (x: unknown) => (x instanceof Response ? x.status : ((x as Answer).init?.status ?? 200));
const hooks = () =>
  portal.handle.sqlite.prepare("SELECT * FROM webhooks ORDER BY id").all() as Record<string, unknown>[];

describe("/vendor/webhooks", () => {
  it("is for vendor admins only: agents get 404 for the page and every action; signed-out users go to login", async () => {
    expect(statusOf(await run(page.loader, getRequest("/vendor/webhooks", agentA)))).toBe(404);
    for (const fields of [
      { intent: "create", url: hookUrl },
      { intent: "disable", id: "1" },
      { intent: "test", id: "1" },
    ] as Record<string, string>[]) {
      expect(statusOf(await run(page.action, formRequest("/vendor/webhooks", fields, agentA)))).toBe(404);
    }
    expect(hooks()).toHaveLength(0);
    const anon = await run(page.loader, getRequest("/vendor/webhooks"));
    expect(anon).toBeInstanceOf(Response);
    expect((anon as Response).headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
  });

  it("registers a URL, shows the secret once, and keeps the value with a field message on error", async () => {
    const bad = await post(adminA, { intent: "create", url: "https://169.254.169.254/latest/meta-data" });
    expect(bad.init?.status).toBe(400);
    expect(bad.data).toMatchObject({
      ok: false,
      errors: { url: "webhooks.errors.address" },
      values: { url: "https://169.254.169.254/latest/meta-data" },
      secret: null,
    });
    const empty = await post(adminA, { intent: "create", url: "  " });
    expect(empty.data).toMatchObject({ ok: false, errors: { url: "webhooks.errors.invalid" } });
    const creds = await post(adminA, { intent: "create", url: "https://u:p@hooks.example.com/" });
    expect(creds.data.errors).toEqual({ url: "webhooks.errors.credentials" });
    expect(hooks()).toHaveLength(0);

    const ok = await post(adminA, { intent: "create", url: hookUrl });
    expect(ok.data).toMatchObject({
      ok: true,
      notice: "webhooks.createdOnce",
      secret: { value: expect.stringMatching(/^whsec_/) },
    });
    const list = await load(adminA);
    expect(list.webhooks).toMatchObject([{ url: hookUrl, disabledAt: null }]);
    // The secret is never in the page data afterwards.
    expect(JSON.stringify(list)).not.toContain(ok.data.secret!.value);
    expect(await load(adminB)).toMatchObject({ webhooks: [], deliveries: [] });
  });

  it("send test event, delivery history with attempts, redeliver, rotate, disable/enable", async () => {
    const created = await post(adminA, { intent: "create", url: hookUrl });
    const id = String(created.data.secret!.webhookId);
    answers.push(400);
    expect((await post(adminA, { intent: "test", id })).data).toMatchObject({
      ok: true,
      notice: "webhooks.testQueued",
    });
    await dispatchWebhooks({ now: portal.now, owner: "t" });
    const history = (await load(adminA)).deliveries;
    expect(history).toMatchObject([
      {
        eventType: "ping",
        status: "failed",
        attempts: 1,
        lastStatusCode: 400,
        reference: null,
        history: [{ attempt: 1, statusCode: 400 }],
      },
    ]);
    expect(history[0]!.history[0]!.durationMs).toBeGreaterThanOrEqual(0);

    expect((await post(adminA, { intent: "redeliver", id: String(history[0]!.id) })).data.notice).toBe(
      "webhooks.redeliverQueued",
    );
    await dispatchWebhooks({ now: portal.now, owner: "t" });
    expect((await load(adminA)).deliveries[0]).toMatchObject({
      status: "delivered",
      history: [{ statusCode: 400 }, { statusCode: 200 }],
    });
    expect(received).toBe(2);
    // Redelivering a delivered one is refused with a message.
    const again = await post(adminA, { intent: "redeliver", id: String(history[0]!.id) });
    expect(again.init?.status).toBe(409);
    expect(again.data.errors).toEqual({ form: "webhooks.errors.notFailed" });

    const rotated = await post(adminA, { intent: "rotate", id });
    expect(rotated.data).toMatchObject({ notice: "webhooks.rotatedOnce", secret: { webhookId: Number(id) } });
    expect(rotated.data.secret!.value).not.toBe(created.data.secret!.value);

    expect((await post(adminA, { intent: "disable", id })).data.notice).toBe("webhooks.disabledNotice");
    expect((await load(adminA)).webhooks[0]!.disabledAt).toBe(portal.now().getTime());
    const disabledTest = await post(adminA, { intent: "test", id });
    expect(disabledTest.init?.status).toBe(409);
    expect(disabledTest.data.errors).toEqual({ form: "webhooks.errors.disabled" });
    expect((await post(adminA, { intent: "enable", id })).data.notice).toBe("webhooks.enabledNotice");
    expect((await load(adminA)).webhooks[0]!.disabledAt).toBeNull();

    const actions = portal.handle.sqlite
      .prepare("SELECT action FROM audit_events WHERE action LIKE 'webhook.%' ORDER BY seq")
      .all()
      .map((r) => (r as { action: string }).action);
    expect(actions).toEqual([
      "webhook.created",
      "webhook.tested",
      "webhook.redelivered",
      "webhook.rotated",
      "webhook.disabled",
      "webhook.enabled",
    ]);
  });

  it("another vendor's admin gets 404 for every action on vendor A's webhook; nothing changes; each attempt is audited", async () => {
    const created = await post(adminA, { intent: "create", url: hookUrl });
    const id = String(created.data.secret!.webhookId);
    answers.push(410);
    await post(adminA, { intent: "test", id });
    await dispatchWebhooks({ now: portal.now, owner: "t" });
    const deliveryId = String((await load(adminA)).deliveries[0]!.id);
    const snapshot = () => [hooks(), portal.handle.sqlite.prepare("SELECT * FROM webhook_deliveries").all()];
    const before = snapshot();
    for (const fields of [
      { intent: "disable", id },
      { intent: "enable", id },
      { intent: "rotate", id },
      { intent: "test", id },
      { intent: "redeliver", id: deliveryId },
    ]) {
      expect(statusOf(await run(page.action, formRequest("/vendor/webhooks", fields, adminB)))).toBe(404);
    }
    expect(snapshot()).toEqual(before);
    expect(
      portal.handle.sqlite
        .prepare(
          "SELECT count(*) AS n FROM audit_events WHERE action = 'auth.denied' AND object_type IN ('webhook','webhook_delivery')",
        )
        .get(),
    ).toEqual({ n: 5 });
    expect((await load(adminB)).deliveries).toEqual([]);
  });

  it("a malformed action is a 400, not a crash", async () => {
    expect(
      statusOf(await run(page.action, formRequest("/vendor/webhooks", { intent: "disable", id: "abc" }, adminA))),
    ).toBe(400);
    expect(statusOf(await run(page.action, formRequest("/vendor/webhooks", { intent: "drop-table" }, adminA)))).toBe(
      400,
    );
  });
});
