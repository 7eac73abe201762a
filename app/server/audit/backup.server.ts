/**
 * Online backups with SQLite's backup API (never a file copy of a live WAL database), and a
 * restore that first proves the backup is sound: integrity check and audit chain.
 */
import Database from "better-sqlite3";
import fs from "node:fs";
import path from "node:path";
import { verifyAuditChain } from "./audit-chain.server";
import { readOne } from "../core/rows.server";

export async function backupDatabase(
  sourcePath: string,
  destination: string,
): Promise<{ path: string; pages: number }> {
  fs.mkdirSync(path.dirname(path.resolve(destination)), { recursive: true });
  const source = new Database(sourcePath, { readonly: true, fileMustExist: true });
  try {
    const result = await source.backup(destination);
    fs.chmodSync(destination, 0o600);
    return { path: destination, pages: result.totalPages };
  } finally {
    source.close();
  }
}

export interface BackupCheck {
  ok: boolean;
  integrity: string;
  auditRows: number;
  auditOk: boolean;
  requests: number;
}

export function checkBackup(file: string): BackupCheck {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const integrity = String(db.pragma("integrity_check", { simple: true }));
    const chain = verifyAuditChain(db);
    const requests = readOne<{ n: number }>(db.prepare("SELECT count(*) AS n FROM requests"))!.n;
    return { ok: integrity === "ok" && chain.ok, integrity, auditRows: chain.count, auditOk: chain.ok, requests };
  } finally {
    db.close();
  }
}

/** Restores a checked backup to `target` (which must not exist unless `force`; stop the portal first). */
export function restoreDatabase(backupFile: string, target: string, opts: { force?: boolean } = {}): BackupCheck {
  const check = checkBackup(backupFile);
  if (!check.ok)
    throw new Error(`Backup refused: integrity ${check.integrity}, audit chain ${check.auditOk ? "ok" : "broken"}`);
  if (fs.existsSync(target) && !opts.force)
    throw new Error(`${target} exists; pass --force to replace it (stop the portal first)`);
  for (const suffix of ["-wal", "-shm"]) fs.rmSync(`${target}${suffix}`, { force: true });
  fs.copyFileSync(backupFile, `${target}.restoring`);
  fs.renameSync(`${target}.restoring`, target);
  fs.chmodSync(target, 0o600);
  return check;
}
