// Events: extensions (allowed, refused, second refused, late notice refused), pauses (GB/EU add
// paused days; US-CA ignores them), acknowledgement, and the now-relative state.
import { describe, expect, it } from "vitest";
import {
  assertExtensionAllowed,
  assertPauseAllowed,
  computeDeadline,
  DeadlineRuleError,
  findRule,
  queueUrgency,
  type DeadlineEvent,
} from "~/domain/deadlines";
import { at, compute, noonUtc } from "./helpers";

function expectRuleError(fn: () => unknown, code: DeadlineRuleError["code"]): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DeadlineRuleError);
    expect((e as DeadlineRuleError).code).toBe(code);
    return;
  }
  throw new Error(`expected DeadlineRuleError ${code}`);
}

const ext = (date: string, extra: Partial<{ to: string }> = {}): DeadlineEvent => ({
  type: "extended",
  at: noonUtc(date),
  reason: "complex",
  ...extra,
});
const pause = (date: string, reason?: "identity" | "clarification"): DeadlineEvent => ({
  type: "paused",
  at: noonUtc(date),
  reason,
});
const resume = (date: string): DeadlineEvent => ({ type: "resumed", at: noonUtc(date) });

describe("extensions", () => {
  it("US-CA: +45 days, 90 in total counting the receipt day; notice within the first 45 days", () => {
    const r = compute("US-CA", "access", "2026-03-05", { events: [ext("2026-04-10")] });
    expect(r.extension).toEqual({ maxRespondBy: "2026-06-02", noticeBy: "2026-04-18" }); // 5 Mar + 89; + 44
    expect(r.extendedTo).toBe("2026-06-02");
    expect(r.respondBy).toBe("2026-06-02");
    expect(r.originalRespondBy).toBe("2026-04-18");
    expect(r.explanation.some((s) => s.key === "deadline.extended")).toBe(true);
  });

  it("US-CA: notice on the last local day of the first period is on time; the next day is late", () => {
    // 23:30 PDT on 18 Apr = 06:30Z on 19 Apr: still 18 Apr in California.
    const ok = compute("US-CA", "access", "2026-03-05", {
      events: [{ type: "extended", at: at("2026-04-19T06:30:00Z"), reason: "x" }],
    });
    expect(ok.extendedTo).toBe("2026-06-02");
    expectRuleError(
      () =>
        compute("US-CA", "access", "2026-03-05", {
          events: [{ type: "extended", at: at("2026-04-19T07:30:00Z"), reason: "x" }],
        }),
      "extension_notice_late",
    );
  });

  it("a second extension is refused", () => {
    expectRuleError(
      () => compute("US-CO", "access", "2026-03-05", { events: [ext("2026-03-10"), ext("2026-03-20")] }),
      "extension_already_used",
    );
  });

  it("an extension the rule does not allow is refused (Québec, opt-out, non-statutory)", () => {
    expectRuleError(
      () => compute("CA-QC", "access", "2026-03-05", { events: [ext("2026-03-10")] }),
      "extension_not_allowed",
    );
    expectRuleError(
      () => compute("US-CA", "opt_out", "2026-03-05", { events: [ext("2026-03-10")] }),
      "extension_not_allowed",
    );
    expectRuleError(
      () => compute("US-IL", "deletion", "2026-03-05", { events: [ext("2026-03-10")] }),
      "extension_not_allowed",
    );
  });

  it("GB: three months from the original start date, noticed within one month", () => {
    // Before the DUAA (receipt 5 Mar 2025): one month = Sat 5 Apr 2025 → Mon 7 Apr; the notice's own
    // month rolls the same way (it was 5 Apr before the December 2026 review); three months = Thu 5 Jun.
    const r = compute("GB", "access", "2025-03-05", { events: [ext("2025-03-20")] });
    expect(r.extension).toEqual({ maxRespondBy: "2025-06-05", noticeBy: "2025-04-07" });
    expect(r.respondBy).toBe("2025-06-05");
    // From 5 Feb 2026: three months beginning with 5 Mar 2026 end Thu 4 Jun; one month beginning with
    // 5 Mar ends Sat 4 Apr → Sun → Mon 6 Apr (Easter Monday) → Tue 7 Apr for the notice.
    const duaa = compute("GB", "access", "2026-03-05", { events: [ext("2026-03-20")] });
    expect(duaa.extension).toEqual({ maxRespondBy: "2026-06-04", noticeBy: "2026-04-07" });
    // Month-end: 30 Nov → 28 Feb (last day of February, three months on) — 2027-02-28 is a Sunday → Mon 1 Mar.
    expect(compute("GB", "access", "2026-11-30", { events: [ext("2026-12-01")] }).respondBy).toBe("2027-03-01");
  });

  it("EU: the notice's one month rolls like any period (Reg. 1182/71 Art. 3(4))", () => {
    // FR 5 Mar 2026: one month = Sun 5 Apr → Mon 6 Apr (Easter Monday) → Tue 7 Apr, for the answer
    // and for the notice. Before the December 2026 review a notice on 6 Apr was refused.
    const easterMonday = compute("FR", "access", "2026-03-05", { events: [ext("2026-04-06")] });
    expect(easterMonday.extension?.noticeBy).toBe("2026-04-07");
    expect(compute("FR", "access", "2026-03-05", { events: [ext("2026-04-07")] }).respondBy).toBe("2026-06-05"); // Fri 5 Jun 2026
    expectRuleError(
      () => compute("FR", "access", "2026-03-05", { events: [ext("2026-04-08")] }),
      "extension_notice_late",
    );
  });

  it("PIPEDA: +30 days, notice no later than 30 days after the request; a stated shorter date is honoured", () => {
    const r = compute("CA", "access", "2026-03-06", { events: [ext("2026-04-05")] });
    // 6 Mar + 60 = Tue 5 May. The notice's own 30 days end on Sun 5 Apr → Mon 6 Apr (Easter Monday,
    // s.35) → Tue 7 Apr (Interpretation Act s.26; 5 Apr before the December 2026 review).
    expect(r.extension).toEqual({ maxRespondBy: "2026-05-05", noticeBy: "2026-04-07" });
    expect(r.respondBy).toBe("2026-05-05");
    const shorter = compute("CA", "access", "2026-03-06", { events: [ext("2026-04-01", { to: "2026-04-20" })] });
    expect(shorter.respondBy).toBe("2026-04-20");
    expect(shorter.extendedTo).toBe("2026-04-20");
    expectRuleError(
      () => compute("CA", "access", "2026-03-06", { events: [ext("2026-04-01", { to: "2026-05-06" })] }),
      "invalid_sequence",
    );
  });

  it("BC: +30 business days; Alberta: +30 calendar days", () => {
    const bc = compute("CA-BC", "access", "2026-03-05", { events: [ext("2026-04-01")] });
    // 60 business days after 5 Mar 2026: the original 30 end on 20 Apr; 30 more (skipping Victoria Day 18 May) → 2 Jun.
    expect(bc.respondBy).toBe("2026-06-02");
    const ab = compute("CA-AB", "access", "2026-03-07", { events: [ext("2026-04-01")] });
    expect(ab.respondBy).toBe("2026-05-21"); // 7 Mar + 75 = Thu 21 May
  });

  it("assertExtensionAllowed mirrors computeDeadline", () => {
    const rule = findRule("US-VA", "access", noonUtc("2026-03-05"));
    const receivedAt = noonUtc("2026-03-05");
    expect(() => assertExtensionAllowed({ rule, receivedAt, events: [], at: noonUtc("2026-04-19") })).not.toThrow(); // 5 Mar + 45
    expectRuleError(
      () => assertExtensionAllowed({ rule, receivedAt, events: [], at: noonUtc("2026-04-20") }),
      "extension_notice_late",
    );
    expectRuleError(
      () => assertExtensionAllowed({ rule, receivedAt, events: [ext("2026-03-10")], at: noonUtc("2026-03-11") }),
      "extension_already_used",
    );
    expectRuleError(
      () =>
        assertExtensionAllowed({
          rule: findRule("CA-QC", "access", receivedAt),
          receivedAt,
          events: [],
          at: noonUtc("2026-03-11"),
        }),
      "extension_not_allowed",
    );
    expectRuleError(
      () => assertExtensionAllowed({ rule, receivedAt, events: [], at: noonUtc("2026-03-01") }),
      "invalid_sequence",
    );
  });
});

