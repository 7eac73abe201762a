// How each jurisdiction's law computes time, as checked in the legal review of 4 December 2026
// (reference jurisdictions.md §7). One record per jurisdiction, referenced by every rule version
// written since the review: the engine ends every date of a request through it (response date,
// extension notice, extended date, acknowledgement, complaint or review window), so a
// jurisdiction cannot roll one of them and forget another.
//
// Certainty: "text" = statute text read; "secondary" = a reliable copy or summary read;
// "memory" = not read in this review. Unsettled points are RuleUncertainty records (both
// readings, in words a resident understands) and, where the later reading moves a date, an
// AlternativeReading with scope "every_date".

import { JURISDICTION_INFO } from "./jurisdictions";
import type {
  AlternativeReading,
  ComputationLaw,
  EuMemberState,
  HolidayCalendarSpec,
  JurisdictionCode,
  RuleUncertainty,
} from "./types";
import { COMPUTED_DATE_KINDS } from "./types";

export const REVIEWED_ON = "2026-12-04";

type Reviewed = Omit<ComputationLaw, "rolls" | "holidayCalendar"> & { holidayCalendar?: HolidayCalendarSpec };

function law(j: JurisdictionCode, x: Reviewed): ComputationLaw {
  return Object.freeze({
    ...x,
    holidayCalendar: x.holidayCalendar ?? JURISDICTION_INFO[j].holidayCalendar,
    rolls: COMPUTED_DATE_KINDS,
  });
}

// ---------------------------------------------------------------------------------------------
// United States

const usComputed = (
  state: string,
  addition: HolidayCalendarSpec["additions"],
  en: string,
  fr: string,
  citation: string,
): HolidayCalendarSpec => ({
  id: `US-${state}-statute`,
  country: "US",
  state,
  computedOnly: true,
  additions: addition,
  place: { en, "fr-CA": fr },
  citation,
});

export const US_CA_LAW = law("US-CA", {
  id: "US-CA/2026-12",
  citation: "11 CCR §7021(b); Code Civ. Proc. §§12, 12a, 13b",
  description: {
    en: "The California regulation counts the 45 days from the day the company receives the request, that day included, and does not move a last day that falls on a weekend or holiday. Business days leave out Saturdays, Sundays and California state holidays.",
    "fr-CA":
      "Le règlement californien compte les 45 jours à partir du jour où l'entreprise reçoit la demande, ce jour compris, et ne reporte pas un dernier jour qui tombe une fin de semaine ou un jour férié. Les jours ouvrables excluent les samedis, les dimanches et les jours fériés de l'État de Californie.",
  },
  rollForward: "none",
  noRollReason: {
    en: "The CCPA regulation counts from the day the request arrives and does not move a weekend or holiday end (another reading, shown below the deadline, would).",
    "fr-CA":
      "Le règlement de la CCPA compte à partir du jour de réception et ne reporte pas une échéance tombant une fin de semaine ou un jour férié (une autre lecture, indiquée sous l'échéance, le ferait).",
  },
  certainty: "text",
});

export const US_CA_LATER_READING: AlternativeReading = {
  counting: "exclude_receipt_day",
  rollForward: "weekends_and_holidays",
  citation: "Code Civ. Proc. §§12, 12a; Gov. Code §6700",
  scope: "every_date",
  holidayCalendar: {
    ...JURISDICTION_INFO["US-CA"].holidayCalendar,
    id: "US-CA-gov-6700",
    additions: ["us-ca-gov-6700-extra"],
    citation: "Gov. Code §6700 (California holidays, incl. 12 February, 9 September and the second Monday of October)",
  },
};

