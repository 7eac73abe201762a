/** Tamper tests: edits behind the triggers' back are named; foreign checkpoints rejected. */
import crypto from "node:crypto";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appendAudit } from "../../app/server/audit/audit-chain.server";
import { loadSigningKey, verifyAuditLog, writeCheckpoint } from "../../app/server/audit/checkpoints.server";
import { inTransaction } from "../../app/server/core/db.server";
import { runSweep } from "../../app/server/jobs/deadline-sweep.server";
import { createTestPortal, TEST_AUDIT_KEY, type TestPortal, itOnSqlite } from "../helpers/test-portal";

let portal: TestPortal;
const key = () => loadSigningKey(TEST_AUDIT_KEY);
beforeEach(() => {
  portal = createTestPortal({ now: "2026-03-05T15:00:00Z" });
  inTransaction(() => {
    for (let i = 0; i < 6; i++)
      appendAudit({
        at: new Date(Date.UTC(2026, 2, 5, 10, i)),
        actorType: "system",
        action: "data.seeded",
        details: { i },
      });
  });
});
afterEach(() => portal.close());

describe("signed audit checkpoints", () => {
  it("a clean chain with checkpoints verifies", () => {
    expect(writeCheckpoint({ now: portal.now() })).toMatchObject({ size: 6 });
    expect(writeCheckpoint({ now: portal.now() })).toBeNull(); // nothing new to sign
    const r = verifyAuditLog({ publicKey: key().publicKey });
    expect(r).toMatchObject({ ok: true, count: 6, checkpoints: 1, badCheckpoint: null });
  });

  itOnSqlite("an edited row (triggers dropped, raw SQLite) is named", () => {
    writeCheckpoint({ now: portal.now() });
    portal.handle.sqlite.exec("DROP TRIGGER audit_events_no_update");
    portal.handle.sqlite.prepare("UPDATE audit_events SET details = '{\"i\":42}' WHERE seq = 4").run();
    const r = verifyAuditLog({ publicKey: key().publicKey });
    expect(r).toMatchObject({ ok: false, firstBrokenSeq: 4 });
  });

  itOnSqlite("a truncated tail is caught by the checkpoint even though the remaining chain is consistent", () => {
    writeCheckpoint({ now: portal.now() });
    portal.handle.sqlite.exec("DROP TRIGGER audit_events_no_delete");
    portal.handle.sqlite.prepare("DELETE FROM audit_events WHERE seq >= 5").run();
    const r = verifyAuditLog({ publicKey: key().publicKey });
    expect(r.firstBrokenSeq).toBeNull(); // rows 1-4 still chain correctly…
    expect(r.ok).toBe(false);
    expect(r.badCheckpoint?.reason).toMatch(/truncated/); // …but the signed size says 6
  });

  it("a checkpoint signed with another key is rejected", () => {
    const other = loadSigningKey(
      (crypto.generateKeyPairSync("ed25519").privateKey.export({ format: "der", type: "pkcs8" }) as Buffer).toString(
        "base64",
      ),
    );
    writeCheckpoint({ now: portal.now(), key: other });
    const r = verifyAuditLog({ publicKey: key().publicKey });
    expect(r.ok).toBe(false);
    expect(r.badCheckpoint?.reason).toMatch(/another key/);
  });

  it("the sweep writes a checkpoint at most hourly", () => {
    runSweep({ now: portal.now() });
    runSweep({ now: new Date(portal.now().getTime() + 30 * 60_000) });
    expect(portal.handle.sqlite.prepare("SELECT count(*) AS n FROM audit_checkpoints").get()).toEqual({ n: 1 });
  });

  itOnSqlite("npm run audit:verify exits 0 on a good log and 1 naming the broken row", () => {
    writeCheckpoint({ now: portal.now() });
    const root = path.resolve(__dirname, "../..");
    const run = () =>
      spawnSync(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "app/cli/audit-verify.ts"], {
        cwd: root,
        env: {
          ...process.env,
          DATABASE_PATH: path.join(portal.dir, "portal.db"),
          AUDIT_SIGNING_KEY: TEST_AUDIT_KEY,
          SESSION_SECRET: "x".repeat(40),
          DATA_KEY: "11".repeat(32),
        },
        encoding: "utf8",
      });
    const good = run();
    expect(good.status).toBe(0);
    expect(good.stdout).toContain("OK");
    portal.handle.sqlite.exec("DROP TRIGGER audit_events_no_update");
    portal.handle.sqlite.prepare("UPDATE audit_events SET action = 'auth.logout' WHERE seq = 2").run();
    const bad = run();
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain("BROKEN at row 2");
  });
});
