/**
 * Response files through the real route modules: the vendor answer form (attach, refuse with
 * the typed values kept, remove, fulfil with the files referenced), staff and resident
 * downloads with their headers and audit rows, the API (upload, list, idempotent replay,
 * download, delete, machine-readable refusals) and vendor isolation both ways.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as vendorRequest from "../../app/routes/vendor.requests.$ref/route";
import * as vendorFile from "../../app/routes/vendor.requests.$ref_.files.$id";
import * as status from "../../app/routes/r.$token/route";
import * as residentFile from "../../app/routes/r.$token_.files.$id";
import * as apiFiles from "../../app/routes/api.v1.requests.$ref.files";
import * as apiFile from "../../app/routes/api.v1.requests.$ref.files.$id";
import { createApiKey } from "../../app/server/api/api-keys.server";
import { createUserSession } from "../../app/server/security/staff-sessions.server";
import { confirmEmail } from "../../app/server/resident/confirm-email.server";
import { fileRequest } from "../../app/server/resident/file-request.server";
import {
  cookieFrom,
  createTestPortal,
  getRequest,
  insertUser,
  insertVendor,
  verifyPathFor,
  type TestPortal,
  statusTokenFor,
} from "../helpers/test-portal";

let portal: TestPortal;
let filesDir: string;
let staffA = "";
let staffB = "";
let keyA = "";
let keyB = "";
let refA = "";
let refB = "";
let refDeletionA = "";
let residentA = "";
let residentB = "";

type AnyFn = (args: { request: Request; params: Record<string, string>; context: object }) => Promise<unknown>;
async function call(fn: unknown, request: Request, params: Record<string, string> = {}): Promise<unknown> {
  try {
    return await (fn as AnyFn)({ request, params, context: {} });
  } catch (thrown) {
    return thrown;
  }
}
function body(result: unknown): Record<string, unknown> {
  const r = result as { data?: unknown; init?: unknown };
  return (r && typeof r === "object" && "data" in r && "init" in r ? r.data : r) as Record<string, unknown>;
}
function statusOf(result: unknown): number {
  if (result instanceof Response) return result.status;
  return (result as { init?: { status?: number } | null })?.init?.status ?? 200;
}

/** A signed-in staff session that has passed the second factor (created directly, as the auth tests' helper would). */
async function staffSession(userId: number): Promise<string> {
  const cookie = cookieFrom(await createUserSession(userId, portal.now()));
  portal.handle.sqlite
    .prepare("UPDATE sessions SET second_factor_at = ? WHERE user_id = ?")
    .run(portal.now().getTime(), userId);
  return cookie;
}

/** The resident's cookie, as the browser gets it from the emailed link. */
async function residentCookie(token: string): Promise<string> {
  const res = (await call(status.loader, getRequest(`/r/${token}`), { token })) as Response;
  expect(res.status).toBe(302);
  return cookieFrom(res.headers.get("Set-Cookie"));
}

function fileAndConfirm(slug: string, email: string, type: "access" | "deletion", key: string) {
  const r = fileRequest(
    {
      vendor: [slug],
      jurisdiction: "CA-QC",
      type: [type],
      fullName: "Resident",
      email,
      idempotencyKey: key,
      fileTogether: true,
    },
    { locale: "en", now: portal.now() },
  );
  confirmEmail(verifyPathFor(portal.handle, email).slice("/verify/".length), { now: portal.now() });
  return { ...r.requests[0]!, statusToken: statusTokenFor(portal.handle, r.requests[0]!.reference) };
}

beforeEach(async () => {
  filesDir = fs.mkdtempSync(path.join(os.tmpdir(), "response-files-routes-"));
  portal = createTestPortal({ now: "2026-03-05T15:00:00Z", env: { FILES_DIR: filesDir } });
  const a = insertVendor(portal.handle, { slug: "vendor-a" });
  const b = insertVendor(portal.handle, { slug: "vendor-b" });
  const userA = await insertUser(portal.handle, {
    email: "agent@a.example",
    password: "correct horse battery",
    role: "vendor_admin",
    vendorId: a.id,
  });
  const userB = await insertUser(portal.handle, {
    email: "agent@b.example",
    password: "correct horse battery",
    role: "vendor_admin",
    vendorId: b.id,
  });
  staffA = await staffSession(userA);
  staffB = await staffSession(userB);
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
  keyA = createApiKey(admin(userA, a.id), "CRM", portal.now()).key;
  keyB = createApiKey(admin(userB, b.id), "CRM", portal.now()).key;
  const fa = fileAndConfirm("vendor-a", "ra@example.com", "access", "files-key-a-0123456789");
  const fb = fileAndConfirm("vendor-b", "rb@example.com", "access", "files-key-b-0123456789");
  const fd = fileAndConfirm("vendor-a", "rd@example.com", "deletion", "files-key-d-0123456789");
  refA = fa.reference;
  refB = fb.reference;
  refDeletionA = fd.reference;
  residentA = await residentCookie(fa.statusToken);
  residentB = await residentCookie(fb.statusToken);
});
afterEach(() => {
  portal.close();
  fs.rmSync(filesDir, { recursive: true, force: true });
});

