/**
 * Sends queued webhook events (the worker, after commit). The worker claims rows with a lease
 * like the email outbox; delivery is at-least-once: a crash after the receiver answered but
 * before the row is marked delivered sends the event again when the lease expires, with the
 * same Portal-Event-Id, so receivers dedupe on it. 408, 429, 5xx and no answer are retried with
 * backoff (honouring a short Retry-After); other answers are final.
 *
 * Every delivery checks the URL again (url-guard) and connects to the checked address; redirects
 * are never followed, the response body is read up to a cap and thrown away, and a delivery
 * gives up after 10 s. Old delivered and failed rows are pruned by the daily sweep.
 */
import http from "node:http";
import https from "node:https";
import { performance } from "node:perf_hooks";
import type { SqlConnection } from "../../../db/client";
import { getSqlite, inTransaction, prepareCached } from "../core/db.server";
import { readAll, readOne, type WebhookDeliveryRow, type WebhookRow } from "../core/rows.server";
import { retryDelayMs } from "../mail/outbox.server";
import {
  pinLookup,
  parseWebhookUrl,
  resolveWebhookTarget,
  WebhookUrlError,
  type LookupAll,
  type PinnedTarget,
} from "./url-guard.server";
import { decryptWebhookSecret, signWebhookPayload } from "./webhook-secrets.server";

export const WEBHOOK_MAX_ATTEMPTS = 10;
export const WEBHOOK_LEASE_MS = 2 * 60_000;
export const WEBHOOK_TIMEOUT_MS = 10_000;
/** How much of a receiver's answer we read (and discard) before hanging up. */
export const WEBHOOK_MAX_RESPONSE_BYTES = 64 * 1024;
export const WEBHOOK_USER_AGENT = "BiometricRightsPortal-Webhooks/1.0";

type ClaimedDelivery = Pick<
  WebhookDeliveryRow,
  "id" | "webhook_id" | "vendor_id" | "event_id" | "event_type" | "payload" | "attempts"
> &
  Pick<WebhookRow, "url" | "secret_enc">;

/** Claims due deliveries of active webhooks: pending and due, or sending with an expired lease (a crashed worker). */
export function claimDueWebhooks(opts: { owner: string; now: Date; limit?: number }): ClaimedDelivery[] {
  const sqlite = getSqlite();
  const t = opts.now.getTime();
  return inTransaction(() => {
    const rows = readAll<ClaimedDelivery>(
      prepareCached(
        sqlite,
        `SELECT d.id, d.webhook_id, d.vendor_id, d.event_id, d.event_type, d.payload, d.attempts, w.url, w.secret_enc
         FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id AND w.vendor_id = d.vendor_id
         WHERE w.disabled_at IS NULL AND ((d.status = 'pending' AND d.next_attempt_at <= ?) OR (d.status = 'sending' AND d.lease_until < ?))
         ORDER BY d.next_attempt_at, d.id LIMIT ?`,
      ),
      t,
      t,
      opts.limit ?? 10,
    );
    const claim = prepareCached(
      sqlite,
      "UPDATE webhook_deliveries SET status = 'sending', lease_owner = ?, lease_until = ?, attempts = attempts + 1 WHERE id = ?",
    );
    for (const r of rows) claim.run(opts.owner, t + WEBHOOK_LEASE_MS, r.id);
    return rows.map((r) => ({ ...r, attempts: r.attempts + 1 }));
  });
}

interface PostResult {
  statusCode: number | null;
  error: string | null;
  retryAfterMs: number | null;
}

function parseRetryAfter(value: string | string[] | undefined): number | null {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v || !/^\d{1,6}$/.test(v.trim())) return null;
  return Math.min(Number(v.trim()) * 1000, 60 * 60_000);
}

/** One POST to the pinned address: no redirects, capped and discarded body, hard timeout. */
function postPinned(
  target: PinnedTarget,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<PostResult> {
  return new Promise((resolve) => {
    let settled = false;
    let statusCode: number | null = null;
    let retryAfterMs: number | null = null;
    const finish = (error: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ statusCode, error: statusCode == null ? error : null, retryAfterMs });
      req.destroy();
    };
    const secure = target.url.protocol === "https:";
    const req = (secure ? https : http).request({
      host: target.host,
      port: target.url.port ? Number(target.url.port) : secure ? 443 : 80,
      path: `${target.url.pathname}${target.url.search}`,
      method: "POST",
      headers: {
        ...headers,
        Host: target.url.host,
        "Content-Type": "application/json",
        "Content-Length": String(Buffer.byteLength(body)),
      },
      lookup: pinLookup(target),
      // A fresh connection each time: a pooled socket could have been opened to another address.
      agent: false,
    });
    const timer = setTimeout(() => finish("timeout"), timeoutMs);
    req.on("socket", (socket) => {
      socket.once("connect", () => {
        // Belt and braces: the socket really is connected to the address we checked.
        const remote = (socket.remoteAddress ?? "").replace(/^::ffff:/, "");
        if (remote !== target.address.replace(/^::ffff:/, "")) finish("address_mismatch");
      });
    });
    req.on("response", (res) => {
      statusCode = res.statusCode ?? null;
      if (statusCode === 429 || statusCode === 503) retryAfterMs = parseRetryAfter(res.headers["retry-after"]);
      let read = 0;
      res.on("data", (chunk: Buffer) => {
        read += chunk.length;
        if (read > WEBHOOK_MAX_RESPONSE_BYTES) finish(null);
      });
      res.on("end", () => finish(null));
      res.on("error", () => finish(null));
      res.on("close", () => finish(null));
    });
    req.on("error", (err: NodeJS.ErrnoException) => finish((err.code ?? err.message ?? "error").slice(0, 200)));
    req.end(body);
  });
}

