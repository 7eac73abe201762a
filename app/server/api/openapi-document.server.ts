/**
 * The OpenAPI 3.1 document of /api/v1, generated from the zod schemas the endpoints answer with
 * (api-schemas, deadline-schemas, the law and transparency schemas, the webhook contract), so
 * it cannot drift from what is sent. Served at /api/v1/openapi.json.
 */
import { z } from "zod";
import { RESPONSE_FILE_CONTENT_TYPES } from "~/domain/packages";
import { staffActionSchema } from "~/domain/schemas";
import { BODY_LIMITS } from "../core/body-limits.server";
import { CSV_COLUMNS, publicBoardSchema } from "../transparency/board-open-data.server";
import { RESPONSE_FILE_LIMITS } from "../vendor/response-file-rules.server";
import { RESPONSE_FILE_FIELD } from "../vendor/response-file-uploads.server";
import { buildWebhookOpenApi } from "../webhooks/webhook-contract.server";
import {
  apiErrorSchema,
  apiRequestDetailSchema,
  apiRequestListSchema,
  apiResponseFileListSchema,
  apiResponseFileSchema,
} from "./api-schemas.server";
import { publicDeadlineErrorSchema, publicDeadlineSchema, publicJurisdictionsSchema } from "./deadline-schemas.server";
import { publicRulesSchema } from "./law-api.server";
import { apiBlockedCollectionResultSchema, apiBlockedCollectionSchema } from "./api-blocked-collections.server";

