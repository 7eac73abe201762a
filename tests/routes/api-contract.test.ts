/**
 * The API contract, checked with a JSON Schema validator that is not zod: the OpenAPI 3.1
 * document is taken from the served route (/api/v1/openapi.json), and REAL responses of every
 * API route are validated with ajv (JSON Schema 2020-12, as OpenAPI 3.1 uses) against the
 * schema the document gives for that path, method, status and media type ($refs resolved into
 * components). A status the document does not list, a media type it does not list, or a field
 * its (strict) schemas do not list fails the test; so does an operation no test exercised.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as list from "../../app/routes/api.v1.requests";
import * as detail from "../../app/routes/api.v1.requests.$ref";
import * as actions from "../../app/routes/api.v1.requests.$ref.actions";
import * as files from "../../app/routes/api.v1.requests.$ref.files";
import * as file from "../../app/routes/api.v1.requests.$ref.files.$id";
import * as referencePhoto from "../../app/routes/api.v1.requests.$ref.reference-photo";
import * as blockedCollections from "../../app/routes/api.v1.requests.$ref.blocked-collections";
import * as deadlines from "../../app/routes/api.v1.deadlines";
import * as jurisdictions from "../../app/routes/api.v1.jurisdictions";
import * as rules from "../../app/routes/api.v1.rules";
import * as transparency from "../../app/routes/api.v1.transparency";
import * as openapi from "../../app/routes/api.v1.openapi[.json]";
import { createApiKey } from "../../app/server/api/api-keys.server";
import { inTransaction } from "../../app/server/core/db.server";
import { confirmEmail } from "../../app/server/resident/confirm-email.server";
import {
  recordPhotoAttachment,
  sanitizePhoto,
  storeEncrypted,
} from "../../app/server/resident/reference-photos.server";
import { fileRequest } from "../../app/server/resident/file-request.server";
import sharp from "sharp";
import { createTestPortal, insertUser, insertVendor, verifyPathFor, type TestPortal } from "../helpers/test-portal";

interface MediaType {
  schema?: Record<string, unknown>;
}
interface Operation {
  responses: Record<string, { description: string; content?: Record<string, MediaType> }>;
}
interface OpenApiDoc {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
}

let portal: TestPortal;
let filesDir: string;
let doc: OpenApiDoc;
let ajv: Ajv2020;
let keyA = "";
let keyB = "";
let photoKeyA = "";
let refA = "";
let refB = "";
let refDeletionA = "";
const exercised = new Set<string>();

/** JSON pointer escaping (RFC 6901) for a path segment. */
const ptr = (s: string) => s.replace(/~/g, "~0").replace(/\//g, "~1");

/** Drops the per-schema "$schema" that z.toJSONSchema writes: only the document root may carry one for ajv. */
function withoutNestedSchemaKeyword(value: unknown, root = true): unknown {
  if (Array.isArray(value)) return value.map((v) => withoutNestedSchemaKeyword(v, false));
  if (!value || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([k]) => root || k !== "$schema")
      .map(([k, v]) => [k, withoutNestedSchemaKeyword(v, false)]),
  );
}

beforeEach(async () => {
  filesDir = fs.mkdtempSync(path.join(os.tmpdir(), "api-contract-"));
  portal = createTestPortal({ now: "2026-03-05T15:00:00Z", env: { FILES_DIR: filesDir } });
  // The document exactly as served.
  doc = (await ((await (openapi.loader as () => Promise<Response>)()) as Response).json()) as OpenApiDoc;
  ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(withoutNestedSchemaKeyword(doc) as object, "openapi.json");

  const a = insertVendor(portal.handle, { slug: "vendor-a" });
  const b = insertVendor(portal.handle, { slug: "vendor-b" });
  const adminA = await insertUser(portal.handle, {
    email: "admin@a.example",
    password: "x-x-x-x-x",
    role: "vendor_admin",
    vendorId: a.id,
  });
  const adminB = await insertUser(portal.handle, {
    email: "admin@b.example",
    password: "x-x-x-x-x",
    role: "vendor_admin",
    vendorId: b.id,
  });
  const admin = (id: number, vendorId: number) => ({
    id,
    email: "x",
    name: "x",
    role: "vendor_admin" as const,
    vendorId,
    organisation: null,
    jurisdictions: [],
    locale: "en",
  });
  keyA = createApiKey(admin(adminA, a.id), "CRM", portal.now()).key;
  keyB = createApiKey(admin(adminB, b.id), "CRM", portal.now()).key;
  photoKeyA = createApiKey(admin(adminA, a.id), "Face search", portal.now(), ["reference_photos:read"]).key;
  const file = (slug: string, email: string, type: "access" | "deletion", key: string) => {
    const r = fileRequest(
      {
        vendor: [slug],
        jurisdiction: "CA-QC",
        type: [type],
        fullName: "R",
        email,
        idempotencyKey: key,
        fileTogether: true,
      },
      { locale: "en", now: portal.now() },
    );
    confirmEmail(verifyPathFor(portal.handle, email).slice("/verify/".length), { now: portal.now() });
    return r.requests[0]!.reference;
  };
  refA = file("vendor-a", "ra@example.com", "access", "contract-a-0123456789");
  refB = file("vendor-b", "rb@example.com", "access", "contract-b-0123456789");
  refDeletionA = file("vendor-a", "rd@example.com", "deletion", "contract-d-0123456789");
});
afterEach(() => {
  portal.close();
  fs.rmSync(filesDir, { recursive: true, force: true });
});

