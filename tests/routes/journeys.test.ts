/**
 * Route modules called with real Requests against a real (temp) SQLite: the guard → parse →
 * server call → redirect/data path of each loader and action, including bad input.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as newRequest from "../../app/routes/requests.new/route";
import * as status from "../../app/routes/r.$token/route";
import * as login from "../../app/routes/login";
import * as logout from "../../app/routes/logout";
import * as vendorQueue from "../../app/routes/vendor._index";
import * as vendorRequest from "../../app/routes/vendor.requests.$ref/route";
import * as regulator from "../../app/routes/regulator._index";
import * as verify from "../../app/routes/verify.$token";
import * as caseFileJson from "../../app/routes/r.$token_.case-file[.json]";
import {
  cookieFrom,
  createTestPortal,
  formRequest,
  getRequest,
  insertUser,
  insertVendor,
  verifyPathFor,
  statusTokenFor,
  type TestPortal,
  loginAs,
  freshTotpCode,
} from "../helpers/test-portal";

let portal: TestPortal;
let vendorA: { id: number; slug: string };
beforeEach(async () => {
  portal = createTestPortal({ now: "2026-03-05T15:00:00Z" });
  vendorA = insertVendor(portal.handle, { slug: "facette", name: "Facette AI" });
  const vendorB = insertVendor(portal.handle, { slug: "visagio", name: "Visagio" });
  await insertUser(portal.handle, {
    email: "agent@facette.example",
    password: "correct horse battery",
    role: "vendor_agent",
    vendorId: vendorA.id,
  });
  await insertUser(portal.handle, {
    email: "agent@visagio.example",
    password: "correct horse battery",
    role: "vendor_agent",
    vendorId: vendorB.id,
  });
  await insertUser(portal.handle, {
    email: "cai@regulator.example",
    password: "correct horse battery",
    role: "regulator",
    jurisdictions: ["CA-QC"],
  });
});
afterEach(() => portal.close());

type AnyFn = (args: { request: Request; params: Record<string, string>; context: object }) => Promise<unknown>;
async function call(fn: AnyFn, request: Request, params: Record<string, string> = {}): Promise<unknown> {
  try {
    return await fn({ request, params, context: {} });
  } catch (thrown) {
    return thrown;
  }
}
function body(result: unknown): Record<string, unknown> {
  // `data()` results carry { data, init }; plain objects are returned as is.
  const r = result as { data?: unknown; init?: { status?: number } };
  return (r && typeof r === "object" && "data" in r && "init" in r ? r.data : r) as Record<string, unknown>;
}
function statusOf(result: unknown): number {
  if (result instanceof Response) return result.status;
  const r = result as { init?: { status?: number } };
  return r?.init?.status ?? 200;
}

async function signIn(email: string): Promise<string> {
  return loginAs(portal.handle, email, "correct horse battery");
}

/** Opens a private link like a browser: token → cookie + redirect to the clean URL → page data. */
async function openStatus(token: string): Promise<{ data: Record<string, unknown>; cookie: string; location: string }> {
  const res = (await call(status.loader as AnyFn, getRequest(`/r/${token}`), { token })) as Response;
  expect(res.status).toBe(302);
  const location = res.headers.get("Location")!;
  expect(location).toMatch(/^\/r\/BR-\d{4}-\d{6}$/);
  const cookie = cookieFrom(res.headers.get("Set-Cookie"));
  const reference = location.slice(3);
  const data = body(await call(status.loader as AnyFn, getRequest(location, cookie), { token: reference }));
  return { data, cookie, location };
}

/** Files through the form action, then confirms through the verification page's action. */
async function fileAndConfirm(fields: Record<string, string | string[]>) {
  const result = body(await call(newRequest.action as AnyFn, formRequest("/requests/new", fields)));
  expect(result.stage).toBe("done");
  const token = verifyPathFor(portal.handle, String(fields.email)).slice("/verify/".length);
  const page = body(await call(verify.loader as AnyFn, getRequest(`/verify/${token}`), { token }));
  expect(page).toMatchObject({ expired: false, used: false });
  const confirmed = body(await call(verify.action as AnyFn, formRequest(`/verify/${token}`, {}), { token }));
  expect(confirmed.ok).toBe(true);
  // The resident follows each request with the private link of the email sent to the proven address.
  return (result.done as { filed: { reference: string }[] }).filed.map((f) => ({
    ...f,
    statusToken: statusTokenFor(portal.handle, f.reference),
  }));
}