export const US_CA_UNCERTAINTIES: Record<"counting" | "businessDay", RuleUncertainty> = {
  counting: {
    id: "US-CA-45-day-counting",
    text: {
      en: "California's regulation says the 45 days begin on the day the company receives your request, so we count that day as day 1 and do not move a deadline that falls on a weekend or holiday. California's general rule for counting time (Code of Civil Procedure §§12 and 12a) would leave out the first day and move a weekend or holiday end to the next business day, which gives a later date. No regulator has said which applies, so we show the later date beside the deadline.",
      "fr-CA":
        "Le règlement californien prévoit que les 45 jours commencent le jour où l'entreprise reçoit votre demande : nous comptons donc ce jour comme le jour 1 et ne reportons pas une échéance qui tombe une fin de semaine ou un jour férié. La règle générale de calcul des délais en Californie (Code of Civil Procedure, art. 12 et 12a) exclurait le premier jour et reporterait une échéance de fin de semaine ou de jour férié au jour ouvrable suivant, ce qui donne une date plus tardive. Aucune autorité n'a tranché : nous indiquons la date plus tardive à côté de l'échéance.",
    },
    sources: ["11 CCR §7021(b)", "Cal. Civ. Code §1798.130(a)(2)", "Code Civ. Proc. §§12, 12a"],
    inLatestDefensibleDate: true,
  },
  businessDay: {
    id: "US-CA-business-day",
    text: {
      en: "The CCPA does not define 'business day'. We leave out Saturdays, Sundays and the California state holidays on which state offices close. California's holiday list in Government Code §6700 also names 12 February, 9 September and the second Monday of October; leaving those out too gives a later date, shown beside the deadline.",
      "fr-CA":
        "La CCPA ne définit pas le « jour ouvrable ». Nous excluons les samedis, les dimanches et les jours fériés de l'État de Californie où les bureaux de l'État ferment. La liste des jours fériés du Government Code, art. 6700, mentionne aussi le 12 février, le 9 septembre et le deuxième lundi d'octobre ; les exclure aussi donne une date plus tardive, indiquée à côté de l'échéance.",
    },
    sources: ["11 CCR §§7021(a), 7026(f)(1), 7027(g)(1)", "Gov. Code §6700"],
    inLatestDefensibleDate: true,
  },
};

export const US_CO_LAW = law("US-CO", {
  id: "US-CO/2026-12",
  citation: "C.R.S. §2-4-108; §2-4-101; legal holidays C.R.S. §24-11-101",
  description: {
    en: "Colorado law leaves out the day the request arrives and counts the last day, but if that day is a Saturday, Sunday or legal holiday, the period runs to the next day that is none of these (C.R.S. §2-4-108, which applies to every statute). This applies to every time limit of the Colorado Privacy Act, including the date for telling you about an extension.",
    "fr-CA":
      "Le droit du Colorado exclut le jour de réception de la demande et compte le dernier jour, mais si ce jour est un samedi, un dimanche ou un jour férié légal, le délai court jusqu'au jour suivant qui n'en est pas un (C.R.S. §2-4-108, applicable à toutes les lois). Cela vaut pour tous les délais de la Colorado Privacy Act, y compris la date limite pour vous informer d'une prolongation.",
  },
  holidayCalendar: usComputed(
    "CO",
    ["us-co-legal-holidays"],
    "Colorado",
    "au Colorado",
    "C.R.S. §24-11-101 (legal holidays)",
  ),
  rollForward: "weekends_and_holidays",
  certainty: "text",
});

export const US_TX_LAW = law("US-TX", {
  id: "US-TX/2026-12",
  citation: "Tex. Gov't Code §311.014 (Code Construction Act; §311.002); legal holidays §§662.003, 662.021",
  description: {
    en: "Texas law leaves out the day the request arrives and counts the last day, but if that day is a Saturday, Sunday or legal holiday, the period runs to the next day that is none of these (Code Construction Act, Gov't Code §311.014, which applies to the Business & Commerce Code). This applies to every time limit of the Texas Data Privacy and Security Act, including the date for telling you about an extension.",
    "fr-CA":
      "Le droit du Texas exclut le jour de réception de la demande et compte le dernier jour, mais si ce jour est un samedi, un dimanche ou un jour férié légal, le délai court jusqu'au jour suivant qui n'en est pas un (Code Construction Act, Gov't Code §311.014, applicable au Business & Commerce Code). Cela vaut pour tous les délais de la Texas Data Privacy and Security Act, y compris la date limite pour vous informer d'une prolongation.",
  },
  holidayCalendar: usComputed(
    "TX",
    ["us-tx-legal-holidays"],
    "Texas",
    "au Texas",
    "Tex. Gov't Code §662.021 (legal holidays: §662.003(a) and (b)(1)-(6))",
  ),
  rollForward: "weekends_and_holidays",
  certainty: "secondary",
});

