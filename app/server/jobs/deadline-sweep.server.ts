/**
 * The sweep, run every minute by the worker (and by `npm run worker -- --once`): each step of
 * SWEEP_STEPS in order — statutory deadlines first (deadline-step), then resident reminders and
 * photo purges, identity purges, digests, housekeeping and audit checkpoints — on one context,
 * yielding between units of work, then the heartbeat. Each step keeps its own idempotency, so
 * a second sweep at the same instant, or a concurrent one on another connection, changes nothing.
 */
import type { SqlConnection } from "../../../db/client";
import { checkpointStep } from "../audit/checkpoints.server";
import { digestStep, housekeepingStep, photoPurgeStep, verificationStep } from "./resident-sweep.server";
import { identityPurgeStep } from "./identity-purge.server";
import { getSqlite } from "../core/db.server";
import { writePortalState } from "../core/portal-state.server";
import {
  runImmediate as immediate,
  type SweepCheckpoint,
  type SweepContext,
  type SweepReport,
  type SweepStep,
} from "../core/sweep-step.server";
import { deadlineStep } from "./deadline-step.server";

export const DEFAULT_BATCH_SIZE = 500;

/** portal_state key of the sweep heartbeat (the web process keeps `worker:heartbeat`). */
export const LAST_SWEEP_KEY = "worker:last_sweep";

export interface SweepOptions {
  now: Date;
  /** Another connection to the same database (tests of concurrent sweeps); default: the runtime's. */
  sqlite?: SqlConnection;
  batchSize?: number;
}

// ---------------------------------------------------------------------------------------------

/** The sweep's steps, in order. Add verification reminders, photo purges… here. */
export const SWEEP_STEPS: readonly SweepStep[] = [
  deadlineStep,
  verificationStep,
  photoPurgeStep,
  identityPurgeStep,
  digestStep,
  housekeepingStep,
  checkpointStep,
];

/**
 * The sweep as a generator: yields a checkpoint between units of work and returns the report
 * (after writing the heartbeat). Tests interleave two of these; the worker yields to the event
 * loop between slices; `runSweep` simply drains it.
 */
export function* sweepIterator(opts: SweepOptions): Generator<SweepCheckpoint, SweepReport, void> {
  const started = performance.now();
  const ctx: SweepContext = {
    now: opts.now,
    sqlite: opts.sqlite ?? getSqlite(),
    batchSize: Math.max(1, opts.batchSize ?? DEFAULT_BATCH_SIZE),
    report: {
      at: opts.now.toISOString(),
      checked: 0,
      remindersQueued: 0,
      overdueQueued: 0,
      deemedRefused: 0,
      deadlinePassed: 0,
      errors: 0,
      durationMs: 0,
    },
  };
  for (const step of SWEEP_STEPS) yield* step.run(ctx);
  ctx.report.durationMs = Math.round(performance.now() - started);
  writeSweepHeartbeat(ctx.sqlite, ctx.report, opts.now);
  return ctx.report;
}

function writeSweepHeartbeat(sqlite: SqlConnection, r: SweepReport, now: Date): void {
  const value = JSON.stringify({
    at: r.at,
    checked: r.checked,
    remindersQueued: r.remindersQueued,
    overdueQueued: r.overdueQueued,
    deemedRefused: r.deemedRefused,
  });
  immediate(sqlite, () => writePortalState(LAST_SWEEP_KEY, value, now.getTime(), sqlite));
}

/** One synchronous sweep pass at `now`. */
export function runSweep(opts: SweepOptions): SweepReport {
  const it = sweepIterator(opts);
  for (;;) {
    const r = it.next();
    if (r.done) return r.value;
  }
}

/** The same pass, giving the event loop a turn every `sliceMs` (the worker runs inside the web process). */
export async function runSweepInSlices(opts: SweepOptions & { sliceMs?: number }): Promise<SweepReport> {
  const sliceMs = opts.sliceMs ?? 50;
  const it = sweepIterator(opts);
  let sliceStart = performance.now();
  for (;;) {
    const r = it.next();
    if (r.done) return r.value;
    if (performance.now() - sliceStart >= sliceMs) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
  }
}
