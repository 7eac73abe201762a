// United States rule versions written after the legal review of 4 December 2026 (reference
// jurisdictions.md §7). They replace the versions of rules-us.ts for every request received from
// the date the statute applied (a correction of how the law was always counted is not a change in
// the law), while requests already filed keep the version stored on them.
//
// What changed, per jurisdiction:
// - Colorado, Texas, Washington: the general computation statute (C.R.S. §2-4-108, Gov't Code
//   §311.014, RCW 1.12.040) moves a Saturday, Sunday or legal-holiday end to the next day that is
//   none of these, for the response, the extension notice and the extended date alike, on the
//   state's own legal-holiday list.
// - Virginia (§1-210 rolls only court and government-office deadlines) and Connecticut (no
//   general statute found): no roll; the later reading is shown beside the deadline.
// - Connecticut: withdrawing consent to the processing of biometric data must be honoured within
//   15 days, no extension (§42-520(a)(6)): that is what a request to stop searching a face is.
// - California: the two unsettled points (day 1, "business day") are shown as the latest
//   defensible date beside every date.
// - Illinois: P.A. 103-0769 (2 August 2024) — one violation, one recovery for repeated
//   collection or disclosure by the same method; retroactivity before the courts.
// - Washington RCW 19.375.020: "notice, or consent, or a mechanism".
// - Every user-facing text: no research labels; uncertainty as sentences with both readings.

import {
  REVIEWED_ON,
  US_CA_LATER_READING,
  US_CA_LAW,
  US_CA_UNCERTAINTIES,
  US_CO_LAW,
  US_CT_LATER_READING,
  US_CT_LAW,
  US_CT_UNCERTAINTY,
  US_IL_LAW,
  US_TX_LAW,
  US_VA_LATER_READING,
  US_VA_LAW,
  US_VA_UNCERTAINTY,
  US_WA_LAW,
} from "./computation-law";
import { defineNonStatutoryRule, defineStatutoryRule, NO_PAUSE } from "./rules-common";
import type {
  AlternativeReading,
  ComplaintRule,
  ComputationLaw,
  DeadlineRule,
  JurisdictionCode,
  LocalizedText,
  RequestType,
  RuleUncertainty,
} from "./types";

const REVIEW = { lastReviewed: REVIEWED_ON };

const CORRECTION_NOTE =
  "Effective date: a correction of how the law was always counted, not a change in the law, so this version applies from the date the statute applied to every request received since then (findRule picks it); requests already filed keep the version stored on them (rule_id, rule_version).";

// ---------------------------------------------------------------------------------------------
// California (CCPA/CPRA)

const CA_COMPLAINT: ComplaintRule = {
  regulator: {
    en: "California Privacy Protection Agency (CPPA)",
    "fr-CA": "California Privacy Protection Agency (CPPA)",
  },
  url: "https://cppa.ca.gov",
  window: null,
  windowText: {
    en: "You can file a sworn complaint with the CPPA or report to the California Attorney General. No deadline applies to consumers.",
    "fr-CA":
      "Vous pouvez déposer une plainte sous serment auprès de la CPPA ou en informer le procureur général de la Californie. Aucun délai ne s'applique au consommateur.",
  },
  citation: "Cal. Civ. Code §1798.199.45",
};

const CA_NEVER_PAUSES = NO_PAUSE(
  "11 CCR §7021(b)",
  "The 45-day period begins on the day the business receives the request, regardless of time required to verify it (11 CCR §7021(b)): waiting for identity or clarification never stops the clock.",
  "Le délai de 45 jours commence le jour où l'entreprise reçoit la demande, peu importe le temps requis pour la vérifier (11 CCR §7021(b)) : l'attente d'une preuve d'identité ou d'une précision n'arrête jamais le délai.",
);

const CA_CHANGES: LocalizedText = {
  en: "The later date under California's general counting rule, and under the wider list of California holidays, is now shown beside every date (response, extension notice, extended date, acknowledgement). Citations no longer carry research labels.",
  "fr-CA":
    "La date plus tardive selon la règle générale de calcul de la Californie, et selon la liste élargie des jours fériés californiens, est maintenant indiquée à côté de chaque date (réponse, avis de prolongation, date prolongée, accusé de réception). Les citations ne portent plus d'étiquettes de recherche.",
};

function californiaResponseRule(
  type: "access" | "deletion" | "correction",
  right: string,
  summary: LocalizedText,
): DeadlineRule {
  return defineStatutoryRule("US-CA", type, {
    ...REVIEW,
    version: 2,
    effectiveFrom: "2023-03-29",
    replaces: { version: 1, reason: "correction", changes: CA_CHANGES },
    computation: US_CA_LAW,
    citations: [
      "Cal. Civ. Code §1798.130(a)(2); 11 CCR §7021(b)",
      "11 CCR §7021(a)",
      right,
      "Code Civ. Proc. §§12, 12a, 13b",
    ],
    summary,
    period: { kind: "calendar_days", length: 45 },
    counting: "receipt_day_is_day_one",
    acknowledgement: {
      period: { kind: "business_days", length: 10 },
      counting: "exclude_receipt_day",
      citation: "11 CCR §7021(a)",
    },
    extension: {
      additional: { kind: "calendar_days", length: 45 },
      noticeBy: "within_original_period",
      conditions: {
        en: "Only if necessary, once, by up to 45 more calendar days (90 in total from receipt), and only if the consumer is given notice and an explanation of the reason within the first 45-day period.",
        "fr-CA":
          "Seulement si nécessaire, une seule fois, d'au plus 45 jours civils de plus (90 au total depuis la réception), et seulement si le consommateur reçoit un avis motivé pendant la première période de 45 jours.",
      },
      maxTimes: 1,
      citation: "Cal. Civ. Code §1798.130(a)(2); 11 CCR §7021(b)",
    },
    pause: CA_NEVER_PAUSES,
    noReply: null,
    complaint: CA_COMPLAINT,
    alternativeReading: US_CA_LATER_READING,
    uncertainties: [US_CA_UNCERTAINTIES.counting, US_CA_UNCERTAINTIES.businessDay],
    notes: [
      "UNSURE (US-CA-45-day-counting): §7021(b) 'will begin on the day that the business receives the request' → receipt day is day 1, due receipt + 44, not rolled. CCP §12/§12a → receipt + 45, rolled. The CCP reading is computed for every date (every_date) and reported as latestDefensible.",
      "Extension: a maximum of 90 calendar days from the day of receipt (receipt + 89 under day-1 counting); notice within the first 45-day period (Civ. Code §1798.130(a)(2)), i.e. by receipt + 44 (not rolled: the regulation moves no date; the later reading rolls it).",
      "UNSURE (US-CA-business-day): acknowledgement 10 business days (§7021(a)) on California state holidays (date-holidays US/CA public); the later reading adds the Gov. Code §6700 days (12 Feb, 9 Sep, second Monday of October).",
      "The clock never pauses (§7021(b) 'regardless of time required to verify').",
      CORRECTION_NOTE,
    ],
  });
}

