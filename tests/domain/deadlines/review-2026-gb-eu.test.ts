// United Kingdom and EU after the legal review of 4 December 2026.
// - UK, receipts from 5 February 2026 (Data (Use and Access) Act 2025 s.76, SI 2026/82): UK GDPR
//   Art. 12A / DPA 2018 s.54 — one month beginning with the relevant time; identity confirmation
//   restarts the month; clarification stops it for access requests only, counted inclusively.
// - UK, receipts before: the old behaviour (a request filed under version 1 keeps version 1).
// - EU and UK: the notice of an extension rolls like any period (Reg. 1182/71 Art. 3(4)).
// Each date is worked out by hand in the comment.
import { describe, expect, it } from "vitest";
import {
  assertExtensionAllowed,
  assertPauseAllowed,
  computeDeadline,
  DeadlineRuleError,
  findRule,
  getRule,
  type DeadlineEvent,
} from "~/domain/deadlines";
import { at, compute, noonUtc } from "./helpers";

const ext = (date: string): DeadlineEvent => ({ type: "extended", at: noonUtc(date), reason: "complex" });
const pause = (date: string, reason: "identity" | "clarification"): DeadlineEvent => ({
  type: "paused",
  at: noonUtc(date),
  reason,
});
const resume = (date: string): DeadlineEvent => ({ type: "resumed", at: noonUtc(date) });

function codeOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (e) {
    expect(e).toBeInstanceOf(DeadlineRuleError);
    return (e as DeadlineRuleError).code;
  }
}

describe("UK: which version a request gets", () => {
  it("the DUAA version applies from 5 February 2026, local date in London", () => {
    expect(findRule("GB", "access", noonUtc("2026-02-04")).version).toBe(2);
    expect(findRule("GB", "access", at("2026-02-04T23:59:00Z")).version).toBe(2); // 23:59 GMT on 4 Feb
    expect(findRule("GB", "access", at("2026-02-05T00:00:00Z")).version).toBe(3);
    const v3 = findRule("GB", "deletion", noonUtc("2026-02-05"));
    expect(v3.effectiveFrom).toBe("2026-02-05");
    expect(v3.replaces).toMatchObject({ version: 2, reason: "change_in_law" });
    expect(v3.citations).toContain("Data (Use and Access) Act 2025 s. 76; SI 2026/82 reg. 2(h)");
  });

  it("requests received before 5 February 2026 keep the old behaviour: a pause adds its days, clarification counts for every type", () => {
    // Received Wed 4 Feb 2026; identity asked 10 Feb, answered 20 Feb.
    // Old (versions 1 and 2): 4 Feb → 4 Mar, + 10 paused days = Sat 14 Mar → Mon 16 Mar.
    const events = [pause("2026-02-10", "identity"), resume("2026-02-20")];
    const before = compute("GB", "access", "2026-02-04", { events });
    expect([before.ruleVersion, before.respondBy, before.pausedDays]).toEqual([2, "2026-03-16", 10]);
    // The same history on a request filed under version 1 (stored rule_version = 1) gives the same dates.
    const filed = computeDeadline({
      rule: getRule("GB/access", 1)!,
      receivedAt: noonUtc("2026-02-04"),
      events,
      now: noonUtc("2026-02-04"),
    });
    expect([filed.respondBy, filed.pausedDays]).toEqual(["2026-03-16", 10]);
    // A clarification question on an erasure request stops the old clock too.
    const erasure = compute("GB", "deletion", "2026-02-04", {
      events: [pause("2026-02-10", "clarification"), resume("2026-02-20")],
    });
    expect([erasure.respondBy, erasure.pausedDays]).toEqual(["2026-03-16", 10]);
    expect(() => assertPauseAllowed({ rule: getRule("GB/deletion", 1)!, reason: "clarification" })).not.toThrow();
  });

  it("the same histories one day later, under the DUAA: identity restarts the month; erasure clarification does not stop it", () => {
    const events = [pause("2026-02-10", "identity"), resume("2026-02-20")];
    // Received Thu 5 Feb; identity confirmed Fri 20 Feb: one month beginning with 20 Feb ends Thu 19 Mar.
    const after = compute("GB", "access", "2026-02-05", { events });
    expect([after.ruleVersion, after.respondBy, after.originalRespondBy]).toEqual([3, "2026-03-19", "2026-03-04"]);
    expect(after.explanation.some((s) => s.key === "deadline.restart" && s.params.restart === "2026-02-20")).toBe(true);
    const erasure = compute("GB", "deletion", "2026-02-05", {
      events: [pause("2026-02-10", "clarification"), resume("2026-02-20")],
    });
    expect([erasure.respondBy, erasure.pausedDays]).toEqual(["2026-03-04", 0]);
    expect(
      erasure.explanation.some((s) => s.key === "deadline.pause_ignored" && s.params.why === "reason_not_allowed"),
    ).toBe(true);
    expect(
      codeOf(() =>
        assertPauseAllowed({ rule: findRule("GB", "deletion", noonUtc("2026-02-05")), reason: "clarification" }),
      ),
    ).toBe("pause_not_allowed");
    expect(() =>
      assertPauseAllowed({ rule: findRule("GB", "deletion", noonUtc("2026-02-05")), reason: "identity" }),
    ).not.toThrow();
  });
});

