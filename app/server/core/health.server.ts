/**
 * What /healthz reports about the process's own footing: the database answers, and when the
 * worker last showed a sign of life. Read-only and cheap, since load balancers poll it.
 */
import { getSqlite, prepareCached } from "./db.server";
import { readPortalState } from "./portal-state.server";

/** Throws when the database does not answer (the caller turns that into 503). */
export function pingDatabase(): void {
  prepareCached(getSqlite(), "SELECT 1").get();
}

export interface WorkerSignsOfLife {
  /** The worker's heartbeat (ISO time it wrote) and when it was written (epoch ms). */
  heartbeat: { value: string; updatedAt: number } | null;
  /** The last sweep's report as the sweep stored it (counts and its time, parsed from JSON). */
  lastSweep: Record<string, unknown> | null;
}

export function readWorkerSignsOfLife(): WorkerSignsOfLife {
  const hb = readPortalState("worker:heartbeat");
  const sweep = readPortalState("worker:last_sweep");
  return {
    heartbeat: hb ? { value: hb.value, updatedAt: hb.updated_at } : null,
    lastSweep: sweep ? (JSON.parse(sweep.value) as Record<string, unknown>) : null,
  };
}
