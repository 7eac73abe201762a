/**
 * Resident access without an account. A private link `/r/<token>` is exchanged, on first use,
 * for a signed HttpOnly cookie holding the link's hash, and the browser is sent to the clean
 * URL `/r/<reference>` (the token leaves the address bar and the history). Every read and
 * action re-checks the hash against `status_links`, so revoking a link ends access.
 *
 * Links exist only once the resident has proven the email address (confirmation, or emails sent
 * to the confirmed address), expire 90 days after their last use, and are revoked by the
 * resident ("sign out everywhere") or by the identity purge.
 */
import { createCookie } from "@remix-run/node";
import type { Locale } from "~/i18n";
import { appendAudit } from "../audit/audit-chain.server";
import { getSqlite, inTransaction, prepareCached } from "../core/db.server";
import { ServiceError } from "../core/errors.server";
import { readAll, readOne, type FilingRow, type StatusLinkRow, type VendorRow } from "../core/rows.server";
import { getRuntime } from "../core/runtime.server";
import { enqueueEmail } from "../mail/outbox.server";
import { issueStatusLink, type RequestRow } from "../requests/record-change.server";
import { parseSignedCookie } from "../security/signed-cookies.server";
import { sha256Hex } from "../security/staff-sessions.server";

/** A status link dies this long after its last use (the resident re-sends one from /requests/find). */
export const STATUS_LINK_IDLE_MS = 90 * 86_400_000;
/**
 * SQL condition of a live link (`l` = status_links, `f` = its request's filing): not revoked, used
 * (or issued) within the last 90 days, and issued no earlier than the moment the resident proved
 * the email address — a link from before that proof opens nothing, whoever holds it. Binds one
 * parameter: now − STATUS_LINK_IDLE_MS.
 */
export const LIVE_STATUS_LINK =
  "l.revoked_at IS NULL AND coalesce(l.last_used_at, l.created_at) > ? AND f.email_verified_at IS NOT NULL AND l.created_at >= f.email_verified_at";
const MAX_LINKS_IN_COOKIE = 25;
export const REFERENCE_RE = /^BR-\d{4}-\d{6}$/;
/** Last use is recorded at most once an hour per link: a page view costs no write. */
const TOUCH_EVERY_MS = 3_600_000;

function residentCookie() {
  const { config } = getRuntime();
  return createCookie(config.secureCookies ? "__Host-resident_links" : "resident_links", {
    httpOnly: true,
    sameSite: "lax",
    secure: config.secureCookies,
    path: "/",
    maxAge: STATUS_LINK_IDLE_MS / 1000,
    secrets: [config.sessionSecret],
  });
}

async function readLinkHashes(request: Request): Promise<string[]> {
  const v = await parseSignedCookie(residentCookie(), request.headers.get("Cookie"), getRuntime().config);
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string" && /^[0-9a-f]{64}$/.test(x)) : [];
}

/** The Set-Cookie that makes this browser remember these link hashes (newest first, with the ones it had). */
export async function rememberLinkHashes(request: Request, hashes: string[]): Promise<string> {
  const existing = (await readLinkHashes(request)).filter((h) => !hashes.includes(h));
  return residentCookie().serialize([...hashes, ...existing].slice(0, MAX_LINKS_IN_COOKIE));
}

/** Sliding expiry: record that a live link was just used (at most once an hour). */
function touchLink(hash: string, lastUsedAt: number | null, createdAt: number, now: Date): void {
  if (now.getTime() - (lastUsedAt ?? createdAt) < TOUCH_EVERY_MS) return;
  prepareCached(
    getSqlite(),
    "UPDATE status_links SET last_used_at = ? WHERE token_hash = ? AND revoked_at IS NULL",
  ).run(now.getTime(), hash);
}

/** Checks a token; returns the clean URL to go to and the Set-Cookie that remembers it. */
export async function exchangeStatusToken(
  request: Request,
  token: string,
  now: Date = getRuntime().clock(),
): Promise<{ location: string; setCookie: string }> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw new ServiceError(404, "not_found", "Not found");
  const hash = sha256Hex(token);
  const row = readOne<Pick<RequestRow, "reference"> & Pick<StatusLinkRow, "created_at" | "last_used_at">>(
    prepareCached(
      getSqlite(),
      `SELECT r.reference, l.created_at, l.last_used_at FROM status_links l JOIN requests r ON r.id = l.request_id JOIN filings f ON f.id = r.filing_id
       WHERE l.token_hash = ? AND ${LIVE_STATUS_LINK}`,
    ),
    hash,
    now.getTime() - STATUS_LINK_IDLE_MS,
  );
  if (!row) throw new ServiceError(404, "not_found", "Not found");
  touchLink(hash, row.last_used_at, row.created_at, now);
  return { location: `/r/${row.reference}`, setCookie: await rememberLinkHashes(request, [hash]) };
}

