/** Security headers, content types and CSRF refusal on the real server (production build). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "./harness";

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

// Checks response headers, which no database engine changes: run in the SQLite pass only.
describe.skipIf(Boolean(process.env.E2E_DATABASE_URL))("security headers", () => {
  it("every HTML page carries a nonce CSP and the other headers; no stack trace on errors", async () => {
    let checked = 0;
    for (const path of ["/", "/requests/new", "/deadlines", "/vendors", "/login", "/does-not-exist"]) {
      const res = await fetch(`${server.url}${path}`);
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp, path).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{16,}'/);
      for (const d of ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "default-src 'self'"])
        expect(csp, `${path} ${d}`).toContain(d);
      // ASVS 1.3.2: no eval and no inline script without this response's nonce.
      expect(csp, path).not.toMatch(/'unsafe-(eval|inline)'|'wasm-unsafe-eval'/);
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("referrer-policy")).toBe("no-referrer");
      expect(res.headers.get("cache-control")).toContain("no-store");
      // ASVS 4.1.1: the type and its charset, so no browser has to guess either.
      expect(res.headers.get("content-type"), path).toBe("text/html; charset=utf-8");
      expect(res.headers.get("x-powered-by")).toBeNull();
      // HSTS only when served over https (this test server is plain http on 127.0.0.1).
      expect(res.headers.get("strict-transport-security")).toBeNull();
      const html = await res.text();
      const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
      // Every inline script carries this response's nonce.
      for (const m of html.matchAll(/<script(?![^>]*type="application\/json")([^>]*)>/g)) {
        if (!/src=/.test(m[1]!)) expect(m[1]).toContain(`nonce="${nonce}"`);
      }
      expect(html).not.toMatch(/at .*\.(ts|js):\d+|SqliteError|node_modules/);
      checked += 1;
    }
    expect(checked).toBe(6);
  });

  it("non-HTML responses (API, health, static files, exports) carry nosniff, no-referrer and a deny-all CSP", async () => {
    const js = /\/build\/[^"]+\.js/.exec(await (await fetch(`${server.url}/`)).text())![0];
    let checked = 0;
    for (const path of [
      "/healthz",
      "/api/v1/jurisdictions",
      "/api/v1/deadlines?jurisdiction=nowhere",
      "/api/v1/requests",
      "/api/v1/openapi.json",
      js,
    ]) {
      const res = await fetch(`${server.url}${path}`);
      await res.arrayBuffer();
      expect(res.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(res.headers.get("referrer-policy"), path).toBe("no-referrer");
      expect(res.headers.get("content-security-policy"), path).toContain("frame-ancestors 'none'");
      // One policy only: a second, appended CSP would silently tighten or break the page's own.
      expect(res.headers.get("content-security-policy")!.split(",").length, path).toBe(1);
      checked += 1;
    }
    expect(checked).toBe(6);
  });

  it("HSTS is sent on every response when the public address is https, even behind a plain-http proxy hop", async () => {
    const https = await startServer({ PUBLIC_URL: "https://portal.example.org", TRUST_PROXY: "1" });
    try {
      for (const path of ["/", "/healthz"]) {
        const res = await fetch(`${https.url}${path}`, {
          headers: { "X-Forwarded-Proto": "https", Host: "portal.example.org" },
        });
        await res.arrayBuffer();
        expect(res.headers.get("strict-transport-security"), path).toBe("max-age=31536000; includeSubDomains");
      }
    } finally {
      await https.stop();
    }
  });

  it("an oversized form or JSON body is refused with 413 before any route reads it", async () => {
    const big = "x=" + "a".repeat(9 * 1024 * 1024);
    const form = await fetch(`${server.url}/requests/find`, {
      method: "POST",
      body: big,
      headers: { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(form.status).toBe(413);
    const json = await fetch(`${server.url}/api/v1/requests/BR-2026-000001/actions`, {
      method: "POST",
      body: JSON.stringify({ reason: "a".repeat(9 * 1024 * 1024) }),
      headers: { "Content-Type": "application/json", Authorization: "Bearer brp_x" },
    });
    expect(json.status).toBe(413);
    // A normal form still goes through.
    const ok = await fetch(`${server.url}/requests/find`, {
      method: "POST",
      body: "email=someone%40example.com",
      headers: { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(ok.status).toBeLessThan(500);
    expect(ok.status).not.toBe(413);
  });

  it("two responses never share a nonce", async () => {
    const a = (await fetch(`${server.url}/`)).headers.get("content-security-policy");
    const b = (await fetch(`${server.url}/`)).headers.get("content-security-policy");
    expect(a).not.toBe(b);
  });

  it("a cross-site POST is refused with 403 before any action runs", async () => {
    const body = new URLSearchParams({ email: "x@example.com" });
    const crossSite = await fetch(`${server.url}/requests/find`, {
      method: "POST",
      body,
      headers: { "Sec-Fetch-Site": "cross-site", Origin: "https://evil.example" },
    });
    expect(crossSite.status).toBe(403);
    const foreignOrigin = await fetch(`${server.url}/login`, {
      method: "POST",
      body,
      headers: { Origin: "https://evil.example" },
    });
    expect(foreignOrigin.status).toBe(403);
    const sameOrigin = await fetch(`${server.url}/requests/find`, {
      method: "POST",
      body,
      headers: { "Sec-Fetch-Site": "same-origin", Origin: server.url },
    });
    expect(sameOrigin.status).toBe(200);
  });

  it("the session cookie is HttpOnly and SameSite=Lax, and the id changes at every login", async () => {
    const agent = server.logins.find((l) => l.email === "agent@facette.example")!;
    const login = () =>
      fetch(`${server.url}/login`, {
        method: "POST",
        redirect: "manual",
        body: new URLSearchParams({ email: agent.email, password: agent.password }),
        headers: { Origin: server.url },
      });
    const first = (await login()).headers.get("set-cookie") ?? "";
    const second = (await login()).headers.get("set-cookie") ?? "";
    expect(first).toMatch(/portal_session=/);
    expect(first).toMatch(/HttpOnly/);
    expect(first).toMatch(/SameSite=Lax/);
    expect(first.split(";")[0]).not.toBe(second.split(";")[0]);
  });
});
