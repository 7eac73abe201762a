/**
 * A real portal runtime for server and route tests: a temp SQLite file with the real
 * migrations, the real server modules, and an injected clock. No mocks of the database.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase, type DbHandle } from "../../db/client";
import { applyMigrations } from "../../db/migrate";
import { hashPassword } from "../../app/server/auth.server";
import { loadConfig } from "../../app/server/env.server";
import { clearRuntime, setRuntime, type Runtime } from "../../app/server/runtime.server";

/** A fixed Ed25519 key for tests (generated once per test process). */
export const TEST_AUDIT_KEY = (crypto.generateKeyPairSync("ed25519").privateKey.export({ format: "der", type: "pkcs8" }) as Buffer).toString("base64");

export interface TestPortal {
  runtime: Runtime;
  handle: DbHandle;
  dir: string;
  setNow(d: Date | string): void;
  now(): Date;
  wakes: number;
  close(): void;
}

export function createTestPortal(opts: { now?: string; env?: Record<string, string> } = {}): TestPortal {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-test-"));
  const handle = openDatabase(path.join(dir, "portal.db"));
  applyMigrations(handle);
  const config = loadConfig({
    NODE_ENV: "test",
    DATABASE_PATH: path.join(dir, "portal.db"),
    SESSION_SECRET: "test-session-secret-test-session-secret",
    DATA_KEY: "11".repeat(32),
    AUDIT_SIGNING_KEY: TEST_AUDIT_KEY,
    PUBLIC_URL: "http://localhost:3000",
    ...opts.env,
  });
  let current = new Date(opts.now ?? "2026-03-05T15:00:00Z");
  const portal: TestPortal = {
    runtime: undefined as unknown as Runtime,
    handle,
    dir,
    wakes: 0,
    setNow(d) {
      current = typeof d === "string" ? new Date(d) : d;
    },
    now: () => current,
    close() {
      clearRuntime();
      handle.sqlite.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  portal.runtime = {
    config,
    handle,
    mailbox: null,
    clock: () => current,
    wakeWorker: () => {
      portal.wakes += 1;
    },
  };
  setRuntime(portal.runtime);
  return portal;
}

let vendorSeq = 0;
export function insertVendor(handle: DbHandle, opts: { slug?: string; name?: string; intake?: "portal" | "email"; serviceTargetDays?: number } = {}): { id: number; slug: string } {
  vendorSeq += 1;
  const slug = opts.slug ?? `vendor-${vendorSeq}`;
  const id = Number(
    handle.sqlite
      .prepare(
        "INSERT INTO vendors (slug, name, legal_name, privacy_email, jurisdictions, intake, id_requirements, service_target_days, locale, created_at) VALUES (?, ?, ?, ?, '[]', ?, '', ?, 'en', 0)",
      )
      .run(slug, opts.name ?? `Vendor ${vendorSeq}`, `Vendor ${vendorSeq} Inc.`, `privacy@${slug}.example`, opts.intake ?? "portal", opts.serviceTargetDays ?? 30).lastInsertRowid,
  );
  return { id, slug };
}

export async function insertUser(
  handle: DbHandle,
  opts: { email: string; password: string; role: "vendor_admin" | "vendor_agent" | "regulator" | "admin"; vendorId?: number | null; jurisdictions?: string[]; name?: string },
): Promise<number> {
  return Number(
    handle.sqlite
      .prepare("INSERT INTO users (email, name, password_hash, role, vendor_id, organisation, jurisdictions, locale, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'en', 0)")
      .run(
        opts.email,
        opts.name ?? opts.email,
        await hashPassword(opts.password),
        opts.role,
        opts.vendorId ?? null,
        opts.role === "regulator" ? "Test Regulator" : null,
        JSON.stringify(opts.jurisdictions ?? []),
      ).lastInsertRowid,
  );
}

/** Builds a form POST Request like a browser would (same-origin). */
export function formRequest(url: string, fields: Record<string, string | string[]>, cookie?: string): Request {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const item of Array.isArray(v) ? v : [v]) body.append(k, item);
  const headers: Record<string, string> = { "Content-Type": "application/x-www-form-urlencoded", Origin: "http://localhost:3000" };
  if (cookie) headers.Cookie = cookie;
  return new Request(`http://localhost:3000${url}`, { method: "POST", body, headers });
}

export function getRequest(url: string, cookie?: string, headers: Record<string, string> = {}): Request {
  return new Request(`http://localhost:3000${url}`, { headers: { ...(cookie ? { Cookie: cookie } : {}), ...headers } });
}

/** Extracts "name=value" from a Set-Cookie header for the next request. */
export function cookieFrom(setCookie: string | null): string {
  if (!setCookie) throw new Error("no Set-Cookie");
  return setCookie.split(";")[0]!;
}

/** The verification path emailed for a filing (read from the outbox row, as the resident would). */
export function verifyPathFor(handle: DbHandle, email: string): string {
  const rows = handle.sqlite.prepare("SELECT payload FROM email_outbox WHERE template = 'verify-email' AND to_address = ? ORDER BY id DESC").all(email) as { payload: string }[];
  if (!rows[0]) throw new Error(`no verification email for ${email}`);
  return (JSON.parse(rows[0].payload) as { verifyPath: string }).verifyPath;
}
