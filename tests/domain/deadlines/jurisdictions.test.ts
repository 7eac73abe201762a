// Dated cases for every jurisdiction: month ends, leap years, weekend and holiday roll-forward,
// regime-specific counting. Each expected date is worked out by hand in the comment.
import { describe, expect, it } from "vitest";
import { compute, noonUtc } from "./helpers";
import { findRule, getRule, type JurisdictionCode, type RequestType } from "~/domain/deadlines";

type Row = [JurisdictionCode, RequestType, string, string, string];

describe("United States", () => {
  it.each<Row>([
    // US-CA: 45 calendar days with the receipt day as day 1 (receipt + 44), no roll-forward.
    ["US-CA", "access", "2026-03-05", "2026-04-18", "Thu 5 Mar + 44 = Sat 18 Apr; Saturday stands (earliest reading)"],
    ["US-CA", "deletion", "2026-01-01", "2026-02-14", "1 Jan + 44 = 14 Feb"],
    ["US-CA", "correction", "2024-01-20", "2024-03-04", "leap year: 20 Jan + 44 = 4 Mar 2024 (29 Feb counted)"],
    ["US-CA", "access", "2025-01-20", "2025-03-05", "non-leap: 20 Jan + 44 = 5 Mar 2025"],
    // US-CA opt-out/limit: 15 business days, CA state holidays skipped, receipt day excluded.
    ["US-CA", "opt_out", "2026-03-05", "2026-03-26", "Mar 6, 9-13, 16-20, 23-26 = 15"],
    [
      "US-CA",
      "limit",
      "2026-03-27",
      "2026-04-20",
      "Mar 30, (31 César Chávez Day skipped), Apr 1-3, 6-10, 13-17, 20 = 15",
    ],
    [
      "US-CA",
      "opt_out",
      "2026-11-20",
      "2026-12-15",
      "Nov 23-25, (26 Thanksgiving, 27 day after skipped), Nov 30-Dec 4, 7-11, 14-15 = 15",
    ],
    [
      "US-CA",
      "opt_out",
      "2026-12-19",
      "2027-01-12",
      "Sat receipt: Dec 21-24, (25 Christmas), 28-31, (1 Jan), Jan 4-8, 11-12 = 15",
    ],
    // Colorado / Connecticut / Virginia / Texas / Washington: receipt + 45. Colorado, Texas and
    // Washington roll a Saturday, Sunday or legal-holiday end (C.R.S. §2-4-108(2), Gov't Code
    // §311.014, RCW 1.12.040): these rows expected the unrolled date before the December 2026 review.
    ["US-CO", "access", "2026-01-15", "2026-03-02", "15 Jan + 45 = Sun 1 Mar → Mon 2 Mar (C.R.S. §2-4-108(2))"],
    ["US-CO", "opt_out", "2024-01-15", "2024-02-29", "leap year: 15 Jan + 45 = 29 Feb 2024"],
    [
      "US-CO",
      "correction",
      "2026-05-20",
      "2026-07-06",
      "20 May + 45 = Sat 4 Jul → Sun → Mon 6 Jul (C.R.S. §2-4-108(2))",
    ],
    ["US-CT", "access", "2026-02-10", "2026-03-27", "10 Feb + 45 = 27 Mar"],
    ["US-CT", "deletion", "2026-11-10", "2026-12-25", "10 Nov + 45 = 25 Dec (stands)"],
    ["US-VA", "access", "2026-12-31", "2027-02-14", "31 Dec + 45 crosses the year: 14 Feb 2027"],
    ["US-VA", "opt_out", "2027-12-31", "2028-02-14", "2028 is a leap year but Feb 14 precedes 29 Feb"],
    ["US-TX", "access", "2026-06-01", "2026-07-16", "'the 45th day after the date of receipt'"],
    [
      "US-TX",
      "deletion",
      "2026-01-01",
      "2026-02-17",
      "1 Jan + 45 = Sun 15 Feb → Mon 16 Feb Presidents' Day → Tue 17 Feb (Gov't Code §311.014)",
    ],
    ["US-WA", "access", "2026-03-05", "2026-04-20", "MHMDA: 5 Mar + 45 = Sun 19 Apr → Mon 20 Apr (RCW 1.12.040)"],
    ["US-WA", "opt_out", "2026-08-31", "2026-10-15", "consent withdrawal: 31 Aug + 45"],
  ])("%s %s received %s → %s (%s)", (j, t, received, expected) => {
    const r = compute(j, t, received);
    expect(r.statutory).toBe(true);
    expect(r.respondBy).toBe(expected);
    expect(r.originalRespondBy).toBe(expected);
  });

  it("US-CA reports the later CCP §12/§12a reading for information", () => {
    // CCP: exclude first day → 5 Mar + 45 = Sun 19 Apr → Mon 20 Apr.
    const r = compute("US-CA", "access", "2026-03-05");
    expect(r.latestDefensibleRespondBy).toBe("2026-04-20");
    expect(r.respondBy).toBe("2026-04-18");
    expect(r.citation).toBe("Cal. Civ. Code §1798.130(a)(2); 11 CCR §7021(b)");
  });

  it("US-CA acknowledgement: 10 business days after receipt (§7021(a))", () => {
    expect(compute("US-CA", "access", "2026-03-05").acknowledgeBy).toBe("2026-03-19"); // Mar 6, 9-13, 16-19
    // Thanksgiving week: Nov 23-25, (26, 27 skipped), Nov 30-Dec 4, Dec 7-8 → 8 Dec.
    expect(compute("US-CA", "deletion", "2026-11-20").acknowledgeBy).toBe("2026-12-08");
    expect(compute("US-CA", "opt_out", "2026-11-20").acknowledgeBy).toBeNull();
    expect(compute("GB", "access", "2026-11-20").acknowledgeBy).toBeNull();
  });

  it.each<[JurisdictionCode, RequestType]>([
    ["US-IL", "access"],
    ["US-IL", "deletion"],
    ["US-IL", "correction"],
    ["US-IL", "opt_out"],
    ["US-IL", "limit"],
    ["US-WA", "correction"],
    ["US-WA", "limit"],
    ["US-CO", "limit"],
    ["US-CT", "limit"],
    ["US-VA", "limit"],
    ["US-TX", "limit"],
  ])("%s %s is not statutory: service target only, clearly labelled", (j, t) => {
    const r = compute(j, t, "2026-03-05");
    expect(r.statutory).toBe(false);
    expect(r.serviceTargetDays).toBe(30);
    expect(r.respondBy).toBe("2026-04-04"); // 5 Mar + 30, never rolled
    expect(r.noReply).toBeNull();
    expect(r.extension).toBeNull();
    expect(r.explanation.some((s) => s.key === "deadline.service_target" && /not a legal deadline/.test(s.text))).toBe(
      true,
    );
    const custom = compute(j, t, "2026-03-05", { serviceTargetDays: 10 });
    expect(custom.respondBy).toBe("2026-03-15");
    expect(custom.serviceTargetDays).toBe(10);
  });

  it("US-IL explains what BIPA does require and the 5-year limitation", () => {
    const r = compute("US-IL", "deletion", "2026-03-05");
    expect(r.complaint?.url).toBeNull();
    expect(r.complaint?.windowText).toMatch(/5 years/);
    expect(r.citation).toBe("740 ILCS 14/15(a)");
  });
});

