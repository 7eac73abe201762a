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
const SAME_ALLOWED = new Set(["messages.title", "mailbox.html", "regulator.vendor", "nav.regulator", "vendor.pager", "vendor.actions", "vendor.reference"]);

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
