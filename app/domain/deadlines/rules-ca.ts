// Canadian rules: PIPEDA (federal), Québec P-39.1, BC PIPA, Alberta PIPA.
// Facts and citations: /work/shared/reference/jurisdictions.md §1, §2 (CA-QC, CA, CA-BC, CA-AB).

import { defineNonStatutoryRule, defineStatutoryRule, NO_PAUSE } from "./rules-common";
import type { ComplaintRule, DeadlineRule, JurisdictionCode, LocalizedText, RequestType } from "./types";

const notStatutorySummary = (law: LocalizedText): LocalizedText => ({
  en: `${law.en} sets no response deadline for this request. The date shown is the portal's service target, not a legal deadline.`,
  "fr-CA": `${law["fr-CA"]} ne fixe aucun délai de réponse pour cette demande. La date indiquée est la cible de service du portail, pas un délai légal.`,
});

// ---------------------------------------------------------------------------------------------
// Federal: PIPEDA

const OPC_NAME: LocalizedText = {
  en: "Office of the Privacy Commissioner of Canada",
  "fr-CA": "Commissariat à la protection de la vie privée du Canada",
};

const OPC_REFUSAL: ComplaintRule = {
  regulator: OPC_NAME,
  url: "https://www.priv.gc.ca",
  window: { kind: "months", length: 6 },
  windowText: {
    en: "A complaint about a refusal (including a deemed refusal when the time limit expires) must be filed with the OPC within six months after the refusal or the expiry of the time limit, or any longer period the Commissioner allows (PIPEDA s.11(3)).",
    "fr-CA":
      "Une plainte visant un refus (y compris le refus présumé à l'expiration du délai) doit être déposée auprès du Commissariat dans les six mois suivant le refus ou l'expiration du délai, ou dans le délai supérieur que le commissaire autorise (LPRPDE, par. 11(3)).",
  },
  citation: "PIPEDA s.11(3)",
};

const OPC_GENERAL: ComplaintRule = {
  regulator: OPC_NAME,
  url: "https://www.priv.gc.ca",
  window: null,
  windowText: {
    en: "You may complain to the OPC about a contravention of Schedule 1 (PIPEDA s.11(1)); no statutory time limit applies outside refusals of access requests.",
    "fr-CA":
      "Vous pouvez porter plainte auprès du Commissariat pour une contravention à l'annexe 1 (LPRPDE, par. 11(1)) ; aucun délai légal ne s'applique hors des refus de demandes d'accès.",
  },
  citation: "PIPEDA s.11(1)",
};

const PIPEDA_NOTES = [
  "Counting: 'not later than thirty days after receipt' — the receipt day is excluded (federal Interpretation Act s.27; the Information Commissioner applies the same to the parallel ATIA: the period 'commence le jour suivant'). Due on receipt + 30.",
  "Roll-forward: Interpretation Act s.26 moves a time limit that falls on a holiday to the next non-holiday. Sunday is a holiday (s.35(1)); Saturday is not, so a Saturday end stands.",
  "UNSURE (CA-holidays): s.35(1) core federal list used (New Year's Day, Good Friday, Easter Monday, Victoria Day, Canada Day, Labour Day, National Day for Truth and Reconciliation 30 Sept since 2021, Thanksgiving, Remembrance Day, Christmas Day; s.35(2) Sunday rule). Provincial non-juridical days brought in by s.35(1)(a) are not added (they could only make the date later).",
  "UNSURE (CA-time-zone): no rule says which zone governs; America/Toronto (OPC seat, Gatineau) is used.",
  "Extension (s.8(4)(a)): up to 30 more days, notice no later than thirty days after the date of the request (receipt + 30, unrolled — earliest reading). The open-ended s.8(4)(b) alternative-format extension is not modelled; record it as a note on the request.",
  "Deemed refusal (s.8(5)) when no response within the time limit; the complaint window (6 months, s.11(3)) then runs from the expiry.",
];

