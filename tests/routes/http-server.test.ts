/**
 * The HTTP layer of the real server — bootPortal's Express app on a real port, its default
 * headers, static mounts and Node's HTTP parser — with a stand-in build: a route that shows the
 * client address the routes are given, and a catch-all 404 in place of the app's not-found
 * page. Raw sockets send what fetch() would refuse to: ambiguous framing (ASVS 4.2.1), TRACE
 * (13.4.4), paths that try to reach files outside public/build (13.4.1, 13.4.3); forwarded
 * headers are honoured only as far as TRUST_PROXY says (4.1.3, 15.3.4).
 * The engine does not matter here: always SQLite.
 */
import type { ServerBuild } from "@remix-run/node";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as healthz from "../../app/routes/healthz";
import { bootPortal, type RunningPortal } from "../../app/server/core/boot.server";
import { getRuntime, setRuntime } from "../../app/server/core/runtime.server";
import { TEST_AUDIT_KEY } from "../helpers/test-portal";

function standInBuild(): ServerBuild {
  const routes: Record<string, { path: string; module: object }> = {
    "routes/healthz": { path: "healthz", module: healthz },
    "routes/client-ip": {
      path: "client-ip",
      module: {
        loader: ({ context }: { context: { clientIp: string } }) => Response.json({ clientIp: context.clientIp }),
      },
    },
    "routes/$": { path: "*", module: { loader: () => new Response("Not found", { status: 404 }) } },
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

async function boot(dir: string, env: Record<string, string> = {}): Promise<RunningPortal> {
  return bootPortal({
    build: standInBuild(),
    quiet: true,
    env: {
      NODE_ENV: "test",
      PORT: "0",
      HOST: "127.0.0.1",
      PUBLIC_URL: "http://127.0.0.1:3000",
      DATABASE_PATH: path.join(dir, "portal.db"),
      FILES_DIR: path.join(dir, "files"),
      SMTP_URL: "smtp://127.0.0.1:9",
      RUN_WORKER: "0",
      SEED_DEMO: "0",
      SESSION_SECRET: "test-session-secret-test-session-secret",
      DATA_KEY: "11".repeat(32),
      AUDIT_SIGNING_KEY: TEST_AUDIT_KEY,
      ...env,
    },
  });
}

let portal: RunningPortal;
let dir: string;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-http-"));
  portal = await boot(dir);
}, 60_000);
afterAll(async () => {
  await portal?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Sends raw bytes on a fresh connection; resolves with everything the server wrote back. */
function rawRequest(port: number, raw: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1", () => socket.end(raw));
    let text = "";
    socket.setEncoding("latin1");
    socket.on("data", (d: string) => (text += d));
    socket.on("close", () => resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), text }));
    socket.on("error", reject);
    socket.setTimeout(10_000, () => socket.destroy(new Error("no answer")));
  });
}
const healthy = async () => expect((await fetch(`${portal.url}/healthz`)).status).toBe(200);