function californiaFifteenDayRule(
  type: "opt_out" | "limit",
  main: string,
  right: string,
  summary: LocalizedText,
): DeadlineRule {
  return defineStatutoryRule("US-CA", type, {
    ...REVIEW,
    version: 2,
    effectiveFrom: "2023-03-29",
    replaces: { version: 1, reason: "correction", changes: CA_CHANGES },
    computation: US_CA_LAW,
    citations: [main, right],
    summary,
    period: { kind: "business_days", length: 15 },
    counting: "exclude_receipt_day",
    acknowledgement: null,
    extension: null,
    pause: NO_PAUSE(
      main,
      "The 15 business days run from the date the business receives the request; the regulation provides no pause and no extension.",
      "Les 15 jours ouvrables courent de la date de réception de la demande ; le règlement ne prévoit ni suspension ni prolongation.",
    ),
    noReply: null,
    complaint: CA_COMPLAINT,
    alternativeReading: US_CA_LATER_READING,
    uncertainties: [US_CA_UNCERTAINTIES.businessDay],
    notes: [
      "UNSURE (US-CA-business-day): business days exclude Saturdays, Sundays and California state holidays (date-holidays US/CA public); the later reading also excludes the Gov. Code §6700 days.",
      "'15 business days from the date the business receives the request': day 1 is the first business day after receipt (US-CA-15-business-days). A business-day count always ends on a business day.",
      "No extension exists for opt-out / limit requests; the business must act 'as soon as feasibly possible'.",
      CORRECTION_NOTE,
    ],
  });
}

const US_CA_RULES: DeadlineRule[] = [
  californiaResponseRule("access", "Cal. Civ. Code §§1798.110, 1798.115 (right to know)", {
    en: "Respond to a request to know (access) within 45 calendar days of receipt, counted from the day of receipt and regardless of the time needed to verify the request. Confirm receipt within 10 business days. One extension of up to 45 more days is allowed with notice and reasons given within the first 45 days.",
    "fr-CA":
      "Répondre à une demande de connaître (accès) dans les 45 jours civils de la réception, comptés à partir du jour de réception et peu importe le temps requis pour vérifier la demande. Confirmer la réception dans les 10 jours ouvrables. Une seule prolongation d'au plus 45 jours est permise, avec avis motivé donné dans les 45 premiers jours.",
  }),
  californiaResponseRule("deletion", "Cal. Civ. Code §1798.105 (right to delete)", {
    en: "Respond to a request to delete within 45 calendar days of receipt, counted from the day of receipt and regardless of verification time. Confirm receipt within 10 business days. One extension of up to 45 more days with notice and reasons within the first 45 days.",
    "fr-CA":
      "Répondre à une demande de suppression dans les 45 jours civils de la réception, comptés à partir du jour de réception et peu importe le temps de vérification. Confirmer la réception dans les 10 jours ouvrables. Une seule prolongation d'au plus 45 jours, avec avis motivé dans les 45 premiers jours.",
  }),
  californiaResponseRule("correction", "Cal. Civ. Code §1798.106 (right to correct)", {
    en: "Respond to a request to correct within 45 calendar days of receipt, counted from the day of receipt and regardless of verification time. Confirm receipt within 10 business days. One extension of up to 45 more days with notice and reasons within the first 45 days.",
    "fr-CA":
      "Répondre à une demande de rectification dans les 45 jours civils de la réception, comptés à partir du jour de réception et peu importe le temps de vérification. Confirmer la réception dans les 10 jours ouvrables. Une seule prolongation d'au plus 45 jours, avec avis motivé dans les 45 premiers jours.",
  }),
  californiaFifteenDayRule(
    "opt_out",
    "11 CCR §7026(f)(1)",
    "Cal. Civ. Code §§1798.120, 1798.135 (opt-out of sale/sharing)",
    {
      en: "Stop selling or sharing the consumer's personal information as soon as feasibly possible, and no later than 15 business days from the date the request is received. No extension.",
      "fr-CA":
        "Cesser de vendre ou de partager les renseignements personnels du consommateur dès que possible, et au plus tard 15 jours ouvrables après la date de réception de la demande. Aucune prolongation.",
    },
  ),
  californiaFifteenDayRule(
    "limit",
    "11 CCR §7027(g)(1)",
    "Cal. Civ. Code §§1798.121, 1798.140(ae) (sensitive personal information, incl. biometrics)",
    {
      en: "Stop using and disclosing sensitive personal information (including biometric information used to identify the consumer) for other than the permitted purposes as soon as feasibly possible, and no later than 15 business days from receipt. No extension.",
      "fr-CA":
        "Cesser d'utiliser et de communiquer les renseignements personnels sensibles (y compris biométriques servant à identifier le consommateur) à d'autres fins que celles permises dès que possible, et au plus tard 15 jours ouvrables après la réception. Aucune prolongation.",
    },
  ),
];

// ---------------------------------------------------------------------------------------------
// Colorado, Connecticut, Virginia, Texas (TDPSA), Washington (MHMDA): 45 + 45 calendar days.

