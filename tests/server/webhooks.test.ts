/**
 * Webhooks against a real HTTP receiver on 127.0.0.1 (WEBHOOK_ALLOW_LOOPBACK), a real SQLite
 * database with the real migrations, and the injected clock (retries are reached by moving
 * the clock, never by sleeping).
 */
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildOpenApi } from "../../app/server/api/openapi-document.server";
import { ConfigError, loadConfig } from "../../app/server/core/env.server";
import { ServiceError } from "../../app/server/core/errors.server";
import { confirmEmail } from "../../app/server/resident/confirm-email.server";
import { fileRequest } from "../../app/server/resident/file-request.server";
import { forVendor, type VendorStaff } from "../../app/server/vendor/vendor-access.server";
import {
  claimDueWebhooks,
  dispatchWebhooks,
  pruneWebhookHistory,
  WEBHOOK_HISTORY_DAYS,
  WEBHOOK_LEASE_MS,
  WEBHOOK_MAX_ATTEMPTS,
} from "../../app/server/webhooks/deliver-webhooks.server";
import { enqueueRequestCreated, enqueueWebhookEvent } from "../../app/server/webhooks/enqueue-webhooks.server";
import {
  disableWebhook,
  enableWebhook,
  listDeliveries,
  listWebhooks,
  MAX_WEBHOOKS_PER_VENDOR,
  redeliverWebhook,
  registerWebhook,
  rotateWebhookSecret,
  sendTestEvent,
} from "../../app/server/webhooks/manage-webhooks.server";
import { isAllowedWebhookAddress, type LookupAll } from "../../app/server/webhooks/url-guard.server";
import { webhookEventSchema } from "../../app/server/webhooks/webhook-contract.server";
import {
  createTestPortal,
  insertUser,
  insertVendor,
  TEST_AUDIT_KEY,
  verifyPathFor,
  type TestPortal,
} from "../helpers/test-portal";

// --- The receiver, checking signatures with the recipe documented in docs/api.md ("Checking the signature").