function pipedaRule(type: "access" | "correction", right: string, summary: LocalizedText): DeadlineRule {
  return defineStatutoryRule("CA", type, {
    version: 1,
    effectiveFrom: "2001-01-01",
    citations: [
      "PIPEDA, S.C. 2000, c. 5, s. 8(3)",
      right,
      "PIPEDA s. 8(4)-(5)",
      "PIPEDA s. 11(3)",
      "Interpretation Act, R.S.C. 1985, c. I-21, ss. 26-28, 35",
    ],
    summary,
    period: { kind: "calendar_days", length: 30 },
    counting: "exclude_receipt_day",
    rollForward: "sundays_and_holidays",
    acknowledgement: null,
    extension: {
      additional: { kind: "calendar_days", length: 30 },
      noticeBy: "within_original_period",
      conditions: {
        en: "By up to 30 days if meeting the time limit would unreasonably interfere with the organization's activities, or consultations make it impracticable (or for the time needed to convert to an alternative format). A notice giving the new time limit, the reasons and the right to complain to the Commissioner must be sent no later than 30 days after the request.",
        "fr-CA":
          "D'au plus 30 jours si le respect du délai entraverait de façon sérieuse l'activité de l'organisation ou si les consultations nécessaires le rendent impossible à respecter (ou pour le temps nécessaire à la conversion en un support de substitution). Un avis indiquant le nouveau délai, les motifs et le droit de porter plainte au commissaire doit être envoyé au plus tard 30 jours après la demande.",
      },
      maxTimes: 1,
      citation: "PIPEDA s. 8(4)",
    },
    pause: NO_PAUSE(
      "PIPEDA s. 8(3)",
      "PIPEDA runs the 30 days from receipt of the request and provides no pause.",
      "La LPRPDE fait courir les 30 jours dès la réception de la demande et ne prévoit aucune suspension.",
    ),
    noReply: "deemed_refusal",
    complaint: OPC_REFUSAL,
    notes: PIPEDA_NOTES,
  });
}

const PIPEDA_RULES: DeadlineRule[] = [
  pipedaRule("access", "PIPEDA Sch. 1, cl. 4.9", {
    en: "Respond to an access request with due diligence and no later than 30 days after receipt. One extension of up to 30 days is allowed with written notice within the first 30 days. No answer in time is a deemed refusal, which can be taken to the Privacy Commissioner within 6 months.",
    "fr-CA":
      "Répondre à une demande d'accès avec diligence et au plus tard 30 jours après sa réception. Une prolongation d'au plus 30 jours est permise avec avis écrit dans les 30 premiers jours. L'absence de réponse dans le délai vaut refus, qui peut être porté devant le commissaire à la protection de la vie privée dans les 6 mois.",
  }),
  pipedaRule("correction", "PIPEDA Sch. 1, cl. 4.9.5", {
    en: "Respond to a correction request (Schedule 1, clause 4.9.5) with due diligence and no later than 30 days after receipt. One extension of up to 30 days with written notice within the first 30 days. No answer in time is a deemed refusal.",
    "fr-CA":
      "Répondre à une demande de rectification (annexe 1, art. 4.9.5) avec diligence et au plus tard 30 jours après sa réception. Une prolongation d'au plus 30 jours avec avis écrit dans les 30 premiers jours. L'absence de réponse dans le délai vaut refus.",
  }),
  ...(["deletion", "opt_out", "limit"] as const).map((type) =>
    defineNonStatutoryRule("CA", type, {
      effectiveFrom: "2001-01-01",
      citations:
        type === "limit"
          ? ["PIPEDA Sch. 1, cl. 4.5 (limiting use, disclosure and retention)"]
          : [
              "PIPEDA Sch. 1, cl. 4.3.8 (withdrawal of consent)",
              "PIPEDA Sch. 1, cl. 4.5.3 (destruction of information no longer required)",
            ],
      summary: notStatutorySummary({ en: "PIPEDA", "fr-CA": "La LPRPDE" }),
      requirements: {
        en: "PIPEDA has no erasure right and no deadline here. An individual may withdraw consent at any time on reasonable notice (Sch. 1 cl. 4.3.8); information no longer required must be destroyed, erased or made anonymous (cl. 4.5.3). The Privacy Commissioners recommended in Findings #2021-001 that Clearview delete Canadians' images and biometric information.",
        "fr-CA":
          "La LPRPDE ne prévoit ni droit à l'effacement ni délai ici. Une personne peut retirer son consentement en tout temps, sous réserve d'un préavis raisonnable (annexe 1, art. 4.3.8) ; les renseignements qui ne sont plus nécessaires doivent être détruits, effacés ou dépersonnalisés (art. 4.5.3). Les commissaires ont recommandé (conclusions no 2021-001) que Clearview supprime les images et renseignements biométriques des Canadiens.",
      },
      complaint: OPC_GENERAL,
      notes: ["PIPEDA has no statutory erasure right (reference §2 CA); consent withdrawal has no deadline."],
    }),
  ),
];