interface StateSpec {
  j: JurisdictionCode;
  effectiveFrom: string;
  law: ComputationLaw;
  alternative: AlternativeReading | null;
  uncertainties: RuleUncertainty[];
  timing: string;
  complaint: ComplaintRule;
  /** what the state's law does to a weekend or holiday end, for the summary */
  endText: LocalizedText;
  changes: LocalizedText;
  notes: string[];
}

const ROLLS: LocalizedText = {
  en: "A last day that falls on a Saturday, Sunday or legal holiday moves to the next working day, for the notice of an extension as well.",
  "fr-CA":
    "Un dernier jour qui tombe un samedi, un dimanche ou un jour férié légal est reporté au jour ouvrable suivant, y compris pour l'avis de prolongation.",
};
const STANDS: LocalizedText = {
  en: "A last day that falls on a weekend or holiday is not moved.",
  "fr-CA": "Un dernier jour qui tombe une fin de semaine ou un jour férié n'est pas reporté.",
};

const ROLL_CHANGES = (statute: string): LocalizedText => ({
  en: `A Saturday, Sunday or legal-holiday end of the response period, of the time to give notice of an extension and of the extended period now moves to the next working day (${statute}), on the state's own list of legal holidays. Texts no longer carry research labels.`,
  "fr-CA": `Une fin de délai tombant un samedi, un dimanche ou un jour férié légal — délai de réponse, délai pour aviser d'une prolongation et délai prolongé — est maintenant reportée au jour ouvrable suivant (${statute}), selon la liste des jours fériés légaux de l'État. Les textes ne portent plus d'étiquettes de recherche.`,
});

const STANDS_CHANGES: LocalizedText = {
  en: "The later date under a wider reading of the state's counting rules is now shown beside every date. Texts no longer carry research labels.",
  "fr-CA":
    "La date plus tardive selon une lecture plus large des règles de calcul de l'État est maintenant indiquée à côté de chaque date. Les textes ne portent plus d'étiquettes de recherche.",
};

const US_STATE_NO_PAUSE = (citation: string) =>
  NO_PAUSE(
    citation,
    "The statute runs the period from receipt and provides no pause; a request that cannot be authenticated may be declined, with reasons, within the same period.",
    "La loi fait courir le délai dès la réception et ne prévoit aucune suspension ; une demande qui ne peut être authentifiée peut être refusée, avec motifs, dans le même délai.",
  );

function stateRule(
  spec: StateSpec,
  type: RequestType,
  version: number,
  right: string,
  what: LocalizedText,
  opts: { effectiveFrom?: string; replaces?: number; more?: string[]; summaryExtra?: LocalizedText } = {},
): DeadlineRule {
  return defineStatutoryRule(spec.j, type, {
    ...REVIEW,
    version,
    effectiveFrom: opts.effectiveFrom ?? spec.effectiveFrom,
    replaces: { version: opts.replaces ?? 1, reason: "correction", changes: spec.changes },
    computation: spec.law,
    citations: [`${right}; ${spec.timing}`, ...(opts.more ?? []), spec.law.citation],
    summary: {
      en: `Respond to a ${what.en} request without undue delay and within 45 calendar days after receipt. The controller may extend once by 45 more days when reasonably necessary (complexity, number of requests) if it tells the consumer, with the reason, within the first 45 days. A refusal must be explained within 45 days, with instructions to appeal. ${spec.endText.en}${opts.summaryExtra ? " " + opts.summaryExtra.en : ""}`,
      "fr-CA": `Répondre à une demande de ${what["fr-CA"]} sans retard indu et dans les 45 jours civils suivant la réception. Le responsable peut prolonger une seule fois de 45 jours si c'est raisonnablement nécessaire (complexité, nombre de demandes), à condition d'en informer le consommateur, motifs à l'appui, dans les 45 premiers jours. Un refus doit être motivé dans les 45 jours, avec la marche à suivre pour faire appel. ${spec.endText["fr-CA"]}${opts.summaryExtra ? " " + opts.summaryExtra["fr-CA"] : ""}`,
    },
    period: { kind: "calendar_days", length: 45 },
    counting: "exclude_receipt_day",
    acknowledgement: null,
    extension: {
      additional: { kind: "calendar_days", length: 45 },
      noticeBy: "within_original_period",
      conditions: {
        en: "Once, by up to 45 more days, when reasonably necessary considering the complexity and number of the consumer's requests; the consumer must be told of the extension and the reason within the initial 45-day period. The extended period is 90 days from receipt.",
        "fr-CA":
          "Une seule fois, d'au plus 45 jours, si c'est raisonnablement nécessaire vu la complexité et le nombre des demandes ; le consommateur doit être informé de la prolongation et de son motif pendant la période initiale de 45 jours. Le délai prolongé est de 90 jours depuis la réception.",
      },
      maxTimes: 1,
      citation: spec.timing,
    },
    pause: US_STATE_NO_PAUSE(spec.timing),
    noReply: null,
    complaint: spec.complaint,
    alternativeReading: spec.alternative,
    uncertainties: spec.uncertainties,
    notes: [
      "Counting: '45 days after/of receipt' — the receipt day is excluded (the state's computation statute says so too), due on receipt + 45.",
      "Extension: 'extend the response period by 45 additional days' — one period of 90 days from receipt, rolled once at its end under the state's law (never the rolled 45th day plus 45). Notice by the end of the initial 45-day period, itself a time limit rolled under the same law.",
      ...spec.notes,
      CORRECTION_NOTE,
    ],
  });
}

