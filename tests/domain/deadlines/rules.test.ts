// Rule registry: coverage of every jurisdiction × request type, versions, metadata quality, and
// the purity rules of app/domain/deadlines.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  describeJurisdiction,
  findRule,
  getRule,
  isJurisdictionCode,
  isRequestType,
  JURISDICTIONS,
  listHolidays,
  listRules,
  REQUEST_TYPES,
  UNSURE_CHOICES,
} from "~/domain/deadlines";
import { at, noonUtc } from "./helpers";

describe("coverage", () => {
  it("has the 39 jurisdictions and 5 request types", () => {
    expect(JURISDICTIONS).toHaveLength(39);
    expect(new Set(JURISDICTIONS).size).toBe(39);
    expect(JURISDICTIONS).toContain("GR");
    expect(JURISDICTIONS).not.toContain("EL");
    expect(REQUEST_TYPES).toEqual(["access", "deletion", "correction", "opt_out", "limit"]);
    expect(isJurisdictionCode("CA-QC")).toBe(true);
    expect(isJurisdictionCode("EL")).toBe(false);
    expect(isRequestType("opt_out")).toBe(true);
    expect(isRequestType("erase")).toBe(false);
  });

  it.each(JURISDICTIONS.flatMap((j) => REQUEST_TYPES.map((t) => [j, t] as const)))(
    "%s × %s has a rule with a citation and both summaries",
    (j, t) => {
      const rule = findRule(j, t, noonUtc("2026-03-05"));
      expect(rule.id).toBe(`${j}/${t}`);
      expect(rule.jurisdiction).toBe(j);
      expect(rule.type).toBe(t);
      expect(rule.citations.length).toBeGreaterThan(0);
      expect(rule.citation).toBe(rule.citations[0]);
      expect(rule.summary.en.length).toBeGreaterThan(20);
      expect(rule.summary["fr-CA"].length).toBeGreaterThan(20);
      expect(Number.isInteger(rule.version)).toBe(true);
      expect(rule.effectiveFrom).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(() => new Intl.DateTimeFormat("en", { timeZone: rule.timeZone })).not.toThrow();
      expect(rule.notes.length).toBeGreaterThan(0);
      if (rule.statutory) {
        expect(rule.period).not.toBeNull();
        expect(rule.nonStatutory).toBeNull();
      } else {
        expect(rule.period).toBeNull();
        expect(rule.nonStatutory?.defaultServiceTargetDays).toBe(30);
        expect(rule.nonStatutory?.requirements.en.length).toBeGreaterThan(20);
      }
      if (rule.extension) expect(rule.extension.maxTimes).toBe(1);
      if (rule.noReply === "deemed_refusal") expect(["CA", "CA-QC", "CA-BC", "CA-AB"]).toContain(j);
      // Every rule's calendar loads (date-holidays country/state codes are valid).
      expect(Array.isArray(listHolidays(rule.holidayCalendar, 2026))).toBe(true);
    },
  );

  it("every EU member state uses GDPR with its own zone and a national calendar", () => {
    const eu = JURISDICTIONS.filter((j) => /^[A-Z]{2}$/.test(j) && j !== "CA" && j !== "GB");
    expect(eu).toHaveLength(27);
    for (const j of eu) {
      const r = findRule(j, "access", noonUtc("2026-03-05"));
      expect(r.regime).toBe("GDPR");
      expect(r.holidayCalendar.country).toBe(j);
      expect(r.period).toEqual({ kind: "months", length: 1 });
      expect(listHolidays(r.holidayCalendar, 2026).length).toBeGreaterThan(5);
    }
    expect(findRule("GR", "access", noonUtc("2026-03-05")).timeZone).toBe("Europe/Athens");
  });

  it("Québec calendar includes Easter Monday (I-16 s.61(23)(d)); BC includes 26 Dec; federal includes 30 Sept", () => {
    const names = (j: "CA-QC" | "CA-BC" | "CA", year: number) =>
      listHolidays(findRule(j, "access", noonUtc("2026-03-05")).holidayCalendar, year).map((h) => h.name.en);
    expect(names("CA-QC", 2026)).toContain("Easter Monday");
    expect(names("CA-BC", 2026)).toContain("Boxing Day (26 December)");
    expect(names("CA-BC", 2026)).not.toContain("Family Day");
    expect(names("CA", 2026)).toContain("National Day for Truth and Reconciliation");
    expect(names("CA", 2020)).not.toContain("National Day for Truth and Reconciliation");
  });
});

