/**
 * `npm run worker [-- --once]`: the worker on its own (run the web process with RUN_WORKER=false).
 * Sends the outbox and runs the deadline sweep every minute until SIGTERM/SIGINT; with `--once`
 * it runs one pass (sweep, then outbox) and exits. Needs SMTP_URL: the embedded mail catcher
 * exists only inside `npm start`.
 */
import { openDatabase } from "../../db/client";
import { applyMigrations } from "../../db/migrate";
import { createMailTransport } from "../../emails/transport";
import { ConfigError, loadConfig, type PortalConfig } from "../server/core/env.server";
import { countOutbox } from "../server/mail/outbox.server";
import { setRuntime } from "../server/core/runtime.server";
import { readPortalState } from "../server/core/portal-state.server";
import { LAST_SWEEP_KEY } from "../server/jobs/deadline-sweep.server";
import { startWorker, type WorkerHandle } from "../server/jobs/worker.server";

const once = process.argv.slice(2).includes("--once");

let config: PortalConfig;
try {
  config = loadConfig(process.env);
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}
if (!config.smtpUrl) {
  console.error(
    "SMTP_URL is required for the standalone worker (e.g. SMTP_URL=smtp://user:pass@mail.example.org:587); the embedded mail catcher runs only inside `npm start`.",
  );
  process.exit(1);
}

const handle = openDatabase(config.databaseUrl ?? config.databasePath);
applyMigrations(handle);
const transport = createMailTransport(config.smtpUrl);
let worker: WorkerHandle | null = null;
setRuntime({
  config,
  handle,
  mailbox: null,
  clock: () => new Date(),
  wakeWorker: () => worker?.wake(),
});
worker = startWorker({ transport });

function summary(): string {
  const row = readPortalState(LAST_SWEEP_KEY, handle.sqlite);
  return JSON.stringify({
    level: "info",
    at: new Date().toISOString(),
    msg: "worker pass done",
    sweep: row ? (JSON.parse(row.value) as unknown) : null,
    outbox: countOutbox(),
  });
}

async function shutdown(code: number): Promise<never> {
  await worker?.stop();
  transport.close();
  handle.sqlite.close();
  process.exit(code);
}

if (once) {
  await worker.runOnce();
  console.log(summary());
  await shutdown(0);
} else {
  console.log(`Worker started (database ${handle.path}); sweeping every minute. Stop with SIGTERM.`);
  await worker.runOnce();
  let closing = false;
  const onSignal = (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`${signal}: stopping the worker`);
    void shutdown(0);
  };
  process.on("SIGINT", () => onSignal("SIGINT"));
  process.on("SIGTERM", () => onSignal("SIGTERM"));
  // The worker's timers are unref'd: keep the process alive until a signal arrives.
  setInterval(() => {}, 1 << 30);
}
