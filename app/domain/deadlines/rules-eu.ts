// GDPR (27 EU member states) and UK GDPR rules.
// Facts and citations: /work/shared/reference/jurisdictions.md §1, §2 (EU, GB), §4 (worked examples).

import { euRegulatorOf } from "./jurisdictions";
import { defineStatutoryRule } from "./rules-common";
import type { DeadlineRule, EuMemberState, LocalizedText, RequestType } from "./types";
import { EU_MEMBER_STATES } from "./types";

const ARTICLE: Record<RequestType, { art: string; en: string; fr: string }> = {
  access: { art: "Art. 15", en: "access request (Art. 15)", fr: "demande d'accès (art. 15)" },
  deletion: { art: "Art. 17", en: "erasure request (Art. 17)", fr: "demande d'effacement (art. 17)" },
  correction: { art: "Art. 16", en: "rectification request (Art. 16)", fr: "demande de rectification (art. 16)" },
  opt_out: {
    art: "Art. 21; Art. 7(3)",
    en: "objection (Art. 21) or consent withdrawal (Art. 7(3))",
    fr: "opposition (art. 21) ou retrait du consentement (art. 7(3))",
  },
  limit: {
    art: "Art. 18",
    en: "restriction-of-processing request (Art. 18)",
    fr: "demande de limitation du traitement (art. 18)",
  },
};

const MONTH_NOTES = [
  "One month under Reg. 1182/71 Art.3 and EDPB Guidelines 01/2022 §160 (Ex. 32: 5 Mar → 5 Apr; Ex. 33: 31 Aug → 30 Sep): the corresponding date of the month after the receipt day, or the last day of that month when there is no such date. Time of day is irrelevant.",
  "Roll-forward (Reg. 1182/71 Art.3(4); EDPB §161): a Saturday, Sunday or public-holiday end moves to the next working day.",
  "Extension (Art.12(3)): by two further months where necessary (complexity, number of requests) = the corresponding date three months after receipt, then rolled; the data subject must be informed, with reasons, within one month of receipt.",
  "UNSURE (GDPR-notice-by): the extension notice deadline is taken as the unrolled one-month date (earliest reading of 'within one month'), plus any paused days.",
];

function gdprSummary(type: RequestType, uk: boolean): LocalizedText {
  const a = ARTICLE[type];
  const law = uk ? { en: "UK GDPR", fr: "RGPD du Royaume-Uni" } : { en: "GDPR", fr: "RGPD" };
  return {
    en: `${law.en}: act on an ${a.en} without undue delay and at the latest within one month of receipt (the same date next month, or the month's last day). A weekend or public-holiday end moves to the next working day. Extendable by two further months for complex or numerous requests if the person is told, with reasons, within the first month.${uk ? " The clock stops while the controller waits for identity or clarification information (DUAA 2025)." : ""}`,
    "fr-CA": `${law.fr} : donner suite à une ${a.fr} dans les meilleurs délais et au plus tard dans un délai d'un mois à compter de la réception (même quantième le mois suivant, ou dernier jour du mois). Une échéance un samedi, un dimanche ou un jour férié est reportée au jour ouvrable suivant. Prolongeable de deux mois pour des demandes complexes ou nombreuses si la personne en est informée, motifs à l'appui, dans le premier mois.${uk ? " Le délai est suspendu pendant l'attente d'informations d'identité ou de précisions (DUAA 2025)." : ""}`,
  };
}

