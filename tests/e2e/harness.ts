/**
 * Starts the real portal (production build, real SQLite file, real SMTP server started by the
 * test) and Debian's Chromium through playwright-core. Everything listens on 127.0.0.1 and is
 * stopped by the test.
 */
import AxeBuilder from "@axe-core/playwright";
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { generateSync } from "otplib";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import type { DemoLogin } from "../../app/server/demo/demo-logins.server";
import { openDatabase, type SqlConnection } from "../../db/client";
import { createPostgresDatabase } from "../helpers/postgres-database";
import { serverNodeFlags } from "../helpers/server-command";
import { startTestSmtp, type TestSmtp } from "../helpers/smtp";

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface RunningServer {
  url: string;
  /** The server process (to read its memory from /proc, or check it is still alive). */
  pid: number;
  dir: string;
  smtp: TestSmtp;
  /** var/demo-logins.json as the demo seed wrote it. */
  logins: DemoLogin[];
  output: () => string;
  stop(): Promise<void>;
  /** SIGKILL the server (no cleanup, files kept): a crash. */
  kill(): Promise<void>;
}

/** A port nothing listens on right now, on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * Where a server started on `dir` keeps its data: `dir/portal.db`, or — when E2E_DATABASE_URL
 * names a PostgreSQL server (npm test's PostgreSQL pass) — a database of its own on it, named
 * after the dir, so a server restarted on the same dir finds its data again.
 */
export function databaseTargetFor(dir: string): string {
  const server = process.env.E2E_DATABASE_URL;
  if (!server) return path.join(dir, "portal.db");
  return createPostgresDatabase(
    server,
    `e2e_${path
      .basename(dir)
      .toLowerCase()
      .replace(/[^a-z0-9]/g, "_")}`,
    { reuse: true },
  );
}

/** The database of a server started on `dir`, for a test to read or to plant rows in. */
export function openServerDatabase(dir: string): SqlConnection {
  return openDatabase(databaseTargetFor(dir)).sqlite;
}

/** One signing key per test process, so a restarted server signs with the same key. */
export const E2E_AUDIT_KEY = (
  crypto.generateKeyPairSync("ed25519").privateKey.export({ format: "der", type: "pkcs8" }) as Buffer
).toString("base64");