// ---------------------------------------------------------------------------------------------
// Québec: P-39.1

const CAI: ComplaintRule = {
  regulator: {
    en: "Commission d'accès à l'information du Québec (CAI)",
    "fr-CA": "Commission d'accès à l'information du Québec (CAI)",
  },
  url: "https://www.cai.gouv.qc.ca",
  window: { kind: "calendar_days", length: 30 },
  windowText: {
    en: "Apply to the CAI for the examination of a disagreement within 30 days of the refusal, or of the expiry of the 30-day time limit (deemed refusal) (P-39.1 s.43).",
    "fr-CA":
      "Présenter à la CAI une demande d'examen de mésentente dans les 30 jours du refus, ou de l'expiration du délai de 30 jours (refus présumé) (P-39.1, art. 43).",
  },
  citation: "CQLR c P-39.1, ss. 42-43 (MEMORY/UNSURE)",
};

const QC_NOTES = [
  "Counting: 'dans les 30 jours de la date de réception' — the receipt day is excluded and the last day counted (usual Québec computation; E-6.1, r.0.3 s.4 verified as an example). Due on receipt + 30.",
  "UNSURE (CA-QC-saturday): I-16 s.52 only extends a time limit that expires on a 'jour férié'; s.61(23) lists Sundays and named holidays but not Saturdays (Saturday counts only for registry filings). A Saturday end therefore stands; a Sunday or holiday end rolls to the next 'jour ouvrable'. Code of Civil Procedure 'jours non juridiques' (Saturdays, 2 Jan, 26 Dec) govern court procedure, not P-39.1.",
  "Holidays (I-16 s.61(23)): date-holidays CA/QC public days plus Easter Monday (marked `optional` there; named in s.61(23)(d)) plus 2 July when 1 July is a Sunday (s.61(23)(f)).",
  "UNSURE (CA-QC-extension): P-39.1 has no extension; the 10-day extension is public-sector only (A-2.1 ss.47/98). One consultancy page claims +30 days for complex requests: treated as wrong. No extension → earliest date.",
  "Deemed refusal (s.32): no answer within 30 days is a refusal; the resident's window to apply to the CAI (s.43, 30 days, MEMORY/UNSURE) then runs from the expiry; no roll-forward applied to that window (earliest).",
];

const QC_NO_PAUSE = NO_PAUSE(
  "CQLR c P-39.1, s. 32",
  "P-39.1 runs the 30 days from receipt of the written request (identity is proven with it, s.30) and provides no pause.",
  "La Loi P-39.1 fait courir les 30 jours dès la réception de la demande écrite (l'identité est établie avec celle-ci, art. 30) et ne prévoit aucune suspension.",
);

