// Canadian rule versions written after the legal review of 4 December 2026 (reference
// jurisdictions.md §7). Corrections apply from the date each statute applied (findRule picks
// them for every new receipt); requests already filed keep the version stored on them.
//
// What changed:
// - Every time limit goes through the jurisdiction's Interpretation Act: the notice of an
//   extension (federal s.26 with s.35 holidays, Easter Monday included; Alberta s.22), the
//   extended date, and the resident's complaint or review window (federal six months, Québec CAI
//   30 days, Alberta 30 days) roll like the response date.
// - Québec: s.28.1 is a right to have dissemination ceased or a link de-indexed (law or court
//   order breached, or serious injury), not "consent withdrawal"; s.28.1 applies ss.30, 32, 34,
//   so the 30-day clock and deemed refusal are settled. Access cites s.27 para. 3 (portability)
//   from 22 September 2024.
// - BC: the review window after a deemed refusal is not the 30 business days that run from a
//   response: no date is shown, the text says what applies and that it is not settled.
// - Unsettled holiday lists (BC Family Day / 30 September, Alberta Easter Monday / 26 December)
//   give the latest defensible date beside every date.
// - No research labels in anything a resident reads.

import {
  CA_AB_HOLIDAYS,
  CA_AB_LATER_READING,
  CA_AB_LAW,
  CA_BC_HOLIDAYS,
  CA_BC_LATER_READING,
  CA_BC_LAW,
  CA_FED_LAW,
  CA_QC_LAW,
  REVIEWED_ON,
} from "./computation-law";
import { defineNonStatutoryRule, defineStatutoryRule, NO_PAUSE } from "./rules-common";
import type {
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
  "Effective date: a correction of how the law was always counted or worded, not a change in the law, so this version applies from the date the statute applied to every request received since then (findRule picks it); requests already filed keep the version stored on them (rule_id, rule_version).";

const correction = (version: number, en: string, fr: string) => ({
  version,
  reason: "correction" as const,
  changes: { en, "fr-CA": fr },
});

const LABELS_ONLY = {
  en: "Reviewed against the law: the dates are unchanged; texts no longer carry research labels.",
  fr: "Révisée au regard de la loi : les dates sont inchangées ; les textes ne portent plus d'étiquettes de recherche.",
};

const notStatutorySummary = (law: LocalizedText): LocalizedText => ({
  en: `${law.en} sets no response deadline for this request. The date shown is the portal's service target, not a legal deadline.`,
  "fr-CA": `${law["fr-CA"]} ne fixe aucun délai de réponse pour cette demande. La date indiquée est la cible de service du portail, pas un délai légal.`,
});

const CA_TIME_ZONE: RuleUncertainty = {
  id: "CA-time-zone",
  text: {
    en: "PIPEDA does not say whose time zone counts. We use Eastern time, where the Privacy Commissioner's office is; a request received late in the evening in another province may be counted from the next day.",
    "fr-CA":
      "La LPRPDE ne précise pas quel fuseau horaire compte. Nous utilisons l'heure de l'Est, celle du Commissariat ; une demande reçue tard le soir dans une autre province peut être comptée à partir du lendemain.",
  },
  sources: ["PIPEDA s. 8(3)"],
  inLatestDefensibleDate: false,
};

const CA_PROVINCIAL_DAYS: RuleUncertainty = {
  id: "CA-holidays",
  text: {
    en: "Federal law moves a deadline that falls on a Sunday or a federal holiday. It may also count days that a province's law makes non-juridical; we have not added those, which could only make a deadline later.",
    "fr-CA":
      "Le droit fédéral reporte une échéance qui tombe un dimanche ou un jour férié fédéral. Il peut aussi viser les jours non juridiques d'une province ; nous ne les avons pas ajoutés, ce qui ne pourrait que retarder une échéance.",
  },
  sources: ["Interpretation Act, R.S.C. 1985, c. I-21, s. 35(1)"],
  inLatestDefensibleDate: false,
};

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
    en: "A complaint about a refusal (including a deemed refusal when the time limit expires) must be filed with the OPC within six months after the refusal or the expiry of the time limit, or any longer period the Commissioner allows (PIPEDA s.11(3)). The date shown counts six months from the deadline; if that day is a Sunday or holiday, the next working day.",
    "fr-CA":
      "Une plainte visant un refus (y compris le refus présumé à l'expiration du délai) doit être déposée auprès du Commissariat dans les six mois suivant le refus ou l'expiration du délai, ou dans le délai supérieur que le commissaire autorise (LPRPDE, par. 11(3)). La date indiquée compte six mois à partir de l'échéance ; si ce jour est un dimanche ou un jour férié, le jour ouvrable suivant.",
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

function pipedaRule(type: "access" | "correction", right: string, summary: LocalizedText): DeadlineRule {
  return defineStatutoryRule("CA", type, {
    ...REVIEW,
    version: 2,
    effectiveFrom: "2001-01-01",
    replaces: correction(
      1,
      "The notice of an extension is due by the 30th day after the request, moved to the next working day when that day is a Sunday or a federal holiday (Interpretation Act s.26), like the response date; the six months to complain are moved the same way.",
      "L'avis de prolongation est dû au 30e jour suivant la demande, reporté au jour ouvrable suivant lorsque ce jour est un dimanche ou un jour férié fédéral (Loi d'interprétation, art. 26), comme la date de réponse ; les six mois pour porter plainte sont reportés de la même façon.",
    ),
    computation: CA_FED_LAW,
    citations: [
      "PIPEDA, S.C. 2000, c. 5, s. 8(3)",
      right,
      "PIPEDA s. 8(4)-(5)",
      "PIPEDA s. 11(3)",
      CA_FED_LAW.citation,
    ],
    summary,
    period: { kind: "calendar_days", length: 30 },
    counting: "exclude_receipt_day",
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
    uncertainties: [CA_PROVINCIAL_DAYS, CA_TIME_ZONE],
    notes: [
      "Counting: 'not later than thirty days after receipt' — receipt + 30 (Interpretation Act s.27).",
      "Interpretation Act s.26 (secondary source read): a time limit that expires or falls on a holiday runs to the next day that is not a holiday; s.35(1) holidays include Sunday and Easter Monday, not Saturday. Applied to the response, the extension notice ('no later than thirty days after the date of the request': a time limit like any other), the extended time limit and the s.11(3) six months.",
      "Extension: 'extend the time limit … for a maximum of thirty days' — the 60th day after receipt, rolled once (not the rolled 30th day plus 30). The open-ended s.8(4)(b) alternative-format extension is not modelled.",
      "UNSURE (CA-holidays), UNSURE (CA-time-zone): see uncertainties.",
      CORRECTION_NOTE,
    ],
  });
}

const PIPEDA_RULES: DeadlineRule[] = [
  pipedaRule("access", "PIPEDA Sch. 1, cl. 4.9", {
    en: "Respond to an access request with due diligence and no later than 30 days after receipt. One extension of up to 30 days is allowed with written notice within the first 30 days. No answer in time is a deemed refusal, which can be taken to the Privacy Commissioner within 6 months. A time limit ending on a Sunday or a federal holiday runs to the next working day.",
    "fr-CA":
      "Répondre à une demande d'accès avec diligence et au plus tard 30 jours après sa réception. Une prolongation d'au plus 30 jours est permise avec avis écrit dans les 30 premiers jours. L'absence de réponse dans le délai vaut refus, qui peut être porté devant le commissaire à la protection de la vie privée dans les 6 mois. Un délai qui expire un dimanche ou un jour férié fédéral court jusqu'au jour ouvrable suivant.",
  }),
  pipedaRule("correction", "PIPEDA Sch. 1, cl. 4.9.5", {
    en: "Respond to a correction request (Schedule 1, clause 4.9.5) with due diligence and no later than 30 days after receipt. One extension of up to 30 days with written notice within the first 30 days. No answer in time is a deemed refusal. A time limit ending on a Sunday or a federal holiday runs to the next working day.",
    "fr-CA":
      "Répondre à une demande de rectification (annexe 1, art. 4.9.5) avec diligence et au plus tard 30 jours après sa réception. Une prolongation d'au plus 30 jours avec avis écrit dans les 30 premiers jours. L'absence de réponse dans le délai vaut refus. Un délai qui expire un dimanche ou un jour férié fédéral court jusqu'au jour ouvrable suivant.",
  }),
  ...(["deletion", "opt_out", "limit"] as const).map((type) =>
    defineNonStatutoryRule("CA", type, {
      ...REVIEW,
      version: 2,
      effectiveFrom: "2001-01-01",
      replaces: correction(1, LABELS_ONLY.en, LABELS_ONLY.fr),
      computation: CA_FED_LAW,
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
      notes: ["PIPEDA has no statutory erasure right; consent withdrawal has no deadline.", CORRECTION_NOTE],
    }),
  ),
];

// ---------------------------------------------------------------------------------------------
// Québec: P-39.1

const CAI_NAME: LocalizedText = {
  en: "Commission d'accès à l'information du Québec (CAI)",
  "fr-CA": "Commission d'accès à l'information du Québec (CAI)",
};

const CAI: ComplaintRule = {
  regulator: CAI_NAME,
  url: "https://www.cai.gouv.qc.ca",
  window: { kind: "calendar_days", length: 30 },
  windowText: {
    en: "Apply to the CAI for the examination of a disagreement within 30 days of the refusal, or of the expiry of the 30-day time limit (deemed refusal) (P-39.1 s. 43). The date shown counts 30 days from the deadline; if that day is a Sunday or holiday, the next working day.",
    "fr-CA":
      "Présenter à la CAI une demande d'examen de mésentente dans les 30 jours du refus, ou de l'expiration du délai de 30 jours (refus présumé) (P-39.1, art. 43). La date indiquée compte 30 jours à partir de l'échéance ; si ce jour est un dimanche ou un jour férié, le jour ouvrable suivant.",
  },
  citation: "CQLR c P-39.1, ss. 42-43",
};

const CAI_NO_WINDOW: ComplaintRule = {
  regulator: CAI_NAME,
  url: "https://www.cai.gouv.qc.ca",
  window: null,
  windowText: {
    en: "You may bring a complaint to the CAI; the Act sets no deadline for this kind of request.",
    "fr-CA": "Vous pouvez porter plainte auprès de la CAI ; la loi ne fixe aucun délai pour ce type de demande.",
  },
  citation: "CQLR c P-39.1, s. 81",
};

const QC_CAI_WINDOW: RuleUncertainty = {
  id: "CA-QC-complaint-window",
  text: {
    en: "We show the 30th day after the deadline as the last day to apply to the Commission d'accès à l'information. We could not read the current official text of s. 43 during our review; apply within that time to be safe.",
    "fr-CA":
      "Nous indiquons le 30e jour suivant l'échéance comme dernier jour pour saisir la Commission d'accès à l'information. Nous n'avons pas pu lire le texte officiel actuel de l'article 43 lors de notre révision ; présentez votre demande dans ce délai par prudence.",
  },
  sources: ["CQLR c P-39.1, s. 43", "Loi d'interprétation, RLRQ c I-16, s. 52"],
  inLatestDefensibleDate: false,
};

const QC_NO_PAUSE = NO_PAUSE(
  "CQLR c P-39.1, s. 32",
  "P-39.1 runs the 30 days from receipt of the written request (identity is proven with it, s.30) and provides no pause.",
  "La Loi P-39.1 fait courir les 30 jours dès la réception de la demande écrite (l'identité est établie avec celle-ci, art. 30) et ne prévoit aucune suspension.",
);

const QC_30: LocalizedText = {
  en: "no later than 30 days after the request is received; silence after 30 days is a deemed refusal (s.32), which can be taken to the Commission d'accès à l'information within 30 days. No extension exists for private enterprises. A time limit ending on a Sunday or holiday runs to the next working day; a Saturday end stands.",
  "fr-CA":
    "au plus tard dans les 30 jours de la réception de la demande ; le silence après 30 jours vaut refus (art. 32), qui peut être soumis à la Commission d'accès à l'information dans les 30 jours. Aucune prolongation n'existe pour les entreprises privées. Un délai qui expire un dimanche ou un jour férié court jusqu'au jour ouvrable suivant ; un délai qui expire un samedi est maintenu.",
};

const QC_CHANGES = {
  en: "The 30 days to apply to the Commission d'accès à l'information now move like the response date when they end on a Sunday or holiday (I-16 s. 52); texts no longer carry research labels.",
  fr: "Les 30 jours pour saisir la Commission d'accès à l'information sont maintenant reportés, comme la date de réponse, lorsqu'ils expirent un dimanche ou un jour férié (I-16, art. 52) ; les textes ne portent plus d'étiquettes de recherche.",
};

function quebecRule(
  type: RequestType,
  version: number,
  effectiveFrom: string,
  replaces: DeadlineRule["replaces"],
  citations: string[],
  summary: LocalizedText,
  extraNotes: string[] = [],
): DeadlineRule {
  return defineStatutoryRule("CA-QC", type, {
    ...REVIEW,
    version,
    effectiveFrom,
    replaces,
    computation: CA_QC_LAW,
    citations: [...citations, "CQLR c P-39.1, s. 30", CA_QC_LAW.citation],
    summary,
    period: { kind: "calendar_days", length: 30 },
    counting: "exclude_receipt_day",
    acknowledgement: null,
    extension: null,
    pause: QC_NO_PAUSE,
    noReply: "deemed_refusal",
    complaint: CAI,
    uncertainties: [QC_CAI_WINDOW],
    notes: [
      "Counting: 'dans les 30 jours de la date de réception' — receipt + 30. I-16 s.52 (text read): a time limit expiring on a 'jour férié' runs to the next working day; s.61(23) makes Sundays and the listed days (incl. Easter Monday, 24 June, 2 July when 1 July is a Sunday) holidays, not Saturdays. Applied to the response date and the CAI window alike.",
      "No extension in P-39.1 (the 10-day extension is public-sector only, A-2.1 ss.47/98).",
      "UNSURE (CA-QC-complaint-window): s.43 30 days from refusal or expiry, not read in the official text.",
      ...extraNotes,
      CORRECTION_NOTE,
    ],
  });
}

const S28_1: LocalizedText = {
  en: "A request to stop disseminating your personal information, or to de-index or re-index a hyperlink to it, where the dissemination breaks the law or a court order, or seriously injures your reputation or privacy (s. 28.1). The enterprise must answer in writing with diligence and ",
  "fr-CA":
    "Une demande de cessation de la diffusion de vos renseignements personnels, ou de désindexation ou réindexation d'un hyperlien qui y donne accès, lorsque la diffusion contrevient à la loi ou à une ordonnance judiciaire, ou cause un préjudice grave à votre réputation ou à votre vie privée (art. 28.1). L'entreprise doit répondre par écrit avec diligence et ",
};

const S28_1_NOTE =
  "s.28.1 (text read, in force 22 Sept 2023): cessation of dissemination or de-indexation where dissemination contravenes the law or a court order, or causes serious injury to reputation or privacy; 'Les articles 30, 32 et 34 s'appliquent' — the s.32 30-day clock and deemed refusal apply (no longer unsure). It is not a consent-withdrawal right: P-39.1 sets no deadline for a consent withdrawal.";

const QUEBEC_RULES: DeadlineRule[] = [
  quebecRule("access", 2, "1994-01-01", correction(1, QC_CHANGES.en, QC_CHANGES.fr), ["CQLR c P-39.1, ss. 27, 32"], {
    en: "Respond in writing to an access request with diligence and " + QC_30.en,
    "fr-CA": "Répondre par écrit à une demande d'accès avec diligence et " + QC_30["fr-CA"],
  }),
  quebecRule(
    "access",
    3,
    "2024-09-22",
    {
      version: 2,
      reason: "change_in_law",
      changes: {
        en: "From 22 September 2024 the right of access includes receiving computerized personal information you provided in a structured, commonly used technological format (s. 27 para. 3).",
        "fr-CA":
          "Depuis le 22 septembre 2024, le droit d'accès comprend la communication, dans un format technologique structuré et couramment utilisé, des renseignements personnels informatisés que vous avez fournis (art. 27, al. 3).",
      },
    },
    ["CQLR c P-39.1, ss. 27, 32", "CQLR c P-39.1, s. 27 para. 3 (portability, in force 22 September 2024)"],
    {
      en:
        "Respond in writing to an access request (including, for computerized information you provided, a copy in a structured, commonly used technological format: s. 27 para. 3) with diligence and " +
        QC_30.en,
      "fr-CA":
        "Répondre par écrit à une demande d'accès (y compris, pour les renseignements informatisés que vous avez fournis, une copie dans un format technologique structuré et couramment utilisé : art. 27, al. 3) avec diligence et " +
        QC_30["fr-CA"],
    },
    ["s.27 para. 3 (portability) in force 22 Sept 2024 (secondary source read)."],
  ),
  quebecRule(
    "correction",
    2,
    "1994-01-01",
    correction(1, QC_CHANGES.en, QC_CHANGES.fr),
    ["CQLR c P-39.1, ss. 28, 32"],
    {
      en: "Respond in writing to a rectification request with diligence and " + QC_30.en,
      "fr-CA": "Répondre par écrit à une demande de rectification avec diligence et " + QC_30["fr-CA"],
    },
  ),
  quebecRule("deletion", 3, "1994-01-01", correction(1, QC_CHANGES.en, QC_CHANGES.fr), ["CQLR c P-39.1, ss. 28, 32"], {
    en: "Respond in writing to a request to delete obsolete or unauthorised information with diligence and " + QC_30.en,
    "fr-CA":
      "Répondre par écrit à une demande de suppression de renseignements périmés ou non autorisés avec diligence et " +
      QC_30["fr-CA"],
  }),
  quebecRule(
    "deletion",
    4,
    "2023-09-22",
    correction(
      2,
      "Section 28.1 is described as what it is — a right to have dissemination ceased or a link de-indexed where the law or a court order is breached or serious injury results — and its 30-day clock is settled (s. 28.1 applies ss. 30, 32 and 34). The 30 days to apply to the CAI now move like the response date.",
      "L'article 28.1 est décrit pour ce qu'il est — un droit de faire cesser la diffusion ou désindexer un lien lorsque la loi ou une ordonnance judiciaire est enfreinte ou qu'un préjudice grave en résulte — et son délai de 30 jours est acquis (l'art. 28.1 rend applicables les art. 30, 32 et 34). Les 30 jours pour saisir la CAI sont maintenant reportés comme la date de réponse.",
    ),
    ["CQLR c P-39.1, ss. 28, 28.1, 32"],
    {
      en:
        "Respond in writing to a request to delete obsolete or unauthorised information (s. 28), or to cease dissemination or de-index where the law or a court order is breached or serious injury results (s. 28.1), with diligence and " +
        QC_30.en,
      "fr-CA":
        "Répondre par écrit à une demande de suppression de renseignements périmés ou non autorisés (art. 28), ou de cessation de diffusion ou de désindexation lorsque la loi ou une ordonnance judiciaire est enfreinte ou qu'un préjudice grave en résulte (art. 28.1), avec diligence et " +
        QC_30["fr-CA"],
    },
    [S28_1_NOTE],
  ),
  defineNonStatutoryRule("CA-QC", "opt_out", {
    ...REVIEW,
    version: 3,
    effectiveFrom: "1994-01-01",
    replaces: correction(1, LABELS_ONLY.en, LABELS_ONLY.fr),
    computation: CA_QC_LAW,
    citations: ["CQLR c P-39.1, s. 14 (consent, before Law 25)"],
    summary: notStatutorySummary({ en: "P-39.1 (before Law 25)", "fr-CA": "La Loi P-39.1 (avant la Loi 25)" }),
    requirements: {
      en: "Before Law 25 (22 September 2023) P-39.1 had no right to have dissemination ceased and set no deadline for a withdrawal of consent.",
      "fr-CA":
        "Avant la Loi 25 (22 septembre 2023), la Loi P-39.1 ne prévoyait aucun droit de faire cesser une diffusion ni de délai pour un retrait du consentement.",
    },
    complaint: CAI_NO_WINDOW,
    notes: ["Version 3 corrects version 1 (requests received before s.28.1 came into force).", CORRECTION_NOTE],
  }),
  quebecRule(
    "opt_out",
    4,
    "2023-09-22",
    correction(
      2,
      "A request to stop a company's use of your face is handled under s. 28.1 as what that section gives — cessation of dissemination or de-indexation where the law or a court order is breached or serious injury results — not as a 'consent withdrawal'; its 30-day clock is settled. The 30 days to apply to the CAI now move like the response date.",
      "Une demande visant à faire cesser l'utilisation de votre visage relève de l'art. 28.1 pour ce que cet article accorde — la cessation de la diffusion ou la désindexation lorsque la loi ou une ordonnance judiciaire est enfreinte ou qu'un préjudice grave en résulte — et non d'un « retrait du consentement » ; son délai de 30 jours est acquis. Les 30 jours pour saisir la CAI sont maintenant reportés comme la date de réponse.",
    ),
    ["CQLR c P-39.1, ss. 28.1, 32"],
    {
      en:
        S28_1.en + QC_30.en + " Withdrawing your consent to other uses of your information has no deadline in the Act.",
      "fr-CA":
        S28_1["fr-CA"] +
        QC_30["fr-CA"] +
        " Le retrait de votre consentement à d'autres utilisations de vos renseignements n'est assorti d'aucun délai dans la loi.",
    },
    [S28_1_NOTE],
  ),
  defineNonStatutoryRule("CA-QC", "limit", {
    ...REVIEW,
    version: 2,
    effectiveFrom: "1994-01-01",
    replaces: correction(1, LABELS_ONLY.en, LABELS_ONLY.fr),
    computation: CA_QC_LAW,
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
    complaint: CAI_NO_WINDOW,
    notes: [CORRECTION_NOTE],
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
  window: null,
  windowText: {
    en: "If the organization refuses, you can ask the OIPC for a review within 30 business days of being told of its decision (PIPA s. 47). If it does not answer in time, that counts as a refusal and you can ask for a review; the 30 days that run from a decision do not apply in the same way, and no fixed limit is settled (see below). Ask promptly.",
    "fr-CA":
      "Si l'organisation refuse, vous pouvez demander une révision à l'OIPC dans les 30 jours ouvrables suivant l'avis de sa décision (PIPA, art. 47). Si elle ne répond pas à temps, cela vaut refus et vous pouvez demander une révision ; les 30 jours qui courent à partir d'une décision ne s'appliquent pas de la même façon, et aucun délai fixe n'est établi (voir ci-dessous). Agissez rapidement.",
  },
  citation: "SBC 2003, c. 63, ss. 46-47",
};

const BC_REVIEW_AFTER_SILENCE: RuleUncertainty = {
  id: "CA-BC-review-after-no-response",
  text: {
    en: "When an organization does not answer in time, BC's public-sector access law says the 30-day limit for asking for a review does not apply; the private-sector Act probably works the same way, but we could not confirm it. If it does, there is no fixed limit; if it does not, the 30 business days would count from the missed deadline. To be safe, ask for a review within 30 business days of the deadline.",
    "fr-CA":
      "Lorsqu'une organisation ne répond pas à temps, la loi d'accès du secteur public de la C.-B. prévoit que le délai de 30 jours pour demander une révision ne s'applique pas ; la loi du secteur privé fonctionne probablement de la même façon, mais nous n'avons pas pu le confirmer. Si c'est le cas, aucun délai fixe ne s'applique ; sinon, les 30 jours ouvrables courraient à partir de l'échéance manquée. Par prudence, demandez une révision dans les 30 jours ouvrables suivant l'échéance.",
  },
  sources: [
    "SBC 2003, c. 63, s. 47",
    "Freedom of Information and Protection of Privacy Act, RSBC 1996, c. 165, s. 53(3)",
    "OIPC BC, 'How do I request a review'",
  ],
  inLatestDefensibleDate: false,
};

function bcRule(type: "access" | "correction", right: string, summary: LocalizedText): DeadlineRule {
  return defineStatutoryRule("CA-BC", type, {
    ...REVIEW,
    version: 2,
    effectiveFrom: "2004-01-01",
    replaces: correction(
      1,
      "The review window after a deemed refusal is no longer shown as 30 business days from the deadline: those 30 days run from a decision, and what applies to silence is not settled (explained in words). The later date, if Family Day and 30 September are holidays, is shown beside every date.",
      "La fenêtre de révision après un refus présumé n'est plus présentée comme 30 jours ouvrables après l'échéance : ces 30 jours courent à partir d'une décision, et ce qui s'applique au silence n'est pas établi (expliqué en mots). La date plus tardive, si le jour de la Famille et le 30 septembre sont fériés, est indiquée à côté de chaque date.",
    ),
    computation: CA_BC_LAW,
    citations: [
      "SBC 2003, c. 63, s. 29",
      right,
      "SBC 2003, c. 63, s. 1 ('day')",
      "SBC 2003, c. 63, s. 31",
      CA_BC_LAW.citation,
    ],
    summary,
    period: { kind: "business_days", length: 30 },
    counting: "exclude_receipt_day",
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
      citation: "SBC 2003, c. 63, s. 31",
    },
    pause: NO_PAUSE(
      "SBC 2003, c. 63, s. 29",
      "BC PIPA provides no pause for identity or clarification.",
      "La PIPA de la C.-B. ne prévoit aucune suspension pour l'identité ou une précision.",
    ),
    noReply: "deemed_refusal",
    complaint: OIPC_BC_REVIEW,
    alternativeReading: CA_BC_LATER_READING,
    uncertainties: [CA_BC_HOLIDAYS, BC_REVIEW_AFTER_SILENCE],
    notes: [
      "PIPA s.1: 'day does not include a holiday or a Saturday' (Sunday is a holiday): 30 business days from the day after receipt; extension +30 business days (60 in all, one count), notice by the 30th.",
      "UNSURE (CA-BC-holidays): s.29 list as verified in 2012; Family Day and NDTR in the later reading (every_date).",
      "UNSURE (CA-BC-review-after-no-response): FIPPA s.53(3) (text read) excludes failures to respond from the 30-day review window; PIPA probably mirrors it. No complaint date is computed; the text and the uncertainty say what to do.",
      "Longer Commissioner-approved extensions (s.31) are not modelled.",
      CORRECTION_NOTE,
    ],
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
    en: "Ask the OIPC for a review within 30 days of the decision or, with no response, of the expiry of the time limit (PIPA s. 47). The date shown counts 30 days from the deadline; if that day is a Sunday or holiday, the next working day.",
    "fr-CA":
      "Demander une révision à l'OIPC dans les 30 jours de la décision ou, à défaut de réponse, de l'expiration du délai (PIPA, art. 47). La date indiquée compte 30 jours à partir de l'échéance ; si ce jour est un dimanche ou un jour férié, le jour ouvrable suivant.",
  },
  citation: "SA 2003, c. P-6.5, s. 47",
};

function abRule(type: "access" | "correction", right: string, summary: LocalizedText): DeadlineRule {
  return defineStatutoryRule("CA-AB", type, {
    ...REVIEW,
    version: 2,
    effectiveFrom: "2004-01-01",
    replaces: correction(
      1,
      "The notice of an extension, the extended date and the 30 days to ask for a review now move like the response date when they end on a Sunday or holiday (Interpretation Act s. 22). The later date, if Easter Monday and 26 December are holidays, is shown beside every date.",
      "L'avis de prolongation, la date prolongée et les 30 jours pour demander une révision sont maintenant reportés, comme la date de réponse, lorsqu'ils expirent un dimanche ou un jour férié (Interpretation Act, art. 22). La date plus tardive, si le lundi de Pâques et le 26 décembre sont fériés, est indiquée à côté de chaque date.",
    ),
    computation: CA_AB_LAW,
    citations: ["SA 2003, c. P-6.5, s. 28", right, "SA 2003, c. P-6.5, s. 31", CA_AB_LAW.citation],
    summary,
    period: { kind: "calendar_days", length: 45 },
    counting: "exclude_receipt_day",
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
      citation: "SA 2003, c. P-6.5, s. 31",
    },
    pause: NO_PAUSE(
      "SA 2003, c. P-6.5, s. 28",
      "Alberta PIPA provides no pause for identity or clarification.",
      "La PIPA de l'Alberta ne prévoit aucune suspension pour l'identité ou une précision.",
    ),
    noReply: "deemed_refusal",
    complaint: OIPC_AB_REVIEW,
    alternativeReading: CA_AB_LATER_READING,
    uncertainties: [CA_AB_HOLIDAYS],
    notes: [
      "Counting: '45 days from the day that the organization receives the applicant's written request' — receipt + 45.",
      "Interpretation Act s.22 (secondary source read): a time limit expiring on a holiday runs to the next day that is not a holiday (Sunday is one, Saturday is not). Applied to the response, the extension notice, the extended date (75th day after receipt, rolled once) and the s.47 review window.",
      "UNSURE (CA-AB-holidays): date-holidays CA/AB public days (incl. Family Day); Easter Monday and 26 December only in the later reading (every_date).",
      "The Service Alberta guide says the clock stops while a fee estimate is outstanding; fee estimates are not modelled.",
      CORRECTION_NOTE,
    ],
  });
}

function provincialNotStatutory(
  j: JurisdictionCode,
  law: ComputationLaw,
  type: RequestType,
  name: LocalizedText,
  citations: string[],
  requirements: LocalizedText,
  complaint: ComplaintRule,
): DeadlineRule {
  return defineNonStatutoryRule(j, type, {
    ...REVIEW,
    version: 2,
    effectiveFrom: "2004-01-01",
    replaces: correction(1, LABELS_ONLY.en, LABELS_ONLY.fr),
    computation: law,
    citations,
    summary: notStatutorySummary(name),
    requirements,
    complaint,
    notes: [
      "PIPA gives access (and correction) rights with deadlines; no deadline applies to consent withdrawal or deletion requests.",
      CORRECTION_NOTE,
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
      CA_BC_LAW,
      type,
      { en: "BC PIPA", "fr-CA": "La PIPA de la Colombie-Britannique" },
      ["SBC 2003, c. 63, s. 9 (withdrawal of consent)", "SBC 2003, c. 63, s. 35 (retention)"],
      {
        en: "An individual may withdraw consent on reasonable notice (s.9); personal information must be destroyed or anonymised once no longer needed (s.35). In December 2021 the BC Commissioner ordered Clearview AI to stop collecting, and to delete, BC residents' images and biometric data.",
        "fr-CA":
          "Une personne peut retirer son consentement moyennant un préavis raisonnable (art. 9) ; les renseignements doivent être détruits ou anonymisés lorsqu'ils ne sont plus nécessaires (art. 35). En décembre 2021, le commissaire de la C.-B. a ordonné à Clearview AI de cesser de recueillir, et de supprimer, les images et données biométriques des résidents de la province.",
      },
      {
        regulator: OIPC_BC_NAME,
        url: "https://www.oipc.bc.ca",
        window: null,
        windowText: {
          en: "You may complain to the OIPC (PIPA s.46); no statutory deadline was found for such complaints.",
          "fr-CA":
            "Vous pouvez porter plainte auprès de l'OIPC (PIPA, art. 46) ; aucun délai légal n'a été trouvé pour ces plaintes.",
        },
        citation: "SBC 2003, c. 63, s. 46",
      },
    ),
  ),
  abRule("access", "SA 2003, c. P-6.5, s. 24", {
    en: "Respond to an access request no later than 45 days from the day the written request is received. Up to 30 more days with notice (or longer with the Commissioner's permission). No response is treated as a refusal that can be reviewed by the OIPC. A time limit ending on a Sunday or holiday runs to the next working day; a Saturday end stands.",
    "fr-CA":
      "Répondre à une demande d'accès au plus tard 45 jours après le jour de réception de la demande écrite. Jusqu'à 30 jours de plus avec avis (ou davantage avec la permission du commissaire). L'absence de réponse est assimilée à un refus pouvant faire l'objet d'une révision par l'OIPC. Un délai qui expire un dimanche ou un jour férié court jusqu'au jour ouvrable suivant ; un délai qui expire un samedi est maintenu.",
  }),
  abRule("correction", "SA 2003, c. P-6.5, s. 25", {
    en: "Respond to a correction request no later than 45 days from receipt. Up to 30 more days with notice. No response is treated as a refusal that can be reviewed by the OIPC. A time limit ending on a Sunday or holiday runs to the next working day; a Saturday end stands.",
    "fr-CA":
      "Répondre à une demande de rectification au plus tard 45 jours après la réception. Jusqu'à 30 jours de plus avec avis. L'absence de réponse est assimilée à un refus pouvant faire l'objet d'une révision par l'OIPC. Un délai qui expire un dimanche ou un jour férié court jusqu'au jour ouvrable suivant ; un délai qui expire un samedi est maintenu.",
  }),
  ...(["deletion", "opt_out", "limit"] as const).map((type) =>
    provincialNotStatutory(
      "CA-AB",
      CA_AB_LAW,
      type,
      { en: "Alberta PIPA", "fr-CA": "La PIPA de l'Alberta" },
      ["SA 2003, c. P-6.5, s. 9 (withdrawal of consent)", "SA 2003, c. P-6.5, s. 35 (retention)"],
      {
        en: "An individual may withdraw consent on reasonable notice (s.9); information must be destroyed or anonymised within a reasonable period once no longer reasonably required (s.35). In December 2021 the Alberta Commissioner ordered Clearview AI to stop collecting, and to delete, Albertans' images and biometric data.",
        "fr-CA":
          "Une personne peut retirer son consentement moyennant un préavis raisonnable (art. 9) ; les renseignements doivent être détruits ou anonymisés dans un délai raisonnable lorsqu'ils ne sont plus raisonnablement nécessaires (art. 35). En décembre 2021, le commissaire de l'Alberta a ordonné à Clearview AI de cesser de recueillir, et de supprimer, les images et données biométriques des Albertains.",
      },
      {
        regulator: OIPC_AB_NAME,
        url: "https://oipc.ab.ca",
        window: null,
        windowText: {
          en: "You may complain to the OIPC (PIPA s.36); no statutory deadline was found for such complaints.",
          "fr-CA":
            "Vous pouvez porter plainte auprès de l'OIPC (PIPA, art. 36) ; aucun délai légal n'a été trouvé pour ces plaintes.",
        },
        citation: "SA 2003, c. P-6.5, s. 36",
      },
    ),
  ),
];

export const CA_RULES_2026: readonly DeadlineRule[] = [...PIPEDA_RULES, ...QUEBEC_RULES, ...PROVINCIAL_RULES];
