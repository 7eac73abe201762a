// GDPR (27 member states) and UK GDPR rule versions written after the legal review of 4 December
// 2026 (reference jurisdictions.md §7).
//
// - EU (version 2, from 25 May 2018, a correction): the notice of an extension is a time limit
//   like any other — Reg. 1182/71 Art. 3(4) moves a Saturday, Sunday or public-holiday end to the
//   next working day (version 1 kept the unrolled date). Withdrawal of consent (Art. 7(3)) is not
//   an Art. 15-22 request and gets no month: the opt-out rule is an Art. 21 objection and says so.
// - UK (version 2, from 25 May 2018, a correction): the same notice roll and Art. 7(3) wording;
//   pauses as in version 1 (the law before the Data (Use and Access) Act).
// - UK (version 3, from 5 February 2026, a change in the law: DUAA 2025 s.76, SI 2026/82): UK
//   GDPR Art. 12A / DPA 2018 s.54 — one month beginning with the relevant time, the latest of
//   receipt and identity confirmation (a restart, not a pause); clarification stops the clock for
//   access requests only, the days from asking through answering counted inclusively.

import { euRegulatorOf } from "./jurisdictions";
import { euLaw, GB_ALL_NATIONS_CALENDAR, GB_DUAA_LAW, GB_HOLIDAYS, GB_LAW, REVIEWED_ON } from "./computation-law";
import { defineStatutoryRule } from "./rules-common";
import type {
  AlternativeReading,
  ComplaintRule,
  DeadlineRule,
  EuMemberState,
  LocalizedText,
  PauseRule,
  RequestType,
  RuleUncertainty,
} from "./types";
import { EU_MEMBER_STATES } from "./types";

const REVIEW = { lastReviewed: REVIEWED_ON };

const CORRECTION_NOTE =
  "Effective date: a correction of how the law was always counted, not a change in the law, so this version applies from 25 May 2018 to every request received since then (findRule picks it); requests already filed keep the version stored on them (rule_id, rule_version).";

const ARTICLE: Record<RequestType, { art: string; en: string; fr: string }> = {
  access: { art: "Art. 15", en: "access request (Art. 15)", fr: "demande d'accès (art. 15)" },
  deletion: { art: "Art. 17", en: "erasure request (Art. 17)", fr: "demande d'effacement (art. 17)" },
  correction: { art: "Art. 16", en: "rectification request (Art. 16)", fr: "demande de rectification (art. 16)" },
  opt_out: { art: "Art. 21", en: "objection (Art. 21)", fr: "opposition (art. 21)" },
  limit: {
    art: "Art. 18",
    en: "restriction-of-processing request (Art. 18)",
    fr: "demande de limitation du traitement (art. 18)",
  },
};

const CONSENT_WITHDRAWAL: LocalizedText = {
  en: " If the processing relies on your consent, withdrawing it (Art. 7(3)) is not a request that gets a month: the processing must stop once you withdraw, and the date shown applies only to the answer to an objection.",
  "fr-CA":
    " Si le traitement repose sur votre consentement, son retrait (art. 7, par. 3) n'est pas une demande assortie d'un délai d'un mois : le traitement doit cesser dès le retrait, et la date indiquée ne vaut que pour la réponse à une opposition.",
};

const CONSENT_NOTE =
  "Art. 7(3) withdrawal of consent is not a request under Arts 15-22: Art. 12(3)'s month does not apply; processing based on consent must stop on withdrawal (EDPB Guidelines 05/2020 on consent). opt_out is therefore the Art. 21 objection (one month under Art. 12(3)); the summary tells the resident that a consent withdrawal takes effect at once.";

