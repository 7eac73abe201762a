// Copies a crawl kept out (their face is under a suppression entry) are reported to the portal,
// one report per request and crawl, so the resident and the regulator see that the block held.
// Only the number and the crawl's time leave the company: never where the copies were found.
import type { HandlerContext } from "./request-handlers";

/** Reports every blocked copy not reported yet; a failure leaves it for the next poll. */
export async function reportBlockedCopies(ctx: HandlerContext): Promise<number> {
  const pending = new Map<string, typeof ctx.store.state.blocked>();
  for (const copy of ctx.store.state.blocked) {
    if (copy.reportedAt) continue;
    const key = `${copy.requestRef}\n${copy.at}`;
    pending.set(key, [...(pending.get(key) ?? []), copy]);
  }
  let reported = 0;
  for (const copies of pending.values()) {
    const { requestRef, at } = copies[0]!;
    // The crawl's instant names it: the same crawl gives the same id on every retry.
    const crawlId = `crawl-${Date.parse(at)}`;
    const status = await ctx.portal.reportBlockedCollection(requestRef, {
      crawlId,
      copies: copies.length,
      crawledAt: at,
    });
    if (status !== 200 && status !== 201 && status !== 400 && status !== 404 && status !== 409) {
      // A key problem or the rate limit: worth another try at the next poll.
      ctx.log(`${requestRef}: blocked-copy report not accepted yet (HTTP ${status}); will retry`);
      continue;
    }
    const when = ctx.now().toISOString();
    for (const copy of copies) copy.reportedAt = when;
    ctx.store.save();
    if (status === 200 || status === 201) {
      reported += copies.length;
      ctx.log(`${requestRef}: reported ${copies.length} blocked cop${copies.length === 1 ? "y" : "ies"} (${crawlId})`);
    } else ctx.log(`${requestRef}: the portal refused the blocked-copy report (HTTP ${status}); not retried`);
  }
  return reported;
}
