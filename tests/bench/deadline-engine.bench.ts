// Throughput benchmark of computeDeadline (not domain code: it may read the clock).
// Run: npx tsx tests/bench/deadline-engine.bench.ts [iterations]
import { pathToFileURL } from "node:url";
import {
  computeDeadline,
  findRule,
  type DeadlineRule,
  type JurisdictionCode,
  type RequestType,
} from "../../app/domain/deadlines";

const MIX: [JurisdictionCode, RequestType][] = [
  ["US-CA", "access"],
  ["GB", "access"],
  ["US-CA", "deletion"],
  ["FR", "access"],
  ["CA-QC", "access"],
  ["DE", "deletion"],
  ["US-CO", "access"],
  ["CA", "access"],
];

const DAY = 86_400_000;
const BASE = Date.UTC(2026, 0, 1);
const NOW = new Date(Date.UTC(2026, 5, 15, 12));

export function benchDeadlineEngine(opts?: {
  iterations?: number;
  explain?: boolean;
  mix?: readonly [JurisdictionCode, RequestType][];
}): { opsPerSec: number; iterations: number } {
  const iterations = opts?.iterations ?? 400_000;
  const mix = opts?.mix ?? MIX;
  // Receipt instants spread over two years at varied times of day (incl. late-evening local times).
  const receipts: Date[] = [];
  for (let i = 0; i < 1024; i++) receipts.push(new Date(BASE + ((i * 7919) % 730) * DAY + ((i * 104_729) % DAY)));
  const rules: DeadlineRule[] = receipts.map((r, i) => {
    const [j, t] = mix[i % mix.length]!;
    return findRule(j, t, r);
  });
  const explain = opts?.explain;
  // Warm-up: fills holiday/offset caches and lets the JIT settle, as in a long-running server.
  let sink = 0;
  for (let i = 0; i < 20_000; i++) {
    const k = i & 1023;
    sink += computeDeadline({ rule: rules[k]!, receivedAt: receipts[k]!, now: NOW, explain }).daysLeft;
  }
  const t0 = performance.now();
  for (let i = 0; i < iterations; i++) {
    const k = i & 1023;
    sink += computeDeadline({ rule: rules[k]!, receivedAt: receipts[k]!, now: NOW, explain }).daysLeft;
  }
  const ms = performance.now() - t0;
  if (sink === Number.MIN_SAFE_INTEGER) console.log(sink); // keep the work observable
  return { opsPerSec: Math.round((iterations / ms) * 1000), iterations };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const iterations = Number(process.argv[2]) || 400_000;
  const fmt = (n: number) => n.toLocaleString("en-US").padStart(9);
  const runs: [string, Parameters<typeof benchDeadlineEngine>[0]][] = [
    ["mix of 8 rules, default (with explanation)", {}],
    ["mix of 8 rules, explain: false", { explain: false }],
    ["US-CA access only, default", { mix: [["US-CA", "access"]] }],
    ["GB access only, default", { mix: [["GB", "access"]] }],
  ];
  for (const [label, o] of runs) {
    const r = benchDeadlineEngine({ iterations, ...o });
    console.log(`${fmt(r.opsPerSec)} computeDeadline/s  ${label} (${r.iterations} calls)`);
  }
}
