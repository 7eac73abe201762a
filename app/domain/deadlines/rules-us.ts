// United States rules. Facts and citations: /work/shared/reference/jurisdictions.md §1 and §2
// (US-CA, US-CO, US-CT, US-VA, US-TX, US-WA, US-IL). Every UNSURE point is resolved towards the
// earliest defensible date and recorded in the rule's notes and in UNSURE_CHOICES (rules.ts).

import { defineNonStatutoryRule, defineStatutoryRule, NO_PAUSE } from "./rules-common";
import type { ComplaintRule, DeadlineRule, ExtensionRule, JurisdictionCode, LocalizedText, RequestType } from "./types";

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
    en: "You can file a sworn complaint with the CPPA (Civ. Code §1798.199.45) or report to the California Attorney General. No deadline applies to consumers.",
    "fr-CA":
      "Vous pouvez déposer une plainte sous serment auprès de la CPPA (Civ. Code §1798.199.45) ou en informer le procureur général de la Californie. Aucun délai ne s'applique au consommateur.",
  },
  citation: "Cal. Civ. Code §1798.199.45 (MEMORY)",
};

const CA_NEVER_PAUSES = NO_PAUSE(
  "11 CCR §7021(b)",
  "The 45-day period begins on the day the business receives the request, regardless of time required to verify it (11 CCR §7021(b)): waiting for identity or clarification never stops the clock.",
  "Le délai de 45 jours commence le jour où l'entreprise reçoit la demande, peu importe le temps requis pour la vérifier (11 CCR §7021(b)) : l'attente d'une preuve d'identité ou d'une précision n'arrête jamais le délai.",
);

const CA_45_NOTES = [
  "UNSURE (US-CA-45-day-counting): §7021(b) says the period 'will begin on the day that the business receives the request', so the receipt day is day 1 and day 45 is receipt + 44. Code Civ. Proc. §12 (exclude the first day) and §12a (Saturday/Sunday/holiday end rolls forward) would give receipt + 45, rolled. No regulator example exists. Earliest defensible chosen: receipt + 44, no roll-forward; the later reading is reported as `latestDefensibleRespondBy` for information.",
  "Extension: up to 45 more calendar days, a maximum of 90 calendar days from the day of receipt (receipt + 89 under the same day-1 counting). Notice with an explanation must be given within the first 45-day period (Civ. Code §1798.130(a)(2)), i.e. by receipt + 44.",
  "Acknowledgement: 10 business days after receipt (§7021(a)); the receipt day is not counted ('after receiving'). Business days exclude Saturdays, Sundays and California state holidays (UNSURE US-CA-business-day).",
  "The clock never pauses: §7021(b) 'regardless of time required to verify'; if the consumer cannot be verified within 45 days the business may deny the request.",
];

const CA_EXTENSION: ExtensionRule = {
  additional: { kind: "calendar_days", length: 45 },
  noticeBy: "within_original_period",
  conditions: {
    en: "Only if necessary, once, by up to 45 more calendar days (90 in total from receipt), and only if the consumer is given notice and an explanation of the reason within the first 45-day period.",
    "fr-CA":
      "Seulement si nécessaire, une seule fois, d'au plus 45 jours civils de plus (90 au total depuis la réception), et seulement si le consommateur reçoit un avis motivé pendant la première période de 45 jours.",
  },
  maxTimes: 1,
  citation: "Cal. Civ. Code §1798.130(a)(2); 11 CCR §7021(b)",
};