function euRule(code: EuMemberState, type: RequestType): DeadlineRule {
  const a = ARTICLE[type];
  const regulator = euRegulatorOf(code);
  return defineStatutoryRule(code, type, {
    version: 1,
    effectiveFrom: "2018-05-25",
    citations: [
      `GDPR Art. 12(3); ${a.art}`,
      "Reg. (EEC, Euratom) No 1182/71, Art. 2(1), Art. 3",
      "EDPB Guidelines 01/2022 §§157-161, Examples 32-33",
      "GDPR Art. 12(4)",
      "GDPR Art. 77",
    ],
    summary: gdprSummary(type, false),
    period: { kind: "months", length: 1 },
    counting: "receipt_day_is_day_one",
    rollForward: "weekends_and_holidays",
    acknowledgement: null,
    extension: {
      additional: { kind: "months", length: 2 },
      noticeBy: "within_original_period",
      conditions: {
        en: "Where necessary, taking into account the complexity and number of the requests; the data subject must be informed of the extension, with the reasons for the delay, within one month of receipt.",
        "fr-CA":
          "Si nécessaire, compte tenu de la complexité et du nombre de demandes ; la personne concernée doit être informée de la prolongation et des motifs du report dans un délai d'un mois à compter de la réception.",
      },
      maxTimes: 1,
      citation: "GDPR Art. 12(3)",
    },
    pause: {
      allowed: true,
      reasons: ["identity"],
      citation: "EDPB Guidelines 01/2022 §159",
      explanation: {
        en: "Where the controller, without undue delay, asks for information because of doubts about the requester's identity, the time limit may be suspended until that information arrives (EDPB §159). Requests for clarification of scope do not suspend it.",
        "fr-CA":
          "Lorsque le responsable demande sans retard injustifié des informations en raison d'un doute sur l'identité du demandeur, le délai peut être suspendu jusqu'à leur réception (CEPD, § 159). Une demande de précision sur la portée ne le suspend pas.",
      },
    },
    noReply: null,
    complaint: {
      regulator: regulator.name,
      url: regulator.url,
      window: null,
      windowText: {
        en: "You can complain to the supervisory authority at any time (GDPR Art. 77); the GDPR sets no time limit, although national procedural law may. If the controller does not act, it must tell you within one month why, and that you may complain (Art. 12(4)).",
        "fr-CA":
          "Vous pouvez porter plainte auprès de l'autorité de contrôle en tout temps (RGPD, art. 77) ; le RGPD ne fixe aucun délai, mais le droit procédural national peut en fixer un. Si le responsable ne donne pas suite, il doit vous en indiquer les motifs dans un délai d'un mois et vous informer de votre droit de porter plainte (art. 12(4)).",
      },
      citation: "GDPR Art. 77, Art. 12(4)",
    },
    notes: [
      ...MONTH_NOTES,
      "UNSURE (EU-holidays): only nationwide public holidays of the member state (date-holidays `public`) are used; regional holidays (e.g. German Länder, Spanish comunidades) are not — fewer holidays = earlier date. Holidays are those of the member state where the act is done (Reg. 1182/71 Art.2(1)).",
      "UNSURE (EU-pause): EDPB §159 allows a suspension only for identity doubts ('there may be a suspension'); pauses for clarification are ignored. A paused period counts the days from the request for information to its receipt, excluding the day of receipt (earliest).",
      "Time zone: the member state's capital zone (PT mainland; ES peninsular). Regulator names/URLs are MEMORY.",
    ],
  });
}