const PDF = Buffer.from("%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");
const CSV = Buffer.from("customer,date\nBanque d'Épargne,2026-01-02\n");
const JSON_FILE = Buffer.from('{"templates":[{"id":"t-1"}]}');
const pngBytes = () =>
  sharp({ create: { width: 20, height: 10, channels: 3, background: "#336699" } })
    .png()
    .toBuffer();

function multipart(
  url: string,
  fields: Record<string, string>,
  files: { bytes: Buffer; type: string; name: string }[],
  cookie?: string,
): Request {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const f of files) form.append("file", new Blob([new Uint8Array(f.bytes)], { type: f.type }), f.name);
  return new Request(`http://localhost:3000${url}`, {
    method: "POST",
    body: form,
    headers: { Origin: "http://localhost:3000", ...(cookie ? { Cookie: cookie } : {}) },
  });
}
const rows = () =>
  portal.handle.sqlite
    .prepare(
      "SELECT id, request_id, kind, content_type, size, sha256, original_name, purged_at FROM attachments ORDER BY id",
    )
    .all();
const auditCount = (action: string) =>
  (portal.handle.sqlite.prepare("SELECT count(*) AS n FROM audit_events WHERE action = ?").get(action) as { n: number })
    .n;
const lastAudit = (action: string) =>
  portal.handle.sqlite
    .prepare(
      "SELECT actor_type, actor_id, object_type, object_id, details FROM audit_events WHERE action = ? ORDER BY seq DESC LIMIT 1",
    )
    .get(action) as {
    actor_type: string;
    object_id: string;
    details: string;
  };

