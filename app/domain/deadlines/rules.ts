// The rule registry: every (jurisdiction × request type) has at least one versioned rule.
// A request keeps the rule version it was filed under (getRule(id, version)); new requests get
// the version in force on their local receipt date (findRule).

import { parseIsoDate } from "./civil-date";
import { CA_RULES } from "./rules-ca";
import { CA_RULES_2026 } from "./rules-ca-2026";
import { EU_RULES, GB_RULES } from "./rules-eu";
import { EU_RULES_2026, GB_RULES_2026 } from "./rules-eu-2026";
import { US_RULES } from "./rules-us";
import { US_RULES_2026 } from "./rules-us-2026";
import { localDayNumber } from "./time-zone";
import type { DeadlineRule, JurisdictionCode, RequestType, UnsureChoice } from "./types";
import { JURISDICTIONS, REQUEST_TYPES } from "./types";

// Versions written after the legal review of 4 December 2026 sit beside the earlier ones: a
// request keeps the version it was filed under, new receipts get the version in force.
const ALL_RULES: readonly DeadlineRule[] = Object.freeze([
  ...US_RULES,
  ...CA_RULES,
  ...GB_RULES,
  ...EU_RULES,
  ...US_RULES_2026,
  ...CA_RULES_2026,
  ...GB_RULES_2026,
  ...EU_RULES_2026,
]);

interface Indexed {
  rule: DeadlineRule;
  effectiveDay: number;
}

const byId = new Map<string, Indexed[]>();
for (const rule of ALL_RULES) {
  const effectiveDay = parseIsoDate(rule.effectiveFrom);
  if (effectiveDay === null) throw new Error(`${rule.id} v${rule.version}: bad effectiveFrom ${rule.effectiveFrom}`);
  const list = byId.get(rule.id) ?? [];
  if (list.some((x) => x.rule.version === rule.version))
    throw new Error(`${rule.id}: duplicate version ${rule.version}`);
  list.push({ rule, effectiveDay });
  byId.set(rule.id, list);
}
for (const list of byId.values())
  list.sort((a, b) => a.effectiveDay - b.effectiveDay || a.rule.version - b.rule.version);

// Fail at import time if coverage breaks: the rest of the app assumes every pair has a rule.
for (const j of JURISDICTIONS) {
  for (const t of REQUEST_TYPES) {
    if (!byId.has(`${j}/${t}`)) throw new Error(`Missing deadline rule for ${j}/${t}`);
  }
}

const REQUEST_TYPE_SET = new Set<string>(REQUEST_TYPES);

export function isRequestType(x: string): x is RequestType {
  return REQUEST_TYPE_SET.has(x);
}

/**
 * The version in force on the local (rule time zone) date of `receivedAt`: among versions with
 * the same effective date, the highest (a correction supersedes the version it corrects for new
 * receipts; filed requests keep theirs through getRule). A receipt before the first effective
 * date gets the version of that date: the registry does not model the law before the regime
 * applied (see UNSURE_CHOICES "rule-before-effective").
 */
export function findRule(jurisdiction: JurisdictionCode, type: RequestType, receivedAt: Date): DeadlineRule {
  const list = byId.get(`${jurisdiction}/${type}`);
  if (!list) throw new RangeError(`No deadline rule for ${String(jurisdiction)}/${String(type)}`);
  const first = list[0]!;
  if (list.length === 1) return first.rule;
  const ms = receivedAt.getTime();
  if (Number.isNaN(ms)) throw new RangeError("receivedAt is not a valid date");
  const day = localDayNumber(ms, first.rule.timeZone);
  // Before the first effective date: the latest version of that date (a correction supersedes
  // the version it corrects there too).
  let chosen = first;
  for (const x of list) if (x.effectiveDay <= day || x.effectiveDay === first.effectiveDay) chosen = x;
  return chosen.rule;
}

