// Guards on the one place that says how each jurisdiction computes time (ComputationLaw): every
// rule version written since the legal review of 4 December 2026 ends every date it computes —
// response, extension notice, extended date, acknowledgement, complaint or review window, under
// the later reading too — through its jurisdiction's law, so the next rule or jurisdiction added
// cannot roll one date and forget another. Also: no research labels in anything a resident reads.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  COMPUTED_DATE_KINDS,
  computeDeadline,
  findRule,
  getRule,
  JURISDICTIONS,
  listHolidays,
  listRules,
  REQUEST_TYPES,
  type DeadlineEvent,
  type DeadlineRule,
  type HolidayCalendarSpec,
  type RollForward,
} from "~/domain/deadlines";
import { noonUtc, weekdayOfIso } from "./helpers";

const REVIEWED = listRules().filter((r) => r.lastReviewed !== null);
const ROLLING = REVIEWED.filter((r) => r.statutory && r.computation.rollForward !== "none");
const DAY = 86_400_000;

function isNonWorking(date: string, roll: RollForward, calendar: HolidayCalendarSpec): boolean {
  const w = weekdayOfIso(date);
  if (w === 0) return true;
  if (w === 6 && roll === "weekends_and_holidays") return true;
  const day = Math.round(Date.parse(`${date}T00:00:00Z`) / DAY);
  return listHolidays(calendar, Number(date.slice(0, 4))).some((h) => h.date === day);
}

describe("every current rule is reviewed", () => {
  it.each(JURISDICTIONS.flatMap((j) => REQUEST_TYPES.map((t) => [j, t] as const)))(
    "%s × %s, received today, has a reviewed version and its jurisdiction's law",
    (j, t) => {
      const rule = findRule(j, t, noonUtc("2026-12-04"));
      expect(rule.lastReviewed).toBe("2026-12-04");
      expect(rule.computation.id.startsWith(`${j}/`)).toBe(true);
      expect(rule.computation.rolls).toEqual(COMPUTED_DATE_KINDS);
      expect(rule.holidayCalendar).toBe(rule.computation.holidayCalendar);
      if (rule.statutory) expect(rule.rollForward).toBe(rule.computation.rollForward);
      expect(rule.computation.description.en.length).toBeGreaterThan(40);
      expect(rule.computation.description["fr-CA"].length).toBeGreaterThan(40);
    },
  );

  it("a correction takes effect on the date of the version it corrects; every replaced version still exists", () => {
    for (const rule of REVIEWED) {
      if (!rule.replaces) continue;
      const old = getRule(rule.id, rule.replaces.version);
      expect(old, `${rule.id}@${rule.version} replaces a missing version`).toBeDefined();
      if (rule.replaces.reason === "correction")
        expect(rule.effectiveFrom, `${rule.id}@${rule.version}`).toBe(old!.effectiveFrom);
      else expect(rule.effectiveFrom > old!.effectiveFrom).toBe(true);
      expect(rule.replaces.changes.en.length).toBeGreaterThan(20);
      expect(rule.replaces.changes["fr-CA"].length).toBeGreaterThan(20);
    }
  });

  it("a later reading that moves dates is explained as an uncertainty, and the reverse", () => {
    for (const rule of REVIEWED) {
      const computed = rule.uncertainties.some((u) => u.inLatestDefensibleDate);
      const alt = rule.alternativeReading;
      if (alt) expect(alt.scope, `${rule.id}@${rule.version}`).toBe("every_date");
      expect(Boolean(alt && rule.statutory), `${rule.id}@${rule.version}`).toBe(computed && rule.statutory);
      for (const u of rule.uncertainties) {
        expect(u.text.en.length).toBeGreaterThan(60);
        expect(u.text["fr-CA"].length).toBeGreaterThan(60);
        expect(u.sources.length).toBeGreaterThan(0);
      }
    }
  });
});

describe("no research labels in anything a resident reads", () => {
  const LABEL = /\b(MEMORY|UNSURE|VERIFIED|V-sec)\b|MÉMOIRE|INCERTAIN|\((M|V)\)/;
  const texts = (r: DeadlineRule): string[] => {
    const l = (x: { en: string; "fr-CA": string } | null | undefined) => (x ? [x.en, x["fr-CA"]] : []);
    return [
      ...l(r.summary),
      ...l(r.regimeName),
      r.citation,
      ...r.citations,
      ...(r.complaint ? [...l(r.complaint.regulator), ...l(r.complaint.windowText), r.complaint.citation] : []),
      ...(r.extension ? [...l(r.extension.conditions), r.extension.citation] : []),
      ...l(r.pause.explanation),
      r.pause.citation,
      ...l(r.nonStatutory?.requirements),
      r.acknowledgement?.citation ?? "",
      r.computation.citation,
      ...l(r.computation.description),
      ...l(r.computation.noRollReason),
      r.holidayCalendar.citation,
      ...l(r.holidayCalendar.place),
      ...r.uncertainties.flatMap((u) => [...l(u.text), ...u.sources]),
      ...l(r.replaces?.changes),
      r.alternativeReading?.citation ?? "",
    ];
  };

  it.each(REVIEWED.map((r) => [`${r.id}@${r.version}`, r] as const))("%s", (_key, rule) => {
    for (const t of texts(rule)) expect(t).not.toMatch(LABEL);
    const d = computeDeadline({
      rule,
      receivedAt: noonUtc("2026-03-06"),
      now: noonUtc("2026-03-06"),
      events: rule.extension ? [{ type: "extended", at: noonUtc("2026-03-10"), reason: "x" }] : [],
    });
    for (const s of d.explanation) expect(s.text).not.toMatch(LABEL);
  });
});

