/**
 * Staff and regulator authentication: argon2id password hashes, sessions stored in SQLite
 * (so logout, disabling an account or an admin can revoke them), signed HttpOnly cookie
 * holding a random 256-bit session id whose SHA-256 is the row key.
 */
import { parseSignedCookie } from "./signed-cookies.server";
import { hash as argon2Hash, verify as argon2Verify } from "@node-rs/argon2";
import { createCookie, redirect } from "@remix-run/node";
import crypto from "node:crypto";
import { appendAudit } from "../audit/audit-chain.server";
import { getSqlite, inTransaction, prepareCached } from "../core/db.server";
import { getRuntime } from "../core/runtime.server";
import { readOne, type SessionRow, type UserRow } from "../core/rows.server";

export const SESSION_IDLE_MS = 30 * 60_000;
export const SESSION_ABSOLUTE_MS = 8 * 60 * 60_000;
/** Step-up: a sensitive act (downloading a reference photo) needs a re-authentication this recent. */
export const REAUTH_MAX_AGE_MS = 5 * 60_000;
/** A password-only session must pass the second factor (or enrol) within this time, or log in again. */
export const PENDING_SESSION_MS = 15 * 60_000;

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

/** The session row behind a request (never the cookie value itself). */
export interface SessionState {
  idHash: string;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
  /** Null while only the password has been checked: such a session reaches no workspace. */
  secondFactorAt: number | null;
  reauthAt: number | null;
  /** Whether the user has a confirmed authenticator (false: the next step is enrolment). */
  totpEnabled: boolean;
}

