// United States after the legal review of 4 December 2026: computation statutes that roll a
// weekend or legal-holiday end (Colorado, Texas, Washington) roll every date of a request —
// response, extension notice, extended date — on the state's own legal holidays; Virginia and
// Connecticut do not, and show the rolled reading beside the deadline; Connecticut consent
// revocation is 15 days; California's unsettled points are shown as the latest defensible date.
// Each expected date is worked out by hand in the row.
import { describe, expect, it } from "vitest";
import {
  assertExtensionAllowed,
  DeadlineRuleError,
  findRule,
  getRule,
  type DeadlineEvent,
  type JurisdictionCode,
  type RequestType,
} from "~/domain/deadlines";
import { at, compute, noonUtc } from "./helpers";

const ext = (date: string): DeadlineEvent => ({ type: "extended", at: noonUtc(date), reason: "complex" });

function codeOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (e) {
    expect(e).toBeInstanceOf(DeadlineRuleError);
    return (e as DeadlineRuleError).code;
  }
}

type Row = [JurisdictionCode, RequestType, string, string, string];

describe("Colorado: C.R.S. §2-4-108(2) rolls every time limit (legal holidays §24-11-101)", () => {
  it.each<Row>([
    ["US-CO", "access", "2026-01-15", "2026-03-02", "15 Jan + 45 = Sun 1 Mar → Mon 2 Mar"],
    [
      "US-CO",
      "correction",
      "2026-05-20",
      "2026-07-06",
      "Sat 4 Jul (Independence Day) → Sun → Mon 6 Jul; Fri 3 Jul is not a Colorado legal holiday",
    ],
    ["US-CO", "deletion", "2026-08-21", "2026-10-06", "Mon 5 Oct is Frances Xavier Cabrini Day → Tue 6 Oct"],
    [
      "US-CO",
      "deletion",
      "2026-08-28",
      "2026-10-12",
      "Mon 12 Oct (Columbus Day) is no longer a Colorado legal holiday: stands",
    ],
    ["US-CO", "opt_out", "2024-01-15", "2024-02-29", "leap year: 15 Jan + 45 = Thu 29 Feb 2024"],
    ["US-CO", "access", "2026-10-31", "2026-12-15", "month end: 31 Oct + 45 = Tue 15 Dec"],
  ])("%s %s received %s → %s (%s)", (j, t, received, expected) => {
    const r = compute(j, t, received);
    expect(r.respondBy).toBe(expected);
    expect(r.extension?.noticeBy).toBe(expected); // the notice period ends on the same (rolled) day
    expect(r.latestDefensible).toBeNull(); // the statute says how to count: no second reading
  });

  it("a notice of extension given on the rolled day is accepted, the next day is late", () => {
    // 15 Jan + 45 = Sun 1 Mar → Mon 2 Mar. Before the review the Monday notice was refused.
    const ok = compute("US-CO", "access", "2026-01-15", { events: [ext("2026-03-02")] });
    expect(ok.extendedTo).toBe("2026-04-15"); // 15 Jan + 90 = Wed 15 Apr
    expect(ok.explanation.some((s) => s.key === "deadline.notice_rolled" && s.params.to === "2026-03-02")).toBe(true);
    expect(codeOf(() => compute("US-CO", "access", "2026-01-15", { events: [ext("2026-03-03")] }))).toBe(
      "extension_notice_late",
    );
    // The version filed before the review keeps refusing the Monday notice.
    const v1 = getRule("US-CO/access", 1)!;
    expect(
      codeOf(() =>
        assertExtensionAllowed({ rule: v1, receivedAt: noonUtc("2026-01-15"), events: [], at: noonUtc("2026-03-02") }),
      ),
    ).toBe("extension_notice_late");
  });

  it("the extended period is 90 days from receipt, rolled once at its end (Thanksgiving)", () => {
    // 28 Aug + 90 = Thu 26 Nov 2026 (Thanksgiving) → Fri 27 Nov (not a Colorado legal holiday).
    const r = compute("US-CO", "deletion", "2026-08-28", { events: [ext("2026-09-15")] });
    expect(r.respondBy).toBe("2026-11-27");
    expect(r.extension?.maxRespondBy).toBe("2026-11-27");
  });

  it("a Sunday holiday is kept on the Monday (C.R.S. §24-11-101(2)), and late-night receipts use the local date", () => {
    // 4 Jul 2027 is a Sunday, so Mon 5 Jul 2027 is the legal holiday: 20 May + 45 = Sun 4 Jul → Mon 5 → Tue 6 Jul.
    expect(compute("US-CO", "correction", "2027-05-20").respondBy).toBe("2027-07-06");
    expect(compute("US-CO", "access", "2023-11-10").respondBy).toBe("2023-12-26"); // 10 Nov + 45 = Mon 25 Dec 2023 → Tue 26 Dec
    // 23:30 MST on Sat 7 Mar 2026 (the night before DST) is 06:30Z on 8 Mar: received 7 Mar; 7 Mar + 45 = Tue 21 Apr.
    const late = compute("US-CO", "access", at("2026-03-08T06:30:00Z"));
    expect(late.receivedOn).toBe("2026-03-07");
    expect(late.respondBy).toBe("2026-04-21");
    expect(late.respondByInstant.toISOString()).toBe("2026-04-22T05:59:59.999Z"); // end of day MDT
  });
});