export async function startServer(
  env: Record<string, string> = {},
  opts: { dir?: string; smtp?: TestSmtp } = {},
): Promise<RunningServer> {
  const root = path.resolve(__dirname, "../..");
  const dir = opts.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), "portal-e2e-"));
  const smtp = opts.smtp ?? (await startTestSmtp());
  const port = await freePort();
  let output = "";
  const child: ChildProcess = spawn(process.execPath, [...serverNodeFlags(), "app/cli/serve.mjs"], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "production",
      SKIP_BUILD: "1",
      PORT: String(port),
      HOST: "127.0.0.1",
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      DATABASE_PATH: path.join(dir, "portal.db"),
      ...(process.env.E2E_DATABASE_URL ? { DATABASE_URL: databaseTargetFor(dir) } : {}),
      FILES_DIR: path.join(dir, "files"),
      SMTP_URL: smtp.url,
      SESSION_SECRET: "e2e-session-secret-e2e-session-secret",
      DATA_KEY: "42".repeat(32),
      AUDIT_SIGNING_KEY: E2E_AUDIT_KEY,
      SEED_DEMO: "1",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (b: Buffer) => (output += b.toString()));
  child.stderr!.on("data", (b: Buffer) => (output += b.toString()));
  const deadline = Date.now() + 60_000;
  while (!output.includes("listening on")) {
    if (child.exitCode !== null) throw new Error(`portal exited early:\n${output}`);
    if (Date.now() > deadline) throw new Error(`portal did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  // Written by the demo seed; a server started on an already seeded database has none.
  const loginsFile = path.join(dir, "demo-logins.json");
  const logins = (
    fs.existsSync(loginsFile) ? JSON.parse(fs.readFileSync(loginsFile, "utf8")) : []
  ) as RunningServer["logins"];
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    dir,
    smtp,
    logins,
    output: () => output,
    async stop() {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await new Promise((r) => child.once("exit", r));
      }
      await smtp.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
    async kill() {
      if (child.exitCode === null) {
        child.kill("SIGKILL");
        await new Promise((r) => child.once("exit", r));
      }
    },
  };
}

export async function launchBrowser(opts: { javaScriptEnabled?: boolean } = {}): Promise<BrowserContext> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-chromium-"));
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: CHROMIUM_ARGS,
    javaScriptEnabled: opts.javaScriptEnabled ?? true,
  });
}

export const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/** axe-core violations on the current page, as short strings (empty = clean). */
export async function axeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  return result.violations.map((v) => `${page.url()} ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

/** Waits (bounded) until the test SMTP server has a message matching `predicate`. */
export async function waitForMail(
  smtp: TestSmtp,
  predicate: (m: TestSmtp["received"][number]) => boolean,
  timeoutMs = 15_000,
) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = smtp.received.find(predicate);
    if (found) return found;
    if (Date.now() > until)
      throw new Error(
        `no matching email; got: ${smtp.received.map((m) => `${m.to.join(",")} ${m.subject}`).join(" | ")}`,
      );
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Time steps already spent per account in this test process (a TOTP code works once). */
const spentSteps = new Map<string, number>();

/**
 * The code a demo account's authenticator shows now, as the server will accept it: the
 * current 30-s step, or the next one (inside the ±1 window) when the current one was already
 * used by an earlier sign-in. A third sign-in of one account within 30 s throws: spread them.
 */
export function totpCodeFor(server: RunningServer, email: string): string {
  const login = server.logins.find((l) => l.email === email);
  if (!login?.totpSecret) throw new Error(`no demo TOTP secret for ${email}`);
  const current = Math.floor(Date.now() / 30_000);
  const last = spentSteps.get(`${server.url}|${email}`);
  const step = last == null || current > last ? current : last + 1;
  if (step > current + 1) throw new Error(`both TOTP codes in the window are used for ${email}`);
  spentSteps.set(`${server.url}|${email}`, step);
  return generateSync({ secret: login.totpSecret, epoch: step * 30 });
}

/**
 * Signs a demo staff member in through the real login page and the code page. Kept in one
 * place so that every journey follows the login flow as it is.
 */
export async function signInStaff(page: Page, server: RunningServer, email: string): Promise<void> {
  const login = server.logins.find((l) => l.email === email);
  if (!login) throw new Error(`no demo login for ${email}`);
  await page.goto(`${server.url}/login?lng=en`);
  await page.getByLabel("Email address").fill(login.email);
  await page.getByLabel("Password").fill(login.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((u) => u.pathname === "/login/two-factor");
  await page.getByLabel("Code", { exact: true }).fill(totpCodeFor(server, email));
  await page.getByRole("button", { name: "Verify" }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/login"));
}

/** Both login steps over plain HTTP (no browser); returns the full session cookie ("name=value"). */
export async function signInStaffByFetch(server: RunningServer, email: string): Promise<string> {
  const login = server.logins.find((l) => l.email === email);
  if (!login) throw new Error(`no demo login for ${email}`);
  const first = await fetch(`${server.url}/login`, {
    method: "POST",
    redirect: "manual",
    body: new URLSearchParams({ email, password: login.password }),
    headers: { Origin: server.url },
  });
  const pending = (first.headers.get("set-cookie") ?? "").split(";")[0]!;
  if (first.status !== 302 || !pending) throw new Error(`login failed for ${email}: HTTP ${first.status}`);
  const second = await fetch(`${server.url}/login/two-factor`, {
    method: "POST",
    redirect: "manual",
    body: new URLSearchParams({ code: totpCodeFor(server, email) }),
    headers: { Origin: server.url, Cookie: pending },
  });
  const full = (second.headers.get("set-cookie") ?? "").split(";")[0]!;
  if (second.status !== 302 || !full) throw new Error(`second factor failed for ${email}: HTTP ${second.status}`);
  return full;
}