export interface StaffSession {
  user: SessionUser;
  session: SessionState;
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
export async function verifyLogin(opts: {
  email: string;
  password: string;
  now: Date;
}): Promise<(SessionUser & { totpEnabled: boolean }) | null> {
  const email = opts.email.trim().toLowerCase();
  const row = readOne<UserRow>(getSqlite().prepare("SELECT * FROM users WHERE email = ?"), email);
  const ok = row
    ? await argon2Verify(row.password_hash, opts.password)
    : (await argon2Verify(await getDummyHash(), opts.password), false);
  const success = Boolean(row && ok && row.disabled_at == null);
  inTransaction(() =>
    appendAudit({
      at: opts.now,
      actorType: success
        ? row!.role === "regulator"
          ? "regulator"
          : row!.role === "admin"
            ? "admin"
            : "staff"
        : "anonymous",
      actorId: success ? row!.id : null,
      vendorId: success ? row!.vendor_id : null,
      action: success ? "auth.login_succeeded" : "auth.login_failed",
      objectType: "user",
      objectId: row?.id ?? null,
      // The attempted address is not logged in clear (it may be a resident's or a typo); its hash links attempts.
      details: success ? {} : { emailSha256: sha256Hex(email) },
    }),
  );
  return success ? { ...toSessionUser(row!), totpEnabled: row!.totp_enabled_at != null } : null;
}

/**
 * Creates a new session (a new id at every login: no fixation) and returns its Set-Cookie
 * header. The session starts with second_factor_at NULL: the password alone opens nothing.
 */
export async function createUserSession(userId: number, now: Date): Promise<string> {
  const token = crypto.randomBytes(32).toString("base64url");
  const t = now.getTime();
  getSqlite()
    .prepare("INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?)")
    .run(sha256Hex(token), userId, t, t, t + SESSION_ABSOLUTE_MS);
  return serializeSessionCookie(token, t + SESSION_ABSOLUTE_MS, t);
}

/** Set-Cookie for a session token; the cookie lives no longer than the session row. */
export function serializeSessionCookie(token: string, expiresAt: number, now: number): Promise<string> {
  return sessionCookie().serialize(token, { maxAge: Math.max(1, Math.floor((expiresAt - now) / 1000)) });
}

/**
 * Replaces a session by a new id once the second factor passes, so an id seen before that
 * step (shoulder-surfed, logged by a proxy) is worthless afterwards. The absolute expiry is
 * carried over: rotating never extends the 8-hour limit. Call inside the caller's transaction;
 * returns the new token (serialize it with serializeSessionCookie after commit).
 */
export function rotateSessionInTransaction(
  oldIdHash: string,
  t: number,
  secondFactorAt: number,
): { token: string; expiresAt: number } {
  const sqlite = getSqlite();
  const old = readOne<Pick<SessionRow, "user_id" | "created_at" | "expires_at">>(
    sqlite.prepare("SELECT user_id, created_at, expires_at FROM sessions WHERE id_hash = ? AND revoked_at IS NULL"),
    oldIdHash,
  );
  if (!old) throw new Error("session to rotate is gone");
  const token = crypto.randomBytes(32).toString("base64url");
  sqlite.prepare("UPDATE sessions SET revoked_at = ? WHERE id_hash = ?").run(t, oldIdHash);
  sqlite
    .prepare(
      "INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at, second_factor_at) VALUES (?, ?, ?, ?, ?, ?)",
    )
    .run(sha256Hex(token), old.user_id, old.created_at, t, old.expires_at, secondFactorAt);
  return { token, expiresAt: old.expires_at };
}

async function readSessionToken(request: Request): Promise<string | null> {
  return readSessionTokenFrom(request.headers.get("Cookie"));
}

async function readSessionTokenFrom(cookieHeader: string | null): Promise<string | null> {
  const value = await parseSignedCookie(sessionCookie(), cookieHeader, getRuntime().config);
  return typeof value === "string" && value.length >= 32 ? value : null;
}

/**
 * A form posted without JavaScript gets ONE answer: Remix runs the action, then the page's
 * loaders, all with the cookie the request came with. When the action replaced the session
 * and answers with the new cookie instead of redirecting (enrolment shows the recovery codes
 * on that answer), those loaders must read the new session, not the revoked one. The action
 * leaves the new cookie in the load context, which lives for that one request only; loaders
 * that pass their context to getStaffSession read it first.
 */
const rotatedInRequest = new WeakMap<object, string>();

export function shareRotatedSession(context: unknown, setCookie: string): void {
  if (context && typeof context === "object") rotatedInRequest.set(context, setCookie.split(";")[0]!);
}

/**
 * The session behind the request, whether or not its second factor has passed; null when
 * expired, idle, revoked, disabled, or password-only for longer than PENDING_SESSION_MS.
 * Touches last_seen_at (at most once a minute: reads stay cheap under load).
 */
export function getStaffSession(
  request: Request,
  now: Date = getRuntime().clock(),
  context?: unknown,
): Promise<StaffSession | null> {
  const rotated = context && typeof context === "object" ? rotatedInRequest.get(context) : undefined;
  if (rotated) return lookUpStaffSession(rotated, now);
  // A page load runs the root loader and the page's loaders with the same Request: look the
  // session up once (cookie signature check + query) and share it. Only for reads (no action
  // can have changed the session in between) and only within a second of the first lookup.
  if (request.method !== "GET" && request.method !== "HEAD")
    return lookUpStaffSession(request.headers.get("Cookie"), now);
  const known = sessionLookups.get(request);
  if (known && Math.abs(known.at - now.getTime()) < 1000) return known.result;
  const result = lookUpStaffSession(request.headers.get("Cookie"), now);
  sessionLookups.set(request, { at: now.getTime(), result });
  return result;
}

const sessionLookups = new WeakMap<Request, { at: number; result: Promise<StaffSession | null> }>();

async function lookUpStaffSession(cookieHeader: string | null, now: Date): Promise<StaffSession | null> {
  const token = await readSessionTokenFrom(cookieHeader);
  if (!token) return null;
  const sqlite = getSqlite();
  const idHash = sha256Hex(token);
  const row = readOne<
    UserRow & {
      s_created: number;
      s_last_seen: number;
      s_expires: number;
      s_revoked: number | null;
      s_second_factor: number | null;
      s_reauth: number | null;
    }
  >(
    prepareCached(
      sqlite,
      `SELECT u.*, s.created_at AS s_created, s.last_seen_at AS s_last_seen, s.expires_at AS s_expires, s.revoked_at AS s_revoked,
              s.second_factor_at AS s_second_factor, s.reauth_at AS s_reauth
       FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = ?`,
    ),
    idHash,
  );
  const t = now.getTime();
  if (!row || row.s_revoked != null || row.disabled_at != null) return null;
  if (t >= row.s_expires || t - row.s_last_seen > SESSION_IDLE_MS) return null;
  if (row.s_second_factor == null && t - row.s_created > PENDING_SESSION_MS) return null;
  let lastSeen = row.s_last_seen;
  if (t - row.s_last_seen > 60_000) {
    sqlite.prepare("UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?").run(t, idHash);
    lastSeen = t;
  }
  return {
    user: toSessionUser(row),
    session: {
      idHash,
      createdAt: row.s_created,
      lastSeenAt: lastSeen,
      expiresAt: row.s_expires,
      secondFactorAt: row.s_second_factor,
      reauthAt: row.s_reauth,
      totpEnabled: row.totp_enabled_at != null,
    },
  };
}

/** The signed-in user with BOTH factors passed, or null. A password-only session counts as none. */
export async function getSessionUser(request: Request, now: Date = getRuntime().clock()): Promise<SessionUser | null> {
  const s = await getStaffSession(request, now);
  return s && s.session.secondFactorAt != null ? s.user : null;
}

/** Checks a password for an already-identified user (step-up); same argon2id cost as login. */
export async function verifyUserPassword(userId: number, password: string): Promise<boolean> {
  const row = readOne<Pick<UserRow, "password_hash">>(
    getSqlite().prepare("SELECT password_hash FROM users WHERE id = ? AND disabled_at IS NULL"),
    userId,
  );
  if (!row) return false;
  return argon2Verify(row.password_hash, password);
}

/** Marks activity now (the "stay signed in" button); returns the new expiry instants. */
export function touchSession(idHash: string, now: Date): { idleExpiresAt: number; absoluteExpiresAt: number } | null {
  const sqlite = getSqlite();
  const t = now.getTime();
  const changed = sqlite
    .prepare("UPDATE sessions SET last_seen_at = ? WHERE id_hash = ? AND revoked_at IS NULL AND expires_at > ?")
    .run(t, idHash, t).changes;
  if (!changed) return null;
  const row = readOne<Pick<SessionRow, "expires_at">>(
    sqlite.prepare("SELECT expires_at FROM sessions WHERE id_hash = ?"),
    idHash,
  )!;
  return { idleExpiresAt: Math.min(t + SESSION_IDLE_MS, row.expires_at), absoluteExpiresAt: row.expires_at };
}

export async function logout(request: Request, now: Date): Promise<string> {
  const token = await readSessionToken(request);
  if (token) {
    const sqlite = getSqlite();
    const row = readOne<Pick<SessionRow, "user_id">>(
      sqlite.prepare("SELECT user_id FROM sessions WHERE id_hash = ? AND revoked_at IS NULL"),
      sha256Hex(token),
    );
    inTransaction(() => {
      sqlite.prepare("UPDATE sessions SET revoked_at = ? WHERE id_hash = ?").run(now.getTime(), sha256Hex(token));
      if (row)
        appendAudit({
          at: now,
          actorType: "staff",
          actorId: row.user_id,
          action: "auth.logout",
          objectType: "user",
          objectId: row.user_id,
        });
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

function currentPath(request: Request): string {
  const url = new URL(request.url);
  return url.pathname + url.search;
}

function loginRedirect(request: Request): never {
  throw redirect(`/login?redirectTo=${encodeURIComponent(currentPath(request))}`);
}

/** Where a password-only session goes next: the code page, or enrolment when no authenticator is set up. */
export function secondFactorPath(session: Pick<SessionState, "totpEnabled">, redirectTo?: string): string {
  const base = session.totpEnabled ? "/login/two-factor" : "/account/two-factor";
  return redirectTo ? `${base}?redirectTo=${encodeURIComponent(redirectTo)}` : base;
}

/**
 * Every staff guard goes through here: no session → login; password only → the missing step
 * (code or enrolment); wrong role → 404 (no hint that the page exists).
 */
async function requireFullSession(request: Request, allowed: (u: SessionUser) => boolean): Promise<StaffSession> {
  const s = await getStaffSession(request);
  if (!s) loginRedirect(request);
  if (s.session.secondFactorAt == null) throw redirect(secondFactorPath(s.session, currentPath(request)));
  if (!allowed(s.user)) throw new Response("Not found", { status: 404 });
  return s;
}

const isVendorStaff = (u: SessionUser) =>
  (u.role === "vendor_admin" || u.role === "vendor_agent") && u.vendorId != null;

/** Any staff role with both factors (account pages, re-authentication, keep-alive). */
export function requireStaffSession(request: Request): Promise<StaffSession> {
  return requireFullSession(request, () => true);
}

/** Guard for vendor workspace loaders/actions. */
export async function requireVendorStaff(request: Request): Promise<SessionUser & { vendorId: number }> {
  return (await requireVendorStaffSession(request)).user;
}

export async function requireVendorStaffSession(
  request: Request,
): Promise<{ user: SessionUser & { vendorId: number }; session: SessionState }> {
  return (await requireFullSession(request, isVendorStaff)) as {
    user: SessionUser & { vendorId: number };
    session: SessionState;
  };
}

/** Guard for regulator loaders. */
export async function requireRegulator(request: Request): Promise<SessionUser> {
  return (await requireFullSession(request, (u) => u.role === "regulator")).user;
}

/** Guard for the portal admin pages. */
export async function requireAdmin(request: Request): Promise<SessionUser> {
  return (await requireFullSession(request, (u) => u.role === "admin")).user;
}

/** Guard for the accounts page: portal admins and vendor admins. */
export async function requireAccountManager(request: Request): Promise<SessionUser> {
  return (await requireFullSession(request, (u) => u.role === "admin" || u.role === "vendor_admin")).user;
}

/**
 * Step-up for sensitive acts: a re-authentication (password + code) within REAUTH_MAX_AGE_MS,
 * otherwise a redirect to /reauth that comes back to this URL.
 */
/** Whether the session passed a step-up (password + code) within REAUTH_MAX_AGE_MS. */
export function isReauthFresh(session: Pick<SessionState, "reauthAt">, now: Date): boolean {
  const t = now.getTime();
  return session.reauthAt != null && session.reauthAt <= t && t - session.reauthAt <= REAUTH_MAX_AGE_MS;
}

export function requireRecentReauth(request: Request, session: SessionState, now: Date): void {
  if (isReauthFresh(session, now)) return;
  throw redirect(`/reauth?redirectTo=${encodeURIComponent(currentPath(request))}`);
}

export function homePathFor(user: SessionUser): string {
  if (user.role === "regulator") return "/regulator";
  if (user.role === "admin") return "/admin";
  return "/vendor";
}
