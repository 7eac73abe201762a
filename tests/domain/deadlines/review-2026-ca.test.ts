// Canada after the legal review of 4 December 2026: every time limit goes through the
// Interpretation Act (the notice of an extension and the resident's complaint or review window
// included), Québec s.28.1 is described as what it is, BC's review window after silence is not
// computed, and unsettled holiday lists give the latest defensible date. Dates worked by hand.
import { describe, expect, it } from "vitest";
import { assertExtensionAllowed, DeadlineRuleError, findRule, getRule, type DeadlineEvent } from "~/domain/deadlines";
import { at, compute, noonUtc } from "./helpers";

const ext = (date: string): DeadlineEvent => ({ type: "extended", at: noonUtc(date), reason: "consultations" });

function codeOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (e) {
    expect(e).toBeInstanceOf(DeadlineRuleError);
    return (e as DeadlineRuleError).code;
  }
}

describe("PIPEDA: Interpretation Act s.26 and s.35 for every time limit", () => {
  it("a notice due on Easter Sunday may be given on the Tuesday after Easter Monday", () => {
    // 6 Mar + 30 = Sun 5 Apr 2026 → Mon 6 Apr (Easter Monday, s.35) → Tue 7 Apr.
    const r = compute("CA", "access", "2026-03-06", { events: [ext("2026-04-07")] });
    expect(r.extension).toEqual({ maxRespondBy: "2026-05-05", noticeBy: "2026-04-07" });
    expect(r.respondBy).toBe("2026-05-05"); // 6 Mar + 60 = Tue 5 May
    expect(r.complaint?.deadline).toBe("2026-11-05"); // six months after the extended time limit
    expect(codeOf(() => compute("CA", "access", "2026-03-06", { events: [ext("2026-04-08")] }))).toBe(
      "extension_notice_late",
    );
    // Filed under version 1, the same notice stays refused (the version a request was filed under never changes).
    const v1 = getRule("CA/access", 1)!;
    expect(
      codeOf(() =>
        assertExtensionAllowed({ rule: v1, receivedAt: noonUtc("2026-03-06"), events: [], at: noonUtc("2026-04-07") }),
      ),
    ).toBe("extension_notice_late");
  });

  it("a Saturday end stands for the notice as for the response (Saturday is not a s.35 holiday)", () => {
    const r = compute("CA", "access", "2026-03-05");
    expect([r.respondBy, r.extension?.noticeBy]).toEqual(["2026-04-04", "2026-04-04"]);
    expect(codeOf(() => compute("CA", "access", "2026-03-05", { events: [ext("2026-04-06")] }))).toBe(
      "extension_notice_late",
    );
  });

  it("the six months to complain roll over 30 September (National Day for Truth and Reconciliation)", () => {
    expect(compute("CA", "access", "2026-03-01").complaint?.deadline).toBe("2026-10-01"); // 31 Mar + 6 months = Wed 30 Sep → Thu 1 Oct
  });

  it("late-evening receipt on the eve of DST: local date in Toronto, then Easter Monday", () => {
    // 23:30 EST on Sat 7 Mar 2026 = 04:30Z on 8 Mar. 7 Mar + 30 = Mon 6 Apr (Easter Monday) → Tue 7 Apr.
    const r = compute("CA", "access", at("2026-03-08T04:30:00Z"));
    expect(r.receivedOn).toBe("2026-03-07");
    expect(r.respondBy).toBe("2026-04-07");
    expect(r.uncertainties.map((u) => u.id)).toEqual(["CA-holidays", "CA-time-zone"]);
  });
});

