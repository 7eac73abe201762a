/**
 * On PostgreSQL every query blocks the calling process until it answers (the synchronous
 * bridge), so one slow statement would freeze every request of a web process. The running
 * portal therefore sets a statement timeout (DB_STATEMENT_TIMEOUT_MS): PostgreSQL cancels the
 * statement, the caller gets an error, and the connection keeps working.
 */
import { afterAll, describe, expect, it } from "vitest";
import { PgSyncDatabase, PostgresError } from "../../db/pg/sync-client";
import { createPostgresDatabase } from "../helpers/postgres-database";
import { loadConfig } from "../../app/server/core/env.server";

const serverUrl = process.env.TEST_DATABASE_URL;
const opened: PgSyncDatabase[] = [];
afterAll(() => {
  for (const db of opened) db.close();
});

function openFresh(name: string): PgSyncDatabase {
  const db = new PgSyncDatabase(createPostgresDatabase(serverUrl!, `${name}_${process.pid}`));
  opened.push(db);
  return db;
}

describe("statement timeout configuration", () => {
  const base = { NODE_ENV: "test", SESSION_SECRET: "x".repeat(32), DATA_KEY: "42".repeat(32) };
  it("defaults to five seconds and accepts a value in milliseconds", () => {
    expect(loadConfig(base).dbStatementTimeoutMs).toBe(5000);
    expect(loadConfig({ ...base, DB_STATEMENT_TIMEOUT_MS: "1500" }).dbStatementTimeoutMs).toBe(1500);
  });
  it("refuses a timeout that would switch the bound off or make it meaningless", () => {
    expect(() => loadConfig({ ...base, DB_STATEMENT_TIMEOUT_MS: "0" })).toThrow(/DB_STATEMENT_TIMEOUT_MS/);
    expect(() => loadConfig({ ...base, DB_STATEMENT_TIMEOUT_MS: "3600000" })).toThrow(/DB_STATEMENT_TIMEOUT_MS/);
  });
});

describe.skipIf(!serverUrl)("statement timeout on PostgreSQL", () => {
  it("cancels a statement that runs longer than the bound, and the connection keeps working", () => {
    const db = openFresh("stmt_timeout");
    db.setStatementTimeout(300);
    const started = Date.now();
    let caught: unknown = null;
    try {
      db.prepare("SELECT pg_sleep(20)").get();
    } catch (e) {
      caught = e;
    }
    const took = Date.now() - started;
    expect(caught).toBeInstanceOf(PostgresError);
    expect((caught as PostgresError).code).toBe("57014");
    // Cancelled near the bound, far from the 20 s the statement asked for.
    expect(took).toBeLessThan(5000);
    expect(db.prepare("SELECT 1 AS one").get()).toEqual({ one: 1 });
  });

  it("rolls back the transaction a cancelled statement was part of", () => {
    const db = openFresh("stmt_timeout_tx");
    db.exec("CREATE TABLE notes (body text NOT NULL)");
    db.setStatementTimeout(300);
    const write = db.transaction(() => {
      db.prepare("INSERT INTO notes (body) VALUES (?)").run("kept only if the whole change commits");
      db.prepare("SELECT pg_sleep(20)").get();
    });
    expect(() => write()).toThrow(PostgresError);
    expect(db.prepare("SELECT count(*) AS n FROM notes").get()).toEqual({ n: 0 });
  });

  it("bounds a wait for a lock another connection holds", () => {
    const holder = openFresh("stmt_timeout_lock");
    holder.exec("CREATE TABLE vendors_copy (id int)");
    const url = createPostgresDatabase(serverUrl!, `stmt_timeout_lock_${process.pid}`, { reuse: true });
    const waiter = new PgSyncDatabase(url);
    opened.push(waiter);
    waiter.setStatementTimeout(300);
    holder.exec("BEGIN; LOCK TABLE vendors_copy IN ACCESS EXCLUSIVE MODE");
    try {
      const started = Date.now();
      expect(() => waiter.prepare("SELECT count(*) FROM vendors_copy").get()).toThrow(/statement timeout/);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      holder.exec("ROLLBACK");
    }
    expect(waiter.prepare("SELECT count(*) AS n FROM vendors_copy").get()).toEqual({ n: 0 });
  });
});
