// Step-by-step explanation of a computed deadline, in en and fr-CA.
// Each step carries a stable `key` + `params` (ISO dates, numbers) so the UI can re-render it with
// i18next, and a ready `text` in the requested locale. Builders take day numbers and format by hand
// (no Intl) because explanations are produced on the ≥200k/s hot path by default.

import { formatHumanDate, formatIsoDate, WEEKDAY_NAMES_EN, WEEKDAY_NAMES_FR, weekdayOf } from "./civil-date";
import type { Locale, LocalizedText } from "./types";

export interface ExplanationStep {
  key: string;
  params: Record<string, string | number>;
  text: string;
}

const h = formatHumanDate;

export function explainReceived(locale: Locale, day: number, timeZone: string): ExplanationStep {
  return {
    key: "deadline.received",
    params: { date: formatIsoDate(day), timeZone },
    text: locale === "fr-CA" ? `Reçue le ${h(day, locale)} (${timeZone})` : `Received ${h(day, locale)} (${timeZone})`,
  };
}

export function explainCalendarDays(locale: Locale, end: number, n: number, receiptIsDayOne: boolean): ExplanationStep {
  const date = formatIsoDate(end);
  if (receiptIsDayOne) {
    return {
      key: "deadline.period_days_receipt_day_one",
      params: { date, days: n },
      text:
        locale === "fr-CA"
          ? `Le jour de réception est le jour 1 ; le jour ${n} est le ${h(end, locale)}`
          : `The day of receipt is day 1; day ${n} is ${h(end, locale)}`,
    };
  }
  return {
    key: "deadline.period_days",
    params: { date, days: n },
    text:
      locale === "fr-CA"
        ? `Le jour 1 est le lendemain de la réception ; le jour ${n} est le ${h(end, locale)}`
        : `Day 1 is the day after receipt; day ${n} is ${h(end, locale)}`,
  };
}

export function explainBusinessDays(
  locale: Locale,
  end: number,
  n: number,
  place: LocalizedText,
  receiptIsDayOne: boolean,
): ExplanationStep {
  const from = receiptIsDayOne
    ? {
        en: "counting the day of receipt if it is a business day",
        fr: "en comptant le jour de réception s'il est ouvrable",
      }
    : { en: "after receipt", fr: "après la réception" };
  return {
    key: "deadline.period_business_days",
    params: { date: formatIsoDate(end), days: n },
    text:
      locale === "fr-CA"
        ? `${n} jours ouvrables ${from.fr} (samedis, dimanches et jours fériés ${place["fr-CA"]} exclus) : ${h(end, locale)}`
        : `${n} business days ${from.en} (Saturdays, Sundays and holidays in ${place.en} skipped) is ${h(end, locale)}`,
  };
}

export function explainMonths(locale: Locale, end: number, n: number, clamped: boolean): ExplanationStep {
  let text: string;
  if (locale === "fr-CA") {
    text = (n === 1 ? "Un mois plus tard : " : `${n} mois plus tard : `) + h(end, locale);
    if (clamped) text += " (pas de quantième correspondant : dernier jour du mois)";
  } else {
    text = (n === 1 ? "One month later is " : `${n} months later is `) + h(end, locale);
    if (clamped) text += " (no corresponding date: last day of the month)";
  }
  return {
    key: clamped ? "deadline.period_months_clamped" : "deadline.period_months",
    params: { date: formatIsoDate(end), months: n },
    text,
  };
}

/** "One month beginning with" a day (UK GDPR Art. 12A): the day counts, so the month ends the day before the same date. */
export function explainMonthsBeginningWith(
  locale: Locale,
  start: number,
  end: number,
  n: number,
  clamped: boolean,
): ExplanationStep {
  let text: string;
  if (locale === "fr-CA") {
    const what = n === 1 ? "La période d'un mois" : `La période de ${n} mois`;
    text = `${what} commençant le ${h(start, locale)} (jour compris) se termine le ${h(end, locale)}`;
    text += clamped ? " (pas de quantième correspondant : dernier jour du mois)" : " (la veille du même quantième)";
  } else {
    const what = n === 1 ? "The period of one month" : `The period of ${n} months`;
    text = `${what} beginning with ${h(start, locale)} (that day included) ends on ${h(end, locale)}`;
    text += clamped ? " (no corresponding date: last day of the month)" : " (the day before the same date)";
  }
  return {
    key: "deadline.period_months_beginning_with",
    params: { from: formatIsoDate(start), date: formatIsoDate(end), months: n },
    text,
  };
}

