// A request keeps the rule version it was filed under: once published, a version's text and
// dates never change. Every version recorded in legacy-versions.json must still produce exactly
// the fingerprint recorded there (rule fields as first published + dates over ~150 receipts ×
// 30 event histories). New versions are appended to the file; entries are never edited.
import { describe, expect, it } from "vitest";
import { getRule, listRules } from "~/domain/deadlines";
import { fingerprint, readSnapshot } from "./legacy-snapshot";

const snapshot = readSnapshot();

describe("published rule versions never change", () => {
  it.each(Object.entries(snapshot))("%s computes exactly as recorded", (key, hash) => {
    const at = key.lastIndexOf("@");
    const rule = getRule(key.slice(0, at), Number(key.slice(at + 1)));
    expect(rule, `${key} was removed`).toBeDefined();
    expect(fingerprint(rule!)).toBe(hash);
  });

  it("every version in the registry is recorded (run legacy-snapshot.ts --write after adding one)", () => {
    for (const rule of listRules()) expect(snapshot).toHaveProperty([`${rule.id}@${rule.version}`]);
  });
});