describe("Québec: I-16 s.52 for the CAI window; s.28.1 and s.27 para. 3", () => {
  it("the 30 days to apply to the CAI roll off a Sunday; a Saturday end stands", () => {
    // 11 Mar + 30 = Fri 10 Apr; + 30 = Sun 10 May → Mon 11 May.
    expect(compute("CA-QC", "access", "2026-03-11").complaint?.deadline).toBe("2026-05-11");
    // 20 Jan + 30 = Thu 19 Feb; + 30 = Sat 21 Mar: stands (Saturday is not a jour férié).
    expect(compute("CA-QC", "access", "2026-01-20").complaint?.deadline).toBe("2026-03-21");
    // Version 1 did not roll the CAI window.
    const v1 = getRule("CA-QC/access", 1)!;
    expect(v1.computation.rolls).not.toContain("complaint");
  });

  it("s.28.1 is cessation of dissemination or de-indexation, not consent withdrawal; its clock and deemed refusal apply", () => {
    const rule = findRule("CA-QC", "opt_out", noonUtc("2026-03-11"));
    expect(rule.version).toBe(4);
    expect(rule.summary.en).toMatch(/stop disseminating.*de-index/);
    expect(rule.summary.en).toMatch(/breaks the law or a court order, or seriously injures/);
    expect(rule.summary.en).not.toMatch(/\(consent withdrawal/);
    expect(rule.summary["fr-CA"]).toMatch(/désindexation/);
    const r = compute("CA-QC", "opt_out", "2026-03-11");
    expect([r.respondBy, r.noReply]).toEqual(["2026-04-10", "deemed_refusal"]);
    expect(findRule("CA-QC", "deletion", noonUtc("2026-03-11")).summary.en).toMatch(/s\. 28\.1/);
    // Before s.28.1 came into force (22 Sept 2023): no statutory deadline.
    expect(findRule("CA-QC", "opt_out", noonUtc("2023-09-21")).statutory).toBe(false);
  });

  it("access cites s.27 para. 3 (portability) from 22 September 2024", () => {
    expect(findRule("CA-QC", "access", noonUtc("2024-09-21")).citations.join(" ")).not.toMatch(/27 para\. 3/);
    const rule = findRule("CA-QC", "access", noonUtc("2024-09-22"));
    expect(rule.citations).toContain("CQLR c P-39.1, s. 27 para. 3 (portability, in force 22 September 2024)");
    expect(rule.replaces?.reason).toBe("change_in_law");
  });
});

describe("British Columbia", () => {
  it("no review date after a deemed refusal: what applies is said in words, with both readings", () => {
    const r = compute("CA-BC", "access", "2026-03-05");
    expect(r.respondBy).toBe("2026-04-20");
    expect(r.complaint?.deadline).toBeNull();
    const u = r.uncertainties.find((x) => x.id === "CA-BC-review-after-no-response")!;
    expect(u.text).toMatch(/no fixed limit/);
    expect(u.text).toMatch(/30 business days would count from the missed deadline/);
  });

  it("Family Day (unconfirmed in s.29) gives the later date beside the deadline", () => {
    // 20 Jan 2026 + 30 business days counting Mon 16 Feb (Family Day) as a business day = Tue 3 Mar;
    // not counting it = Wed 4 Mar. The extended date moves the same way.
    const r = compute("CA-BC", "access", "2026-01-20");
    expect(r.respondBy).toBe("2026-03-03");
    expect(r.latestDefensible).toMatchObject({
      respondBy: "2026-03-04",
      noticeBy: "2026-03-04",
      maxRespondBy: "2026-04-17",
    });
  });
});

describe("Alberta: Interpretation Act s.22 for every time limit", () => {
  it("notice due on Easter Sunday may be given on Monday; the later reading adds Easter Monday", () => {
    // 19 Feb + 45 = Sun 5 Apr → Mon 6 Apr (Easter Monday is not counted as an Alberta holiday: unsure).
    const r = compute("CA-AB", "access", "2026-02-19", { events: [ext("2026-04-06")] });
    expect(r.extension).toEqual({ maxRespondBy: "2026-05-05", noticeBy: "2026-04-06" }); // 19 Feb + 75 = Tue 5 May
    expect(r.latestDefensible?.noticeBy).toBe("2026-04-07");
    expect(codeOf(() => compute("CA-AB", "access", "2026-02-19", { events: [ext("2026-04-07")] }))).toBe(
      "extension_notice_late",
    );
  });

  it("a Saturday 26 December stands; if 26 December is a holiday it runs to Monday 28", () => {
    const r = compute("CA-AB", "correction", "2026-11-11");
    expect(r.respondBy).toBe("2026-12-26");
    expect(r.latestDefensible?.respondBy).toBe("2026-12-28");
    expect(r.uncertainties.map((u) => u.id)).toEqual(["CA-AB-holidays"]);
  });

  it("the 30 days to ask for a review roll like the response date", () => {
    // 7 Mar + 75 (extended) = Thu 21 May; + 30 = Sat 20 Jun: a Saturday end stands under s.22.
    expect(compute("CA-AB", "access", "2026-03-07", { events: [ext("2026-04-01")] }).complaint?.deadline).toBe(
      "2026-06-20",
    );
    // 19 Feb: Mon 6 Apr + 30 = Wed 6 May.
    expect(compute("CA-AB", "access", "2026-02-19").complaint?.deadline).toBe("2026-05-06");
    // 28 Mar 2026 + 45 = Tue 12 May; + 30 = Thu 11 Jun. 31 Mar + 45 = Fri 15 May; + 30 = Sun 14 Jun → Mon 15 Jun.
    expect(compute("CA-AB", "access", "2026-03-31").complaint?.deadline).toBe("2026-06-15");
  });
});