describe("Canada", () => {
  it.each<Row>([
    // PIPEDA: receipt + 30; Sunday/holiday rolls (Interpretation Act s.26/s.35); Saturday stands.
    ["CA", "access", "2026-06-01", "2026-07-02", "1 Jun + 30 = Wed 1 Jul (Canada Day) → 2 Jul"],
    ["CA", "access", "2026-08-31", "2026-10-01", "31 Aug + 30 = Wed 30 Sep (NDTR, s.35) → 1 Oct"],
    ["CA", "correction", "2026-03-07", "2026-04-07", "7 Mar + 30 = Mon 6 Apr (Easter Monday) → 7 Apr"],
    ["CA", "access", "2026-03-05", "2026-04-04", "5 Mar + 30 = Sat 4 Apr: Saturday stands"],
    ["CA", "access", "2026-03-06", "2026-04-07", "Sun 5 Apr → Mon 6 Apr (Easter Monday) → Tue 7 Apr"],
    ["CA", "access", "2026-10-12", "2026-11-12", "12 Oct + 30 = Wed 11 Nov (Remembrance Day) → 12 Nov"],
    ["CA", "access", "2020-10-02", "2020-11-02", "1 Nov 2020 is a Sunday → Mon 2 Nov"],
    ["CA", "access", "2024-01-30", "2024-02-29", "leap year: 30 Jan + 30 = 29 Feb 2024"],
    // Québec P-39.1: receipt + 30; Sunday and jours fériés roll; Saturday does not.
    ["CA-QC", "access", "2026-05-25", "2026-06-25", "25 May + 30 = Wed 24 Jun (Fête nationale) → 25 Jun"],
    ["CA-QC", "correction", "2026-03-07", "2026-04-07", "Mon 6 Apr Easter Monday (s.61(23)(d)) → 7 Apr"],
    ["CA-QC", "access", "2026-03-05", "2026-04-04", "Sat 4 Apr stands (Saturday is not a jour férié)"],
    ["CA-QC", "deletion", "2026-03-06", "2026-04-07", "Sun 5 Apr → Mon 6 Apr (Easter Monday) → 7 Apr"],
    ["CA-QC", "access", "2029-06-01", "2029-07-03", "Sun 1 Jul 2029 → Mon 2 Jul (s.61(23)(f)) → Tue 3 Jul"],
    [
      "CA-QC",
      "opt_out",
      "2026-11-10",
      "2026-12-10",
      "s.28.1 (v2): 10 Nov + 30; Remembrance Day is not a QC holiday anyway",
    ],
    ["CA-QC", "access", "2026-10-12", "2026-11-11", "11 Nov is not a Québec jour férié: stands"],
    // BC PIPA: 30 'days' excluding Saturdays and holidays (Sundays are holidays) = business days.
    ["CA-BC", "access", "2026-03-05", "2026-04-20", "skips Good Friday 3 Apr and Easter Monday 6 Apr"],
    [
      "CA-BC",
      "correction",
      "2026-02-02",
      "2026-03-16",
      "Feb 3-6, 9-13, 16-20 (Family Day not a s.29 holiday: UNSURE choice), 23-27, Mar 2-6, 9-13, 16 = 30",
    ],
    ["CA-BC", "access", "2026-12-01", "2027-01-14", "skips 25, 26 Dec (26th is a Saturday anyway) and 1 Jan"],
    // Alberta PIPA: receipt + 45; Sunday/holiday rolls; Saturday stands.
    ["CA-AB", "access", "2026-03-07", "2026-04-21", "7 Mar + 45 = Tue 21 Apr"],
    ["CA-AB", "access", "2026-04-01", "2026-05-16", "Sat 16 May stands"],
    ["CA-AB", "correction", "2026-04-03", "2026-05-19", "Mon 18 May Victoria Day → 19 May"],
    ["CA-AB", "access", "2026-04-02", "2026-05-19", "Sun 17 May → Mon 18 May (Victoria Day) → 19 May"],
    [
      "CA-AB",
      "access",
      "2026-02-20",
      "2026-04-06",
      "20 Feb + 45 = Mon 6 Apr: Easter Monday is not an AB holiday here (UNSURE choice CA-AB-holidays)",
    ],
    ["CA-AB", "access", "2026-01-02", "2026-02-17", "2 Jan + 45 = Mon 16 Feb (Family Day, public in AB) → 17 Feb"],
  ])("%s %s received %s → %s (%s)", (j, t, received, expected) => {
    expect(compute(j, t, received).respondBy).toBe(expected);
  });

  it("deemed refusal regimes say so, and the resident's complaint window runs from the expiry", () => {
    const qc = compute("CA-QC", "access", "2026-03-05");
    expect(qc.noReply).toBe("deemed_refusal");
    expect(qc.complaint?.deadline).toBe("2026-05-04"); // 4 Apr + 30
    expect(qc.complaint?.url).toBe("https://www.cai.gouv.qc.ca");
    const fed = compute("CA", "access", "2026-03-07");
    expect(fed.noReply).toBe("deemed_refusal");
    expect(fed.complaint?.deadline).toBe("2026-10-07"); // 7 Apr + 6 months (s.11(3))
    const bc = compute("CA-BC", "access", "2026-03-05");
    expect(bc.noReply).toBe("deemed_refusal");
    // No date after a deemed refusal: PIPA s.47's 30 business days run from a decision, and BC's
    // FIPPA s.53(3) excludes failures to respond from that window (legal review, December 2026).
    // Version 1 showed 30 business days from the deadline (2 Jun 2026).
    expect(bc.complaint?.deadline).toBeNull();
    expect(bc.complaint?.windowText).toMatch(/no fixed limit is settled/);
    expect(bc.uncertainties.map((u) => u.id)).toContain("CA-BC-review-after-no-response");
    const ab = compute("CA-AB", "access", "2026-03-07");
    expect(ab.noReply).toBe("deemed_refusal");
    expect(ab.complaint?.deadline).toBe("2026-05-21"); // 21 Apr + 30
  });

  it("Québec Saturday rule is explained in French", () => {
    const r = compute("CA-QC", "access", "2026-03-05", { locale: "fr-CA" });
    expect(r.explanation.map((s) => s.text)).toContain(
      "sam. 4 avr. 2026 est un samedi, qui n'est pas un jour férié (Loi d'interprétation, RLRQ c I-16, ss. 52, 61(23)) : l'échéance est maintenue",
    );
    expect(r.complaint?.regulator).toBe("Commission d'accès à l'information du Québec (CAI)");
  });

  it.each<[JurisdictionCode, RequestType]>([
    ["CA", "deletion"],
    ["CA", "opt_out"],
    ["CA", "limit"],
    ["CA-QC", "limit"],
    ["CA-BC", "deletion"],
    ["CA-BC", "opt_out"],
    ["CA-BC", "limit"],
    ["CA-AB", "deletion"],
    ["CA-AB", "opt_out"],
    ["CA-AB", "limit"],
  ])("%s %s is not statutory", (j, t) => {
    const r = compute(j, t, "2026-03-05");
    expect(r.statutory).toBe(false);
    expect(r.noReply).toBeNull();
    expect(r.complaint?.deadline).toBeNull();
  });
});

