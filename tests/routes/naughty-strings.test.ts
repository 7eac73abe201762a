/**
 * Hostile input (FUZZ-01/03/08): every string of the Big List of Naughty Strings goes
 * into every text field of the resident, staff, regulator and public forms and APIs, in-process
 * against a real SQLite. No 5xx; every accepted value reads back byte-identical (after the
 * documented NFC + trim normalisation of names and messages); SQL text never leaks; untouched
 * tables keep their row counts.
 */
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as newRequest from "../../app/routes/requests.new/route";
import * as find from "../../app/routes/requests.find";
import * as login from "../../app/routes/login";
import * as calc from "../../app/routes/deadlines";
import * as api from "../../app/routes/api.v1.deadlines";
import * as vendorRequest from "../../app/routes/vendor.requests.$ref/route";
import * as regulator from "../../app/routes/regulator._index";
import * as status from "../../app/routes/r.$token/route";
import * as reveal from "../../app/routes/regulator.cases.$ref";
import * as webhooks from "../../app/routes/vendor.webhooks";
import * as apiKeys from "../../app/routes/vendor.api-keys";
import * as accounts from "../../app/routes/accounts";
import * as forgot from "../../app/routes/forgot-password";
import * as twoFactor from "../../app/routes/login_.two-factor";
import * as reauth from "../../app/routes/reauth";
import * as apiActions from "../../app/routes/api.v1.requests.$ref.actions";
import * as apiDetail from "../../app/routes/api.v1.requests.$ref";
import { createApiKey } from "../../app/server/api/api-keys.server";
import { confirmEmail } from "../../app/server/resident/confirm-email.server";
import { fileRequest } from "../../app/server/resident/file-request.server";
import { verifyAuditChain } from "../../app/server/audit/audit-chain.server";
import {
  cookieFrom,
  createTestPortal,
  formRequest,
  getRequest,
  insertUser,
  insertVendor,
  verifyPathFor,
  type TestPortal,
  loginAs,
  loginPasswordOnly,
  statusTokenFor,
} from "../helpers/test-portal";

const blns = createRequire(import.meta.url)("big-list-of-naughty-strings") as string[];
const strings = [
  ...blns,
  "javascript:/*--></title></style></textarea></script></xmp><svg/onload='+/\"`/+/onmouseover=1/+/[*/[]/+alert(42);//'>",
  "Robert'); DROP TABLE requests;--",
  "\r\nBcc: evil@example.com",
];

let portal: TestPortal;
let staffCookie = "";
let regCookie = "";
let ref = "";
let residentCookie = "";
let vendorAdminCookie = "";
let portalAdminCookie = "";
let pendingCookie = "";
let apiKey = "";

