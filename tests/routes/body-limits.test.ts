/**
 * Hostile request bodies against the real server: bootPortal's Express app (default headers,
 * CSRF check, body limits, request handler) on a real port, serving the real route actions.
 * A chunked body declares no length, so only counting the bytes as they stream can refuse it;
 * each refusal must come before the body is buffered, and the server must go on serving.
 */
import type { ServerBuild } from "@remix-run/node";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as apiActions from "../../app/routes/api.v1.requests.$ref.actions";
import * as apiFiles from "../../app/routes/api.v1.requests.$ref.files";
import * as forgotPassword from "../../app/routes/forgot-password";
import * as healthz from "../../app/routes/healthz";
import * as login from "../../app/routes/login";
import * as requestsNew from "../../app/routes/requests.new/route";
import { createApiKey } from "../../app/server/api/api-keys.server";
import { bootPortal, type RunningPortal } from "../../app/server/core/boot.server";
import { getRuntime } from "../../app/server/core/runtime.server";
import { manyPartsBody, MiB, postHugeBody } from "../helpers/huge-body";
import { createPostgresDatabase, dropPostgresDatabase } from "../helpers/postgres-database";
import { insertUser, insertVendor, TEST_AUDIT_KEY } from "../helpers/test-portal";

type Action = (args: {
  request: Request;
  params: Record<string, string | undefined>;
  context: unknown;
}) => Promise<unknown>;

/** A route's action as a resource route: what it returns becomes the Response it stands for. */
function resourceRoute(action: unknown) {
  return {
    action: async (args: Parameters<Action>[0]) => {
      const result = await (action as Action)(args);
      if (result instanceof Response) return result;
      const wrapped = result as { type?: string; data?: unknown; init?: ResponseInit | null };
      if (wrapped && wrapped.type === "DataWithResponseInit")
        return Response.json(wrapped.data, wrapped.init ?? undefined);
      return Response.json(result);
    },
  };
}

/** The real route actions under their real paths, without the page components (no render needed). */
function buildOfRealActions(): ServerBuild {
  const routes: Record<string, { path: string; module: object }> = {
    "routes/forgot-password": { path: "forgot-password", module: resourceRoute(forgotPassword.action) },
    "routes/login": { path: "login", module: resourceRoute(login.action) },
    "routes/requests.new": { path: "requests/new", module: resourceRoute(requestsNew.action) },
    "routes/api.v1.requests.$ref.actions": { path: "api/v1/requests/:ref/actions", module: apiActions },
    "routes/api.v1.requests.$ref.files": { path: "api/v1/requests/:ref/files", module: apiFiles },
    "routes/healthz": { path: "healthz", module: healthz },
  };
  return {
    mode: "production",
    entry: { module: {} },
    routes: Object.fromEntries(Object.entries(routes).map(([id, r]) => [id, { id, path: r.path, module: r.module }])),
    assets: { entry: { imports: [], module: "" }, routes: {}, url: "/build/manifest.js", version: "test" },
    publicPath: "/build/",
    assetsBuildDirectory: "public/build",
    future: {},
    isSpaMode: false,
  } as unknown as ServerBuild;
}

let portal: RunningPortal;
let dir: string;
let apiKey = "";
let pgDatabase: string | null = null;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-body-limits-"));
  const pg = process.env.TEST_DATABASE_URL;
  if (pg) pgDatabase = `portal_body_limits_${process.pid}`;
  portal = await bootPortal({
    build: buildOfRealActions(),
    quiet: true,
    env: {
      NODE_ENV: "test",
      PORT: "0",
      HOST: "127.0.0.1",
      PUBLIC_URL: "http://127.0.0.1:3000",
      DATABASE_PATH: path.join(dir, "portal.db"),
      ...(pg && pgDatabase ? { DATABASE_URL: createPostgresDatabase(pg, pgDatabase) } : {}),
      FILES_DIR: path.join(dir, "files"),
      // Nothing is sent (no worker); a transport needs an address all the same.
      SMTP_URL: "smtp://127.0.0.1:9",
      RUN_WORKER: "0",
      SEED_DEMO: "0",
      SESSION_SECRET: "test-session-secret-test-session-secret",
      DATA_KEY: "11".repeat(32),
      AUDIT_SIGNING_KEY: TEST_AUDIT_KEY,
    },
  });
  const handle = getRuntime().handle;
  const vendor = insertVendor(handle, { slug: "facette" });
  const admin = await insertUser(handle, {
    email: "admin@facette.example",
    password: "correct horse battery",
    role: "vendor_admin",
    vendorId: vendor.id,
  });
  apiKey = createApiKey(
    {
      id: admin,
      email: "x",
      name: "x",
      role: "vendor_admin",
      vendorId: vendor.id,
      organisation: null,
      jurisdictions: [],
      locale: "en",
    },
    "CRM",
    new Date(),
  ).key;
}, 60_000);

afterAll(async () => {
  await portal?.close();
  if (pgDatabase) dropPostgresDatabase(process.env.TEST_DATABASE_URL!, pgDatabase);
  fs.rmSync(dir, { recursive: true, force: true });
});

const sameOrigin = () => ({ Origin: portal.url });
const FORM = { "Content-Type": "application/x-www-form-urlencoded" };

async function expectHealthy() {
  const res = await fetch(`${portal.url}/healthz`);
  expect(res.status).toBe(200);
  expect(((await res.json()) as { ok: boolean }).ok).toBe(true);
}