describe("United Kingdom", () => {
  // Receipts from 5 February 2026 follow the Data (Use and Access) Act 2025: one month beginning
  // with the day of receipt (UK GDPR Art. 12A), which ends the day before the corresponding date.
  it.each<Row>([
    ["GB", "access", "2026-03-05", "2026-04-07", "Sun 5 Apr → Mon 6 Apr (Easter Monday, E&W) → Tue 7 Apr"],
    // Before the DUAA version this was 29 Dec (Fri 25 Dec → … → Tue 29 Dec); the month beginning
    // with 25 Nov now ends Thu 24 Dec (UK GDPR Art. 12A); 29 Dec is the latest defensible date.
    ["GB", "deletion", "2026-11-25", "2026-12-24", "one month beginning with 25 Nov ends Thu 24 Dec"],
    ["GB", "correction", "2026-07-31", "2026-09-01", "31 Aug 2026 is the Summer bank holiday → 1 Sep"],
    ["GB", "opt_out", "2026-04-04", "2026-05-05", "4 May 2026 Early May bank holiday → 5 May"],
    ["GB", "limit", "2026-12-31", "2027-02-01", "31 Jan 2027 is a Sunday → Mon 1 Feb"],
    ["GB", "access", "2023-12-31", "2024-01-31", "31 Dec → 31 Jan"],
  ])("%s %s received %s → %s (%s)", (j, t, received, expected) => {
    expect(compute(j, t, received).respondBy).toBe(expected);
  });

  it("ICO complaint window: three months from the response deadline (ICO practice)", () => {
    expect(compute("GB", "access", "2026-03-05").complaint?.deadline).toBe("2026-07-07");
  });
});