function summary(type: RequestType, law: { en: string; fr: string }, extra: LocalizedText | null): LocalizedText {
  const a = ARTICLE[type];
  const withdrawal = type === "opt_out" ? CONSENT_WITHDRAWAL : { en: "", "fr-CA": "" };
  return {
    en: `${law.en}: act on an ${a.en} without undue delay and at the latest within one month of receipt (the same date next month, or the month's last day). Extendable by two further months for complex or numerous requests if the person is told, with reasons, within the first month. A last day (for the answer or for the notice of an extension) that falls on a Saturday, Sunday or public holiday moves to the next working day.${extra ? " " + extra.en : ""}${withdrawal.en}`,
    "fr-CA": `${law.fr} : donner suite à une ${a.fr} dans les meilleurs délais et au plus tard dans un délai d'un mois à compter de la réception (même quantième le mois suivant, ou dernier jour du mois). Prolongeable de deux mois pour des demandes complexes ou nombreuses si la personne en est informée, motifs à l'appui, dans le premier mois. Un dernier jour (pour la réponse ou pour l'avis de prolongation) qui tombe un samedi, un dimanche ou un jour férié est reporté au jour ouvrable suivant.${extra ? " " + extra["fr-CA"] : ""}${withdrawal["fr-CA"]}`,
  };
}

// ---------------------------------------------------------------------------------------------
// EU member states

const EU_HOLIDAYS: RuleUncertainty = {
  id: "EU-holidays",
  text: {
    en: "Only public holidays kept across the whole country are counted. A regional holiday (for example in a German Land or a Spanish region) can move a deadline to the next working day where the company acts in that region.",
    "fr-CA":
      "Seuls les jours fériés de tout le pays sont comptés. Un jour férié régional (par exemple dans un Land allemand ou une communauté espagnole) peut reporter une échéance au jour ouvrable suivant si l'entreprise agit dans cette région.",
  },
  sources: ["Reg. (EEC, Euratom) No 1182/71, Art. 2(1)"],
  inLatestDefensibleDate: false,
};

const EU_PAUSE: RuleUncertainty = {
  id: "EU-pause",
  text: {
    en: "The time may stop while the company waits for information it asked for, without delay, because it has reasonable doubts about who you are; a question about what you are asking for does not stop it. The GDPR itself does not say so; this follows the European Data Protection Board's guidelines.",
    "fr-CA":
      "Le délai peut être suspendu pendant que l'entreprise attend une information qu'elle a demandée sans tarder parce qu'elle a des doutes raisonnables sur votre identité ; une question sur l'objet de votre demande ne le suspend pas. Le RGPD ne le dit pas lui-même ; cela découle des lignes directrices du Comité européen de la protection des données.",
  },
  sources: ["EDPB Guidelines 01/2022 §159", "GDPR Art. 12(6)"],
  inLatestDefensibleDate: false,
};

const EXTENSION_CONDITIONS: LocalizedText = {
  en: "Where necessary, taking into account the complexity and number of the requests; the data subject must be informed of the extension, with the reasons for the delay, within one month of receipt. The extended period is three months from receipt.",
  "fr-CA":
    "Si nécessaire, compte tenu de la complexité et du nombre de demandes ; la personne concernée doit être informée de la prolongation et des motifs du report dans un délai d'un mois à compter de la réception. Le délai prolongé est de trois mois à compter de la réception.",
};