describe("pauses", () => {
  it("GB: paused days are added, then roll-forward applies", () => {
    // UK GDPR Art. 12A (from 5 Feb 2026): the month beginning with 5 Mar ends 4 Apr; clarifying an
    // access request stops the clock from the day asked through the day answered: 10 → 17 Mar
    // inclusive = 8 days (7 before the DUAA version) → Sun 12 Apr → Mon 13 Apr.
    const r = compute("GB", "access", "2026-03-05", {
      events: [pause("2026-03-10", "clarification"), resume("2026-03-17")],
    });
    expect(r.pausedDays).toBe(8);
    expect(r.originalRespondBy).toBe("2026-04-07");
    expect(r.respondBy).toBe("2026-04-13");
    expect(r.pauseOpen).toBe(false);
    expect(r.explanation.some((s) => s.key === "deadline.pause_counted" && s.params.days === 8)).toBe(true);
  });

  it("GB: an open pause counts up to now, and the deadline moves with it", () => {
    // Identity asked on 10 Mar, not yet answered on 15 Mar: the month would start again today
    // (UK GDPR Art. 12A "the latest of" receipt and identity): beginning with 15 Mar → Tue 14 Apr.
    // (Before the DUAA version: 5 Apr + 5 paused days = 10 Apr.)
    const r = compute("GB", "access", "2026-03-05", {
      events: [pause("2026-03-10", "identity")],
      now: noonUtc("2026-03-15"),
    });
    expect(r.pausedDays).toBe(5);
    expect(r.pauseOpen).toBe(true);
    expect(r.respondBy).toBe("2026-04-14");
    const later = compute("GB", "access", "2026-03-05", {
      events: [pause("2026-03-10", "identity")],
      now: noonUtc("2026-03-20"),
    });
    expect(later.respondBy).toBe("2026-04-20"); // beginning with 20 Mar → Sun 19 Apr → Mon 20 Apr
  });

  it("GB: pauses also push the extension-notice deadline and the extended deadline", () => {
    const r = compute("GB", "access", "2026-03-05", {
      events: [pause("2026-03-06", "identity"), resume("2026-03-10"), ext("2026-04-09")],
    });
    expect(r.extension).toEqual({ maxRespondBy: "2026-06-09", noticeBy: "2026-04-09" });
    expect(r.respondBy).toBe("2026-06-09");
    expect(r.pausedDays).toBe(4);
  });

  it("EU: an identity pause counts (EDPB §159); a clarification pause is ignored and explained", () => {
    const id = compute("DE", "access", "2026-03-05", {
      events: [pause("2026-03-09", "identity"), resume("2026-03-12")],
    });
    expect(id.pausedDays).toBe(3);
    expect(id.respondBy).toBe("2026-04-08"); // Sun 5 Apr + 3 = Wed 8 Apr
    const cl = compute("DE", "access", "2026-03-05", {
      events: [pause("2026-03-09", "clarification"), resume("2026-03-12")],
    });
    expect(cl.pausedDays).toBe(0);
    expect(cl.respondBy).toBe("2026-04-07");
    expect(
      cl.explanation.some((s) => s.key === "deadline.pause_ignored" && s.params.why === "reason_not_allowed"),
    ).toBe(true);
  });

  it("a pause that starts after the running deadline is ignored", () => {
    const r = compute("GB", "access", "2026-03-05", {
      events: [pause("2026-04-06", "identity"), resume("2026-04-10")],
    });
    expect(r.pausedDays).toBe(0);
    expect(r.respondBy).toBe("2026-04-07");
    expect(r.explanation.some((s) => s.params.why === "after_deadline")).toBe(true);
  });

  it("US-CA: the clock never pauses (§7021(b)) — pauses are ignored and explained", () => {
    const r = compute("US-CA", "access", "2026-03-05", {
      events: [pause("2026-03-06", "identity"), resume("2026-03-30")],
    });
    expect(r.pausedDays).toBe(0);
    expect(r.respondBy).toBe("2026-04-18");
    const step = r.explanation.find((s) => s.key === "deadline.pause_ignored")!;
    expect(step.text).toMatch(/regardless of time required to verify/);
    expectRuleError(
      () => assertPauseAllowed({ rule: findRule("US-CA", "access", noonUtc("2026-03-05")), reason: "identity" }),
      "pause_not_allowed",
    );
    expect(() =>
      assertPauseAllowed({ rule: findRule("GB", "access", noonUtc("2026-03-05")), reason: "clarification" }),
    ).not.toThrow();
    expectRuleError(
      () => assertPauseAllowed({ rule: findRule("FR", "access", noonUtc("2026-03-05")), reason: "clarification" }),
      "pause_not_allowed",
    );
  });

  it("invalid sequences are rejected", () => {
    expectRuleError(
      () => compute("GB", "access", "2026-03-05", { events: [resume("2026-03-06")] }),
      "invalid_sequence",
    );
    expectRuleError(
      () =>
        compute("GB", "access", "2026-03-05", {
          events: [pause("2026-03-06", "identity"), pause("2026-03-07", "identity")],
        }),
      "invalid_sequence",
    );
    expectRuleError(
      () => compute("GB", "access", "2026-03-05", { events: [pause("2026-03-01", "identity")] }),
      "invalid_sequence",
    );
    expectRuleError(
      () => compute("GB", "access", "2026-03-05", { events: [{ type: "acknowledged", at: new Date(Number.NaN) }] }),
      "invalid_sequence",
    );
  });

  it("events given out of order are sorted by instant", () => {
    const r = compute("GB", "access", "2026-03-05", {
      events: [resume("2026-03-17"), pause("2026-03-10", "identity")],
    });
    expect(r.pausedDays).toBe(7);
  });
});

