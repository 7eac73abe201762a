// Regulators' published worked examples (reference jurisdictions.md §4), applied with the
// roll-forward those examples state ("if the corresponding date falls on a weekend or a public
// holiday, you have until the next working day").
import { describe, expect, it } from "vitest";
import { compute } from "./helpers";

describe("ICO worked examples (GB, day of receipt = day one)", () => {
  it.each([
    // [source, received (local Europe/London), expected, note]
    ["ICO SME checklist #1: 3 Sep → 3 Oct", "2025-09-03", "2025-10-03", "3 Oct 2025 is a Friday"],
    [
      "ICO #1 with roll-forward: 3 Oct on a Saturday",
      "2020-09-03",
      "2020-10-05",
      "3 Oct 2020 is a Saturday → Monday 5 Oct",
    ],
    ["ICO guide #4: 31 Jan → 28 Feb", "2025-01-31", "2025-02-28", "28 Feb 2025 is a Friday"],
    ["ICO guide #4: 31 Jan → 29 Feb in a leap year", "2024-01-31", "2024-02-29", "29 Feb 2024 is a Thursday"],
    ["Lexology #6: 30 Jan → 28 Feb", "2025-01-30", "2025-02-28", ""],
    ["Lexology #6: 30 Jan → 29 Feb in a leap year", "2024-01-30", "2024-02-29", ""],
    ["FC Law #7: 2 Sep 2019 → 2 Oct 2019 (Wednesday)", "2019-09-02", "2019-10-02", "not the old-rule 3 Oct"],
    ["ICO guide #5: 1 Apr → 1 May", "2025-04-01", "2025-05-01", "1 May 2025 is a Thursday"],
    ["vendor doc #8: 1 Mar → 1 Apr", "2025-03-01", "2025-04-01", "1 Apr 2025 is a Tuesday"],
  ])("%s", (_name, received, expected) => {
    const r = compute("GB", "access", received);
    expect(r.respondBy).toBe(expected);
    expect(r.statutory).toBe(true);
  });

  // From 5 February 2026 (Data (Use and Access) Act 2025) the time is "one month beginning with"
  // the day of receipt (UK GDPR Art. 12A), which ends the day before the corresponding date; the
  // ICO's examples (corresponding date) are now the latest defensible date shown beside it. These
  // rows expected the ICO date as the deadline before the DUAA version.
  it.each([
    // [source, received, deadline (Art. 12A), ICO date (latest defensible)]
    ["ICO guide #5: 1 Apr → 1 May", "2026-04-01", "2026-04-30", "2026-05-01"],
    [
      "ICO guide #5: 1 May on a Saturday, Monday is the Early May bank holiday",
      "2027-04-01",
      "2027-04-30",
      "2027-05-04",
    ],
    ["#9 consistent part: 27 Jun → 27 Jul (26 Jul 2026 is a Sunday)", "2026-06-27", "2026-07-27", "2026-07-27"],
    ["ICO SME checklist #1: 3 Sep → 3 Oct", "2026-09-03", "2026-10-02", "2026-10-05"],
  ])("%s (from 5 Feb 2026)", (_name, received, deadline, ico) => {
    const r = compute("GB", "access", received);
    expect(r.ruleVersion).toBe(3);
    expect(r.respondBy).toBe(deadline);
    expect(r.latestDefensibleRespondBy).toBe(ico);
  });

  it("Lexology #6: a request at 23:59 on 1 August is due 1 September (time of day irrelevant)", () => {
    // 23:59 BST on 1 Aug 2025 = 22:59Z. 1 Sep 2025 is a Monday (not a bank holiday).
    const r = compute("GB", "access", "2025-08-01T22:59:00Z");
    expect(r.receivedOn).toBe("2025-08-01");
    expect(r.respondBy).toBe("2025-09-01");
    const early = compute("GB", "access", "2025-07-31T23:01:00Z"); // 00:01 BST on 1 Aug
    expect(early.respondBy).toBe("2025-09-01");
  });

  it("old ICO rule results are rejected: 2 Sep 2019 is never due 3 Oct; 1 Aug never 2 Sep", () => {
    expect(compute("GB", "access", "2019-09-02").respondBy).not.toBe("2019-10-03");
    expect(compute("GB", "access", "2025-08-01").respondBy).not.toBe("2025-09-02");
  });

  it.each([2023, 2024, 2025, 2026, 2027, 2028])(
    "negative test (#9): 31 Jan %i never gives 1 May or 1/3 Mar by month arithmetic",
    (year) => {
      const r = compute("GB", "access", `${year}-01-31`);
      // The month arithmetic always lands on the last day of February…
      const unrolled = r.explanation.find((s) => s.key.startsWith("deadline.period_months"))!;
      expect(unrolled.params.date).toBe(year % 4 === 0 ? `${year}-02-29` : `${year}-02-28`);
      expect([`${year}-05-01`, `${year}-03-01`, `${year}-03-03`]).not.toContain(unrolled.params.date);
      // …and only the weekend roll-forward can move it into March (28 Feb 2027 is a Sunday → Mon 1 Mar).
      expect(r.respondBy).not.toBe(`${year}-05-01`);
      expect(r.respondBy).not.toBe(`${year}-03-03`);
      if (r.respondBy.startsWith(`${year}-03`)) {
        expect(r.explanation.some((s) => s.key === "deadline.roll_weekend")).toBe(true);
      }
    },
  );

  it("31 Jan 2027: 28 Feb is a Sunday, so the next working day is Mon 1 Mar 2027", () => {
    expect(compute("GB", "access", "2027-01-31").respondBy).toBe("2027-03-01");
  });

  it("a weekend day that is also a holiday is explained by the holiday", () => {
    // GB 26 Dec 2026 is a Saturday and Boxing Day; 28 Dec is the substitute bank holiday.
    const texts = compute("GB", "access", "2026-11-26").explanation.map((s) => s.text);
    expect(texts).toContain(
      "Sat 26 Dec 2026 is Boxing Day, a public holiday in England and Wales: rolls to Sun 27 Dec 2026",
    );
    expect(texts).toContain(
      "Mon 28 Dec 2026 is Boxing Day (substitute day), a public holiday in England and Wales: rolls to Tue 29 Dec 2026",
    );
  });

  it("explains the ICO month clamp in words", () => {
    const r = compute("GB", "access", "2025-01-31");
    expect(r.explanation.map((s) => s.text)).toContain(
      "One month later is Fri 28 Feb 2025 (no corresponding date: last day of the month)",
    );
  });
});

