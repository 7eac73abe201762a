/**
 * POST /api/v1/requests/{reference}/blocked-collections: the company's crawler met a face it had
 * deleted and kept it out. The report reaches the resident and the regulator as an event on the
 * request (vendor/blocked-collections.server.ts holds the rules).
 */
import { z } from "zod";
import { ServiceError } from "../core/errors.server";
import { blockedCollectionSchema } from "../vendor/blocked-collections.server";
import { forVendor, type VendorStaff } from "../vendor/vendor-access.server";
import { apiError } from "./api-answers.server";

export const apiBlockedCollectionSchema = blockedCollectionSchema.meta({
  description:
    "One crawl that found new copies of the deleted face and did not keep them. crawlId is the company's own id for the crawl: a second report with the same id changes nothing.",
});

export const apiBlockedCollectionResultSchema = z
  .object({
    reference: z.string(),
    crawlId: z.string(),
    copies: z.number().int(),
    crawledAt: z.string().describe("When the crawl met the copies (UTC)"),
    replayed: z.boolean().describe("True when this crawl id had been reported already; nothing was written"),
    totalCopies: z.number().int().describe("Copies blocked on this request over every reported crawl"),
  })
  .describe("The recorded report, or the one recorded before under the same crawlId");

export function reportBlockedCollectionForApi(
  principal: VendorStaff,
  reference: string,
  body: unknown,
  now: Date,
): Response {
  const parsed = blockedCollectionSchema.safeParse(body);
  if (!parsed.success) return apiError(400, "invalid_report", z.flattenError(parsed.error).fieldErrors);
  try {
    const result = forVendor(principal).reportBlockedCollection(reference, parsed.data, now);
    return Response.json(result, {
      status: result.replayed ? 200 : 201,
      headers: { "Cache-Control": "no-store" },
    });
  } catch (err) {
    if (err instanceof ServiceError)
      return apiError(err.status, err.code, Object.keys(err.fields).length ? err.fields : err.message);
    throw err;
  }
}