function gbRule(type: RequestType): DeadlineRule {
  const a = ARTICLE[type];
  return defineStatutoryRule("GB", type, {
    version: 1,
    effectiveFrom: "2018-05-25",
    citations: [
      `UK GDPR Art. 12(3); ${a.art}`,
      "UK GDPR Art. 12A (Data (Use and Access) Act 2025; wording UNSURE)",
      "Data Protection Act 2018, s. 54(2)-(3C) (model text)",
      "ICO guidance: Right of access — time limits (day of receipt is day one)",
      "Reg. (EEC, Euratom) No 1182/71 Art. 3 / CJEU C-171/03 Maatschap Toeters",
    ],
    summary: gdprSummary(type, true),
    period: { kind: "months", length: 1 },
    counting: "receipt_day_is_day_one",
    rollForward: "weekends_and_holidays",
    acknowledgement: null,
    extension: {
      additional: { kind: "months", length: 2 },
      noticeBy: "within_original_period",
      conditions: {
        en: "Where necessary because of the complexity or number of the requests; the individual must be told within one month of receipt, with the reasons. The ICO counts the extended limit as three months from the original start date.",
        "fr-CA":
          "Si nécessaire en raison de la complexité ou du nombre de demandes ; la personne doit en être informée dans un délai d'un mois à compter de la réception, motifs à l'appui. L'ICO calcule le délai prolongé comme trois mois à partir de la date de départ initiale.",
      },
      maxTimes: 1,
      citation: "UK GDPR Art. 12(3); DPA 2018 s. 54(3A)-(3B) (model)",
    },
    pause: {
      allowed: true,
      reasons: ["identity", "clarification"],
      citation: "UK GDPR Art. 12A (DUAA 2025); DPA 2018 s. 54(3C) (model)",
      explanation: {
        en: "The period from the controller's request for identity or clarification information until that information is received does not count (stop the clock: DUAA 2025, modelled on DPA 2018 s.54(3C); ICO guidance).",
        "fr-CA":
          "La période entre la demande d'information (identité ou précision) du responsable et la réception de cette information n'est pas comptée (suspension du délai : DUAA 2025, sur le modèle de la DPA 2018, par. 54(3C) ; lignes directrices de l'ICO).",
      },
    },
    noReply: null,
    complaint: {
      regulator: {
        en: "Information Commissioner's Office (ICO)",
        "fr-CA": "Information Commissioner's Office (ICO, commissaire à l'information du Royaume-Uni)",
      },
      url: "https://ico.org.uk/make-a-complaint/",
      window: { kind: "months", length: 3 },
      windowText: {
        en: "The ICO generally expects a complaint within three months of your last meaningful contact with the organisation (ICO practice, not statute; MEMORY/UNSURE). The date shown counts three months from the response deadline.",
        "fr-CA":
          "L'ICO s'attend généralement à recevoir une plainte dans les trois mois du dernier contact significatif avec l'organisation (pratique de l'ICO, non prévue par la loi ; MÉMOIRE/INCERTAIN). La date indiquée compte trois mois à partir de l'échéance de réponse.",
      },
      citation: "ICO complaint guidance (MEMORY/UNSURE)",
    },
    notes: [
      "ICO (since 15 Aug 2019): the day of receipt is day one; due on the corresponding calendar date in the next month, or the last day of that month if there is none (3 Sep → 3 Oct; 31 Jan → 28/29 Feb; 2 Sep 2019 → 2 Oct 2019, not 3 Oct). A weekend or bank-holiday end moves to the next working day.",
      "Extension: the ICO counts it as three months from the original start date, i.e. the corresponding date three months after receipt, then rolled.",
      "UNSURE (GB-holidays): England & Wales bank holidays (date-holidays GB/ENG) are used for every UK request; Scotland and Northern Ireland have different bank holidays.",
      "UNSURE (GB-pause-count): DUAA Art.12A wording unverified. DPA s.54(3C) excludes 'the period beginning with the day on which the controller makes the request and ending with the day on which the controller receives the information' (inclusive count). The engine adds (resume date − pause date) days, i.e. one day fewer than the inclusive reading (earliest); pauses starting after the running deadline are ignored.",
      "UNSURE (GDPR-notice-by): the extension notice deadline is the unrolled one-month date plus paused days (earliest reading of s.54(3B)(a) 'before the end of the period of one month').",
      "UNSURE (GB-complaint-window): the ICO three-month window is MEMORY; it is counted from the response deadline.",
    ],
  });
}

const TYPES: readonly RequestType[] = ["access", "deletion", "correction", "opt_out", "limit"];

export const GB_RULES: readonly DeadlineRule[] = TYPES.map(gbRule);
export const EU_RULES: readonly DeadlineRule[] = EU_MEMBER_STATES.flatMap((code) =>
  TYPES.map((type) => euRule(code, type)),
);