function quebecRule(
  type: RequestType,
  version: number,
  effectiveFrom: string,
  citations: string[],
  summary: LocalizedText,
  extraNotes: string[] = [],
): DeadlineRule {
  return defineStatutoryRule("CA-QC", type, {
    version,
    effectiveFrom,
    citations: [...citations, "CQLR c P-39.1, s. 30", "Loi d'interprétation, RLRQ c I-16, ss. 52, 61(23)"],
    summary,
    period: { kind: "calendar_days", length: 30 },
    counting: "exclude_receipt_day",
    rollForward: "sundays_and_holidays",
    acknowledgement: null,
    extension: null,
    pause: QC_NO_PAUSE,
    noReply: "deemed_refusal",
    complaint: CAI,
    notes: [...QC_NOTES, ...extraNotes],
  });
}

const QC_30: LocalizedText = {
  en: "no later than 30 days after the request is received; silence after 30 days is a deemed refusal (s.32), which can be taken to the Commission d'accès à l'information within 30 days. No extension exists for private enterprises.",
  "fr-CA":
    "au plus tard dans les 30 jours de la réception de la demande ; le silence après 30 jours vaut refus (art. 32), qui peut être soumis à la Commission d'accès à l'information dans les 30 jours. Aucune prolongation n'existe pour les entreprises privées.",
};

const QUEBEC_RULES: DeadlineRule[] = [
  quebecRule("access", 1, "1994-01-01", ["CQLR c P-39.1, ss. 27, 32"], {
    en: "Respond in writing to an access request with diligence and " + QC_30.en,
    "fr-CA": "Répondre par écrit à une demande d'accès avec diligence et " + QC_30["fr-CA"],
  }),
  quebecRule("correction", 1, "1994-01-01", ["CQLR c P-39.1, ss. 28, 32"], {
    en: "Respond in writing to a rectification request with diligence and " + QC_30.en,
    "fr-CA": "Répondre par écrit à une demande de rectification avec diligence et " + QC_30["fr-CA"],
  }),
  quebecRule("deletion", 1, "1994-01-01", ["CQLR c P-39.1, ss. 28, 32"], {
    en: "Respond in writing to a request to delete obsolete or unauthorised information with diligence and " + QC_30.en,
    "fr-CA":
      "Répondre par écrit à une demande de suppression de renseignements périmés ou non autorisés avec diligence et " +
      QC_30["fr-CA"],
  }),
  // Law 25 added s.28.1 (cease dissemination / de-index), in force 22 Sept 2023 (MEMORY).
  quebecRule(
    "deletion",
    2,
    "2023-09-22",
    ["CQLR c P-39.1, ss. 28, 28.1, 32"],
    {
      en:
        "Respond in writing to a request to delete obsolete or unauthorised information, or to cease dissemination / de-index (s.28.1), with diligence and " +
        QC_30.en,
      "fr-CA":
        "Répondre par écrit à une demande de suppression de renseignements périmés ou non autorisés, ou de cessation de diffusion / désindexation (art. 28.1), avec diligence et " +
        QC_30["fr-CA"],
    },
    ["UNSURE (CA-QC-28.1): whether the s.32 30-day clock covers s.28.1 requests is not verified; applied (earliest)."],
  ),
  defineNonStatutoryRule("CA-QC", "opt_out", {
    version: 1,
    effectiveFrom: "1994-01-01",
    citations: ["CQLR c P-39.1, s. 14 (consent, pre-Law 25)"],
    summary: notStatutorySummary({ en: "P-39.1 (before Law 25)", "fr-CA": "La Loi P-39.1 (avant la Loi 25)" }),
    requirements: {
      en: "Before Law 25 (22 Sept 2023) P-39.1 had no cease-dissemination right and set no deadline for a consent withdrawal.",
      "fr-CA":
        "Avant la Loi 25 (22 septembre 2023), la Loi P-39.1 ne prévoyait aucun droit de cessation de diffusion ni délai pour un retrait du consentement.",
    },
    complaint: { ...CAI, window: null },
    notes: ["Version 1 covers requests received before s.28.1 came into force."],
  }),
  quebecRule(
    "opt_out",
    2,
    "2023-09-22",
    ["CQLR c P-39.1, ss. 28.1, 32"],
    {
      en:
        "Respond in writing to a request to cease disseminating personal information or to de-index it (consent withdrawal, s.28.1) with diligence and " +
        QC_30.en,
      "fr-CA":
        "Répondre par écrit à une demande de cessation de diffusion ou de désindexation (retrait du consentement, art. 28.1) avec diligence et " +
        QC_30["fr-CA"],
    },
    [
      "UNSURE (CA-QC-28.1): the s.32 30-day clock and deemed refusal are applied to s.28.1 cease-dissemination requests (earliest defensible); consent-withdrawal section numbers are MEMORY.",
    ],
  ),
  defineNonStatutoryRule("CA-QC", "limit", {
    effectiveFrom: "1994-01-01",
    citations: [
      "CQLR c P-39.1, s. 12 (use limited to the purposes of collection)",
      "CQLR c C-1.1, ss. 44-45 (biometrics)",
    ],
    summary: notStatutorySummary({ en: "P-39.1", "fr-CA": "La Loi P-39.1" }),
    requirements: {
      en: "P-39.1 has no separate restriction right. Use is limited to the purposes of collection unless the person consents (s.12). Biometric identity verification needs express consent, and the records must be destroyed when the purpose is met (C-1.1 s.44); biometric databases must be disclosed to the CAI, which may order their destruction (s.45).",
      "fr-CA":
        "La Loi P-39.1 ne prévoit pas de droit distinct de limitation. L'utilisation est limitée aux fins de la collecte, sauf consentement (art. 12). La vérification biométrique de l'identité exige un consentement exprès, et les données doivent être détruites lorsque l'objectif est atteint (C-1.1, art. 44) ; toute banque biométrique doit être déclarée à la CAI, qui peut en ordonner la destruction (art. 45).",
    },
    complaint: { ...CAI, window: null },
    notes: [],
  }),
];

