import { describe, expect, it } from "vitest";
import en from "../../app/locales/en.json";
import fr from "../../app/locales/fr-CA.json";

function flatten(obj: unknown, prefix = ""): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj as Record<string, unknown>)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === "object") Object.assign(out, flatten(v, key));
    else out[key] = String(v);
  }
  return out;
}
// i18next plural suffixes differ by language only in which forms exist; en and fr both use one/other.
const SAME_ALLOWED = new Set([
  "messages.title",
  "mailbox.html",
  "regulator.vendor",
  "nav.regulator",
  "vendor.pager",
  "vendor.actions",
  "vendor.reference",
  "law.version",
  "law.sources",
]);

describe("translations (en / fr-CA)", () => {
  const e = flatten(en);
  const f = flatten(fr);
  it("have the same keys", () => {
    expect(Object.keys(f).sort()).toEqual(Object.keys(e).sort());
  });
  it("have no empty value", () => {
    expect(Object.entries({ ...e, ...f }).filter(([, v]) => v.trim() === "")).toEqual([]);
  });
  it("French is really translated (identical values only where allowed)", () => {
    const same = Object.keys(e).filter((k) => e[k] === f[k] && !SAME_ALLOWED.has(k));
    expect(same).toEqual([]);
  });
  it("keep the same interpolation variables", () => {
    const vars = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    const mismatched = Object.keys(e).filter((k) => JSON.stringify(vars(e[k]!)) !== JSON.stringify(vars(f[k] ?? "")));
    expect(mismatched).toEqual([]);
  });
});

describe("the browser translator agrees with i18next", () => {
  it("gives the same text for every key, both languages, singular and plural", async () => {
    const { createTranslator } = await import("../../app/i18n");
    const { getServerI18n, MESSAGES } = await import("../../app/server/core/i18n.server");
    for (const locale of ["en", "fr-CA"] as const) {
      const tiny = createTranslator(locale, MESSAGES[locale]);
      const ref = getServerI18n(locale);
      const keys = new Set(Object.keys(flatten(MESSAGES[locale])).map((k) => k.replace(/_(one|other)$/, "")));
      for (const key of keys) {
        for (const params of [
          undefined,
          { count: 0 },
          { count: 1 },
          { count: 2 },
          { count: 5, name: "Ann", vendor: "V", date: "d", reference: "R" },
        ]) {
          const vars = {
            name: "Ann",
            vendor: "V",
            date: "d",
            reference: "R",
            email: "e",
            jurisdiction: "J",
            organisation: "O",
            jurisdictions: "JJ",
            id: "1",
            version: "2",
            status: "s",
            at: "t",
            max: "m",
            notice: "n",
            seq: "3",
            reason: "r",
            checkpoints: "4",
            size: "5",
            images: "6",
            templates: "7",
            searches: "8",
            disclosures: "9",
            fulfilled: "a",
            partial: "b",
            denied: "c",
            withdrawn: "d2",
            deemed: "e2",
            year: "2025",
            vendors: "VV",
          };
          const p = params ? { ...vars, ...params } : undefined;
          expect(tiny(key, p), `${locale} ${key} ${JSON.stringify(params)}`).toBe(String(ref.t(key, p as never)));
        }
      }
    }
  });
});