/** The request with this reference, if one of the browser's remembered live links opens it. */
export async function loadRequestFromCookie(request: Request, reference: string): Promise<RequestRow> {
  if (!REFERENCE_RE.test(reference)) throw new ServiceError(404, "not_found", "Not found");
  const hashes = await readLinkHashes(request);
  if (hashes.length === 0) throw new ServiceError(404, "not_found", "Not found");
  const now = getRuntime().clock();
  const row = readOne<
    RequestRow & {
      link_hash: StatusLinkRow["token_hash"];
      link_created_at: StatusLinkRow["created_at"];
      link_last_used_at: StatusLinkRow["last_used_at"];
    }
  >(
    prepareCached(
      getSqlite(),
      `SELECT r.*, l.token_hash AS link_hash, l.created_at AS link_created_at, l.last_used_at AS link_last_used_at
       FROM requests r JOIN status_links l ON l.request_id = r.id JOIN filings f ON f.id = r.filing_id
       WHERE r.reference = ? AND ${LIVE_STATUS_LINK}
         AND l.token_hash IN (${hashes.map(() => "?").join(",")}) LIMIT 1`,
    ),
    reference,
    now.getTime() - STATUS_LINK_IDLE_MS,
    ...hashes,
  );
  if (!row) throw new ServiceError(404, "not_found", "Not found");
  const { link_hash, link_created_at, link_last_used_at, ...request_ } = row;
  touchLink(link_hash, link_last_used_at, link_created_at, now);
  return request_;
}

/**
 * "Sign out everywhere": every live status link of every request filed together with this one
 * (same resident, same filing) is revoked — this browser's, the emailed ones, any other device's.
 * New links come only from /requests/find, to the confirmed address. Returns the cookie to clear.
 */
export async function revokeAllStatusLinks(
  request: Request,
  reference: string,
  opts: { now: Date },
): Promise<{ revoked: number; setCookie: string }> {
  const r = await loadRequestFromCookie(request, reference);
  const sqlite = getSqlite();
  const revoked = inTransaction(() => {
    const n = prepareCached(
      sqlite,
      "UPDATE status_links SET revoked_at = ? WHERE revoked_at IS NULL AND request_id IN (SELECT id FROM requests WHERE filing_id = ?)",
    ).run(opts.now.getTime(), r.filing_id).changes;
    appendAudit({
      at: opts.now,
      actorType: "resident",
      vendorId: r.vendor_id,
      action: "status_links.revoked",
      objectType: "request",
      objectId: r.reference,
      details: { links: n, cause: "resident" },
    });
    return n;
  });
  return { revoked, setCookie: await residentCookie().serialize([], { maxAge: 0 }) };
}

/**
 * "Find my requests": emails fresh private links for every request filed from a CONFIRMED
 * address. The caller always shows the same message, whether or not anything was found, so
 * the form does not reveal who has filed requests.
 */
export function resendStatusLinks(email: string, opts: { now: Date; locale: Locale }): number {
  const sqlite = getSqlite();
  const rows = readAll<
    Pick<RequestRow, "id" | "reference"> & Pick<FilingRow, "locale"> & { vendor_name: VendorRow["name"] }
  >(
    prepareCached(
      sqlite,
      `SELECT r.id, r.reference, v.name AS vendor_name, f.locale FROM requests r
       JOIN filings f ON f.id = r.filing_id JOIN vendors v ON v.id = r.vendor_id
       WHERE lower(f.email) = lower(?) AND f.email_verified_at IS NOT NULL
       ORDER BY r.id DESC LIMIT 50`,
    ),
    email.trim(),
  );
  if (rows.length === 0) return 0;
  const t = opts.now.getTime();
  inTransaction(() => {
    const requests = rows.map((r) => ({
      reference: r.reference,
      vendorName: r.vendor_name,
      statusPath: issueStatusLink(r.id, opts.now).path,
    }));
    enqueueEmail({
      // At most one such email per address per hour, whatever the form receives.
      dedupeKey: `status-links:${sha256Hex(email.trim().toLowerCase()).slice(0, 32)}:${Math.floor(t / 3_600_000)}`,
      to: email.trim(),
      template: "status-links",
      locale: opts.locale,
      at: opts.now,
      data: { requests },
    });
  });
  getRuntime().wakeWorker();
  return rows.length;
}
