/**
 * The December 2026 legal review through the public API: GET /api/v1/deadlines gives the rule
 * version, the rolled extension-notice date, the latest defensible dates beside the deadline, the
 * law that computed them, the unsettled points (both readings, both languages) and the last
 * review; GET /api/v1/jurisdictions lists the new rule fields; the vendor API's request detail
 * carries the latest defensible dates and the notice date too.
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import en from "../../app/locales/en.json";
import fr from "../../app/locales/fr-CA.json";
import { DeadlineFacts, toDeadlineView } from "../../app/components/deadline";
import { computeDeadlineFromParams } from "../../app/domain/deadlines";
import { createTranslator, type Locale } from "../../app/i18n";
import { I18nProvider } from "../../app/i18n-react";
import * as api from "../../app/routes/api.v1.deadlines";
import * as detail from "../../app/routes/api.v1.requests.$ref";
import * as jurisdictionsApi from "../../app/routes/api.v1.jurisdictions";
import { createApiKey } from "../../app/server/api/api-keys.server";
import { confirmEmail } from "../../app/server/resident/confirm-email.server";
import { fileRequest } from "../../app/server/resident/file-request.server";
import {
  createTestPortal,
  getRequest,
  insertUser,
  insertVendor,
  verifyPathFor,
  type TestPortal,
} from "../helpers/test-portal";

let portal: TestPortal;
beforeEach(() => {
  portal = createTestPortal({ now: "2026-03-05T15:00:00Z" });
});
afterEach(() => portal.close());

async function deadline(query: string): Promise<Record<string, unknown>> {
  const res = (await api.loader({
    request: getRequest(`/api/v1/deadlines?${query}`),
    params: {},
    context: {},
  })) as Response;
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

describe("GET /api/v1/deadlines after the review", () => {
  it("Texas: the rolled response and notice dates, the rule version and the law that computed them", async () => {
    const body = await deadline("jurisdiction=US-TX&type=deletion&receivedAt=2026-01-01");
    expect(body).toMatchObject({
      ruleId: "US-TX/deletion",
      ruleVersion: 2,
      effectiveFrom: "2024-07-01",
      lastReviewed: "2026-12-04",
      respondBy: "2026-02-17", // Sun 15 Feb → Mon 16 Feb (Presidents' Day) → Tue 17 Feb
      extension: { noticeBy: "2026-02-17", maxRespondBy: "2026-04-01" },
      latestDefensible: null,
      uncertainties: [],
    });
    expect((body.computation as { citation: string }).citation).toMatch(/§311\.014/);
    expect(body.explanation as string[]).toContain("Sun 15 Feb 2026 is a Sunday: rolls to Mon 16 Feb 2026");
  });

  it("California: the latest defensible dates beside every date, and the unsettled points in words with sources", async () => {
    const body = await deadline("jurisdiction=US-CA&type=access&receivedAt=2026-03-05");
    expect(body).toMatchObject({
      respondBy: "2026-04-18",
      latestDefensibleRespondBy: "2026-04-20",
      latestDefensible: {
        respondBy: "2026-04-20",
        noticeBy: "2026-04-20",
        maxRespondBy: "2026-06-03",
        acknowledgeBy: "2026-03-19",
        complaintDeadline: null,
      },
      extension: { noticeBy: "2026-04-18", maxRespondBy: "2026-06-02" },
    });
    const u = body.uncertainties as { id: string; text: string; sources: string[] }[];
    expect(u.map((x) => x.id)).toEqual(["US-CA-45-day-counting", "US-CA-business-day"]);
    expect(u[0]!.text).toMatch(/later date/);
    expect(u[0]!.sources).toContain("11 CCR §7021(b)");
    for (const x of u) expect(x.text).not.toMatch(/MEMORY|UNSURE/);
    const fr = await deadline("jurisdiction=US-CA&type=access&receivedAt=2026-03-05&lang=fr");
    expect((fr.uncertainties as { text: string }[])[0]!.text).toMatch(/date plus tardive/);
    expect((fr.computation as { description: string }).description).toMatch(/jours ouvrables/);
  });

  it("United Kingdom: version 2 for a receipt on 4 February 2026, the Data (Use and Access) Act version from 5 February", async () => {
    const before = await deadline("jurisdiction=GB&type=access&receivedAt=2026-02-04");
    const after = await deadline("jurisdiction=GB&type=access&receivedAt=2026-02-05");
    expect([before.ruleVersion, after.ruleVersion]).toEqual([2, 3]);
    expect(before.respondBy).toBe("2026-03-04"); // the corresponding date
    expect(after.respondBy).toBe("2026-03-04"); // one month beginning with 5 Feb ends 4 Mar
    expect(after.latestDefensibleRespondBy).toBe("2026-03-05"); // the ICO's corresponding date
    expect((after.uncertainties as { id: string }[]).map((x) => x.id)).toContain("GB-month-beginning-with");
    // 23:59 GMT on 4 Feb is still 4 Feb in London.
    expect(
      (await deadline(`jurisdiction=GB&type=access&receivedAt=${encodeURIComponent("2026-02-04T23:59:00Z")}`))
        .ruleVersion,
    ).toBe(2);
  });

  it("Connecticut consent revocation: 15 days, no extension", async () => {
    const body = await deadline("jurisdiction=US-CT&type=opt_out&receivedAt=2026-03-05");
    expect(body).toMatchObject({
      respondBy: "2026-03-20",
      extension: null,
      citation: "Conn. Gen. Stat. §42-520(a)(6)",
    });
  });

  it("BC: no review date after a deemed refusal, and the reason in words", async () => {
    const body = await deadline("jurisdiction=CA-BC&type=access&receivedAt=2026-03-05");
    expect((body.complaint as { deadline: string | null }).deadline).toBeNull();
    expect((body.uncertainties as { id: string }[]).map((x) => x.id)).toContain("CA-BC-review-after-no-response");
  });
});

describe("GET /api/v1/jurisdictions lists the reviewed rule fields", () => {
  it("computation law, uncertainties, last review and what each version replaces", async () => {
    const res = (await jurisdictionsApi.loader()) as Response;
    const body = (await res.json()) as { jurisdictions: { code: string; rules: Record<string, unknown>[] }[] };
    const gb = body.jurisdictions.find((j) => j.code === "GB")!.rules.filter((r) => r.id === "GB/access");
    expect(gb.map((r) => r.version)).toEqual([1, 2, 3]);
    const v3 = gb.find((r) => r.version === 3)!;
    expect(v3).toMatchObject({
      effectiveFrom: "2026-02-05",
      counting: "period_beginning_with_receipt_day",
      lastReviewed: "2026-12-04",
      replaces: { version: 2, reason: "change_in_law" },
      pause: {
        reasons: ["identity", "clarification"],
        modes: { identity: "restart", clarification: "suspend_inclusive" },
      },
      computation: {
        id: "GB/2026-02-duaa",
        rollForward: "weekends_and_holidays",
        rolls: ["response", "extension_notice", "extension_end", "acknowledgement", "complaint"],
      },
      latestDefensibleReading: { counting: "receipt_day_is_day_one", everyDate: true },
    });
    const v1 = gb.find((r) => r.version === 1)!;
    expect(v1).toMatchObject({
      lastReviewed: null,
      uncertainties: [],
      replaces: null,
      computation: { rolls: ["response", "extension_end"] },
    });
  });
});

describe("vendor API request detail", () => {
  it("carries the notice date and the latest defensible dates beside the deadline", async () => {
    const vendor = insertVendor(portal.handle, { slug: "facette" });
    const adminId = await insertUser(portal.handle, {
      email: "admin@facette.example",
      password: "x-x-x-x-x",
      role: "vendor_admin",
      vendorId: vendor.id,
    });
    const key = createApiKey(
      {
        id: adminId,
        email: "x",
        name: "x",
        role: "vendor_admin",
        vendorId: vendor.id,
        organisation: null,
        jurisdictions: [],
        locale: "en",
      },
      "CRM",
      portal.now(),
    ).key;
    const reference = fileRequest(
      {
        vendor: ["facette"],
        jurisdiction: "US-CA",
        type: ["access"],
        fullName: "Noah Kim",
        email: "noah@example.com",
        idempotencyKey: "deadline-law-api-0123456789",
      },
      { locale: "en", now: portal.now() },
    ).requests[0]!.reference;
    confirmEmail(verifyPathFor(portal.handle, "noah@example.com").slice("/verify/".length), { now: portal.now() });
    const res = (await detail.loader({
      request: getRequest(`/api/v1/requests/${reference}`, undefined, { Authorization: `Bearer ${key}` }),
      params: { ref: reference },
      context: {},
    })) as Response;
    expect(res.status).toBe(200);
    const body = (await res.json()) as { deadline: Record<string, unknown> };
    expect(body.deadline).toMatchObject({
      ruleId: "US-CA/access",
      ruleVersion: 2,
      respondBy: "2026-04-18",
      extension: { noticeBy: "2026-04-18", maxRespondBy: "2026-06-02" },
      latestDefensible: { respondBy: "2026-04-20", noticeBy: "2026-04-20" },
    });
  });
});

describe("the deadline facts residents and staff see", () => {
  function render(query: { jurisdiction: string; type: string; receivedAt: string }, locale: Locale): string {
    const r = computeDeadlineFromParams({ ...query, now: new Date("2026-03-06T12:00:00Z"), locale });
    if (!r.ok) throw new Error(r.error);
    const t = createTranslator(locale, (locale === "en" ? en : fr) as never);
    return renderToStaticMarkup(
      createElement(I18nProvider, {
        value: { t, i18n: { language: locale } },
        children: createElement(DeadlineFacts, { d: toDeadlineView(r.result), closed: false, locale }),
      }),
    );
  }

  it("shows the latest defensible date beside the deadline, the notice date, and the unsettled points in words", () => {
    const html = render({ jurisdiction: "US-CA", type: "access", receivedAt: "2026-03-05" }, "en");
    expect(html).toContain("Latest date under another reading of the law");
    expect(html).toContain("Monday, April 20, 2026"); // 5 Mar + 45 = Sun 19 Apr → Mon 20 Apr (CCP §§12, 12a); the deadline stays Sat 18 Apr
    expect(html).toContain("Notice of an extension due by");
    expect(html).toContain("Points of law not settled");
    expect(html).toContain("California&#x27;s regulation says the 45 days begin");
    expect(html).not.toMatch(/MEMORY|UNSURE/);
    const frHtml = render({ jurisdiction: "US-CA", type: "access", receivedAt: "2026-03-05" }, "fr-CA");
    expect(frHtml).toContain("Date la plus tardive selon une autre lecture de la loi");
    expect(frHtml).toContain("Points de droit non tranchés");
  });

  it("shows no second date where the law is settled (Texas)", () => {
    const html = render({ jurisdiction: "US-TX", type: "deletion", receivedAt: "2026-03-05" }, "en");
    expect(html).not.toContain("another reading");
    expect(html).not.toContain("Points of law not settled");
    expect(html).toContain("Notice of an extension due by");
  });
});
