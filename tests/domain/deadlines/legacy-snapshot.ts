// A fingerprint of what every stored rule version says and computes. Requests keep the rule
// version they were filed under, so a version's dates must never change once it has been used:
// legacy-versions.test.ts compares each version's fingerprint with the one recorded in
// legacy-versions.json. New versions are added to the file; existing entries are never edited.
//
// Regenerate (adds missing entries only): npx tsx tests/domain/deadlines/legacy-snapshot.ts --write
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  computeDeadline,
  DeadlineRuleError,
  listRules,
  type DeadlineEvent,
  type DeadlineRule,
} from "~/domain/deadlines";

export const SNAPSHOT_FILE = fileURLToPath(new URL("./legacy-versions.json", import.meta.url));

/** The fields of a rule as first published (fields added later are not part of the fingerprint). */
const RULE_FIELDS = [
  "id",
  "version",
  "effectiveFrom",
  "jurisdiction",
  "type",
  "regime",
  "regimeName",
  "statutory",
  "citation",
  "citations",
  "summary",
  "period",
  "counting",
  "rollForward",
  "timeZone",
  "acknowledgement",
  "extension",
  "pause",
  "noReply",
  "complaint",
  "nonStatutory",
] as const;

function canonical(x: unknown): string {
  return JSON.stringify(x, (_k, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

const noon = (iso: string) => new Date(`${iso}T12:00:00Z`);
const addDays = (iso: string, n: number) =>
  new Date(Date.parse(`${iso}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

// Receipts around weekends, month ends, leap days and the holidays of every calendar we use.
const RECEIPTS: string[] = [];
for (let d = 0; d < 760; d += 5) RECEIPTS.push(addDays("2025-01-01", d));
RECEIPTS.push(
  "2024-01-30",
  "2024-01-31",
  "2026-01-31",
  "2026-02-04",
  "2026-02-05",
  "2026-02-06",
  "2026-11-25",
  "2026-12-23",
  "2027-01-29",
);

function scenarios(receipt: string): { name: string; events: DeadlineEvent[]; now: Date }[] {
  const out: { name: string; events: DeadlineEvent[]; now: Date }[] = [
    { name: "plain", events: [], now: noon(receipt) },
  ];
  for (const n of [10, 28, 29, 30, 31, 32, 44, 45, 46, 47, 48]) {
    out.push({
      name: `ext+${n}`,
      events: [{ type: "extended", at: noon(addDays(receipt, n)), reason: "x" }],
      now: noon(receipt),
    });
  }
  for (const reason of ["identity", "clarification"] as const) {
    out.push({
      name: `pause-${reason}`,
      events: [
        { type: "paused", at: noon(addDays(receipt, 3)), reason },
        { type: "resumed", at: noon(addDays(receipt, 9)) },
      ],
      now: noon(addDays(receipt, 20)),
    });
    out.push({
      name: `open-${reason}`,
      events: [{ type: "paused", at: noon(addDays(receipt, 2)), reason }],
      now: noon(addDays(receipt, 6)),
    });
  }
  out.push({
    name: "ack",
    events: [{ type: "acknowledged", at: noon(addDays(receipt, 12)) }],
    now: noon(addDays(receipt, 50)),
  });
  return out;
}

function outcome(rule: DeadlineRule, receipt: string, s: { events: DeadlineEvent[]; now: Date }): unknown {
  try {
    const r = computeDeadline({ rule, receivedAt: noon(receipt), events: s.events, now: s.now, explain: false });
    return [
      r.originalRespondBy,
      r.respondBy,
      r.extension,
      r.extendedTo,
      r.acknowledgeBy,
      r.acknowledgedOnTime,
      r.pausedDays,
      r.pauseOpen,
      r.state,
      r.complaint?.deadline ?? null,
      r.latestDefensibleRespondBy,
    ];
  } catch (e) {
    if (e instanceof DeadlineRuleError) return ["error", e.code];
    throw e;
  }
}

export function fingerprint(rule: DeadlineRule): string {
  const h = createHash("sha256");
  h.update(canonical(Object.fromEntries(RULE_FIELDS.map((k) => [k, rule[k]]))));
  h.update(canonical({ calendar: rule.holidayCalendar.id }));
  for (const receipt of RECEIPTS)
    for (const s of scenarios(receipt)) h.update(canonical([receipt, s.name, outcome(rule, receipt, s)]));
  return h.digest("hex");
}

export function readSnapshot(): Record<string, string> {
  return JSON.parse(readFileSync(SNAPSHOT_FILE, "utf8")) as Record<string, string>;
}

if (process.argv.includes("--write")) {
  let existing: Record<string, string> = {};
  try {
    existing = readSnapshot();
  } catch {
    existing = {};
  }
  const next: Record<string, string> = { ...existing };
  for (const rule of listRules()) {
    const key = `${rule.id}@${rule.version}`;
    if (!(key in next)) next[key] = fingerprint(rule);
  }
  const sorted = Object.fromEntries(Object.entries(next).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(SNAPSHOT_FILE, JSON.stringify(sorted, null, 1) + "\n");
  console.log(
    `${Object.keys(sorted).length} versions (${Object.keys(sorted).length - Object.keys(existing).length} added)`,
  );
}
