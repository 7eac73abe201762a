/**
 * Crash test: the real server takes a burst of filings and is killed with SIGKILL
 * mid-burst; after a restart every filing that got a success answer is present and complete
 * (requests, event, audit row, verification token, outbox row), nothing is
 * half-written, and the audit chain verifies.
 */
import path from "node:path";
import fs from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { verifyAuditChain } from "../../app/server/audit/audit-chain.server";
import { startServer, type RunningServer, openServerDatabase } from "./harness";
import { startTestSmtp } from "../helpers/smtp";

let second: RunningServer | null = null;
afterAll(async () => {
  await second?.stop();
});

function filingBody(i: number): URLSearchParams {
  const b = new URLSearchParams();
  for (const [k, v] of Object.entries({
    step: "submit",
    consent: "yes",
    vendor: "facette",
    jurisdiction: "GB",
    type: "access",
    fullName: `Crash Test ${i}`,
    email: `crash${i}@example.com`,
    idempotencyKey: `crash-key-${String(i).padStart(6, "0")}-xyz`,
  }))
    b.append(k, v);
  return b;
}

describe("durability under SIGKILL", () => {
  it("every acknowledged filing survives a crash, complete; none is half-written", async () => {
    const env = { RATE_LIMIT_SCALE: "100000" };
    const first = await startServer(env);
    const dir = first.dir;
    const succeeded: string[] = [];
    let next = 0;
    let killed = false;
    const TOTAL = 150;
    async function worker() {
      while (next < TOTAL && !killed) {
        const i = next++;
        try {
          const res = await fetch(`${first.url}/requests/new`, {
            method: "POST",
            body: filingBody(i),
            headers: { "Content-Type": "application/x-www-form-urlencoded" },
          });
          const html = await res.text();
          if (res.status === 200 && html.includes("Your request has been filed"))
            succeeded.push(`crash-key-${String(i).padStart(6, "0")}-xyz`);
        } catch {
          /* the connection died with the server: no success answer, so no promise made */
        }
        if (succeeded.length >= 40 && !killed) {
          killed = true;
          await first.kill();
        }
      }
    }
    await Promise.all(Array.from({ length: 8 }, worker));
    expect(killed).toBe(true);
    expect(succeeded.length).toBeGreaterThanOrEqual(40);

    // Restart on the same database: the portal comes back and serves.
    const smtp = await startTestSmtp();
    second = await startServer(env, { dir, smtp });
    expect((await fetch(`${second.url}/healthz`)).status).toBe(200);

    const db = openServerDatabase(dir);
    const filing = db.prepare("SELECT id FROM filings WHERE idempotency_key = ?");
    for (const key of succeeded) expect(filing.get(key), key).toBeTruthy();
    // Every filing in the database (acknowledged or not) is complete.
    const filings = db.prepare("SELECT id FROM filings WHERE idempotency_key LIKE 'crash-key-%'").all() as {
      id: number;
    }[];
    expect(filings.length).toBeGreaterThanOrEqual(succeeded.length);
    for (const f of filings) {
      const reqs = db.prepare("SELECT id, reference FROM requests WHERE filing_id = ?").all(f.id) as {
        id: number;
        reference: string;
      }[];
      expect(reqs.length).toBe(1);
      for (const r of reqs) {
        expect(
          db.prepare("SELECT count(*) AS n FROM request_events WHERE request_id = ? AND type = 'filed'").get(r.id),
        ).toEqual({ n: 1 });
        expect(
          db
            .prepare("SELECT count(*) AS n FROM audit_events WHERE object_id = ? AND action = 'request.filed'")
            .get(r.reference),
        ).toEqual({ n: 1 });
        // No status link exists before the resident proves the address.
        expect(db.prepare("SELECT count(*) AS n FROM status_links WHERE request_id = ?").get(r.id)).toEqual({ n: 0 });
      }
      expect(db.prepare("SELECT count(*) AS n FROM one_time_tokens WHERE filing_id = ?").get(f.id)).toEqual({ n: 1 });
      expect(
        db.prepare("SELECT count(*) AS n FROM email_outbox WHERE dedupe_key = ?").get(`verify-email:${f.id}`),
      ).toEqual({ n: 1 });
    }
    expect(verifyAuditChain(db)).toMatchObject({ ok: true });
    // SQLite's own check of the file after the kill (PostgreSQL recovers its WAL itself).
    if (!process.env.E2E_DATABASE_URL) expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    db.close();
    fs.writeFileSync(
      path.join(dir, "crash-summary.txt"),
      `fired up to ${next}, acknowledged ${succeeded.length}, found ${filings.length}\n`,
    );
    console.log(`durability: fired ${next}, acknowledged ${succeeded.length}, present after restart ${filings.length}`);
  });
});
