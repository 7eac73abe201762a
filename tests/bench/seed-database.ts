/**
 * Seeds a fresh benchmark database with the real demo seed (app/server/demo/demo-seed.server.ts) and prepares the
 * fixtures the load runs need: status-link tokens, vendor references, a deep queue cursor and
 * the heaviest vendor agent / regulator logins.
 */
import cliProgress from "cli-progress";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { openDatabase } from "../../db/client";
import { applyMigrations } from "../../db/migrate";
import { seedDemo, type DemoLogin } from "../../app/server/demo/demo-seed.server";
import { OPEN_STATUSES } from "../../app/domain/request-machine";
import { BENCH_DATA_KEY_HEX } from "./portal-process";

export interface SeedReport {
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  databaseBytes: number;
  rows: Record<string, number>;
}

export interface LoginChoice {
  email: string;
  password: string;
  /** The demo account's authenticator secret (second factor), when the seed enrolled one. */
  totpSecret?: string;
  /** Why this account: it sees the most data, so its pages are the worst case. */
  scope: string;
  rows: number;
}

export interface BenchFixtures {
  statusTokens: string[];
  queueVendor: { id: number; slug: string; requests: number; open: number };
  vendorReferences: string[];
  /** Cursor of the page at ~90 % depth of the open queue (keyset: "<due_at>.<id>"). */
  deepCursor: string | null;
  deepCursorDepth: number;
  vendorAgent: LoginChoice;
  regulator: LoginChoice & { jurisdictions: string[] };
}

/** Seeds `requests` requests (plus vendors and accounts) into a new database at `dbPath`. */
export async function seedBenchDatabase(dbPath: string, requests: number): Promise<SeedReport> {
  const handle = openDatabase(dbPath);
  applyMigrations(handle);
  const started = performance.now();
  const progress = createProgress(requests, started);
  try {
    await seedDemo(handle, {
      now: new Date(),
      requests,
      varDir: path.dirname(dbPath),
      quiet: true,
      onProgress: progress.update,
      // The key the benchmark's portal runs with, so it can read the demo TOTP secrets.
      dataKey: Buffer.from(BENCH_DATA_KEY_HEX, "hex"),
    });
  } finally {
    progress.stop();
  }
  const seconds = (performance.now() - started) / 1000;
  const rows: Record<string, number> = {};
  for (const table of ["requests", "filings", "request_events", "audit_events", "status_links"]) {
    rows[table] = (handle.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  }
  // Start the server from a compact file, not a large WAL it would replay first.
  handle.sqlite.pragma("wal_checkpoint(TRUNCATE)");
  handle.sqlite.close();
  return {
    requests,
    seconds,
    requestsPerSecond: Math.round(requests / seconds),
    databaseBytes: fs.statSync(dbPath).size,
    rows,
  };
}

/**
 * A progress bar on a terminal; plain lines every 10 % otherwise. The seed runs its batches
 * synchronously, so cli-progress's timer-driven non-TTY output would never fire (CI logs).
 */
function createProgress(total: number, started: number): { update: (done: number) => void; stop: () => void } {
  if (process.stdout.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: "Seeding {bar} {percentage}% | {value}/{total} requests | {duration_formatted}" },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0);
    return { update: (done) => bar.update(done), stop: () => bar.stop() };
  }
  let nextReport = total / 10;
  return {
    update: (done) => {
      if (done < nextReport && done < total) return;
      nextReport += total / 10;
      console.log(
        `Seeding ${done.toLocaleString("en-US")}/${total.toLocaleString("en-US")} requests (${Math.round((done / total) * 100)} %) ${((performance.now() - started) / 1000).toFixed(0)} s`,
      );
    },
    stop: () => {},
  };
}

/**
 * Picks the worst-case accounts and writes status links whose tokens the benchmark knows
 * (the seed stores only hashes, like production, so its own links cannot be opened).
 */
