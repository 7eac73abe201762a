import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client";
import { applyMigrations } from "../../db/migrate";
import { appendAudit, canonicalJson, verifyAuditChain } from "../../app/server/audit/audit-chain.server";

function tempDb() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-db-"));
  const handle = openDatabase(path.join(dir, "p.db"));
  applyMigrations(handle);
  return {
    handle,
    dir,
    cleanup: () => {
      handle.sqlite.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe("database connection", () => {
  it("uses WAL, synchronous=FULL, foreign keys and a busy timeout", () => {
    const { handle, cleanup } = tempDb();
    expect(handle.sqlite.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(handle.sqlite.pragma("synchronous", { simple: true })).toBe(2);
    expect(handle.sqlite.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(handle.sqlite.pragma("cache_size", { simple: true })).toBe(-16384);
    expect(Number(handle.sqlite.pragma("busy_timeout", { simple: true }))).toBeGreaterThanOrEqual(5000);
    cleanup();
  });

  it("applies the committed migrations explicitly (opening does not migrate)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-db-"));
    const handle = openDatabase(path.join(dir, "p.db"));
    const before = handle.sqlite.prepare("SELECT name FROM sqlite_master WHERE type='table' AND name='requests'").all();
    expect(before).toEqual([]);
    applyMigrations(handle);
    const tables = (
      handle.sqlite
        .prepare(
          "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name != '__drizzle_migrations' ORDER BY name",
        )
        .all() as { name: string }[]
    ).map((r) => r.name);
    expect(tables).toEqual(
      [
        "api_keys",
        "attachments",
        "audit_checkpoints",
        "audit_events",
        "email_outbox",
        "filings",
        "idempotency_keys",
        "messages",
        "one_time_tokens",
        "portal_state",
        "rate_limits",
        "recovery_codes",
        "request_events",
        "requests",
        "response_packages",
        "sessions",
        "status_links",
        "transparency_responses",
        "users",
        "vendors",
        "regulator_daily",
        "regulator_daily_denials",
        "regulator_daily_open_due",
        "regulator_monthly_durations",
        "regulator_yearly_type_durations",
        "regulator_yearly_types",
        "webhook_attempts",
        "webhook_deliveries",
        "webhooks",
        "vendor_queue_counts",
        "inbound_mail",
        "certificate_counts",
      ].sort(),
    );
    handle.sqlite.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe("audit chain", () => {
  it("canonical JSON does not depend on key order", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [1, { y: 2, z: 1 }] }, b: 1 }),
    );
  });

  it("hostile identifiers (NUL, lone surrogates) cannot make the chain look tampered", () => {
    const { handle, cleanup } = tempDb();
    appendAudit(
      {
        at: new Date("2026-01-01T00:00:00Z"),
        actorType: "anonymous",
        action: "auth.denied",
        objectType: "request",
        objectId: "BR\u0000-\ud800-x",
        details: { v: "\udfff" },
      },
      handle.sqlite,
    );
    appendAudit({ at: new Date("2026-01-01T00:00:01Z"), actorType: "system", action: "data.seeded" }, handle.sqlite);
    expect(verifyAuditChain(handle.sqlite)).toMatchObject({ ok: true, count: 2 });
    cleanup();
  });

  it("is append-only through the app connection", () => {
    const { handle, cleanup } = tempDb();
    appendAudit({ at: new Date("2026-01-01T00:00:00Z"), actorType: "system", action: "data.seeded" }, handle.sqlite);
    expect(() => handle.sqlite.prepare("UPDATE audit_events SET action = 'x'").run()).toThrow(/append-only/);
    expect(() => handle.sqlite.prepare("DELETE FROM audit_events").run()).toThrow(/append-only/);
    cleanup();
  });

  it("verification names the first edited row when a row is changed behind the triggers' back", () => {
    const { handle, cleanup } = tempDb();
    for (let i = 0; i < 5; i++)
      appendAudit(
        { at: new Date(Date.UTC(2026, 0, 1 + i)), actorType: "system", action: "data.seeded", details: { i } },
        handle.sqlite,
      );
    expect(verifyAuditChain(handle.sqlite)).toMatchObject({ ok: true, count: 5 });
    handle.sqlite.exec("DROP TRIGGER audit_events_no_update");
    handle.sqlite.prepare("UPDATE audit_events SET details = '{\"i\":99}' WHERE seq = 3").run();
    expect(verifyAuditChain(handle.sqlite)).toMatchObject({ ok: false, firstBrokenSeq: 3 });
    cleanup();
  });

  it("verification detects a deleted middle row", () => {
    const { handle, cleanup } = tempDb();
    for (let i = 0; i < 4; i++)
      appendAudit(
        { at: new Date(Date.UTC(2026, 0, 1 + i)), actorType: "system", action: "data.seeded" },
        handle.sqlite,
      );
    handle.sqlite.exec("DROP TRIGGER audit_events_no_delete");
    handle.sqlite.prepare("DELETE FROM audit_events WHERE seq = 2").run();
    expect(verifyAuditChain(handle.sqlite)).toMatchObject({ ok: false, firstBrokenSeq: 3 });
    cleanup();
  });
});