const CO: StateSpec = {
  j: "US-CO",
  effectiveFrom: "2023-07-01",
  law: US_CO_LAW,
  alternative: null,
  uncertainties: [],
  timing: "C.R.S. §6-1-1306(2)",
  complaint: {
    regulator: {
      en: "Colorado Attorney General (and District Attorneys)",
      "fr-CA": "Procureur général du Colorado (et procureurs de district)",
    },
    url: "https://coag.gov",
    window: null,
    windowText: {
      en: "First appeal to the controller (it must decide within 45 days, extendable by 60: C.R.S. §6-1-1306(3)); then contact the Colorado Attorney General. No deadline applies to consumers; there is no private right of action.",
      "fr-CA":
        "Faire d'abord appel auprès du responsable (décision dans les 45 jours, prolongeable de 60 : C.R.S. §6-1-1306(3)) ; puis s'adresser au procureur général du Colorado. Aucun délai ne s'applique au consommateur ; il n'y a pas de recours privé.",
    },
    citation: "C.R.S. §6-1-1306(3), §6-1-1311",
  },
  endText: ROLLS,
  changes: ROLL_CHANGES("C.R.S. §2-4-108"),
  notes: [
    "C.R.S. §2-4-108(2) (text read): 'If the last day of any period is a Saturday, Sunday, or legal holiday, the period is extended to include the next day which is not…'; applies to every statute (§2-4-101). Legal holidays: C.R.S. §24-11-101 (computed list, Sunday → Monday; Cabrini Day since 2020; Juneteenth since 2022).",
  ],
};

const CT: StateSpec = {
  j: "US-CT",
  effectiveFrom: "2023-07-01",
  law: US_CT_LAW,
  alternative: US_CT_LATER_READING,
  uncertainties: [US_CT_UNCERTAINTY],
  timing: "Conn. Gen. Stat. §42-518(c)(1)",
  complaint: {
    regulator: { en: "Connecticut Attorney General", "fr-CA": "Procureur général du Connecticut" },
    url: "https://portal.ct.gov/ag",
    window: null,
    windowText: {
      en: "First appeal to the controller (decision within 60 days); then complain to the Connecticut Attorney General, who enforces the Act exclusively (§42-525). No deadline applies to consumers.",
      "fr-CA":
        "Faire d'abord appel auprès du responsable (décision dans les 60 jours) ; puis porter plainte auprès du procureur général du Connecticut, seul chargé de l'application de la loi (§42-525). Aucun délai ne s'applique au consommateur.",
    },
    citation: "Conn. Gen. Stat. §42-518(d), §42-525",
  },
  endText: STANDS,
  changes: STANDS_CHANGES,
  notes: [
    "UNSURE (US-CT-weekend-end): no Connecticut computation-of-time statute applying to this Act was found (only agency rules and court practice, e.g. Conn. Agencies Regs. §16-1-5, Evergreen Co-op v. Michel); earliest kept, the rolled reading is computed for every date.",
  ],
};

const VA: StateSpec = {
  j: "US-VA",
  effectiveFrom: "2023-01-01",
  law: US_VA_LAW,
  alternative: US_VA_LATER_READING,
  uncertainties: [US_VA_UNCERTAINTY],
  timing: "Va. Code §59.1-577(B)(1)",
  complaint: {
    regulator: { en: "Virginia Attorney General", "fr-CA": "Procureur général de la Virginie" },
    url: "https://www.oag.state.va.us",
    window: null,
    windowText: {
      en: "First appeal to the controller (decision within 60 days of receipt of the appeal, §59.1-577(C)); if denied, complain to the Virginia Attorney General (exclusive enforcement, §59.1-584). No deadline applies to consumers.",
      "fr-CA":
        "Faire d'abord appel auprès du responsable (décision dans les 60 jours de la réception de l'appel, §59.1-577(C)) ; en cas de refus, porter plainte auprès du procureur général de la Virginie (seul chargé de l'application, §59.1-584). Aucun délai ne s'applique au consommateur.",
    },
    citation: "Va. Code §59.1-577(C), §59.1-584",
  },
  endText: STANDS,
  changes: STANDS_CHANGES,
  notes: [
    "UNSURE (US-VA-weekend-end): Va. Code §1-210 (text read in a secondary copy): (A) excludes the day of the event; (B) rolls only acts 'during the course of a judicial proceeding', (C) limitation periods for legal actions, (E) acts at a closed government office. A controller's response is none of these: no roll; the rolled reading is computed for every date.",
    "Consent for sensitive data (§59.1-578(A)(5)): the VCDPA sets no separate period for withdrawing consent; an opt-out is answered within the 45 days.",
  ],
};

const TX: StateSpec = {
  j: "US-TX",
  effectiveFrom: "2024-07-01",
  law: US_TX_LAW,
  alternative: null,
  uncertainties: [],
  timing: "Tex. Bus. & Com. Code §541.052(b)",
  complaint: {
    regulator: { en: "Texas Attorney General", "fr-CA": "Procureur général du Texas" },
    url: "https://www.texasattorneygeneral.gov",
    window: null,
    windowText: {
      en: "First appeal to the controller (decision within 60 days, §541.053); then use the Attorney General's online complaint form (§541.152). The Attorney General enforces the Act exclusively (§541.151). No deadline applies to consumers.",
      "fr-CA":
        "Faire d'abord appel auprès du responsable (décision dans les 60 jours, §541.053) ; puis utiliser le formulaire de plainte en ligne du procureur général (§541.152), seul chargé de l'application de la loi (§541.151). Aucun délai ne s'applique au consommateur.",
    },
    citation: "Tex. Bus. & Com. Code §§541.053, 541.151, 541.152",
  },
  endText: ROLLS,
  changes: ROLL_CHANGES("Gov't Code §311.014"),
  notes: [
    "Gov't Code §311.014: (a) first day excluded, last included; (b) Saturday, Sunday or legal holiday → the next day that is none of these. The Code Construction Act applies to the Business & Commerce Code (§311.002). Legal holidays (§662.021): national holidays §662.003(a) and state holidays §662.003(b)(1)-(6) (19 Jan, 2 Mar, 21 Apr, 19 Jun, 27 Aug, the Friday after Thanksgiving); 24 and 26 Dec are state holidays but not legal holidays; no observed-day shifts.",
    "CHOICE (US-TX-regime): TDPSA (ch. 541) deadlines for access, correction, deletion, opt-out; CUBI (§503.001) gives no request rights. TDPSA sets no separate period for withdrawing consent to sensitive-data processing; it is answered within the 45 days.",
  ],
};

