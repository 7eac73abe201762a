/**
 * A company's report that one of its later crawls found new copies of a face it had deleted (or
 * stopped collecting) and kept them out, because its suppression list held. It is recorded as a
 * `collection_blocked` event on that request, so the resident sees it on the status page and the
 * regulator in the case and in the count per company. Only numbers and dates are stored: never
 * where the copies were found, never an image.
 *
 * A crawl reports once: the company's crawl id makes a repeated report (a retry after a lost
 * answer) change nothing.
 */
import crypto from "node:crypto";
import { z } from "zod";
import { inTransaction, prepareCached } from "../core/db.server";
import { ServiceError } from "../core/errors.server";
import { readAll } from "../core/rows.server";
import { recordChange } from "../requests/record-change.server";
import type { VendorTenant } from "./vendor-tenant.server";

/** Request types a suppression list serves: the face was deleted, or its collection or use refused or limited. */
const BLOCKABLE_TYPES = ["deletion", "opt_out", "limit"];
const ANSWERED = ["fulfilled", "partially_fulfilled"];
/** Enough for a crawl a day for years; a company cannot bury the request's history under reports. */
export const MAX_REPORTS_PER_REQUEST = 1000;
/** Clocks of two machines disagree a little; a crawl is not reported from further in the future. */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * The crawl id is the company's own text: only a digest is kept, enough to recognise a repeat,
 * so nothing the company chose to write ends up in the request's history.
 */
function hashCrawlId(requestId: number, crawlId: string): string {
  return crypto.createHash("sha256").update(`crawl:${requestId}:${crawlId}`).digest("hex").slice(0, 32);
}

export const blockedCollectionSchema = z.object({
  crawlId: z.string().regex(/^[A-Za-z0-9_-]{8,100}$/, "8 to 100 characters: letters, digits, - and _"),
  copies: z.number().int().min(1).max(100_000),
  crawledAt: z.iso.datetime({ offset: true }),
});
export type BlockedCollection = z.infer<typeof blockedCollectionSchema>;

export interface BlockedCollectionResult {
  reference: string;
  crawlId: string;
  copies: number;
  crawledAt: string;
  /** True when this crawl had been reported already: nothing was written. */
  replayed: boolean;
  /** Every copy blocked on this request so far, over all reported crawls. */
  totalCopies: number;
}

/** Records one blocked crawl on one of the tenant's answered deletion, opt-out or limit requests. */
export function recordBlockedCollection(
  tenant: VendorTenant,
  reference: string,
  report: BlockedCollection,
  now: Date,
): BlockedCollectionResult {
  const request = tenant.loadRequest(reference, now);
  if (!BLOCKABLE_TYPES.includes(request.type) || !ANSWERED.includes(request.status))
    throw new ServiceError(
      409,
      "not_blockable",
      "Blocked collections are reported on a deletion, opt-out or limit request the company has fulfilled",
    );
  const crawledAt = Date.parse(report.crawledAt);
  if (crawledAt > now.getTime() + CLOCK_SKEW_MS)
    throw new ServiceError(400, "invalid_report", "crawledAt is in the future", { crawledAt: "future" });
  if (request.closed_at != null && crawledAt < request.closed_at - CLOCK_SKEW_MS)
    throw new ServiceError(400, "invalid_report", "crawledAt is before the request was answered", {
      crawledAt: "before_answer",
    });
  return inTransaction(() => {
    const earlier = readAll<{ payload: string }>(
      prepareCached(
        tenant.sqlite,
        "SELECT payload FROM request_events WHERE request_id = ? AND type = 'collection_blocked' ORDER BY id",
      ),
      request.id,
    ).map((e) => JSON.parse(e.payload) as { crawl?: string; copies?: number; crawledAt?: string });
    const total = earlier.reduce((n, e) => n + (e.copies ?? 0), 0);
    const crawl = hashCrawlId(request.id, report.crawlId);
    const same = earlier.find((e) => e.crawl === crawl);
    if (!same && earlier.length >= MAX_REPORTS_PER_REQUEST)
      throw new ServiceError(409, "report_limit", `At most ${MAX_REPORTS_PER_REQUEST} crawls are recorded per request`);
    if (same)
      return {
        reference,
        crawlId: report.crawlId,
        copies: same.copies ?? 0,
        crawledAt: same.crawledAt ?? report.crawledAt,
        replayed: true,
        totalCopies: total,
      };
    const crawled = new Date(crawledAt).toISOString();
    recordChange({
      request,
      eventType: "collection_blocked",
      actorType: "staff",
      actorId: tenant.staff.id,
      at: now,
      audit: "request.collection_blocked",
      payload: { crawl, copies: report.copies, crawledAt: crawled },
    });
    return {
      reference,
      crawlId: report.crawlId,
      copies: report.copies,
      crawledAt: crawled,
      replayed: false,
      totalCopies: total + report.copies,
    };
  });
}
