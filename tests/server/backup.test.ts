import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { backupDatabase, checkBackup, restoreDatabase } from "../../app/server/audit/backup.server";
import { fileRequest } from "../../app/server/resident/file-request.server";
import { createTestPortal, insertVendor, type TestPortal, describeOnSqlite } from "../helpers/test-portal";

let portal: TestPortal;
beforeEach(() => {
  portal = createTestPortal();
  insertVendor(portal.handle, { slug: "facette" });
  for (let i = 0; i < 5; i++)
    fileRequest(
      {
        vendor: ["facette"],
        jurisdiction: "GB",
        type: ["access"],
        fullName: "B K",
        email: `b${i}@example.com`,
        idempotencyKey: `backup-key-${i}-0123456789`,
      },
      { locale: "en", now: portal.now() },
    );
});
afterEach(() => portal.close());

describeOnSqlite("backup and restore", () => {
  it("backs up a live WAL database online and restores it after checking it", async () => {
    const src = path.join(portal.dir, "portal.db");
    const bak = path.join(portal.dir, "backups", "b.db");
    await backupDatabase(src, bak);
    expect(fs.statSync(bak).mode & 0o777).toBe(0o600);
    expect(checkBackup(bak)).toMatchObject({ ok: true, integrity: "ok", auditOk: true, requests: 5 });
    const target = path.join(portal.dir, "restored.db");
    expect(restoreDatabase(bak, target)).toMatchObject({ requests: 5 });
    expect(() => restoreDatabase(bak, target)).toThrow(/exists/);
    expect(checkBackup(target).ok).toBe(true);
  });

  it("refuses to restore a backup whose audit chain was altered", async () => {
    const bak = path.join(portal.dir, "backups", "b.db");
    await backupDatabase(path.join(portal.dir, "portal.db"), bak);
    const Database = (await import("better-sqlite3")).default;
    const tamper = new Database(bak);
    tamper.exec("DROP TRIGGER audit_events_no_update");
    tamper.prepare("UPDATE audit_events SET action = 'auth.logout' WHERE seq = 2").run();
    tamper.close();
    expect(() => restoreDatabase(bak, path.join(portal.dir, "r2.db"))).toThrow(/audit chain broken/);
  });
});
