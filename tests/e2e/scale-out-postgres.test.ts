/**
 * Scale-out test: two web processes (the production build) and two standalone
 * workers share one PostgreSQL (a throwaway server on 127.0.0.1). Residents file through both
 * web processes at once — some send the same form (same idempotency key) to both — and the
 * workers race to send the outbox. At the end no filing is lost or doubled, every email was
 * sent exactly once (the real SMTP server saw each outbox row once), a status link opened on
 * one web process works on the other, and the audit chain is one unbroken line.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { verifyAuditChain } from "../../app/server/audit/audit-chain.server";
import { PgSyncDatabase } from "../../db/pg/sync-client";
import { startServer, E2E_AUDIT_KEY, type RunningServer } from "./harness";
import { createPostgresDatabase } from "../helpers/postgres-database";
import { startTestSmtp, type TestSmtp } from "../helpers/smtp";
import { findPostgresBin, startThrowawayPostgres } from "../helpers/postgres-server.mjs";

const root = path.resolve(__dirname, "../..");
const FILINGS = 40;
const SAME_FORM_TWICE = 6;

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

function startWorkerProcess(env: Record<string, string>): {
  child: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
} {
  let output = "";
  const child = spawn(
    process.execPath,
    [path.join(root, "node_modules", "tsx", "dist", "cli.mjs"), "app/cli/worker.ts"],
    {
      cwd: root,
      env: { ...process.env, ...env, NODE_ENV: "production" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  child.stdout!.on("data", (b: Buffer) => (output += b.toString()));
  child.stderr!.on("data", (b: Buffer) => (output += b.toString()));
  return {
    child,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        await new Promise((r) => child.once("exit", r));
      }
    },
  };
}

function filingBody(i: number, key: string): URLSearchParams {
  return new URLSearchParams({
    step: "submit",
    consent: "yes",
    vendor: "facette",
    jurisdiction: "GB",
    type: "access",
    fullName: `Scale Out ${i}`,
    email: `scale${i}@example.com`,
    idempotencyKey: key,
  });
}

async function file(server: RunningServer, i: number, key: string): Promise<{ status: number; html: string }> {
  const res = await fetch(`${server.url}/requests/new`, {
    method: "POST",
    body: filingBody(i, key),
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: server.url },
  });
  return { status: res.status, html: await res.text() };
}

// It starts its own PostgreSQL: run it once, in the SQLite pass of the e2e tests.
describe.skipIf(Boolean(process.env.E2E_DATABASE_URL))("two web processes and two workers on one PostgreSQL", () => {
  it("lose no filing, double none, and send every email exactly once", async () => {
    // npm test installs Debian's PostgreSQL before its PostgreSQL pass (tests/run-all.mjs).
    expect(findPostgresBin(), "PostgreSQL is not installed").not.toBeNull();
    const pg = await startThrowawayPostgres();
    cleanups.push(() => pg.stop());
    const databaseUrl = createPostgresDatabase(pg.url, "scale_out");

    const smtp: TestSmtp = await startTestSmtp();
    cleanups.push(() => smtp.close());
    const common = { DATABASE_URL: databaseUrl, RUN_WORKER: "false", RATE_LIMIT_SCALE: "100000" };
    // The first web process migrates and seeds the demo data (an empty database); the second
    // starts on the migrated, seeded database.
    const a = await startServer({ ...common });
    cleanups.push(() => a.stop());
    const b = await startServer({ ...common, SEED_DEMO: "0" });
    cleanups.push(() => b.stop());

    const workerDir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-worker-"));
    cleanups.push(() => fs.rmSync(workerDir, { recursive: true, force: true }));
    const workerEnv = {
      DATABASE_URL: databaseUrl,
      DATABASE_PATH: path.join(workerDir, "unused.db"),
      SMTP_URL: smtp.url,
      SESSION_SECRET: "e2e-session-secret-e2e-session-secret",
      DATA_KEY: "42".repeat(32),
      AUDIT_SIGNING_KEY: E2E_AUDIT_KEY,
      PUBLIC_URL: a.url,
    };
    const workers = [startWorkerProcess(workerEnv), startWorkerProcess(workerEnv)];
    for (const w of workers) cleanups.push(() => w.stop());

    // Every filing through one of the two web processes, all at once; the same form (same
    // idempotency key) sent to both processes for the first few.
    const answers = await Promise.all(
      Array.from({ length: FILINGS }, (_, i) => {
        const key = `scale-out-${String(i).padStart(4, "0")}-0123456789`;
        const sends = [file(i % 2 ? a : b, i, key)];
        if (i < SAME_FORM_TWICE) sends.push(file(i % 2 ? b : a, i, key));
        return Promise.all(sends);
      }),
    );
    for (const [i, sent] of answers.entries())
      for (const r of sent) expect(r.status, `filing ${i}: ${r.html.slice(0, 300)}`).toBe(200);

    const db = new PgSyncDatabase(databaseUrl);
    cleanups.push(() => db.close());
    const filings = db
      .prepare(
        "SELECT f.idempotency_key AS key, count(r.id) AS requests FROM filings f JOIN requests r ON r.filing_id = f.id WHERE f.idempotency_key LIKE 'scale-out-%' GROUP BY f.idempotency_key",
      )
      .all() as { key: string; requests: number }[];
    expect(filings).toHaveLength(FILINGS);
    expect(filings.every((f) => f.requests === 1)).toBe(true);

    // The workers drain the outbox (the demo seed's emails and the filings' ones).
    const deadline = Date.now() + 90_000;
    const unsent = () =>
      (db.prepare("SELECT count(*) AS n FROM email_outbox WHERE status <> 'sent'").get() as { n: number }).n;
    while (unsent() > 0) {
      if (Date.now() > deadline)
        throw new Error(`outbox not drained: ${unsent()} left\n${workers.map((w) => w.output()).join("\n")}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    // Let any send a worker might wrongly repeat arrive before counting.
    await new Promise((r) => setTimeout(r, 1500));
    const sent = db.prepare("SELECT message_id, to_address FROM email_outbox WHERE status = 'sent'").all() as {
      message_id: string;
      to_address: string;
    }[];
    expect(sent.length).toBeGreaterThan(FILINGS);
    const receivedIds = smtp.received.map((m) => m.messageId);
    expect(new Set(receivedIds).size, "a Message-ID arrived twice").toBe(receivedIds.length);
    expect(smtp.received).toHaveLength(sent.length);
    const wanted = new Set(sent.map((r) => r.message_id));
    expect(receivedIds.every((id) => id !== null && wanted.has(id))).toBe(true);
    for (let i = 0; i < FILINGS; i++) {
      expect(
        smtp.received.filter((m) => m.to.includes(`scale${i}@example.com`)),
        `resident ${i}`,
      ).toHaveLength(1);
    }

    // Stateless web processes: the email is confirmed on one (which opens the requests in the
    // confirming browser) and the status page read on the other with that browser's cookie.
    expect(answers[7]![0]!.html).not.toMatch(/href="\/r\/[A-Za-z0-9_-]{20,}"/);
    const verifyMail = smtp.received.find((m) => m.to.includes("scale7@example.com") && /\/verify\//.test(m.text));
    const verifyPath = /\/verify\/[A-Za-z0-9_-]+/.exec(verifyMail?.text ?? "")?.[0];
    expect(verifyPath).toBeTruthy();
    const confirmed = await fetch(`${a.url}${verifyPath}`, {
      method: "POST",
      body: new URLSearchParams({}),
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: a.url },
    });
    expect(confirmed.status).toBe(200);
    const cookie = confirmed.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const reference = (
      db
        .prepare(
          "SELECT r.reference FROM requests r JOIN filings f ON f.id = r.filing_id WHERE f.email = 'scale7@example.com'",
        )
        .get() as { reference: string }
    ).reference;
    const page = await fetch(`${b.url}/r/${reference}`, { headers: { Cookie: cookie } });
    expect(page.status).toBe(200);

    expect(verifyAuditChain(db)).toMatchObject({ ok: true });
  });
});
