/**
 * Possession before disclosure: a resident's answer reaches only whoever proved the email
 * address. Whoever types a victim's name and address gets no link — not on the done page, not
 * from a replayed form — and links live only while they are used (90 days), until the resident
 * stops them all, or until the identity is purged. WSTG-ATHZ-04, ASVS 8.2.2, 7.4.1.
 */
import crypto from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as newRequest from "../../app/routes/requests.new/route";
import * as status from "../../app/routes/r.$token/route";
import * as packageJson from "../../app/routes/r.$token_.package[.json]";
import * as caseFileJson from "../../app/routes/r.$token_.case-file[.json]";
import * as verify from "../../app/routes/verify.$token";
import * as find from "../../app/routes/requests.find";
import { forVendor, type VendorStaff } from "../../app/server/vendor/vendor-access.server";
import { purgeFilingIdentity } from "../../app/server/jobs/identity-purge.server";
import {
  cookieFrom,
  createTestPortal,
  formRequest,
  getRequest,
  insertUser,
  insertVendor,
  statusTokenFor,
  verifyPathFor,
  type TestPortal,
} from "../helpers/test-portal";

let portal: TestPortal;
let staff: VendorStaff;
beforeEach(async () => {
  portal = createTestPortal({ now: "2026-03-05T15:00:00Z" });
  const v = insertVendor(portal.handle, { slug: "facette", name: "Facette AI" });
  const id = await insertUser(portal.handle, {
    email: "agent@facette.example",
    password: "correct horse battery",
    role: "vendor_agent",
    vendorId: v.id,
  });
  staff = {
    id,
    email: "agent@facette.example",
    name: "Agent",
    role: "vendor_agent",
    vendorId: v.id,
    organisation: null,
    jurisdictions: [],
    locale: "en",
  };
});
afterEach(() => portal.close());

type AnyFn = (args: { request: Request; params: Record<string, string>; context: object }) => Promise<unknown>;
async function call(fn: unknown, request: Request, params: Record<string, string> = {}): Promise<unknown> {
  try {
    return await (fn as AnyFn)({ request, params, context: { clientIp: "203.0.113.7" } });
  } catch (thrown) {
    return thrown;
  }
}
function statusOf(result: unknown): number {
  if (result instanceof Response) return result.status;
  return (result as { init?: { status?: number } })?.init?.status ?? 200;
}
function setCookieOf(result: unknown): string | null {
  if (result instanceof Response) return result.headers.get("Set-Cookie");
  return new Headers((result as { init?: ResponseInit | null })?.init?.headers ?? undefined).get("Set-Cookie");
}

const victim = { fullName: "Inès Haddad", email: "ines@example.com" };
const form = {
  vendor: ["facette"],
  jurisdiction: "GB",
  type: ["access"],
  ...victim,
  idempotencyKey: "impersonator-key-0123456789",
  step: "submit",
  consent: "yes",
};

/** The request page as a browser holding `cookie` sees it (status code and body). */
async function open(reference: string, cookie?: string): Promise<number> {
  return statusOf(await call(status.loader, getRequest(`/r/${reference}`, cookie), { token: reference }));
}
async function exchange(token: string, cookie?: string): Promise<{ status: number; cookie: string | null }> {
  const res = await call(status.loader, getRequest(`/r/${token}`, cookie), { token });
  const set = setCookieOf(res);
  return { status: statusOf(res), cookie: set ? cookieFrom(set) : null };
}
async function confirmFromInbox(): Promise<{ cookie: string; reference: string }> {
  const token = verifyPathFor(portal.handle, victim.email).slice("/verify/".length);
  const res = await call(verify.action, formRequest(`/verify/${token}`, {}), { token });
  const reference = (
    portal.handle.sqlite.prepare("SELECT reference FROM requests ORDER BY id").get() as { reference: string }
  ).reference;
  return { cookie: cookieFrom(setCookieOf(res)), reference };
}
const liveLinks = () =>
  (
    portal.handle.sqlite.prepare("SELECT count(*) AS n FROM status_links WHERE revoked_at IS NULL").get() as {
      n: number;
    }
  ).n;