export const US_WA_LAW = law("US-WA", {
  id: "US-WA/2026-12",
  citation: "RCW 1.12.040; legal holidays RCW 1.16.050",
  description: {
    en: "Washington law leaves out the day the request arrives and counts the last day, unless the last day is a holiday, Saturday or Sunday: then it is also left out and the period runs to the next day that is none of these (RCW 1.12.040). This applies to every time limit of the My Health My Data Act, including the date for telling you about an extension.",
    "fr-CA":
      "Le droit de l'État de Washington exclut le jour de réception de la demande et compte le dernier jour, sauf si c'est un jour férié, un samedi ou un dimanche : il est alors exclu aussi et le délai court jusqu'au jour suivant qui n'en est pas un (RCW 1.12.040). Cela vaut pour tous les délais de la My Health My Data Act, y compris la date limite pour vous informer d'une prolongation.",
  },
  holidayCalendar: usComputed(
    "WA",
    ["us-wa-legal-holidays"],
    "Washington State",
    "dans l'État de Washington",
    "RCW 1.16.050(1) (legal holidays)",
  ),
  rollForward: "weekends_and_holidays",
  certainty: "secondary",
});

export const US_VA_LAW = law("US-VA", {
  id: "US-VA/2026-12",
  citation: "Va. Code §1-210",
  description: {
    en: "Virginia law leaves out the day the request arrives (Va. Code §1-210(A)). Its rule moving a last day that falls on a weekend or holiday covers court deadlines, lawsuits and filings at a closed government office, not a company's answer, so the date stands.",
    "fr-CA":
      "Le droit de la Virginie exclut le jour de réception de la demande (Va. Code §1-210(A)). Sa règle qui reporte un dernier jour tombant une fin de semaine ou un jour férié vise les délais judiciaires, les poursuites et les dépôts auprès d'un bureau public fermé, pas la réponse d'une entreprise : la date est maintenue.",
  },
  rollForward: "none",
  noRollReason: {
    en: "Virginia moves such a day only for court deadlines, lawsuits and filings at a closed government office (Va. Code §1-210(B), (C), (E)).",
    "fr-CA":
      "La Virginie ne reporte un tel jour que pour les délais judiciaires, les poursuites et les dépôts auprès d'un bureau public fermé (Va. Code §1-210(B), (C), (E)).",
  },
  certainty: "secondary",
});

export const US_VA_LATER_READING: AlternativeReading = {
  counting: "exclude_receipt_day",
  rollForward: "weekends_and_holidays",
  citation: "Va. Code §1-210(B), (E) read widely",
  scope: "every_date",
};

export const US_VA_UNCERTAINTY: RuleUncertainty = {
  id: "US-VA-weekend-end",
  text: {
    en: "Virginia's general rule for counting time leaves out the day your request arrives. It moves a last day that falls on a weekend or holiday only for court deadlines, lawsuits and filings at a closed government office, so we do not move the company's deadline. If a court applied that rule more widely, the deadline would be the next working day, shown beside it.",
    "fr-CA":
      "La règle générale de calcul des délais de la Virginie exclut le jour de réception de votre demande. Elle ne reporte un dernier jour tombant une fin de semaine ou un jour férié que pour les délais judiciaires, les poursuites et les dépôts auprès d'un bureau public fermé : nous ne reportons donc pas l'échéance de l'entreprise. Si un tribunal appliquait cette règle plus largement, l'échéance serait le jour ouvrable suivant, indiqué à côté.",
  },
  sources: ["Va. Code §1-210(A)-(C), (E)", "Va. Code §59.1-577(B)"],
  inLatestDefensibleDate: true,
};

export const US_CT_LAW = law("US-CT", {
  id: "US-CT/2026-12",
  citation: "Conn. Gen. Stat. §42-518(c); §1-4 (legal holidays)",
  description: {
    en: "Connecticut's Act counts its days 'after receipt of the request', so the day the request arrives is left out. We found no Connecticut statute that moves a last day falling on a weekend or legal holiday for this Act, so the date stands.",
    "fr-CA":
      "La loi du Connecticut compte ses jours « après la réception de la demande » : le jour de réception est exclu. Nous n'avons trouvé aucune loi du Connecticut qui reporte, pour cette loi, un dernier jour tombant une fin de semaine ou un jour férié légal : la date est maintenue.",
  },
  rollForward: "none",
  noRollReason: {
    en: "No Connecticut statute we found moves such a day for this Act (another reading, shown below the deadline, would).",
    "fr-CA":
      "Aucune loi du Connecticut que nous avons trouvée ne reporte un tel jour pour cette loi (une autre lecture, indiquée sous l'échéance, le ferait).",
  },
  certainty: "secondary",
});

export const US_CT_LATER_READING: AlternativeReading = {
  counting: "exclude_receipt_day",
  rollForward: "weekends_and_holidays",
  citation: "Conn. Gen. Stat. §1-4; Connecticut court and agency practice",
  scope: "every_date",
};