const WA: StateSpec = {
  j: "US-WA",
  effectiveFrom: "2024-03-31",
  law: US_WA_LAW,
  alternative: null,
  uncertainties: [],
  timing: "RCW 19.373.040",
  complaint: {
    regulator: { en: "Washington Attorney General", "fr-CA": "Procureur général de l'État de Washington" },
    url: "https://www.atg.wa.gov",
    window: null,
    windowText: {
      en: "First appeal to the regulated entity. Complain to the Washington Attorney General, or sue: a violation is a per se violation of the Consumer Protection Act (RCW 19.86; RCW 19.373.090), which has a private right of action.",
      "fr-CA":
        "Faire d'abord appel auprès de l'entité réglementée. Porter plainte auprès du procureur général de l'État de Washington, ou intenter une poursuite : une violation constitue en soi une violation du Consumer Protection Act (RCW 19.86 ; RCW 19.373.090), qui ouvre un recours privé.",
    },
    citation: "RCW 19.373.090; RCW 19.86",
  },
  endText: ROLLS,
  changes: ROLL_CHANGES("RCW 1.12.040"),
  notes: [
    "RCW 1.12.040 (secondary copy and 1997 bill report read): first day excluded, last included, unless the last day is a holiday, Saturday or Sunday — then excluded too; applies throughout the RCW unless a statute says otherwise. Legal holidays RCW 1.16.050(1) (text read): incl. Native American Heritage Day (the Friday after Thanksgiving) and Juneteenth; not Columbus Day (a 'legislatively recognized day', not a legal holiday).",
    "CHOICE (US-WA-regime): MHMDA (RCW 19.373) for access, deletion and consent withdrawal (opt_out). RCW 19.373.040 sub-lettering is not checked.",
  ],
};

const T = {
  access: { en: "access (confirm and access)", "fr-CA": "confirmation et d'accès" },
  correction: { en: "correction", "fr-CA": "rectification" },
  deletion: { en: "deletion", "fr-CA": "suppression" },
  opt_out: {
    en: "opt-out (targeted advertising, sale, profiling)",
    "fr-CA": "retrait (publicité ciblée, vente, profilage)",
  },
  consent: { en: "consent-withdrawal", "fr-CA": "retrait du consentement" },
} satisfies Record<string, LocalizedText>;

function limitNotStatutory(spec: StateSpec, citations: string[], requirements: LocalizedText): DeadlineRule {
  return defineNonStatutoryRule(spec.j, "limit", {
    ...REVIEW,
    version: 2,
    effectiveFrom: spec.effectiveFrom,
    replaces: {
      version: 1,
      reason: "correction",
      changes: {
        en: "Texts no longer carry research labels.",
        "fr-CA": "Les textes ne portent plus d'étiquettes de recherche.",
      },
    },
    computation: spec.law,
    citations,
    summary: {
      en: "This law gives no separate right to limit the use of personal data, so there is no statutory deadline. The date shown is the portal's service target, not a legal deadline.",
      "fr-CA":
        "Cette loi ne prévoit aucun droit distinct de limiter l'utilisation des données, donc aucun délai légal. La date indiquée est la cible de service du portail, pas un délai légal.",
    },
    requirements,
    complaint: spec.complaint,
    notes: [
      "`limit` outside California has no specific statutory deadline in this regime; withdrawal of consent to biometric processing is filed as `opt_out`.",
      CORRECTION_NOTE,
    ],
  });
}

const CO_OPT_OUT_EXTRA: LocalizedText = {
  en: "Biometric data may be processed only with consent (C.R.S. §6-1-1308(7)); if you withdraw it, the controller must stop that processing (4 CCR 904-3 Rule 7.07) and confirm within the same 45 days. An opt-out must be honoured as soon as feasibly possible (Rule 4.03).",
  "fr-CA":
    "Les données biométriques ne peuvent être traitées qu'avec consentement (C.R.S. §6-1-1308(7)) ; si vous le retirez, le responsable doit cesser ce traitement (4 CCR 904-3, règle 7.07) et le confirmer dans les mêmes 45 jours. Un retrait (opt-out) doit être appliqué dès que possible (règle 4.03).",
};

const CT_CONSENT_COMPLAINT = CT.complaint;

/**
 * Connecticut: a request to stop searching for or processing a face revokes consent to the
 * processing of biometric (sensitive) data: stop within 15 days, no extension (§42-520(a)(6)).
 */
const CT_CONSENT_REVOCATION: DeadlineRule = defineStatutoryRule("US-CT", "opt_out", {
  ...REVIEW,
  version: 2,
  effectiveFrom: "2023-07-01",
  replaces: {
    version: 1,
    reason: "correction",
    changes: {
      en: "A request to stop searching for or processing your face is a withdrawal of consent to the processing of biometric data: the company must stop within 15 days, with no extension (§42-520(a)(6)), not the 45 (+45) days of an opt-out of targeted advertising, sale or profiling.",
      "fr-CA":
        "Une demande de cesser de rechercher ou de traiter votre visage est un retrait du consentement au traitement de données biométriques : l'entreprise doit cesser dans les 15 jours, sans prolongation (§42-520(a)(6)), et non dans les 45 (+45) jours d'un retrait de la publicité ciblée, de la vente ou du profilage.",
    },
  },
  computation: US_CT_LAW,
  citations: [
    "Conn. Gen. Stat. §42-520(a)(6)",
    "Conn. Gen. Stat. §42-520(a)(4) (consent for sensitive data)",
    "Conn. Gen. Stat. §42-515 (biometric data, sensitive data)",
    "Conn. Gen. Stat. §42-518(a)(5), (c) (opt-out of targeted advertising, sale, profiling: 45 days)",
    US_CT_LAW.citation,
  ],
  summary: {
    en: "A faceprint made to identify you is biometric data, which a company may process only with your consent. Asking it to stop searching for or processing your face withdraws that consent: it must stop as soon as practicable and no later than 15 days after receiving your request, with no extension. (A request to opt out of targeted advertising, sale of data or profiling is a different right, with 45 days.)",
    "fr-CA":
      "Une empreinte faciale créée pour vous identifier est une donnée biométrique, qu'une entreprise ne peut traiter qu'avec votre consentement. Lui demander de cesser de rechercher ou de traiter votre visage retire ce consentement : elle doit cesser dès que possible et au plus tard 15 jours après la réception de votre demande, sans prolongation. (Une demande de retrait de la publicité ciblée, de la vente de données ou du profilage relève d'un autre droit, avec 45 jours.)",
  },
  period: { kind: "calendar_days", length: 15 },
  counting: "exclude_receipt_day",
  acknowledgement: null,
  extension: null,
  pause: US_STATE_NO_PAUSE("Conn. Gen. Stat. §42-520(a)(6)"),
  noReply: null,
  complaint: CT_CONSENT_COMPLAINT,
  alternativeReading: US_CT_LATER_READING,
  uncertainties: [US_CT_UNCERTAINTY],
  notes: [
    "§42-520(a)(6) (reliable secondary summary read; added by P.A. 23-56): provide a mechanism to revoke consent and, upon revocation, cease processing as soon as practicable but not later than fifteen days after receipt of the request. Biometric data needs consent (§42-520(a)(4)); faceprints generated to identify a person are biometric data (§42-515).",
    "Other states checked for the same distinction: Colorado (4 CCR 904-3 Rule 7.07: stop on withdrawal, confirm within the §6-1-1306(2) 45 days — no shorter fixed period), Virginia and Texas (no separate consent-revocation period found), Washington MHMDA (withdrawal is itself a consumer right with 45 days).",
    "UNSURE (US-CT-weekend-end): no roll; the rolled reading is computed for every date.",
    CORRECTION_NOTE,
  ],
});

