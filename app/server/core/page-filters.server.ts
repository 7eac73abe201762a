/**
 * Query-string schemas of the staff and regulator pages. They live on the server so that zod
 * is not shipped to the browser with those pages.
 */
import { z } from "zod";
import { JURISDICTIONS, REQUEST_TYPES } from "~/domain/deadlines";
import { DELIVERED_OPEN_STATUSES } from "~/domain/request-machine";

export const QUEUE_STATUSES = DELIVERED_OPEN_STATUSES;
/** Rows per queue page: 25 by default (a screenful), 50 or 100 on request. */
export const QUEUE_PAGE_SIZES = ["25", "50", "100"] as const;

// Unknown filter values are dropped (never a 500); the reference search jumps to the request.
export const queueFilterSchema = z.object({
  status: z.enum(QUEUE_STATUSES).optional().catch(undefined),
  type: z
    .enum(REQUEST_TYPES as ["access"])
    .optional()
    .catch(undefined),
  jurisdiction: z
    .enum(JURISDICTIONS as ["GB"])
    .optional()
    .catch(undefined),
  assignee: z
    .string()
    .regex(/^(me|none|\d{1,9})$/)
    .optional()
    .catch(undefined),
  q: z.string().max(40).optional().catch(undefined),
  after: z.string().max(40).optional().catch(undefined),
  size: z.enum(QUEUE_PAGE_SIZES).optional().catch(undefined),
});

export const CASE_OUTCOMES = ["open", "fulfilled", "partially_fulfilled", "denied", "withdrawn"] as const;
export const caseFilterSchema = z.object({
  vendor: z.coerce.number().int().positive().optional().catch(undefined),
  type: z
    .enum(REQUEST_TYPES as ["access"])
    .optional()
    .catch(undefined),
  outcome: z.enum(CASE_OUTCOMES).optional().catch(undefined),
  overdue: z.literal("on").optional().catch(undefined),
  after: z.string().max(40).optional().catch(undefined),
});

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "errors.dateInvalid" })
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), { error: "errors.dateInvalid" });
export const periodSchema = z
  .object({ from: day, to: day, year: z.coerce.number().int().min(2020).max(2100).optional() })
  .refine((p) => p.from <= p.to, { error: "errors.periodOrder", path: ["to"] });
