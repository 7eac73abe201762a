/**
 * The transparency board's build, in-process on the seeded file: how long one whole build takes
 * (once per quarter hour and process) and the longest the event loop waits for one of its steps
 * (what any other request of the process can wait behind it). Measured, not a target.
 */
import { openDatabase } from "../../db/client";
import { loadConfig } from "../../app/server/core/env.server";
import { clearRuntime, setRuntime } from "../../app/server/core/runtime.server";
import { buildPublicBoardInSteps } from "../../app/server/transparency/board.server";

export interface BoardBuildResult {
  /** Wall time of the whole build. */
  seconds: number;
  /** The longest single step, between two turns of the event loop. */
  longestStepMs: number;
  steps: number;
  companies: number;
  /** Size of the board as JSON (what the process keeps for the quarter hour). */
  jsonBytes: number;
}

export async function measureBoardBuild(target: string): Promise<BoardBuildResult> {
  const handle = openDatabase(target);
  const now = new Date();
  setRuntime({
    config: loadConfig({
      NODE_ENV: "test",
      ...(target.startsWith("postgres") ? { DATABASE_URL: target } : { DATABASE_PATH: target }),
      SESSION_SECRET: "bench-session-secret-bench-session-secret",
      DATA_KEY: "42".repeat(32),
    }),
    handle,
    mailbox: null,
    clock: () => now,
    wakeWorker: () => {},
  });
  let last = performance.now();
  let longest = 0;
  let steps = 0;
  let running = true;
  const tick = () => {
    const t = performance.now();
    longest = Math.max(longest, t - last);
    last = t;
    steps += 1;
    if (running) setImmediate(tick);
  };
  try {
    const started = performance.now();
    setImmediate(tick);
    const board = await buildPublicBoardInSteps(new Date(Math.floor(now.getTime() / 900_000) * 900_000));
    running = false;
    return {
      seconds: Math.round((performance.now() - started) / 10) / 100,
      longestStepMs: Math.round(longest * 10) / 10,
      steps,
      companies: board.companies.length,
      jsonBytes: JSON.stringify(board).length,
    };
  } finally {
    running = false;
    clearRuntime();
    handle.sqlite.close();
  }
}