function californiaResponseRule(
  type: "access" | "deletion" | "correction",
  right: string,
  summary: LocalizedText,
): DeadlineRule {
  return defineStatutoryRule("US-CA", type, {
    version: 1,
    effectiveFrom: "2023-03-29",
    citations: [
      "Cal. Civ. Code §1798.130(a)(2); 11 CCR §7021(b)",
      "11 CCR §7021(a)",
      right,
      "Code Civ. Proc. §§12, 12a, 13b",
    ],
    summary,
    period: { kind: "calendar_days", length: 45 },
    counting: "receipt_day_is_day_one",
    rollForward: "none",
    acknowledgement: {
      period: { kind: "business_days", length: 10 },
      counting: "exclude_receipt_day",
      citation: "11 CCR §7021(a)",
    },
    extension: CA_EXTENSION,
    pause: CA_NEVER_PAUSES,
    noReply: null,
    complaint: CA_COMPLAINT,
    alternativeReading: {
      counting: "exclude_receipt_day",
      rollForward: "weekends_and_holidays",
      citation: "Code Civ. Proc. §§12, 12a",
    },
    notes: CA_45_NOTES,
  });
}

function californiaFifteenDayRule(
  type: "opt_out" | "limit",
  main: string,
  right: string,
  summary: LocalizedText,
): DeadlineRule {
  return defineStatutoryRule("US-CA", type, {
    version: 1,
    effectiveFrom: "2023-03-29",
    citations: [main, right],
    summary,
    period: { kind: "business_days", length: 15 },
    counting: "exclude_receipt_day",
    // A business-day count always ends on a business day; nothing to roll.
    rollForward: "weekends_and_holidays",
    acknowledgement: null,
    extension: null,
    pause: NO_PAUSE(
      main,
      "The 15 business days run from the date the business receives the request; the regulation provides no pause and no extension.",
      "Les 15 jours ouvrables courent de la date de réception de la demande ; le règlement ne prévoit ni suspension ni prolongation.",
    ),
    noReply: null,
    complaint: CA_COMPLAINT,
    notes: [
      "UNSURE (US-CA-business-day): 'business day' is not defined in the CCPA or its regulations. Chosen: Monday-Friday excluding California state holidays as listed `public` by date-holidays (US/CA), including substitute days, César Chávez Day and the day after Thanksgiving.",
      "Counting (US-CA-15-business-days): 'no later than 15 business days from the date the business receives the request' — the receipt day is not counted; day 1 is the first business day after receipt (the usual reading of 'from the date'; CCP §12).",
      "No extension exists for opt-out / limit requests; the business must act 'as soon as feasibly possible'.",
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

interface FortyFiveSpec {
  j: JurisdictionCode;
  effectiveFrom: string;
  timing: string;
  extensionText: string;
  complaint: ComplaintRule;
  computationNote: string;
  extraNotes: string[];
}

const US_STATE_NO_PAUSE = (citation: string) =>
  NO_PAUSE(
    citation,
    "The statute runs the period from receipt and provides no pause; a request that cannot be authenticated may be declined, with reasons, within the same period.",
    "La loi fait courir le délai dès la réception et ne prévoit aucune suspension ; une demande qui ne peut être authentifiée peut être refusée, avec motifs, dans le même délai.",
  );

function fortyFiveDayRule(
  spec: FortyFiveSpec,
  type: RequestType,
  right: string,
  what: LocalizedText,
  version = 1,
  effectiveFrom = spec.effectiveFrom,
  moreCitations: string[] = [],
): DeadlineRule {
  return defineStatutoryRule(spec.j, type, {
    version,
    effectiveFrom,
    citations: [`${right}; ${spec.timing}`, ...moreCitations],
    summary: {
      en: `Respond to a ${what.en} request without undue delay and within 45 calendar days after receipt. The controller may extend once by 45 more days when reasonably necessary (complexity, number of requests) if it tells the consumer, with the reason, within the first 45 days. A refusal must be explained within 45 days, with instructions to appeal.`,
      "fr-CA": `Répondre à une demande de ${what["fr-CA"]} sans retard indu et dans les 45 jours civils suivant la réception. Le responsable peut prolonger une seule fois de 45 jours si c'est raisonnablement nécessaire (complexité, nombre de demandes), à condition d'en informer le consommateur, motifs à l'appui, dans les 45 premiers jours. Un refus doit être motivé dans les 45 jours, avec la marche à suivre pour faire appel.`,
    },
    period: { kind: "calendar_days", length: 45 },
    counting: "exclude_receipt_day",
    rollForward: "none",
    acknowledgement: null,
    extension: {
      additional: { kind: "calendar_days", length: 45 },
      noticeBy: "within_original_period",
      conditions: {
        en: "Once, by up to 45 more days, when reasonably necessary considering the complexity and number of the consumer's requests; the consumer must be told of the extension and the reason within the initial 45-day period.",
        "fr-CA":
          "Une seule fois, d'au plus 45 jours, si c'est raisonnablement nécessaire vu la complexité et le nombre des demandes ; le consommateur doit être informé de la prolongation et de son motif pendant la période initiale de 45 jours.",
      },
      maxTimes: 1,
      citation: spec.extensionText,
    },
    pause: US_STATE_NO_PAUSE(spec.timing),
    noReply: null,
    complaint: spec.complaint,
    notes: [
      `Counting (US-45-day-counting): '45 days after/of receipt' — the receipt day is excluded, due on receipt + 45. ${spec.computationNote} Earliest defensible chosen: no roll-forward (a roll would only make the date later).`,
      "Extension notice must be given by the last day of the initial 45-day period (receipt + 45); the extended deadline is receipt + 90.",
      ...spec.extraNotes,
    ],
  });
}

const CO: FortyFiveSpec = {
  j: "US-CO",
  effectiveFrom: "2023-07-01",
  timing: "C.R.S. §6-1-1306(2)",
  extensionText: "C.R.S. §6-1-1306(2) (MEMORY wording)",
  complaint: {
    regulator: {
      en: "Colorado Attorney General (and District Attorneys)",
      "fr-CA": "Procureur général du Colorado (et procureurs de district)",
    },
    url: "https://coag.gov",
    window: null,
    windowText: {
      en: "First appeal to the controller (decision within 45 days, extendable by 60: C.R.S. §6-1-1306(3), MEMORY); then contact the Colorado Attorney General. No deadline applies to consumers; there is no private right of action.",
      "fr-CA":
        "Faire d'abord appel auprès du responsable (décision dans les 45 jours, prolongeable de 60 : C.R.S. §6-1-1306(3), MÉMOIRE) ; puis s'adresser au procureur général du Colorado. Aucun délai ne s'applique au consommateur ; il n'y a pas de recours privé.",
    },
    citation: "C.R.S. §6-1-1306(3), §6-1-1311 (MEMORY)",
  },
  computationNote: "C.R.S. §2-4-108 (exclude the first day; Saturday/Sunday/legal-holiday end extends) is MEMORY only.",
  extraNotes: [
    "Opt-out must also be honoured 'as soon as feasibly possible and without undue delay' and before other requests (4 CCR 904-3 Rule 4.03); the 45-day outer limit of §6-1-1306(2) is used as the statutory date.",
  ],
};

const CT: FortyFiveSpec = {
  j: "US-CT",
  effectiveFrom: "2023-07-01",
  timing: "Conn. Gen. Stat. §42-518(c)(1)",
  extensionText: "Conn. Gen. Stat. §42-518(c)(1)",
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
  computationNote:
    "No Connecticut computation-of-time statute was found (UNSURE); 2025 amendments (SB 1295) not researched.",
  extraNotes: [
    "Sub-section letters for the rights in §42-518(a) are MEMORY; the timing text of §42-518(c)(1) is VERIFIED.",
  ],
};

const VA: FortyFiveSpec = {
  j: "US-VA",
  effectiveFrom: "2023-01-01",
  timing: "Va. Code §59.1-577(B)(1)",
  extensionText: "Va. Code §59.1-577(B)(1)",
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
  computationNote: "Va. Code §1-210 (weekend/holiday rule) is MEMORY/UNSURE.",
  extraNotes: [],
};

const TX: FortyFiveSpec = {
  j: "US-TX",
  effectiveFrom: "2024-07-01",
  timing: "Tex. Bus. & Com. Code §541.052(b)",
  extensionText: "Tex. Bus. & Com. Code §541.052(b)",
  complaint: {
    regulator: { en: "Texas Attorney General", "fr-CA": "Procureur général du Texas" },
    url: "https://www.texasattorneygeneral.gov",
    window: null,
    windowText: {
      en: "First appeal to the controller (decision within 60 days, §541.053, MEMORY); then use the Attorney General's online complaint form (§541.152). The Attorney General enforces the Act exclusively (§541.151). No deadline applies to consumers.",
      "fr-CA":
        "Faire d'abord appel auprès du responsable (décision dans les 60 jours, §541.053, MÉMOIRE) ; puis utiliser le formulaire de plainte en ligne du procureur général (§541.152), seul chargé de l'application de la loi (§541.151). Aucun délai ne s'applique au consommateur.",
    },
    citation: "Tex. Bus. & Com. Code §§541.053, 541.151, 541.152",
  },
  computationNote:
    "'not later than the 45th day after the date of receipt' = receipt + 45. Gov't Code §311.014 (weekend/holiday roll) is MEMORY/UNSURE as to its application.",
  extraNotes: [
    "CHOICE (US-TX-regime): Texas has two relevant laws. CUBI (Bus. & Com. Code §503.001) gives no request rights, only a duty to destroy a biometric identifier within a reasonable time and at the latest on the first anniversary of the purpose expiring (§503.001(c)(3)), enforced by the AG. TDPSA (ch. 541) gives access, correction, deletion and opt-out rights with 45 (+45) days. The TDPSA deadline is used for those request types; its applicability thresholds (not a small business, etc.) are not checked by the engine.",
  ],
};

const WA: FortyFiveSpec = {
  j: "US-WA",
  effectiveFrom: "2024-03-31",
  timing: "RCW 19.373.040",
  extensionText: "RCW 19.373.040 (partly MEMORY)",
  complaint: {
    regulator: { en: "Washington Attorney General", "fr-CA": "Procureur général de l'État de Washington" },
    url: "https://www.atg.wa.gov",
    window: null,
    windowText: {
      en: "First appeal to the regulated entity (MEMORY: decision within 45 days). Complain to the Washington Attorney General, or sue: a violation is a per se violation of the Consumer Protection Act (RCW 19.86; RCW 19.373.090), which has a private right of action.",
      "fr-CA":
        "Faire d'abord appel auprès de l'entité réglementée (MÉMOIRE : décision dans les 45 jours). Porter plainte auprès du procureur général de l'État de Washington, ou intenter une poursuite : une violation constitue en soi une violation du Consumer Protection Act (RCW 19.86 ; RCW 19.373.090), qui ouvre un recours privé.",
    },
    citation: "RCW 19.373.090; RCW 19.86",
  },
  computationNote: "Washington's computation rules were not researched.",
  extraNotes: [
    "CHOICE (US-WA-regime): RCW 19.375 (biometric identifiers) gives no request rights and excludes photographs; MHMDA (RCW 19.373) treats biometric data as consumer health data and gives access, deletion and consent-withdrawal rights with 45 (+45) days. MHMDA is used for access, deletion and opt_out (consent withdrawal). Sub-lettering of RCW 19.373.040 and the 6-month backup-deletion rule are MEMORY/UNSURE.",
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

function limitNotStatutory(
  j: JurisdictionCode,
  effectiveFrom: string,
  citations: string[],
  requirements: LocalizedText,
  complaint: ComplaintRule,
): DeadlineRule {
  return defineNonStatutoryRule(j, "limit", {
    effectiveFrom,
    citations,
    summary: {
      en: "This law gives no separate right to limit the use of personal data, so there is no statutory deadline. The date shown is the portal's service target, not a legal deadline.",
      "fr-CA":
        "Cette loi ne prévoit aucun droit distinct de limiter l'utilisation des données, donc aucun délai légal. La date indiquée est la cible de service du portail, pas un délai légal.",
    },
    requirements,
    complaint,
    notes: [
      "`limit` outside California has no specific statutory deadline in this regime (brief); withdrawal of consent to biometric processing is filed as `opt_out`.",
    ],
  });
}

const US_STATE_RULES: DeadlineRule[] = [
  // Colorado. access has two versions: HB24-1130 (eff. 1 Jul 2025) adds the biometric access right.
  fortyFiveDayRule(CO, "access", "C.R.S. §6-1-1306(1)(b)", T.access),
  fortyFiveDayRule(CO, "access", "C.R.S. §6-1-1306(1)(b)", T.access, 2, "2025-07-01", [
    "C.R.S. §6-1-1314 (HB24-1130: access to biometric identifiers)",
  ]),
  fortyFiveDayRule(CO, "correction", "C.R.S. §6-1-1306(1)(c)", T.correction),
  fortyFiveDayRule(CO, "deletion", "C.R.S. §6-1-1306(1)(d)", T.deletion),
  fortyFiveDayRule(CO, "opt_out", "C.R.S. §6-1-1306(1)(a)", T.opt_out, 1, CO.effectiveFrom, ["4 CCR 904-3 Rule 4.03"]),
  limitNotStatutory(
    "US-CO",
    CO.effectiveFrom,
    ["C.R.S. §6-1-1308(7) (consent for sensitive data)", "C.R.S. §6-1-1314 (HB24-1130)"],
    {
      en: "Processing biometric (sensitive) data needs the consumer's consent (C.R.S. §6-1-1308(7)). Since 1 Jul 2025 biometric identifiers must be destroyed at the earliest of: purpose satisfied, 24 months after the last interaction, or 45 days after storage is found no longer necessary (§6-1-1314, MEMORY/UNSURE).",
      "fr-CA":
        "Le traitement de données biométriques (sensibles) exige le consentement (C.R.S. §6-1-1308(7)). Depuis le 1er juillet 2025, les identifiants biométriques doivent être détruits à la première des dates suivantes : fin de la finalité, 24 mois après la dernière interaction, ou 45 jours après qu'il est constaté que la conservation n'est plus nécessaire (§6-1-1314, MÉMOIRE/INCERTAIN).",
    },
    CO.complaint,
  ),
  // Connecticut
  fortyFiveDayRule(CT, "access", "Conn. Gen. Stat. §42-518(a)(1)", T.access),
  fortyFiveDayRule(CT, "correction", "Conn. Gen. Stat. §42-518(a)(2)", T.correction),
  fortyFiveDayRule(CT, "deletion", "Conn. Gen. Stat. §42-518(a)(3)", T.deletion),
  fortyFiveDayRule(CT, "opt_out", "Conn. Gen. Stat. §42-518(a)(5)", T.opt_out),
  limitNotStatutory(
    "US-CT",
    CT.effectiveFrom,
    ["Conn. Gen. Stat. §42-520(a)(4) (consent for sensitive data, MEMORY)", "Conn. Gen. Stat. §42-515(3)"],
    {
      en: "Processing biometric (sensitive) data needs the consumer's consent (MEMORY: §42-520(a)(4)). Faceprints generated to identify a person are biometric data (§42-515(3)).",
      "fr-CA":
        "Le traitement de données biométriques (sensibles) exige le consentement (MÉMOIRE : §42-520(a)(4)). Les empreintes faciales générées pour identifier une personne sont des données biométriques (§42-515(3)).",
    },
    CT.complaint,
  ),
  // Virginia
  fortyFiveDayRule(VA, "access", "Va. Code §59.1-577(A)(1)", T.access),
  fortyFiveDayRule(VA, "correction", "Va. Code §59.1-577(A)(2)", T.correction),
  fortyFiveDayRule(VA, "deletion", "Va. Code §59.1-577(A)(3)", T.deletion),
  fortyFiveDayRule(VA, "opt_out", "Va. Code §59.1-577(A)(5)", T.opt_out),
  limitNotStatutory(
    "US-VA",
    VA.effectiveFrom,
    ["Va. Code §59.1-578(A)(5) (consent for sensitive data, MEMORY)"],
    {
      en: "Processing biometric (sensitive) data needs the consumer's consent (MEMORY: §59.1-578(A)(5)).",
      "fr-CA": "Le traitement de données biométriques (sensibles) exige le consentement (MÉMOIRE : §59.1-578(A)(5)).",
    },
    VA.complaint,
  ),
  // Texas (TDPSA chosen; CUBI noted)
  fortyFiveDayRule(TX, "access", "Tex. Bus. & Com. Code §541.051(b)(1)", T.access, 1, TX.effectiveFrom, [
    "Tex. Bus. & Com. Code §503.001 (CUBI)",
  ]),
  fortyFiveDayRule(TX, "correction", "Tex. Bus. & Com. Code §541.051(b)(2)", T.correction, 1, TX.effectiveFrom, [
    "Tex. Bus. & Com. Code §503.001 (CUBI)",
  ]),
  fortyFiveDayRule(TX, "deletion", "Tex. Bus. & Com. Code §541.051(b)(3)", T.deletion, 1, TX.effectiveFrom, [
    "Tex. Bus. & Com. Code §503.001(c)(3) (CUBI destruction duty)",
  ]),
  fortyFiveDayRule(TX, "opt_out", "Tex. Bus. & Com. Code §541.051(b)(5)", T.opt_out, 1, TX.effectiveFrom, [
    "Tex. Bus. & Com. Code §503.001 (CUBI)",
  ]),
  limitNotStatutory(
    "US-TX",
    TX.effectiveFrom,
    [
      "Tex. Bus. & Com. Code §503.001(c)(3) (CUBI)",
      "Tex. Bus. & Com. Code §541.101(b)(4) (consent for sensitive data, MEMORY)",
    ],
    {
      en: "No limit right. CUBI: a biometric identifier must be destroyed within a reasonable time and at the latest on the first anniversary of the date the purpose for collecting it expires (§503.001(c)(3)); since 1 Jan 2026 scraping public images is not consent (§503.001(b-1)). TDPSA: sensitive data needs consent.",
      "fr-CA":
        "Aucun droit de limitation. CUBI : un identifiant biométrique doit être détruit dans un délai raisonnable et au plus tard au premier anniversaire de l'expiration de la finalité de sa collecte (§503.001(c)(3)) ; depuis le 1er janvier 2026, la collecte d'images publiques ne vaut pas consentement (§503.001(b-1)). TDPSA : les données sensibles exigent le consentement.",
    },
    TX.complaint,
  ),
  // Washington (MHMDA chosen)
  fortyFiveDayRule(WA, "access", "RCW 19.373.040(1)(a)", T.access),
  fortyFiveDayRule(WA, "deletion", "RCW 19.373.040(1)(c)", T.deletion),
  fortyFiveDayRule(WA, "opt_out", "RCW 19.373.040(1)(b)", T.consent),
  defineNonStatutoryRule("US-WA", "correction", {
    effectiveFrom: WA.effectiveFrom,
    citations: ["RCW 19.373.040", "RCW 19.375.020"],
    summary: {
      en: "Washington law gives no right to correct biometric or health data, so there is no statutory deadline. The date shown is the portal's service target, not a legal deadline.",
      "fr-CA":
        "Le droit de l'État de Washington ne prévoit aucun droit de rectification des données biométriques ou de santé, donc aucun délai légal. La date indiquée est la cible de service du portail, pas un délai légal.",
    },
    requirements: {
      en: "MHMDA gives access, deletion and consent-withdrawal rights only. RCW 19.375.020: no enrolment of a biometric identifier for a commercial purpose without notice and consent or a mechanism to prevent later commercial use; retain no longer than reasonably necessary.",
      "fr-CA":
        "La MHMDA ne donne que des droits d'accès, de suppression et de retrait du consentement. RCW 19.375.020 : pas d'inscription d'un identifiant biométrique à des fins commerciales sans avis et consentement ou mécanisme empêchant l'utilisation commerciale ultérieure ; conservation limitée au raisonnablement nécessaire.",
    },
    complaint: WA.complaint,
    notes: ["MHMDA has no correction right (reference §2 US-WA)."],
  }),
  limitNotStatutory(
    "US-WA",
    WA.effectiveFrom,
    ["RCW 19.375.020", "RCW 19.373.030 (consent, MEMORY)"],
    {
      en: "No limit right. RCW 19.375.020: notice and consent (or a mechanism to prevent later commercial use) before enrolling a biometric identifier; retention no longer than reasonably necessary. MHMDA: consent is needed to collect or share consumer health data, and it can be withdrawn (filed as opt_out).",
      "fr-CA":
        "Aucun droit de limitation. RCW 19.375.020 : avis et consentement (ou mécanisme empêchant l'utilisation commerciale ultérieure) avant l'inscription d'un identifiant biométrique ; conservation limitée au raisonnablement nécessaire. MHMDA : le consentement est requis pour recueillir ou partager des données de santé, et il peut être retiré (demande de type opt_out).",
    },
    WA.complaint,
  ),
];

// ---------------------------------------------------------------------------------------------
// Illinois (BIPA): no request rights at all.

const IL_COMPLAINT: ComplaintRule = {
  regulator: {
    en: "No regulator: private right of action in Illinois circuit court (740 ILCS 14/20)",
    "fr-CA": "Aucun organisme de réglementation : recours privé devant la Circuit Court de l'Illinois (740 ILCS 14/20)",
  },
  url: null,
  window: null,
  windowText: {
    en: "A BIPA claim can be filed within 5 years of the violation (Tims v. Black Horse Carriers, 2023 IL 127801; 735 ILCS 5/13-205). Liquidated damages: $1,000 (negligent) or $5,000 (intentional/reckless) per violation.",
    "fr-CA":
      "Une action fondée sur la BIPA peut être intentée dans les 5 ans de la violation (Tims v. Black Horse Carriers, 2023 IL 127801 ; 735 ILCS 5/13-205). Dommages-intérêts forfaitaires : 1 000 $ (négligence) ou 5 000 $ (intention ou insouciance) par violation.",
  },
  citation: "740 ILCS 14/20; Tims v. Black Horse Carriers, 2023 IL 127801; 735 ILCS 5/13-205",
};

const IL_REQUIREMENTS: LocalizedText = {
  en: "BIPA gives no access, deletion, correction or opt-out right on request. A private entity must publish a retention schedule and permanently destroy biometric identifiers and information when the initial purpose is satisfied or within 3 years of the individual's last interaction, whichever occurs first (740 ILCS 14/15(a)). Claims: 5-year limitation (Tims v. Black Horse Carriers, 2023 IL 127801). For Clearview AI, the ACLU consent order (May 2022) requires an Illinois opt-out form: a court-order duty without a statutory response deadline.",
  "fr-CA":
    "La BIPA ne prévoit aucun droit d'accès, de suppression, de rectification ou de retrait sur demande. L'entreprise doit publier un calendrier de conservation et détruire définitivement les identifiants et renseignements biométriques lorsque la finalité initiale est atteinte ou dans les 3 ans de la dernière interaction de la personne, selon la première éventualité (740 ILCS 14/15(a)). Recours : prescription de 5 ans (Tims v. Black Horse Carriers, 2023 IL 127801). Pour Clearview AI, l'ordonnance de consentement ACLU (mai 2022) impose un formulaire de retrait pour l'Illinois : une obligation judiciaire sans délai de réponse légal.",
};

const US_IL_RULES: DeadlineRule[] = (["access", "deletion", "correction", "opt_out", "limit"] as const).map((type) =>
  defineNonStatutoryRule("US-IL", type, {
    effectiveFrom: "2008-10-03",
    citations: [
      "740 ILCS 14/15(a)",
      "740 ILCS 14/20",
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
    notes: [
      "Statute on Statutes 5 ILCS 70/1.11 (exclude first day; Saturday/Sunday/holiday end excluded) is MEMORY; irrelevant here as no statutory period applies.",
      "The ACLU v. Clearview five-year Illinois restrictions run to about May 2027 (entry date 4 vs 11 May 2022 UNSURE).",
    ],
  }),
);

export const US_RULES: readonly DeadlineRule[] = [...US_CA_RULES, ...US_STATE_RULES, ...US_IL_RULES];
