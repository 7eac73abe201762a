/**
 * `npm run audit:verify [-- --public-key key.pem]`: re-computes the whole audit chain and checks
 * every signed checkpoint. Exit code 0 when everything verifies, 1 otherwise (naming the first
 * broken row or checkpoint). With --public-key, the checkpoints are checked against the key a
 * regulator was given, not the one the portal holds.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import type { SqlConnection } from "../../db/client";
import { PgSyncDatabase } from "../../db/pg/sync-client";
import { ConfigError, loadConfig } from "../server/core/env.server";
import { loadSigningKey, verifyAuditLog } from "../server/audit/checkpoints.server";

const { values } = parseArgs({ options: { "public-key": { type: "string" }, database: { type: "string" } } });
let publicKey: crypto.KeyObject;
let databasePath: string;
let databaseUrl: string | null = null;
try {
  const config = loadConfig(process.env);
  databasePath = values.database ?? config.databasePath;
  // --database names a SQLite file; otherwise DATABASE_URL (PostgreSQL) wins as everywhere.
  databaseUrl = values.database ? null : config.databaseUrl;
  publicKey = values["public-key"]
    ? crypto.createPublicKey(fs.readFileSync(values["public-key"], "utf8"))
    : loadSigningKey(config.auditSigningKey).publicKey;
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : `Cannot load the key: ${(err as Error).message}`);
  process.exit(2);
}
const sqlite: SqlConnection = databaseUrl
  ? new PgSyncDatabase(databaseUrl)
  : new Database(databasePath, { readonly: true, fileMustExist: true });
const r = verifyAuditLog({ publicKey, sqlite });
console.log(
  `Audit chain: ${r.count} rows, head ${r.headHash.slice(0, 16)}…, ${r.checkpoints} signed checkpoints (key ${r.keyId})`,
);
if (r.ok) {
  console.log("OK: every row and every checkpoint verifies.");
  process.exit(0);
}
if (r.firstBrokenSeq != null) console.log(`BROKEN at row ${r.firstBrokenSeq}: ${r.reason}`);
if (r.badCheckpoint) console.log(`BAD checkpoint ${r.badCheckpoint.id}: ${r.badCheckpoint.reason}`);
process.exit(1);