function euRule(code: EuMemberState, type: RequestType): DeadlineRule {
  const a = ARTICLE[type];
  const regulator = euRegulatorOf(code);
  const law = euLaw(code);
  return defineStatutoryRule(code, type, {
    ...REVIEW,
    version: 2,
    effectiveFrom: "2018-05-25",
    replaces: {
      version: 1,
      reason: "correction",
      changes: {
        en:
          "The time for giving notice of an extension ends, like the answer, on the next working day when its last day is a Saturday, Sunday or public holiday (Regulation 1182/71 Art. 3(4))." +
          (type === "opt_out"
            ? " Withdrawing consent is no longer given the month: processing must stop on withdrawal (Art. 7(3))."
            : ""),
        "fr-CA":
          "Le délai pour aviser d'une prolongation prend fin, comme celui de la réponse, le jour ouvrable suivant lorsque son dernier jour est un samedi, un dimanche ou un jour férié (règlement 1182/71, art. 3, par. 4)." +
          (type === "opt_out"
            ? " Le retrait du consentement ne bénéficie plus du délai d'un mois : le traitement doit cesser dès le retrait (art. 7, par. 3)."
            : ""),
      },
    },
    computation: law,
    citations: [
      `GDPR Art. 12(3); ${a.art}`,
      law.citation,
      "EDPB Guidelines 01/2022 §§157-161, Examples 32-33",
      "GDPR Art. 12(4)",
      "GDPR Art. 77",
      ...(type === "opt_out" ? ["GDPR Art. 7(3); EDPB Guidelines 05/2020 on consent"] : []),
    ],
    summary: summary(type, { en: "GDPR", fr: "RGPD" }, null),
    period: { kind: "months", length: 1 },
    counting: "receipt_day_is_day_one",
    acknowledgement: null,
    extension: {
      additional: { kind: "months", length: 2 },
      noticeBy: "within_original_period",
      conditions: EXTENSION_CONDITIONS,
      maxTimes: 1,
      citation: "GDPR Art. 12(3)",
    },
    pause: {
      allowed: true,
      reasons: ["identity"],
      modes: { identity: "suspend" },
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
    uncertainties: [EU_HOLIDAYS, EU_PAUSE],
    notes: [
      "One month under Reg. 1182/71 Art.3 and EDPB Guidelines 01/2022 §160 (Ex. 32: 5 Mar → 5 Apr; Ex. 33: 31 Aug → 30 Sep). Extension: three months from receipt, rolled once at its end.",
      "Reg. 1182/71 Art.3(4) (text read): 'where the last day of a period is a public holiday, Sunday or Saturday the period shall end with the expiry of the last hour of the following working day' — every period, the Art.12(3) notice period ('within one month of receipt') included. Version 1 kept the notice date unrolled (UNSURE GDPR-notice-by), which the legal review found wrong.",
      "UNSURE (EU-holidays): nationwide public holidays only. UNSURE (EU-pause): identity pauses only, days from request to receipt (exclusive).",
      ...(type === "opt_out" ? [CONSENT_NOTE] : []),
      "Time zone: the member state's capital zone (PT mainland; ES peninsular).",
      CORRECTION_NOTE,
    ],
  });
}

// ---------------------------------------------------------------------------------------------
// United Kingdom

const ICO_COMPLAINT: ComplaintRule = {
  regulator: {
    en: "Information Commissioner's Office (ICO)",
    "fr-CA": "Information Commissioner's Office (ICO, commissaire à l'information du Royaume-Uni)",
  },
  url: "https://ico.org.uk/make-a-complaint/",
  window: { kind: "months", length: 3 },
  windowText: {
    en: "The ICO generally expects a complaint within three months of your last meaningful contact with the organisation. This is the ICO's practice, not a rule in the law; the date shown counts three months from the response deadline.",
    "fr-CA":
      "L'ICO s'attend généralement à recevoir une plainte dans les trois mois du dernier contact significatif avec l'organisation. C'est une pratique de l'ICO, pas une règle de la loi ; la date indiquée compte trois mois à partir de l'échéance de réponse.",
  },
  citation: "ICO, How to make a data protection complaint",
};

const GB_COMPLAINT_WINDOW: RuleUncertainty = {
  id: "GB-complaint-window",
  text: {
    en: "The three months to complain to the ICO are the ICO's usual expectation, counted from your last meaningful contact with the company; the law sets no fixed limit. We count them from the response deadline.",
    "fr-CA":
      "Les trois mois pour porter plainte à l'ICO sont l'attente habituelle de l'ICO, comptée à partir de votre dernier contact significatif avec l'entreprise ; la loi ne fixe aucun délai. Nous les comptons à partir de l'échéance de réponse.",
  },
  sources: ["ICO, How to make a data protection complaint"],
  inLatestDefensibleDate: false,
};

const GB_MONTH_BEGINNING_WITH: RuleUncertainty = {
  id: "GB-month-beginning-with",
  text: {
    en: "Since 5 February 2026 the law gives the company 'one month beginning with' the day your request (or your proof of identity) arrives. Read like other English time limits, that month ends the day before the same date next month (a request on 3 March is due on 2 April). The ICO has long counted to the same date (3 April). We keep the earlier date as the deadline and show the later one beside it.",
    "fr-CA":
      "Depuis le 5 février 2026, la loi donne à l'entreprise « un mois commençant » le jour où votre demande (ou votre preuve d'identité) arrive. Lu comme les autres délais du droit anglais, ce mois se termine la veille du même quantième le mois suivant (une demande du 3 mars est due le 2 avril). L'ICO compte depuis longtemps jusqu'au même quantième (3 avril). Nous retenons la date la plus hâtive comme échéance et indiquons la plus tardive à côté.",
  },
  sources: [
    "UK GDPR Art. 12A (Data (Use and Access) Act 2025 s. 76)",
    "DPA 2018 s. 54(2)",
    "ICO guidance on time limits",
  ],
  inLatestDefensibleDate: true,
};

const GB_ALTERNATIVE: AlternativeReading = {
  counting: "receipt_day_is_day_one",
  rollForward: "weekends_and_holidays",
  citation: "ICO guidance; bank holidays of Scotland and Northern Ireland",
  scope: "every_date",
  holidayCalendar: GB_ALL_NATIONS_CALENDAR,
};

const GB_PRE_DUAA_PAUSE: PauseRule = {
  allowed: true,
  reasons: ["identity", "clarification"],
  modes: { identity: "suspend", clarification: "suspend" },
  citation: "ICO guidance on time limits",
  explanation: {
    en: "The period from the controller's request for identity or clarification information until that information is received does not count (ICO guidance before the Data (Use and Access) Act 2025).",
    "fr-CA":
      "La période entre la demande d'information (identité ou précision) du responsable et la réception de cette information n'est pas comptée (lignes directrices de l'ICO avant la Data (Use and Access) Act 2025).",
  },
};

function duaaPause(type: RequestType): PauseRule {
  if (type === "access") {
    return {
      allowed: true,
      reasons: ["identity", "clarification"],
      modes: { identity: "restart", clarification: "suspend_inclusive" },
      citation: "UK GDPR Art. 12A; DPA 2018 s. 54(3)-(3C)",
      explanation: {
        en: "If the company asks you to confirm your identity, the month runs again from the day your answer arrives. If it asks you to clarify an access request, the days from the day it asks through the day your answer arrives do not count (UK GDPR Art. 12A).",
        "fr-CA":
          "Si l'entreprise vous demande de confirmer votre identité, le mois recommence à courir le jour où votre réponse arrive. Si elle vous demande de préciser une demande d'accès, les jours compris entre le jour de sa demande et le jour où votre réponse arrive, ces deux jours inclus, ne sont pas comptés (RGPD du R.-U., art. 12A).",
      },
    };
  }
  return {
    allowed: true,
    reasons: ["identity"],
    modes: { identity: "restart" },
    citation: "UK GDPR Art. 12A; DPA 2018 s. 54(3)",
    explanation: {
      en: "If the company asks you to confirm your identity, the month runs again from the day your answer arrives (UK GDPR Art. 12A). A question to clarify a request other than an access request does not stop the clock.",
      "fr-CA":
        "Si l'entreprise vous demande de confirmer votre identité, le mois recommence à courir le jour où votre réponse arrive (RGPD du R.-U., art. 12A). Une question pour préciser une demande autre qu'une demande d'accès n'arrête pas le délai.",
    },
  };
}

function gbPreDuaa(type: RequestType): DeadlineRule {
  const a = ARTICLE[type];
  return defineStatutoryRule("GB", type, {
    ...REVIEW,
    version: 2,
    effectiveFrom: "2018-05-25",
    replaces: {
      version: 1,
      reason: "correction",
      changes: {
        en:
          "The time for giving notice of an extension ends, like the answer, on the next working day when its last day is a weekend or bank holiday; the later date with Scottish and Northern Irish bank holidays is shown beside every date." +
          (type === "opt_out" ? " Withdrawing consent is no longer given the month (Art. 7(3))." : ""),
        "fr-CA":
          "Le délai pour aviser d'une prolongation prend fin, comme celui de la réponse, le jour ouvrable suivant lorsque son dernier jour tombe une fin de semaine ou un jour férié bancaire ; la date plus tardive selon les jours fériés d'Écosse et d'Irlande du Nord est indiquée à côté de chaque date." +
          (type === "opt_out"
            ? " Le retrait du consentement ne bénéficie plus du délai d'un mois (art. 7, par. 3)."
            : ""),
      },
    },
    computation: GB_LAW,
    citations: [
      `UK GDPR Art. 12(3); ${a.art}`,
      "ICO guidance: Right of access — time limits (day of receipt is day one)",
      GB_LAW.citation,
      ...(type === "opt_out" ? ["UK GDPR Art. 7(3)"] : []),
    ],
    summary: summary(
      type,
      { en: "UK GDPR", fr: "RGPD du Royaume-Uni" },
      {
        en: "The clock stops while the controller waits for identity or clarification information it asked for.",
        "fr-CA":
          "Le délai est suspendu pendant que le responsable attend les informations d'identité ou les précisions qu'il a demandées.",
      },
    ),
    period: { kind: "months", length: 1 },
    counting: "receipt_day_is_day_one",
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
      citation: "UK GDPR Art. 12(3)",
    },
    pause: GB_PRE_DUAA_PAUSE,
    noReply: null,
    complaint: ICO_COMPLAINT,
    alternativeReading: { ...GB_ALTERNATIVE, citation: "bank holidays of Scotland and Northern Ireland" },
    uncertainties: [GB_HOLIDAYS, GB_COMPLAINT_WINDOW],
    notes: [
      "Requests received before 5 February 2026 (the Data (Use and Access) Act 2025 s.76 commencement): the law as it stood — ICO day-one counting, pauses as in version 1 (days from request to receipt, identity and clarification alike: UNSURE GB-pause-count).",
      "The notice of an extension ('within one month of receipt') rolls like the answer (ICO: next working day; Reg. 1182/71 Art. 3(4)); version 1 kept it unrolled.",
      "UNSURE (GB-holidays): England & Wales bank holidays; the later reading adds Scotland and Northern Ireland (every_date).",
      ...(type === "opt_out" ? [CONSENT_NOTE] : []),
      CORRECTION_NOTE,
    ],
  });
}

