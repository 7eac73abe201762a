/**
 * `npm run db:backup [-- --to file]`: online backup of DATABASE_PATH (default var/portal.db)
 * to var/backups/portal-<time>.db. `npm run db:restore -- --from file [--force]`: checks the
 * backup (integrity + audit chain) and puts it in place (stop the portal first).
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { backupDatabase, restoreDatabase } from "../server/audit/backup.server";

const { values, positionals } = parseArgs({
  options: { to: { type: "string" }, from: { type: "string" }, force: { type: "boolean" } },
  allowPositionals: true,
});
const file = process.env.DATABASE_PATH ?? "var/portal.db";
try {
  if (positionals[0] === "restore") {
    if (!values.from) throw new Error("--from <backup file> is required");
    const check = restoreDatabase(values.from, file, { force: values.force });
    console.log(
      `Restored ${values.from} to ${file}: ${check.requests} requests, audit chain of ${check.auditRows} rows verified.`,
    );
  } else {
    const stamp = new Date().toISOString().replace(/[:.]/g, "-");
    const to = values.to ?? path.join(path.dirname(file), "backups", `portal-${stamp}.db`);
    const r = await backupDatabase(file, to);
    console.log(`Backed up ${file} to ${r.path} (${r.pages} pages).`);
  }
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