describe("Texas: Gov't Code §311.014 rolls every time limit (legal holidays §662.021)", () => {
  it.each<Row>([
    ["US-TX", "deletion", "2026-01-01", "2026-02-17", "Sun 15 Feb → Mon 16 Feb Presidents' Day → Tue 17 Feb"],
    [
      "US-TX",
      "access",
      "2026-12-05",
      "2027-01-20",
      "Tue 19 Jan 2027 is Confederate Heroes Day (a state legal holiday) → Wed 20 Jan",
    ],
    [
      "US-TX",
      "correction",
      "2026-10-13",
      "2026-11-30",
      "Fri 27 Nov (Friday after Thanksgiving, §662.003(b)(6)) → Sat → Sun → Mon 30 Nov",
    ],
    [
      "US-TX",
      "opt_out",
      "2026-11-09",
      "2026-12-24",
      "24 Dec is a state holiday but not a legal holiday (§662.021 stops at (b)(6)): stands",
    ],
    ["US-TX", "access", "2026-06-01", "2026-07-16", "'the 45th day after the date of receipt' = Thu 16 Jul"],
  ])("%s %s received %s → %s (%s)", (j, t, received, expected) => {
    expect(compute(j, t, received).respondBy).toBe(expected);
  });

  it("a notice given on the rolled Tuesday is accepted; the extended date is 90 days from receipt", () => {
    const r = compute("US-TX", "deletion", "2026-01-01", { events: [ext("2026-02-17")] });
    expect(r.extension).toEqual({ maxRespondBy: "2026-04-01", noticeBy: "2026-02-17" }); // 1 Jan + 90 = Wed 1 Apr
    expect(r.respondBy).toBe("2026-04-01");
    expect(codeOf(() => compute("US-TX", "deletion", "2026-01-01", { events: [ext("2026-02-18")] }))).toBe(
      "extension_notice_late",
    );
  });
});

