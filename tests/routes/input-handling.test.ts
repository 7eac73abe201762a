/**
 * How the routes read what a client sends, through the real route modules against a real
 * database: JSON is parsed and then validated by zod, and keys nobody declared are dropped
 * (ASVS 1.5.2), `__proto__` / `constructor` keys pollute nothing (15.3.6), a repeated field
 * counts once unless it is declared as a list (15.3.7), numbers out of range are refused or
 * ignored rather than wrapped (1.4.2), and a GET never performs what a POST does (3.5.3).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as apiActions from "../../app/routes/api.v1.requests.$ref.actions";
import * as logout from "../../app/routes/logout";
import * as newRequest from "../../app/routes/requests.new/route";
import * as vendorHome from "../../app/routes/vendor._index";
import * as vendorRequest from "../../app/routes/vendor.requests.$ref/route";
import * as vendorFile from "../../app/routes/vendor.requests.$ref_.files.$id";
import { createApiKey } from "../../app/server/api/api-keys.server";
import { confirmEmail } from "../../app/server/resident/confirm-email.server";
import { fileRequest } from "../../app/server/resident/file-request.server";
import {
  createTestPortal,
  formRequest,
  getRequest,
  insertUser,
  insertVendor,
  loginAs,
  verifyPathFor,
  type TestPortal,
} from "../helpers/test-portal";

let portal: TestPortal;
let vendorA = 0;
let vendorB = 0;
let key = "";
let reference = "";

beforeEach(async () => {
  portal = createTestPortal({ now: "2026-03-05T15:00:00Z" });
  vendorA = insertVendor(portal.handle, { slug: "facette", name: "Facette AI" }).id;
  vendorB = insertVendor(portal.handle, { slug: "visagio", name: "Visagio" }).id;
  const admin = await insertUser(portal.handle, {
    email: "admin@facette.example",
    password: "correct horse battery",
    role: "vendor_admin",
    vendorId: vendorA,
  });
  key = createApiKey(
    {
      id: admin,
      email: "admin@facette.example",
      name: "A",
      role: "vendor_admin",
      vendorId: vendorA,
      organisation: null,
      jurisdictions: [],
      locale: "en",
    },
    "CRM",
    portal.now(),
  ).key;
  fileRequest(
    {
      vendor: ["facette"],
      jurisdiction: "CA-QC",
      type: ["access"],
      fullName: "Rosalie Gagnon",
      email: "rosalie@example.com",
      idempotencyKey: "input-handling-0123456789",
    },
    { locale: "en", now: portal.now() },
  );
  confirmEmail(verifyPathFor(portal.handle, "rosalie@example.com").slice("/verify/".length), { now: portal.now() });
  reference = (portal.handle.sqlite.prepare("SELECT reference FROM requests").get() as { reference: string }).reference;
});
afterEach(() => {
  portal.close();
  // A failed pollution check must not leak into the next test.
  for (const target of [Object.prototype, Function.prototype] as Record<string, unknown>[]) delete target.polluted;
});

type Fn = (args: object) => Promise<unknown>;
const run = (fn: unknown, request: Request, params: Record<string, string> = {}) =>
  (fn as Fn)({ request, params, context: { clientIp: "203.0.113.9" } }).catch((e: unknown) => e);
const statusOf = (r: unknown) =>
  r instanceof Response ? r.status : ((r as { init?: { status?: number } | null })?.init?.status ?? 200);
const apiPost = (body: string) =>
  run(
    apiActions.action,
    new Request(`http://localhost:3000/api/v1/requests/${reference}/actions`, {
      method: "POST",
      body,
      headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
    }),
    { ref: reference },
  ) as Promise<Response>;
const requestRow = () =>
  portal.handle.sqlite.prepare("SELECT status, vendor_id FROM requests WHERE reference = ?").get(reference) as {
    status: string;
    vendor_id: number;
  };
const notPolluted = () => {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
  expect((Function.prototype as unknown as Record<string, unknown>).polluted).toBeUndefined();
};

describe("ASVS 1.5.2, 15.3.6: JSON bodies are parsed, then validated; nothing else is read from them", () => {
  it("a body that is not JSON, or JSON of the wrong shape, is a 400 answer and changes nothing", async () => {
    for (const body of ["{", "<xml/>", "null", "[]", '"acknowledge"', "42", '{"intent":"nope"}']) {
      const res = await apiPost(body);
      expect(res.status, body).toBe(400);
      expect(((await res.json()) as { error: string }).error, body).toMatch(/^invalid_(json|action)$/);
    }
    expect(requestRow().status).toBe("received");
  });

  it("__proto__, constructor and undeclared keys (another vendor's id) are dropped: the action runs, nothing is polluted", async () => {
    const res = await apiPost(
      `{"intent":"acknowledge","__proto__":{"polluted":"yes","status":"fulfilled"},"constructor":{"prototype":{"polluted":"yes"}},"vendorId":${vendorB},"status":"fulfilled"}`,
    );
    expect(res.status).toBe(200);
    expect(((await res.json()) as { status: string }).status).toBe("acknowledged");
    expect(requestRow()).toEqual({ status: "acknowledged", vendor_id: vendorA });
    notPolluted();
  });

  it("form fields named __proto__, constructor or prototype pollute nothing either", async () => {
    const cookie = await loginAs(portal.handle, "admin@facette.example", "correct horse battery");
    const form = new URLSearchParams([
      ["intent", "acknowledge"],
      ["__proto__", "polluted"],
      ["__proto__[polluted]", "yes"],
      ["constructor[prototype][polluted]", "yes"],
      ["prototype", "polluted"],
    ]);
    const res = await run(
      vendorRequest.action,
      new Request(`http://localhost:3000/vendor/requests/${reference}`, {
        method: "POST",
        body: form,
        headers: {
          Cookie: cookie,
          "Content-Type": "application/x-www-form-urlencoded",
          Origin: "http://localhost:3000",
        },
      }),
      { ref: reference },
    );
    expect(statusOf(res)).toBeLessThan(400);
    expect(requestRow().status).toBe("acknowledged");
    notPolluted();
  });
});

describe("ASVS 15.3.7: HTTP parameter pollution", () => {
  it("a repeated single-valued field counts once (its first value); only the declared list fields take several", async () => {
    const form = new URLSearchParams([
      ["step", "submit"],
      ["vendor", "facette"],
      ["vendor", "visagio"],
      ["type", "access"],
      ["jurisdiction", "GB"],
      ["jurisdiction", "US-CA"],
      ["fullName", "Inès Haddad"],
      ["fullName", "Someone Else"],
      ["email", "ines@example.com"],
      ["email", "attacker@example.net"],
      ["consent", "yes"],
      ["idempotencyKey", "parameter-pollution-0123456789"],
    ]);
    const res = await run(
      newRequest.action,
      new Request("http://localhost:3000/requests/new", {
        method: "POST",
        body: form,
        headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "http://localhost:3000" },
      }),
    );
    expect((res as { data: { stage: string } }).data.stage).toBe("done");
    const filed = portal.handle.sqlite
      .prepare(
        "SELECT f.full_name, f.email, r.jurisdiction, r.vendor_id FROM requests r JOIN filings f ON f.id = r.filing_id WHERE f.email <> 'rosalie@example.com' ORDER BY r.vendor_id",
      )
      .all();
    expect(filed).toEqual([
      { full_name: "Inès Haddad", email: "ines@example.com", jurisdiction: "GB", vendor_id: vendorA },
      { full_name: "Inès Haddad", email: "ines@example.com", jurisdiction: "GB", vendor_id: vendorB },
    ]);
    // The confirmation goes to the first address only.
    const to = portal.handle.sqlite
      .prepare(
        "SELECT to_address FROM email_outbox WHERE template = 'verify-email' AND to_address <> 'rosalie@example.com'",
      )
      .all();
    expect(to).toEqual([{ to_address: "ines@example.com" }]);
  });
});

describe("ASVS 1.4.2: integer ranges", () => {
  it("huge, negative or non-integer numbers in queries, ids and cursors are ignored or refused — never a 500", async () => {
    const cookie = await loginAs(portal.handle, "admin@facette.example", "correct horse battery");
    for (const query of [
      "size=1e309",
      "size=-1",
      "size=99999999999999999999",
      "after=99999999999999999999.1",
      "after=1.99999999999999999999",
      "assignee=99999999999999999999",
    ]) {
      const res = await run(vendorHome.loader, getRequest(`/vendor?${query}`, cookie));
      expect(statusOf(res), query).toBe(200);
      expect((res as { items: { reference: string }[] }).items.length, query).toBeLessThanOrEqual(100);
    }
    for (const id of ["99999999999999999999", "9007199254740993", "-1", "1e3", "0x10"]) {
      expect(
        statusOf(
          await run(vendorFile.loader, getRequest(`/vendor/requests/${reference}/files/${id}`, cookie), {
            ref: reference,
            id,
          }),
        ),
        id,
      ).toBe(404);
    }
    const bad = await apiPost('{"intent":"fulfil","reason":"Done.","imagesDeleted":1e309,"templatesDeleted":-1}');
    expect(bad.status).toBeLessThan(500);
  });
});

describe("ASVS 3.5.3: state changes only on POST", () => {
  it("GET /logout leaves the session alive; only the POST ends it", async () => {
    const cookie = await loginAs(portal.handle, "admin@facette.example", "correct horse battery");
    const viaGet = await run(logout.loader, getRequest("/logout", cookie));
    expect(statusOf(viaGet)).toBe(302);
    expect((viaGet as Response).headers.get("Set-Cookie")).toBeNull();
    expect(statusOf(await run(vendorHome.loader, getRequest("/vendor", cookie)))).toBe(200);
    await run(logout.action, formRequest("/logout", {}, cookie));
    expect(statusOf(await run(vendorHome.loader, getRequest("/vendor", cookie)))).toBe(302);
  });

  it("the API's actions endpoint refuses GET (405) and acts on nothing", async () => {
    const res = (await run(
      apiActions.loader,
      new Request(`http://localhost:3000/api/v1/requests/${reference}/actions?intent=acknowledge`, {
        headers: { Authorization: `Bearer ${key}` },
      }),
      {
        ref: reference,
      },
    )) as Response;
    expect(res.status).toBe(405);
    expect(requestRow().status).toBe("received");
  });
});