describe("an impersonator who typed the victim's name and address", () => {
  it("gets no link from the done page or a replayed form, and cannot read the answer after the victim confirms and the vendor answers", async () => {
    // The impersonator files in their own browser.
    const filed = await call(newRequest.action, formRequest("/requests/new", form));
    expect(statusOf(filed)).toBe(200);
    const replay = await call(newRequest.action, formRequest("/requests/new", form));
    for (const answer of [filed, replay]) {
      expect(JSON.stringify(answer)).not.toMatch(/\/r\/[A-Za-z0-9_-]{20,}|statusToken/);
      expect(setCookieOf(answer)).toBeNull();
    }
    expect(liveLinks()).toBe(0);
    const reference = (portal.handle.sqlite.prepare("SELECT reference FROM requests").get() as { reference: string })
      .reference;
    expect(await open(reference)).toBe(404);

    // The victim confirms from their inbox; the vendor fulfils the access request with a package.
    const victimBrowser = await confirmFromInbox();
    forVendor(staff).act(
      reference,
      {
        intent: "fulfil",
        reason: "Your package.",
        images: "https://social.example/p/1 | 2024-05-02",
        templates: "",
        searches: "",
        disclosures: "",
      },
      portal.now(),
    );

    // The impersonator still reaches nothing: page, package, case file — with or without a made-up cookie.
    expect(await open(reference)).toBe(404);
    expect(
      statusOf(await call(packageJson.loader, getRequest(`/r/${reference}/package.json`), { token: reference })),
    ).toBe(404);
    expect(
      statusOf(await call(caseFileJson.loader, getRequest(`/r/${reference}/case-file.json`), { token: reference })),
    ).toBe(404);
    // Filing again with the same form after the confirmation still yields no link.
    const late = await call(newRequest.action, formRequest("/requests/new", form));
    expect(JSON.stringify(late)).not.toMatch(/\/r\/[A-Za-z0-9_-]{20,}/);
    expect(setCookieOf(late)).toBeNull();

    // The victim's browser, which confirmed, opens the request and its package directly.
    expect(await open(reference, victimBrowser.cookie)).toBe(200);
    const pkg = (await call(packageJson.loader, getRequest(`/r/${reference}/package.json`, victimBrowser.cookie), {
      token: reference,
    })) as Response;
    expect(pkg.status).toBe(200);
  });

  it("a link issued before the address was proven (as the done page once showed) opens nothing, even after the confirmation", async () => {
    await call(newRequest.action, formRequest("/requests/new", form));
    const row = portal.handle.sqlite.prepare("SELECT id, reference FROM requests").get() as {
      id: number;
      reference: string;
    };
    const early = crypto.randomBytes(32).toString("base64url");
    portal.handle.sqlite
      .prepare("INSERT INTO status_links (token_hash, request_id, created_at) VALUES (?, ?, ?)")
      .run(crypto.createHash("sha256").update(early).digest("hex"), row.id, portal.now().getTime());
    portal.setNow("2026-03-05T15:05:00Z");
    await confirmFromInbox();
    expect((await exchange(early)).status).toBe(404);
  });

  it("a second use of the confirmation link (a forwarded email) opens nothing", async () => {
    await call(newRequest.action, formRequest("/requests/new", form));
    await confirmFromInbox();
    const token = verifyPathFor(portal.handle, victim.email).slice("/verify/".length);
    const again = await call(verify.action, formRequest(`/verify/${token}`, {}), { token });
    expect(setCookieOf(again)).toBeNull();
  });
});

describe("status links live while they are used", () => {
  it("expire 90 days after their last use, sliding with each use; find-my-requests sends fresh ones to the proven address", async () => {
    await call(newRequest.action, formRequest("/requests/new", form));
    const { reference } = await confirmFromInbox();
    const token = statusTokenFor(portal.handle, reference);
    const opened = await exchange(token);
    expect(opened.status).toBe(302);
    // Used on day 80: alive on day 160 (80 days after that use) …
    portal.setNow("2026-05-24T15:00:00Z");
    expect(await open(reference, opened.cookie!)).toBe(200);
    portal.setNow("2026-08-12T15:00:00Z");
    expect(await open(reference, opened.cookie!)).toBe(200);
    // … and dead 90 days after the last use, by cookie and by the emailed link alike.
    portal.setNow("2026-11-11T15:00:01Z");
    expect(await open(reference, opened.cookie!)).toBe(404);
    expect((await exchange(token)).status).toBe(404);
    // A fresh link comes only by email, to the confirmed address.
    const res = await call(find.action, formRequest("/requests/find", { email: victim.email }));
    expect(statusOf(res)).toBe(200);
    const fresh = statusTokenFor(portal.handle, reference);
    expect(fresh).not.toBe(token);
    expect((await exchange(fresh)).status).toBe(302);
  });

  it("sign out everywhere: every link of the filing dies on every device, the cookie is cleared, the act is audited", async () => {
    await call(newRequest.action, formRequest("/requests/new", { ...form, type: ["access", "deletion"] }));
    const { reference, cookie: laptop } = await confirmFromInbox();
    const phone = (await exchange(statusTokenFor(portal.handle, reference))).cookie!;
    expect(liveLinks()).toBeGreaterThanOrEqual(3);
    const res = (await call(status.action, formRequest(`/r/${reference}`, { intent: "sign-out-everywhere" }, laptop), {
      token: reference,
    })) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/requests/find?signedOut=1");
    expect(res.headers.get("Set-Cookie")).toMatch(/Max-Age=0/);
    expect(liveLinks()).toBe(0);
    for (const c of [laptop, phone]) expect(await open(reference, c)).toBe(404);
    const audit = portal.handle.sqlite
      .prepare("SELECT actor_type, details FROM audit_events WHERE action = 'status_links.revoked'")
      .all() as { actor_type: string; details: string }[];
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor_type).toBe("resident");
    // Nobody without a live link can do it for them.
    expect(
      statusOf(
        await call(status.action, formRequest(`/r/${reference}`, { intent: "sign-out-everywhere" }), {
          token: reference,
        }),
      ),
    ).toBe(404);
  });

  it("the identity purge revokes every link of the filing", async () => {
    await call(newRequest.action, formRequest("/requests/new", form));
    const { reference, cookie } = await confirmFromInbox();
    forVendor(staff).act(
      reference,
      { intent: "fulfil", reason: "Done.", images: "", templates: "", searches: "", disclosures: "" },
      portal.now(),
    );
    const filingId = (portal.handle.sqlite.prepare("SELECT filing_id FROM requests").get() as { filing_id: number })
      .filing_id;
    expect(purgeFilingIdentity(filingId, portal.now())).toMatchObject({ links: expect.any(Number) });
    expect(liveLinks()).toBe(0);
    expect(await open(reference, cookie)).toBe(404);
  });
});
