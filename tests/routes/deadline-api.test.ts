import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as api from "../../app/routes/api.v1.deadlines";
import * as jurisdictionsApi from "../../app/routes/api.v1.jurisdictions";
import * as calculator from "../../app/routes/deadlines";
import { JURISDICTIONS, REQUEST_TYPES } from "../../app/domain/deadlines";
import { createTestPortal, getRequest, type TestPortal } from "../helpers/test-portal";

let portal: TestPortal;
beforeEach(() => {
  portal = createTestPortal({ now: "2026-03-05T15:00:00Z" });
});
afterEach(() => portal.close());

async function getJson(url: string) {
  const res = (await api.loader({ request: getRequest(url), params: {}, context: {} })) as Response;
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
}

describe("GET /api/v1/deadlines", () => {
  it("answers for every jurisdiction × type with the pinned fields", async () => {
    for (const j of JURISDICTIONS) {
      for (const t of REQUEST_TYPES) {
        const { status, body } = await getJson(`/api/v1/deadlines?jurisdiction=${j}&type=${t}&receivedAt=2026-03-05`);
        expect(status, `${j} ${t}`).toBe(200);
        for (const k of [
          "jurisdiction",
          "type",
          "timeZone",
          "receivedOn",
          "statutory",
          "respondBy",
          "respondByInstant",
          "acknowledgeBy",
          "extension",
          "noReply",
          "citation",
          "explanation",
        ]) {
          expect(body, `${j} ${t} ${k}`).toHaveProperty(k);
        }
        expect(body.receivedOn).toBe("2026-03-05");
        expect(String(body.citation).length).toBeGreaterThan(3);
        if (body.statutory) {
          expect(body.respondBy).toMatch(/^\d{4}-\d{2}-\d{2}$/);
          expect(body.respondByInstant).toMatch(/Z$/);
        } else {
          // No invented statutory date: the service target is labelled as such.
          expect(body.respondBy).toBeNull();
          expect(body.serviceTarget).toMatchObject({ statutory: false });
        }
      }
    }
  });

  it("EDPB Example 32 through the API: France, received 5 March 2026 → one month → 5 April is a Sunday → Monday 6 April is Easter Monday → 7 April", async () => {
    const { body } = await getJson("/api/v1/deadlines?jurisdiction=FR&type=access&receivedAt=2026-03-05");
    expect(body).toMatchObject({
      jurisdiction: "FR",
      timeZone: "Europe/Paris",
      receivedOn: "2026-03-05",
      respondBy: "2026-04-07",
      statutory: true,
      noReply: null,
    });
    expect(body.respondByInstant).toBe("2026-04-07T21:59:59.999Z");
    expect((body.extension as { maxRespondBy: string }).maxRespondBy).toMatch(/^2026-06-0/);
  });

  it("an instant late in the evening local time uses the local date", async () => {
    // 23:30 in Los Angeles on 5 March is 6 March in UTC.
    const { body } = await getJson(
      "/api/v1/deadlines?jurisdiction=US-CA&type=access&receivedAt=" + encodeURIComponent("2026-03-05T23:30:00-08:00"),
    );
    expect(body.receivedOn).toBe("2026-03-05");
    expect(body.noReply).toBeNull();
    expect(body.acknowledgeBy).toMatch(/^2026-03-/);
  });

  it("Québec: deemed refusal on silence", async () => {
    const { body } = await getJson("/api/v1/deadlines?jurisdiction=CA-QC&type=access&receivedAt=2026-03-05");
    expect(body).toMatchObject({ noReply: "deemed_refusal", extension: null, timeZone: "America/Toronto" });
  });

  it.each([
    ["/api/v1/deadlines", /jurisdiction is required/],
    ["/api/v1/deadlines?jurisdiction=XX&type=access&receivedAt=2026-03-05", /Unknown jurisdiction/],
    ["/api/v1/deadlines?jurisdiction=GB&type=erase&receivedAt=2026-03-05", /Unknown request type/],
    ["/api/v1/deadlines?jurisdiction=GB&type=access&receivedAt=2026-02-30", /receivedAt must be/],
    ["/api/v1/deadlines?jurisdiction=GB&type=access&receivedAt=yesterday", /receivedAt must be/],
  ])("bad parameters give 400 JSON with the valid values: %s", async (url, message) => {
    const { status, body } = await getJson(url);
    expect(status).toBe(400);
    expect(body.error).toMatch(message);
    expect((body.valid as { jurisdiction: string[] }).jurisdiction).toContain("CA-QC");
    expect((body.valid as { type: string[] }).type).toEqual(["access", "deletion", "correction", "opt_out", "limit"]);
  });

  it("answers in French with lang=fr", async () => {
    const { body } = await getJson("/api/v1/deadlines?jurisdiction=CA-QC&type=access&receivedAt=2026-03-05&lang=fr");
    expect((body.explanation as string[]).join(" ")).toMatch(/reçue|Reçue/);
  });
});

describe("GET /api/v1/jurisdictions", () => {
  it("lists every rule version with citations", async () => {
    const res = (await jurisdictionsApi.loader()) as Response;
    const body = (await res.json()) as {
      jurisdictions: { code: string; rules: { id: string; version: number; citations: string[] }[] }[];
    };
    expect(body.jurisdictions.map((j) => j.code)).toEqual([...JURISDICTIONS]);
    for (const j of body.jurisdictions) {
      for (const t of REQUEST_TYPES) expect(j.rules.some((r) => r.id === `${j.code}/${t}`)).toBe(true);
      for (const r of j.rules) expect(r.citations.length).toBeGreaterThan(0);
    }
  });
});

describe("calculator page loader", () => {
  it("computes from GET parameters", async () => {
    const data = (await calculator.loader({
      request: getRequest("/deadlines?jurisdiction=GB&type=access&receivedAt=2026-01-31"),
      params: {},
      context: {},
    })) as {
      result: { respondBy: string };
    };
    // ICO: 31 Jan → 28 Feb (no 31 Feb); 28 Feb 2026 is a Saturday → next working day, Mon 2 Mar.
    expect(data.result.respondBy).toBe("2026-03-02");
  });

  it("gives field errors in the page language, never a 500", async () => {
    const data = (await calculator.loader({
      request: getRequest("/deadlines?jurisdiction=ZZ&type=&receivedAt=31/01/2026&lng=fr"),
      params: {},
      context: {},
    })) as {
      errors: Record<string, string>;
    };
    expect(data.errors).toEqual({
      jurisdiction: "errors.jurisdictionUnknown",
      type: "errors.typeRequired",
      receivedAt: "errors.dateInvalid",
    });
  });
});
