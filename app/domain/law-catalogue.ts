/**
 * The public catalogue of the rules (`/law`, `/api/v1/rules`): for every jurisdiction × request
 * type, the version in force on a given day and every earlier one, each with what a lawyer needs
 * to trust a date — citations, how the days are counted and by which statute, when a last day
 * moves, the extension and pause rules, the regulator and the resident's own window, the points
 * of law that are not settled (both readings) and when the rule was last reviewed.
 *
 * Pure: the rule registry in, plain data out (codes, dates and text in one language). `now` is
 * an argument, never the clock.
 *
 *   listRules() ──► group by rule id ──► versions sorted by effectiveFrom
 *                                           │
 *        findRule(j, t, now) ──► current ───┴──► RuleCatalogueEntry { current, history[] }
 */
import {
  describeJurisdiction,
  findRule,
  JURISDICTIONS,
  listRules,
  REQUEST_TYPES,
  type DeadlineRule,
  type JurisdictionCode,
  type Locale,
  type RequestType,
} from "./deadlines";

export interface PeriodView {
  kind: "calendar_days" | "business_days" | "months";
  length: number;
}

export interface RuleVersionView {
  version: number;
  /** local date (the rule's time zone) from which requests received get this version */
  effectiveFrom: string;
  /** the day a later version took over for new requests; null while in force */
  supersededFrom: string | null;
  lastReviewed: string | null;
  statutory: boolean;
  regime: string;
  citation: string;
  citations: string[];
  summary: string;
  period: PeriodView | null;
  counting: string;
  timeZone: string;
  computation: {
    citation: string;
    description: string | null;
    rollForward: string;
    holidays: { place: string; citation: string };
    certainty: string | null;
  };
  acknowledgement: { period: PeriodView; citation: string } | null;
  extension: { additional: PeriodView; conditions: string; citation: string; noticeBy: string } | null;
  pause: { allowed: boolean; reasons: string[]; modes: Record<string, string>; citation: string; explanation: string };
  noReply: "deemed_refusal" | null;
  complaint: {
    regulator: string;
    url: string | null;
    window: PeriodView | null;
    windowText: string;
    citation: string;
  } | null;
  /** where the law sets no deadline: what it does require, and the default service target */
  nonStatutory: { requirements: string; defaultServiceTargetDays: number } | null;
  uncertainties: { id: string; text: string; sources: string[]; inLatestDefensibleDate: boolean }[];
  /** this version replaces an earlier one — a correction of how it was counted, or a change in the law — and what changed */
  replaces: { version: number; reason: "correction" | "change_in_law"; changes: string } | null;
}

export interface RuleCatalogueEntry {
  ruleId: string;
  jurisdiction: JurisdictionCode;
  type: RequestType;
  current: RuleVersionView;
  /** every version, oldest first (the current one included) */
  history: RuleVersionView[];
}

export interface JurisdictionCatalogue {
  code: JurisdictionCode;
  name: string;
  regime: string;
  regimeName: string;
  timeZone: string;
  lastReviewed: string | null;
  entries: RuleCatalogueEntry[];
}

function period(p: { kind: PeriodView["kind"]; length: number }): PeriodView {
  return { kind: p.kind, length: p.length };
}

