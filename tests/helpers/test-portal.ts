/**
 * A real portal runtime for server and route tests: a temp SQLite file with the real
 * migrations, the real server modules, and an injected clock. No mocks of the database.
 */
import { openOutboxPayload } from "../../app/server/mail/outbox.server";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase, type DbHandle } from "../../db/client";
import { applyMigrations } from "../../db/migrate";
import { generateSecret, generateSync } from "otplib";
import { createPostgresDatabase, dropPostgresDatabase } from "./postgres-database";
import { describe, it } from "vitest";
import * as loginRoute from "../../app/routes/login";
import * as twoFactorRoute from "../../app/routes/login_.two-factor";
import * as enrolRoute from "../../app/routes/account.two-factor";
import { hashPassword } from "../../app/server/security/staff-sessions.server";
import { loadConfig } from "../../app/server/core/env.server";
import { clearRuntime, getRuntime, setRuntime, type Runtime } from "../../app/server/core/runtime.server";
import { decryptTotpSecret, encryptTotpSecret, TOTP_PERIOD_SECONDS } from "../../app/server/security/totp.server";

/** A fixed Ed25519 key for tests (generated once per test process). */
export const TEST_AUDIT_KEY = (
  crypto.generateKeyPairSync("ed25519").privateKey.export({ format: "der", type: "pkcs8" }) as Buffer
).toString("base64");

export interface TestPortal {
  runtime: Runtime;
  handle: DbHandle;
  dir: string;
  setNow(d: Date | string): void;
  now(): Date;
  wakes: number;
  close(): void;
}

/** The engine test portals run on: PostgreSQL when TEST_DATABASE_URL names a server. */
export const TEST_ENGINE: "sqlite" | "postgres" = process.env.TEST_DATABASE_URL ? "postgres" : "sqlite";
/**
 * For checks of SQLite itself — its query planner, online file backup, tampering with the raw
 * file, the SQLite migration SQL — which have no meaning on PostgreSQL: skipped there.
 */
export const itOnSqlite = TEST_ENGINE === "sqlite" ? it : it.skip;
export const describeOnSqlite = TEST_ENGINE === "sqlite" ? describe : describe.skip;

let databaseSeq = 0;
let templateDatabase: string | null = null;

/**
 * The database of one test portal: a fresh SQLite file, or — when TEST_DATABASE_URL names a
 * PostgreSQL server (tests/helpers/postgres-server.mjs starts one) — a fresh database on it,
 * dropped again by close(). Both get the real migrations.
 */
function openTestDatabase(dir: string): { handle: DbHandle; drop(): void } {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const handle = openDatabase(path.join(dir, "portal.db"));
    applyMigrations(handle);
    return { handle, drop: () => handle.sqlite.close() };
  }
  // Migrated once per test process into a template; each portal's database is a copy of it
  // (CREATE DATABASE … TEMPLATE copies files: far faster than running every migration again).
  if (!templateDatabase) {
    const template = `portal_template_${process.pid}`;
    const migrating = openDatabase(createPostgresDatabase(serverUrl, template));
    applyMigrations(migrating);
    migrating.sqlite.close();
    templateDatabase = template;
  }
  databaseSeq += 1;
  const name = `portal_test_${process.pid}_${databaseSeq}`;
  const handle = openDatabase(createPostgresDatabase(serverUrl, name, { template: templateDatabase }));
  return {
    handle,
    drop() {
      handle.sqlite.close();
      dropPostgresDatabase(serverUrl, name);
    },
  };
}