export const US_CT_UNCERTAINTY: RuleUncertainty = {
  id: "US-CT-weekend-end",
  text: {
    en: "We found no Connecticut statute that moves a deadline of this Act falling on a weekend or legal holiday, so the deadline stays on that day. Connecticut courts and state agencies move such days to the next business day for their own deadlines; if that were applied here, the deadline would be the later date shown beside it.",
    "fr-CA":
      "Nous n'avons trouvé aucune loi du Connecticut qui reporte une échéance de cette loi tombant une fin de semaine ou un jour férié légal : l'échéance reste ce jour-là. Les tribunaux et les organismes de l'État reportent ces jours au jour ouvrable suivant pour leurs propres délais ; si c'était appliqué ici, l'échéance serait la date plus tardive indiquée à côté.",
  },
  sources: [
    "Conn. Gen. Stat. §42-518(c)",
    "Conn. Gen. Stat. §1-4",
    "Evergreen Cooperative, Inc. v. Michel, 36 Conn. Supp. 541 (1980)",
    "Conn. Agencies Regs. §16-1-5",
  ],
  inLatestDefensibleDate: true,
};

export const US_IL_LAW = law("US-IL", {
  id: "US-IL/2026-12",
  citation: "5 ILCS 70/1.11",
  description: {
    en: "Illinois law leaves out the first day and counts the last, unless the last day is a Saturday, Sunday or holiday (5 ILCS 70/1.11). BIPA sets no deadline for answering a request, so no date here is a legal deadline.",
    "fr-CA":
      "Le droit de l'Illinois exclut le premier jour et compte le dernier, sauf si c'est un samedi, un dimanche ou un jour férié (5 ILCS 70/1.11). La BIPA ne fixe aucun délai pour répondre à une demande : aucune date ici n'est un délai légal.",
  },
  rollForward: "weekends_and_holidays",
  certainty: "memory",
});

// ---------------------------------------------------------------------------------------------
// Canada

export const CA_FED_LAW = law("CA", {
  id: "CA/2026-12",
  citation: "Interpretation Act, R.S.C. 1985, c. I-21, ss. 26-28, 35",
  description: {
    en: "Federal law leaves out the day the request arrives. A time limit that ends on a Sunday or a federal holiday runs to the next day that is not a holiday; a Saturday end stands (Interpretation Act ss. 26 and 35). This applies to every time limit, including the notice of an extension and the six months to complain.",
    "fr-CA":
      "Le droit fédéral exclut le jour de réception de la demande. Un délai qui expire un dimanche ou un jour férié fédéral est prolongé jusqu'au jour suivant qui n'est pas férié ; un délai qui expire un samedi est maintenu (Loi d'interprétation, art. 26 et 35). Cela vaut pour tous les délais, y compris l'avis de prolongation et les six mois pour porter plainte.",
  },
  rollForward: "sundays_and_holidays",
  certainty: "secondary",
});

export const CA_QC_LAW = law("CA-QC", {
  id: "CA-QC/2026-12",
  citation: "Loi d'interprétation, RLRQ c I-16, ss. 52, 61(23)",
  description: {
    en: "Québec law leaves out the day the request arrives. A time limit that ends on a holiday (Sundays and the holidays of the Interpretation Act) runs to the next working day; a Saturday end stands (I-16 s. 52). This applies to every time limit, including the 30 days to apply to the Commission d'accès à l'information.",
    "fr-CA":
      "Le droit québécois exclut le jour de réception de la demande. Un délai qui expire un jour férié (les dimanches et les jours fériés de la Loi d'interprétation) est prolongé jusqu'au jour ouvrable suivant ; un délai qui expire un samedi est maintenu (I-16, art. 52). Cela vaut pour tous les délais, y compris les 30 jours pour saisir la Commission d'accès à l'information.",
  },
  rollForward: "sundays_and_holidays",
  certainty: "text",
});

export const CA_BC_LAW = law("CA-BC", {
  id: "CA-BC/2026-12",
  citation: "SBC 2003, c. 63, s. 1 ('day'); Interpretation Act, RSBC 1996, c. 238, ss. 25, 29",
  description: {
    en: "In BC's Personal Information Protection Act a 'day' does not include a Saturday or a holiday (Sundays are holidays), so its 30 days are business days, counted from the day after the request arrives. This applies to every time limit of the Act.",
    "fr-CA":
      "Dans la Personal Information Protection Act de la C.-B., un « jour » n'inclut ni le samedi ni les jours fériés (le dimanche est férié) : ses 30 jours sont donc des jours ouvrables, comptés à partir du lendemain de la réception. Cela vaut pour tous les délais de la loi.",
  },
  rollForward: "weekends_and_holidays",
  certainty: "secondary",
});