describe("vendor answer form", () => {
  it("attaches files, refuses a bad one with the typed values kept, removes one, and the sent package references the rest", async () => {
    const url = `/vendor/requests/${refA}`;
    const typed = { images: "https://example.com/a.jpg | 2026-01-02", reason: "Here is what we hold." };
    const attached = await call(
      vendorRequest.action,
      multipart(
        url,
        { intent: "attach_files", ...typed },
        [
          { bytes: PDF, type: "application/pdf", name: "report.pdf" },
          { bytes: CSV, type: "text/csv", name: "searches.csv" },
        ],
        staffA,
      ),
      { ref: refA },
    );
    expect(statusOf(attached)).toBe(200);
    expect(body(attached)).toMatchObject({
      ok: true,
      attached: 2,
      values: { images: typed.images, reason: typed.reason },
    });

    const page = body(await call(vendorRequest.loader, getRequest(url, staffA), { ref: refA }));
    const files = page.files as { id: number; name: string; contentType: string; size: number; sha256: string }[];
    expect(files.map((f) => [f.name, f.contentType, f.size])).toEqual([
      ["report.pdf", "application/pdf", PDF.length],
      ["searches.csv", "text/csv", CSV.length],
    ]);
    expect(files[0]!.sha256).toHaveLength(12);
    expect(page.canAttach).toBe(true);

    // A PNG that claims to be a PDF: refused with a translated field error, typed values back.
    const refused = await call(
      vendorRequest.action,
      multipart(
        url,
        { intent: "attach_files", ...typed },
        [{ bytes: await pngBytes(), type: "application/pdf", name: "scan.pdf" }],
        staffA,
      ),
      { ref: refA },
    );
    expect(statusOf(refused)).toBe(422);
    expect(body(refused)).toMatchObject({
      ok: false,
      errors: { file: "responseFiles.errors.type_mismatch" },
      values: { images: typed.images, reason: typed.reason },
      fileName: "scan.pdf",
    });
    // No file chosen.
    const none = await call(vendorRequest.action, multipart(url, { intent: "attach_files", ...typed }, [], staffA), {
      ref: refA,
    });
    expect(statusOf(none)).toBe(400);
    expect(body(none)).toMatchObject({
      errors: { file: "responseFiles.errors.missing_file" },
      values: { images: typed.images },
    });
    // An oversized file is drained, not kept: 413 and the typed fields survive.
    const tooBig = await call(
      vendorRequest.action,
      multipart(
        url,
        { intent: "attach_files", ...typed },
        [{ bytes: Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024)]), type: "application/pdf", name: "big.pdf" }],
        staffA,
      ),
      { ref: refA },
    );
    expect(statusOf(tooBig)).toBe(413);
    expect(body(tooBig)).toMatchObject({
      errors: { file: "responseFiles.errors.file_too_large" },
      values: { images: typed.images },
    });
    expect(rows()).toHaveLength(2);

    // Remove the CSV (a button inside the same form: typed values kept).
    const csvId = files[1]!.id;
    const removed = await call(
      vendorRequest.action,
      multipart(url, { removeFile: String(csvId), ...typed }, [], staffA),
      { ref: refA },
    );
    expect(body(removed)).toMatchObject({ ok: true, removed: true, values: { images: typed.images } });
    expect(lastAudit("response_file.removed")).toMatchObject({
      actor_type: "staff",
      object_type: "attachment",
      object_id: String(csvId),
    });
    expect((rows()[1] as { purged_at: number | null }).purged_at).not.toBeNull();

    // Send the answer with one more file chosen at the same time: attached, then referenced.
    const sent = await call(
      vendorRequest.action,
      multipart(
        url,
        { intent: "fulfil", ...typed, templates: "", searches: "", disclosures: "" },
        [{ bytes: JSON_FILE, type: "application/json", name: "templates.json" }],
        staffA,
      ),
      { ref: refA },
    );
    expect(statusOf(sent)).toBe(302);
    const pkg = portal.handle.sqlite
      .prepare("SELECT payload FROM response_packages p JOIN requests r ON r.id = p.request_id WHERE r.reference = ?")
      .get(refA) as { payload: string };
    const payload = JSON.parse(pkg.payload) as {
      files: { id: number; name: string; contentType: string; sha256: string }[];
      images: unknown[];
    };
    expect(payload.images).toHaveLength(1);
    expect(payload.files.map((f) => [f.name, f.contentType])).toEqual([
      ["report.pdf", "application/pdf"],
      ["templates.json", "application/json"],
    ]);

    // Once sent, files can no longer change.
    const late = await call(
      vendorRequest.action,
      multipart(url, { intent: "attach_files" }, [{ bytes: CSV, type: "text/csv", name: "late.csv" }], staffA),
      { ref: refA },
    );
    expect(statusOf(late)).toBe(409);
    const lateRemove = await call(
      vendorRequest.action,
      multipart(url, { removeFile: String(payload.files[0]!.id) }, [], staffA),
      { ref: refA },
    );
    expect(statusOf(lateRemove)).toBe(409);
    expect(rows().filter((r) => (r as { purged_at: number | null }).purged_at === null)).toHaveLength(2);

    // Staff download: exact bytes, safe headers, audited.
    const dl = (await call(
      vendorFile.loader,
      getRequest(`/vendor/requests/${refA}/files/${payload.files[0]!.id}`, staffA),
      { ref: refA, id: String(payload.files[0]!.id) },
    )) as Response;
    expect(dl.status).toBe(200);
    expect(Buffer.from(await dl.arrayBuffer()).equals(PDF)).toBe(true);
    expect(dl.headers.get("Content-Type")).toBe("application/pdf");
    expect(dl.headers.get("Content-Disposition")).toBe(
      `attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`,
    );
    expect(lastAudit("response_file.downloaded")).toMatchObject({
      actor_type: "staff",
      object_id: String(payload.files[0]!.id),
    });

    // The resident sees and downloads exactly the sent files.
    const residentPage = body(await call(status.loader, getRequest(`/r/${refA}`, residentA), { token: refA }));
    expect((residentPage.responseFiles as { name: string }[]).map((f) => f.name)).toEqual([
      "report.pdf",
      "templates.json",
    ]);
    const jsonId = payload.files[1]!.id;
    const got = (await call(residentFile.loader, getRequest(`/r/${refA}/files/${jsonId}`, residentA), {
      token: refA,
      id: String(jsonId),
    })) as Response;
    expect(got.status).toBe(200);
    expect(await got.text()).toBe(JSON_FILE.toString());
    expect(Object.fromEntries(got.headers)).toMatchObject({
      "content-type": "application/json; charset=utf-8",
      "x-content-type-options": "nosniff",
      "cache-control": "no-store",
      "content-disposition": `attachment; filename="templates.json"; filename*=UTF-8''templates.json`,
    });
    expect(got.headers.get("Content-Security-Policy")).toMatch(/^sandbox/);
    const audit = lastAudit("response_file.downloaded");
    expect(audit).toMatchObject({ actor_type: "resident", object_id: String(jsonId) });
    expect(JSON.parse(audit.details)).toEqual({ attachmentId: jsonId, requestId: expect.any(Number) });
    // The removed CSV is not downloadable, nor is anything without the cookie or through another request.
    expect(
      statusOf(
        await call(residentFile.loader, getRequest(`/r/${refA}/files/${csvId}`, residentA), {
          token: refA,
          id: String(csvId),
        }),
      ),
    ).toBe(404);
    expect(
      statusOf(
        await call(residentFile.loader, getRequest(`/r/${refA}/files/${jsonId}`), { token: refA, id: String(jsonId) }),
      ),
    ).toBe(404);
    expect(
      statusOf(
        await call(residentFile.loader, getRequest(`/r/${refA}/files/${jsonId}`, residentB), {
          token: refA,
          id: String(jsonId),
        }),
      ),
    ).toBe(404);
    expect(
      statusOf(
        await call(residentFile.loader, getRequest(`/r/${refB}/files/${jsonId}`, residentB), {
          token: refB,
          id: String(jsonId),
        }),
      ),
    ).toBe(404);
  });

  it("the resident cannot download files of an answer not yet sent", async () => {
    await call(
      vendorRequest.action,
      multipart(
        `/vendor/requests/${refA}`,
        { intent: "attach_files" },
        [{ bytes: PDF, type: "application/pdf", name: "draft.pdf" }],
        staffA,
      ),
      { ref: refA },
    );
    const id = (rows()[0] as { id: number }).id;
    const page = body(await call(status.loader, getRequest(`/r/${refA}`, residentA), { token: refA }));
    expect(page.responseFiles).toEqual([]);
    expect(
      statusOf(
        await call(residentFile.loader, getRequest(`/r/${refA}/files/${id}`, residentA), {
          token: refA,
          id: String(id),
        }),
      ),
    ).toBe(404);
    expect(auditCount("response_file.downloaded")).toBe(0);
  });

  it("files only go with access requests", async () => {
    const res = await call(
      vendorRequest.action,
      multipart(
        `/vendor/requests/${refDeletionA}`,
        { intent: "attach_files" },
        [{ bytes: PDF, type: "application/pdf", name: "x.pdf" }],
        staffA,
      ),
      { ref: refDeletionA },
    );
    expect(statusOf(res)).toBe(409);
    expect(rows()).toEqual([]);
  });

  it("another vendor's staff cannot list, download, attach or remove (404, rows unchanged, audited)", async () => {
    await call(
      vendorRequest.action,
      multipart(
        `/vendor/requests/${refA}`,
        { intent: "attach_files" },
        [{ bytes: PDF, type: "application/pdf", name: "a.pdf" }],
        staffA,
      ),
      { ref: refA },
    );
    const id = (rows()[0] as { id: number }).id;
    const before = rows();
    const denied = auditCount("auth.denied");
    expect(
      statusOf(await call(vendorRequest.loader, getRequest(`/vendor/requests/${refA}`, staffB), { ref: refA })),
    ).toBe(404);
    expect(
      statusOf(
        await call(vendorFile.loader, getRequest(`/vendor/requests/${refA}/files/${id}`, staffB), {
          ref: refA,
          id: String(id),
        }),
      ),
    ).toBe(404);
    // Through B's own request with A's file id: still 404.
    expect(
      statusOf(
        await call(vendorFile.loader, getRequest(`/vendor/requests/${refB}/files/${id}`, staffB), {
          ref: refB,
          id: String(id),
        }),
      ),
    ).toBe(404);
    expect(
      statusOf(
        await call(
          vendorRequest.action,
          multipart(
            `/vendor/requests/${refA}`,
            { intent: "attach_files" },
            [{ bytes: CSV, type: "text/csv", name: "b.csv" }],
            staffB,
          ),
          { ref: refA },
        ),
      ),
    ).toBe(404);
    expect(
      statusOf(
        await call(
          vendorRequest.action,
          multipart(`/vendor/requests/${refA}`, { removeFile: String(id) }, [], staffB),
          { ref: refA },
        ),
      ),
    ).toBe(404);
    expect(
      statusOf(
        await call(
          vendorRequest.action,
          multipart(`/vendor/requests/${refB}`, { removeFile: String(id) }, [], staffB),
          { ref: refB },
        ),
      ),
    ).toBe(404);
    expect(rows()).toEqual(before);
    expect(auditCount("auth.denied")).toBe(denied + 6);
    expect(auditCount("response_file.downloaded")).toBe(0);
    // And the other way round: A's staff cannot reach B's request.
    expect(
      statusOf(
        await call(
          vendorRequest.action,
          multipart(
            `/vendor/requests/${refB}`,
            { intent: "attach_files" },
            [{ bytes: CSV, type: "text/csv", name: "a.csv" }],
            staffA,
          ),
          { ref: refB },
        ),
      ),
    ).toBe(404);
    expect(rows()).toEqual(before);
  });
});