export function explainServiceTarget(locale: Locale, end: number, n: number): ExplanationStep {
  return {
    key: "deadline.service_target",
    params: { date: formatIsoDate(end), days: n },
    text:
      locale === "fr-CA"
        ? `Aucun délai légal : cible de service du portail de ${n} jours civils après la réception → ${h(end, locale)} (politique du fournisseur, pas un délai légal)`
        : `No statutory deadline: the portal's service target of ${n} calendar days after receipt → ${h(end, locale)} (vendor policy, not a legal deadline)`,
  };
}

const REASON_TEXT = {
  identity: { en: "identity information", fr: "preuve d'identité" },
  clarification: { en: "clarification", fr: "précision" },
  none: { en: "no reason given", fr: "aucun motif indiqué" },
};

export function explainPauseCounted(
  locale: Locale,
  start: number,
  end: number | null,
  days: number,
  reason: "identity" | "clarification" | undefined,
  newEnd: number,
): ExplanationStep {
  const r = REASON_TEXT[reason ?? "none"];
  const params: Record<string, string | number> = {
    from: formatIsoDate(start),
    days,
    date: formatIsoDate(newEnd),
    reason: reason ?? "",
  };
  if (end !== null) params.to = formatIsoDate(end);
  let text: string;
  if (locale === "fr-CA") {
    text =
      end === null
        ? `Délai suspendu depuis le ${h(start, locale)} (attente : ${r.fr}) : +${days} jour(s) jusqu'ici → ${h(newEnd, locale)}`
        : `Délai suspendu du ${h(start, locale)} au ${h(end, locale)} (attente : ${r.fr}) : +${days} jour(s) → ${h(newEnd, locale)}`;
  } else {
    text =
      end === null
        ? `Clock stopped since ${h(start, locale)} (awaiting ${r.en}): +${days} day(s) so far → ${h(newEnd, locale)}`
        : `Clock stopped from ${h(start, locale)} to ${h(end, locale)} (awaiting ${r.en}): +${days} day(s) → ${h(newEnd, locale)}`;
  }
  return { key: end === null ? "deadline.pause_open" : "deadline.pause_counted", params, text };
}

/** UK GDPR Art. 12A: the period runs again from the day the identity information arrives. */
export function explainPauseRestart(
  locale: Locale,
  start: number,
  end: number | null,
  restartDay: number,
  newEnd: number,
): ExplanationStep {
  const params: Record<string, string | number> = {
    from: formatIsoDate(start),
    restart: formatIsoDate(restartDay),
    date: formatIsoDate(newEnd),
  };
  if (end !== null) params.to = formatIsoDate(end);
  let text: string;
  if (locale === "fr-CA") {
    text =
      end === null
        ? `Preuve d'identité demandée le ${h(start, locale)}, pas encore reçue : le délai ne court pas ; s'il recommençait aujourd'hui (${h(restartDay, locale)}), l'échéance serait le ${h(newEnd, locale)}`
        : `Preuve d'identité demandée le ${h(start, locale)} et reçue le ${h(end, locale)} : le délai court à nouveau depuis ce jour → ${h(newEnd, locale)}`;
  } else {
    text =
      end === null
        ? `Identity information asked for on ${h(start, locale)} and not yet received: the clock does not run; if it started again today (${h(restartDay, locale)}) the deadline would be ${h(newEnd, locale)}`
        : `Identity information asked for on ${h(start, locale)} and received on ${h(end, locale)}: the period runs again from that day → ${h(newEnd, locale)}`;
  }
  return { key: end === null ? "deadline.restart_open" : "deadline.restart", params, text };
}