export const CA_BC_LATER_READING: AlternativeReading = {
  counting: "exclude_receipt_day",
  rollForward: "weekends_and_holidays",
  citation: "Interpretation Act, RSBC 1996, c. 238, s. 29 (Family Day, 30 September)",
  scope: "every_date",
  holidayCalendar: {
    ...JURISDICTION_INFO["CA-BC"].holidayCalendar,
    id: "CA-BC-with-family-day-ndtr",
    additions: ["ca-bc-s29", "ca-bc-family-day-ndtr"],
  },
};

export const CA_BC_HOLIDAYS: RuleUncertainty = {
  id: "CA-BC-holidays",
  text: {
    en: "BC law leaves Saturdays and holidays out of the 30 days. We have not counted Family Day and 30 September (National Day for Truth and Reconciliation) as holidays because we could not confirm they are on the Interpretation Act's list; counting them gives the later date shown beside the deadline.",
    "fr-CA":
      "Le droit de la C.-B. exclut les samedis et les jours fériés des 30 jours. Nous n'avons pas compté le jour de la Famille ni le 30 septembre (Journée nationale de la vérité et de la réconciliation) comme fériés, faute d'avoir pu confirmer qu'ils figurent dans la liste de l'Interpretation Act ; les compter donne la date plus tardive indiquée à côté de l'échéance.",
  },
  sources: ["Interpretation Act, RSBC 1996, c. 238, s. 29", "SBC 2003, c. 63, s. 1"],
  inLatestDefensibleDate: true,
};

const AB_CALENDAR: HolidayCalendarSpec = {
  ...JURISDICTION_INFO["CA-AB"].holidayCalendar,
  id: "CA-AB-2026-12",
  citation: "Interpretation Act, RSA 2000, c. I-8, ss. 22, 28",
};

export const CA_AB_LAW = law("CA-AB", {
  id: "CA-AB/2026-12",
  citation: "Interpretation Act, RSA 2000, c. I-8, ss. 22, 28",
  description: {
    en: "Alberta law leaves out the day the request arrives. A time limit that ends on a holiday (Sundays included) runs to the next day that is not a holiday; a Saturday end stands (Interpretation Act s. 22). This applies to every time limit, including the notice of an extension and the 30 days to ask for a review.",
    "fr-CA":
      "Le droit de l'Alberta exclut le jour de réception de la demande. Un délai qui expire un jour férié (dimanches compris) est prolongé jusqu'au jour suivant qui n'est pas férié ; un délai qui expire un samedi est maintenu (Interpretation Act, art. 22). Cela vaut pour tous les délais, y compris l'avis de prolongation et les 30 jours pour demander une révision.",
  },
  holidayCalendar: AB_CALENDAR,
  rollForward: "sundays_and_holidays",
  certainty: "secondary",
});

export const CA_AB_LATER_READING: AlternativeReading = {
  counting: "exclude_receipt_day",
  rollForward: "sundays_and_holidays",
  citation: "Interpretation Act, RSA 2000, c. I-8, s. 28 (Easter Monday, 26 December)",
  scope: "every_date",
  holidayCalendar: {
    ...AB_CALENDAR,
    id: "CA-AB-with-easter-monday-boxing-day",
    additions: ["ca-ab-easter-monday-boxing-day"],
  },
};

export const CA_AB_HOLIDAYS: RuleUncertainty = {
  id: "CA-AB-holidays",
  text: {
    en: "Alberta law moves a deadline that falls on a holiday to the next day that is not one (a Saturday is not a holiday). We could not confirm whether Easter Monday and 26 December are holidays under Alberta's Interpretation Act, so we have not counted them; counting them gives the later date shown beside the deadline.",
    "fr-CA":
      "Le droit de l'Alberta reporte une échéance tombant un jour férié au jour suivant qui ne l'est pas (le samedi n'est pas férié). Nous n'avons pas pu confirmer si le lundi de Pâques et le 26 décembre sont fériés selon l'Interpretation Act de l'Alberta : nous ne les avons pas comptés ; les compter donne la date plus tardive indiquée à côté de l'échéance.",
  },
  sources: ["Interpretation Act, RSA 2000, c. I-8, ss. 22, 28"],
  inLatestDefensibleDate: true,
};

