/**
 * The worker loop: sends the outbox after commit and records a heartbeat. Runs inside the web
 * process by default, or alone (`npm run worker`, RUN_WORKER=false on the web process).
 */
import type { MailTransport } from "../../emails/transport";
import { getSqlite } from "./db.server";
import { dispatchOutbox } from "./outbox.server";
import { getRuntime } from "./runtime.server";

export interface WorkerHandle {
  wake(): void;
  stop(): Promise<void>;
  /** Runs one pass now (tests, `--once`). */
  runOnce(): Promise<void>;
}

export function writeHeartbeat(key: string, now: Date): void {
  getSqlite()
    .prepare("INSERT INTO portal_state (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at")
    .run(key, now.toISOString(), now.getTime());
}

export function startWorker(opts: { transport: MailTransport; intervalMs?: number; owner?: string }): WorkerHandle {
  const owner = opts.owner ?? `worker-${process.pid}`;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;

  async function pass(): Promise<void> {
    const clock = () => getRuntime().clock();
    // Drain in batches until nothing is due, so a burst does not wait for the next tick.
    for (let i = 0; i < 50; i++) {
      const r = await dispatchOutbox({ transport: opts.transport, now: clock, owner, limit: 20 });
      if (r.sent + r.retried + r.failed === 0) break;
    }
    writeHeartbeat("worker:heartbeat", clock());
  }

  function runOnce(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = pass()
      .catch((err: unknown) => {
        console.error(JSON.stringify({ level: "error", at: new Date().toISOString(), msg: "worker pass failed", error: String(err) }));
      })
      .finally(() => {
        running = null;
        if (again && !stopped) {
          again = false;
          void runOnce();
        }
      });
    return running;
  }

  const timer = setInterval(() => void runOnce(), opts.intervalMs ?? 1000);
  timer.unref();
  return {
    wake: () => {
      if (!stopped) setImmediate(() => void runOnce());
    },
    runOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      if (running) await running;
    },
  };
}
