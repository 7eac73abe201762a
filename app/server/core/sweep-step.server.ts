/**
 * The contract between the sweep and its steps. Steps live with the feature whose data they
 * keep (audit checkpoints, identity purges, resident reminders…) and the sweep in jobs/ runs
 * them in order; the contract sits in core so a step never has to import the sweep that runs it.
 */
import type { SqlConnection } from "../../../db/client";
import { getSqlite, inTransaction } from "./db.server";

export interface SweepReport {
  at: string;
  /** requests whose deadline the engine recomputed */
  checked: number;
  /** staff reminder emails queued (T-7 + T-2) */
  remindersQueued: number;
  /** overdue emails queued (staff + resident) */
  overdueQueued: number;
  /** `deemed_refused` events appended */
  deemedRefused: number;
  /** `deadline_passed` events appended (overdue where silence is not a refusal) */
  deadlinePassed: number;
  /** requests skipped because their history could not be computed (logged) */
  errors: number;
  durationMs: number;
}

/** Yielded between units of work, so a caller can interleave sweeps or give the event loop a turn. */
export interface SweepCheckpoint {
  step: string;
  /** "planned": decided outside any transaction; "applied": its transaction committed; "batch": a batch was read. */
  phase: "planned" | "applied" | "batch";
  reference?: string;
}

export interface SweepContext {
  now: Date;
  sqlite: SqlConnection;
  batchSize: number;
  report: SweepReport;
}

export interface SweepStep {
  name: string;
  run(ctx: SweepContext): Generator<SweepCheckpoint, void, void>;
}

/** Runs `work` in one IMMEDIATE transaction on the sweep's connection. */
export function runImmediate<T>(sqlite: SqlConnection, work: () => T): T {
  if (sqlite === getSqlite()) return inTransaction(work);
  const result = sqlite.transaction(work).immediate();
  if (result instanceof Promise) throw new TypeError("sweep work must be synchronous");
  return result;
}