describe("EDPB Guidelines 01/2022 worked examples (EU)", () => {
  it("Example 32: received 5 March → due 5 April (inclusive)", () => {
    // 5 Apr 2024 is a Friday and not a holiday in any member state.
    for (const j of ["FR", "DE", "IE", "BE", "ES", "PL", "GR"] as const) {
      expect(compute(j, "access", "2024-03-05").respondBy).toBe("2024-04-05");
    }
  });

  it("Example 33: received 31 August → due 30 September (no 31 September)", () => {
    // 30 Sep 2025 is a Tuesday.
    for (const j of ["DE", "FR", "IT", "NL", "SE", "CZ"] as const) {
      const r = compute(j, "access", "2025-08-31");
      expect(r.respondBy).toBe("2025-09-30");
      expect(r.explanation.some((s) => s.key === "deadline.period_months_clamped")).toBe(true);
    }
  });

  it("§161: a weekend or public-holiday end slides to the next working day (brief's example)", () => {
    const r = compute("FR", "access", "2026-03-05");
    expect(r.respondBy).toBe("2026-04-07");
    expect(r.explanation.map((s) => s.text)).toEqual([
      "Received Thu 5 Mar 2026 (Europe/Paris)",
      "One month later is Sun 5 Apr 2026",
      "Sun 5 Apr 2026 is a Sunday: rolls to Mon 6 Apr 2026",
      "Mon 6 Apr 2026 is Easter Monday, a public holiday in France: rolls to Tue 7 Apr 2026",
      "Respond by Tue 7 Apr 2026, end of day (Europe/Paris)",
    ]);
  });

  it("the same explanation in fr-CA", () => {
    const r = compute("FR", "access", "2026-03-05", { locale: "fr-CA" });
    expect(r.explanation.map((s) => s.text)).toEqual([
      "Reçue le jeu. 5 mars 2026 (Europe/Paris)",
      "Un mois plus tard : dim. 5 avr. 2026",
      "dim. 5 avr. 2026 est un dimanche : reporté au lun. 6 avr. 2026",
      "lun. 6 avr. 2026 : Lundi de Pâques, jour férié en France : reporté au mar. 7 avr. 2026",
      "Répondre au plus tard le mar. 7 avr. 2026, fin de journée (Europe/Paris)",
    ]);
    // keys and params are locale-independent
    expect(r.explanation.map((s) => s.key)).toEqual(
      compute("FR", "access", "2026-03-05").explanation.map((s) => s.key),
    );
  });
});

describe("Canada: federal Interpretation Act s.28 month example (Slaw #14)", () => {
  it("one month after 30 March and after 31 March are both 30 April (complaint window arithmetic)", () => {
    // PIPEDA's complaint window is in months (s.11(3)): it uses the same corresponding-date rule.
    // 2020 (before 30 September became a federal holiday): receipt 29 Feb 2020 + 30 days = 30 Mar
    // (Mon) → + 6 months = Wed 30 Sep 2020; receipt 1 Mar + 30 = 31 Mar (Tue) → 30 Sep (no 31 Sep).
    const a = compute("CA", "access", "2020-02-29");
    expect(a.respondBy).toBe("2020-03-30");
    expect(a.complaint?.deadline).toBe("2020-09-30");
    const b = compute("CA", "access", "2020-03-01");
    expect(b.respondBy).toBe("2020-03-31");
    expect(b.complaint?.deadline).toBe("2020-09-30");
    // Since 2021, 30 September (National Day for Truth and Reconciliation) is a s.35 holiday: the
    // six months then end on Thu 1 Oct 2026 (Interpretation Act s.26; this expected 30 Sep before
    // the December 2026 review rolled complaint windows).
    expect(compute("CA", "access", "2026-03-01").complaint?.deadline).toBe("2026-10-01");
  });
});

describe("Texas appellate illustration (#16): exclude the first day and count 30", () => {
  it("the generic 'exclude first day' count matches: signed Wed 2 Jan 2019 → day 30 is Fri 1 Feb 2019", () => {
    // Same arithmetic as a 30-day 'after receipt' statute without roll-forward (Québec counts this way).
    expect(compute("CA-QC", "access", "2019-01-02").respondBy).toBe("2019-02-01");
    // Signed Thu 3 Jan → day 30 is Sat 2 Feb: Texas would roll to Monday; Québec's Interpretation
    // Act does not roll a Saturday (I-16 s.52), so the date stands.
    expect(compute("CA-QC", "access", "2019-01-03").respondBy).toBe("2019-02-02");
  });
});