// ---------------------------------------------------------------------------------------------
// British Columbia: PIPA (SBC 2003, c. 63)

const OIPC_BC_NAME: LocalizedText = {
  en: "Office of the Information and Privacy Commissioner for British Columbia",
  "fr-CA": "Commissariat à l'information et à la protection de la vie privée de la Colombie-Britannique (OIPC BC)",
};

const OIPC_BC_REVIEW: ComplaintRule = {
  regulator: OIPC_BC_NAME,
  url: "https://www.oipc.bc.ca",
  window: { kind: "business_days", length: 30 },
  windowText: {
    en: "Request a review by the OIPC within 30 business days of the response or, with no response, of the expiry of the time limit (PIPA s.47; OIPC guidance).",
    "fr-CA":
      "Demander une révision à l'OIPC dans les 30 jours ouvrables de la réponse ou, à défaut de réponse, de l'expiration du délai (PIPA, art. 47 ; lignes directrices de l'OIPC).",
  },
  citation: "SBC 2003, c. 63, s. 47 (MEMORY/UNSURE); OIPC BC 'How do I request a review'",
};

const BC_NOTES = [
  "PIPA s.1: 'day does not include a holiday or a Saturday' (Sunday is a holiday under Interpretation Act s.29), so the 30 days of s.29 are business days (OIPC: '30 business days'). Counting starts the day after receipt.",
  "UNSURE (CA-BC-holidays): holiday list of Interpretation Act s.29 as verified in 2012 (New Year's Day, Good Friday, Easter Monday, Victoria Day, Canada Day, BC Day, Labour Day, Thanksgiving, Remembrance Day, Christmas, 26 December). Family Day and 30 September (NDTR) are not counted as holidays because their addition to s.29 is unverified — fewer holidays = earlier date.",
  "UNSURE (CA-BC-extension): s.31 allows up to 30 more days (business days, by the s.1 definition) or longer with the Commissioner's permission (MEMORY). Modelled as +30 business days, notice by the last day of the original period (earliest); longer Commissioner-approved extensions are not modelled.",
  "Deemed refusal: a failure to respond is treated as a refusal (FIPA BC; OIPC accepts review requests). The 30-business-day review window runs from the expiry.",
];