describe("API /api/v1/requests/{reference}/files", () => {
  const raw = (
    ref: string,
    key: string,
    bytes: Buffer,
    type: string,
    opts: { filename?: string; headers?: Record<string, string> } = {},
  ) =>
    new Request(
      `http://localhost:3000/api/v1/requests/${ref}/files${opts.filename ? `?filename=${encodeURIComponent(opts.filename)}` : ""}`,
      {
        method: "POST",
        body: new Uint8Array(bytes),
        headers: { Authorization: `Bearer ${key}`, "Content-Type": type, ...opts.headers },
      },
    );
  const upload = async (req: Request, ref: string) => (await call(apiFiles.action, req, { ref })) as Response;
  const list = async (ref: string, key: string) =>
    (await call(
      apiFiles.loader,
      new Request(`http://localhost:3000/api/v1/requests/${ref}/files`, {
        headers: { Authorization: `Bearer ${key}` },
      }),
      { ref },
    )) as Response;
  const fileReq = (ref: string, id: number, key: string, method = "GET") =>
    new Request(`http://localhost:3000/api/v1/requests/${ref}/files/${id}`, {
      method,
      headers: { Authorization: `Bearer ${key}` },
    });

  it("uploads (raw and multipart), lists, replays with the Idempotency-Key, downloads and deletes", async () => {
    const first = await upload(
      raw(refA, keyA, PDF, "application/pdf", {
        filename: "Relevé.pdf",
        headers: { "Idempotency-Key": "upload-0001-abc" },
      }),
      refA,
    );
    expect(first.status).toBe(201);
    const meta = (await first.json()) as {
      id: number;
      name: string;
      contentType: string;
      size: number;
      sha256: string;
    };
    expect(meta).toMatchObject({ name: "Relevé.pdf", contentType: "application/pdf", size: PDF.length });
    const again = await upload(
      raw(refA, keyA, PDF, "application/pdf", {
        filename: "Relevé.pdf",
        headers: { "Idempotency-Key": "upload-0001-abc" },
      }),
      refA,
    );
    expect(again.status).toBe(201);
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await again.json()).toEqual(meta);
    expect(rows()).toHaveLength(1);
    // Same key, different bytes: refused, nothing stored.
    expect(
      (
        await upload(
          raw(refA, keyA, CSV, "text/csv", { filename: "x.csv", headers: { "Idempotency-Key": "upload-0001-abc" } }),
          refA,
        )
      ).status,
    ).toBe(422);
    // Without a key, the same file again is a 409 duplicate.
    const dup = await upload(raw(refA, keyA, PDF, "application/pdf", { filename: "copy.pdf" }), refA);
    expect(dup.status).toBe(409);
    expect(await dup.json()).toMatchObject({ error: "duplicate_file" });

    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(CSV)], { type: "text/csv" }), "searches.csv");
    const viaMultipart = await upload(
      new Request(`http://localhost:3000/api/v1/requests/${refA}/files`, {
        method: "POST",
        body: form,
        headers: { Authorization: `Bearer ${keyA}` },
      }),
      refA,
    );
    expect(viaMultipart.status).toBe(201);
    const csvMeta = (await viaMultipart.json()) as { id: number };

    const listed = await list(refA, keyA);
    expect(listed.status).toBe(200);
    expect(await listed.json()).toMatchObject({
      items: [
        { id: meta.id, name: "Relevé.pdf" },
        { id: csvMeta.id, name: "searches.csv", contentType: "text/csv" },
      ],
      totalBytes: PDF.length + CSV.length,
      limits: { maxFiles: 20 },
    });

    const dl = (await call(apiFile.loader, fileReq(refA, meta.id, keyA), {
      ref: refA,
      id: String(meta.id),
    })) as Response;
    expect(dl.status).toBe(200);
    expect(Buffer.from(await dl.arrayBuffer()).equals(PDF)).toBe(true);
    expect(dl.headers.get("Content-Disposition")).toBe(
      `attachment; filename="Relev_.pdf"; filename*=UTF-8''Relev%C3%A9.pdf`,
    );

    const del = (await call(apiFile.action, fileReq(refA, csvMeta.id, keyA, "DELETE"), {
      ref: refA,
      id: String(csvMeta.id),
    })) as Response;
    expect(del.status).toBe(204);
    expect(((await (await list(refA, keyA)).json()) as { items: unknown[] }).items).toHaveLength(1);
    expect(
      (
        (await call(apiFile.action, fileReq(refA, csvMeta.id, keyA, "DELETE"), {
          ref: refA,
          id: String(csvMeta.id),
        })) as Response
      ).status,
    ).toBe(404);
  });

  it("answers refusals as JSON 400/409/413/415/422, never 500", async () => {
    const cases: [Request, string, number, string][] = [
      [
        raw(refA, keyA, Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024)]), "application/pdf", {
          filename: "big.pdf",
        }),
        refA,
        413,
        "file_too_large",
      ],
      [
        raw(refA, keyA, Buffer.from("<html></html>"), "text/html", { filename: "x.html" }),
        refA,
        415,
        "unsupported_type",
      ],
      [raw(refA, keyA, await pngBytes(), "application/pdf", { filename: "x.pdf" }), refA, 422, "type_mismatch"],
      [raw(refA, keyA, Buffer.from('{"a":'), "application/json", { filename: "x.json" }), refA, 422, "invalid_json"],
      [
        raw(refA, keyA, Buffer.from([0x63, 0x61, 0x66, 0xe9]), "text/plain", { filename: "x.txt" }),
        refA,
        422,
        "not_utf8",
      ],
      [raw(refA, keyA, Buffer.alloc(0), "text/plain", { filename: "x.txt" }), refA, 422, "empty_file"],
      [
        raw(refA, keyA, PDF, "application/pdf", { filename: "x.pdf", headers: { "Idempotency-Key": "bad key!" } }),
        refA,
        400,
        "invalid_idempotency_key",
      ],
      [raw(refDeletionA, keyA, PDF, "application/pdf", { filename: "x.pdf" }), refDeletionA, 409, "files_not_allowed"],
      [raw(refA, "brp_" + "x".repeat(43), PDF, "application/pdf"), refA, 401, "unauthorized"],
    ];
    for (const [req, ref, code, error] of cases) {
      const res = await upload(req, ref);
      expect(res.status, error).toBe(code);
      expect(await res.json(), error).toMatchObject({ error, details: expect.anything() });
    }
    expect(rows()).toEqual([]);
  });

  it("another vendor's key cannot list, upload, download or delete (404, rows unchanged, audited) — both ways", async () => {
    const a = (await (await upload(raw(refA, keyA, PDF, "application/pdf", { filename: "a.pdf" }), refA)).json()) as {
      id: number;
    };
    const b = (await (await upload(raw(refB, keyB, CSV, "text/csv", { filename: "b.csv" }), refB)).json()) as {
      id: number;
    };
    const before = rows();
    const denied = auditCount("auth.denied");
    for (const [ref, key, id] of [
      [refA, keyB, a.id],
      [refB, keyA, b.id],
    ] as const) {
      expect((await list(ref, key)).status).toBe(404);
      expect((await upload(raw(ref, key, JSON_FILE, "application/json", { filename: "x.json" }), ref)).status).toBe(
        404,
      );
      expect(((await call(apiFile.loader, fileReq(ref, id, key), { ref, id: String(id) })) as Response).status).toBe(
        404,
      );
      expect(
        ((await call(apiFile.action, fileReq(ref, id, key, "DELETE"), { ref, id: String(id) })) as Response).status,
      ).toBe(404);
    }
    // Own reference, other vendor's file id.
    expect(
      ((await call(apiFile.loader, fileReq(refB, a.id, keyB), { ref: refB, id: String(a.id) })) as Response).status,
    ).toBe(404);
    expect(
      ((await call(apiFile.action, fileReq(refB, a.id, keyB, "DELETE"), { ref: refB, id: String(a.id) })) as Response)
        .status,
    ).toBe(404);
    expect(rows()).toEqual(before);
    expect(auditCount("auth.denied")).toBe(denied + 10);
    expect(auditCount("response_file.downloaded")).toBe(0);
  });
});