const filing = {
  vendor: ["facette"],
  jurisdiction: "CA-QC",
  type: ["deletion"],
  fullName: "Amélie Tremblay",
  email: "amelie@example.com",
  idempotencyKey: "route-key-0123456789",
  step: "submit",
  consent: "yes",
};

describe("resident journey through the routes", () => {
  it("files a request, confirms the email, and reads its status page through the private link", async () => {
    // Step 1 → the review page shows the law and the expected deadline; nothing is filed yet.
    const review = body(
      await call(newRequest.action as AnyFn, formRequest("/requests/new", { ...filing, step: "review" })),
    );
    expect(review.stage).toBe("review");
    expect((review.review as { items: { citation: string; expectedRespondBy: string }[] }).items[0]!.citation).toMatch(
      /P-39\.1/,
    );
    expect(portal.handle.sqlite.prepare("SELECT count(*) AS n FROM filings").get()).toEqual({ n: 0 });
    // Final submit without consent is refused, values kept.
    const noConsent = await call(newRequest.action as AnyFn, formRequest("/requests/new", { ...filing, consent: [] }));
    expect(statusOf(noConsent)).toBe(400);
    expect(body(noConsent).errors).toEqual({ consent: "errors.consentRequired" });
    expect((body(noConsent).values as Record<string, unknown>).fullName).toBe("Amélie Tremblay");
    const result = body(await call(newRequest.action as AnyFn, formRequest("/requests/new", filing)));
    expect(result.stage).toBe("done");
    const filed = (result.done as { filed: { reference: string }[] }).filed[0]!;
    // Possession before disclosure: the done page carries no link, and none exists yet.
    expect(JSON.stringify(result)).not.toMatch(/\/r\/[A-Za-z0-9_-]{20,}/);
    expect(portal.handle.sqlite.prepare("SELECT count(*) AS n FROM status_links").get()).toEqual({ n: 0 });
    const token = verifyPathFor(portal.handle, filing.email).slice("/verify/".length);
    // GET does not confirm (mail scanners prefetch links); POST does.
    await call(verify.loader as AnyFn, getRequest(`/verify/${token}`), { token });
    expect(portal.handle.sqlite.prepare("SELECT status FROM requests").get()).toEqual({
      status: "pending_verification",
    });
    const confirmed = (await call(verify.action as AnyFn, formRequest(`/verify/${token}`, {}), { token })) as {
      init: ResponseInit | null;
    };
    // The confirming browser lands on its requests directly: the answer sets the status cookie.
    const confirmCookie = cookieFrom(new Headers(confirmed.init?.headers).get("Set-Cookie"));
    expect(
      body(
        await call(status.loader as AnyFn, getRequest(`/r/${filed.reference}`, confirmCookie), {
          token: filed.reference,
        }),
      ),
    ).toMatchObject({ status: "received" });
    // A second use of the confirmation link grants nothing.
    const again = (await call(verify.action as AnyFn, formRequest(`/verify/${token}`, {}), { token })) as {
      init: ResponseInit | null;
    };
    expect(new Headers(again.init?.headers ?? undefined).get("Set-Cookie")).toBeNull();
    const { data: page, cookie } = await openStatus(statusTokenFor(portal.handle, filed.reference));
    expect(page).toMatchObject({
      reference: filed.reference,
      vendorName: "Facette AI",
      status: "received",
      type: "deletion",
    });
    // The clean URL without this browser's cookie is a 404: the reference alone opens nothing.
    expect(
      statusOf(await call(status.loader as AnyFn, getRequest(`/r/${filed.reference}`), { token: filed.reference })),
    ).toBe(404);
    // The case file carries the law, the timeline and the audit hashes.
    const caseFile = (await call(
      caseFileJson.loader as AnyFn,
      getRequest(`/r/${filed.reference}/case-file.json`, cookie),
      { token: filed.reference },
    )) as Response;
    const json = (await caseFile.json()) as {
      reference: string;
      law: { citation: string };
      timeline: unknown[];
      auditTrail: { hash: string }[];
    };
    expect(json.reference).toBe(filed.reference);
    expect(json.law.citation).toMatch(/P-39\.1/);
    expect(json.timeline.length).toBeGreaterThanOrEqual(2);
    expect(json.auditTrail[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect((page.deadline as { citation: string }).citation).toMatch(/P-39\.1/);
  });

  it("bad input returns 400 with a message per field and the values typed, and files nothing", async () => {
    const res = await call(
      newRequest.action as AnyFn,
      formRequest("/requests/new", {
        ...filing,
        email: "not-an-email",
        jurisdiction: "XX-YY",
        vendor: [],
        fullName: "",
        urls: "ftp://x\nnot a url",
      }),
    );
    expect(statusOf(res)).toBe(400);
    const b = body(res);
    expect(b.errors).toMatchObject({
      email: "errors.email",
      jurisdiction: "errors.jurisdictionUnknown",
      vendor: "errors.vendorRequired",
      fullName: "errors.required",
      urls: "errors.urlInvalid",
    });
    expect(b.stage).toBe("edit");
    expect((b.values as Record<string, unknown>).email).toBe("not-an-email");
    expect(portal.handle.sqlite.prepare("SELECT count(*) AS n FROM filings").get()).toEqual({ n: 0 });
  });

  it("an unknown vendor is a field error, never a 500", async () => {
    const res = await call(
      newRequest.action as AnyFn,
      formRequest("/requests/new", { ...filing, vendor: ["does-not-exist"] }),
    );
    expect(statusOf(res)).toBe(400);
    expect(body(res).errors).toEqual({ vendor: "errors.vendorUnknown" });
  });

  it("a double-submitted form creates one request", async () => {
    await call(newRequest.action as AnyFn, formRequest("/requests/new", filing));
    const again = body(await call(newRequest.action as AnyFn, formRequest("/requests/new", filing)));
    expect((again.done as { replayed: boolean }).replayed).toBe(true);
    expect(portal.handle.sqlite.prepare("SELECT count(*) AS n FROM requests").get()).toEqual({ n: 1 });
  });

  it("the resident can withdraw; a closed request cannot be withdrawn again", async () => {
    const filed = (await fileAndConfirm(filing))[0]!;
    const { cookie } = await openStatus(filed.statusToken);
    const res = (await call(
      status.action as AnyFn,
      formRequest(`/r/${filed.reference}`, { intent: "withdraw" }, cookie),
      { token: filed.reference },
    )) as Response;
    expect(res.status).toBe(302);
    expect(
      portal.handle.sqlite.prepare("SELECT status, outcome FROM requests WHERE reference = ?").get(filed.reference),
    ).toEqual({ status: "withdrawn", outcome: "withdrawn" });
    const again = await call(
      status.action as AnyFn,
      formRequest(`/r/${filed.reference}`, { intent: "withdraw" }, cookie),
      { token: filed.reference },
    );
    expect(statusOf(again)).toBe(409);
    // Without the cookie, nobody can withdraw it by reference.
    const stranger = await call(status.action as AnyFn, formRequest(`/r/${filed.reference}`, { intent: "withdraw" }), {
      token: filed.reference,
    });
    expect(statusOf(stranger)).toBe(404);
  });

  it("offers escalation once the deadline passes: Québec deemed refusal → CAI, with the resident's own deadline", async () => {
    const filed = (await fileAndConfirm(filing))[0]!;
    const { cookie, location } = await openStatus(filed.statusToken);
    const ref = location.slice(3);
    expect(
      body(await call(status.loader as AnyFn, getRequest(location, cookie), { token: ref })).escalation,
    ).toBeNull();
    portal.setNow("2026-04-10T12:00:00Z"); // received 5 Mar; due Sat 4 Apr (Saturday stands in Québec)
    const page = body(await call(status.loader as AnyFn, getRequest(location, cookie), { token: ref }));
    const esc = page.escalation as { reason: string; regulator: string; deadline: string; letter: string };
    expect(esc.reason).toBe("deemed_refused");
    expect(esc.regulator).toMatch(/Commission d.acc/);
    expect(esc.deadline).toMatch(/^2026-05-/);
    expect(esc.letter).toContain(filed.reference);
    expect(esc.letter).toContain("P-39.1");
  });

  it("Illinois: no regulator — the page explains what BIPA offers instead", async () => {
    const filed = (
      await fileAndConfirm({
        ...filing,
        jurisdiction: "US-IL",
        email: "il@example.com",
        idempotencyKey: "route-key-illinois-1",
      })
    )[0]!;
    const { cookie, location } = await openStatus(filed.statusToken);
    // Within 90 days of the link's last use (links left unused longer expire).
    portal.setNow("2026-05-20T12:00:00Z");
    const esc = body(await call(status.loader as AnyFn, getRequest(location, cookie), { token: location.slice(3) }))
      .escalation as { regulator: string; windowText: string; url: string | null };
    // BIPA has no regulator: the engine names the private right of action and the limitation period.
    expect(esc.regulator).toMatch(/private right of action/i);
    expect(esc.url).toBeNull();
    expect(`${esc.regulator} ${esc.windowText}`).toMatch(/5|five/i);
  });

  it("an unknown status token is a 404", async () => {
    const res = await call(status.loader as AnyFn, getRequest("/r/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"), {
      token: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    });
    expect(statusOf(res)).toBe(404);
  });
});

describe("vendor staff through the routes", () => {
  it("unauthenticated access to the workspace redirects to login", async () => {
    const res = (await call(vendorQueue.loader as AnyFn, getRequest("/vendor"))) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/login?redirectTo=%2Fvendor");
  });

  it("wrong password: one generic message, status 401, no cookie", async () => {
    const res = await call(
      login.action as AnyFn,
      formRequest("/login", { email: "agent@facette.example", password: "wrong" }),
    );
    expect(statusOf(res)).toBe(401);
    expect(body(res).errors).toEqual({ form: "errors.badLogin" });
    const unknown = await call(
      login.action as AnyFn,
      formRequest("/login", { email: "nobody@facette.example", password: "wrong" }),
    );
    expect(body(unknown).errors).toEqual({ form: "errors.badLogin" });
  });

  it("acknowledges and fulfils; the resident's page reflects it", async () => {
    const filed = (await fileAndConfirm(filing))[0]!;
    const cookie = await signIn("agent@facette.example");
    const queue = body(await call(vendorQueue.loader as AnyFn, getRequest("/vendor", cookie)));
    expect((queue.items as { reference: string }[]).map((i) => i.reference)).toEqual([filed.reference]);
    const ack = (await call(
      vendorRequest.action as AnyFn,
      formRequest(`/vendor/requests/${filed.reference}`, { intent: "acknowledge" }, cookie),
      { ref: filed.reference },
    )) as Response;
    expect(ack.status).toBe(302);
    const bad = await call(
      vendorRequest.action as AnyFn,
      formRequest(`/vendor/requests/${filed.reference}`, { intent: "deny", reason: "x" }, cookie),
      { ref: filed.reference },
    );
    expect(statusOf(bad)).toBe(400);
    expect(body(bad).errors).toMatchObject({
      denialBasis: "errors.denialBasisRequired",
      reason: "errors.reasonRequired",
    });
    const certificate = {
      intent: "fulfil",
      reason: "Images and templates deleted.",
      imagesDeleted: "14",
      templatesDeleted: "1",
      customersNotified: "0",
    };
    const fulfil = (extra: Record<string, string>) =>
      call(
        vendorRequest.action as AnyFn,
        formRequest(`/vendor/requests/${filed.reference}`, { ...certificate, ...extra }, cookie),
        { ref: filed.reference },
      );
    // A deletion certificate needs a step-up in the same form; what was typed comes back, the password never does.
    const missing = await fulfil({});
    expect(statusOf(missing)).toBe(400);
    expect(body(missing).errors).toEqual({ stepUpPassword: "errors.required", stepUpCode: "errors.codeRequired" });
    expect(body(missing).values).toMatchObject({ imagesDeleted: "14", reason: "Images and templates deleted." });
    const wrong = await fulfil({ stepUpPassword: "correct horse battery", stepUpCode: "000000" });
    expect(statusOf(wrong)).toBe(401);
    expect(body(wrong).errors).toEqual({ form: "errors.reauthFailed" });
    expect(JSON.stringify(body(wrong))).not.toContain("correct horse battery");
    expect((await openStatus(filed.statusToken)).data).toMatchObject({ status: "acknowledged" });
    const done = await fulfil({
      stepUpPassword: "correct horse battery",
      stepUpCode: freshTotpCode(portal.handle, "agent@facette.example"),
    });
    expect(statusOf(done)).toBe(302);
    const page = (await openStatus(filed.statusToken)).data;
    expect(page).toMatchObject({ status: "fulfilled", outcomeReason: "Images and templates deleted." });
    // A second final answer is refused by the state machine: 409 with a message, not a 500.
    const again = await call(
      vendorRequest.action as AnyFn,
      formRequest(`/vendor/requests/${filed.reference}`, { intent: "acknowledge" }, cookie),
      { ref: filed.reference },
    );
    expect(statusOf(again)).toBe(409);
  });

  it("another vendor's request by reference is a 404 in page and action, row unchanged", async () => {
    const filed = (await fileAndConfirm(filing))[0]!;
    const other = await signIn("agent@visagio.example");
    const before = portal.handle.sqlite.prepare("SELECT * FROM requests WHERE reference = ?").get(filed.reference);
    expect(
      statusOf(
        await call(vendorRequest.loader as AnyFn, getRequest(`/vendor/requests/${filed.reference}`, other), {
          ref: filed.reference,
        }),
      ),
    ).toBe(404);
    expect(
      statusOf(
        await call(
          vendorRequest.action as AnyFn,
          formRequest(
            `/vendor/requests/${filed.reference}`,
            { intent: "acknowledge", vendorId: String(vendorA.id) },
            other,
          ),
          { ref: filed.reference },
        ),
      ),
    ).toBe(404);
    expect(portal.handle.sqlite.prepare("SELECT * FROM requests WHERE reference = ?").get(filed.reference)).toEqual(
      before,
    );
  });

  it("an idle session expires after 30 minutes", async () => {
    const cookie = await signIn("agent@facette.example");
    portal.setNow(new Date(portal.now().getTime() + 31 * 60_000));
    const res = (await call(vendorQueue.loader as AnyFn, getRequest("/vendor", cookie))) as Response;
    expect(res.headers.get("Location")).toMatch(/^\/login/);
  });

  it("logout revokes the session: the old cookie no longer works", async () => {
    const cookie = await signIn("agent@facette.example");
    const out = (await call(logout.action as AnyFn, formRequest("/logout", {}, cookie))) as Response;
    expect(out.status).toBe(302);
    const res = (await call(vendorQueue.loader as AnyFn, getRequest("/vendor", cookie))) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toMatch(/^\/login/);
  });

  it("a regulator cannot open the vendor workspace, and staff cannot open the regulator dashboard", async () => {
    const reg = await signIn("cai@regulator.example");
    expect(statusOf(await call(vendorQueue.loader as AnyFn, getRequest("/vendor", reg)))).toBe(404);
    const staff = await signIn("agent@facette.example");
    expect(statusOf(await call(regulator.loader as AnyFn, getRequest("/regulator", staff)))).toBe(404);
  });
});

describe("regulator through the routes", () => {
  it("counts received, closed, open and on-time per vendor for its jurisdictions only", async () => {
    await fileAndConfirm(filing);
    await fileAndConfirm({
      ...filing,
      email: "other@example.com",
      jurisdiction: "US-CA",
      idempotencyKey: "route-key-other-juris",
    });
    const ref = (
      portal.handle.sqlite.prepare("SELECT reference FROM requests WHERE jurisdiction = 'CA-QC'").get() as {
        reference: string;
      }
    ).reference;
    portal.setNow("2026-03-10T15:00:00Z");
    const staff = await signIn("agent@facette.example");
    await call(
      vendorRequest.action as AnyFn,
      formRequest(
        `/vendor/requests/${ref}`,
        {
          intent: "fulfil",
          reason: "Done in time.",
          imagesDeleted: "3",
          templatesDeleted: "1",
          customersNotified: "0",
          stepUpPassword: "correct horse battery",
          stepUpCode: freshTotpCode(portal.handle, "agent@facette.example"),
        },
        staff,
      ),
      { ref },
    );
    const reg = await signIn("cai@regulator.example");
    const data = body(await call(regulator.loader as AnyFn, getRequest("/regulator", reg)));
    const facette = (data.vendors as { vendorName: string }[]).find((v) => v.vendorName === "Facette AI");
    expect(facette).toMatchObject({ received: 1, answered: 1, openNow: 0, answeredOnTime: 1, onTimeRate: 1 });
    // Bad period parameters: messages, not a 500.
    const bad = body(await call(regulator.loader as AnyFn, getRequest("/regulator?from=2026-13-45&to=yesterday", reg)));
    expect(bad.errors).toEqual({ from: "errors.dateInvalid", to: "errors.dateInvalid" });
  });
});