const US_STATE_RULES: DeadlineRule[] = [
  // Colorado. access: v3 corrects v1 (before HB24-1130), v4 corrects v2 (HB24-1130, from 1 Jul 2025).
  stateRule(CO, "access", 3, "C.R.S. §6-1-1306(1)(b)", T.access),
  stateRule(CO, "access", 4, "C.R.S. §6-1-1306(1)(b)", T.access, {
    effectiveFrom: "2025-07-01",
    replaces: 2,
    more: ["C.R.S. §6-1-1314 (HB24-1130: access to biometric identifiers)"],
  }),
  stateRule(CO, "correction", 2, "C.R.S. §6-1-1306(1)(c)", T.correction),
  stateRule(CO, "deletion", 2, "C.R.S. §6-1-1306(1)(d)", T.deletion),
  stateRule(CO, "opt_out", 2, "C.R.S. §6-1-1306(1)(a)", T.opt_out, {
    more: ["4 CCR 904-3 Rules 4.03, 7.07", "C.R.S. §6-1-1308(7)"],
    summaryExtra: CO_OPT_OUT_EXTRA,
  }),
  limitNotStatutory(CO, ["C.R.S. §6-1-1308(7) (consent for sensitive data)", "C.R.S. §6-1-1314 (HB24-1130)"], {
    en: "Processing biometric (sensitive) data needs the consumer's consent (C.R.S. §6-1-1308(7)); a withdrawal of consent is filed as an opt-out. Since 1 July 2025 a controller must keep a written retention schedule and destroy biometric identifiers once they are no longer needed, and at the latest by the dates the law sets (§6-1-1314).",
    "fr-CA":
      "Le traitement de données biométriques (sensibles) exige le consentement (C.R.S. §6-1-1308(7)) ; un retrait du consentement se dépose comme une demande de retrait (opt-out). Depuis le 1er juillet 2025, le responsable doit tenir un calendrier de conservation écrit et détruire les identifiants biométriques dès qu'ils ne sont plus nécessaires, et au plus tard aux dates fixées par la loi (§6-1-1314).",
  }),
  // Connecticut
  stateRule(CT, "access", 2, "Conn. Gen. Stat. §42-518(a)(1)", T.access),
  stateRule(CT, "correction", 2, "Conn. Gen. Stat. §42-518(a)(2)", T.correction),
  stateRule(CT, "deletion", 2, "Conn. Gen. Stat. §42-518(a)(3)", T.deletion),
  CT_CONSENT_REVOCATION,
  limitNotStatutory(CT, ["Conn. Gen. Stat. §42-520(a)(4) (consent for sensitive data)", "Conn. Gen. Stat. §42-515"], {
    en: "Processing biometric (sensitive) data needs the consumer's consent (§42-520(a)(4)). Withdrawing it is filed as an opt-out and must be honoured within 15 days (§42-520(a)(6)). Faceprints generated to identify a person are biometric data (§42-515).",
    "fr-CA":
      "Le traitement de données biométriques (sensibles) exige le consentement (§42-520(a)(4)). Son retrait se dépose comme une demande de retrait (opt-out) et doit être appliqué dans les 15 jours (§42-520(a)(6)). Les empreintes faciales générées pour identifier une personne sont des données biométriques (§42-515).",
  }),
  // Virginia
  stateRule(VA, "access", 2, "Va. Code §59.1-577(A)(1)", T.access),
  stateRule(VA, "correction", 2, "Va. Code §59.1-577(A)(2)", T.correction),
  stateRule(VA, "deletion", 2, "Va. Code §59.1-577(A)(3)", T.deletion),
  stateRule(VA, "opt_out", 2, "Va. Code §59.1-577(A)(5)", T.opt_out),
  limitNotStatutory(VA, ["Va. Code §59.1-578(A)(5) (consent for sensitive data)"], {
    en: "Processing biometric (sensitive) data needs the consumer's consent (§59.1-578(A)(5)).",
    "fr-CA": "Le traitement de données biométriques (sensibles) exige le consentement (§59.1-578(A)(5)).",
  }),
  // Texas (TDPSA; CUBI noted)
  stateRule(TX, "access", 2, "Tex. Bus. & Com. Code §541.051(b)(1)", T.access, {
    more: ["Tex. Bus. & Com. Code §503.001 (CUBI)"],
  }),
  stateRule(TX, "correction", 2, "Tex. Bus. & Com. Code §541.051(b)(2)", T.correction, {
    more: ["Tex. Bus. & Com. Code §503.001 (CUBI)"],
  }),
  stateRule(TX, "deletion", 2, "Tex. Bus. & Com. Code §541.051(b)(3)", T.deletion, {
    more: ["Tex. Bus. & Com. Code §503.001(c)(3) (CUBI destruction duty)"],
  }),
  stateRule(TX, "opt_out", 2, "Tex. Bus. & Com. Code §541.051(b)(5)", T.opt_out, {
    more: ["Tex. Bus. & Com. Code §503.001 (CUBI)"],
  }),
  limitNotStatutory(
    TX,
    [
      "Tex. Bus. & Com. Code §503.001(c)(3) (CUBI)",
      "Tex. Bus. & Com. Code §541.101(b)(4) (consent for sensitive data)",
    ],
    {
      en: "No limit right. CUBI: a biometric identifier must be destroyed within a reasonable time and at the latest on the first anniversary of the date the purpose for collecting it expires (§503.001(c)(3)); since 1 January 2026 an image being public on the internet is not consent (§503.001(b-1)). TDPSA: sensitive data needs consent.",
      "fr-CA":
        "Aucun droit de limitation. CUBI : un identifiant biométrique doit être détruit dans un délai raisonnable et au plus tard au premier anniversaire de l'expiration de la finalité de sa collecte (§503.001(c)(3)) ; depuis le 1er janvier 2026, la présence d'une image sur Internet ne vaut pas consentement (§503.001(b-1)). TDPSA : les données sensibles exigent le consentement.",
    },
  ),
  // Washington (MHMDA)
  stateRule(WA, "access", 2, "RCW 19.373.040", T.access),
  stateRule(WA, "deletion", 2, "RCW 19.373.040", T.deletion),
  stateRule(WA, "opt_out", 2, "RCW 19.373.040", T.consent),
  defineNonStatutoryRule("US-WA", "correction", {
    ...REVIEW,
    version: 2,
    effectiveFrom: WA.effectiveFrom,
    replaces: {
      version: 1,
      reason: "correction",
      changes: {
        en: "RCW 19.375.020 is now stated as it reads: notice, or consent, or a mechanism.",
        "fr-CA": "La RCW 19.375.020 est maintenant énoncée telle qu'elle se lit : avis, ou consentement, ou mécanisme.",
      },
    },
    computation: WA.law,
    citations: ["RCW 19.373.040", "RCW 19.375.020"],
    summary: {
      en: "Washington law gives no right to correct biometric or health data, so there is no statutory deadline. The date shown is the portal's service target, not a legal deadline.",
      "fr-CA":
        "Le droit de l'État de Washington ne prévoit aucun droit de rectification des données biométriques ou de santé, donc aucun délai légal. La date indiquée est la cible de service du portail, pas un délai légal.",
    },
    requirements: {
      en: "The My Health My Data Act gives access, deletion and consent-withdrawal rights only. RCW 19.375.020: a biometric identifier may not be enrolled in a database for a commercial purpose without first providing notice, or obtaining consent, or providing a mechanism to prevent its later commercial use; it may be kept no longer than reasonably necessary.",
      "fr-CA":
        "La My Health My Data Act ne donne que des droits d'accès, de suppression et de retrait du consentement. RCW 19.375.020 : un identifiant biométrique ne peut être inscrit dans une base de données à des fins commerciales sans avoir d'abord donné un avis, ou obtenu un consentement, ou fourni un mécanisme empêchant son utilisation commerciale ultérieure ; il ne peut être conservé plus longtemps que raisonnablement nécessaire.",
    },
    complaint: WA.complaint,
    notes: [
      "MHMDA has no correction right. RCW 19.375.020(1) (text read): 'without first providing notice, obtaining consent, or providing a mechanism' — any one of the three.",
      CORRECTION_NOTE,
    ],
  }),
  defineNonStatutoryRule("US-WA", "limit", {
    ...REVIEW,
    version: 2,
    effectiveFrom: WA.effectiveFrom,
    replaces: {
      version: 1,
      reason: "correction",
      changes: {
        en: "RCW 19.375.020 is now stated as it reads: notice, or consent, or a mechanism.",
        "fr-CA": "La RCW 19.375.020 est maintenant énoncée telle qu'elle se lit : avis, ou consentement, ou mécanisme.",
      },
    },
    computation: WA.law,
    citations: ["RCW 19.375.020", "RCW 19.373.030 (consent)"],
    summary: {
      en: "This law gives no separate right to limit the use of personal data, so there is no statutory deadline. The date shown is the portal's service target, not a legal deadline.",
      "fr-CA":
        "Cette loi ne prévoit aucun droit distinct de limiter l'utilisation des données, donc aucun délai légal. La date indiquée est la cible de service du portail, pas un délai légal.",
    },
    requirements: {
      en: "No limit right. RCW 19.375.020: before enrolling a biometric identifier for a commercial purpose, a company must provide notice, or obtain consent, or provide a mechanism to prevent its later commercial use; it may keep it no longer than reasonably necessary. My Health My Data Act: consent is needed to collect or share consumer health data, and it can be withdrawn (filed as an opt-out, 45 days).",
      "fr-CA":
        "Aucun droit de limitation. RCW 19.375.020 : avant d'inscrire un identifiant biométrique à des fins commerciales, une entreprise doit donner un avis, ou obtenir un consentement, ou fournir un mécanisme empêchant son utilisation commerciale ultérieure ; elle ne peut le conserver plus longtemps que raisonnablement nécessaire. My Health My Data Act : le consentement est requis pour recueillir ou partager des données de santé, et il peut être retiré (demande de retrait, 45 jours).",
    },
    complaint: WA.complaint,
    notes: ["RCW 19.375.020(1) (text read): notice, or consent, or a mechanism.", CORRECTION_NOTE],
  }),
];

