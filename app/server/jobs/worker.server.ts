/**
 * The worker loop: sends the outbox after commit, runs the deadline sweep every minute and
 * records heartbeats. Runs inside the web process by default, or alone (`npm run worker`,
 * RUN_WORKER=false on the web process).
 */
import type { MailTransport } from "../../../emails/transport";
import { writePortalState } from "../core/portal-state.server";
import { dispatchOutbox } from "../mail/outbox.server";
import { getRuntime } from "../core/runtime.server";
import { runSweepInSlices } from "./deadline-sweep.server";
import { dispatchWebhooks } from "../webhooks/deliver-webhooks.server";

export const SWEEP_INTERVAL_MS = 60_000;

export interface WorkerHandle {
  wake(): void;
  stop(): Promise<void>;
  /** Runs one full pass now — deadline sweep, then the outbox — and resolves when it is done (tests, `--once`). */
  runOnce(): Promise<void>;
}

export function writeHeartbeat(key: string, now: Date): void {
  writePortalState(key, now.toISOString(), now.getTime());
}

export function startWorker(opts: {
  transport: MailTransport;
  intervalMs?: number;
  sweepIntervalMs?: number;
  owner?: string;
}): WorkerHandle {
  const owner = opts.owner ?? `worker-${process.pid}`;
  let running: Promise<void> | null = null;
  let queued: Promise<void> | null = null;
  let stopped = false;
  // Set by the sweep timer and by runOnce; the next pass sweeps before sending.
  let sweepDue = false;

  async function pass(): Promise<void> {
    const clock = () => getRuntime().clock();
    if (sweepDue) {
      sweepDue = false;
      // Sweep first, so the emails it queues leave in this same pass.
      await runSweepInSlices({ now: clock() });
    }
    // Drain in batches until nothing is due, so a burst does not wait for the next tick.
    for (let i = 0; i < 50; i++) {
      const r = await dispatchOutbox({ transport: opts.transport, now: clock, owner, limit: 20 });
      if (r.sent + r.retried + r.failed === 0) break;
    }
    // Webhooks after email, one batch (sent in parallel, 10 s cap each) per pass: a slow receiver never holds up residents' emails for long.
    await dispatchWebhooks({ now: clock, owner, limit: 20 });
    writeHeartbeat("worker:heartbeat", clock());
  }

  function start(): Promise<void> {
    running = pass()
      .catch((err: unknown) => {
        console.error(
          JSON.stringify({
            level: "error",
            at: new Date().toISOString(),
            msg: "worker pass failed",
            error: String(err),
          }),
        );
      })
      .finally(() => {
        running = null;
      });
    return running;
  }

  /** Starts a pass, or — when one is running — one more pass after it; resolves when that pass ends. */
  function trigger(): Promise<void> {
    if (stopped) return queued ?? running ?? Promise.resolve();
    if (!running) return start();
    if (!queued) {
      queued = running.then(() => {
        queued = null;
        return stopped ? undefined : start();
      });
    }
    return queued;
  }

  function runOnce(): Promise<void> {
    sweepDue = true;
    return trigger();
  }

  const timer = setInterval(() => void trigger(), opts.intervalMs ?? 1000);
  timer.unref();
  const sweepTimer = setInterval(() => {
    sweepDue = true;
    void trigger();
  }, opts.sweepIntervalMs ?? SWEEP_INTERVAL_MS);
  sweepTimer.unref();
  return {
    wake: () => {
      if (!stopped) setImmediate(() => void trigger());
    },
    runOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      clearInterval(sweepTimer);
      await (queued ?? running);
    },
  };
}