/**
 * Validates one real response against the document: the status must be documented for the
 * operation, the media type too, and a JSON body must match the schema (no extra fields).
 */
async function expectConforms(pathTemplate: string, method: string, res: Response): Promise<unknown> {
  exercised.add(`${method.toUpperCase()} ${pathTemplate}`);
  const op = doc.paths[pathTemplate]?.[method];
  expect(op, `${method.toUpperCase()} ${pathTemplate} is not in the document`).toBeDefined();
  const documented = op!.responses[String(res.status)];
  expect(
    documented,
    `${method.toUpperCase()} ${pathTemplate} answered ${res.status}, which the document does not list`,
  ).toBeDefined();
  const text = Buffer.from(await res.arrayBuffer());
  if (!documented!.content) {
    expect(text.length, `${res.status} should have no body`).toBe(0);
    return null;
  }
  const mediaType = (res.headers.get("Content-Type") ?? "").split(";")[0]!.trim();
  const media = documented!.content[mediaType];
  expect(
    media,
    `${method.toUpperCase()} ${pathTemplate} ${res.status} answered ${mediaType}, not documented (${Object.keys(documented!.content).join(", ")})`,
  ).toBeDefined();
  const pointer = `openapi.json#/paths/${ptr(pathTemplate)}/${method}/responses/${res.status}/content/${ptr(mediaType)}/schema`;
  if (mediaType !== "application/json") {
    // Binary: the schema names the media type it carries.
    expect((media!.schema as { contentMediaType?: string }).contentMediaType).toBe(mediaType);
    expect(text.length).toBeGreaterThan(0);
    return text;
  }
  const value = JSON.parse(text.toString("utf8")) as unknown;
  const validate = ajv.getSchema(pointer) ?? ajv.compile({ $ref: pointer });
  const ok = validate(value);
  expect(
    ok,
    `${method.toUpperCase()} ${pathTemplate} ${res.status}: ${ajv.errorsText(validate.errors?.slice(0, 5))}\n${JSON.stringify(value).slice(0, 500)}`,
  ).toBe(true);
  return value;
}

