/**
 * A gigabyte of chunked body against the production build, to a form, the filing upload and
 * the vendor API: each is refused (413, or the connection dropped after the server answered)
 * once its limit is read, the client is cut off long before the end, and the process neither
 * dies nor grows — /healthz answers straight after.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MiB, postHugeBody, type HugeBodyResult } from "../helpers/huge-body";
import { openServerDatabase, startServer, type RunningServer } from "./harness";

const GiB = 1024 * MiB;

let server: RunningServer;
let apiKey = "";
beforeAll(async () => {
  server = await startServer();
  // A vendor API key, planted as the API-keys page would store it (SHA-256 only).
  apiKey = `brp_${crypto.randomBytes(32).toString("base64url")}`;
  const db = openServerDatabase(server.dir);
  const admin = db.prepare("SELECT id, vendor_id FROM users WHERE role = 'vendor_admin' ORDER BY id LIMIT 1").get() as {
    id: number;
    vendor_id: number;
  };
  db.prepare(
    "INSERT INTO api_keys (vendor_id, name, key_hash, prefix, created_by_user_id, created_at) VALUES (?, ?, ?, ?, ?, ?)",
  ).run(
    admin.vendor_id,
    "body limits e2e",
    crypto.createHash("sha256").update(apiKey).digest("hex"),
    apiKey.slice(0, 10),
    admin.id,
    Date.now(),
  );
  db.close();
});
afterAll(async () => {
  await server?.stop();
});

/** Resident set (current and peak) of the server process, in bytes; null off Linux. */
function serverMemory(): { rss: number; peak: number } | null {
  try {
    const fields = new Map(
      fs
        .readFileSync(`/proc/${server.pid}/status`, "utf8")
        .split("\n")
        .map((line) => {
          const [name = "", value = ""] = line.split(":");
          return [name.trim(), value.trim()] as const;
        }),
    );
    // "VmRSS:    123456 kB"
    const bytes = (field: string) => Number.parseInt(fields.get(field) ?? "", 10) * 1024;
    const memory = { rss: bytes("VmRSS"), peak: bytes("VmHWM") };
    return Number.isFinite(memory.rss) && Number.isFinite(memory.peak) ? memory : null;
  } catch {
    return null;
  }
}

function processAlive(): boolean {
  try {
    process.kill(server.pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Refused: a 413, or (a client that was still writing) a connection dropped after the answer. */
function expectRefused(res: HugeBodyResult, label: string) {
  if (res.status === null) expect(res.error, label).toMatch(/ECONNRESET|EPIPE/);
  else expect(res.status, label).toBe(413);
  // The server stopped reading at the limit: the client never got near the end.
  expect(res.sentBytes, label).toBeLessThan(128 * MiB);
}

async function expectHealthy() {
  const health = await fetch(`${server.url}/healthz`);
  expect(health.status).toBe(200);
  expect(((await health.json()) as { ok: boolean }).ok).toBe(true);
  expect(processAlive()).toBe(true);
}

// Engine-independent (the HTTP layer, rendering and accessibility): run once, in the SQLite pass;
// the PostgreSQL pass repeats the journeys that read and write the database.
describe.skipIf(Boolean(process.env.E2E_DATABASE_URL))("a gigabyte request body", () => {
  it("is refused on a form, the filing upload and the vendor API, and the process carries on", async () => {
    const before = serverMemory();
    const started = performance.now();
    const boundary = "----e2e-boundary-0042";
    const sends = {
      "/forgot-password": () =>
        postHugeBody(`${server.url}/forgot-password`, {
          headers: { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" },
          head: "email=",
          totalBytes: GiB,
        }),
      "/requests/new (multipart photo)": () =>
        postHugeBody(`${server.url}/requests/new`, {
          headers: { Origin: server.url, "Content-Type": `multipart/form-data; boundary=${boundary}` },
          head: `--${boundary}\r\nContent-Disposition: form-data; name="step"\r\n\r\nsubmit\r\n--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
          totalBytes: GiB,
        }),
      "/api/v1/requests/:ref/actions (JSON)": () =>
        postHugeBody(`${server.url}/api/v1/requests/BR-2026-000001/actions`, {
          headers: { "Content-Type": "application/json", Authorization: `Bearer ${apiKey}` },
          head: '{"intent":"acknowledge","reason":"',
          totalBytes: GiB,
        }),
      "/api/v1/requests/:ref/files (raw upload)": () =>
        postHugeBody(`${server.url}/api/v1/requests/BR-2026-000001/files?filename=huge.pdf`, {
          headers: { "Content-Type": "application/pdf", Authorization: `Bearer ${apiKey}` },
          head: "%PDF-1.7\n",
          totalBytes: GiB,
        }),
    };
    for (const [label, send] of Object.entries(sends)) {
      const res = await send();
      expectRefused(res, label);
      if (label.includes("(JSON)") && res.status === 413)
        expect(JSON.parse(res.body)).toMatchObject({ error: "body_too_large" });
      await expectHealthy();
    }
    // All at once, twice over: eight gigabytes in flight.
    const burst = await Promise.all([...Object.values(sends), ...Object.values(sends)].map((send) => send()));
    burst.forEach((res, i) => expectRefused(res, `burst ${i}`));
    await expectHealthy();
    const elapsed = Math.round(performance.now() - started);
    console.log(`12 x 1 GiB chunked bodies refused in ${elapsed} ms`);

    const after = serverMemory();
    if (before && after) {
      // Twelve gigabytes were offered; the server's peak resident memory barely moved.
      expect(after.peak - before.rss).toBeLessThan(128 * MiB);
    }
    expect(server.output()).not.toMatch(/heap out of memory|ERR_STRING_TOO_LONG|FATAL/i);
  });
});