// ---------------------------------------------------------------------------------------------
// Illinois (BIPA): no request rights. Version 2 from P.A. 103-0769 (in force 2 August 2024).

const IL_ONE_RECOVERY: RuleUncertainty = {
  id: "US-IL-one-recovery-retroactivity",
  text: {
    en: "Since 2 August 2024, a company that collects or shares the same person's biometric data by the same method more than once commits one violation, with at most one award of damages. Whether this also applies to collection or sharing before that date is being decided by the courts; if it does not, each earlier collection or disclosure may count as a separate violation.",
    "fr-CA":
      "Depuis le 2 août 2024, une entreprise qui recueille ou communique plus d'une fois les données biométriques d'une même personne par la même méthode commet une seule violation, donnant droit à au plus une indemnisation. La question de savoir si cette règle s'applique aussi à la collecte ou à la communication antérieures à cette date est devant les tribunaux ; si ce n'est pas le cas, chaque collecte ou communication antérieure peut constituer une violation distincte.",
  },
  sources: ["740 ILCS 14/20(b)-(c), added by P.A. 103-0769", "Cothron v. White Castle System, Inc., 2023 IL 128004"],
  inLatestDefensibleDate: false,
};

const IL_COMPLAINT: ComplaintRule = {
  regulator: {
    en: "No regulator: private right of action in Illinois circuit court (740 ILCS 14/20)",
    "fr-CA": "Aucun organisme de réglementation : recours privé devant la Circuit Court de l'Illinois (740 ILCS 14/20)",
  },
  url: null,
  window: null,
  windowText: {
    en: "A BIPA claim can be filed within 5 years of the violation (Tims v. Black Horse Carriers, 2023 IL 127801; 735 ILCS 5/13-205). Liquidated damages are $1,000 for each negligent violation or $5,000 for each intentional or reckless one. Since 2 August 2024, collecting or sharing the same person's data by the same method more than once is one violation with at most one recovery (P.A. 103-0769); whether that applies to earlier conduct is being decided by the courts.",
    "fr-CA":
      "Une action fondée sur la BIPA peut être intentée dans les 5 ans de la violation (Tims v. Black Horse Carriers, 2023 IL 127801 ; 735 ILCS 5/13-205). Les dommages-intérêts forfaitaires sont de 1 000 $ par violation par négligence ou de 5 000 $ par violation intentionnelle ou insouciante. Depuis le 2 août 2024, recueillir ou communiquer plus d'une fois les données d'une même personne par la même méthode constitue une seule violation, donnant droit à au plus une indemnisation (P.A. 103-0769) ; son application aux faits antérieurs est devant les tribunaux.",
  },
  citation: "740 ILCS 14/20; P.A. 103-0769; Tims v. Black Horse Carriers, 2023 IL 127801; 735 ILCS 5/13-205",
};