function bcRule(type: "access" | "correction", right: string, summary: LocalizedText): DeadlineRule {
  return defineStatutoryRule("CA-BC", type, {
    version: 1,
    effectiveFrom: "2004-01-01",
    citations: [
      "SBC 2003, c. 63, s. 29",
      right,
      "SBC 2003, c. 63, s. 1 ('day')",
      "SBC 2003, c. 63, s. 31",
      "Interpretation Act, RSBC 1996, c. 238, ss. 25, 29",
    ],
    summary,
    period: { kind: "business_days", length: 30 },
    counting: "exclude_receipt_day",
    rollForward: "weekends_and_holidays",
    acknowledgement: null,
    extension: {
      additional: { kind: "business_days", length: 30 },
      noticeBy: "within_original_period",
      conditions: {
        en: "Up to 30 more days (or longer with the Commissioner's permission) if the request lacks detail, a large number of records would unreasonably interfere with operations, or more time is needed to consult; the applicant must be told the reason, when to expect a response and of the right to complain.",
        "fr-CA":
          "Jusqu'à 30 jours de plus (ou davantage avec la permission du commissaire) si la demande manque de précision, si le grand nombre de documents nuirait indûment aux activités ou s'il faut plus de temps pour consulter ; le demandeur doit être informé du motif, de la date prévue de la réponse et de son droit de se plaindre.",
      },
      maxTimes: 1,
      citation: "SBC 2003, c. 63, s. 31 (MEMORY/UNSURE)",
    },
    pause: NO_PAUSE(
      "SBC 2003, c. 63, s. 29",
      "BC PIPA provides no pause for identity or clarification.",
      "La PIPA de la C.-B. ne prévoit aucune suspension pour l'identité ou une précision.",
    ),
    noReply: "deemed_refusal",
    complaint: OIPC_BC_REVIEW,
    notes: BC_NOTES,
  });
}

// ---------------------------------------------------------------------------------------------
// Alberta: PIPA (SA 2003, c. P-6.5)

const OIPC_AB_NAME: LocalizedText = {
  en: "Office of the Information and Privacy Commissioner of Alberta",
  "fr-CA": "Commissariat à l'information et à la protection de la vie privée de l'Alberta (OIPC AB)",
};

const OIPC_AB_REVIEW: ComplaintRule = {
  regulator: OIPC_AB_NAME,
  url: "https://oipc.ab.ca",
  window: { kind: "calendar_days", length: 30 },
  windowText: {
    en: "Ask the OIPC for a review within 30 days of the decision or, with no response, of the expiry of the time limit (PIPA s.47, MEMORY/UNSURE).",
    "fr-CA":
      "Demander une révision à l'OIPC dans les 30 jours de la décision ou, à défaut de réponse, de l'expiration du délai (PIPA, art. 47, MÉMOIRE/INCERTAIN).",
  },
  citation: "SA 2003, c. P-6.5, s. 47 (MEMORY/UNSURE)",
};

const AB_NOTES = [
  "Counting: '45 days from the day that the organization receives the applicant's written request' (s.28, MEMORY) — the receipt day is excluded; due on receipt + 45.",
  "Roll-forward: Alberta Interpretation Act s.22 (MEMORY) — a time limit falling on a holiday moves to the next non-holiday; Sunday is a holiday, Saturday is not, so a Saturday end stands.",
  "UNSURE (CA-AB-holidays): holidays = date-holidays CA/AB `public` days (incl. Family Day). Easter Monday and Heritage Day, marked `optional` there, are not added because the Alberta 'holiday' definition (I-8 s.28) was not checked — fewer holidays = earlier date.",
  "UNSURE (CA-AB-extension): s.31 (MEMORY) allows up to 30 more days, or longer with the Commissioner's permission. Modelled as +30 calendar days with notice by the last day of the original 45 days (earliest).",
  "Deemed refusal (MEMORY/UNSURE) and the 30-day review window (s.47) are applied as the brief requires. The Service Alberta guide says the clock stops while a fee estimate is outstanding; fee estimates are not modelled as pauses (identity/clarification do not stop the clock).",
];