describe("request bodies are counted as they stream, whatever the headers say", () => {
  it.each(["/forgot-password", "/login"])(
    "a chunked form body over the limit to %s is refused with 413 before it is buffered",
    async (route) => {
      const heapBefore = process.memoryUsage().heapUsed;
      const res = await postHugeBody(`${portal.url}${route}`, {
        headers: { ...sameOrigin(), ...FORM },
        head: "email=",
        totalBytes: 64 * MiB,
        keepSendingMs: 300,
      });
      const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
      expect(res.status).toBe(413);
      expect(res.headers["content-type"]).toMatch(/^text\/plain/);
      expect(res.headers.connection).toBe("close");
      expect(res.body).toBe("Request body too large.");
      // The server stopped reading at the limit: the client was cut off long before the end,
      // and the body was never held (reading it whole would add well over 64 MB of heap).
      expect(res.sentBytes).toBeLessThan(32 * MiB);
      expect(res.sentAfterAnswer).toBeLessThan(16 * MiB);
      expect(heapGrowth).toBeLessThan(24 * MiB);
      // The same route still answers a normal form.
      const ok = await fetch(`${portal.url}${route}`, {
        method: "POST",
        body: new URLSearchParams({ email: "someone@example.com", password: "wrong password" }),
        headers: sameOrigin(),
      });
      expect(ok.status).not.toBe(413);
      expect(ok.status).toBeLessThan(500);
      await expectHealthy();
    },
  );

  it("a chunked JSON body over 8 MiB to the vendor API is refused with a 413 JSON error", async () => {
    const res = await postHugeBody(`${portal.url}/api/v1/requests/BR-2026-000001/actions`, {
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${apiKey}` },
      head: '{"reason":"',
      totalBytes: 24 * MiB,
    });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toMatchObject({ error: "body_too_large" });
    expect(res.sentBytes).toBeLessThan(24 * MiB);
    // A JSON body under the limit is read as before (a 404 for an unknown reference, not a 413).
    const ok = await fetch(`${portal.url}/api/v1/requests/BR-2026-000001/actions`, {
      method: "POST",
      body: JSON.stringify({ intent: "acknowledge" }),
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${apiKey}` },
    });
    expect([400, 404, 422]).toContain(ok.status);
    await expectHealthy();
  });

  it.each(["/requests/new", "/login"])(
    "a multipart body of 10,000 tiny parts to %s is refused with 413",
    async (route) => {
      const { body, contentType } = manyPartsBody(10_000);
      // Under a megabyte: the part count, not the size, is what refuses it.
      expect(body.length).toBeLessThan(MiB);
      const res = await fetch(`${portal.url}${route}`, {
        method: "POST",
        body,
        headers: { ...sameOrigin(), "Content-Type": contentType },
      });
      expect(res.status).toBe(413);
      await expectHealthy();
    },
  );

  it("a chunked multipart upload to the filing form over its total is refused with 413", async () => {
    const boundary = "----filing-boundary-5678";
    const res = await postHugeBody(`${portal.url}/requests/new`, {
      headers: { ...sameOrigin(), "Content-Type": `multipart/form-data; boundary=${boundary}` },
      head: `--${boundary}\r\nContent-Disposition: form-data; name="step"\r\n\r\nsubmit\r\n--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="huge.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
      totalBytes: 96 * MiB,
    });
    expect(res.status).toBe(413);
    expect(res.sentBytes).toBeLessThan(80 * MiB);
    await expectHealthy();
  });

  it("a chunked raw upload to the API over the file limit keeps its 413 file_too_large answer, and the rest is not read", async () => {
    const res = await postHugeBody(`${portal.url}/api/v1/requests/BR-2026-000001/files?filename=big.pdf`, {
      headers: { "Content-Type": "application/pdf", Authorization: `Bearer ${apiKey}` },
      head: "%PDF-1.7\n",
      totalBytes: 200 * MiB,
    });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toMatchObject({ error: "file_too_large" });
    expect(res.headers.connection).toBe("close");
    expect(res.sentBytes).toBeLessThan(64 * MiB);
    await expectHealthy();
  });

  it("an answer sent before the body was read (here a refused API key) closes the connection instead of reading the rest", async () => {
    const res = await postHugeBody(`${portal.url}/api/v1/requests/BR-2026-000001/files?filename=x.pdf`, {
      headers: { "Content-Type": "application/pdf", Authorization: "Bearer brp_wrong" },
      totalBytes: 200 * MiB,
      // Go on sending after the answer: a server that kept the connection would read it all.
      keepSendingMs: 500,
    });
    expect(res.status).toBe(401);
    expect(res.headers.connection).toBe("close");
    expect(res.sentAfterAnswer).toBeLessThan(16 * MiB);
    await expectHealthy();
  });

  it("a cross-site POST refused before any route runs does not read the endless body either", async () => {
    const res = await postHugeBody(`${portal.url}/forgot-password`, {
      headers: { Origin: "https://evil.example", ...FORM },
      head: "email=",
      totalBytes: 200 * MiB,
      keepSendingMs: 500,
    });
    expect(res.status).toBe(403);
    expect(res.headers.connection).toBe("close");
    expect(res.sentAfterAnswer).toBeLessThan(16 * MiB);
    await expectHealthy();
  });

  it("a declared Content-Length over the limit is refused before a byte is read", async () => {
    const res = await fetch(`${portal.url}/forgot-password`, {
      method: "POST",
      body: "email=" + "a".repeat(2 * MiB),
      headers: { ...sameOrigin(), ...FORM },
    });
    expect(res.status).toBe(413);
    expect(await res.text()).toBe("Request body too large.");
    await expectHealthy();
  });
});