/** The extension notice's own time limit ended on a non-working day and moved, as the law moves any time limit. */
export function explainNoticeRolled(locale: Locale, from: number, to: number, citation: string): ExplanationStep {
  return {
    key: "deadline.notice_rolled",
    params: { from: formatIsoDate(from), to: formatIsoDate(to), citation },
    text:
      locale === "fr-CA"
        ? `Le délai pour donner l'avis de prolongation se terminait le ${h(from, locale)}, jour non ouvrable : il est reporté au ${h(to, locale)} (${citation})`
        : `The time for giving notice of an extension ended on ${h(from, locale)}, not a working day: it runs to ${h(to, locale)} (${citation})`,
  };
}

export type PauseIgnoredWhy = "not_allowed" | "reason_not_allowed" | "after_deadline";

export function explainPauseIgnored(
  locale: Locale,
  start: number,
  why: PauseIgnoredWhy,
  ruleText: LocalizedText,
): ExplanationStep {
  let text: string;
  if (why === "after_deadline") {
    text =
      locale === "fr-CA"
        ? `Suspension du ${h(start, locale)} ignorée : elle commence après l'échéance en cours`
        : `Pause on ${h(start, locale)} ignored: it starts after the running deadline`;
  } else {
    // not_allowed / reason_not_allowed: the rule's own explanation says why the clock keeps running.
    text =
      locale === "fr-CA"
        ? `Suspension du ${h(start, locale)} ignorée : ${ruleText["fr-CA"]}`
        : `Pause on ${h(start, locale)} ignored: ${ruleText.en}`;
  }
  return { key: "deadline.pause_ignored", params: { from: formatIsoDate(start), why }, text };
}

export function explainRollWeekend(locale: Locale, from: number, to: number): ExplanationStep {
  const w = weekdayOf(from);
  return {
    key: "deadline.roll_weekend",
    params: { from: formatIsoDate(from), to: formatIsoDate(to), weekday: w },
    text:
      locale === "fr-CA"
        ? `${h(from, locale)} est un ${WEEKDAY_NAMES_FR[w]} : reporté au ${h(to, locale)}`
        : `${h(from, locale)} is a ${WEEKDAY_NAMES_EN[w]}: rolls to ${h(to, locale)}`,
  };
}

export function explainRollHoliday(
  locale: Locale,
  from: number,
  to: number,
  holiday: LocalizedText,
  place: LocalizedText,
): ExplanationStep {
  return {
    key: "deadline.roll_holiday",
    params: { from: formatIsoDate(from), to: formatIsoDate(to), holiday: holiday[locale] },
    text:
      locale === "fr-CA"
        ? `${h(from, locale)} : ${holiday["fr-CA"]}, jour férié ${place["fr-CA"]} : reporté au ${h(to, locale)}`
        : `${h(from, locale)} is ${holiday.en}, a public holiday in ${place.en}: rolls to ${h(to, locale)}`,
  };
}

export function explainSaturdayStands(locale: Locale, day: number, citation: string): ExplanationStep {
  return {
    key: "deadline.saturday_stands",
    params: { date: formatIsoDate(day), citation },
    text:
      locale === "fr-CA"
        ? `${h(day, locale)} est un samedi, qui n'est pas un jour férié (${citation}) : l'échéance est maintenue`
        : `${h(day, locale)} is a Saturday, which is not a holiday (${citation}): the date stands`,
  };
}

