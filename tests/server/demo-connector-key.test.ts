/**
 * The demo seed gives the reference connector what it needs to run without any setup: an API
 * key of the first company that takes requests through the portal, allowed to read reference
 * photos, written to var/demo-logins.json as the "connector" entry (where npm run connector
 * looks). The key signs in to the real API routes; it sees only its own company's requests.
 */
import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as listRoute from "../../app/routes/api.v1.requests";
import * as photoRoute from "../../app/routes/api.v1.requests.$ref.reference-photo";
import { readDemoLogins, seedDemo } from "../../app/server/demo/demo-seed.server";
import { decryptWebhookSecret } from "../../app/server/webhooks/webhook-secrets.server";
import { createTestPortal, type TestPortal } from "../helpers/test-portal";

let portal: TestPortal;
beforeEach(() => {
  portal = createTestPortal({ now: "2026-06-01T12:00:00Z" });
});
afterEach(() => portal.close());

type Handler = (a: object) => Promise<Response>;
const get = (route: { loader: unknown }, url: string, key: string, params: Record<string, string> = {}) =>
  (route.loader as Handler)({
    request: new Request(`http://localhost:3000${url}`, { headers: { Authorization: `Bearer ${key}` } }),
    params,
    context: {},
  }).catch((err: unknown) => {
    if (err instanceof Response) return err;
    throw err;
  });

describe("the demo seed's connector key", () => {
  it("is written for the connector, reads its company's requests and may read reference photos", async () => {
    const varDir = path.join(portal.dir, "var");
    await seedDemo(portal.handle, { now: new Date("2026-06-01T12:00:00Z"), requests: 40, varDir, quiet: true });
    const logins = readDemoLogins(varDir);
    const connector = logins.find((l) => l.role === "connector")!;
    expect(connector.apiKey).toMatch(/^brp_[A-Za-z0-9_-]{43}$/);
    // Readable by its owner only, like the passwords next to it.
    expect(fs.statSync(path.join(varDir, "demo-logins.json")).mode & 0o077).toBe(0);
    const vendorId = (
      portal.handle.sqlite.prepare("SELECT id FROM vendors WHERE slug = ?").get(connector.vendor) as { id: number }
    ).id;
    const res = await get(listRoute, "/api/v1/requests?limit=100", connector.apiKey!);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { items: { reference: string }[] };
    const own = portal.handle.sqlite
      .prepare("SELECT reference FROM requests WHERE vendor_id = ? AND reference = ?")
      .get(vendorId, body.items[0]?.reference);
    expect(body.items.length).toBeGreaterThan(0);
    expect(own).toBeTruthy();
    // The scope is there: an unknown reference is a 404, not 403 insufficient_scope.
    const photo = await get(photoRoute, "/api/v1/requests/BR-2099-000001/reference-photo", connector.apiKey!, {
      ref: "BR-2099-000001",
    });
    expect(photo.status).toBe(404);
    // Another company's request is out of its reach.
    const other = portal.handle.sqlite
      .prepare("SELECT reference FROM requests WHERE vendor_id <> ? LIMIT 1")
      .get(vendorId) as { reference: string } | undefined;
    if (other)
      expect(
        (
          await get(photoRoute, `/api/v1/requests/${other.reference}/reference-photo`, connector.apiKey!, {
            ref: other.reference,
          })
        ).status,
      ).toBe(404);
  });

  it("registers no webhook by default: the connector polls", async () => {
    const varDir = path.join(portal.dir, "var");
    await seedDemo(portal.handle, { now: new Date("2026-06-01T12:00:00Z"), requests: 10, varDir, quiet: true });
    expect(readDemoLogins(varDir).find((l) => l.role === "connector")!.webhookSecret).toBeUndefined();
    expect(portal.handle.sqlite.prepare("SELECT count(*) AS n FROM webhooks").get()).toEqual({ n: 0 });
  });

  it("registers the connector's webhook where local deliveries are allowed, with its secret in the logins file", async () => {
    const varDir = path.join(portal.dir, "var");
    await seedDemo(portal.handle, {
      now: new Date("2026-06-01T12:00:00Z"),
      requests: 10,
      varDir,
      quiet: true,
      dataKey: portal.runtime.config.dataKey,
      connectorWebhookUrl: "http://127.0.0.1:3100/",
    });
    const connector = readDemoLogins(varDir).find((l) => l.role === "connector")!;
    expect(connector.webhookSecret).toMatch(/^whsec_/);
    const rows = portal.handle.sqlite
      .prepare("SELECT w.vendor_id, w.url, w.secret_enc, v.slug FROM webhooks w JOIN vendors v ON v.id = w.vendor_id")
      .all() as { vendor_id: number; url: string; secret_enc: string; slug: string }[];
    expect(rows.map((r) => [r.slug, r.url])).toEqual([[connector.vendor, "http://127.0.0.1:3100/"]]);
    // The stored secret is sealed, and it is the one the connector signs with.
    expect(rows[0]!.secret_enc).not.toContain(connector.webhookSecret!);
    expect(decryptWebhookSecret(rows[0]!.secret_enc, rows[0]!.vendor_id)).toBe(connector.webhookSecret);
  });
});
