/**
 * The worker loop and `npm run worker` with a real SMTP server on 127.0.0.1: the deadline
 * sweep's emails are delivered exactly once, from `runOnce()`, from the sweep timer, and from
 * two standalone `--once` processes racing on the same database file.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createMailTransport, type MailTransport } from "../../emails/transport";
import { listEvents } from "../../app/server/requests/record-change.server";
import { confirmEmail } from "../../app/server/resident/confirm-email.server";
import { fileRequest } from "../../app/server/resident/file-request.server";
import { LAST_SWEEP_KEY } from "../../app/server/jobs/deadline-sweep.server";
import { startWorker, type WorkerHandle } from "../../app/server/jobs/worker.server";
import type { FilingInput } from "../../app/domain/schemas";
import { createTestPortal, insertUser, insertVendor, verifyPathFor, type TestPortal } from "../helpers/test-portal";
import { startTestSmtp, type TestSmtp } from "../helpers/smtp";

const root = path.resolve(__dirname, "../..");
const SWEEP_TEMPLATES = ["staff-due-soon", "staff-overdue", "deadline-passed"];

let portal: TestPortal;
let smtp: TestSmtp;
let transport: MailTransport;
let worker: WorkerHandle | null;
let seq = 0;

beforeEach(async () => {
  portal = createTestPortal({ now: "2026-03-05T15:00:00Z" });
  smtp = await startTestSmtp();
  transport = createMailTransport(smtp.url);
  worker = null;
  const vendorId = insertVendor(portal.handle, { slug: "facette", name: "Facette AI" }).id;
  await insertUser(portal.handle, {
    email: "agent@facette.example",
    password: "correct horse battery staple",
    role: "vendor_agent",
    vendorId,
    name: "Agent",
  });
});
afterEach(async () => {
  vi.useRealTimers();
  await worker?.stop();
  transport.close();
  await smtp.close();
  portal.close();
});

function file(jurisdiction: FilingInput["jurisdiction"], email: string, at: Date): string {
  seq += 1;
  const reference = fileRequest(
    {
      jurisdiction,
      vendor: ["facette"],
      type: ["access"],
      fullName: "Léa Tremblay",
      email,
      idempotencyKey: `worker-test-key-${String(seq).padStart(4, "0")}`,
    },
    { locale: "en", now: at },
  ).requests[0]!.reference;
  confirmEmail(verifyPathFor(portal.handle, email).replace(/^\/verify\//, ""), { now: at });
  return reference;
}

function outbox(): { template: string; to_address: string; status: string; message_id: string }[] {
  return portal.handle.sqlite
    .prepare("SELECT template, to_address, status, message_id FROM email_outbox ORDER BY id")
    .all() as never;
}
function sweepRows() {
  return outbox().filter((r) => SWEEP_TEMPLATES.includes(r.template));
}

/** Every outbox row was delivered, and every delivered message arrived exactly once. */
function expectEachSentOnce() {
  const rows = outbox();
  expect(rows.every((r) => r.status === "sent")).toBe(true);
  const received = smtp.received.map((m) => m.messageId).sort();
  expect(received).toEqual(rows.map((r) => r.message_id).sort());
}

function state(key: string): string | null {
  const row = portal.handle.sqlite.prepare("SELECT value FROM portal_state WHERE key = ?").get(key) as
    { value: string } | undefined;
  return row?.value ?? null;
}

