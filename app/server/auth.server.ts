/**
 * Staff and regulator authentication: argon2id password hashes, sessions stored in SQLite
 * (so logout, disabling an account or an admin can revoke them), signed HttpOnly cookie
 * holding a random 256-bit session id whose SHA-256 is the row key.
 */
import { hash as argon2Hash, verify as argon2Verify } from "@node-rs/argon2";
import { createCookie, redirect } from "@remix-run/node";
import crypto from "node:crypto";
import { appendAudit } from "./audit.server";
import { getSqlite, inTransaction } from "./db.server";
import { getRuntime } from "./runtime.server";

export const SESSION_IDLE_MS = 30 * 60_000;
export const SESSION_ABSOLUTE_MS = 8 * 60 * 60_000;

export type StaffRole = "vendor_admin" | "vendor_agent" | "regulator" | "admin";
export interface SessionUser {
  id: number;
  email: string;
  name: string;
  role: StaffRole;
  vendorId: number | null;
  organisation: string | null;
  jurisdictions: string[];
  locale: string;
}

// argon2id with OWASP's minimum profile (19 MiB, t=2, p=1).
const ARGON2_OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2Hash(password, ARGON2_OPTIONS);
}

let dummyHash: Promise<string> | null = null;
/** Verifying against a dummy hash for unknown accounts keeps the timing uniform. */
function getDummyHash(): Promise<string> {
  dummyHash ??= hashPassword(crypto.randomBytes(16).toString("hex"));
  return dummyHash;
}

export function sha256Hex(value: string): string {
  return crypto.createHash("sha256").update(value).digest("hex");
}

function sessionCookie() {
  const { config } = getRuntime();
  // __Host- requires Secure; use it whenever the portal is served over https.
  const name = config.secureCookies ? "__Host-portal_session" : "portal_session";
  return createCookie(name, {
    httpOnly: true,
    sameSite: "lax",
    secure: config.secureCookies,
    path: "/",
    secrets: [config.sessionSecret],
  });
}

interface UserRow {
  id: number;
  email: string;
  name: string;
  password_hash: string;
  role: StaffRole;
  vendor_id: number | null;
  organisation: string | null;
  jurisdictions: string;
  locale: string;
  disabled_at: number | null;
}

function toSessionUser(r: UserRow): SessionUser {
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    role: r.role,
    vendorId: r.vendor_id,
    organisation: r.organisation,
    jurisdictions: JSON.parse(r.jurisdictions) as string[],
    locale: r.locale,
  };
}

/** Checks credentials. Same answer and similar time whether or not the account exists. */
export async function verifyLogin(opts: { email: string; password: string; now: Date }): Promise<SessionUser | null> {
  const email = opts.email.trim().toLowerCase();
  const row = getSqlite().prepare("SELECT * FROM users WHERE email = ?").get(email) as UserRow | undefined;
  const ok = row
    ? await argon2Verify(row.password_hash, opts.password)
    : (await argon2Verify(await getDummyHash(), opts.password), false);
  const success = Boolean(row && ok && row.disabled_at == null);
  inTransaction(() =>
    appendAudit({
      at: opts.now,
      actorType: success ? (row!.role === "regulator" ? "regulator" : row!.role === "admin" ? "admin" : "staff") : "anonymous",
      actorId: success ? row!.id : null,
      vendorId: success ? row!.vendor_id : null,
      action: success ? "auth.login_succeeded" : "auth.login_failed",
      objectType: "user",
      objectId: row?.id ?? null,
      // The attempted address is not logged in clear (it may be a resident's or a typo); its hash links attempts.
      details: success ? {} : { emailSha256: sha256Hex(email) },
    }),
  );
  return success ? toSessionUser(row!) : null;
}

