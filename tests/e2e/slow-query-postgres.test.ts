/**
 * A slow query cannot freeze a web process on PostgreSQL for longer than its statement timeout.
 * Every query blocks the process's event loop while it runs (the synchronous bridge), so a
 * table locked by someone else would otherwise hold every request, /healthz included, for as
 * long as the lock lasts. Here another connection locks the vendors table, a page that reads
 * it is requested, and — while that page is provably waiting on the lock — /healthz is asked:
 * it answers once the timeout has cancelled the stuck statement, and the page answers with an
 * error instead of hanging.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { PgSyncDatabase } from "../../db/pg/sync-client";
import { databaseTargetFor, startServer, type RunningServer } from "./harness";

const TIMEOUT_MS = 1000;
// Far below the bridge's own 60-second ceiling, which is what a stuck query used to cost.
const BOUND_MS = TIMEOUT_MS + 4000;

let server: RunningServer | null = null;
let locker: PgSyncDatabase | null = null;
afterAll(async () => {
  locker?.close();
  await server?.stop();
});

describe.skipIf(!process.env.E2E_DATABASE_URL)("a slow query on PostgreSQL", () => {
  it("stalls the process no longer than DB_STATEMENT_TIMEOUT_MS; /healthz keeps answering", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-e2e-"));
    server = await startServer({ DB_STATEMENT_TIMEOUT_MS: String(TIMEOUT_MS), RUN_WORKER: "false" }, { dir });
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

    locker = new PgSyncDatabase(databaseTargetFor(dir));
    locker.exec("BEGIN; LOCK TABLE vendors IN ACCESS EXCLUSIVE MODE");
    try {
      const pageStarted = Date.now();
      const page = fetch(`${server.url}/vendors`).then((r) => ({ status: r.status, at: Date.now() }));
      // Wait (by asking PostgreSQL, not by sleeping) until the portal's query is stuck on the lock.
      let waiting = 0;
      for (let i = 0; i < 2000 && waiting === 0; i++) {
        await new Promise((r) => setImmediate(r));
        const row = locker
          .prepare(
            "SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()",
          )
          .get() as { n: number };
        waiting = row.n;
      }
      expect(waiting).toBeGreaterThan(0);

      const healthStarted = Date.now();
      const health = await fetch(`${server.url}/healthz`);
      const healthTook = Date.now() - healthStarted;
      expect(health.status).toBe(200);
      expect(healthTook).toBeLessThan(BOUND_MS);

      const answered = await page;
      expect(answered.status).toBeGreaterThanOrEqual(500);
      expect(answered.at - pageStarted).toBeLessThan(BOUND_MS);
    } finally {
      locker.exec("ROLLBACK");
    }
    // The lock is gone: the same page works again on the same process.
    expect((await fetch(`${server.url}/vendors`)).status).toBe(200);
  });
});