/** One version of a rule, in one language. */
export function describeRuleVersion(
  rule: DeadlineRule,
  locale: Locale,
  supersededFrom: string | null,
): RuleVersionView {
  const r = rule;
  const calendar = r.computation.holidayCalendar;
  return {
    version: r.version,
    effectiveFrom: r.effectiveFrom,
    supersededFrom,
    lastReviewed: r.lastReviewed,
    statutory: r.statutory,
    regime: r.regime,
    citation: r.citation,
    citations: [...r.citations],
    summary: r.summary[locale],
    period: r.period ? period(r.period) : null,
    counting: r.counting,
    timeZone: r.timeZone,
    computation: {
      citation: r.computation.citation,
      description: r.computation.description[locale],
      rollForward: r.computation.rollForward,
      holidays: { place: calendar.place[locale], citation: calendar.citation },
      certainty: r.computation.certainty,
    },
    acknowledgement: r.acknowledgement
      ? { period: period(r.acknowledgement.period), citation: r.acknowledgement.citation }
      : null,
    extension: r.extension
      ? {
          additional: period(r.extension.additional),
          conditions: r.extension.conditions[locale],
          citation: r.extension.citation,
          noticeBy: r.extension.noticeBy,
        }
      : null,
    pause: {
      allowed: r.pause.allowed,
      reasons: [...r.pause.reasons],
      modes: { ...r.pause.modes },
      citation: r.pause.citation,
      explanation: r.pause.explanation[locale],
    },
    noReply: r.noReply,
    complaint: r.complaint
      ? {
          regulator: r.complaint.regulator[locale],
          url: r.complaint.url,
          window: r.complaint.window ? period(r.complaint.window) : null,
          windowText: r.complaint.windowText[locale],
          citation: r.complaint.citation,
        }
      : null,
    nonStatutory: r.nonStatutory
      ? {
          requirements: r.nonStatutory.requirements[locale],
          defaultServiceTargetDays: r.nonStatutory.defaultServiceTargetDays,
        }
      : null,
    uncertainties: r.uncertainties.map((u) => ({
      id: u.id,
      text: u.text[locale],
      sources: [...u.sources],
      inLatestDefensibleDate: u.inLatestDefensibleDate,
    })),
    replaces: r.replaces
      ? { version: r.replaces.version, reason: r.replaces.reason, changes: r.replaces.changes[locale] }
      : null,
  };
}

function versionsOf(ruleId: string): DeadlineRule[] {
  return listRules()
    .filter((r) => r.id === ruleId)
    .sort((a, b) =>
      a.effectiveFrom < b.effectiveFrom ? -1 : a.effectiveFrom > b.effectiveFrom ? 1 : a.version - b.version,
    );
}

/** The catalogue entry of one jurisdiction × type, with the version in force on `now`. */
export function describeRuleEntry(
  jurisdiction: JurisdictionCode,
  type: RequestType,
  opts: { now: Date; locale: Locale },
): RuleCatalogueEntry {
  const versions = versionsOf(`${jurisdiction}/${type}`);
  const history = versions.map((v, i) => {
    // Versions are sorted by effective date: the next one took over from its own date (the same
    // day, for a correction of how this one counted).
    const next = versions[i + 1];
    return describeRuleVersion(v, opts.locale, next ? next.effectiveFrom : null);
  });
  const current = findRule(jurisdiction, type, opts.now);
  return {
    ruleId: `${jurisdiction}/${type}`,
    jurisdiction,
    type,
    current: describeRuleVersion(current, opts.locale, null),
    history,
  };
}

/** Every request type of one jurisdiction. */
export function describeJurisdictionLaw(
  code: JurisdictionCode,
  opts: { now: Date; locale: Locale },
): JurisdictionCatalogue {
  const j = describeJurisdiction(code, opts.locale);
  const entries = REQUEST_TYPES.map((t) => describeRuleEntry(code, t, opts));
  const reviewed = entries.map((e) => e.current.lastReviewed).filter((d): d is string => d !== null);
  return {
    code,
    name: j.name,
    regime: j.regime,
    regimeName: j.regimeName,
    timeZone: j.timeZone,
    lastReviewed: reviewed.length ? reviewed.sort()[0]! : null,
    entries,
  };
}

/** The whole catalogue (every jurisdiction), in the order of JURISDICTIONS. */
export function describeLawCatalogue(opts: {
  now: Date;
  locale: Locale;
  jurisdiction?: JurisdictionCode;
  type?: RequestType;
}): JurisdictionCatalogue[] {
  const codes = opts.jurisdiction ? [opts.jurisdiction] : [...JURISDICTIONS];
  return codes.map((code) => {
    const c = describeJurisdictionLaw(code, opts);
    return opts.type ? { ...c, entries: c.entries.filter((e) => e.type === opts.type) } : c;
  });
}