describe("HTTP layer", () => {
  it("ASVS 4.2.1: ambiguous message framing (Content-Length with Transfer-Encoding, two lengths, an odd coding) is refused with 400", async () => {
    const smuggled = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    const attempts = [
      `POST /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${smuggled.length + 5}\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n${smuggled}`,
      "POST /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
      "POST /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n",
      "POST /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\n",
    ];
    for (const raw of attempts) {
      const answer = await rawRequest(portal.port, raw);
      expect(answer.status, JSON.stringify(raw.slice(0, 80))).toBe(400);
      // One answer only: the smuggled second request was never read as a request.
      expect(answer.text.match(/^HTTP\/1\.1 /gm)).toHaveLength(1);
    }
    await healthy();
  });

  it("ASVS 13.4.4: TRACE echoes nothing back (no 2xx, no request line, no header value)", async () => {
    const answer = await rawRequest(
      portal.port,
      "TRACE /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Marker: trace-marker-7f3a\r\nCookie: portal_session=secret-cookie-value\r\nConnection: close\r\n\r\n",
    );
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.text).not.toContain("trace-marker-7f3a");
    expect(answer.text).not.toContain("secret-cookie-value");
    expect(answer.text).not.toMatch(/message\/http/i);
    // Even this answer carries the default headers.
    expect(answer.text).toMatch(/^X-Content-Type-Options: nosniff\r$/im);
    await healthy();
  });

  it("ASVS 13.4.1, 13.4.3: only public/build is served as files — no directory listing, no dotfiles, no source, no traversal", async () => {
    const builtFile = fs.existsSync("public/build")
      ? fs.readdirSync("public/build").find((n) => n.endsWith(".js"))
      : undefined;
    if (builtFile) expect((await fetch(`${portal.url}/build/${builtFile}`)).status).toBe(200); // the mount does serve files
    for (const target of [
      "/build/",
      "/build/routes/",
      "/build/_assets/",
      "/build/.gitignore",
      "/.git/config",
      "/.git/HEAD",
      "/package.json",
      "/.env",
      "/app/root.tsx",
      "/db/schema.ts",
      "/var/dev-secrets.json",
      "/var/portal.db",
    ]) {
      const res = await fetch(`${portal.url}${target}`, { redirect: "manual" });
      const text = await res.text();
      expect(res.status, target).toBe(404);
      expect(text, target).toBe("Not found"); // the catch-all answered: no file and no listing was served
    }
    for (const raw of [
      "/build/..%2fpackage.json",
      "/build/..%2f..%2fpackage.json",
      "/build/%2e%2e/%2e%2e/package.json",
      "/build/../../package.json",
    ]) {
      const answer = await rawRequest(
        portal.port,
        `GET ${raw} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`,
      );
      expect([400, 403, 404], raw).toContain(answer.status);
      expect(answer.text, raw).not.toContain("biometric-rights-portal");
    }
  });

  it("serves public/'s own files: the icon, and robots.txt keeping token links and staff pages out of search engines", async () => {
    const icon = await fetch(`${portal.url}/favicon.svg`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get("Content-Type")).toMatch(/^image\/svg\+xml/);
    const ico = await fetch(`${portal.url}/favicon.ico`);
    expect(ico.status).toBe(200);
    expect(Buffer.from(await ico.arrayBuffer()).subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0])); // an ICO header
    const robots = await fetch(`${portal.url}/robots.txt`);
    expect(robots.status).toBe(200);
    const rules = (await robots.text())
      .split("\n")
      .filter((l) => l.startsWith("Disallow:"))
      .map((l) => l.slice("Disallow:".length).trim());
    // Every page that carries a token in its address, or answers only to staff, is kept out …
    for (const path of [
      "/r/",
      "/verify/",
      "/invite/",
      "/reset/",
      "/two-factor/",
      "/login",
      "/reauth",
      "/account",
      "/accounts",
      "/vendor$",
      "/vendor/",
      "/regulator",
      "/admin",
      "/dev/",
    ])
      expect(rules, path).toContain(path);
    // … and no public page is: the filing form, the directory, the calculator, the rules.
    for (const path of ["/", "/vendors", "/requests/new", "/deadlines", "/law", "/transparency"]) {
      const blocked = rules.some((r) => (r.endsWith("$") ? path === r.slice(0, -1) : path.startsWith(r)));
      expect(blocked, path).toBe(false);
    }
  });

  it("ASVS 4.1.3, 15.3.4: X-Forwarded-For counts only through TRUST_PROXY hops; a client cannot choose its own address", async () => {
    const ipOf = async (url: string, forwarded: string) =>
      (
        (await (await fetch(`${url}/client-ip`, { headers: { "X-Forwarded-For": forwarded } })).json()) as {
          clientIp: string;
        }
      ).clientIp;
    // No TRUST_PROXY: the header is ignored altogether.
    expect(await ipOf(portal.url, "198.51.100.66")).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
    // One trusted hop: the address that hop appended (the last one), never what the client wrote before it.
    const saved = getRuntime();
    const proxiedDir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-http-proxied-"));
    const proxied = await boot(proxiedDir, { TRUST_PROXY: "1" });
    try {
      expect(await ipOf(proxied.url, "198.51.100.66, 203.0.113.5")).toBe("203.0.113.5");
      expect(await ipOf(proxied.url, "203.0.113.5")).toBe("203.0.113.5");
    } finally {
      await proxied.close();
      setRuntime(saved);
      fs.rmSync(proxiedDir, { recursive: true, force: true });
    }
  });
});