describe("EU member states: national public holidays of each state", () => {
  it.each<Row>([
    ["AT", "access", "2026-09-26", "2026-10-27", "Mon 26 Oct National Day → 27 Oct"],
    ["BE", "access", "2026-06-21", "2026-07-22", "Tue 21 Jul National Day → 22 Jul"],
    ["BG", "access", "2026-02-03", "2026-03-04", "Tue 3 Mar Liberation Day → 4 Mar"],
    ["HR", "access", "2026-05-22", "2026-06-23", "Mon 22 Jun Anti-Fascist Struggle Day → 23 Jun"],
    ["CY", "access", "2026-03-01", "2026-04-02", "Wed 1 Apr Cyprus National Day → 2 Apr"],
    ["CZ", "access", "2026-08-28", "2026-09-29", "Mon 28 Sep Statehood Day → 29 Sep"],
    [
      "DK",
      "access",
      "2026-03-02",
      "2026-04-07",
      "Thu 2 Apr Maundy Thursday → Good Friday → Sat → Easter Sunday → Easter Monday → Tue 7 Apr",
    ],
    ["EE", "access", "2026-01-24", "2026-02-25", "Tue 24 Feb Independence Day → 25 Feb"],
    ["FI", "access", "2026-12-06", "2027-01-07", "Wed 6 Jan 2027 Epiphany → 7 Jan"],
    ["FR", "access", "2026-06-14", "2026-07-15", "Tue 14 Jul → 15 Jul"],
    ["DE", "access", "2025-09-03", "2025-10-06", "Fri 3 Oct German Unity Day → Sat → Sun → Mon 6 Oct"],
    ["GR", "access", "2026-02-25", "2026-03-26", "Wed 25 Mar Independence Day → 26 Mar"],
    ["GR", "deletion", "2026-03-13", "2026-04-14", "Mon 13 Apr Orthodox Easter Monday → 14 Apr"],
    ["GR", "correction", "2026-03-06", "2026-04-06", "Western Easter Monday is a working day in Greece"],
    ["IE", "access", "2026-01-02", "2026-02-03", "Mon 2 Feb St Brigid's Day → 3 Feb"],
    ["IT", "access", "2026-05-02", "2026-06-03", "Tue 2 Jun Republic Day → 3 Jun"],
    ["LV", "access", "2026-04-04", "2026-05-05", "Mon 4 May Restoration of Independence → 5 May"],
    ["LT", "access", "2026-01-16", "2026-02-17", "Mon 16 Feb Restoration of the State → 17 Feb"],
    ["LU", "access", "2026-05-23", "2026-06-24", "Tue 23 Jun National Day → 24 Jun"],
    ["MT", "access", "2026-02-19", "2026-03-20", "Thu 19 Mar St Joseph → 20 Mar"],
    ["NL", "access", "2026-03-27", "2026-04-28", "Mon 27 Apr King's Day → 28 Apr"],
    ["PL", "access", "2027-04-03", "2027-05-04", "Mon 3 May 2027 Constitution Day → 4 May"],
    ["PT", "access", "2026-05-10", "2026-06-11", "Wed 10 Jun Portugal Day → 11 Jun"],
    ["RO", "access", "2024-12-24", "2025-01-27", "Fri 24 Jan Unification Day → Sat → Sun → Mon 27 Jan"],
    [
      "RO",
      "deletion",
      "2025-12-01",
      "2026-01-05",
      "Thu 1 Jan → Fri 2 Jan (also New Year, a 48 h holiday in date-holidays) → Sat → Sun → Mon 5 Jan",
    ],
    ["SK", "access", "2027-06-05", "2027-07-06", "Mon 5 Jul Saints Cyril and Methodius → 6 Jul"],
    ["SI", "access", "2027-01-08", "2027-02-09", "Mon 8 Feb Prešeren Day → 9 Feb"],
    ["ES", "access", "2026-09-12", "2026-10-13", "Mon 12 Oct Fiesta Nacional → 13 Oct"],
    [
      "SE",
      "access",
      "2025-05-06",
      "2025-06-09",
      "Fri 6 Jun National Day → Sat → Sun → Mon 9 Jun (Whit Monday not a holiday since 2005)",
    ],
    ["HU", "access", "2026-09-23", "2026-10-26", "Fri 23 Oct National Day → Sat → Sun → Mon 26 Oct"],
    ["FR", "opt_out", "2024-01-31", "2024-02-29", "leap year clamp: 31 Jan → Thu 29 Feb 2024"],
    ["DE", "limit", "2026-12-31", "2027-02-01", "31 Jan 2027 is a Sunday → Mon 1 Feb"],
    ["ES", "deletion", "2026-11-06", "2026-12-07", "Sun 6 Dec → Mon 7 Dec (not a holiday) "],
    ["IT", "correction", "2026-11-08", "2026-12-09", "Tue 8 Dec Immaculate Conception → 9 Dec"],
  ])("%s %s received %s → %s (%s)", (j, t, received, expected) => {
    const r = compute(j, t, received);
    expect(r.respondBy).toBe(expected);
    expect(r.statutory).toBe(true);
    expect(r.noReply).toBeNull();
  });

  it("GDPR limit/opt_out map to Art.18 / Art.21, one month under Art.12(3); consent withdrawal (Art.7(3)) gets no month", () => {
    expect(compute("FR", "limit", "2024-03-05").citation).toBe("GDPR Art. 12(3); Art. 18");
    // Version 1 cited Art. 7(3) under the month; an Art. 7(3) withdrawal is not an Art. 15-22 request.
    expect(compute("FR", "opt_out", "2024-03-05").citation).toBe("GDPR Art. 12(3); Art. 21");
    expect(findRule("FR", "opt_out", noonUtc("2024-03-05")).summary.en).toMatch(
      /processing must stop once you withdraw/,
    );
    expect(getRule("FR/opt_out", 1)?.citation).toBe("GDPR Art. 12(3); Art. 21; Art. 7(3)");
    expect(compute("FR", "limit", "2024-03-05").respondBy).toBe("2024-04-05");
  });

  it("complaint: national authority, no GDPR time limit", () => {
    const r = compute("IE", "access", "2026-03-05");
    expect(r.complaint?.regulator).toBe("Data Protection Commission (Ireland)");
    expect(r.complaint?.deadline).toBeNull();
  });
});