// ---------------------------------------------------------------------------------------------
// United Kingdom and the EU

export const GB_LAW = law("GB", {
  id: "GB/2026-12",
  citation: "ICO guidance on time limits; Reg. (EEC, Euratom) 1182/71 Art. 3(4)",
  description: {
    en: "A month runs to the same date in the next month, or to the last day of that month when it has no such date. If that day is a Saturday, Sunday or bank holiday, the time runs to the next working day. This applies to every time limit, including the notice of an extension.",
    "fr-CA":
      "Un mois court jusqu'au même quantième du mois suivant, ou jusqu'au dernier jour de ce mois s'il n'a pas ce quantième. Si ce jour est un samedi, un dimanche ou un jour férié bancaire, le délai court jusqu'au jour ouvrable suivant. Cela vaut pour tous les délais, y compris l'avis de prolongation.",
  },
  rollForward: "weekends_and_holidays",
  certainty: "secondary",
});

export const GB_DUAA_LAW = law("GB", {
  ...GB_LAW,
  id: "GB/2026-02-duaa",
  citation:
    "UK GDPR Art. 12A; DPA 2018 s. 54(2)-(3C) (Data (Use and Access) Act 2025 s. 76); Reg. (EEC, Euratom) 1182/71 Art. 3(4)",
  description: {
    en: "Since 5 February 2026 the time is 'one month beginning with' the day the request arrives, or the later day identity is confirmed or a fee is paid; that day counts as the first day. If the last day is a Saturday, Sunday or bank holiday, the time runs to the next working day. This applies to every time limit, including the notice of an extension.",
    "fr-CA":
      "Depuis le 5 février 2026, le délai est « d'un mois commençant » le jour de réception de la demande, ou le jour ultérieur où l'identité est confirmée ou les frais payés ; ce jour compte comme le premier. Si le dernier jour est un samedi, un dimanche ou un jour férié bancaire, le délai court jusqu'au jour ouvrable suivant. Cela vaut pour tous les délais, y compris l'avis de prolongation.",
  },
});

/** The later reading for the UK: the bank holidays of Scotland and Northern Ireland count too. */
export const GB_ALL_NATIONS_CALENDAR: HolidayCalendarSpec = {
  ...JURISDICTION_INFO.GB.holidayCalendar,
  id: "GB-ENG-SCT-NIR",
  extraRegions: ["SCT", "NIR"],
  place: { en: "the United Kingdom", "fr-CA": "au Royaume-Uni" },
  citation:
    "Banking and Financial Dealings Act 1971 Sch. 1 (bank holidays in England and Wales, Scotland, Northern Ireland)",
};

export const GB_HOLIDAYS: RuleUncertainty = {
  id: "GB-holidays",
  text: {
    en: "We use the bank holidays of England and Wales. Scotland and Northern Ireland have some different bank holidays; if the company acts there, counting them too can give the later date shown beside the deadline.",
    "fr-CA":
      "Nous utilisons les jours fériés bancaires de l'Angleterre et du pays de Galles. L'Écosse et l'Irlande du Nord en ont d'autres ; si l'entreprise agit là-bas, les compter aussi peut donner la date plus tardive indiquée à côté de l'échéance.",
  },
  sources: ["Banking and Financial Dealings Act 1971 Sch. 1", "ICO guidance on time limits"],
  inLatestDefensibleDate: true,
};

export function euLaw(code: EuMemberState): ComputationLaw {
  return law(code, {
    id: `${code}/2026-12`,
    citation: "Reg. (EEC, Euratom) No 1182/71, Arts 2(1), 3(2)(c), 3(3)-(4)",
    description: {
      en: "A month runs to the same date in the next month, or to the last day of that month when it has no such date. If the last day is a Saturday, Sunday or public holiday of the member state, the time ends at the end of the next working day (Regulation 1182/71 Art. 3(4)). This applies to every time limit, including the notice of an extension.",
      "fr-CA":
        "Un mois court jusqu'au même quantième du mois suivant, ou jusqu'au dernier jour de ce mois s'il n'a pas ce quantième. Si le dernier jour est un samedi, un dimanche ou un jour férié de l'État membre, le délai prend fin à l'expiration du jour ouvrable suivant (règlement 1182/71, art. 3, par. 4). Cela vaut pour tous les délais, y compris l'avis de prolongation.",
    },
    rollForward: "weekends_and_holidays",
    certainty: "text",
  });
}