/** Creates a new session (a new id at every login: no fixation) and returns its Set-Cookie header. */
export async function createUserSession(userId: number, now: Date): Promise<string> {
  const token = crypto.randomBytes(32).toString("base64url");
  const t = now.getTime();
  getSqlite()
    .prepare("INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?)")
    .run(sha256Hex(token), userId, t, t, t + SESSION_ABSOLUTE_MS);
  return sessionCookie().serialize(token, { maxAge: SESSION_ABSOLUTE_MS / 1000 });
}

async function readSessionToken(request: Request): Promise<string | null> {
  const value = (await sessionCookie().parse(request.headers.get("Cookie"))) as unknown;
  return typeof value === "string" && value.length >= 32 ? value : null;
}

/** The signed-in user, or null (expired, idle, revoked, disabled). Touches last_seen_at. */
export async function getSessionUser(request: Request, now: Date = getRuntime().clock()): Promise<SessionUser | null> {
  const token = await readSessionToken(request);
  if (!token) return null;
  const sqlite = getSqlite();
  const idHash = sha256Hex(token);
  const row = sqlite
    .prepare(
      `SELECT u.*, s.last_seen_at AS s_last_seen, s.expires_at AS s_expires, s.revoked_at AS s_revoked
       FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = ?`,
    )
    .get(idHash) as (UserRow & { s_last_seen: number; s_expires: number; s_revoked: number | null }) | undefined;
  const t = now.getTime();
  if (!row || row.s_revoked != null || row.disabled_at != null) return null;
  if (t >= row.s_expires || t - row.s_last_seen > SESSION_IDLE_MS) return null;
  // Write at most once a minute: reads stay cheap under load.
  if (t - row.s_last_seen > 60_000) sqlite.prepare("UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?").run(t, idHash);
  return toSessionUser(row);
}

export async function logout(request: Request, now: Date): Promise<string> {
  const token = await readSessionToken(request);
  if (token) {
    const sqlite = getSqlite();
    const row = sqlite.prepare("SELECT user_id FROM sessions WHERE id_hash = ? AND revoked_at IS NULL").get(sha256Hex(token)) as
      | { user_id: number }
      | undefined;
    inTransaction(() => {
      sqlite.prepare("UPDATE sessions SET revoked_at = ? WHERE id_hash = ?").run(now.getTime(), sha256Hex(token));
      if (row) appendAudit({ at: now, actorType: "staff", actorId: row.user_id, action: "auth.logout", objectType: "user", objectId: row.user_id });
    });
  }
  return sessionCookie().serialize("", { maxAge: 0 });
}

/** Ends every session of a user (account disabled, password changed). */
export function revokeUserSessions(userId: number, now: Date): number {
  return getSqlite()
    .prepare("UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL")
    .run(now.getTime(), userId).changes;
}

function loginRedirect(request: Request): never {
  const url = new URL(request.url);
  throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
}

/** Guard for vendor workspace loaders/actions. */
export async function requireVendorStaff(request: Request): Promise<SessionUser & { vendorId: number }> {
  const user = await getSessionUser(request);
  if (!user) loginRedirect(request);
  if ((user.role !== "vendor_admin" && user.role !== "vendor_agent") || user.vendorId == null) {
    throw new Response("Not found", { status: 404 });
  }
  return user as SessionUser & { vendorId: number };
}

/** Guard for regulator loaders. */
export async function requireRegulator(request: Request): Promise<SessionUser> {
  const user = await getSessionUser(request);
  if (!user) loginRedirect(request);
  if (user.role !== "regulator") throw new Response("Not found", { status: 404 });
  return user;
}

/** Guard for the portal admin pages. */
export async function requireAdmin(request: Request): Promise<SessionUser> {
  const user = await getSessionUser(request);
  if (!user) loginRedirect(request);
  if (user.role !== "admin") throw new Response("Not found", { status: 404 });
  return user;
}

export function homePathFor(user: SessionUser): string {
  if (user.role === "regulator") return "/regulator";
  if (user.role === "admin") return "/admin";
  return "/vendor";
}