export function createTestPortal(opts: { now?: string; env?: Record<string, string> } = {}): TestPortal {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-test-"));
  const { handle, drop } = openTestDatabase(dir);
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
      drop();
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
export function insertVendor(
  handle: DbHandle,
  opts: { slug?: string; name?: string; intake?: "portal" | "email"; serviceTargetDays?: number } = {},
): { id: number; slug: string } {
  vendorSeq += 1;
  const slug = opts.slug ?? `vendor-${vendorSeq}`;
  const id = Number(
    handle.sqlite
      .prepare(
        "INSERT INTO vendors (slug, name, legal_name, privacy_email, jurisdictions, intake, id_requirements, service_target_days, locale, created_at) VALUES (?, ?, ?, ?, '[]', ?, '', ?, 'en', 0)",
      )
      .run(
        slug,
        opts.name ?? `Vendor ${vendorSeq}`,
        `Vendor ${vendorSeq} Inc.`,
        `privacy@${slug}.example`,
        opts.intake ?? "portal",
        opts.serviceTargetDays ?? 30,
      ).lastInsertRowid,
  );
  return { id, slug };
}

/**
 * A staff account. By default it is enrolled in TOTP with a random secret (read it back with
 * totpSecretOf, or sign in with loginAs); `twoFactor: false` leaves it to enrol at first login.
 */
export async function insertUser(
  handle: DbHandle,
  opts: {
    email: string;
    password: string;
    role: "vendor_admin" | "vendor_agent" | "regulator" | "admin";
    vendorId?: number | null;
    jurisdictions?: string[];
    name?: string;
    twoFactor?: boolean;
  },
): Promise<number> {
  const id = Number(
    handle.sqlite
      .prepare(
        "INSERT INTO users (email, name, password_hash, role, vendor_id, organisation, jurisdictions, locale, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'en', 0)",
      )
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
  if (opts.twoFactor !== false) {
    handle.sqlite
      .prepare("UPDATE users SET totp_secret_enc = ?, totp_enabled_at = 0 WHERE id = ?")
      .run(encryptTotpSecret(id, generateSecret({ length: 20 })), id);
  }
  return id;
}

/** The user's TOTP secret (decrypted with the test DATA_KEY), as their authenticator app holds it. */
export function totpSecretOf(handle: DbHandle, email: string): string {
  const row = handle.sqlite.prepare("SELECT id, totp_secret_enc FROM users WHERE email = ?").get(email) as
    { id: number; totp_secret_enc: string | null } | undefined;
  if (!row?.totp_secret_enc) throw new Error(`${email} has no TOTP secret`);
  return decryptTotpSecret(row.id, row.totp_secret_enc);
}

/** The code an authenticator shows at `at` (offset in 30-s steps: -1 = the previous code). */
export function totpCodeAt(secret: string, at: Date, stepOffset = 0): string {
  return generateSync({ secret, epoch: Math.floor(at.getTime() / 1000) + stepOffset * TOTP_PERIOD_SECONDS });
}

/**
 * A code the server will accept now for this user: the current step, or the next one (inside
 * the ±1 window) when the current was already used. Codes never work twice, so a third login
 * within one 30-s step needs the test clock moved on; this throws rather than guess.
 */
export function freshTotpCode(handle: DbHandle, email: string, at: Date = getRuntime().clock()): string {
  const secret = totpSecretOf(handle, email);
  const { totp_last_step: last } = handle.sqlite
    .prepare("SELECT totp_last_step FROM users WHERE email = ?")
    .get(email) as { totp_last_step: number | null };
  const current = Math.floor(at.getTime() / 1000 / TOTP_PERIOD_SECONDS);
  for (const offset of [0, 1]) if (last == null || current + offset > last) return totpCodeAt(secret, at, offset);
  throw new Error(`every TOTP step in the window is used for ${email}: advance the test clock by 30 s`);
}

type RouteFn = (args: object) => Promise<unknown>;
async function runRoute(fn: unknown, request: Request, context: object): Promise<unknown> {
  return (fn as RouteFn)({ request, params: {}, context }).catch((e: unknown) => e);
}

/** Step 2 of the login for a password-only session cookie; returns the new (rotated) session cookie. */
export async function passSecondFactor(
  handle: DbHandle,
  email: string,
  pendingCookie: string,
  opts: { clientIp?: string; code?: string } = {},
): Promise<string> {
  const res = await runRoute(
    twoFactorRoute.action,
    formRequest("/login/two-factor", { code: opts.code ?? freshTotpCode(handle, email) }, pendingCookie),
    { clientIp: opts.clientIp ?? "203.0.113.50" },
  );
  if (!(res instanceof Response) || res.status !== 302)
    throw new Error(`second factor refused for ${email}: ${JSON.stringify(res)}`);
  return cookieFrom(res.headers.get("Set-Cookie"));
}

/** Password step only: the password-only session cookie and where the login sent it. */
export async function loginPasswordOnly(
  email: string,
  password: string,
  opts: { clientIp?: string } = {},
): Promise<{ cookie: string; location: string }> {
  const res = await runRoute(loginRoute.action, formRequest("/login", { email, password }), {
    clientIp: opts.clientIp ?? "203.0.113.50",
  });
  if (!(res instanceof Response) || res.status !== 302)
    throw new Error(`login refused for ${email}: ${JSON.stringify(res)}`);
  return { cookie: cookieFrom(res.headers.get("Set-Cookie")), location: res.headers.get("Location") ?? "" };
}

/**
 * Enrolment through the real page, as a person with an authenticator app would: read the
 * secret the page shows, type the current code. Returns the rotated cookie and the recovery codes.
 */
export async function enrolTotp(
  pendingCookie: string,
  opts: { clientIp?: string; at?: Date } = {},
): Promise<{ cookie: string; secret: string; recoveryCodes: string[] }> {
  const page = (await runRoute(enrolRoute.loader, getRequest("/account/two-factor", pendingCookie), {})) as {
    mode: string;
    secret: string | null;
    pending: string | null;
  };
  if (page.mode !== "enrol" || !page.secret) throw new Error(`enrolment page not offered: ${JSON.stringify(page)}`);
  const code = totpCodeAt(page.secret, opts.at ?? getRuntime().clock());
  const res = (await runRoute(
    enrolRoute.action,
    formRequest("/account/two-factor", { intent: "enrol", pending: page.pending ?? "", code }, pendingCookie),
    { clientIp: opts.clientIp ?? "203.0.113.50" },
  )) as {
    data?: { ok: boolean; recoveryCodes?: string[] };
    init?: { headers?: Record<string, string> };
  };
  if (!res.data?.ok || !res.data.recoveryCodes) throw new Error(`enrolment refused: ${JSON.stringify(res)}`);
  return {
    cookie: cookieFrom(res.init?.headers?.["Set-Cookie"] ?? null),
    secret: page.secret,
    recoveryCodes: res.data.recoveryCodes,
  };
}

/**
 * Full staff sign-in through the real routes: password, then a TOTP code for the injected
 * clock (or, for an account without an authenticator yet, enrolment as at a first login).
 */
export async function loginAs(
  handle: DbHandle,
  email: string,
  password: string,
  opts: { clientIp?: string } = {},
): Promise<string> {
  const { cookie, location } = await loginPasswordOnly(email, password, opts);
  if (location.startsWith("/account/two-factor")) return (await enrolTotp(cookie, opts)).cookie;
  return passSecondFactor(handle, email, cookie, opts);
}

/** Builds a form POST Request like a browser would (same-origin). */
export function formRequest(url: string, fields: Record<string, string | string[]>, cookie?: string): Request {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const item of Array.isArray(v) ? v : [v]) body.append(k, item);
  const headers: Record<string, string> = {
    "Content-Type": "application/x-www-form-urlencoded",
    Origin: "http://localhost:3000",
  };
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
  const rows = handle.sqlite
    .prepare(
      "SELECT dedupe_key, payload FROM email_outbox WHERE template = 'verify-email' AND to_address = ? ORDER BY id DESC",
    )
    .all(email) as { dedupe_key: string; payload: string }[];
  if (!rows[0]) throw new Error(`no verification email for ${email}`);
  const { verifyPath } = openOutboxPayload(rows[0]) as { verifyPath?: string };
  if (!verifyPath) throw new Error(`the verification email to ${email} was sent: its link is only in the mailbox now`);
  return verifyPath;
}

/**
 * The status-link token of a request, as its resident receives it: from the newest email to the
 * resident that carries a link to it (delivered notice, "find my requests", answer…), read from
 * the outbox before the worker sends (and clears) it.
 */
export function statusTokenFor(handle: DbHandle, reference: string): string {
  const rows = handle.sqlite
    .prepare("SELECT dedupe_key, payload FROM email_outbox WHERE payload LIKE 'sealed1:%' ORDER BY id DESC")
    .all() as { dedupe_key: string; payload: string }[];
  for (const row of rows) {
    const data = openOutboxPayload(row) as {
      reference?: string;
      statusPath?: string | null;
      requests?: { reference: string; statusPath: string }[];
    };
    const path =
      data.reference === reference
        ? data.statusPath
        : data.requests?.find((r) => r.reference === reference)?.statusPath;
    if (path) return path.slice("/r/".length);
  }
  throw new Error(`no email carries a status link to ${reference}`);
}