function abRule(type: "access" | "correction", right: string, summary: LocalizedText): DeadlineRule {
  return defineStatutoryRule("CA-AB", type, {
    version: 1,
    effectiveFrom: "2004-01-01",
    citations: [
      "SA 2003, c. P-6.5, s. 28",
      right,
      "SA 2003, c. P-6.5, s. 31",
      "Interpretation Act, RSA 2000, c. I-8, s. 22",
    ],
    summary,
    period: { kind: "calendar_days", length: 45 },
    counting: "exclude_receipt_day",
    rollForward: "sundays_and_holidays",
    acknowledgement: null,
    extension: {
      additional: { kind: "calendar_days", length: 30 },
      noticeBy: "within_original_period",
      conditions: {
        en: "Up to 30 more days (or longer with the Commissioner's permission) if the request lacks detail, a large number of records is involved, or more time is needed to consult; the applicant must be told the reason, when a response can be expected and that a review may be requested.",
        "fr-CA":
          "Jusqu'à 30 jours de plus (ou davantage avec la permission du commissaire) si la demande manque de précision, si un grand nombre de documents est en cause ou s'il faut plus de temps pour consulter ; le demandeur doit être informé du motif, de la date prévue de la réponse et de la possibilité de demander une révision.",
      },
      maxTimes: 1,
      citation: "SA 2003, c. P-6.5, s. 31 (MEMORY/UNSURE)",
    },
    pause: NO_PAUSE(
      "SA 2003, c. P-6.5, s. 28",
      "Alberta PIPA provides no pause for identity or clarification.",
      "La PIPA de l'Alberta ne prévoit aucune suspension pour l'identité ou une précision.",
    ),
    noReply: "deemed_refusal",
    complaint: OIPC_AB_REVIEW,
    notes: AB_NOTES,
  });
}

function provincialNotStatutory(
  j: JurisdictionCode,
  type: RequestType,
  law: LocalizedText,
  citations: string[],
  requirements: LocalizedText,
  complaint: ComplaintRule,
): DeadlineRule {
  return defineNonStatutoryRule(j, type, {
    effectiveFrom: "2004-01-01",
    citations,
    summary: notStatutorySummary(law),
    requirements,
    complaint,
    notes: [
      "PIPA gives access (and correction) rights with deadlines; no deadline applies to consent withdrawal or deletion requests.",
    ],
  });
}