describe("worker loop", () => {
  it("runOnce() sweeps, then delivers the sweep's emails through a real SMTP server exactly once", async () => {
    const at = portal.now();
    file("CA-QC", "qc@example.com", at); // due 4 Apr: overdue on 5 Apr
    file("GB", "gb@example.com", at); // due 7 Apr: T-2 on 5 Apr
    portal.setNow("2026-04-05T12:00:00Z");
    worker = startWorker({ transport, intervalMs: 3_600_000, sweepIntervalMs: 3_600_000 });
    await worker.runOnce();
    expect(
      sweepRows()
        .map((r) => [r.template, r.to_address])
        .sort(),
    ).toEqual([
      ["deadline-passed", "qc@example.com"],
      ["staff-due-soon", "agent@facette.example"],
      ["staff-overdue", "agent@facette.example"],
    ]);
    expectEachSentOnce();
    const deadlinePassed = smtp.received.find((m) => m.to.includes("qc@example.com") && /deadline/i.test(m.subject));
    expect(deadlinePassed?.text).toMatch(/http:\/\/localhost:3000\/r\/[A-Za-z0-9_-]{43}/);

    const count = smtp.received.length;
    await worker.runOnce();
    portal.setNow("2026-04-05T12:01:00Z");
    await worker.runOnce();
    expect(smtp.received).toHaveLength(count);
    expectEachSentOnce();
    expect(JSON.parse(state(LAST_SWEEP_KEY)!)).toMatchObject({
      at: "2026-04-05T12:01:00.000Z",
      remindersQueued: 0,
      overdueQueued: 0,
    });
    expect(state("worker:heartbeat")).toBe("2026-04-05T12:01:00.000Z");
  });

  it("the sweep runs on its own timer, not on every outbox tick", async () => {
    file("CA-QC", "qc@example.com", portal.now());
    portal.setNow("2026-04-05T12:00:00Z");
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    worker = startWorker({ transport, intervalMs: 1_000, sweepIntervalMs: 60_000 });
    vi.advanceTimersByTime(1_000); // an outbox tick: sends the filing emails, no sweep
    await worker.stop();
    expect(sweepRows()).toEqual([]);
    expect(state(LAST_SWEEP_KEY)).toBeNull();

    worker = startWorker({ transport, intervalMs: 3_600_000, sweepIntervalMs: 60_000 });
    vi.advanceTimersByTime(60_000);
    await worker.stop(); // waits for the pass the timer started
    expect(
      sweepRows()
        .map((r) => r.template)
        .sort(),
    ).toEqual(["deadline-passed", "staff-overdue"]);
    expectEachSentOnce();
  });
});

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `npm run worker` (tsx app/cli/worker.ts) with exactly this environment (NODE_ENV=test). */
function runCli(args: string[], env: Record<string, string>): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(root, "node_modules", "tsx", "dist", "cli.mjs"), "app/cli/worker.ts", ...args],
      {
        cwd: root,
        env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env, NODE_ENV: "test" },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (b: Buffer) => (stdout += b.toString()));
    child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`worker CLI did not exit:\n${stdout}\n${stderr}`));
    }, 60_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe("npm run worker", () => {
  const baseEnv = () => ({
    // The same database as the test portal: its SQLite file, or its PostgreSQL database.
    ...(portal.handle.engine === "postgres"
      ? { DATABASE_URL: portal.handle.target, DATABASE_PATH: path.join(portal.dir, "unused.db") }
      : { DATABASE_PATH: portal.handle.path }),
    SESSION_SECRET: "worker-cli-session-secret-worker-cli",
    DATA_KEY: "11".repeat(32),
    PUBLIC_URL: "http://localhost:3000",
  });

  it("refuses to start without SMTP_URL, with one clear line", async () => {
    const r = await runCli(["--once"], baseEnv());
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/SMTP_URL is required/);
    expect(smtp.received).toHaveLength(0);
  });

  it("--once: two processes racing on one database sweep and send every email exactly once", async () => {
    // The standalone worker reads the real clock: file 40 days ago so both deadlines have passed.
    const at = new Date(Date.now() - 40 * 86_400_000);
    const qc = file("CA-QC", "qc@example.com", at);
    file("GB", "gb@example.com", at);
    const env = { ...baseEnv(), SMTP_URL: smtp.url };
    const [a, b] = await Promise.all([runCli(["--once"], env), runCli(["--once"], env)]);
    expect([a.code, b.code], `${a.stderr}\n${b.stderr}`).toEqual([0, 0]);
    expect(a.stdout).toMatch(/worker pass done/);
    expect(
      sweepRows()
        .map((r) => [r.template, r.to_address])
        .sort(),
    ).toEqual([
      ["deadline-passed", "gb@example.com"],
      ["deadline-passed", "qc@example.com"],
      ["staff-overdue", "agent@facette.example"],
      ["staff-overdue", "agent@facette.example"],
    ]);
    expectEachSentOnce();
    const qcId = (portal.handle.sqlite.prepare("SELECT id FROM requests WHERE reference = ?").get(qc) as { id: number })
      .id;
    expect(listEvents(qcId).filter((e) => e.type === "deemed_refused")).toHaveLength(1);
  });
});
