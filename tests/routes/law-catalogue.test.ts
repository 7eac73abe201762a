/**
 * The public catalogue of the rules: `/law`, `/law/<place>` and `/api/v1/rules` through the real
 * route modules. Every jurisdiction × request type is there with the version in force on the
 * day, its citations and history; the JSON matches its published schema; no research label ever
 * reaches a reader.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as lawIndex from "../../app/routes/law._index";
import * as lawPlace from "../../app/routes/law.$code";
import * as rulesApi from "../../app/routes/api.v1.rules";
import { findRule, JURISDICTIONS, listRules, REQUEST_TYPES } from "../../app/domain/deadlines";
import { describeLawCatalogue } from "../../app/domain/law-catalogue";
import { publicRulesSchema, type PublicRules } from "../../app/server/api/law-api.server";
import { createTestPortal, getRequest, type TestPortal } from "../helpers/test-portal";

let portal: TestPortal;
beforeEach(() => {
  portal = createTestPortal({ now: "2026-12-04T12:00:00Z" });
});
afterEach(() => portal.close());

type Loader = (args: { request: Request; params: Record<string, string>; context: object }) => Promise<unknown>;
async function load(mod: { loader: unknown }, url: string, params: Record<string, string> = {}): Promise<unknown> {
  try {
    return await (mod.loader as Loader)({ request: getRequest(url), params, context: {} });
  } catch (thrown) {
    return thrown;
  }
}

/** Words of the research notes that must never be shown to a resident or a lawyer as such. */
const RESEARCH_LABEL = /\b(MEMORY|UNSURE|V-sec|TODO|FIXME)\b|\(M\)|\(V\)/;

describe("/law", () => {
  it("lists every place with its law and links to its rules", async () => {
    const page = (await load(lawIndex, "/law?lng=en")) as { places: { code: string; name: string; regime: string }[] };
    expect(page.places.map((p) => p.code).sort()).toEqual([...JURISDICTIONS].sort());
    expect(page.places.find((p) => p.code === "CA-QC")).toMatchObject({ name: "Québec", regime: expect.any(String) });
  });

  it("shows, per place, every request type with the version in force, its citations and its history", async () => {
    const page = (await load(lawPlace, "/law/GB", { code: "GB" })) as ReturnType<typeof describeLawCatalogue>[number];
    expect(page.entries.map((e) => e.type)).toEqual([...REQUEST_TYPES]);
    for (const e of page.entries) {
      const inForce = findRule("GB", e.type, portal.now());
      expect(e.current.version).toBe(inForce.version);
      expect(e.current.citations.length).toBeGreaterThan(0);
      expect(e.history.map((v) => v.version)).toEqual(
        listRules()
          .filter((r) => r.id === `GB/${e.type}`)
          .map((r) => r.version)
          .sort((a, b) => a - b),
      );
      expect(e.history.some((v) => v.version === e.current.version)).toBe(true);
    }
    // An unknown place is a 404, never a 500.
    expect(((await load(lawPlace, "/law/XX", { code: "XX" })) as Response).status).toBe(404);
  });

  it("states the law in words a reader understands: no research label in any text, in either language", () => {
    for (const locale of ["en", "fr-CA"] as const) {
      for (const j of describeLawCatalogue({ now: portal.now(), locale })) {
        for (const e of j.entries) {
          const v = e.current;
          const texts = [
            v.summary,
            v.computation.description ?? "",
            v.extension?.conditions ?? "",
            v.pause.explanation,
            v.complaint?.windowText ?? "",
            v.nonStatutory?.requirements ?? "",
            ...v.uncertainties.map((u) => u.text),
          ];
          for (const text of texts) expect(text, `${e.ruleId} v${v.version} (${locale})`).not.toMatch(RESEARCH_LABEL);
        }
      }
    }
  });
});

describe("GET /api/v1/rules", () => {
  it("answers the whole catalogue as open data matching its published schema, filterable, in either language", async () => {
    const res = (await load(rulesApi, "/api/v1/rules")) as Response;
    expect(res.status).toBe(200);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("*");
    const all = publicRulesSchema.parse(await res.json()) as PublicRules;
    expect(all.jurisdictions).toHaveLength(JURISDICTIONS.length);
    expect(all.jurisdictions.flatMap((j) => j.rules)).toHaveLength(JURISDICTIONS.length * REQUEST_TYPES.length);
    expect(all.licence).toMatch(/CC BY 4\.0/);

    const fr = publicRulesSchema.parse(
      await ((await load(rulesApi, "/api/v1/rules?jurisdiction=CA-QC&type=access&lang=fr")) as Response).json(),
    );
    expect(fr.language).toBe("fr-CA");
    expect(fr.jurisdictions).toHaveLength(1);
    expect(fr.jurisdictions[0]!.rules.map((r) => r.ruleId)).toEqual(["CA-QC/access"]);
    expect(fr.jurisdictions[0]!.name).toBe("Québec");

    for (const bad of ["jurisdiction=XX", "type=erase", "lang=de"]) {
      const r = (await load(rulesApi, `/api/v1/rules?${bad}`)) as Response;
      expect(r.status, bad).toBe(400);
    }
  });
});