export interface WebhookDispatchOutcome {
  delivered: number;
  retried: number;
  failed: number;
}

type AttemptResult = PostResult & { permanent: boolean };

async function attemptDelivery(
  row: ClaimedDelivery,
  opts: { at: Date; lookup?: LookupAll; timeoutMs: number },
): Promise<AttemptResult> {
  let secret: string;
  let target: PinnedTarget;
  try {
    secret = decryptWebhookSecret(row.secret_enc, row.vendor_id);
    // Checked again at every delivery: the name may point somewhere else since registration.
    target = await resolveWebhookTarget(parseWebhookUrl(row.url), { lookup: opts.lookup });
  } catch (err) {
    if (err instanceof WebhookUrlError)
      return { statusCode: null, error: err.code, retryAfterMs: null, permanent: err.code !== "unresolvable" };
    return { statusCode: null, error: "secret_unreadable", retryAfterMs: null, permanent: true };
  }
  const t = Math.floor(opts.at.getTime() / 1000);
  const result = await postPinned(
    target,
    row.payload,
    {
      "User-Agent": WEBHOOK_USER_AGENT,
      "Portal-Signature": signWebhookPayload(secret, t, row.payload),
      "Portal-Event-Id": row.event_id,
      "Portal-Event-Type": row.event_type,
    },
    opts.timeoutMs,
  );
  const s = result.statusCode;
  // 408/429/5xx and no answer are worth retrying; any other non-2xx (including a redirect, never followed) is not.
  const permanent = s != null && !(s >= 200 && s < 300) && s !== 408 && s !== 429 && s < 500;
  return { ...result, error: s != null && (s < 200 || s >= 300) ? `http_${s}` : result.error, permanent };
}

/** Sends claimed deliveries (in parallel); each is settled only if this owner still holds its lease. */
export async function dispatchWebhooks(opts: {
  now: () => Date;
  owner?: string;
  limit?: number;
  lookup?: LookupAll;
  timeoutMs?: number;
  random?: () => number;
}): Promise<WebhookDispatchOutcome> {
  const owner = opts.owner ?? `worker-${process.pid}`;
  const rows = claimDueWebhooks({ owner, now: opts.now(), limit: opts.limit });
  const outcome: WebhookDispatchOutcome = { delivered: 0, retried: 0, failed: 0 };
  await Promise.all(
    rows.map(async (row) => {
      const at = opts.now();
      const started = performance.now();
      const r = await attemptDelivery(row, {
        at,
        lookup: opts.lookup,
        timeoutMs: opts.timeoutMs ?? WEBHOOK_TIMEOUT_MS,
      });
      const durationMs = Math.max(0, Math.round(performance.now() - started));
      const done = opts.now().getTime();
      const ok = r.statusCode != null && r.statusCode >= 200 && r.statusCode < 300;
      const verdict = ok ? "delivered" : r.permanent || row.attempts >= WEBHOOK_MAX_ATTEMPTS ? "failed" : "retry";
      const sqlite = getSqlite();
      inTransaction(() => {
        const n = readOne<{ n: number }>(
          prepareCached(sqlite, "SELECT count(*) AS n FROM webhook_attempts WHERE delivery_id = ?"),
          row.id,
        )!.n;
        prepareCached(
          sqlite,
          "INSERT INTO webhook_attempts (delivery_id, attempt, at, status_code, error, duration_ms) VALUES (?, ?, ?, ?, ?, ?)",
        ).run(row.id, n + 1, at.getTime(), r.statusCode, r.error, durationMs);
        if (verdict === "delivered") {
          prepareCached(
            sqlite,
            "UPDATE webhook_deliveries SET status = 'delivered', delivered_at = ?, last_status_code = ?, last_error = NULL, lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?",
          ).run(done, r.statusCode, row.id, owner);
        } else if (verdict === "failed") {
          prepareCached(
            sqlite,
            "UPDATE webhook_deliveries SET status = 'failed', last_status_code = ?, last_error = ?, lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?",
          ).run(r.statusCode, r.error, row.id, owner);
        } else {
          const delay = Math.max(retryDelayMs(row.attempts, opts.random), r.retryAfterMs ?? 0);
          prepareCached(
            sqlite,
            "UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = ?, last_status_code = ?, last_error = ?, lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?",
          ).run(done + delay, r.statusCode, r.error, row.id, owner);
        }
      });
      if (verdict === "delivered") outcome.delivered += 1;
      else if (verdict === "failed") outcome.failed += 1;
      else outcome.retried += 1;
    }),
  );
  return outcome;
}

/** Delivered events are history after this long (a vendor can read its own systems' logs). */
export const WEBHOOK_HISTORY_DAYS = 90;

/**
 * Housekeeping: delivered and failed deliveries older than WEBHOOK_HISTORY_DAYS, with their
 * attempts, are removed. Pending ones are never touched (they are still to be sent).
 */
export function pruneWebhookHistory(now: Date, sqlite: SqlConnection = getSqlite()): number {
  const cutoff = now.getTime() - WEBHOOK_HISTORY_DAYS * 86_400_000;
  return inTransaction(() => {
    const old = "SELECT id FROM webhook_deliveries WHERE status IN ('delivered', 'failed') AND created_at < ?";
    prepareCached(sqlite, `DELETE FROM webhook_attempts WHERE delivery_id IN (${old})`).run(cutoff);
    return prepareCached(sqlite, `DELETE FROM webhook_deliveries WHERE id IN (${old})`).run(cutoff).changes;
  });
}