function gbDuaa(type: RequestType): DeadlineRule {
  const a = ARTICLE[type];
  return defineStatutoryRule("GB", type, {
    ...REVIEW,
    version: 3,
    effectiveFrom: "2026-02-05",
    replaces: {
      version: 2,
      reason: "change_in_law",
      changes: {
        en: "Data (Use and Access) Act 2025 (in force 5 February 2026): the time is one month beginning with the day the request arrives or, if later, the day identity is confirmed — confirming identity starts the month again rather than pausing it; a question to clarify stops the clock only for access requests, and the days from asking through answering (both included) do not count.",
        "fr-CA":
          "Data (Use and Access) Act 2025 (en vigueur le 5 février 2026) : le délai est d'un mois commençant le jour où la demande arrive ou, s'il est postérieur, le jour où l'identité est confirmée — la confirmation de l'identité fait recommencer le mois au lieu de le suspendre ; une question de précision n'arrête le délai que pour les demandes d'accès, et les jours compris entre la question et la réponse (ces deux jours inclus) ne sont pas comptés.",
      },
    },
    computation: GB_DUAA_LAW,
    citations: [
      `UK GDPR Art. 12A; Art. 12(3); ${a.art}`,
      "Data (Use and Access) Act 2025 s. 76; SI 2026/82 reg. 2(h)",
      "Data Protection Act 2018, s. 54(2)-(3C)",
      GB_DUAA_LAW.citation,
      "ICO guidance: Right of access — time limits",
      ...(type === "opt_out" ? ["UK GDPR Art. 7(3)"] : []),
    ],
    summary: summary(
      type,
      { en: "UK GDPR", fr: "RGPD du Royaume-Uni" },
      type === "access"
        ? {
            en: "Since 5 February 2026 the month begins with the day the request arrives or, if later, the day you confirm your identity; while the company waits for you to clarify an access request, the days from its question to your answer do not count.",
            "fr-CA":
              "Depuis le 5 février 2026, le mois commence le jour où la demande arrive ou, s'il est postérieur, le jour où vous confirmez votre identité ; pendant que l'entreprise attend que vous précisiez une demande d'accès, les jours entre sa question et votre réponse ne sont pas comptés.",
          }
        : {
            en: "Since 5 February 2026 the month begins with the day the request arrives or, if later, the day you confirm your identity.",
            "fr-CA":
              "Depuis le 5 février 2026, le mois commence le jour où la demande arrive ou, s'il est postérieur, le jour où vous confirmez votre identité.",
          },
    ),
    period: { kind: "months", length: 1 },
    counting: "period_beginning_with_receipt_day",
    acknowledgement: null,
    extension: {
      additional: { kind: "months", length: 2 },
      noticeBy: "within_original_period",
      conditions: {
        en: "Where necessary because of the complexity or number of the requests; the person must be told, with the reasons, before the end of the first month (which also runs from the confirmation of identity and is lengthened by clarification days). The extended period is three months beginning with the same day as the first month.",
        "fr-CA":
          "Si nécessaire en raison de la complexité ou du nombre de demandes ; la personne doit en être informée, motifs à l'appui, avant la fin du premier mois (qui court aussi à partir de la confirmation de l'identité et est allongé des jours de précision). Le délai prolongé est de trois mois commençant le même jour que le premier mois.",
      },
      maxTimes: 1,
      citation: "UK GDPR Art. 12A; DPA 2018 s. 54(3A)-(3B)",
    },
    pause: duaaPause(type),
    noReply: null,
    complaint: ICO_COMPLAINT,
    alternativeReading: GB_ALTERNATIVE,
    uncertainties: [GB_MONTH_BEGINNING_WITH, GB_HOLIDAYS, GB_COMPLAINT_WINDOW],
    notes: [
      "DUAA 2025 s.76, in force 5 Feb 2026 (SI 2026/82 reg. 2(h)); DPA 2018 s.54 as amended (text read) is the model of UK GDPR Art. 12A: (2) one month beginning with the relevant time; (3) the latest of receipt of the request, of the information requested (identity) and of the fee — a restart (pause mode 'restart'); (3A)-(3B) extension by two further months, notice before the end of the first month; (3C) for access requests only, 'the period beginning with the day on which the controller makes the request and ending with the day on which the controller receives the information' does not count — inclusive (pause mode 'suspend_inclusive'), towards both the period and the notice period.",
      "UNSURE (GB-month-beginning-with): 'one month beginning with' D read under the English convention ends the day before D's corresponding date (counting 'period_beginning_with_receipt_day'); the ICO's corresponding-date count is the later reading, computed for every date with the all-nations calendar.",
      "Fees are not modelled (no fee events). An identity request made after the running deadline is ignored (a clock that has run out cannot be restarted).",
      "The DUAA duty to acknowledge a complaint made to the controller within 30 days is not modelled: the portal records no complaints to controllers.",
      ...(type === "opt_out" ? [CONSENT_NOTE] : []),
    ],
  });
}

const TYPES: readonly RequestType[] = ["access", "deletion", "correction", "opt_out", "limit"];

export const GB_RULES_2026: readonly DeadlineRule[] = [...TYPES.map(gbPreDuaa), ...TYPES.map(gbDuaa)];
export const EU_RULES_2026: readonly DeadlineRule[] = EU_MEMBER_STATES.flatMap((code) =>
  TYPES.map((type) => euRule(code, type)),
);
