/**
 * The headers of what the portal serves that is not a page, through the real routes: the
 * reference photo is an image that cannot be run, sniffed, framed or cached (ASVS 3.2.1,
 * 3.4.4, 3.4.6, 14.3.2); JSON and CSV downloads name their type and charset and are
 * attachments (3.2.1, 4.1.1). The answer files' headers are checked in
 * tests/routes/response-files.test.ts.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as caseFileJson from "../../app/routes/r.$token_.case-file[.json]";
import * as reauth from "../../app/routes/reauth";
import * as newRequest from "../../app/routes/requests.new/route";
import * as vendorCsv from "../../app/routes/vendor.export[.csv]";
import * as photoRoute from "../../app/routes/vendor.requests.$ref_.photo.$id";
import * as verify from "../../app/routes/verify.$token";
import {
  createTestPortal,
  formRequest,
  freshTotpCode,
  getRequest,
  insertUser,
  insertVendor,
  loginAs,
  verifyPathFor,
  type TestPortal,
} from "../helpers/test-portal";

const PW = "correct horse battery";
let portal: TestPortal;
let filesDir: string;
beforeEach(async () => {
  filesDir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-headers-files-"));
  portal = createTestPortal({ now: "2026-03-05T15:00:10Z", env: { FILES_DIR: filesDir } });
  const vendor = insertVendor(portal.handle, { slug: "facette", name: "Facette AI" });
  await insertUser(portal.handle, {
    email: "agent@facette.example",
    password: PW,
    role: "vendor_agent",
    vendorId: vendor.id,
  });
});
afterEach(() => {
  portal.close();
  fs.rmSync(filesDir, { recursive: true, force: true });
});

type Fn = (args: object) => Promise<unknown>;
const run = (fn: unknown, request: Request, params: Record<string, string> = {}) =>
  (fn as Fn)({ request, params, context: { clientIp: "203.0.113.70" } }).catch((e: unknown) => e);

/** Files a request with a photo as a browser does, confirms it; returns its reference, photo id and the confirming browser's cookie. */
async function fileWithPhoto(): Promise<{ ref: string; photoId: number; residentCookie: string }> {
  const jpeg = await sharp({ create: { width: 32, height: 32, channels: 3, background: { r: 120, g: 100, b: 90 } } })
    .jpeg()
    .toBuffer();
  const form = new FormData();
  const fields: Record<string, string> = {
    step: "submit",
    vendor: "facette",
    jurisdiction: "US-IL",
    type: "access",
    fullName: "Noah Smith",
    email: "noah@example.com",
    urls: "https://example.org/team/noah",
    consent: "yes",
    idempotencyKey: "download-headers-0123456789",
  };
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append("photo", new Blob([new Uint8Array(jpeg)], { type: "image/jpeg" }), "me.jpg");
  await newRequest.action({
    request: new Request("http://localhost:3000/requests/new", {
      method: "POST",
      body: form,
      headers: { Origin: "http://localhost:3000" },
    }),
    params: {},
    context: {},
  });
  const token = verifyPathFor(portal.handle, "noah@example.com").slice("/verify/".length);
  const confirmed = (await run(verify.action, formRequest(`/verify/${token}`, {}), { token })) as {
    init: ResponseInit | null;
  };
  const residentCookie = new Headers(confirmed.init?.headers).get("Set-Cookie")!.split(";")[0]!;
  const row = portal.handle.sqlite
    .prepare('SELECT r.reference AS ref, a.id AS "photoId" FROM attachments a JOIN requests r ON r.id = a.request_id')
    .get() as { ref: string; photoId: number };
  return { ...row, residentCookie };
}

describe("downloads", () => {
  it("ASVS 3.2.1, 3.4.4, 3.4.6, 14.3.2: the reference photo is a sandboxed, unsniffable, unframable, uncached JPEG", async () => {
    const { ref, photoId } = await fileWithPhoto();
    const url = `/vendor/requests/${ref}/photo/${photoId}`;
    const cookie = await loginAs(portal.handle, "agent@facette.example", PW);
    portal.setNow(new Date(portal.now().getTime() + 30_000));
    await run(
      reauth.action,
      formRequest(
        "/reauth",
        { password: PW, code: freshTotpCode(portal.handle, "agent@facette.example"), redirectTo: url },
        cookie,
      ),
    );
    const res = (await run(photoRoute.loader, getRequest(url, cookie), { ref, id: String(photoId) })) as Response;
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("image/jpeg");
    expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    expect(res.headers.get("Referrer-Policy")).toBe("no-referrer");
    const csp = res.headers.get("Content-Security-Policy") ?? "";
    expect(csp.split(";").map((d) => d.trim())).toEqual(
      expect.arrayContaining(["sandbox", "default-src 'none'", "frame-ancestors 'none'"]),
    );
    // The file name is built from the reference, never from what was uploaded ("me.jpg").
    expect(res.headers.get("Content-Disposition")).toBe(`inline; filename="${ref}-reference-photo.jpg"`);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))).toBe(true);
  });

  it("ASVS 3.2.1, 4.1.1: the resident's case file is a JSON attachment with its charset, unsniffable and uncached", async () => {
    const { ref, residentCookie } = await fileWithPhoto();
    const res = (await run(caseFileJson.loader, getRequest(`/r/${ref}/case-file.json`, residentCookie), {
      token: ref,
    })) as Response;
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    expect(res.headers.get("Content-Disposition")).toBe(`attachment; filename="${ref}-case-file.json"`);
    expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    expect(((await res.json()) as { reference: string }).reference).toBe(ref);
  });

  it("ASVS 4.1.1: the vendor's CSV export says text/csv; charset=utf-8 and is an uncached attachment", async () => {
    await fileWithPhoto();
    const cookie = await loginAs(portal.handle, "agent@facette.example", PW);
    const res = (await run(vendorCsv.loader, getRequest("/vendor/export.csv", cookie))) as Response;
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("Content-Disposition")).toMatch(/^attachment; /);
    expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(res.headers.get("Cache-Control")).toBe("no-store");
  });
});