type Handler = (a: object) => Promise<Response>;
const url = (p: string) => `http://localhost:3000/api/v1${p}`;
const withKey = (key: string | null, headers: Record<string, string> = {}) => ({
  ...(key ? { Authorization: `Bearer ${key}` } : {}),
  ...headers,
});
async function run(
  mod: { loader?: unknown; action?: unknown },
  kind: "loader" | "action",
  request: Request,
  params: Record<string, string> = {},
): Promise<Response> {
  try {
    return await (mod[kind] as Handler)({ request, params, context: {} });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}
const get = (mod: { loader?: unknown }, p: string, key: string | null, params: Record<string, string> = {}) =>
  run(mod, "loader", new Request(url(p), { headers: withKey(key) }), params);
const postJson = (ref: string, key: string | null, body: unknown, headers: Record<string, string> = {}) =>
  run(
    actions,
    "action",
    new Request(url(`/requests/${ref}/actions`), {
      method: "POST",
      body: JSON.stringify(body),
      headers: withKey(key, { "Content-Type": "application/json", ...headers }),
    }),
    { ref },
  );
const postFile = (
  ref: string,
  key: string | null,
  bytes: Buffer,
  type: string,
  name: string,
  headers: Record<string, string> = {},
) =>
  run(
    files,
    "action",
    new Request(url(`/requests/${ref}/files?filename=${encodeURIComponent(name)}`), {
      method: "POST",
      body: new Uint8Array(bytes),
      headers: withKey(key, { "Content-Type": type, ...headers }),
    }),
    { ref },
  );

const PDF = Buffer.from("%PDF-1.7\n%%EOF\n");

describe("API contract (ajv against the served OpenAPI 3.1 document)", () => {
  it("the validator itself rejects a field, a type or a status the document does not have", async () => {
    const res = await get(detail, `/requests/${refA}`, keyA, { ref: refA });
    const real = (await res.json()) as Record<string, unknown>;
    const validate = ajv.compile({
      $ref: `openapi.json#/paths/${ptr("/requests/{reference}")}/get/responses/200/content/application~1json/schema`,
    });
    expect(validate(real)).toBe(true);
    expect(validate({ ...real, internalNote: "x" })).toBe(false); // extra field
    expect(validate({ ...real, statutory: "yes" })).toBe(false); // wrong type
    const { deadline: _omitted, ...missing } = real;
    expect(validate(missing)).toBe(false); // missing field
    expect(doc.paths["/requests/{reference}"]!.get!.responses["500"]).toBeUndefined();
    const fake = new Response(JSON.stringify({ error: "x", details: null }), {
      status: 418,
      headers: { "Content-Type": "application/json" },
    });
    await expect(expectConforms("/requests/{reference}", "get", fake)).rejects.toThrow(/418/);
  });

  it("every route's real responses match the document", async () => {
    // /requests
    await expectConforms("/requests", "get", await get(list, "/requests", keyA));
    await expectConforms("/requests", "get", await get(list, "/requests?status=nonsense", keyA));
    await expectConforms("/requests", "get", await get(list, "/requests", null));
    // /requests/{reference}
    await expectConforms("/requests/{reference}", "get", await get(detail, `/requests/${refA}`, keyA, { ref: refA }));
    await expectConforms("/requests/{reference}", "get", await get(detail, `/requests/${refB}`, keyA, { ref: refB }));
    await expectConforms(
      "/requests/{reference}",
      "get",
      await get(detail, `/requests/${refA}`, "brp_" + "x".repeat(43), { ref: refA }),
    );
    // /requests/{reference}/actions: ok, 400, 401, 404, 409, 422
    await expectConforms(
      "/requests/{reference}/actions",
      "post",
      await postJson(refA, keyA, { intent: "acknowledge" }, { "Idempotency-Key": "contract-ack-1" }),
    );
    await expectConforms(
      "/requests/{reference}/actions",
      "post",
      await postJson(refA, keyA, { intent: "deny", reason: "x" }),
    );
    await expectConforms(
      "/requests/{reference}/actions",
      "post",
      await postJson(refA, null, { intent: "acknowledge" }),
    );
    await expectConforms(
      "/requests/{reference}/actions",
      "post",
      await postJson(refB, keyA, { intent: "acknowledge" }),
    );
    await expectConforms(
      "/requests/{reference}/actions",
      "post",
      await postJson(refA, keyA, { intent: "extend", reason: "Complex case." }),
    );
    await expectConforms(
      "/requests/{reference}/actions",
      "post",
      await postJson(refA, keyA, { intent: "acknowledge" }, { "Idempotency-Key": "bad!" }),
    );
    await expectConforms(
      "/requests/{reference}/actions",
      "post",
      await postJson(refA, keyA, { intent: "fulfil", reason: "Other body." }, { "Idempotency-Key": "contract-ack-1" }),
    );
    expect(
      (await postJson(refA, keyA, { intent: "acknowledge" }, { "Idempotency-Key": "contract-ack-1" })).headers.get(
        "Idempotent-Replayed",
      ),
    ).toBe("true");

    // /requests/{reference}/files: 201, 400, 401, 404, 409, 413, 415, 422; list; download; delete
    const stored = (await expectConforms(
      "/requests/{reference}/files",
      "post",
      await postFile(refA, keyA, PDF, "application/pdf", "report.pdf", { "Idempotency-Key": "contract-file-1" }),
    )) as { id: number };
    const replay = await postFile(refA, keyA, PDF, "application/pdf", "report.pdf", {
      "Idempotency-Key": "contract-file-1",
    });
    expect(replay.headers.get("Idempotent-Replayed")).toBe("true");
    await expectConforms("/requests/{reference}/files", "post", replay);
    const second = (await expectConforms(
      "/requests/{reference}/files",
      "post",
      await postFile(refA, keyA, Buffer.from("a,b\n1,2\n"), "text/csv", "log.csv"),
    )) as { id: number };
    const emptyForm = new FormData();
    emptyForm.append("note", "no file");
    await expectConforms(
      "/requests/{reference}/files",
      "post",
      await run(
        files,
        "action",
        new Request(url(`/requests/${refA}/files`), { method: "POST", body: emptyForm, headers: withKey(keyA) }),
        { ref: refA },
      ),
    );
    await expectConforms(
      "/requests/{reference}/files",
      "post",
      await postFile(refA, null, PDF, "application/pdf", "x.pdf"),
    );
    await expectConforms(
      "/requests/{reference}/files",
      "post",
      await postFile(refB, keyA, PDF, "application/pdf", "x.pdf"),
    );
    await expectConforms(
      "/requests/{reference}/files",
      "post",
      await postFile(refDeletionA, keyA, PDF, "application/pdf", "x.pdf"),
    );
    await expectConforms(
      "/requests/{reference}/files",
      "post",
      await postFile(refA, keyA, Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024)]), "application/pdf", "big.pdf"),
    );
    await expectConforms(
      "/requests/{reference}/files",
      "post",
      await postFile(refA, keyA, Buffer.from("<svg></svg>"), "image/svg+xml", "x.svg"),
    );
    await expectConforms(
      "/requests/{reference}/files",
      "post",
      await postFile(refA, keyA, Buffer.from("not a pdf"), "application/pdf", "x.pdf"),
    );
    await expectConforms(
      "/requests/{reference}/files",
      "get",
      await get(files, `/requests/${refA}/files`, keyA, { ref: refA }),
    );
    await expectConforms(
      "/requests/{reference}/files",
      "get",
      await get(files, `/requests/${refA}/files`, keyB, { ref: refA }),
    );
    await expectConforms(
      "/requests/{reference}/files",
      "get",
      await get(files, `/requests/${refA}/files`, null, { ref: refA }),
    );
    const fileParams = (id: number) => ({ ref: refA, id: String(id) });
    await expectConforms(
      "/requests/{reference}/files/{id}",
      "get",
      await get(file, `/requests/${refA}/files/${stored.id}`, keyA, fileParams(stored.id)),
    );
    await expectConforms(
      "/requests/{reference}/files/{id}",
      "get",
      await get(file, `/requests/${refA}/files/${stored.id}`, keyB, fileParams(stored.id)),
    );
    await expectConforms(
      "/requests/{reference}/files/{id}",
      "get",
      await get(file, `/requests/${refA}/files/${stored.id}`, null, fileParams(stored.id)),
    );
    const del = (key: string | null, id: number) =>
      run(
        file,
        "action",
        new Request(url(`/requests/${refA}/files/${id}`), { method: "DELETE", headers: withKey(key) }),
        fileParams(id),
      );
    await expectConforms("/requests/{reference}/files/{id}", "delete", await del(keyA, second.id));
    await expectConforms("/requests/{reference}/files/{id}", "delete", await del(keyA, second.id));
    await expectConforms("/requests/{reference}/files/{id}", "delete", await del(null, second.id));
    // /requests/{reference}/reference-photo: 200 (JPEG), 401, 403 without the scope, 404 another vendor's; 409 below.
    const clean = await sanitizePhoto(
      await sharp({ create: { width: 64, height: 48, channels: 3, background: "#a0806a" } })
        .jpeg()
        .toBuffer(),
    );
    const requestIdA = (
      portal.handle.sqlite.prepare("SELECT id FROM requests WHERE reference = ?").get(refA) as { id: number }
    ).id;
    const storageName = storeEncrypted(clean.jpeg);
    inTransaction(() =>
      recordPhotoAttachment({
        requestId: requestIdA,
        storageName,
        size: clean.jpeg.length,
        sha256: clean.sha256,
        at: portal.now(),
      }),
    );
    const photoOf = (ref: string, key: string | null) =>
      get(referencePhoto, `/requests/${ref}/reference-photo`, key, { ref });
    await expectConforms("/requests/{reference}/reference-photo", "get", await photoOf(refA, photoKeyA));
    await expectConforms("/requests/{reference}/reference-photo", "get", await photoOf(refA, keyA));
    await expectConforms("/requests/{reference}/reference-photo", "get", await photoOf(refB, photoKeyA));
    await expectConforms("/requests/{reference}/reference-photo", "get", await photoOf(refA, null));
    // The answer, with its package referencing the file, through the detail schema; then files are frozen (409).
    const fulfilled = (await expectConforms(
      "/requests/{reference}/actions",
      "post",
      await postJson(refA, keyA, {
        intent: "fulfil",
        reason: "Here it is.",
        images: "https://example.com/a.jpg | 2026-01-02",
      }),
    )) as { responsePackage: { payload: { files: { id: number }[] } } };
    expect(fulfilled.responsePackage.payload.files.map((f) => f.id)).toEqual([stored.id]);
    await expectConforms("/requests/{reference}/files/{id}", "delete", await del(keyA, stored.id));
    await expectConforms("/requests/{reference}", "get", await get(detail, `/requests/${refA}`, keyA, { ref: refA }));
    const closed = await photoOf(refA, photoKeyA);
    expect(closed.status).toBe(409);
    await expectConforms("/requests/{reference}/reference-photo", "get", closed);

    // /requests/{reference}/blocked-collections: 201, 200 replayed, 400, 401, 404 another vendor's, 409 not answered.
    const report = (ref: string, key: string | null, body: unknown) =>
      run(
        blockedCollections,
        "action",
        new Request(url(`/requests/${ref}/blocked-collections`), {
          method: "POST",
          body: JSON.stringify(body),
          headers: withKey(key, { "Content-Type": "application/json" }),
        }),
        { ref },
      );
    const crawl = { crawlId: "crawl-contract-1", copies: 2, crawledAt: portal.now().toISOString() };
    const notYet = await report(refDeletionA, keyA, crawl);
    expect(notYet.status).toBe(409);
    await expectConforms("/requests/{reference}/blocked-collections", "post", notYet);
    expect(
      (
        await postJson(refDeletionA, keyA, {
          intent: "fulfil",
          reason: "Deleted",
          imagesDeleted: 2,
          templatesDeleted: 2,
          customersNotified: 0,
          suppressionActive: "true",
        })
      ).status,
    ).toBe(200);
    const recorded = await report(refDeletionA, keyA, crawl);
    expect(recorded.status).toBe(201);
    await expectConforms("/requests/{reference}/blocked-collections", "post", recorded);
    const replayed = await report(refDeletionA, keyA, crawl);
    expect(replayed.status).toBe(200);
    await expectConforms("/requests/{reference}/blocked-collections", "post", replayed);
    await expectConforms(
      "/requests/{reference}/blocked-collections",
      "post",
      await report(refDeletionA, keyA, { ...crawl, copies: 0 }),
    );
    await expectConforms("/requests/{reference}/blocked-collections", "post", await report(refDeletionA, null, crawl));
    await expectConforms("/requests/{reference}/blocked-collections", "post", await report(refDeletionA, keyB, crawl));

    // Public deadline API: statutory, non-statutory (BIPA), French, and bad parameters.
    for (const q of [
      "jurisdiction=FR&type=access&receivedAt=2026-03-05",
      "jurisdiction=US-IL&type=deletion&receivedAt=2026-03-05",
      "jurisdiction=CA-QC&type=access&receivedAt=2026-03-05&lang=fr",
      "jurisdiction=US-CA&type=access&receivedAt=2026-03-05T23:30:00-08:00",
    ]) {
      const res = await get(deadlines, `/deadlines?${q}`, null);
      expect(res.status, q).toBe(200);
      await expectConforms("/deadlines", "get", res);
    }
    await expectConforms(
      "/deadlines",
      "get",
      await get(deadlines, "/deadlines?jurisdiction=XX&type=access&receivedAt=2026-03-05", null),
    );
    await expectConforms("/deadlines", "get", await get(deadlines, "/deadlines", null));
    await expectConforms("/jurisdictions", "get", await get(jurisdictions, "/jurisdictions", null));
    // The catalogue of the rules, whole and filtered, in French, and a bad filter.
    for (const q of ["", "?jurisdiction=GB&lang=fr", "?type=deletion"])
      await expectConforms("/rules", "get", await get(rules, `/rules${q}`, null));
    await expectConforms("/rules", "get", await get(rules, "/rules?jurisdiction=XX", null));
    // The public transparency board (also served as /transparency.json).
    await expectConforms("/transparency", "get", await get(transparency, "/transparency", null));
  });

  it("every documented operation was exercised above", () => {
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`),
    );
    expect(documented.filter((op) => !exercised.has(op))).toEqual([]);
  });
});
