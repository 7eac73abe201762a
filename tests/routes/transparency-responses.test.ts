/**
 * A company's public response on the transparency board: written by its vendor admin, moderated
 * by the portal admin, audited at every step; only published text is public, as text. Attacked
 * from every side: another company's admin, an agent, a regulator, no session, a huge body,
 * markup in the text, a cross-site form.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as vendorPage from "../../app/routes/vendor.transparency";
import * as adminPage from "../../app/routes/admin.transparency";
import * as companyPage from "../../app/routes/transparency.$slug";
import * as json from "../../app/routes/transparency[.json]";
import * as csv from "../../app/routes/transparency[.csv]";
import { checkOrigin } from "../../app/server/security/csrf.server";
import { bodyLimitFor } from "../../app/server/core/body-limits.server";
import { verifyAuditChain } from "../../app/server/audit/audit-chain.server";
import {
  createTestPortal,
  formRequest,
  getRequest,
  insertUser,
  insertVendor,
  loginAs,
  type TestPortal,
} from "../helpers/test-portal";

const PASSWORD = "correct horse battery";
let portal: TestPortal;
let facette: number;
let visagio: number;
const cookies: Record<string, string> = {};

beforeEach(async () => {
  portal = createTestPortal({ now: "2026-04-15T12:00:00Z" });
  facette = insertVendor(portal.handle, { slug: "facette", name: "Facette AI" }).id;
  visagio = insertVendor(portal.handle, { slug: "visagio", name: "Visagio" }).id;
  const users: [string, "vendor_admin" | "vendor_agent" | "regulator" | "admin", number | null][] = [
    ["admin@facette.example", "vendor_admin", facette],
    ["agent@facette.example", "vendor_agent", facette],
    ["admin@visagio.example", "vendor_admin", visagio],
    ["cai@regulator.example", "regulator", null],
    ["ops@portal.example", "admin", null],
  ];
  for (const [email, role, vendorId] of users) {
    await insertUser(portal.handle, { email, password: PASSWORD, role, vendorId, jurisdictions: ["CA-QC"] });
    cookies[email] = await loginAs(portal.handle, email, PASSWORD);
  }
});
afterEach(() => portal.close());

const ctx = { params: {}, context: {} };
async function submit(email: string | null, fields: Record<string, string>) {
  return vendorPage.action({
    request: formRequest("/vendor/transparency", fields, email ? cookies[email] : undefined),
    ...ctx,
  });
}
async function moderate(email: string | null, fields: Record<string, string>) {
  return adminPage.action({
    request: formRequest("/admin/transparency", fields, email ? cookies[email] : undefined),
    ...ctx,
  });
}
/** The status of a thrown or returned Response, or of a data() answer. */
async function statusOf(p: Promise<unknown>): Promise<number> {
  return (await answerOf(p)).status;
}
async function answerOf(p: Promise<unknown>): Promise<{ status: number; location: string | null }> {
  try {
    const r = await p;
    if (r instanceof Response) return { status: r.status, location: r.headers.get("Location") };
    const init = (r as { init?: { status?: number } }).init;
    return { status: init?.status ?? 200, location: null };
  } catch (err) {
    if (err instanceof Response) return { status: err.status, location: err.headers.get("Location") };
    throw err;
  }
}
/** Refused: 404, or sent to sign in (never back to the moderation page, as a decision is). */
function expectRefused(a: { status: number; location: string | null }, who: string | null) {
  if (a.status === 404) return;
  expect(a.status, String(who)).toBe(302);
  expect(a.location, String(who)).toMatch(/^\/login/);
}
function row(vendorId: number) {
  return portal.handle.sqlite.prepare("SELECT * FROM transparency_responses WHERE vendor_id = ?").get(vendorId) as
    Record<string, unknown> | undefined;
}
function audits(action: string): { vendor_id: number; actor_id: string }[] {
  return portal.handle.sqlite
    .prepare("SELECT vendor_id, actor_id FROM audit_events WHERE action = ? ORDER BY seq")
    .all(action) as { vendor_id: number; actor_id: string }[];
}
async function publicResponse(slug = "facette") {
  const page = (await companyPage.loader({
    request: getRequest(`/transparency/${slug}`),
    params: { slug },
    context: {},
  })) as { response: { en: string | null; fr: string | null } | null };
  const doc = (await ((await json.loader({ request: getRequest("/transparency.json") })) as Response).json()) as {
    companies: { slug: string; response: { en: string | null; fr: string | null } | null }[];
  };
  return { page: page.response, json: doc.companies.find((c) => c.slug === slug)!.response };
}