describe("UK GDPR Art. 12A (from 5 February 2026)", () => {
  it.each([
    // [received, due, latest defensible (ICO corresponding date, all UK bank holidays), note]
    [
      "2026-03-05",
      "2026-04-07",
      "2026-04-07",
      "beginning with 5 Mar ends Sat 4 Apr → Sun → Mon 6 Apr (Easter Monday) → Tue 7 Apr",
    ],
    ["2026-09-03", "2026-10-02", "2026-10-05", "ends Fri 2 Oct; the ICO's 3 Oct is a Saturday → Mon 5 Oct"],
    ["2026-03-30", "2026-04-29", "2026-04-30", "ends Wed 29 Apr (the day before 30 Apr)"],
    ["2026-03-31", "2026-04-30", "2026-04-30", "no 31 April: the month ends on the last day of April"],
    ["2027-01-28", "2027-03-01", "2027-03-01", "ends Sat 27 Feb → Mon 1 Mar"],
    ["2027-01-31", "2027-03-01", "2027-03-01", "no 31 February: Sun 28 Feb → Mon 1 Mar"],
    ["2028-02-29", "2028-03-28", "2028-03-29", "leap day: ends Tue 28 Mar 2028"],
    [
      "2026-10-30",
      "2026-11-30",
      "2026-12-01",
      "ends Sun 29 Nov → Mon 30 Nov; in Scotland Mon 30 Nov is St Andrew's Day → Tue 1 Dec",
    ],
    [
      "2026-12-02",
      "2027-01-04",
      "2027-01-05",
      "ends Fri 1 Jan (New Year) → Sat → Sun → Mon 4 Jan; Scotland's 4 Jan substitute for 2 Jan gives Tue 5 Jan",
    ],
  ])("received %s → due %s (latest defensible %s): %s", (received, due, latest) => {
    const r = compute("GB", "access", received);
    expect(r.respondBy).toBe(due);
    expect(r.latestDefensible?.respondBy).toBe(latest);
    expect(r.uncertainties.map((u) => u.id)).toEqual(["GB-month-beginning-with", "GB-holidays", "GB-complaint-window"]);
  });

  it("clarifying an access request: the days from asking through answering do not count, for the answer and the notice alike", () => {
    // Asked Tue 10 Mar, answered Tue 17 Mar: 8 days (both included). Month ends Sat 4 Apr + 8 = Sun 12 Apr → Mon 13 Apr.
    // Notice (s.54(3B)-(3C)): the same 8 days extend its month: Mon 13 Apr. Three months beginning with
    // 5 Mar end Thu 4 Jun + 8 = Fri 12 Jun.
    const events = [pause("2026-03-10", "clarification"), resume("2026-03-17")];
    const r = compute("GB", "access", "2026-03-05", { events: [...events, ext("2026-04-13")] });
    expect(r.pausedDays).toBe(8);
    expect(r.extension).toEqual({ maxRespondBy: "2026-06-12", noticeBy: "2026-04-13" });
    expect(r.respondBy).toBe("2026-06-12");
    expect(codeOf(() => compute("GB", "access", "2026-03-05", { events: [...events, ext("2026-04-14")] }))).toBe(
      "extension_notice_late",
    );
  });

  it("an identity question still open: the month would begin again today, and moves with now", () => {
    const open = [pause("2026-03-10", "identity")];
    expect(compute("GB", "deletion", "2026-03-05", { events: open, now: noonUtc("2026-03-15") }).respondBy).toBe(
      "2026-04-14",
    );
    const r = compute("GB", "deletion", "2026-03-05", { events: open, now: noonUtc("2026-03-25") });
    expect([r.respondBy, r.pauseOpen]).toEqual(["2026-04-24", true]); // beginning with 25 Mar → Fri 24 Apr
    expect(r.explanation.some((s) => s.key === "deadline.restart_open")).toBe(true);
  });

  it("identity confirmed after clarification: the restart wipes earlier clarification days", () => {
    // Clarify 6-9 Mar (4 days), then identity 12 → 20 Mar: the month begins with 20 Mar → Sun 19 Apr → Mon 20 Apr.
    const r = compute("GB", "access", "2026-03-05", {
      events: [
        pause("2026-03-06", "clarification"),
        resume("2026-03-09"),
        pause("2026-03-12", "identity"),
        resume("2026-03-20"),
      ],
    });
    expect(r.respondBy).toBe("2026-04-20");
  });

  it("a notice on the rolled working day is accepted (vendor check)", () => {
    // 5 Mar 2026: the notice month ends Sat 4 Apr → Tue 7 Apr (Easter Monday 6 Apr).
    const rule = findRule("GB", "access", noonUtc("2026-03-05"));
    expect(() =>
      assertExtensionAllowed({ rule, receivedAt: noonUtc("2026-03-05"), events: [], at: noonUtc("2026-04-07") }),
    ).not.toThrow();
    expect(
      codeOf(() =>
        assertExtensionAllowed({ rule, receivedAt: noonUtc("2026-03-05"), events: [], at: noonUtc("2026-04-08") }),
      ),
    ).toBe("extension_notice_late");
    // Filed under version 1 the notice was due on the unrolled 5 April.
    expect(
      codeOf(() =>
        assertExtensionAllowed({
          rule: getRule("GB/access", 1)!,
          receivedAt: noonUtc("2026-03-05"),
          events: [],
          at: noonUtc("2026-04-07"),
        }),
      ),
    ).toBe("extension_notice_late");
  });

  it("late-evening receipts and the change to BST use the London date", () => {
    // 23:30 GMT on Sat 28 Mar 2026 = received 28 Mar; the month ends Mon 27 Apr.
    expect(compute("GB", "access", "2026-03-28T23:30:00Z").respondBy).toBe("2026-04-27");
    // 23:30 UTC on Sun 29 Mar 2026 is 00:30 BST on 30 Mar: ends Wed 29 Apr, end of day BST.
    const r = compute("GB", "access", "2026-03-29T23:30:00Z");
    expect([r.receivedOn, r.respondBy, r.respondByInstant.toISOString()]).toEqual([
      "2026-03-30",
      "2026-04-29",
      "2026-04-29T22:59:59.999Z",
    ]);
  });
});