const IL_REQUIREMENTS: LocalizedText = {
  en: "BIPA gives no access, deletion, correction or opt-out right on request. A private entity must publish a retention schedule and permanently destroy biometric identifiers and information when the initial purpose is satisfied or within 3 years of the individual's last interaction, whichever occurs first (740 ILCS 14/15(a)). Claims: 5-year limitation (Tims v. Black Horse Carriers, 2023 IL 127801). For Clearview AI, the ACLU consent order (May 2022) requires an Illinois opt-out form: a court-order duty without a statutory response deadline.",
  "fr-CA":
    "La BIPA ne prévoit aucun droit d'accès, de suppression, de rectification ou de retrait sur demande. L'entreprise doit publier un calendrier de conservation et détruire définitivement les identifiants et renseignements biométriques lorsque la finalité initiale est atteinte ou dans les 3 ans de la dernière interaction de la personne, selon la première éventualité (740 ILCS 14/15(a)). Recours : prescription de 5 ans (Tims v. Black Horse Carriers, 2023 IL 127801). Pour Clearview AI, l'ordonnance de consentement ACLU (mai 2022) impose un formulaire de retrait pour l'Illinois : une obligation judiciaire sans délai de réponse légal.",
};

const US_IL_RULES: DeadlineRule[] = (["access", "deletion", "correction", "opt_out", "limit"] as const).map((type) =>
  defineNonStatutoryRule("US-IL", type, {
    ...REVIEW,
    version: 2,
    effectiveFrom: "2024-08-02",
    replaces: {
      version: 1,
      reason: "change_in_law",
      changes: {
        en: "Public Act 103-0769 (in force 2 August 2024): repeated collection or disclosure of the same person's data by the same method is one violation with at most one recovery; whether it applies to earlier conduct is before the courts.",
        "fr-CA":
          "Public Act 103-0769 (en vigueur le 2 août 2024) : la collecte ou la communication répétée des données d'une même personne par la même méthode constitue une seule violation, donnant droit à au plus une indemnisation ; son application aux faits antérieurs est devant les tribunaux.",
      },
    },
    computation: US_IL_LAW,
    citations: [
      "740 ILCS 14/15(a)",
      "740 ILCS 14/20 (as amended by P.A. 103-0769)",
      "Tims v. Black Horse Carriers, Inc., 2023 IL 127801",
      "P.A. 103-0769 (SB 2979)",
    ],
    summary: {
      en: "Illinois BIPA gives no right to make this request and sets no response deadline. The date shown is the portal's service target, not a legal deadline. What the law does require: destruction of biometric data within 3 years of the last interaction or when the purpose is met, whichever is first.",
      "fr-CA":
        "La BIPA de l'Illinois ne prévoit pas ce droit et n'impose aucun délai de réponse. La date indiquée est la cible de service du portail, pas un délai légal. Ce que la loi exige : la destruction des données biométriques dans les 3 ans de la dernière interaction ou dès que la finalité est atteinte, selon la première éventualité.",
    },
    requirements: IL_REQUIREMENTS,
    complaint: IL_COMPLAINT,
    uncertainties: [IL_ONE_RECOVERY],
    notes: [
      "P.A. 103-0769 (effective immediately, 2 Aug 2024) added §20(b)-(c): one violation, at most one recovery, for repeated §15(b) collection or §15(d) disclosure (to the same recipient) of the same person's data by the same method; it overrides Cothron v. White Castle (per-scan accrual). Retroactivity: before the Seventh Circuit (argued 12 Feb 2026).",
      "Version 2 applies from the amendment's own date; requests received before keep version 1.",
    ],
  }),
);

export const US_RULES_2026: readonly DeadlineRule[] = [...US_CA_RULES, ...US_STATE_RULES, ...US_IL_RULES];