describe("acknowledgement (US-CA, 10 business days, 11 CCR §7021(a))", () => {
  it("on time, late, and not yet acknowledged", () => {
    const onTime = compute("US-CA", "access", "2026-03-05", {
      events: [{ type: "acknowledged", at: noonUtc("2026-03-19") }],
    });
    expect(onTime.acknowledgeBy).toBe("2026-03-19");
    expect(onTime.acknowledgedOnTime).toBe(true);
    const late = compute("US-CA", "deletion", "2026-03-05", {
      events: [{ type: "acknowledged", at: noonUtc("2026-03-20") }],
    });
    expect(late.acknowledgedOnTime).toBe(false);
    expect(compute("US-CA", "correction", "2026-03-05").acknowledgedOnTime).toBeNull();
    // No acknowledgement rule → null even when acknowledged.
    expect(
      compute("GB", "access", "2026-03-05", { events: [{ type: "acknowledged", at: noonUtc("2026-03-06") }] })
        .acknowledgedOnTime,
    ).toBeNull();
  });
});

describe("state relative to now", () => {
  const rule = findRule("CA-QC", "access", noonUtc("2026-03-05"));
  const run = (now: Date, r = rule) => computeDeadline({ rule: r, receivedAt: noonUtc("2026-03-05"), now });

  it("on_track, due_soon (≤ 5 days), deemed_refused after the end of the local day (Québec)", () => {
    // respondBy Sat 4 Apr 2026, end of day America/Toronto (EDT) = 2026-04-05T03:59:59.999Z
    expect(run(noonUtc("2026-03-29")).state).toBe("on_track");
    expect(run(noonUtc("2026-03-29")).daysLeft).toBe(6);
    expect(run(noonUtc("2026-03-30")).state).toBe("due_soon");
    expect(run(noonUtc("2026-03-30")).daysLeft).toBe(5);
    const last = run(at("2026-04-05T03:59:59.999Z"));
    expect(last.state).toBe("due_soon");
    expect(last.daysLeft).toBe(0);
    const after = run(at("2026-04-05T04:00:00.000Z"));
    expect(after.state).toBe("deemed_refused");
    expect(after.daysLeft).toBe(-1);
  });

  it("overdue (not deemed refused) where silence has no statutory meaning", () => {
    const gb = findRule("GB", "access", noonUtc("2026-03-05"));
    expect(run(noonUtc("2026-05-01"), gb).state).toBe("overdue");
    const ca = findRule("US-CA", "access", noonUtc("2026-03-05"));
    expect(run(noonUtc("2026-05-01"), ca).state).toBe("overdue");
    expect(run(noonUtc("2026-05-01"), ca).noReply).toBeNull();
  });

  it("deemed refusal in every deemed-refusal regime", () => {
    for (const j of ["CA", "CA-QC", "CA-BC", "CA-AB"] as const) {
      const r = computeDeadline({
        rule: findRule(j, "access", noonUtc("2026-03-05")),
        receivedAt: noonUtc("2026-03-05"),
        now: noonUtc("2026-12-01"),
      });
      expect(r.state).toBe("deemed_refused");
      expect(r.noReply).toBe("deemed_refusal");
    }
  });
});

describe("queueUrgency (the vendor queue's urgency from the stored due instant)", () => {
  it("is overdue after the due instant, due soon within five days of it, on track otherwise or without one", () => {
    const now = Date.parse("2026-03-05T15:00:00Z");
    const day = 86_400_000;
    expect(queueUrgency(null, now)).toBe("on_track");
    expect(queueUrgency(now - 1, now)).toBe("overdue");
    expect(queueUrgency(now, now)).toBe("due_soon");
    expect(queueUrgency(now + 5 * day, now)).toBe("due_soon");
    expect(queueUrgency(now + 5 * day + 1, now)).toBe("on_track");
  });
});