export function getRule(ruleId: string, version: number): DeadlineRule | undefined {
  return byId.get(ruleId)?.find((x) => x.rule.version === version)?.rule;
}

/** Every stored version of every rule. */
export function listRules(): DeadlineRule[] {
  return [...ALL_RULES];
}

/** Each point where the reference was UNSURE (or left a choice), what was chosen, and why. */
export const UNSURE_CHOICES: readonly UnsureChoice[] = Object.freeze([
  {
    id: "US-CA-45-day-counting",
    ruleIds: ["US-CA/access", "US-CA/deletion", "US-CA/correction"],
    choice:
      "Receipt day is day 1: due on receipt + 44 calendar days, no weekend/holiday roll-forward. Extension maximum receipt + 89 (90 days counting the receipt day); extension notice by receipt + 44.",
    reasoning:
      "11 CCR §7021(b): the 45-day period 'will begin on the day that the business receives the request'. CCP §12/§12a (exclude first day; roll a Saturday/Sunday/holiday end) would give receipt + 45, rolled — a later date. No regulator example exists; the earliest defensible date is used and the CCP reading is reported as latestDefensibleRespondBy.",
  },
  {
    id: "US-CA-business-day",
    ruleIds: ["US-CA/opt_out", "US-CA/limit", "US-CA/access", "US-CA/deletion", "US-CA/correction"],
    choice:
      "Business day = Monday-Friday except California state holidays listed `public` by date-holidays 3.37 (US/CA), incl. substitute days, César Chávez Day and the day after Thanksgiving (Columbus Day is not one).",
    reasoning:
      "'Business day' is not defined in the CCPA or its regulations (reference §2 US-CA, §5 item 5). The business and the request are California-governed; the brief directs California state holidays. Used for the 15-business-day opt-out/limit periods and the 10-business-day acknowledgement.",
  },
  {
    id: "US-CA-15-business-days",
    ruleIds: ["US-CA/opt_out", "US-CA/limit"],
    choice:
      "'15 business days from the date the business receives the request': day 1 is the first business day after the receipt date; no extension.",
    reasoning:
      "'From the date' conventionally excludes that date (CCP §12). Not flagged UNSURE in the reference, recorded for transparency; §7027(g)(1) wording is MEMORY.",
  },
  {
    id: "US-45-day-counting",
    ruleIds: ["US-CO/*", "US-CT/*", "US-VA/*", "US-TX/*", "US-WA/access", "US-WA/deletion", "US-WA/opt_out"],
    choice:
      "Versions written before the December 2026 review: due on receipt + 45 calendar days (receipt day excluded), no weekend/holiday roll-forward; extension to receipt + 90 with notice by receipt + 45. Since the review, CO, TX and WA roll every date under their computation statutes; VA and CT do not (US-VA-weekend-end, US-CT-weekend-end).",
    reasoning:
      "Statutes say '45 days after/of receipt' (TX: 'the 45th day after the date of receipt'). The state computation statutes (C.R.S. §2-4-108, Gov't Code §311.014, Va. Code §1-210; CT none found) are MEMORY/UNSURE; a roll-forward could only make the date later.",
  },
  {
    id: "US-TX-regime",
    ruleIds: ["US-TX/access", "US-TX/deletion", "US-TX/correction", "US-TX/opt_out", "US-TX/limit"],
    choice:
      "TDPSA (Bus. & Com. Code ch. 541) 45 (+45) days for access, correction, deletion, opt-out; limit is not statutory. CUBI §503.001 destruction duty recorded as a requirement.",
    reasoning:
      "CUBI gives no request rights; TDPSA does for biometric (sensitive) data. Applicability thresholds of TDPSA are not checked by the engine.",
  },
  {
    id: "US-WA-regime",
    ruleIds: ["US-WA/access", "US-WA/deletion", "US-WA/opt_out", "US-WA/correction", "US-WA/limit"],
    choice:
      "MHMDA (RCW 19.373) 45 (+45) days for access, deletion and consent withdrawal (opt_out); correction and limit not statutory.",
    reasoning:
      "RCW 19.375 has no request rights and excludes photographs; MHMDA treats biometric data as consumer health data. RCW 19.373.040 sub-lettering is MEMORY.",
  },
  {
    id: "limit-outside-US-CA",
    ruleIds: [
      "US-CO/limit",
      "US-CT/limit",
      "US-VA/limit",
      "US-TX/limit",
      "US-WA/limit",
      "US-IL/limit",
      "CA/limit",
      "CA-QC/limit",
      "CA-BC/limit",
      "CA-AB/limit",
    ],
    choice:
      "statutory: false — service target only (default 30 calendar days, caller-overridable). GDPR/UK `limit` = Art.18 restriction (1 month).",
    reasoning: "These regimes have no specific right to limit use with a deadline (brief).",
  },
  {
    id: "US-IL-no-rights",
    ruleIds: ["US-IL/*"],
    choice:
      "All request types statutory: false; requirement text cites BIPA §15(a) destruction (purpose met or 3 years after last interaction) and the 5-year limitation (Tims).",
    reasoning: "BIPA gives no access/deletion/opt-out right on request (reference §2 US-IL, VERIFIED).",
  },
  {
    id: "CA-QC-saturday",
    ruleIds: ["CA-QC/access", "CA-QC/correction", "CA-QC/deletion", "CA-QC/opt_out"],
    choice: "Receipt + 30; a Sunday or I-16 s.61(23) holiday end rolls to the next working day; a Saturday end stands.",
    reasoning:
      "I-16 s.52 extends only a limit that expires on a 'jour férié'; Saturday is not one (except for registry filings). The CCP 'jours non juridiques' govern court procedure only.",
  },
  {
    id: "CA-QC-extension",
    ruleIds: ["CA-QC/access", "CA-QC/correction", "CA-QC/deletion", "CA-QC/opt_out"],
    choice: "No extension.",
    reasoning:
      "None found in P-39.1; the 10-day extension is in the public-sector Act A-2.1 (ss.47/98). The consultancy claim of +30 days is treated as a confusion with A-2.1.",
  },
  {
    id: "CA-QC-28.1",
    ruleIds: ["CA-QC/deletion", "CA-QC/opt_out"],
    choice:
      "s.28.1 cease-dissemination / de-indexing requests (deletion v2, opt_out v2 from 2023-09-22) get the s.32 30-day clock and deemed refusal.",
    reasoning:
      "Whether s.32 covers s.28.1 was UNSURE in versions 2; settled since the December 2026 review (versions 4): s.28.1 itself says 'Les articles 30, 32 et 34 s'appliquent' (text read).",
  },
  {
    id: "CA-QC-complaint-window",
    ruleIds: ["CA-QC/access", "CA-QC/correction", "CA-QC/deletion", "CA-QC/opt_out"],
    choice: "CAI application within 30 calendar days after the (effective) respondBy; no roll-forward on that date.",
    reasoning: "s.43 window is MEMORY/UNSURE; the earliest date protects the resident.",
  },
  {
    id: "CA-time-zone",
    ruleIds: ["CA/*"],
    choice: "America/Toronto for PIPEDA.",
    reasoning: "No rule says which zone governs; the OPC sits in Gatineau (reference §2 CA).",
  },
  {
    id: "CA-holidays",
    ruleIds: ["CA/access", "CA/correction"],
    choice:
      "Federal Interpretation Act s.35(1) core list (incl. Easter Monday, Victoria Day, Thanksgiving, Remembrance Day, NDTR 30 Sept since 2021) with the s.35(2) Sunday rule; Saturday not a holiday; provincial non-juridical days not added. Extension notice by receipt + 30 unrolled; extension +30 days (s.8(4)(a)); s.8(4)(b) open-ended format extension not modelled.",
    reasoning: "Provincial additions via s.35(1)(a) are UNSURE and could only make the date later.",
  },
  {
    id: "CA-BC-holidays",
    ruleIds: ["CA-BC/access", "CA-BC/correction"],
    choice:
      "Business days exclude Saturdays, Sundays and the s.29 list verified in 2012 (incl. Easter Monday and 26 Dec); Family Day and NDTR are not treated as holidays.",
    reasoning: "Their addition to Interpretation Act s.29 is unverified; fewer holidays = earlier date.",
  },
  {
    id: "CA-BC-extension",
    ruleIds: ["CA-BC/access", "CA-BC/correction"],
    choice:
      "+30 business days, once, notice by the last day of the original 30 business days; review window 30 business days from respondBy in version 1 only (from version 2 no date after silence: CA-BC-review-after-no-response).",
    reasoning: "s.31 conditions are MEMORY/UNSURE; longer Commissioner-approved extensions are not modelled.",
  },
  {
    id: "CA-AB-holidays",
    ruleIds: ["CA-AB/access", "CA-AB/correction"],
    choice:
      "Receipt + 45 calendar days; Sunday/holiday end rolls, Saturday stands; holidays = date-holidays CA/AB public (incl. Family Day; Easter Monday and Heritage Day, marked optional, excluded).",
    reasoning:
      "Alberta Interpretation Act ss.22/28 and PIPA s.28 are MEMORY; the 'holiday' definition was not checked, and fewer holidays = earlier date.",
  },
  {
    id: "CA-AB-extension",
    ruleIds: ["CA-AB/access", "CA-AB/correction"],
    choice:
      "+30 calendar days, once, notice by the last day of the original 45 days; deemed refusal on silence; review request within 30 days of respondBy.",
    reasoning:
      "PIPA ss.31/47 and the deemed refusal are MEMORY/UNSURE; longer Commissioner-approved extensions are not modelled; earliest choices taken.",
  },
  {
    id: "GB-pause-count",
    ruleIds: ["GB/*"],
    choice:
      "A pause adds (resume date − pause date) calendar days to the deadline and to the extension-notice deadline; pauses starting after the running deadline are ignored; an open pause counts up to `now`.",
    reasoning:
      "Versions 1 and 2 (receipts before 5 Feb 2026): DUAA Art.12A wording was unverified; the DPA s.54(3C) model excludes the period from the request day to the receipt day inclusive (one day more). Earliest reading chosen. Version 3 (DUAA, text read via s.54): identity restarts the period, access clarification is suspended inclusively.",
  },
  {
    id: "GB-holidays",
    ruleIds: ["GB/*"],
    choice: "England & Wales bank holidays for all UK requests.",
    reasoning:
      "UK bank holidays differ by nation; E&W is the most common seat. A per-nation calendar would be a new rule version.",
  },
  {
    id: "GB-complaint-window",
    ruleIds: ["GB/*"],
    choice: "ICO complaint date = respondBy + 3 months (labelled ICO practice).",
    reasoning: "The ICO's 'three months after last meaningful contact' is MEMORY/UNSURE.",
  },
  {
    id: "GDPR-notice-by",
    ruleIds: ["GB/*", "EU/*"],
    choice:
      "Versions 1 only: extension notice deadline = the unrolled one-month date (+ counted paused days). Since the December 2026 review the notice date rolls like any time limit (Reg. 1182/71 Art. 3(4)).",
    reasoning:
      "'Within one month of receipt' could also be rolled under Reg. 1182/71 Art.3(4); the unrolled date is earlier.",
  },
  {
    id: "EU-holidays",
    ruleIds: ["EU/*"],
    choice: "Nationwide public holidays only (date-holidays `public`), member-state capital time zone.",
    reasoning:
      "Regional holidays (German Länder, Spanish regions…) depend on where the act is done; nationwide-only gives the earliest date.",
  },
  {
    id: "EU-pause",
    ruleIds: ["EU/*"],
    choice: "Pauses count only for reason 'identity'; clarification or reason-less pauses are ignored (and explained).",
    reasoning: "EDPB §159 mentions a possible suspension only for identity doubts.",
  },
  {
    id: "extension-target",
    ruleIds: ["*"],
    choice:
      "An 'extended' event without a target date extends to the maximum the rule allows; an optional `to` (YYYY-MM-DD) may set a shorter date.",
    reasoning: "Statutes allow 'up to' the extension; the notice usually states the new date.",
  },
  // Points left open by the legal review of 4 December 2026 (rules of *-2026.ts carry them as
  // RuleUncertainty records with both readings for residents).
  {
    id: "US-VA-weekend-end",
    ruleIds: ["US-VA/access", "US-VA/correction", "US-VA/deletion", "US-VA/opt_out"],
    choice:
      "No roll-forward (from version 2): Va. Code §1-210(A) excludes the receipt day; (B), (C), (E) roll only judicial-proceeding acts, limitation periods and acts at a closed government office. The rolled reading is computed for every date and reported as latestDefensible.",
    reasoning:
      "§1-210 read in a secondary copy (legal review, December 2026). A controller's answer to a consumer is none of the listed acts.",
  },
  {
    id: "US-CT-weekend-end",
    ruleIds: ["US-CT/access", "US-CT/correction", "US-CT/deletion", "US-CT/opt_out"],
    choice:
      "No roll-forward (from version 2); the rolled reading (next business day on the Conn. Gen. Stat. §1-4 legal holidays) is computed for every date and reported as latestDefensible.",
    reasoning:
      "No Connecticut computation-of-time statute for this Act was found; only agency regulations (e.g. Conn. Agencies Regs. §16-1-5) and court practice (Evergreen Co-op v. Michel, 1980) roll.",
  },
  {
    id: "US-IL-one-recovery-retroactivity",
    ruleIds: ["US-IL/*"],
    choice:
      "Version 2 (from 2 Aug 2024) states P.A. 103-0769's one-violation, one-recovery rule and that its application to earlier conduct is before the courts.",
    reasoning:
      "P.A. 103-0769 is in force since 2 Aug 2024 (secondary source); the Seventh Circuit heard the retroactivity question on 12 Feb 2026 (legal review, December 2026).",
  },
  {
    id: "CA-BC-review-after-no-response",
    ruleIds: ["CA-BC/access", "CA-BC/correction"],
    choice:
      "From version 2: no complaint date is computed after a deemed refusal; the text says the 30 business days run from a decision, that the rule for silence is not settled, and advises asking within 30 business days of the deadline.",
    reasoning:
      "FIPPA s.53(3) (text read) excludes failures to respond from the 30-day review window; PIPA s.47 probably mirrors it (memory). Version 1 showed 30 business days from the deadline, which the legal review found wrong.",
  },
  {
    id: "GB-month-beginning-with",
    ruleIds: ["GB/*"],
    choice:
      "Version 3 (DUAA, from 5 Feb 2026): 'one month beginning with' the relevant time ends the day before the corresponding date (or on the last day of the month when there is none), then rolls; the ICO's corresponding-date count (with the all-nations bank holidays) is reported as latestDefensible for every date.",
    reasoning:
      "UK GDPR Art. 12A / DPA 2018 s.54(2) use 'beginning with' (the day counts), which English law reads as ending the day before the corresponding date; the ICO's post-DUAA guidance was not available to the legal review (December 2026).",
  },
  {
    id: "rule-before-effective",
    ruleIds: ["*"],
    choice:
      "A request received before a rule's first effectiveFrom gets the latest version effective on that first date (a correction of the first version supersedes it there too).",
    reasoning: "The registry does not model prior law; findRule must always return a rule.",
  },
]);