describe("versions", () => {
  it("a request keeps the version in force on its local receipt date", () => {
    // Versions 3 and 4 correct versions 1 and 2 (December 2026 review: C.R.S. §2-4-108 rolls) from
    // the same effective dates: new receipts get the correction, filed requests keep 1 or 2.
    expect(findRule("US-CO", "access", noonUtc("2025-06-30")).version).toBe(3);
    expect(findRule("US-CO", "access", noonUtc("2025-07-01")).version).toBe(4);
    // 23:30 MDT on 30 Jun 2025 is 05:30Z on 1 Jul: still the pre-HB24-1130 version (local date decides).
    expect(findRule("US-CO", "access", at("2025-07-01T05:30:00Z")).version).toBe(3);
    const hb = "C.R.S. §6-1-1314 (HB24-1130: access to biometric identifiers)";
    expect(getRule("US-CO/access", 1)?.citations).not.toContain(hb);
    expect(getRule("US-CO/access", 2)?.citations).toContain(hb);
    expect(getRule("US-CO/access", 3)?.citations).not.toContain(hb);
    expect(getRule("US-CO/access", 4)?.citations).toContain(hb);
    expect(getRule("US-CO/access", 3)?.replaces?.version).toBe(1);
    expect(getRule("US-CO/access", 4)?.replaces?.version).toBe(2);
    expect(getRule("US-CO/access", 5)).toBeUndefined();
    expect(getRule("nope/access", 1)).toBeUndefined();
  });

  it("Québec opt-out becomes statutory with Law 25 s.28.1 (22 Sept 2023)", () => {
    expect(findRule("CA-QC", "opt_out", noonUtc("2023-09-21")).statutory).toBe(false);
    expect(findRule("CA-QC", "opt_out", noonUtc("2023-09-22")).statutory).toBe(true);
  });

  it("a receipt before the first effective date gets the version of that date (the correction, where there is one)", () => {
    expect(findRule("US-TX", "access", noonUtc("2020-01-01")).version).toBe(2); // version 2 corrects version 1 from 1 Jul 2024
    expect(findRule("US-TX", "access", noonUtc("2020-01-01")).effectiveFrom).toBe("2024-07-01");
    expect(findRule("US-IL", "access", noonUtc("2000-01-01")).version).toBe(1); // version 2 starts later (2 Aug 2024)
  });

  it("listRules returns every version, ids unique per version", () => {
    const all = listRules();
    expect(all.length).toBeGreaterThanOrEqual(JURISDICTIONS.length * REQUEST_TYPES.length + 3);
    const keys = all.map((r) => `${r.id}@${r.version}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe("metadata", () => {
  it("describeJurisdiction gives names and regimes in both locales", () => {
    expect(describeJurisdiction("US-CA", "en")).toMatchObject({
      code: "US-CA",
      name: "California",
      regime: "CCPA/CPRA",
    });
    expect(describeJurisdiction("US-CA", "fr-CA").name).toBe("Californie");
    expect(describeJurisdiction("CA-QC", "fr-CA")).toMatchObject({ name: "Québec", regime: "P-39.1" });
    expect(describeJurisdiction("DE", "fr-CA")).toMatchObject({ name: "Allemagne", regime: "RGPD" });
    expect(describeJurisdiction("CA", "fr-CA").regime).toBe("LPRPDE");
  });

  it("US-CA rules never pause and cite §7021(b)", () => {
    for (const t of ["access", "deletion", "correction"] as const) {
      const r = findRule("US-CA", t, noonUtc("2026-03-05"));
      expect(r.pause.allowed).toBe(false);
      expect(r.pause.citation).toBe("11 CCR §7021(b)");
      expect(r.acknowledgement?.period).toEqual({ kind: "business_days", length: 10 });
    }
    expect(findRule("US-CA", "opt_out", noonUtc("2026-03-05")).citation).toBe("11 CCR §7026(f)(1)");
    expect(findRule("US-CA", "limit", noonUtc("2026-03-05")).citation).toBe("11 CCR §7027(g)(1)");
  });

  it("UNSURE_CHOICES: each has id, rule ids, choice and reasoning; every UNSURE note is listed", () => {
    const ids = new Set(UNSURE_CHOICES.map((c) => c.id));
    expect(ids.size).toBe(UNSURE_CHOICES.length);
    for (const c of UNSURE_CHOICES) {
      expect(c.ruleIds.length).toBeGreaterThan(0);
      expect(c.choice.length).toBeGreaterThan(10);
      expect(c.reasoning.length).toBeGreaterThan(10);
    }
    // Notes reference UNSURE choices as "UNSURE (<id>)", and uncertainties carry their id: those ids must exist.
    for (const rule of listRules()) {
      for (const note of rule.notes) {
        for (const m of note.matchAll(/UNSURE \(([A-Za-z0-9.-]+)\)/g)) expect(ids).toContain(m[1]);
      }
      for (const u of rule.uncertainties) expect(ids, `${rule.id}@${rule.version}`).toContain(u.id);
    }
  });
});

describe("purity of app/domain/deadlines", () => {
  const dir = fileURLToPath(new URL("../../../app/domain/deadlines", import.meta.url));
  const files = readdirSync(dir).filter((f) => f.endsWith(".ts"));

  it.each(files)("%s never reads the clock or imports I/O", (file) => {
    const src = readFileSync(join(dir, file), "utf8");
    expect(src).not.toContain("Date.now(");
    expect(src).not.toContain("new Date()");
    expect(src).not.toMatch(/from ["'](node:|fs|path|@remix-run|nodemailer|better-sqlite3|drizzle-orm)/);
    expect(file).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*\.ts$/);
  });
});
