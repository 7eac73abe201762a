/**
 * The webhook event contract: what a receiver gets, as zod schemas, and the OpenAPI 3.1
 * `webhooks` entries that publish it. Kept apart from the code that queues and sends events so
 * the modules that report a change (the request store, filing) and the API document can depend
 * on the contract without depending on delivery, and so no import cycle runs back to them.
 *
 * The payload is deliberately thin — reference, status, type, jurisdiction, due date — and never
 * carries the resident's name, email or photo: the receiver reads details through the API with
 * its key, so a leaked webhook secret or a logged request body exposes no one. The schemas are
 * strict, so a field outside the contract fails the check instead of leaving the portal.
 */
import { z } from "zod";
import { JURISDICTIONS, REQUEST_TYPES, type JurisdictionCode, type RequestType } from "~/domain/deadlines";
import { REQUEST_STATUSES } from "~/domain/request-machine";

const TYPES = REQUEST_TYPES as unknown as [RequestType, ...RequestType[]];
const CODES = JURISDICTIONS as unknown as [JurisdictionCode, ...JurisdictionCode[]];

export const webhookRequestDataSchema = z
  .object({
    reference: z.string().regex(/^BR-\d{4}-\d{6,}$/),
    status: z.enum(REQUEST_STATUSES),
    type: z.enum(TYPES),
    jurisdiction: z.enum(CODES),
    /** The date (YYYY-MM-DD, the jurisdiction's local date) by which the vendor must answer. */
    respondBy: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .nullable(),
    /** What happened: received, acknowledged, extended, fulfilled, resident_replied… */
    eventType: z.string().regex(/^[a-z0-9_.-]{1,60}$/),
  })
  .strict();
export type WebhookRequestData = z.infer<typeof webhookRequestDataSchema>;

const eventBase = { id: z.string().regex(/^evt_[A-Za-z0-9_-]{20,64}$/), createdAt: z.iso.datetime() };
// strict(): a field that is not in the contract (a resident's email, say) fails the change instead of leaving the portal.
export const webhookEventSchema = z.discriminatedUnion("type", [
  z.object({ ...eventBase, type: z.literal("request.created"), data: webhookRequestDataSchema }).strict(),
  z.object({ ...eventBase, type: z.literal("request.updated"), data: webhookRequestDataSchema }).strict(),
  z
    .object({ ...eventBase, type: z.literal("ping"), data: z.object({ eventType: z.literal("ping") }).strict() })
    .strict(),
]);
export type WebhookEvent = z.infer<typeof webhookEventSchema>;
export type WebhookEventType = WebhookEvent["type"];

/** The OpenAPI 3.1 `webhooks` entries (one per event type), with the signing headers. */
export function buildWebhookOpenApi(toJsonSchema: (s: z.ZodType) => unknown): Record<string, unknown> {
  const header = (name: string, description: string) => ({
    name,
    in: "header",
    required: true,
    description,
    schema: { type: "string" },
  });
  const parameters = [
    header(
      "Portal-Signature",
      "t=<unix seconds>,v1=<hex HMAC-SHA256 of `${t}.${raw body}` keyed with the webhook secret>. Reject if t is more than 5 minutes away from your clock.",
    ),
    header(
      "Portal-Event-Id",
      "Stable id of the event: deliveries are at-least-once, so ignore an id you have already processed.",
    ),
    header("Portal-Event-Type", "request.created, request.updated or ping"),
  ];
  const entry = (summary: string) => ({
    post: {
      summary,
      parameters,
      requestBody: { required: true, content: { "application/json": { schema: toJsonSchema(webhookEventSchema) } } },
      responses: {
        "2XX": {
          description:
            "Received. Anything else (or no answer within 10 s) is retried with backoff; 4xx other than 408/429 is not.",
        },
      },
    },
  });
  return {
    "request.created": entry("A request reached your company (its statutory clock started)"),
    "request.updated": entry("One of your company's requests changed (status, deadline, message, assignment…)"),
    ping: entry("A test event sent from the webhooks page"),
  };
}