describe("every computed date ends through the law (property tests)", () => {
  const instant = fc.integer({ min: Date.UTC(2023, 6, 1), max: Date.UTC(2035, 0, 1) }).map((ms) => new Date(ms));

  it("where the law rolls, no date of any kind lands on a day it would roll from — with and without an extension", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ROLLING),
        instant,
        fc.integer({ min: 0, max: 200 }),
        fc.boolean(),
        (rule, r, noticeAfter, extend) => {
          const base = computeDeadline({ rule, receivedAt: r, now: r, explain: false });
          const events: DeadlineEvent[] = [];
          if (extend && base.extension) {
            // A notice somewhere between receipt and its (rolled) due day: always accepted.
            const due = Date.parse(`${base.extension.noticeBy}T12:00:00Z`);
            const at = new Date(Math.min(r.getTime() + noticeAfter * 3_600_000, due));
            if (at.getTime() >= r.getTime()) events.push({ type: "extended", at, reason: "x" });
          }
          const d = computeDeadline({ rule, receivedAt: r, now: r, explain: false, events });
          const law = rule.computation;
          const dates: [string, string | null | undefined][] = [
            ["response", d.respondBy],
            ["original", d.originalRespondBy],
            ["extension_notice", d.extension?.noticeBy],
            ["extension_end", d.extension?.maxRespondBy],
            ["acknowledgement", d.acknowledgeBy],
            ["complaint", d.complaint?.deadline],
          ];
          for (const [kind, date] of dates) {
            if (!date) continue;
            expect(
              isNonWorking(date, law.rollForward, law.holidayCalendar),
              `${rule.id}@${rule.version} ${kind} ${date}`,
            ).toBe(false);
          }
          // The later reading, where it rolls, ends on its own calendar's working days.
          const alt = rule.alternativeReading;
          if (alt && alt.rollForward !== "none" && d.latestDefensible) {
            const cal = alt.holidayCalendar ?? law.holidayCalendar;
            for (const date of [
              d.latestDefensible.respondBy,
              d.latestDefensible.noticeBy,
              d.latestDefensible.maxRespondBy,
              d.latestDefensible.complaintDeadline,
            ]) {
              if (date)
                expect(isNonWorking(date, alt.rollForward, cal), `${rule.id}@${rule.version} latest ${date}`).toBe(
                  false,
                );
            }
          }
        },
      ),
      { numRuns: 4000 },
    );
  });

  it("with pauses (UK restart and inclusive clarification, EU suspension), the answer and the notice still end on working days", () => {
    const pausing = ROLLING.filter((r) => r.pause.allowed);
    fc.assert(
      fc.property(
        fc.constantFrom(...pausing),
        instant,
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 0, max: 30 }),
        fc.constantFrom("identity" as const, "clarification" as const),
        (rule, r, startDays, length, reason) => {
          const p = r.getTime() + startDays * DAY;
          const events: DeadlineEvent[] = [
            { type: "paused", at: new Date(p), reason },
            { type: "resumed", at: new Date(p + length * DAY) },
          ];
          const d = computeDeadline({ rule, receivedAt: r, now: new Date(p + length * DAY), explain: false, events });
          for (const date of [d.respondBy, d.extension?.noticeBy, d.extension?.maxRespondBy]) {
            if (date)
              expect(
                isNonWorking(date, rule.computation.rollForward, rule.computation.holidayCalendar),
                `${rule.id}@${rule.version} ${date}`,
              ).toBe(false);
          }
          // The latest defensible date is never earlier than the deadline.
          if (d.latestDefensible) expect(d.latestDefensible.respondBy >= d.respondBy).toBe(true);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("the latest defensible dates are never earlier than the dates they stand beside", () => {
    const withAlt = REVIEWED.filter((r) => r.statutory && r.alternativeReading);
    fc.assert(
      fc.property(fc.constantFrom(...withAlt), instant, (rule, r) => {
        const d = computeDeadline({ rule, receivedAt: r, now: r, explain: false });
        const l = d.latestDefensible!;
        expect(l.respondBy >= d.respondBy).toBe(true);
        if (d.extension) {
          expect(l.noticeBy! >= d.extension.noticeBy).toBe(true);
          expect(l.maxRespondBy! >= d.extension.maxRespondBy).toBe(true);
        }
        if (d.acknowledgeBy) expect(l.acknowledgeBy! >= d.acknowledgeBy).toBe(true);
        if (d.complaint?.deadline) expect(l.complaintDeadline! >= d.complaint.deadline).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