describe("Washington: RCW 1.12.040 rolls every time limit (legal holidays RCW 1.16.050)", () => {
  it.each<Row>([
    ["US-WA", "access", "2026-03-05", "2026-04-20", "Sun 19 Apr → Mon 20 Apr"],
    [
      "US-WA",
      "deletion",
      "2026-10-13",
      "2026-11-30",
      "Fri 27 Nov is Native American Heritage Day → Sat → Sun → Mon 30 Nov",
    ],
    [
      "US-WA",
      "opt_out",
      "2026-08-28",
      "2026-10-12",
      "Mon 12 Oct: Columbus Day is a 'legislatively recognized day', not a legal holiday: stands",
    ],
    ["US-WA", "access", "2026-05-05", "2026-06-22", "Fri 19 Jun is Juneteenth → Sat → Sun → Mon 22 Jun"],
  ])("%s %s received %s → %s (%s)", (j, t, received, expected) => {
    expect(compute(j, t, received).respondBy).toBe(expected);
  });

  it("notice on the rolled Monday is accepted (MHMDA access, 5 Mar 2026)", () => {
    const r = compute("US-WA", "access", "2026-03-05", { events: [ext("2026-04-20")] });
    expect(r.respondBy).toBe("2026-06-03"); // 5 Mar + 90 = Wed 3 Jun
    // 23:30 PDT on 20 Apr is 06:30Z on 21 Apr: still 20 Apr in Washington.
    expect(
      codeOf(() =>
        compute("US-WA", "access", "2026-03-05", {
          events: [{ type: "extended", at: at("2026-04-21T06:30:00Z"), reason: "x" }],
        }),
      ),
    ).toBeNull();
    expect(
      codeOf(() =>
        compute("US-WA", "access", "2026-03-05", {
          events: [{ type: "extended", at: at("2026-04-21T07:30:00Z"), reason: "x" }],
        }),
      ),
    ).toBe("extension_notice_late");
  });
});

describe("Virginia: §1-210 rolls only court and government-office deadlines", () => {
  it("the date stands; the rolled reading is shown beside every date", () => {
    const r = compute("US-VA", "access", "2026-03-05");
    expect(r.respondBy).toBe("2026-04-19"); // Sun 19 Apr stands
    expect(r.extension).toEqual({ maxRespondBy: "2026-06-03", noticeBy: "2026-04-19" });
    expect(r.latestDefensible).toEqual({
      respondBy: "2026-04-20",
      noticeBy: "2026-04-20",
      maxRespondBy: "2026-06-03",
      acknowledgeBy: null,
      complaintDeadline: null,
    });
    expect(r.latestDefensibleRespondBy).toBe("2026-04-20");
    expect(r.uncertainties.map((u) => u.id)).toEqual(["US-VA-weekend-end"]);
    expect(r.uncertainties[0]!.text).toMatch(/court deadlines/);
    expect(r.explanation.some((s) => s.key === "deadline.no_roll" && /government office/.test(s.text))).toBe(true);
    expect(r.explanation.some((s) => s.key === "deadline.latest_defensible" && s.params.date === "2026-04-20")).toBe(
      true,
    );
    expect(codeOf(() => compute("US-VA", "access", "2026-03-05", { events: [ext("2026-04-20")] }))).toBe(
      "extension_notice_late",
    );
  });
});

describe("Connecticut", () => {
  it("45 days, no roll; the rolled reading (Christmas, then the weekend) beside it", () => {
    const r = compute("US-CT", "deletion", "2026-11-10");
    expect(r.respondBy).toBe("2026-12-25");
    expect(r.latestDefensible?.respondBy).toBe("2026-12-28");
  });

  it("consent revocation: stop within 15 days, no extension (§42-520(a)(6))", () => {
    const r = compute("US-CT", "opt_out", "2026-03-05");
    expect(r.respondBy).toBe("2026-03-20"); // 5 Mar + 15 = Fri 20 Mar
    expect(r.extension).toBeNull();
    expect(r.citation).toBe("Conn. Gen. Stat. §42-520(a)(6)");
    expect(findRule("US-CT", "opt_out", noonUtc("2026-03-05")).summary.en).toMatch(/15 days.*no extension/);
    expect(codeOf(() => compute("US-CT", "opt_out", "2026-03-05", { events: [ext("2026-03-10")] }))).toBe(
      "extension_not_allowed",
    );
    // 7 Mar + 15 = Sun 22 Mar: stands; the rolled reading is Mon 23 Mar.
    const sunday = compute("US-CT", "opt_out", "2026-03-07");
    expect([sunday.respondBy, sunday.latestDefensible?.respondBy]).toEqual(["2026-03-22", "2026-03-23"]);
    // Month end and leap year: 15 Feb 2028 + 15 = Wed 1 Mar 2028 (29 Feb counted).
    expect(compute("US-CT", "opt_out", "2028-02-15").respondBy).toBe("2028-03-01");
  });

  it("a request filed under version 1 keeps its 45 days", () => {
    const v1 = getRule("US-CT/opt_out", 1)!;
    expect(v1.period).toEqual({ kind: "calendar_days", length: 45 });
    expect(findRule("US-CT", "opt_out", noonUtc("2026-03-05")).version).toBe(2);
  });
});