type Fn = (a: object) => Promise<unknown>;
async function call(fn: unknown, request: Request, params: Record<string, string> = {}): Promise<number> {
  try {
    const r = (await (fn as Fn)({ request, params, context: { clientIp: "203.0.113.1" } })) as unknown;
    if (r instanceof Response) {
      await r.text();
      return r.status;
    }
    return (r as { init?: { status?: number } } | null)?.init?.status ?? 200;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

beforeAll(async () => {
  portal = createTestPortal({ now: "2026-03-05T15:00:00Z", env: { RATE_LIMIT_SCALE: "1000000" } });
  const v = insertVendor(portal.handle, { slug: "facette", name: "Facette AI" });
  await insertUser(portal.handle, {
    email: "agent@facette.example",
    password: "correct horse battery",
    role: "vendor_agent",
    vendorId: v.id,
  });
  await insertUser(portal.handle, {
    email: "cai@regulator.example",
    password: "correct horse battery",
    role: "regulator",
    jurisdictions: ["CA-QC"],
  });
  const filed = fileRequest(
    {
      vendor: ["facette"],
      jurisdiction: "GB",
      type: ["access"],
      fullName: "Fuzz Target",
      email: "fuzz@example.com",
      idempotencyKey: "fuzz-key-0123456789",
    },
    { locale: "en", now: portal.now() },
  );
  confirmEmail(verifyPathFor(portal.handle, "fuzz@example.com").slice("/verify/".length), { now: portal.now() });
  ref = filed.requests[0]!.reference;
  const token = statusTokenFor(portal.handle, ref);
  const ex = (await (status.loader as Fn)({ request: getRequest(`/r/${token}`), params: { token }, context: {} }).catch(
    (e: unknown) => e,
  )) as Response;
  residentCookie = cookieFrom(ex.headers.get("Set-Cookie"));
  const signIn = (email: string) => loginAs(portal.handle, email, "correct horse battery", { clientIp: "203.0.113.9" });
  staffCookie = await signIn("agent@facette.example");
  regCookie = await signIn("cai@regulator.example");
  await insertUser(portal.handle, {
    email: "admin@facette.example",
    password: "correct horse battery",
    role: "vendor_admin",
    vendorId: v.id,
  });
  await insertUser(portal.handle, { email: "root@portal.example", password: "correct horse battery", role: "admin" });
  vendorAdminCookie = await signIn("admin@facette.example");
  portalAdminCookie = await signIn("root@portal.example");
  pendingCookie = (await loginPasswordOnly("agent@facette.example", "correct horse battery")).cookie;
  const adminId = (
    portal.handle.sqlite.prepare("SELECT id FROM users WHERE email = 'admin@facette.example'").get() as { id: number }
  ).id;
  apiKey = createApiKey({ id: adminId, role: "vendor_admin", vendorId: v.id } as never, "fuzz", portal.now()).key;
});
afterAll(() => portal.close());

describe(`Big List of Naughty Strings (${strings.length} strings)`, () => {
  it("never causes a 5xx in any form or API field", async () => {
    const counts = () =>
      portal.handle.sqlite.prepare("SELECT (SELECT count(*) FROM vendors) v, (SELECT count(*) FROM users) u").get();
    const before = counts();
    const statuses: Record<string, number> = {};
    let tried = 0;
    const note = (field: string, code: number, s: string) => {
      tried += 1;
      if (code >= 500) statuses[`${field}: ${JSON.stringify(s).slice(0, 60)}`] = code;
    };
    const base = {
      step: "review",
      vendor: "facette",
      jurisdiction: "CA-QC",
      type: "access",
      fullName: "A B",
      email: "a@example.com",
      idempotencyKey: "fuzz-key-review-0001",
    };
    for (const s of strings) {
      for (const field of ["fullName", "email", "urls", "jurisdiction", "vendor", "type", "idempotencyKey"] as const) {
        note(
          `filing.${field}`,
          await call(newRequest.action, formRequest("/requests/new", { ...base, [field]: s })),
          s,
        );
      }
      note("find.email", await call(find.action, formRequest("/requests/find", { email: s })), s);
      note("login.email", await call(login.action, formRequest("/login", { email: s, password: s })), s);
      note(
        "calculator",
        await call(
          calc.loader,
          getRequest(
            `/deadlines?jurisdiction=${encodeURIComponent(s)}&type=access&receivedAt=${encodeURIComponent(s)}`,
          ),
        ),
        s,
      );
      note(
        "api",
        await call(
          api.loader,
          getRequest(
            `/api/v1/deadlines?jurisdiction=GB&type=${encodeURIComponent(s)}&receivedAt=${encodeURIComponent(s)}`,
          ),
        ),
        s,
      );
      note(
        "vendor.deny",
        await call(
          vendorRequest.action,
          formRequest(`/vendor/requests/${ref}`, { intent: "deny", denialBasis: s, reason: s }, staffCookie),
          { ref },
        ),
        s,
      );
      note(
        "vendor.ref",
        await call(vendorRequest.loader, getRequest(`/vendor/requests/${encodeURIComponent(s)}`, staffCookie), {
          ref: s,
        }),
        s,
      );
      note(
        "regulator.period",
        await call(
          regulator.loader,
          getRequest(`/regulator?from=${encodeURIComponent(s)}&to=${encodeURIComponent(s)}`, regCookie),
        ),
        s,
      );
      note("status.param", await call(status.loader, getRequest(`/r/x`, residentCookie), { token: s }), s);
    }
    expect(statuses).toEqual({});
    expect(tried).toBe(strings.length * 15);
    expect(counts()).toEqual(before);
    console.log(`naughty strings: ${strings.length} strings × 15 fields = ${tried} calls, 0 server errors`);
  }, 120_000);

  it("never causes a 5xx in the staff, regulator, account and API forms either", async () => {
    const failures: Record<string, number> = {};
    let tried = 0;
    const note = (field: string, code: number, s: string) => {
      tried += 1;
      if (code >= 500) failures[`${field}: ${JSON.stringify(s).slice(0, 60)}`] = code;
    };
    const api = (body: unknown) =>
      new Request(`http://localhost/api/v1/requests/${ref}/actions`, {
        method: "POST",
        headers: { Authorization: `Bearer ${apiKey}`, "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
    const fields = [
      "reveal.purpose",
      "reveal.fileNumber",
      "webhook.url",
      "apiKey.name",
      "invite.name",
      "invite.email",
      "invite.organisation",
      "forgot.email",
      "twoFactor.code",
      "reauth.code",
      "vendor.request_info.message",
      "vendor.extend.reason",
      "api.reason",
      "api.intent",
      "api.denialBasis",
    ];
    for (const s of strings) {
      note(
        fields[0]!,
        await call(
          reveal.action,
          formRequest(`/regulator/cases/${ref}`, { purpose: s, fileNumber: "CAI-1" }, regCookie),
          { ref },
        ),
        s,
      );
      note(
        fields[1]!,
        await call(
          reveal.action,
          formRequest(`/regulator/cases/${ref}`, { purpose: "complaint", fileNumber: s }, regCookie),
          { ref },
        ),
        s,
      );
      note(
        fields[2]!,
        await call(webhooks.action, formRequest("/vendor/webhooks", { intent: "create", url: s }, vendorAdminCookie)),
        s,
      );
      note(
        fields[3]!,
        await call(apiKeys.action, formRequest("/vendor/api-keys", { intent: "create", name: s }, vendorAdminCookie)),
        s,
      );
      note(
        fields[4]!,
        await call(
          accounts.action,
          formRequest(
            "/accounts",
            { intent: "invite", name: s, email: "n@example.com", role: "vendor_agent", vendorId: "1" },
            portalAdminCookie,
          ),
        ),
        s,
      );
      note(
        fields[5]!,
        await call(
          accounts.action,
          formRequest(
            "/accounts",
            { intent: "invite", name: "N", email: s, role: "vendor_agent", vendorId: "1" },
            portalAdminCookie,
          ),
        ),
        s,
      );
      note(
        fields[6]!,
        await call(
          accounts.action,
          formRequest(
            "/accounts",
            {
              intent: "invite",
              name: "N",
              email: "r@example.com",
              role: "regulator",
              organisation: s,
              jurisdictions: "CA-QC",
            },
            portalAdminCookie,
          ),
        ),
        s,
      );
      note(fields[7]!, await call(forgot.action, formRequest("/forgot-password", { email: s })), s);
      note(fields[8]!, await call(twoFactor.action, formRequest("/login/two-factor", { code: s }, pendingCookie)), s);
      note(
        fields[9]!,
        await call(reauth.action, formRequest("/reauth", { password: s, code: s, redirectTo: s }, staffCookie)),
        s,
      );
      note(
        fields[10]!,
        await call(
          vendorRequest.action,
          formRequest(
            `/vendor/requests/${ref}`,
            { intent: "request_info", kind: "clarification", message: s },
            staffCookie,
          ),
          { ref },
        ),
        s,
      );
      note(
        fields[11]!,
        await call(
          vendorRequest.action,
          formRequest(`/vendor/requests/${ref}`, { intent: "extend", reason: s }, staffCookie),
          { ref },
        ),
        s,
      );
      note(
        fields[12]!,
        await call(apiActions.action, api({ intent: "deny", denialBasis: "other", reason: s }), { ref }),
        s,
      );
      note(fields[13]!, await call(apiActions.action, api({ intent: s, reason: s }), { ref }), s);
      note(
        fields[14]!,
        await call(apiActions.action, api({ intent: "deny", denialBasis: s, reason: "x" }), { ref }),
        s,
      );
    }
    expect(failures).toEqual({});
    expect(tried).toBe(strings.length * fields.length);
    console.log(
      `naughty strings (staff, regulator, accounts, API): ${strings.length} strings × ${fields.length} fields = ${tried} calls, 0 server errors`,
    );
  }, 240_000);

  it("every accepted staff question sent through the API reads back byte-identical from the API", async () => {
    let accepted = 0;
    for (let i = 0; i < strings.length; i++) {
      const s = strings[i]!;
      const filed = fileRequest(
        {
          vendor: ["facette"],
          jurisdiction: "GB",
          type: ["access"],
          fullName: "Fuzz Reader",
          email: `q${i}@example.com`,
          idempotencyKey: `fuzz-question-${String(i).padStart(6, "0")}`,
        },
        { locale: "en", now: portal.now() },
      );
      confirmEmail(verifyPathFor(portal.handle, `q${i}@example.com`).slice("/verify/".length), { now: portal.now() });
      const reference = filed.requests[0]!.reference;
      const headers = { Authorization: `Bearer ${apiKey}`, "Content-Type": "application/json" };
      const asked = (await (apiActions.action as Fn)({
        request: new Request(`http://localhost/api/v1/requests/${reference}/actions`, {
          method: "POST",
          headers,
          body: JSON.stringify({ intent: "request_info", kind: "clarification", message: s }),
        }),
        params: { ref: reference },
        context: {},
      })) as Response;
      expect(asked.status, JSON.stringify(s)).toBeLessThan(500);
      if (asked.status !== 200) continue;
      accepted += 1;
      const read = (await (apiDetail.loader as Fn)({
        request: new Request(`http://localhost/api/v1/requests/${reference}`, { headers }),
        params: { ref: reference },
        context: {},
      })) as Response;
      const body = (await read.json()) as { messages: { author: string; body: string }[] };
      expect(body.messages.at(-1)!.body, JSON.stringify(s)).toBe(s.normalize("NFC").trim());
    }
    expect(accepted).toBeGreaterThan(strings.length * 0.8);
    console.log(
      `naughty strings: ${accepted} of ${strings.length} accepted as API questions to the resident, all byte-identical after NFC + trim`,
    );
  }, 120_000);

  it("every accepted name reads back byte-identical (after NFC + trim) through a real filing", async () => {
    let accepted = 0;
    for (let i = 0; i < strings.length; i++) {
      const s = strings[i]!;
      const res = (await (newRequest.action as Fn)({
        request: formRequest("/requests/new", {
          step: "submit",
          consent: "yes",
          vendor: "facette",
          jurisdiction: "GB",
          type: "access",
          fullName: s,
          email: `n${i}@example.com`,
          idempotencyKey: `fuzz-name-${String(i).padStart(6, "0")}-x`,
        }),
        params: {},
        context: { clientIp: "203.0.113.2" },
      })) as { data: { stage: string } };
      if (res.data.stage !== "done") continue;
      accepted += 1;
      const stored = portal.handle.sqlite
        .prepare("SELECT full_name FROM filings WHERE idempotency_key = ?")
        .get(`fuzz-name-${String(i).padStart(6, "0")}-x`) as { full_name: string };
      expect(stored.full_name).toBe(s.normalize("NFC").trim());
    }
    expect(accepted).toBeGreaterThan(strings.length * 0.8);
    expect(verifyAuditChain(portal.handle.sqlite).ok).toBe(true);
    console.log(
      `naughty strings: ${accepted} of ${strings.length} accepted as names, all byte-identical after NFC + trim`,
    );
  }, 120_000);
});
