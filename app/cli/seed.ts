/**
 * `npm run db:seed [-- --requests N] [--seed S]`: seeds DATABASE_PATH (default var/portal.db).
 * On an empty database it creates the demo vendors and accounts first; on a seeded one it
 * only adds N requests (for scale tests: 1,000,000 takes minutes).
 */
import cliProgress from "cli-progress";
import path from "node:path";
import { parseArgs } from "node:util";
import { openDatabase } from "../../db/client";
import { applyMigrations } from "../../db/migrate";
import { isDatabaseEmpty, seedDemo } from "../server/demo/demo-seed.server";

const { values } = parseArgs({
  options: { requests: { type: "string", default: "300" }, seed: { type: "string", default: "20261128" } },
});
const requests = Number(values.requests);
const seed = Number(values.seed);
if (!Number.isInteger(requests) || requests < 0) {
  console.error("--requests must be a whole number ≥ 0");
  process.exit(2);
}
const file = process.env.DATABASE_PATH ?? "var/portal.db";
const handle = openDatabase(file);
applyMigrations(handle);
const empty = isDatabaseEmpty(handle);
const bar = new cliProgress.SingleBar(
  { format: "Seeding {bar} {percentage}% | {value}/{total} requests | {duration_formatted}" },
  cliProgress.Presets.shades_classic,
);
const started = performance.now();
bar.start(requests, 0);
const result = await seedDemo(handle, {
  now: new Date(),
  requests,
  seed,
  varDir: path.dirname(path.resolve(file)),
  requestsOnly: !empty,
  onProgress: (done) => bar.update(done),
});
bar.stop();
handle.sqlite.pragma("wal_checkpoint(TRUNCATE)");
handle.sqlite.close();
console.log(
  `Seeded ${result.requests} requests into ${file} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
if (empty) {
  console.log("Demo logins (demo seed only; add the TOTP secret to an authenticator app for the second factor):");
  for (const l of result.logins)
    console.log(
      `  ${l.role.padEnd(13)} ${l.email.padEnd(34)} ${l.password}${l.totpSecret ? `  TOTP ${l.totpSecret}` : ""}`,
    );
}
