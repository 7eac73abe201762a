/**
 * EXPLAIN QUERY PLAN and in-process timings for the vendor queue and the regulator dashboard.
 * The SQL is captured from the real server functions (listQueue, getRegulatorDashboard) rather
 * than copied here, so the plans printed are always those of the code being benchmarked.
 */
import type Database from "better-sqlite3";
import { openDatabase, sqliteConnectionOf } from "../../db/client";
import { loadConfig } from "../../app/server/core/env.server";
import { clearRuntime, setRuntime } from "../../app/server/core/runtime.server";
import type { SessionUser } from "../../app/server/security/staff-sessions.server";
import { forVendor } from "../../app/server/vendor/vendor-access.server";
import { getRegulatorDashboard } from "../../app/server/regulator/metrics.server";
import type { BenchFixtures } from "./seed-database";

interface CapturedStatement {
  sql: string;
  args: unknown[];
}

export interface QueryReport {
  name: string;
  /** Median wall time of the whole server function, in-process (no HTTP, no rendering). */
  medianMs: number;
  calls: number;
  statements: { sql: string; plan: string[] }[];
}

/** Wraps `prepare` so every statement run through get/all is recorded with its arguments. */
function recordStatements(sqlite: Database.Database, log: CapturedStatement[]): void {
  const prepare = sqlite.prepare.bind(sqlite);
  sqlite.prepare = ((sql: string) => {
    const stmt = prepare(sql);
    return new Proxy(stmt, {
      get(target, prop) {
        const value = Reflect.get(target, prop, target) as unknown;
        if (prop === "get" || prop === "all") {
          return (...args: unknown[]) => {
            log.push({ sql, args });
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        }
        return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  }) as typeof sqlite.prepare;
}

function formatPlan(rows: { id: number; parent: number; detail: string }[]): string[] {
  const depth = new Map<number, number>([[0, -1]]);
  return rows.map((r) => {
    const d = (depth.get(r.parent) ?? -1) + 1;
    depth.set(r.id, d);
    return `${"  ".repeat(d)}${r.detail}`;
  });
}

function loadUser(sqlite: Database.Database, email: string): SessionUser {
  const r = sqlite.prepare("SELECT * FROM users WHERE email = ?").get(email) as Record<string, unknown>;
  return {
    id: r.id as number,
    email: r.email as string,
    name: r.name as string,
    role: r.role as SessionUser["role"],
    vendorId: r.vendor_id as number | null,
    organisation: r.organisation as string | null,
    jurisdictions: JSON.parse(r.jurisdictions as string) as string[],
    locale: r.locale as string,
  };
}

/** Runs each read model `calls` times against the seeded file and explains the SQL it issued. */
export function inspectQueries(dbPath: string, fixtures: BenchFixtures, opts: { calls: number }): QueryReport[] {
  const handle = openDatabase(dbPath);
  const sqlite = sqliteConnectionOf(handle);
  const log: CapturedStatement[] = [];
  const now = new Date();
  setRuntime({
    config: loadConfig({
      NODE_ENV: "test",
      DATABASE_PATH: dbPath,
      SESSION_SECRET: "bench-session-secret-bench-session-secret",
      DATA_KEY: "42".repeat(32),
    }),
    handle,
    mailbox: null,
    clock: () => now,
    wakeWorker: () => {},
  });
  try {
    const agent = loadUser(sqlite, fixtures.vendorAgent.email);
    const regulator = loadUser(sqlite, fixtures.regulator.email);
    const yearToNow = { from: new Date(now.getTime() - 365 * 86_400_000), to: now };
    const rawAggregate = sqlite.prepare(
      `SELECT vendor_id, count(*) AS received, sum(closed_at IS NOT NULL) AS closed, sum(closed_at <= due_at) AS on_time, avg(closed_at - received_at) AS mean_ms
       FROM requests WHERE jurisdiction IN (${regulator.jurisdictions.map(() => "?").join(",")}) AND received_at >= ? AND received_at < ? GROUP BY vendor_id`,
    );
    const cases: [string, () => unknown][] = [
      [
        "vendor queue, first page (listQueue)",
        () => forVendor(agent as SessionUser & { vendorId: number }).listQueue({ cursor: null }),
      ],
      [
        "vendor queue, deep page (listQueue)",
        () => forVendor(agent as SessionUser & { vendorId: number }).listQueue({ cursor: fixtures.deepCursor }),
      ],
      [
        "regulator dashboard, one year (getRegulatorDashboard)",
        () => getRegulatorDashboard(regulator, { period: yearToNow, now }),
      ],
      // The yardstick of the "≤ 2× a raw SQL aggregate" target: one pass over the same rows
      // (scope + period) that counts and sums per vendor, as a hand-written report would.
      [
        "raw SQL aggregate, same rows (count + sums per vendor)",
        () => rawAggregate.all(...regulator.jurisdictions, yearToNow.from.getTime(), yearToNow.to.getTime()),
      ],
    ];
    const reports: QueryReport[] = [];
    for (const [name, run] of cases) {
      run(); // warm the page cache and statement cache before timing
      const times: number[] = [];
      for (let i = 0; i < opts.calls; i++) {
        const t0 = performance.now();
        run();
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      // Capture the statements of one more call only, so the log holds exactly one call's SQL.
      log.length = 0;
      recordStatements(sqlite, log);
      run();
      // Undo the wrapper (an own property shadowing the prototype method) before explaining.
      delete (sqlite as unknown as Record<string, unknown>).prepare;
      // The raw aggregate is prepared once, outside the wrapper: explain its SQL directly.
      if (run === cases.at(-1)![1])
        log.push({
          sql: rawAggregate.source,
          args: [...regulator.jurisdictions, yearToNow.from.getTime(), yearToNow.to.getTime()],
        });
      const statements = log.map((s) => ({
        sql: s.sql.replace(/\s+/g, " ").trim(),
        plan: formatPlan(
          sqlite.prepare(`EXPLAIN QUERY PLAN ${s.sql}`).all(...s.args) as {
            id: number;
            parent: number;
            detail: string;
          }[],
        ),
      }));
      reports.push({ name, medianMs: round(times[Math.floor(times.length / 2)] ?? 0), calls: opts.calls, statements });
    }
    return reports;
  } finally {
    clearRuntime();
    sqlite.close();
  }
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
