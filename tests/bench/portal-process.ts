/**
 * The production portal as a child process, started exactly like tests/e2e/harness.ts does
 * (node app/cli/serve.mjs, NODE_ENV=production) against the seeded database, with
 * a throwaway SMTP server on 127.0.0.1 so the worker's emails go nowhere real.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { serverNodeFlags } from "../helpers/server-command";
import { startTestSmtp, type TestSmtp } from "../helpers/smtp";

/** The portal's DATA_KEY in the benchmark; the seed encrypts the demo TOTP secrets with it. */
export const BENCH_DATA_KEY_HEX = "42".repeat(32);

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const BUILD_ENTRY = path.join(ROOT, "build", "index.js");

export interface BuildReport {
  built: boolean;
  reason: string;
  seconds: number;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * Runs `remix build` when build/ is missing or older than app/: benchmarking a stale bundle
 * would measure code that is no longer in the tree (and could lack /bench/baseline).
 */
export function ensureBuild(): BuildReport {
  let reason = "";
  if (!fs.existsSync(BUILD_ENTRY)) reason = "build/ is missing";
  else {
    // The server bundle also compiles emails/ and db/ in.
    const stale = ["app", "emails", "db"].find(
      (dir) => newestMtime(path.join(ROOT, dir)) > fs.statSync(BUILD_ENTRY).mtimeMs,
    );
    if (stale) reason = `${stale}/ is newer than build/`;
  }
  if (!reason && !fs.readFileSync(BUILD_ENTRY, "utf8").includes("routes/bench.baseline"))
    reason = "build/ lacks routes/bench.baseline";
  if (!reason) return { built: false, reason: "build/ is up to date", seconds: 0 };
  console.log(`Building (${reason})…`);
  const t0 = performance.now();
  const result = spawnSync(
    process.execPath,
    [path.join(ROOT, "node_modules", "@remix-run", "dev", "dist", "cli.js"), "build"],
    {
      cwd: ROOT,
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, NODE_ENV: "production" },
    },
  );
  if (result.status !== 0) throw new Error(`remix build failed (exit ${result.status})`);
  return { built: true, reason, seconds: round((performance.now() - t0) / 1000) };
}

async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export interface RunningPortal {
  url: string;
  smtp: TestSmtp;
  /** Pid of the process that serves HTTP (tsx runs the script in a child of its own). */
  serverPid: number;
  output(): string;
  /** Resident set of the serving process, in MB (VmRSS), and its peak (VmHWM). */
  readMemory(): { rssMb: number; peakRssMb: number };
  assertAlive(): void;
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();

/** Kills the portal's whole process group: the tsx wrapper and the node process it runs. */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid == null || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    /* already gone */
  }
}

// A crash or Ctrl-C in the benchmark must not leave a portal listening.
process.on("exit", () => {
  for (const child of live) killGroup(child, "SIGKILL");
});

function listChildren(pid: number): number[] {
  try {
    return fs
      .readdirSync(`/proc/${pid}/task`)
      .flatMap((tid) => fs.readFileSync(`/proc/${pid}/task/${tid}/children`, "utf8").trim().split(/\s+/))
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

/**
 * The process that runs serve.mjs (plain node; older runs went through tsx, whose CLI re-runs the script in a child)
 * (and a loader may spawn helpers such as esbuild), so take the deepest descendant whose
 * command line names the script.
 */
function findServingPid(pid: number): number {
  let found = pid;
  let level = [pid];
  while (level.length) {
    for (const p of level) {
      try {
        if (fs.readFileSync(`/proc/${p}/cmdline`, "utf8").includes("app/cli/serve.mjs")) found = p;
      } catch {
        /* exited meanwhile */
      }
    }
    level = level.flatMap(listChildren);
  }
  return found;
}

function readStatusKb(pid: number, field: string): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) : 0;
}

export async function startPortal(opts: {
  dbPath: string;
  databaseUrl?: string;
  filesDir: string;
  runWorker: boolean;
  nodeArgs?: string[];
}): Promise<RunningPortal> {
  const smtp = await startTestSmtp();
  const port = await findFreePort();
  let output = "";
  const child = spawn(process.execPath, [...serverNodeFlags(), ...(opts.nodeArgs ?? []), "app/cli/serve.mjs"], {
    cwd: ROOT,
    // Own process group, so stop() and the exit hook reach tsx's child too.
    detached: true,
    env: {
      ...process.env,
      NODE_ENV: "production",
      SKIP_BUILD: "1",
      PORT: String(port),
      HOST: "127.0.0.1",
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      DATABASE_PATH: opts.dbPath,
      // --db postgres: the same data, copied into PostgreSQL (DATABASE_URL wins over the file).
      ...(opts.databaseUrl ? { DATABASE_URL: opts.databaseUrl } : {}),
      FILES_DIR: opts.filesDir,
      SMTP_URL: smtp.url,
      SESSION_SECRET: "bench-session-secret-bench-session-secret",
      DATA_KEY: BENCH_DATA_KEY_HEX,
      AUDIT_SIGNING_KEY: (
        crypto.generateKeyPairSync("ed25519").privateKey.export({ format: "der", type: "pkcs8" }) as Buffer
      ).toString("base64"),
      // The benchmark seeded the database itself, before the server starts.
      SEED_DEMO: "0",
      RUN_WORKER: opts.runWorker ? "true" : "false",
      // The load comes from one address: abuse limits would turn the filing bench into 429s.
      RATE_LIMIT_SCALE: "1000000",
      // Each response says how many statements it ran (X-Query-Count), printed per page.
      BENCH_COUNT_QUERIES: "1",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  live.add(child);
  child.stdout!.on("data", (b: Buffer) => (output += b.toString()));
  child.stderr!.on("data", (b: Buffer) => (output += b.toString()));
  const stopAll = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      killGroup(child, "SIGTERM");
      const timer = setTimeout(() => killGroup(child, "SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    }
    live.delete(child);
    await smtp.close();
  };
  try {
    const deadline = Date.now() + 60_000;
    while (!output.includes("listening on")) {
      if (child.exitCode !== null) throw new Error(`portal exited early:\n${output}`);
      if (Date.now() > deadline) throw new Error(`portal did not start within 60 s:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } catch (err) {
    await stopAll();
    throw err;
  }
  const serverPid = findServingPid(child.pid!);
  return {
    url: `http://127.0.0.1:${port}`,
    smtp,
    serverPid,
    output: () => output,
    readMemory: () => ({
      rssMb: round(readStatusKb(serverPid, "VmRSS") / 1024),
      peakRssMb: round(readStatusKb(serverPid, "VmHWM") / 1024),
    }),
    assertAlive() {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`portal died (exit ${child.exitCode ?? child.signalCode}):\n${output.slice(-4000)}`);
    },
    stop: stopAll,
  };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