describe("a company's public response", () => {
  it("goes pending → published; a new edit waits while the published text stays; a rejection carries its reason; all audited", async () => {
    expect(await statusOf(submit("admin@facette.example", { en: "We answer every request.", fr: "" }))).toBe(200);
    expect(row(facette)).toMatchObject({
      draft_status: "pending",
      draft_en: "We answer every request.",
      published_at: null,
    });
    expect(await publicResponse()).toEqual({ page: null, json: null });
    const queue = (await adminPage.loader({
      request: getRequest("/admin/transparency", cookies["ops@portal.example"]),
      ...ctx,
    })) as {
      pending: { vendorId: number }[];
    };
    expect(queue.pending.map((p) => p.vendorId)).toEqual([facette]);

    expect(await statusOf(moderate("ops@portal.example", { decision: "publish", vendorId: String(facette) }))).toBe(
      302,
    );
    expect(await publicResponse()).toEqual({
      page: expect.objectContaining({ en: "We answer every request.", fr: null }),
      json: expect.objectContaining({ en: "We answer every request.", fr: null }),
    });

    await submit("admin@facette.example", { en: "Edited text.", fr: "Texte modifié." });
    expect((await publicResponse()).page).toMatchObject({ en: "We answer every request." });
    expect(
      await statusOf(
        moderate("ops@portal.example", { decision: "reject", vendorId: String(facette), reason: "Off topic" }),
      ),
    ).toBe(302);
    expect((await publicResponse()).page).toMatchObject({ en: "We answer every request." });
    const own = (await vendorPage.loader({
      request: getRequest("/vendor/transparency", cookies["admin@facette.example"]),
      ...ctx,
    })) as {
      state: { draft: { status: string; rejectionReason: string }; published: { en: string } };
    };
    expect(own.state.draft).toMatchObject({ status: "rejected", rejectionReason: "Off topic" });
    expect(own.state.published.en).toBe("We answer every request.");
    // A decided draft cannot be decided again (a stale form).
    expect(await statusOf(moderate("ops@portal.example", { decision: "publish", vendorId: String(facette) }))).toBe(
      404,
    );

    expect(audits("transparency_response.submitted")).toHaveLength(2);
    expect(audits("transparency_response.published")).toEqual([expect.objectContaining({ vendor_id: facette })]);
    expect(audits("transparency_response.rejected")).toEqual([expect.objectContaining({ vendor_id: facette })]);
    expect(verifyAuditChain(portal.handle.sqlite).ok).toBe(true);
    // The CSV carries figures only.
    const text = await ((await csv.loader({ request: getRequest("/transparency.csv") })) as Response).text();
    expect(text).not.toContain("We answer");
  });

  it("takes the company from the session: a vendorId in the body changes nothing of another company", async () => {
    await submit("admin@visagio.example", {
      en: "Visagio's words",
      vendor_id: String(facette),
      vendorId: String(facette),
    });
    expect(row(facette)).toBeUndefined();
    expect(row(visagio)).toMatchObject({ draft_en: "Visagio's words" });
    const own = (await vendorPage.loader({
      request: getRequest("/vendor/transparency", cookies["admin@facette.example"]),
      ...ctx,
    })) as {
      state: { draft: unknown };
    };
    expect(own.state.draft).toBeNull();
  });

  it("refuses an agent, a regulator, the portal admin and no session on the vendor page; only the portal admin moderates", async () => {
    for (const who of ["agent@facette.example", "cai@regulator.example", "ops@portal.example", null]) {
      expect(await statusOf(submit(who, { en: "Hijack" })), String(who)).not.toBe(200);
      expect(
        await statusOf(
          vendorPage.loader({ request: getRequest("/vendor/transparency", who ? cookies[who] : undefined), ...ctx }),
        ),
      ).not.toBe(200);
    }
    expect(row(facette)).toBeUndefined();
    await submit("admin@facette.example", { en: "Pending text" });
    for (const who of [
      "admin@facette.example",
      "agent@facette.example",
      "cai@regulator.example",
      "admin@visagio.example",
      null,
    ]) {
      expectRefused(await answerOf(moderate(who, { decision: "publish", vendorId: String(facette) })), who);
      expect(
        await statusOf(
          adminPage.loader({ request: getRequest("/admin/transparency", who ? cookies[who] : undefined), ...ctx }),
        ),
      ).not.toBe(200);
    }
    expect(row(facette)).toMatchObject({ draft_status: "pending", published_at: null });
    expect(audits("transparency_response.published")).toHaveLength(0);
  });

  it("refuses a 1 MB text, an empty one and a rejection without a reason; strips control and direction characters", async () => {
    // The server refuses bodies over the form limit before any route runs; below it, the route does.
    expect(bodyLimitFor("application/x-www-form-urlencoded", "/vendor/transparency")).toBeLessThanOrEqual(1024 * 1024);
    expect(await statusOf(submit("admin@facette.example", { en: "x".repeat(1_000_000) }))).toBe(400);
    expect(await statusOf(submit("admin@facette.example", { en: "x".repeat(1001) }))).toBe(400);
    expect(await statusOf(submit("admin@facette.example", { en: "   ", fr: "\u0000" }))).toBe(400);
    expect(row(facette)).toBeUndefined();
    await submit("admin@facette.example", { en: "Line one\r\nLine\u202e two\u0007", fr: "x".repeat(1000) });
    expect(row(facette)).toMatchObject({ draft_en: "Line one\nLine two" });
    expect(
      await statusOf(moderate("ops@portal.example", { decision: "reject", vendorId: String(facette), reason: " " })),
    ).toBe(400);
    expect(await statusOf(moderate("ops@portal.example", { decision: "delete", vendorId: String(facette) }))).toBe(400);
  });

  it("gives back what was typed with the refusal, so nothing has to be typed again", async () => {
    const long = "Our statement. ".repeat(70);
    const refused = (await submit("admin@facette.example", { en: long, fr: "Notre réponse." })) as {
      data: { typed: { en: string; fr: string }; errors: Record<string, string> };
    };
    expect(refused.data.errors).toEqual({ en: "publicResponse.errorTooLong" });
    expect(refused.data.typed).toEqual({ en: long, fr: "Notre réponse." });
    await submit("admin@facette.example", { en: "Short." });
    const rejected = (await moderate("ops@portal.example", {
      decision: "reject",
      vendorId: String(facette),
      reason: "x".repeat(5000),
    })) as { data: { reason: string } };
    expect(rejected.data.reason).toBe("x".repeat(5000));
  });

  it("keeps markup as text: stored and published verbatim, a string in the JSON", async () => {
    const markup = '<script>alert(1)</script><img src=x onerror=alert(2)> <a href="javascript:alert(3)">x</a>';
    await submit("admin@facette.example", { en: markup });
    expect(await statusOf(moderate("ops@portal.example", { decision: "publish", vendorId: String(facette) }))).toBe(
      302,
    );
    const { page, json: doc } = await publicResponse();
    expect(page?.en).toBe(markup);
    expect(doc?.en).toBe(markup);
  });

  it("refuses a cross-site form post to either page (the portal's origin check)", () => {
    for (const path of ["/vendor/transparency", "/admin/transparency"]) {
      const base = { method: "POST", host: "localhost:3000", publicUrl: "http://localhost:3000", path };
      expect(checkOrigin({ ...base, secFetchSite: "cross-site", origin: "https://evil.example" }).ok).toBe(false);
      expect(checkOrigin({ ...base, secFetchSite: null, origin: "https://evil.example" }).ok).toBe(false);
      expect(checkOrigin({ ...base, secFetchSite: "same-origin", origin: "http://localhost:3000" }).ok).toBe(true);
    }
  });
});