/** The OpenAPI 3.1 document, generated from the zod schemas (so it cannot drift). */
export function buildOpenApi(publicUrl: string) {
  const js = (s: z.ZodType) => z.toJSONSchema(s, { target: "draft-2020-12", unrepresentable: "any", io: "output" });
  const jsIn = (s: z.ZodType) => z.toJSONSchema(s, { target: "draft-2020-12", unrepresentable: "any", io: "input" });
  const err = {
    description: "Error",
    content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
  };
  // Every key-authenticated operation shares the per-key limit (600 calls a minute).
  const limited = {
    ...err,
    description: "Too many calls with this key; wait Retry-After seconds",
    headers: { "Retry-After": { description: "Seconds until the next window", schema: { type: "integer" } } },
  };
  const referenceParam = {
    name: "reference",
    in: "path",
    required: true,
    schema: { type: "string", pattern: "^BR-\\d{4}-\\d{6}$" },
  };
  const fileIdParam = { name: "id", in: "path", required: true, schema: { type: "integer", minimum: 1 } };
  const idempotencyParam = {
    name: "Idempotency-Key",
    in: "header",
    required: false,
    schema: { type: "string", pattern: "^[A-Za-z0-9_-]{8,100}$" },
  };
  return {
    openapi: "3.1.0",
    info: {
      title: "Biometric Rights Portal — vendor API",
      version: "1.0.0",
      description:
        "For vendors' own systems. Authenticate with `Authorization: Bearer brp_…` (keys are created by vendor admins at /vendor/api-keys).",
    },
    servers: [{ url: `${publicUrl}/api/v1` }],
    components: {
      securitySchemes: { apiKey: { type: "http", scheme: "bearer" } },
      schemas: {
        Error: js(apiErrorSchema),
        RequestList: js(apiRequestListSchema),
        RequestDetail: js(apiRequestDetailSchema),
        Action: jsIn(staffActionSchema),
        ResponseFile: js(apiResponseFileSchema),
        ResponseFileList: js(apiResponseFileListSchema),
        Deadline: js(publicDeadlineSchema),
        DeadlineQueryError: js(publicDeadlineErrorSchema),
        Jurisdictions: js(publicJurisdictionsSchema),
        Rules: js(publicRulesSchema),
        Transparency: js(publicBoardSchema),
        BlockedCollection: jsIn(apiBlockedCollectionSchema),
        BlockedCollectionResult: js(apiBlockedCollectionResultSchema),
      },
    },
    security: [{ apiKey: [] }],
    webhooks: buildWebhookOpenApi(js),
    paths: {
      "/requests": {
        get: {
          summary: "Open requests, nearest deadline first",
          parameters: ["status", "type", "jurisdiction", "after"].map((name) => ({
            name,
            in: "query",
            required: false,
            schema: { type: "string" },
          })),
          responses: {
            "200": {
              description: "A page",
              content: { "application/json": { schema: { $ref: "#/components/schemas/RequestList" } } },
            },
            "400": err,
            "401": err,
            "429": limited,
          },
        },
      },
      "/requests/{reference}": {
        get: {
          summary: "One request with its deadline, history, messages and answer",
          parameters: [
            {
              name: "reference",
              in: "path",
              required: true,
              schema: { type: "string", pattern: "^BR-\\d{4}-\\d{6}$" },
            },
          ],
          responses: {
            "200": {
              description: "The request",
              content: { "application/json": { schema: { $ref: "#/components/schemas/RequestDetail" } } },
            },
            "401": err,
            "429": limited,
            "404": err,
          },
        },
      },
      "/requests/{reference}/actions": {
        post: {
          summary: "Acknowledge, ask for information, extend, fulfil (with package/certificate), partly fulfil or deny",
          parameters: [
            { name: "reference", in: "path", required: true, schema: { type: "string" } },
            {
              name: "Idempotency-Key",
              in: "header",
              required: false,
              schema: { type: "string", pattern: "^[A-Za-z0-9_-]{8,100}$" },
            },
          ],
          requestBody: {
            required: true,
            content: { "application/json": { schema: { $ref: "#/components/schemas/Action" } } },
          },
          responses: {
            "200": {
              description: "The request after the action",
              content: { "application/json": { schema: { $ref: "#/components/schemas/RequestDetail" } } },
            },
            "400": err,
            "401": err,
            "429": limited,
            "404": err,
            "409": {
              ...err,
              description: "Not allowed in the current state, or by the law (e.g. extension_not_allowed)",
            },
            "413": {
              ...err,
              description: `body_too_large: the body is over ${BODY_LIMITS.json} bytes (counted as it arrives; the connection is then closed)`,
            },
            "422": err,
          },
        },
      },
      "/requests/{reference}/files": {
        get: {
          summary: "Files attached to an access request's answer (live ones: what the package will reference)",
          parameters: [referenceParam],
          responses: {
            "200": {
              description: "The files and the limits",
              content: { "application/json": { schema: { $ref: "#/components/schemas/ResponseFileList" } } },
            },
            "401": err,
            "429": limited,
            "404": err,
          },
        },
        post: {
          summary: "Attach one file to an open access request (before it is fulfilled)",
          description:
            `Send the file as the raw body with its Content-Type and a name (\`?filename=\` or an \`X-Filename\` header, percent-encoded UTF-8 allowed), or as one multipart/form-data part named \`file\`. ` +
            `Accepted: PDF, PNG, JPEG, CSV, JSON, plain text — judged by the bytes; a declared type or extension that disagrees is refused (422). ` +
            `At most ${RESPONSE_FILE_LIMITS.maxFileBytes} bytes per file (413), ${RESPONSE_FILE_LIMITS.maxFiles} files (422) and ${RESPONSE_FILE_LIMITS.maxTotalBytes} bytes (413) per request. ` +
            `Images are re-encoded without metadata, so the stored size and SHA-256 can differ from the upload's. The package sent on fulfil references every attached file.`,
          parameters: [
            referenceParam,
            { name: "filename", in: "query", required: false, schema: { type: "string", maxLength: 1000 } },
            { name: "X-Filename", in: "header", required: false, schema: { type: "string", maxLength: 1000 } },
            idempotencyParam,
          ],
          requestBody: {
            required: true,
            content: {
              ...Object.fromEntries(
                RESPONSE_FILE_CONTENT_TYPES.map((type) => [
                  type,
                  { schema: jsIn(z.string().meta({ contentMediaType: type })) },
                ]),
              ),
              "multipart/form-data": {
                schema: jsIn(
                  z.object({
                    [RESPONSE_FILE_FIELD]: z.string().meta({ contentMediaType: "application/octet-stream" }),
                  }),
                ),
                encoding: { [RESPONSE_FILE_FIELD]: { contentType: RESPONSE_FILE_CONTENT_TYPES.join(", ") } },
              },
            },
          },
          responses: {
            "201": {
              description: "The stored file",
              content: { "application/json": { schema: { $ref: "#/components/schemas/ResponseFile" } } },
            },
            "400": err,
            "401": err,
            "429": limited,
            "404": err,
            "409": {
              ...err,
              description: "Not an access request, already answered, or the same file is already attached",
            },
            "413": {
              ...err,
              description: `file_too_large, total_too_large, or body_too_large (the whole body over ${BODY_LIMITS.responseFiles} bytes, or more than ${BODY_LIMITS.parts} multipart parts)`,
            },
            "415": { ...err, description: "unsupported_type" },
            "422": {
              ...err,
              description:
                "type_mismatch, not_utf8, invalid_json, corrupt_image, too_many_pixels, too_many_files, empty_file, idempotency_key_reused",
            },
          },
        },
      },
      "/requests/{reference}/files/{id}": {
        get: {
          summary: "Download one attached file (audited)",
          parameters: [referenceParam, fileIdParam],
          responses: {
            "200": {
              description: "The file, as an attachment",
              content: Object.fromEntries(
                RESPONSE_FILE_CONTENT_TYPES.map((type) => [
                  type,
                  { schema: js(z.string().meta({ contentMediaType: type })) },
                ]),
              ),
            },
            "401": err,
            "429": limited,
            "404": err,
          },
        },
        delete: {
          summary: "Remove an attached file before the answer is sent",
          parameters: [referenceParam, fileIdParam],
          responses: {
            "204": { description: "Removed" },
            "401": err,
            "429": limited,
            "404": err,
            "409": { ...err, description: "The request was already answered" },
          },
        },
      },
      "/requests/{reference}/reference-photo": {
        get: {
          summary: "Download the resident's reference photo (needs the reference_photos:read scope; audited)",
          description:
            "The newest reference photo the resident gave, as a metadata-free JPEG, for the vendor's own face search. The key must have been created with the reference_photos:read scope (403 insufficient_scope otherwise). Every download is audited in the key's name. 404 when the request has none or is not this company's; 409 request_closed once the request is closed (the photo then only waits to be destroyed). Never cached (Cache-Control: no-store).",
          parameters: [referenceParam],
          responses: {
            "200": {
              description: "The photo, as an attachment",
              content: { "image/jpeg": { schema: js(z.string().meta({ contentMediaType: "image/jpeg" })) } },
            },
            "401": err,
            "403": { ...err, description: "The key lacks the reference_photos:read scope" },
            "429": limited,
            "404": err,
            "409": { ...err, description: "The request is closed" },
          },
        },
      },
      "/requests/{reference}/blocked-collections": {
        post: {
          summary: "Report a later crawl that found the deleted face again and kept it out",
          description:
            "For a deletion, opt-out or limit request the company fulfilled (fully or partly): one crawl whose suppression list kept new copies of the face out. The resident sees it on the status page, the regulator in the case and as a count per company. Send numbers and dates only, never where the copies were found. A report with a crawlId already reported on this request changes nothing (200, replayed: true).",
          parameters: [referenceParam],
          requestBody: {
            required: true,
            content: { "application/json": { schema: { $ref: "#/components/schemas/BlockedCollection" } } },
          },
          responses: {
            "201": {
              description: "Recorded",
              content: { "application/json": { schema: { $ref: "#/components/schemas/BlockedCollectionResult" } } },
            },
            "200": {
              description: "This crawl was reported before; nothing was written",
              content: { "application/json": { schema: { $ref: "#/components/schemas/BlockedCollectionResult" } } },
            },
            "400": {
              ...err,
              description: "Invalid report (invalid_report: a field, a future crawl, a crawl before the answer)",
            },
            "401": err,
            "429": limited,
            "404": err,
            "409": {
              ...err,
              description:
                "not_blockable: not a deletion, opt-out or limit request the company fulfilled; report_limit: 1,000 crawls already recorded on it",
            },
          },
        },
      },
      "/deadlines": {
        get: {
          summary: "Public: the statutory deadline for a jurisdiction, request type and receipt time",
          security: [],
          parameters: [
            { name: "jurisdiction", in: "query", required: true, schema: { type: "string" } },
            { name: "type", in: "query", required: true, schema: { type: "string" } },
            { name: "receivedAt", in: "query", required: true, schema: { type: "string" } },
            { name: "lang", in: "query", required: false, schema: { type: "string", enum: ["en", "fr", "fr-CA"] } },
          ],
          responses: {
            "200": {
              description: "The deadline",
              content: { "application/json": { schema: { $ref: "#/components/schemas/Deadline" } } },
            },
            "400": {
              description: "Bad parameters, with the valid values",
              content: { "application/json": { schema: { $ref: "#/components/schemas/DeadlineQueryError" } } },
            },
          },
        },
      },
      "/jurisdictions": {
        get: {
          summary: "Public: every rule version with its citations",
          security: [],
          responses: {
            "200": {
              description: "The rules",
              content: { "application/json": { schema: { $ref: "#/components/schemas/Jurisdictions" } } },
            },
          },
        },
      },
      "/rules": {
        get: {
          summary: "Public: the catalogue of the rules (as /law shows it), in one language — open data, CC BY 4.0",
          security: [],
          parameters: [
            { name: "jurisdiction", in: "query", required: false, schema: { type: "string" } },
            {
              name: "type",
              in: "query",
              required: false,
              schema: { type: "string", enum: ["access", "deletion", "correction", "opt_out", "limit"] },
            },
            { name: "lang", in: "query", required: false, schema: { type: "string", enum: ["en", "fr", "fr-CA"] } },
          ],
          responses: {
            "200": {
              description: "The rules in force today and their history",
              content: { "application/json": { schema: { $ref: "#/components/schemas/Rules" } } },
            },
            "400": err,
          },
        },
      },
      "/transparency": {
        get: {
          summary:
            "Public: the transparency board (as /transparency shows it) — open data, CC BY 4.0; counts of 1 to 9, and counts that would reveal them, are null",
          description: `The same document as ${publicUrl}/transparency.json. The same figures as ${publicUrl}/transparency.csv, whose columns are: ${CSV_COLUMNS.join(", ")} (withheld counts as "withheld", rates as fractions 0–1; request_type is "all" or one type, and ?type= keeps that type's rows). Each company's moderated public response is in the JSON only (response), as plain text.`,
          security: [],
          parameters: [
            {
              name: "type",
              in: "query",
              required: false,
              description:
                "A request type: every period's byType then holds only that type (the all-types figures stay). Every combination is anonymised together, so no filter reveals a withheld count.",
              schema: { type: "string", enum: ["access", "deletion", "correction", "opt_out", "limit"] },
            },
          ],
          responses: {
            "200": {
              description: "Every company, period and jurisdiction, in total and by request type",
              content: { "application/json": { schema: { $ref: "#/components/schemas/Transparency" } } },
            },
            "400": { description: "Unknown request type" },
          },
        },
      },
    },
  };
}
