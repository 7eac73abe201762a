/**
 * The vendor API's response shapes and list query, as zod schemas: the OpenAPI document is
 * generated from them (with the input schemas), and the contract tests check real answers
 * against them, so the document cannot drift from what the endpoints send.
 */
import { z } from "zod";
import { REQUEST_TYPES, JURISDICTIONS, type JurisdictionCode, type RequestType } from "~/domain/deadlines";
import { RESPONSE_FILE_CONTENT_TYPES } from "~/domain/packages";
import { DELIVERED_OPEN_STATUSES } from "~/domain/request-machine";

const TYPES = REQUEST_TYPES as unknown as [RequestType, ...RequestType[]];
const CODES = JURISDICTIONS as unknown as [JurisdictionCode, ...JurisdictionCode[]];

export const apiRequestSummarySchema = z.object({
  reference: z.string(),
  type: z.enum(TYPES),
  jurisdiction: z.enum(CODES),
  status: z.string(),
  receivedAt: z.string().nullable(),
  respondBy: z.string().nullable(),
  statutory: z.boolean(),
  assigneeUserId: z.number().nullable(),
});
export const apiRequestListSchema = z.object({
  items: z.array(apiRequestSummarySchema),
  next: z.string().nullable(),
  open: z.number(),
});
export const apiRequestDetailSchema = apiRequestSummarySchema.extend({
  resident: z.object({ fullName: z.string(), email: z.string() }),
  deadline: z
    .object({
      ruleId: z.string(),
      ruleVersion: z.number(),
      citation: z.string(),
      originalRespondBy: z.string(),
      respondBy: z.string(),
      extendedTo: z.string().nullable(),
      acknowledgeBy: z.string().nullable(),
      state: z.string(),
      extension: z
        .object({ maxRespondBy: z.string(), noticeBy: z.string() })
        .nullable()
        .describe("What the law allows: the latest extended date and the day the notice of extension is due."),
      latestDefensible: z
        .object({
          respondBy: z.string(),
          noticeBy: z.string().nullable(),
          maxRespondBy: z.string().nullable(),
          acknowledgeBy: z.string().nullable(),
          complaintDeadline: z.string().nullable(),
        })
        .nullable()
        .describe(
          "Where the law is unsettled: every date under the later defensible reading (the earlier date stays the deadline).",
        ),
    })
    .nullable(),
  events: z.array(z.object({ type: z.string(), at: z.string() })),
  messages: z.array(z.object({ author: z.enum(["resident", "staff"]), body: z.string(), at: z.string() })),
  responsePackage: z.object({ kind: z.string(), payload: z.unknown() }).nullable(),
});
export const apiErrorSchema = z.object({ error: z.string(), details: z.unknown() });
export const apiResponseFileSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  contentType: z.enum(RESPONSE_FILE_CONTENT_TYPES),
  size: z.number().int(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: z.string(),
});
export const apiResponseFileListSchema = z.object({
  items: z.array(apiResponseFileSchema),
  totalBytes: z.number().int(),
  limits: z.object({ maxFileBytes: z.number().int(), maxFiles: z.number().int(), maxTotalBytes: z.number().int() }),
});
export const apiListQuerySchema = z.object({
  status: z.enum(DELIVERED_OPEN_STATUSES).optional(),
  type: z.enum(TYPES).optional(),
  jurisdiction: z.enum(CODES).optional(),
  after: z.string().max(40).optional(),
});