describe("California: unsettled points shown as the latest defensible date beside every date", () => {
  it("45 days counted from the receipt day; CCP §12/§12a reading beside response, notice and extended dates", () => {
    const r = compute("US-CA", "access", "2026-03-05");
    expect(r.respondBy).toBe("2026-04-18"); // 5 Mar + 44 = Sat 18 Apr, not moved
    expect(r.extension).toEqual({ maxRespondBy: "2026-06-02", noticeBy: "2026-04-18" });
    expect(r.acknowledgeBy).toBe("2026-03-19");
    expect(r.latestDefensible).toEqual({
      respondBy: "2026-04-20",
      noticeBy: "2026-04-20",
      maxRespondBy: "2026-06-03",
      acknowledgeBy: "2026-03-19",
      complaintDeadline: null,
    });
    expect(r.uncertainties.map((u) => u.id)).toEqual(["US-CA-45-day-counting", "US-CA-business-day"]);
    // A notice given on Mon 20 Apr is timely only under the later reading: the earlier date stays the deadline.
    expect(codeOf(() => compute("US-CA", "access", "2026-03-05", { events: [ext("2026-04-20")] }))).toBe(
      "extension_notice_late",
    );
  });

  it("'business day': the Gov. Code §6700 days (12 Feb, Columbus Day) give the later date", () => {
    // 1 Oct 2026: Oct 2, 5-9, 12-16, 19-22 = 15 → Thu 22 Oct; skipping Columbus Day 12 Oct → Fri 23 Oct.
    const oct = compute("US-CA", "opt_out", "2026-10-01");
    expect([oct.respondBy, oct.latestDefensible?.respondBy]).toEqual(["2026-10-22", "2026-10-23"]);
    // 5 Feb 2026: Feb 6, 9-13, (16 Presidents' Day), 17-20, 23-27 = 15 → Fri 27 Feb; skipping Lincoln Day 12 Feb → Mon 2 Mar.
    const feb = compute("US-CA", "limit", "2026-02-05");
    expect([feb.respondBy, feb.latestDefensible?.respondBy]).toEqual(["2026-02-27", "2026-03-02"]);
  });
});

describe("Illinois: P.A. 103-0769 (2 August 2024)", () => {
  it("one violation, one recovery from the amendment; retroactivity is with the courts", () => {
    expect(findRule("US-IL", "deletion", noonUtc("2024-08-01")).version).toBe(1);
    const r = compute("US-IL", "deletion", "2024-08-02");
    expect(r.ruleVersion).toBe(2);
    expect(r.statutory).toBe(false);
    expect(r.complaint?.windowText).toMatch(/one violation with at most one recovery/);
    expect(r.complaint?.windowText).not.toMatch(/per scan/);
    expect(r.uncertainties[0]?.text).toMatch(/being decided by the courts/);
    expect(compute("US-IL", "deletion", "2024-08-02", { locale: "fr-CA" }).uncertainties[0]?.text).toMatch(
      /devant les tribunaux/,
    );
  });
});

describe("Washington RCW 19.375.020: notice, or consent, or a mechanism", () => {
  it("is stated as it reads", () => {
    const rule = findRule("US-WA", "limit", noonUtc("2026-03-05"));
    expect(rule.nonStatutory?.requirements.en).toMatch(/provide notice, or obtain consent, or provide a mechanism/);
    expect(rule.nonStatutory?.requirements.en).not.toMatch(/notice and consent/);
  });
});