describe("EU: Reg. 1182/71 Art. 3(4) for the notice of an extension", () => {
  it("Germany: a notice due on German Unity Day may be given on the Monday after", () => {
    // 3 Sep 2025 → one month = Fri 3 Oct (German Unity Day) → Sat → Sun → Mon 6 Oct; three months = Wed 3 Dec.
    const r = compute("DE", "access", "2025-09-03", { events: [ext("2025-10-06")] });
    expect(r.extension).toEqual({ maxRespondBy: "2025-12-03", noticeBy: "2025-10-06" });
    expect(r.respondBy).toBe("2025-12-03");
    expect(
      codeOf(() =>
        assertExtensionAllowed({
          rule: getRule("DE/access", 1)!,
          receivedAt: noonUtc("2025-09-03"),
          events: [],
          at: noonUtc("2025-10-06"),
        }),
      ),
    ).toBe("extension_notice_late");
  });

  it("month end: 31 January → 28 February (a Saturday) → Monday 2 March, for the answer and the notice", () => {
    const r = compute("IT", "access", "2026-01-31");
    expect([r.respondBy, r.extension?.noticeBy, r.extension?.maxRespondBy]).toEqual([
      "2026-03-02",
      "2026-03-02",
      "2026-04-30",
    ]);
  });

  it("objection vs consent withdrawal (Art. 21 vs Art. 7(3))", () => {
    const rule = findRule("NL", "opt_out", noonUtc("2026-03-05"));
    expect(rule.citation).toBe("GDPR Art. 12(3); Art. 21");
    expect(rule.citations).toContain("GDPR Art. 7(3); EDPB Guidelines 05/2020 on consent");
    expect(rule.summary.en).toMatch(/withdrawing it \(Art\. 7\(3\)\) is not a request that gets a month/);
    expect(rule.summary["fr-CA"]).toMatch(/le traitement doit cesser dès le retrait/);
    expect(findRule("GB", "opt_out", noonUtc("2026-03-05")).summary.en).toMatch(
      /processing must stop once you withdraw/,
    );
  });
});