const PROVINCIAL_RULES: DeadlineRule[] = [
  bcRule("access", "SBC 2003, c. 63, s. 23", {
    en: "Respond to an access request no later than 30 days after receipt, where 'day' excludes Saturdays and holidays (30 business days). Up to 30 more days with notice (or longer with the Commissioner's permission). No response is treated as a refusal that can be reviewed by the OIPC.",
    "fr-CA":
      "Répondre à une demande d'accès au plus tard 30 jours après la réception, le « jour » excluant les samedis et les jours fériés (30 jours ouvrables). Jusqu'à 30 jours de plus avec avis (ou davantage avec la permission du commissaire). L'absence de réponse est assimilée à un refus pouvant faire l'objet d'une révision par l'OIPC.",
  }),
  bcRule("correction", "SBC 2003, c. 63, s. 24", {
    en: "Respond to a correction request no later than 30 business days after receipt (s.1 'day'). Up to 30 more days with notice. No response is treated as a refusal that can be reviewed by the OIPC.",
    "fr-CA":
      "Répondre à une demande de rectification au plus tard 30 jours ouvrables après la réception (définition de « jour », art. 1). Jusqu'à 30 jours de plus avec avis. L'absence de réponse est assimilée à un refus pouvant faire l'objet d'une révision par l'OIPC.",
  }),
  ...(["deletion", "opt_out", "limit"] as const).map((type) =>
    provincialNotStatutory(
      "CA-BC",
      type,
      { en: "BC PIPA", "fr-CA": "La PIPA de la Colombie-Britannique" },
      ["SBC 2003, c. 63, s. 9 (withdrawal of consent)", "SBC 2003, c. 63, s. 35 (retention)"],
      {
        en: "An individual may withdraw consent on reasonable notice (s.9); personal information must be destroyed or anonymised once no longer needed (s.35). BC Order P21-08 (MEMORY/UNSURE) ordered Clearview to stop and delete BC residents' data.",
        "fr-CA":
          "Une personne peut retirer son consentement moyennant un préavis raisonnable (art. 9) ; les renseignements doivent être détruits ou anonymisés lorsqu'ils ne sont plus nécessaires (art. 35). L'ordonnance P21-08 de la C.-B. (MÉMOIRE/INCERTAIN) a enjoint à Clearview de cesser et de supprimer les données des résidents.",
      },
      {
        ...OIPC_BC_REVIEW,
        window: null,
        windowText: {
          en: "You may complain to the OIPC (PIPA s.46); no statutory deadline was found for such complaints.",
          "fr-CA":
            "Vous pouvez porter plainte auprès de l'OIPC (PIPA, art. 46) ; aucun délai légal n'a été trouvé pour ces plaintes.",
        },
      },
    ),
  ),
  abRule("access", "SA 2003, c. P-6.5, s. 24", {
    en: "Respond to an access request no later than 45 days from the day the written request is received. Up to 30 more days with notice (or longer with the Commissioner's permission). No response is treated as a refusal that can be reviewed by the OIPC.",
    "fr-CA":
      "Répondre à une demande d'accès au plus tard 45 jours après le jour de réception de la demande écrite. Jusqu'à 30 jours de plus avec avis (ou davantage avec la permission du commissaire). L'absence de réponse est assimilée à un refus pouvant faire l'objet d'une révision par l'OIPC.",
  }),
  abRule("correction", "SA 2003, c. P-6.5, s. 25", {
    en: "Respond to a correction request no later than 45 days from receipt. Up to 30 more days with notice. No response is treated as a refusal that can be reviewed by the OIPC.",
    "fr-CA":
      "Répondre à une demande de rectification au plus tard 45 jours après la réception. Jusqu'à 30 jours de plus avec avis. L'absence de réponse est assimilée à un refus pouvant faire l'objet d'une révision par l'OIPC.",
  }),
  ...(["deletion", "opt_out", "limit"] as const).map((type) =>
    provincialNotStatutory(
      "CA-AB",
      type,
      { en: "Alberta PIPA", "fr-CA": "La PIPA de l'Alberta" },
      ["SA 2003, c. P-6.5, s. 9 (withdrawal of consent)", "SA 2003, c. P-6.5, s. 35 (retention)"],
      {
        en: "An individual may withdraw consent on reasonable notice (s.9); information must be destroyed or anonymised within a reasonable period once no longer reasonably required (s.35). Alberta Order P2021-12 (MEMORY/UNSURE) ordered Clearview to stop and delete Albertans' data.",
        "fr-CA":
          "Une personne peut retirer son consentement moyennant un préavis raisonnable (art. 9) ; les renseignements doivent être détruits ou anonymisés dans un délai raisonnable lorsqu'ils ne sont plus raisonnablement nécessaires (art. 35). L'ordonnance P2021-12 de l'Alberta (MÉMOIRE/INCERTAIN) a enjoint à Clearview de cesser et de supprimer les données des Albertains.",
      },
      {
        ...OIPC_AB_REVIEW,
        window: null,
        windowText: {
          en: "You may complain to the OIPC (PIPA s.36); no statutory deadline was found for such complaints.",
          "fr-CA":
            "Vous pouvez porter plainte auprès de l'OIPC (PIPA, art. 36) ; aucun délai légal n'a été trouvé pour ces plaintes.",
        },
      },
    ),
  ),
];

export const CA_RULES: readonly DeadlineRule[] = [...PIPEDA_RULES, ...QUEBEC_RULES, ...PROVINCIAL_RULES];