export function explainNoRoll(
  locale: Locale,
  day: number,
  holiday: LocalizedText | undefined,
  reason?: LocalizedText,
): ExplanationStep {
  const w = weekdayOf(day);
  const what = holiday
    ? { en: holiday.en, fr: holiday["fr-CA"] }
    : { en: `a ${WEEKDAY_NAMES_EN[w]}`, fr: `un ${WEEKDAY_NAMES_FR[w]}` };
  if (reason) {
    return {
      key: "deadline.no_roll",
      params: { date: formatIsoDate(day) },
      text:
        locale === "fr-CA"
          ? `${h(day, locale)} est ${what.fr} : l'échéance est maintenue. ${reason["fr-CA"]}`
          : `${h(day, locale)} is ${what.en}: the date stands. ${reason.en}`,
    };
  }
  return {
    key: "deadline.no_roll",
    params: { date: formatIsoDate(day) },
    text:
      locale === "fr-CA"
        ? `${h(day, locale)} est ${what.fr} ; aucun report n'est appliqué pour ce régime (voir les notes de la règle) : l'échéance est maintenue`
        : `${h(day, locale)} is ${what.en}; no roll-forward is applied under this regime (see the rule notes): the date stands`,
  };
}

export function explainExtension(
  locale: Locale,
  at: number,
  noticeBy: number,
  newDate: number,
  partial: boolean,
): ExplanationStep {
  return {
    key: "deadline.extended",
    params: { at: formatIsoDate(at), noticeBy: formatIsoDate(noticeBy), date: formatIsoDate(newDate) },
    text:
      locale === "fr-CA"
        ? `Avis de prolongation donné le ${h(at, locale)} (au plus tard le ${h(noticeBy, locale)}) : nouvelle échéance ${partial ? "annoncée " : ""}le ${h(newDate, locale)}`
        : `Extension notice given on ${h(at, locale)} (due by ${h(noticeBy, locale)}): new ${partial ? "stated " : ""}deadline ${h(newDate, locale)}`,
  };
}

export function explainRespondBy(locale: Locale, day: number, timeZone: string): ExplanationStep {
  return {
    key: "deadline.respond_by",
    params: { date: formatIsoDate(day), timeZone },
    text:
      locale === "fr-CA"
        ? `Répondre au plus tard le ${h(day, locale)}, fin de journée (${timeZone})`
        : `Respond by ${h(day, locale)}, end of day (${timeZone})`,
  };
}

export function explainDeemedRefusal(locale: Locale, day: number, citation: string): ExplanationStep {
  return {
    key: "deadline.deemed_refusal",
    params: { date: formatIsoDate(day), citation },
    text:
      locale === "fr-CA"
        ? `Sans réponse au ${h(day, locale)}, la demande est réputée refusée (${citation})`
        : `No reply by ${h(day, locale)} means the request is deemed refused (${citation})`,
  };
}

export function explainAcknowledgeBy(locale: Locale, day: number, n: number, citation: string): ExplanationStep {
  return {
    key: "deadline.acknowledge_by",
    params: { date: formatIsoDate(day), days: n, citation },
    text:
      locale === "fr-CA"
        ? `Confirmer la réception au plus tard le ${h(day, locale)} (${n} jours ouvrables après la réception, ${citation})`
        : `Confirm receipt by ${h(day, locale)} (${n} business days after receipt, ${citation})`,
  };
}

/** Reviewed rules: the later reading, in words, with the date it gives. */
export function explainLatestDefensible(locale: Locale, day: number, citation: string): ExplanationStep {
  return {
    key: "deadline.latest_defensible",
    params: { date: formatIsoDate(day), citation },
    text:
      locale === "fr-CA"
        ? `Selon une autre lecture défendable de la loi (${citation}), l'échéance serait le ${h(day, locale)} au plus tard. Le portail retient la date la plus hâtive.`
        : `Under another defensible reading of the law (${citation}) the deadline would be as late as ${h(day, locale)}. The portal keeps the earlier date.`,
  };
}

export function explainAlternative(locale: Locale, day: number, citation: string): ExplanationStep {
  return {
    key: "deadline.alternative_reading",
    params: { date: formatIsoDate(day), citation },
    text:
      locale === "fr-CA"
        ? `Lecture plus tardive (${citation}) : ${h(day, locale)} — à titre indicatif ; l'échéance retenue est la plus hâtive`
        : `Later reading (${citation}): ${h(day, locale)} — for information; the earlier date is the one used`,
  };
}
