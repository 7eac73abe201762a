// Property tests (fast-check) over every stored rule version.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computeDeadline, listHolidays, listRules, type DeadlineRule } from "~/domain/deadlines";
import { intlLocalDate, weekdayOfIso } from "./helpers";

const RULES = listRules();
const MIN = Date.UTC(2000, 0, 1);
const MAX = Date.UTC(2040, 0, 1);
const instant = fc.integer({ min: MIN, max: MAX }).map((ms) => new Date(ms));
const ruleArb = fc.constantFrom(...RULES);
const NOW = new Date(Date.UTC(2020, 0, 1));

const compute = (rule: DeadlineRule, receivedAt: Date) =>
  computeDeadline({ rule, receivedAt, now: NOW, explain: false });

function isHoliday(rule: DeadlineRule, date: string): boolean {
  const year = Number(date.slice(0, 4));
  const day = Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
  return listHolidays(rule.holidayCalendar, year).some((h) => h.date === day);
}

describe("deadline properties", () => {
  it("a later receipt never gives an earlier deadline (per rule)", () => {
    fc.assert(
      fc.property(ruleArb, instant, fc.integer({ min: 0, max: 400 * 86_400_000 }), (rule, r1, delta) => {
        const r2 = new Date(r1.getTime() + delta);
        const a = compute(rule, r1);
        const b = compute(rule, r2);
        expect(a.respondBy <= b.respondBy).toBe(true);
        expect(a.respondByInstant.getTime() <= b.respondByInstant.getTime()).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it("where the rule rolls forward, the deadline is never a weekend (or Sunday, per rule) or a holiday of its calendar", () => {
    const rolling = RULES.filter((r) => r.statutory && r.rollForward !== "none");
    fc.assert(
      fc.property(fc.constantFrom(...rolling), instant, (rule, r) => {
        const res = compute(rule, r);
        const w = weekdayOfIso(res.respondBy);
        expect(w).not.toBe(0);
        if (rule.rollForward === "weekends_and_holidays") expect(w).not.toBe(6);
        expect(isHoliday(rule, res.respondBy)).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });

  it("respondByInstant is the last millisecond of respondBy in the rule time zone", () => {
    fc.assert(
      fc.property(ruleArb, instant, (rule, r) => {
        const res = compute(rule, r);
        expect(intlLocalDate(res.respondByInstant, rule.timeZone)).toBe(res.respondBy);
        expect(intlLocalDate(new Date(res.respondByInstant.getTime() + 1), rule.timeZone)).not.toBe(res.respondBy);
      }),
      { numRuns: 3000 },
    );
  });

  it("receivedOn is the local date of receivedAt in the rule time zone", () => {
    fc.assert(
      fc.property(ruleArb, instant, (rule, r) => {
        expect(compute(rule, r).receivedOn).toBe(intlLocalDate(r, rule.timeZone));
      }),
      { numRuns: 3000 },
    );
  });

  it("the deadline is never before receipt, and an extension never shortens it", () => {
    fc.assert(
      fc.property(ruleArb, instant, (rule, r) => {
        const res = compute(rule, r);
        expect(res.respondBy >= res.receivedOn).toBe(true);
        if (res.extension) {
          expect(res.extension.maxRespondBy >= res.respondBy).toBe(true);
          expect(res.extension.noticeBy >= res.receivedOn).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("explanation text is produced in both locales and always ends with the respond-by date", () => {
    fc.assert(
      fc.property(ruleArb, instant, fc.constantFrom("en" as const, "fr-CA" as const), (rule, r, locale) => {
        const res = computeDeadline({ rule, receivedAt: r, now: NOW, locale });
        const steps = res.explanation;
        expect(steps[0]!.key).toBe("deadline.received");
        expect(steps.some((s) => s.key === "deadline.respond_by" && s.params.date === res.respondBy)).toBe(true);
        for (const s of steps) expect(s.text.length).toBeGreaterThan(0);
      }),
      { numRuns: 1000 },
    );
  });
});