export function prepareFixtures(dbPath: string, opts: { sampleSize: number }): BenchFixtures {
  const handle = openDatabase(dbPath);
  const sqlite = handle.sqlite;
  try {
    const logins = JSON.parse(
      fs.readFileSync(path.join(path.dirname(dbPath), "demo-logins.json"), "utf8"),
    ) as DemoLogin[];
    const openList = OPEN_STATUSES.map((s) => `'${s}'`).join(",");

    // Queue: the portal vendor (one with an agent account) holding the most requests.
    const agents = logins.filter((l) => l.role === "vendor_agent" && l.vendor);
    const vendorRows = agents.map((a) => {
      const v = sqlite.prepare("SELECT id, slug FROM vendors WHERE slug = ?").get(a.vendor) as {
        id: number;
        slug: string;
      };
      const requests = (
        sqlite.prepare("SELECT count(*) AS n FROM requests WHERE vendor_id = ?").get(v.id) as { n: number }
      ).n;
      const open = (
        sqlite
          .prepare(`SELECT count(*) AS n FROM requests WHERE vendor_id = ? AND status IN (${openList})`)
          .get(v.id) as { n: number }
      ).n;
      return { login: a, vendor: { id: v.id, slug: v.slug, requests, open } };
    });
    if (vendorRows.length === 0) throw new Error("seed produced no vendor agent login");
    const queue = vendorRows.reduce((a, b) => (b.vendor.requests > a.vendor.requests ? b : a));

    // Deep page: the keyset cursor at ~90 % of the open queue, in the queue's own order.
    const depth = Math.floor(queue.vendor.open * 0.9);
    const deepRow = sqlite
      .prepare(
        `SELECT due_at, id FROM requests WHERE vendor_id = ? AND status IN (${openList}) ORDER BY due_at, id LIMIT 1 OFFSET ?`,
      )
      .get(queue.vendor.id, depth) as { due_at: number | null; id: number } | undefined;

    const vendorReferences = (
      sqlite
        .prepare("SELECT reference FROM requests WHERE vendor_id = ? ORDER BY random() LIMIT ?")
        .all(queue.vendor.id, opts.sampleSize) as { reference: string }[]
    ).map((r) => r.reference);

    // Status pages: fresh links to random requests of every vendor and state (links exist only once the email is confirmed).
    const ids = (
      sqlite
        .prepare(
          "SELECT r.id FROM requests r JOIN filings f ON f.id = r.filing_id WHERE f.email_verified_at IS NOT NULL ORDER BY random() LIMIT ?",
        )
        .all(opts.sampleSize) as { id: number }[]
    ).map((r) => r.id);
    const statusTokens: string[] = [];
    const insertLink = sqlite.prepare("INSERT INTO status_links (token_hash, request_id, created_at) VALUES (?, ?, ?)");
    sqlite.transaction(() => {
      for (const id of ids) {
        const token = crypto.randomBytes(32).toString("base64url");
        insertLink.run(crypto.createHash("sha256").update(token).digest("hex"), id, Date.now());
        statusTokens.push(token);
      }
    })();

    // Regulator: the account whose jurisdictions cover the most requests.
    const regulators = logins
      .filter((l) => l.role === "regulator")
      .map((l) => {
        const u = sqlite.prepare("SELECT jurisdictions FROM users WHERE email = ?").get(l.email) as {
          jurisdictions: string;
        };
        const js = JSON.parse(u.jurisdictions) as string[];
        const n = js.length
          ? (
              sqlite
                .prepare(`SELECT count(*) AS n FROM requests WHERE jurisdiction IN (${js.map(() => "?").join(",")})`)
                .get(...js) as { n: number }
            ).n
          : 0;
        return { login: l, jurisdictions: js, rows: n };
      });
    if (regulators.length === 0) throw new Error("seed produced no regulator login");
    const regulator = regulators.reduce((a, b) => (b.rows > a.rows ? b : a));
    sqlite.pragma("wal_checkpoint(TRUNCATE)");

    return {
      statusTokens,
      queueVendor: queue.vendor,
      vendorReferences,
      deepCursor: deepRow ? `${deepRow.due_at ?? 0}.${deepRow.id}` : null,
      deepCursorDepth: depth,
      vendorAgent: {
        email: queue.login.email,
        password: queue.login.password,
        totpSecret: queue.login.totpSecret,
        scope: `vendor ${queue.vendor.slug}`,
        rows: queue.vendor.requests,
      },
      regulator: {
        email: regulator.login.email,
        password: regulator.login.password,
        totpSecret: regulator.login.totpSecret,
        scope: `jurisdictions ${regulator.jurisdictions.join(",")}`,
        rows: regulator.rows,
        jurisdictions: regulator.jurisdictions,
      },
    };
  } finally {
    sqlite.close();
  }
}
