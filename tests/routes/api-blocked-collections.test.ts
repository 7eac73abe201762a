/**
 * POST /api/v1/requests/{reference}/blocked-collections: a company's later crawl kept a deleted
 * face out. The report is an event on the request that the resident and the regulator see; it
 * carries numbers and dates only, is accepted once per crawl, only on the company's own
 * fulfilled deletion or opt-out requests.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as actions from "../../app/routes/api.v1.requests.$ref.actions";
import * as blocked from "../../app/routes/api.v1.requests.$ref.blocked-collections";
import { createApiKey } from "../../app/server/api/api-keys.server";
import { countBlockedCollections } from "../../app/server/regulator/blocked-collections.server";
import { readDashboardPage } from "../../app/server/regulator/dashboard-page.server";
import { confirmEmail } from "../../app/server/resident/confirm-email.server";
import { fileRequest } from "../../app/server/resident/file-request.server";
import { buildCaseFile } from "../../app/server/resident/case-file.server";
import { buildStatusPage } from "../../app/server/resident/status-page.server";
import { exchangeStatusToken } from "../../app/server/resident/status-links.server";
import {
  createTestPortal,
  getRequest,
  insertUser,
  insertVendor,
  statusTokenFor,
  verifyPathFor,
  type TestPortal,
} from "../helpers/test-portal";

let portal: TestPortal;
let keyA = "";
let keyB = "";
const refs: Record<string, string> = {};

async function keyFor(slug: string): Promise<string> {
  const vendor = insertVendor(portal.handle, { slug, name: `Company ${slug}` });
  const admin = await insertUser(portal.handle, {
    email: `admin@${slug}.example`,
    password: "x-x-x-x-x",
    role: "vendor_admin",
    vendorId: vendor.id,
  });
  return createApiKey(
    {
      id: admin,
      email: "x",
      name: "x",
      role: "vendor_admin",
      vendorId: vendor.id,
      organisation: null,
      jurisdictions: [],
      locale: "en",
    },
    "Crawler",
    portal.now(),
  ).key;
}

beforeEach(async () => {
  portal = createTestPortal({ now: "2026-03-05T15:00:00Z" });
  keyA = await keyFor("vendor-a");
  keyB = await keyFor("vendor-b");
  for (const type of ["access", "deletion", "opt_out"] as const) {
    for (const which of ["done", "open"]) {
      const email = `${type}-${which}@example.com`;
      fileRequest(
        {
          vendor: ["vendor-a"],
          jurisdiction: "CA-QC",
          type: [type],
          fullName: "Rosalie Amyot",
          email,
          idempotencyKey: `blocked-${type}-${which}-0123456789`,
        },
        { locale: "en", now: portal.now() },
      );
      confirmEmail(verifyPathFor(portal.handle, email).slice("/verify/".length), { now: portal.now() });
      refs[`${type}-${which}`] = (
        portal.handle.sqlite
          .prepare("SELECT r.reference FROM requests r JOIN filings f ON f.id = r.filing_id WHERE f.email = ?")
          .get(email) as { reference: string }
      ).reference;
    }
  }
  portal.setNow("2026-03-10T15:00:00Z");
  for (const type of ["access", "deletion", "opt_out"]) {
    const res = await act(refs[`${type}-done`]!, {
      intent: "fulfil",
      reason: "Done",
      ...(type === "deletion"
        ? { imagesDeleted: 2, templatesDeleted: 2, customersNotified: 0, suppressionActive: "true" }
        : {}),
    });
    expect(res.status, `${type}: ${await res.clone().text()}`).toBe(200);
  }
  portal.setNow("2026-04-02T09:00:00Z");
});
afterEach(() => portal.close());

const act = (ref: string, body: unknown) =>
  (actions.action as (a: object) => Promise<Response>)({
    request: new Request(`http://localhost:3000/api/v1/requests/${ref}/actions`, {
      method: "POST",
      body: JSON.stringify(body),
      headers: { Authorization: `Bearer ${keyA}`, "Content-Type": "application/json" },
    }),
    params: { ref },
    context: {},
  });

const report = (ref: string, body: unknown, key = keyA) =>
  (blocked.action as (a: object) => Promise<Response>)({
    request: new Request(`http://localhost:3000/api/v1/requests/${ref}/blocked-collections`, {
      method: "POST",
      body: typeof body === "string" ? body : JSON.stringify(body),
      headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
    }),
    params: { ref },
    context: {},
  });

const crawl = (extra: object = {}) => ({
  crawlId: "crawl-1775120000000",
  copies: 3,
  crawledAt: "2026-04-02T08:30:00Z",
  ...extra,
});

const eventsOf = (ref: string) =>
  portal.handle.sqlite
    .prepare(
      "SELECT e.payload FROM request_events e JOIN requests r ON r.id = e.request_id WHERE r.reference = ? AND e.type = 'collection_blocked' ORDER BY e.id",
    )
    .all(ref) as { payload: string }[];

describe("reporting a blocked re-collection", () => {
  it("records the crawl once on a fulfilled deletion; the same crawl again changes nothing", async () => {
    const ref = refs["deletion-done"]!;
    const first = await report(ref, crawl());
    expect(first.status).toBe(201);
    expect(await first.json()).toEqual({
      reference: ref,
      crawlId: "crawl-1775120000000",
      copies: 3,
      crawledAt: "2026-04-02T08:30:00.000Z",
      replayed: false,
      totalCopies: 3,
    });
    const again = await report(ref, crawl());
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ replayed: true, totalCopies: 3 });
    const next = await report(ref, crawl({ crawlId: "crawl-1775130000000", copies: 2 }));
    expect(await next.json()).toMatchObject({ replayed: false, totalCopies: 5 });
    expect(eventsOf(ref)).toHaveLength(2);
    // An opt-out's suppression list is reported the same way.
    expect((await report(refs["opt_out-done"]!, crawl())).status).toBe(201);
  });

  it("keeps numbers and dates only: anything else in the body is not stored", async () => {
    const ref = refs["deletion-done"]!;
    await report(ref, crawl({ sourceUrl: "https://example.test/her-face.jpg", note: "found on a forum" }));
    expect(eventsOf(ref).map((e) => JSON.parse(e.payload) as object)).toEqual([
      { crawl: expect.stringMatching(/^[0-9a-f]{32}$/), copies: 3, crawledAt: "2026-04-02T08:30:00.000Z" },
    ]);
    // Not even the company's own crawl id: a digest recognises a repeat.
    expect(eventsOf(ref)[0]!.payload).not.toContain("crawl-1775120000000");
  });

  it("is refused on a request that is not a fulfilled deletion or opt-out", async () => {
    for (const ref of [refs["access-done"]!, refs["deletion-open"]!, refs["opt_out-open"]!]) {
      const res = await report(ref, crawl());
      expect(res.status).toBe(409);
      expect(await res.json()).toMatchObject({ error: "not_blockable" });
    }
    expect(eventsOf(refs["access-done"]!)).toHaveLength(0);
  });

  it("answers 404 to another company, as for any request not its own", async () => {
    const res = await report(refs["deletion-done"]!, crawl(), keyB);
    expect(res.status).toBe(404);
    expect(eventsOf(refs["deletion-done"]!)).toHaveLength(0);
  });

  it("refuses a malformed report, a crawl in the future and a crawl before the answer", async () => {
    const ref = refs["deletion-done"]!;
    for (const body of [
      crawl({ copies: 0 }),
      crawl({ copies: 2.5 }),
      crawl({ copies: 100_001 }),
      crawl({ crawlId: "short" }),
      crawl({ crawlId: "has spaces in it" }),
      crawl({ crawledAt: "yesterday" }),
      crawl({ crawledAt: "2026-04-02T10:00:00Z" }),
      crawl({ crawledAt: "2026-03-01T00:00:00Z" }),
      "not json",
      [],
    ]) {
      const res = await report(ref, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    expect(eventsOf(ref)).toHaveLength(0);
  });

  it("records at most a thousand crawls per request, and still answers a repeated one", async () => {
    const ref = refs["deletion-done"]!;
    expect((await report(ref, crawl())).status).toBe(201);
    const id = (portal.handle.sqlite.prepare("SELECT id FROM requests WHERE reference = ?").get(ref) as { id: number })
      .id;
    const insert = portal.handle.sqlite.prepare(
      "INSERT INTO request_events (request_id, type, actor_type, actor_id, at, payload) VALUES (?, 'collection_blocked', 'staff', NULL, ?, ?)",
    );
    for (let i = 1; i < 1000; i++)
      insert.run(id, portal.now().getTime(), JSON.stringify({ crawlId: `crawl-bulk-${i}`, copies: 1 }));
    const over = await report(ref, crawl({ crawlId: "crawl-one-too-many" }));
    expect(over.status).toBe(409);
    expect(await over.json()).toMatchObject({ error: "report_limit" });
    expect((await report(ref, crawl())).status).toBe(200);
  });

  it("is refused without a key", async () => {
    expect((await report(refs["deletion-done"]!, crawl(), "brp_not-a-key")).status).toBe(401);
  });
});

describe("who sees it", () => {
  it("the resident, on the status page's history, with the number of copies", async () => {
    const ref = refs["deletion-done"]!;
    await report(ref, crawl());
    const token = statusTokenFor(portal.handle, ref);
    const { setCookie } = await exchangeStatusToken(getRequest(`/r/${token}`), token);
    const page = await buildStatusPage(getRequest("/", setCookie.split(";")[0]), ref, "en", portal.now());
    expect(page.events.find((e) => e.type === "collection_blocked")?.payload).toEqual({ copies: 3 });
    // And in the case file, next to the certificate it follows.
    const file = await buildCaseFile(getRequest("/", setCookie.split(";")[0]), ref, {
      now: portal.now(),
      locale: "en",
    });
    expect(file.timeline.find((e) => e.event === "collection_blocked")).toMatchObject({ copies: 3 });
    expect(file.responsePackage?.kind).toBe("deletion_certificate");
  });

  it("the regulator of the jurisdiction, as copies per company on the dashboard; no other regulator", async () => {
    await report(refs["deletion-done"]!, crawl());
    await report(refs["opt_out-done"]!, crawl({ copies: 4 }));
    const period = { from: new Date("2026-01-01T00:00:00Z"), to: new Date("2027-01-01T00:00:00Z") };
    expect(countBlockedCollections({ jurisdictions: ["CA-QC"] }, period)).toEqual([
      { vendor: "Company vendor-a", crawls: 2, copies: 7 },
    ]);
    expect(countBlockedCollections({ jurisdictions: ["US-CA"] }, period)).toEqual([]);
    const april = { from: new Date("2026-04-03T00:00:00Z"), to: new Date("2026-05-01T00:00:00Z") };
    expect(countBlockedCollections({ jurisdictions: ["CA-QC"] }, april)).toEqual([]);
    const page = readDashboardPage({ jurisdictions: ["CA-QC"] }, period, 2025, portal.now());
    expect(page.evidence).toEqual([
      { vendor: "Company vendor-a", withVerification: 0, withoutVerification: 1, blockedCopies: 7 },
    ]);
  });
});