function isGenuine(secret: string, header: string | undefined, rawBody: string, nowSeconds: number): boolean {
  const fields = Object.fromEntries((header ?? "").split(",").map((kv) => kv.trim().split("=", 2)));
  const t = Number(fields.t);
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > 5 * 60) return false;
  const expected = crypto.createHmac("sha256", secret).update(`${t}.${rawBody}`).digest();
  const given = Buffer.from(fields.v1 ?? "", "hex");
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
  path: string;
}
interface Receiver {
  url: string;
  port: number;
  received: Received[];
  /** Status codes to answer with, in order; 200 once exhausted. "hang" never answers. */
  answers: (number | "hang" | "big")[];
  close(): Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const answers: Receiver["answers"] = [];
  const hanging: http.ServerResponse[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), path: req.url ?? "" });
      const answer = answers.shift() ?? 200;
      if (answer === "hang") {
        hanging.push(res);
        return;
      }
      if (answer === "big") {
        res.writeHead(200, { "Content-Type": "text/plain" });
        res.end(Buffer.alloc(1024 * 1024, 97));
        return;
      }
      res.writeHead(answer, answer === 302 ? { Location: "http://127.0.0.1:1/elsewhere" } : {}).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    port,
    received,
    answers,
    close: () =>
      new Promise<void>((resolve) => {
        for (const r of hanging) r.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// --- Fixtures.

let portal: TestPortal;
let receiver: Receiver;
let adminA: VendorStaff;
let adminB: VendorStaff;
let agentA: VendorStaff;
let vendorA = 0;
let vendorB = 0;

const staffOf = (id: number, vendorId: number, role: "vendor_admin" | "vendor_agent"): VendorStaff => ({
  id,
  email: `u${id}@x.example`,
  name: `U${id}`,
  role,
  vendorId,
  organisation: null,
  jurisdictions: [],
  locale: "en",
});

beforeEach(async () => {
  portal = createTestPortal({ now: "2026-03-05T15:00:00Z", env: { WEBHOOK_ALLOW_LOOPBACK: "true" } });
  vendorA = insertVendor(portal.handle, { slug: "vendor-a" }).id;
  vendorB = insertVendor(portal.handle, { slug: "vendor-b" }).id;
  adminA = staffOf(
    await insertUser(portal.handle, {
      email: "admin@a.example",
      password: "x-x-x-x-x",
      role: "vendor_admin",
      vendorId: vendorA,
    }),
    vendorA,
    "vendor_admin",
  );
  adminB = staffOf(
    await insertUser(portal.handle, {
      email: "admin@b.example",
      password: "x-x-x-x-x",
      role: "vendor_admin",
      vendorId: vendorB,
    }),
    vendorB,
    "vendor_admin",
  );
  agentA = staffOf(
    await insertUser(portal.handle, {
      email: "agent@a.example",
      password: "x-x-x-x-x",
      role: "vendor_agent",
      vendorId: vendorA,
    }),
    vendorA,
    "vendor_agent",
  );
  receiver = await startReceiver();
});
afterEach(async () => {
  await receiver.close();
  portal.close();
});

let seq = 0;
function file(slug: string, email: string, opts: { confirm?: boolean; type?: ("access" | "deletion")[] } = {}) {
  seq += 1;
  const r = fileRequest(
    {
      vendor: [slug],
      jurisdiction: "CA-QC",
      type: opts.type ?? ["access"],
      fullName: "Inès Haddad-Tremblay",
      email,
      idempotencyKey: `webhook-test-${seq}-0123456789`,
    },
    { locale: "en", now: portal.now() },
  );
  if (opts.confirm ?? true)
    confirmEmail(verifyPathFor(portal.handle, email).slice("/verify/".length), { now: portal.now() });
  return r.requests;
}

const sql = () => portal.handle.sqlite;
const deliveries = () =>
  sql().prepare("SELECT * FROM webhook_deliveries ORDER BY id").all() as Record<string, unknown>[];
const attemptsOf = (deliveryId: unknown) =>
  sql().prepare("SELECT * FROM webhook_attempts WHERE delivery_id = ? ORDER BY id").all(deliveryId) as Record<
    string,
    unknown
  >[];
const advance = (ms: number) => portal.setNow(new Date(portal.now().getTime() + ms));
const dispatch = (extra: Partial<Parameters<typeof dispatchWebhooks>[0]> = {}) =>
  dispatchWebhooks({ now: portal.now, owner: "test-worker", random: () => 0.5, ...extra });
const auditCount = (action: string) =>
  (sql().prepare("SELECT count(*) AS n FROM audit_events WHERE action = ?").get(action) as { n: number }).n;

function errorOf(fn: () => unknown): ServiceError {
  try {
    fn();
  } catch (e) {
    return e as ServiceError;
  }
  throw new Error("did not throw");
}
async function asyncErrorOf(p: Promise<unknown>): Promise<ServiceError> {
  try {
    await p;
  } catch (e) {
    return e as ServiceError;
  }
  throw new Error("did not throw");
}

describe("webhook delivery", () => {
  it("signs request.created, retries a 500 with backoff on the injected clock and records one attempt per try", async () => {
    const { secret } = await registerWebhook(adminA, receiver.url, portal.now());
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const [filed] = file("vendor-a", "ines@example.com");
    const [row] = deliveries();
    expect(row).toMatchObject({ event_type: "request.created", status: "pending", attempts: 0, vendor_id: vendorA });

    receiver.answers.push(500);
    expect(await dispatch()).toEqual({ delivered: 0, retried: 1, failed: 0 });
    const afterFirst = deliveries()[0]!;
    expect(afterFirst).toMatchObject({
      status: "pending",
      attempts: 1,
      last_status_code: 500,
      last_error: "http_500",
      lease_owner: null,
    });
    // 30 s × 2^0 with the jitter at its midpoint.
    expect(afterFirst.next_attempt_at).toBe(portal.now().getTime() + 30_000);

    // Not due yet: nothing is sent.
    expect(await dispatch()).toEqual({ delivered: 0, retried: 0, failed: 0 });
    expect(receiver.received).toHaveLength(1);

    advance(30_000);
    expect(await dispatch()).toEqual({ delivered: 1, retried: 0, failed: 0 });
    expect(deliveries()[0]).toMatchObject({
      status: "delivered",
      attempts: 2,
      last_status_code: 200,
      last_error: null,
      delivered_at: portal.now().getTime(),
    });

    expect(receiver.received).toHaveLength(2);
    const sentAt = [new Date("2026-03-05T15:00:00Z"), portal.now()];
    receiver.received.forEach((r, i) => {
      expect(
        isGenuine(secret, r.headers["portal-signature"] as string, r.body, Math.floor(sentAt[i]!.getTime() / 1000)),
      ).toBe(true);
      // A tampered body, a wrong secret or an old timestamp fail the same recipe.
      expect(
        isGenuine(
          secret,
          r.headers["portal-signature"] as string,
          r.body.replace("received", "denied"),
          Math.floor(sentAt[i]!.getTime() / 1000),
        ),
      ).toBe(false);
      expect(
        isGenuine(
          `${secret}x`,
          r.headers["portal-signature"] as string,
          r.body,
          Math.floor(sentAt[i]!.getTime() / 1000),
        ),
      ).toBe(false);
      expect(
        isGenuine(
          secret,
          r.headers["portal-signature"] as string,
          r.body,
          Math.floor(sentAt[i]!.getTime() / 1000) + 301,
        ),
      ).toBe(false);
      expect(r.headers["content-type"]).toBe("application/json");
      expect(r.headers["user-agent"]).toMatch(/^BiometricRightsPortal-Webhooks\//);
      expect(r.headers["portal-event-type"]).toBe("request.created");
      expect(r.path).toBe("/hook");
    });
    // Same event both times: the receiver dedupes on the id.
    expect(receiver.received[0]!.headers["portal-event-id"]).toBe(receiver.received[1]!.headers["portal-event-id"]);
    const event = webhookEventSchema.parse(JSON.parse(receiver.received[1]!.body));
    expect(event.id).toBe(receiver.received[1]!.headers["portal-event-id"]);
    expect(event).toMatchObject({
      type: "request.created",
      data: {
        reference: filed!.reference,
        status: "received",
        type: "access",
        jurisdiction: "CA-QC",
        eventType: "received",
      },
    });
    expect((event.data as { respondBy: string }).respondBy).toMatch(/^2026-04-\d\d$/);

    const attempts = attemptsOf(row!.id);
    expect(attempts.map((a) => [a.attempt, a.status_code, a.error])).toEqual([
      [1, 500, "http_500"],
      [2, 200, null],
    ]);
    expect(attempts.map((a) => a.at)).toEqual(sentAt.map((d) => d.getTime()));
    for (const a of attempts) expect(a.duration_ms).toBeGreaterThanOrEqual(0);
  });

  it("carries no resident personal data", async () => {
    await registerWebhook(adminA, receiver.url, portal.now());
    const [filed] = file("vendor-a", "ines.private@example.com");
    forVendor(adminA).act(
      filed!.reference,
      { intent: "request_info", kind: "clarification", message: "Please send the photo URLs, Inès." },
      portal.now(),
    );
    await dispatch();
    expect(receiver.received).toHaveLength(2);
    for (const r of [...receiver.received.map((x) => x.body), ...deliveries().map((d) => d.payload as string)]) {
      expect(r).not.toMatch(/ines|Inès|Haddad|@example\.com|Please send/i);
      expect(Object.keys((JSON.parse(r) as { data: object }).data).sort()).toEqual([
        "eventType",
        "jurisdiction",
        "reference",
        "respondBy",
        "status",
        "type",
      ]);
    }
  });

  it("the event contract refuses extra fields, so personal data cannot slip in", async () => {
    const base = { id: "evt_abcdefghijklmnopqrstuvwx", type: "request.updated", createdAt: "2026-03-05T15:00:00.000Z" };
    const data = {
      reference: "BR-2026-000001",
      status: "received",
      type: "access",
      jurisdiction: "CA-QC",
      respondBy: null,
      eventType: "received",
    };
    expect(webhookEventSchema.safeParse({ ...base, data }).success).toBe(true);
    expect(webhookEventSchema.safeParse({ ...base, data: { ...data, email: "x@example.com" } }).success).toBe(false);
    expect(webhookEventSchema.safeParse({ ...base, data, resident: { name: "x" } }).success).toBe(false);
    await registerWebhook(adminA, receiver.url, portal.now());
    // Enqueueing validates against the contract: a payload with a name is not queued (and the
    // change it reports is not blocked by its notification).
    expect(
      enqueueWebhookEvent({
        vendorId: vendorA,
        type: "request.updated",
        eventKey: "x",
        data: { ...data, fullName: "Inès" } as never,
        at: portal.now(),
      }),
    ).toBe(0);
    expect(deliveries()).toHaveLength(0);
    expect(
      enqueueWebhookEvent({
        vendorId: vendorA,
        type: "request.updated",
        eventKey: "y",
        data: data as never,
        at: portal.now(),
      }),
    ).toBe(1);
  });

  it("sends request.updated for staff actions, nothing while the request awaits the resident's confirmation or is queued", async () => {
    await registerWebhook(adminA, receiver.url, portal.now());
    const [pending] = file("vendor-a", "pending@example.com", { confirm: false });
    expect(pending).toBeDefined();
    expect(deliveries()).toHaveLength(0);

    // Access + deletion: the deletion waits behind the access request and is not announced yet.
    const [access, deletion] = file("vendor-a", "both@example.com", { type: ["access", "deletion"] });
    const refsIn = () =>
      deliveries().map(
        (d) => `${d.event_type}:${(JSON.parse(d.payload as string) as { data: { reference: string } }).data.reference}`,
      );
    expect(refsIn()).toEqual([`request.created:${access!.reference}`]);

    forVendor(adminA).act(access!.reference, { intent: "acknowledge" }, portal.now());
    forVendor(adminA).act(
      access!.reference,
      {
        intent: "deny",
        denialBasis: "identity_not_verified",
        reason: "We could not confirm who you are from the documents provided.",
      },
      portal.now(),
    );
    expect(refsIn()).toEqual([
      `request.created:${access!.reference}`,
      `request.updated:${access!.reference}`,
      `request.updated:${access!.reference}`,
      // Closing the access request released the deletion to the vendor.
      `request.created:${deletion!.reference}`,
    ]);
    const updated = deliveries()
      .slice(1, 3)
      .map((d) => JSON.parse(d.payload as string) as { data: { status: string; eventType: string } });
    expect(updated.map((u) => [u.data.status, u.data.eventType])).toEqual([
      ["acknowledged", "acknowledged"],
      ["denied", "denied"],
    ]);
    // Event ids are distinct per event and opaque.
    const ids = deliveries().map((d) => d.event_id as string);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^evt_[A-Za-z0-9_-]{32}$/);
    // The pending request (never confirmed) still produced nothing.
    expect(refsIn().some((r) => r.endsWith(pending!.reference))).toBe(false);
  });

  it("queues each event once per active webhook (dedupe by event id); disabled webhooks get nothing", async () => {
    const one = await registerWebhook(adminA, receiver.url, portal.now());
    const two = await registerWebhook(adminA, `${receiver.url}/second`, portal.now());
    const off = await registerWebhook(adminA, `${receiver.url}/off`, portal.now());
    disableWebhook(adminA, off.id, portal.now());
    const [filed] = file("vendor-a", "dedupe@example.com");
    expect(deliveries().map((d) => d.webhook_id)).toEqual([one.id, two.id]);
    const requestRow = sql().prepare("SELECT * FROM requests WHERE reference = ?").get(filed!.reference) as never;
    // The same change enqueued again (a retried transaction, a second call) adds nothing.
    expect(enqueueRequestCreated(requestRow, "2026-04-06", portal.now())).toBe(0);
    const data = {
      reference: filed!.reference,
      status: "received" as const,
      type: "access" as const,
      jurisdiction: "CA-QC" as const,
      respondBy: null,
      eventType: "assigned",
    };
    expect(
      enqueueWebhookEvent({ vendorId: vendorA, type: "request.updated", eventKey: "k-1", data, at: portal.now() }),
    ).toBe(2);
    expect(
      enqueueWebhookEvent({ vendorId: vendorA, type: "request.updated", eventKey: "k-1", data, at: portal.now() }),
    ).toBe(0);
    expect(deliveries()).toHaveLength(4);
    // Vendor B hears nothing of vendor A's requests.
    await registerWebhook(adminB, receiver.url, portal.now());
    expect(deliveries().filter((d) => d.vendor_id === vendorB)).toHaveLength(0);
  });

  it("a crash mid-delivery loses nothing: the lease expires and the event is sent again", async () => {
    await registerWebhook(adminA, receiver.url, portal.now());
    file("vendor-a", "crash@example.com");
    // A worker claims the row and dies before sending.
    expect(claimDueWebhooks({ owner: "crashed-worker", now: portal.now() })).toHaveLength(1);
    expect(deliveries()[0]).toMatchObject({ status: "sending", lease_owner: "crashed-worker" });
    expect(await dispatch()).toEqual({ delivered: 0, retried: 0, failed: 0 });
    advance(WEBHOOK_LEASE_MS + 1);
    expect(await dispatch()).toEqual({ delivered: 1, retried: 0, failed: 0 });
    expect(deliveries()[0]).toMatchObject({ status: "delivered", attempts: 2, lease_owner: null });
    expect(receiver.received).toHaveLength(1);
  });

  it("housekeeping removes delivered history after 90 days with its attempts, never a pending event", async () => {
    await registerWebhook(adminA, receiver.url, portal.now());
    file("vendor-a", "old@example.com");
    expect(await dispatch()).toEqual({ delivered: 1, retried: 0, failed: 0 });
    const attempts = () =>
      (portal.handle.sqlite.prepare("SELECT count(*) AS n FROM webhook_attempts").get() as { n: number }).n;
    expect(attempts()).toBe(1);
    advance(WEBHOOK_HISTORY_DAYS * 86_400_000 - 60_000);
    expect(pruneWebhookHistory(portal.now())).toBe(0);
    advance(120_000);
    file("vendor-a", "new@example.com");
    expect(pruneWebhookHistory(portal.now())).toBe(1);
    expect(attempts()).toBe(0);
    expect(deliveries().map((d) => d.status)).toEqual(["pending"]);
    // An old event still pending (a receiver down for months) is kept: it is still to be sent.
    advance(WEBHOOK_HISTORY_DAYS * 86_400_000 * 2);
    expect(pruneWebhookHistory(portal.now())).toBe(0);
    expect(deliveries()).toHaveLength(1);
  });

  it("fails at once on a 4xx (other than 408/429) or a redirect; retries 408/429/5xx/timeouts up to the limit", async () => {
    const { id } = await registerWebhook(adminA, receiver.url, portal.now());
    receiver.answers.push(410, 302);
    sendTestEvent(adminA, id, portal.now());
    sendTestEvent(adminA, id, portal.now());
    expect(await dispatch()).toEqual({ delivered: 0, retried: 0, failed: 2 });
    expect(deliveries().map((d) => [d.status, d.last_status_code])).toEqual([
      ["failed", 410],
      ["failed", 302],
    ]);
    expect(receiver.received.map((r) => r.path)).toEqual(["/hook", "/hook"]); // the redirect was not followed

    sendTestEvent(adminA, id, portal.now());
    receiver.answers.push(429, 408, 503, ...Array(WEBHOOK_MAX_ATTEMPTS - 3).fill(500));
    for (let i = 0; i < WEBHOOK_MAX_ATTEMPTS; i++) {
      await dispatch();
      advance(2 * 60 * 60_000);
    }
    const last = deliveries()[2]!;
    expect(last).toMatchObject({ status: "failed", attempts: WEBHOOK_MAX_ATTEMPTS, last_status_code: 500 });
    expect(
      attemptsOf(last.id)
        .map((a) => a.status_code)
        .slice(0, 3),
    ).toEqual([429, 408, 503]);
    expect(attemptsOf(last.id)).toHaveLength(WEBHOOK_MAX_ATTEMPTS);
    expect(await dispatch()).toEqual({ delivered: 0, retried: 0, failed: 0 });

    // A failed delivery can be sent again by the admin: same event id, fresh budget, audited.
    redeliverWebhook(adminA, last.id as number, portal.now());
    expect(deliveries()[2]).toMatchObject({ status: "pending", attempts: 0, event_id: last.event_id });
    expect(await dispatch()).toEqual({ delivered: 1, retried: 0, failed: 0 });
    expect(attemptsOf(last.id).at(-1)).toMatchObject({ attempt: WEBHOOK_MAX_ATTEMPTS + 1, status_code: 200 });
    expect(auditCount("webhook.redelivered")).toBe(1);
    expect(errorOf(() => redeliverWebhook(adminA, last.id as number, portal.now())).status).toBe(409);
  });

  it("gives up on a receiver that does not answer in time and retries later; a huge answer is cut off", async () => {
    const { id } = await registerWebhook(adminA, receiver.url, portal.now());
    receiver.answers.push("hang");
    sendTestEvent(adminA, id, portal.now());
    expect(await dispatch({ timeoutMs: 150 })).toEqual({ delivered: 0, retried: 1, failed: 0 });
    expect(attemptsOf(deliveries()[0]!.id)[0]).toMatchObject({ status_code: null, error: "timeout" });
    receiver.answers.push("big");
    advance(60_000);
    expect(await dispatch()).toEqual({ delivered: 1, retried: 0, failed: 0 });
  });

  it("a connection refused is retried", async () => {
    const { id } = await registerWebhook(adminA, receiver.url, portal.now());
    sendTestEvent(adminA, id, portal.now());
    await receiver.close();
    expect(await dispatch()).toEqual({ delivered: 0, retried: 1, failed: 0 });
    expect(deliveries()[0]).toMatchObject({ status: "pending", last_error: "ECONNREFUSED", last_status_code: null });
    receiver = await startReceiver();
  });

  it("connects to the checked address (pinned), and re-checks it at every delivery (DNS rebinding)", async () => {
    let answer = "127.0.0.1";
    const calls: string[] = [];
    const lookup: LookupAll = async (host) => {
      calls.push(host);
      return [{ address: answer, family: 4 }];
    };
    // `receiver.test` exists only in this resolver: reaching the receiver proves the connection used the checked address.
    const url = `http://receiver.test:${receiver.port}/pinned`;
    const { id } = await registerWebhook(adminA, url, portal.now(), { lookup });
    sendTestEvent(adminA, id, portal.now());
    expect(await dispatch({ lookup })).toEqual({ delivered: 1, retried: 0, failed: 0 });
    expect(receiver.received[0]).toMatchObject({
      path: "/pinned",
      headers: { host: `receiver.test:${receiver.port}` },
    });
    expect(calls).toEqual(["receiver.test", "receiver.test"]);

    // The name now points at the cloud metadata service: refused before any connection, at once.
    answer = "169.254.169.254";
    sendTestEvent(adminA, id, portal.now());
    expect(await dispatch({ lookup })).toEqual({ delivered: 0, retried: 0, failed: 1 });
    const refused = deliveries()[1]!;
    expect(refused).toMatchObject({ status: "failed", last_error: "address_not_allowed", last_status_code: null });
    expect(attemptsOf(refused.id)).toMatchObject([{ attempt: 1, status_code: null, error: "address_not_allowed" }]);
    expect(receiver.received).toHaveLength(1);
  });

  it("worker: the webhook dispatch runs in the worker pass", async () => {
    const { startWorker } = await import("../../app/server/jobs/worker.server");
    await registerWebhook(adminA, receiver.url, portal.now());
    file("vendor-a", "worker@example.com");
    const sent: unknown[] = [];
    const worker = startWorker({
      transport: { sendMail: async (m: unknown) => void sent.push(m) } as never,
      intervalMs: 60_000,
      sweepIntervalMs: 60_000,
    });
    await worker.runOnce();
    await worker.stop();
    expect(receiver.received).toHaveLength(1);
    expect(deliveries()[0]).toMatchObject({ status: "delivered" });
  });
});

describe("registering a URL (SSRF guard)", () => {
  const publicLookup: LookupAll = async () => [{ address: "93.184.215.14", family: 4 }];

  it.each([
    ["http://127.0.0.1:8080/hook", "https_required"],
    ["http://hooks.example.com/x", "https_required"],
    ["https://127.0.0.1/hook", "address_not_allowed"],
    ["https://127.1/hook", "address_not_allowed"],
    ["https://2130706433/hook", "address_not_allowed"],
    ["https://0x7f000001/hook", "address_not_allowed"],
    ["https://0.0.0.0/hook", "address_not_allowed"],
    ["https://10.1.2.3/hook", "address_not_allowed"],
    ["https://172.16.5.4/hook", "address_not_allowed"],
    ["https://192.168.1.10/hook", "address_not_allowed"],
    ["https://100.64.0.1/hook", "address_not_allowed"],
    ["https://169.254.169.254/latest/meta-data/", "address_not_allowed"],
    ["https://224.0.0.1/", "address_not_allowed"],
    ["https://255.255.255.255/", "address_not_allowed"],
    ["https://[::1]/hook", "address_not_allowed"],
    ["https://[::]/hook", "address_not_allowed"],
    ["https://[::ffff:127.0.0.1]/hook", "address_not_allowed"],
    ["https://[::ffff:a9fe:a9fe]/hook", "address_not_allowed"],
    ["https://[64:ff9b::a9fe:a9fe]/hook", "address_not_allowed"],
    ["https://[fd00:ec2::254]/hook", "address_not_allowed"],
    ["https://[fe80::1]/hook", "address_not_allowed"],
    ["https://[ff02::1]/hook", "address_not_allowed"],
    ["https://[2002:7f00:1::1]/hook", "address_not_allowed"],
    ["https://user:pass@hooks.example.com/x", "credentials"],
    ["ftp://hooks.example.com/x", "https_required"],
    ["javascript:alert(1)", "https_required"],
    ["not a url", "invalid"],
    ["https://hooks.example.com/x#frag", "invalid"],
  ])("without the test flag, refuses %s (%s)", async (url, code) => {
    const noFlag = createTestPortal({ env: {} });
    try {
      const admin = staffOf(
        await insertUser(noFlag.handle, {
          email: "a@x.example",
          password: "x-x-x-x-x",
          role: "vendor_admin",
          vendorId: insertVendor(noFlag.handle).id,
        }),
        1,
        "vendor_admin",
      );
      const err = await asyncErrorOf(registerWebhook(admin, url, noFlag.now(), { lookup: publicLookup }));
      expect(err).toBeInstanceOf(ServiceError);
      expect(err).toMatchObject({ status: 400, code, fields: { url: expect.stringMatching(/^webhooks\.errors\./) } });
      expect(noFlag.handle.sqlite.prepare("SELECT count(*) AS n FROM webhooks").get()).toEqual({ n: 0 });
    } finally {
      noFlag.close();
    }
  });

  it("checks every address a name resolves to, and accepts a public one", async () => {
    const mixed: LookupAll = async () => [
      { address: "93.184.215.14", family: 4 },
      { address: "10.0.0.8", family: 4 },
    ];
    expect(
      await asyncErrorOf(registerWebhook(adminA, "https://hooks.example.com/x", portal.now(), { lookup: mixed })),
    ).toMatchObject({ code: "address_not_allowed" });
    const internal: LookupAll = async () => [{ address: "fd12:3456::1", family: 6 }];
    expect(
      await asyncErrorOf(registerWebhook(adminA, "https://hooks.example.com/x", portal.now(), { lookup: internal })),
    ).toMatchObject({ code: "address_not_allowed" });
    const missing: LookupAll = async () => {
      throw Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" });
    };
    expect(
      await asyncErrorOf(registerWebhook(adminA, "https://nowhere.example.com/x", portal.now(), { lookup: missing })),
    ).toMatchObject({ code: "unresolvable" });
    const ok = await registerWebhook(adminA, "https://Hooks.Example.com:8443/portal?x=1", portal.now(), {
      lookup: publicLookup,
    });
    expect(listWebhooks(adminA)).toMatchObject([
      { id: ok.id, url: "https://hooks.example.com:8443/portal?x=1", disabledAt: null },
    ]);
    const v6: LookupAll = async () => [{ address: "2606:2800:220:1:248:1893:25c8:1946", family: 6 }];
    await registerWebhook(adminA, "https://v6.example.com/", portal.now(), { lookup: v6 });
  });

  it("classifies addresses", () => {
    for (const a of [
      "127.0.0.1",
      "10.0.0.1",
      "172.31.255.255",
      "192.168.0.1",
      "100.127.255.254",
      "169.254.169.254",
      "0.0.0.0",
      "::1",
      "::",
      "::ffff:10.0.0.1",
      "fc00::1",
      "fe80::1",
      "ff05::2",
      "198.18.0.1",
      "not-an-ip",
    ]) {
      expect(isAllowedWebhookAddress(a), a).toBe(false);
    }
    for (const a of ["93.184.215.14", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700:4700::1111"])
      expect(isAllowedWebhookAddress(a), a).toBe(true);
    expect(isAllowedWebhookAddress("127.0.0.1", { allowLoopback: true })).toBe(true);
    expect(isAllowedWebhookAddress("10.0.0.1", { allowLoopback: true })).toBe(false);
  });

  it("the loopback flag is refused in production, and ignored if a production config carried it anyway", async () => {
    expect(() =>
      loadConfig({
        NODE_ENV: "production",
        SESSION_SECRET: "x".repeat(40),
        DATA_KEY: "ab".repeat(32),
        AUDIT_SIGNING_KEY: TEST_AUDIT_KEY,
        WEBHOOK_ALLOW_LOOPBACK: "true",
        DATABASE_PATH: `${portal.dir}/p.db`,
      }),
    ).toThrow(ConfigError);
    // The receiver's port is allowed, so what refuses it below is the address, not the port.
    portal.runtime.config = {
      ...portal.runtime.config,
      env: "production",
      webhookAllowLoopback: true,
      webhookAllowedPorts: [receiver.port],
    };
    expect(await asyncErrorOf(registerWebhook(adminA, receiver.url, portal.now()))).toMatchObject({
      code: "https_required",
    });
    expect(
      await asyncErrorOf(registerWebhook(adminA, `https://127.0.0.1:${receiver.port}/`, portal.now())),
    ).toMatchObject({ code: "address_not_allowed" });
  });

  it("at most 5 active webhooks per vendor", async () => {
    const ids: number[] = [];
    for (let i = 0; i < MAX_WEBHOOKS_PER_VENDOR; i++)
      ids.push((await registerWebhook(adminA, `${receiver.url}/${i}`, portal.now())).id);
    expect(await asyncErrorOf(registerWebhook(adminA, `${receiver.url}/6`, portal.now()))).toMatchObject({
      status: 409,
      code: "too_many",
    });
    disableWebhook(adminA, ids[0]!, portal.now());
    const sixth = await registerWebhook(adminA, `${receiver.url}/6`, portal.now());
    expect(errorOf(() => enableWebhook(adminA, ids[0]!, portal.now()))).toMatchObject({
      status: 409,
      code: "too_many",
    });
    disableWebhook(adminA, sixth.id, portal.now());
    enableWebhook(adminA, ids[0]!, portal.now());
    expect(listWebhooks(adminA).filter((w) => w.disabledAt == null)).toHaveLength(MAX_WEBHOOKS_PER_VENDOR);
  });
});

describe("production: https on port 443 unless configured", () => {
  const publicLookup: LookupAll = async () => [{ address: "93.184.215.14", family: 4 }];
  const PRODUCTION = {
    NODE_ENV: "production",
    SMTP_URL: "smtp://mail.example.org:587",
    PUBLIC_URL: "https://portal.example.org",
  };

  async function withProductionPortal(
    env: Record<string, string>,
    fn: (p: TestPortal, admin: VendorStaff) => Promise<void>,
  ): Promise<void> {
    const prod = createTestPortal({ env: { ...PRODUCTION, ...env } });
    try {
      const vendorId = insertVendor(prod.handle).id;
      await fn(
        prod,
        staffOf(
          await insertUser(prod.handle, {
            email: "a@x.example",
            password: "x-x-x-x-x",
            role: "vendor_admin",
            vendorId,
          }),
          vendorId,
          "vendor_admin",
        ),
      );
    } finally {
      prod.close();
    }
  }

  it.each([
    "https://hooks.example.com:8443/x",
    "https://hooks.example.com:80/x",
    "https://hooks.example.com:22/x",
    "https://hooks.example.com:6379/x",
    "https://93.184.215.14:444/x",
  ])("refuses %s (port_not_allowed) and stores nothing", async (url) => {
    await withProductionPortal({}, async (prod, admin) => {
      const err = await asyncErrorOf(registerWebhook(admin, url, prod.now(), { lookup: publicLookup }));
      expect(err).toMatchObject({ status: 400, code: "port_not_allowed", fields: { url: "webhooks.errors.port" } });
      expect(prod.handle.sqlite.prepare("SELECT count(*) AS n FROM webhooks").get()).toEqual({ n: 0 });
    });
  });

  it("accepts 443 (implicit or written out), and a port on WEBHOOK_ALLOWED_PORTS", async () => {
    await withProductionPortal({}, async (prod, admin) => {
      await registerWebhook(admin, "https://hooks.example.com/portal", prod.now(), { lookup: publicLookup });
      await registerWebhook(admin, "https://hooks.example.com:443/other", prod.now(), { lookup: publicLookup });
      expect(
        listWebhooks(admin)
          .map((w) => w.url)
          .sort(),
      ).toEqual(["https://hooks.example.com/other", "https://hooks.example.com/portal"]);
    });
    await withProductionPortal({ WEBHOOK_ALLOWED_PORTS: "8443, 9443" }, async (prod, admin) => {
      await registerWebhook(admin, "https://hooks.example.com:8443/portal", prod.now(), { lookup: publicLookup });
      await registerWebhook(admin, "https://hooks.example.com:9443/portal", prod.now(), { lookup: publicLookup });
      expect(
        await asyncErrorOf(
          registerWebhook(admin, "https://hooks.example.com:8080/portal", prod.now(), { lookup: publicLookup }),
        ),
      ).toMatchObject({ code: "port_not_allowed" });
      expect(listWebhooks(admin)).toHaveLength(2);
    });
  });

  it("re-checks the port at every delivery: a port taken off the list fails the delivery without connecting", async () => {
    await withProductionPortal({ WEBHOOK_ALLOWED_PORTS: "8443" }, async (prod, admin) => {
      const { id } = await registerWebhook(admin, "https://hooks.example.com:8443/portal", prod.now(), {
        lookup: publicLookup,
      });
      sendTestEvent(admin, id, prod.now());
      prod.runtime.config = { ...prod.runtime.config, webhookAllowedPorts: [] };
      let lookups = 0;
      const counted: LookupAll = async (host) => {
        lookups += 1;
        return publicLookup(host);
      };
      expect(await dispatchWebhooks({ now: prod.now, owner: "test-worker", lookup: counted })).toEqual({
        delivered: 0,
        retried: 0,
        failed: 1,
      });
      expect(lookups).toBe(0);
      expect(prod.handle.sqlite.prepare("SELECT status, last_error FROM webhook_deliveries").get()).toMatchObject({
        status: "failed",
        last_error: "port_not_allowed",
      });
    });
  });

  it("outside production any port still works (local receivers, tests)", async () => {
    expect((await registerWebhook(adminA, `${receiver.url}/dev`, portal.now())).id).toBeGreaterThan(0);
    expect(receiver.port).not.toBe(443);
  });
});

describe("secrets, isolation and audit", () => {
  it("stores the secret encrypted, shows it once, and rotation replaces it", async () => {
    const { id, secret } = await registerWebhook(adminA, receiver.url, portal.now());
    const stored = sql().prepare("SELECT secret_enc, secret_prefix FROM webhooks WHERE id = ?").get(id) as {
      secret_enc: string;
      secret_prefix: string;
    };
    expect(stored.secret_enc).not.toContain(secret.slice(6));
    expect(Buffer.from(stored.secret_enc, "base64").toString("latin1")).not.toContain(secret.slice(6));
    expect(secret.startsWith(stored.secret_prefix)).toBe(true);
    expect(stored.secret_prefix.length).toBeLessThanOrEqual(10);
    expect(JSON.stringify(listWebhooks(adminA))).not.toContain(secret);

    const rotated = rotateWebhookSecret(adminA, id, portal.now()).secret;
    expect(rotated).not.toBe(secret);
    sendTestEvent(adminA, id, portal.now());
    await dispatch();
    const got = receiver.received[0]!;
    const nowS = Math.floor(portal.now().getTime() / 1000);
    expect(isGenuine(rotated, got.headers["portal-signature"] as string, got.body, nowS)).toBe(true);
    expect(isGenuine(secret, got.headers["portal-signature"] as string, got.body, nowS)).toBe(false);
    expect(JSON.parse(got.body)).toMatchObject({ type: "ping", data: { eventType: "ping" } });

    // A secret copied onto another vendor's row does not decrypt: the delivery fails, nothing is sent unsigned.
    const b = await registerWebhook(adminB, `${receiver.url}/b`, portal.now());
    sql().prepare("UPDATE webhooks SET secret_enc = ? WHERE id = ?").run(stored.secret_enc, b.id);
    sendTestEvent(adminB, b.id, portal.now());
    expect(await dispatch()).toEqual({ delivered: 0, retried: 0, failed: 1 });
    expect(receiver.received).toHaveLength(1);

    // Audit rows name ids only — never the secret or the URL.
    const audit = sql()
      .prepare("SELECT action, object_id, details FROM audit_events WHERE action LIKE 'webhook.%' ORDER BY seq")
      .all() as { action: string; object_id: string; details: string }[];
    expect(audit.map((a) => a.action)).toEqual([
      "webhook.created",
      "webhook.rotated",
      "webhook.tested",
      "webhook.created",
      "webhook.tested",
    ]);
    for (const a of audit) expect(`${a.object_id}${a.details}`).not.toMatch(/whsec_|127\.0\.0\.1|hook/);
  });

  it("vendor A's admin cannot see, disable, rotate, test or redeliver vendor B's webhook (404, unchanged, audited); agents are refused", async () => {
    const b = await registerWebhook(adminB, receiver.url, portal.now());
    receiver.answers.push(404);
    sendTestEvent(adminB, b.id, portal.now());
    await dispatch();
    const failed = deliveries()[0]!;
    expect(failed.status).toBe("failed");
    const before = {
      hook: sql().prepare("SELECT * FROM webhooks WHERE id = ?").get(b.id),
      delivery: sql().prepare("SELECT * FROM webhook_deliveries WHERE id = ?").get(failed.id),
    };
    const denied = auditCount("auth.denied");

    expect(listWebhooks(adminA)).toEqual([]);
    expect(listDeliveries(adminA)).toEqual([]);
    expect(listDeliveries(adminB).map((d) => d.id)).toEqual([failed.id]);
    for (const attempt of [
      () => disableWebhook(adminA, b.id, portal.now()),
      () => enableWebhook(adminA, b.id, portal.now()),
      () => rotateWebhookSecret(adminA, b.id, portal.now()),
      () => sendTestEvent(adminA, b.id, portal.now()),
      () => redeliverWebhook(adminA, failed.id as number, portal.now()),
    ]) {
      expect(errorOf(attempt)).toMatchObject({ status: 404 });
    }
    expect(sql().prepare("SELECT * FROM webhooks WHERE id = ?").get(b.id)).toEqual(before.hook);
    expect(sql().prepare("SELECT * FROM webhook_deliveries WHERE id = ?").get(failed.id)).toEqual(before.delivery);
    expect(deliveries()).toHaveLength(1);
    expect(auditCount("auth.denied")).toBe(denied + 5);
    const rows = sql()
      .prepare(
        "SELECT actor_id, vendor_id, object_type FROM audit_events WHERE action = 'auth.denied' ORDER BY seq DESC LIMIT 5",
      )
      .all();
    for (const r of rows) expect(r).toMatchObject({ actor_id: String(adminA.id), vendor_id: vendorA });

    // Agents (even of the owning vendor) are not webhook admins.
    expect(errorOf(() => listWebhooks(agentA))).toMatchObject({ status: 404 });
    expect(await asyncErrorOf(registerWebhook(agentA, receiver.url, portal.now()))).toMatchObject({ status: 404 });
    expect(errorOf(() => listDeliveries(agentA))).toMatchObject({ status: 404 });
  });

  it("disable stops new events and pauses queued ones until enabled again (audited)", async () => {
    const { id } = await registerWebhook(adminA, receiver.url, portal.now());
    file("vendor-a", "pause@example.com");
    disableWebhook(adminA, id, portal.now());
    expect(await dispatch()).toEqual({ delivered: 0, retried: 0, failed: 0 });
    file("vendor-a", "pause2@example.com");
    expect(deliveries()).toHaveLength(1);
    expect(errorOf(() => sendTestEvent(adminA, id, portal.now()))).toMatchObject({ status: 409 });
    enableWebhook(adminA, id, portal.now());
    expect(await dispatch()).toEqual({ delivered: 1, retried: 0, failed: 0 });
    expect([auditCount("webhook.disabled"), auditCount("webhook.enabled")]).toEqual([1, 1]);
  });

  it("is described in the OpenAPI document under the top-level webhooks key", () => {
    const doc = buildOpenApi("http://localhost:3000") as unknown as {
      webhooks: Record<
        string,
        {
          post: {
            requestBody: { content: { "application/json": { schema: { oneOf?: unknown[]; anyOf?: unknown[] } } } };
          };
        }
      >;
    };
    expect(Object.keys(doc.webhooks).sort()).toEqual(["ping", "request.created", "request.updated"]);
    const schema = doc.webhooks["request.created"]!.post.requestBody.content["application/json"].schema;
    expect(JSON.stringify(schema)).toContain("respondBy");
    expect(JSON.stringify(schema)).not.toMatch(/email|fullName/);
  });
});
