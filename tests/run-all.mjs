#!/usr/bin/env node
/**
 * `npm test`: the whole suite — unit, server, route and architecture tests, the browser
 * end-to-end tests in Debian's Chromium, then the quick benchmark as a smoke test — with one
 * closing line `N passed, N failed`.
 * Installs Chromium with apt-get when it is missing (never a Playwright browser download).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ensureDebianPackage } from "./helpers/debian-package.mjs";
import { findPostgresBin, startThrowawayPostgres } from "./helpers/postgres-server.mjs";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const reports = path.join(root, "tests", ".reports");
fs.mkdirSync(reports, { recursive: true });
const started = Date.now();

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...opts.env } });
  return r.status ?? 1;
}

function ensureChromium() {
  return ensureDebianPackage(
    { name: "chromium", present: () => fs.existsSync("/usr/bin/chromium"), purpose: "the end-to-end tests" },
    run,
  );
}

function vitest(config, reportName, extra = [], env = {}) {
  const out = path.join(reports, reportName);
  fs.rmSync(out, { force: true });
  const vitestBin = path.join(root, "node_modules", "vitest", "vitest.mjs");
  const status = run(
    process.execPath,
    [
      vitestBin,
      "run",
      "--config",
      config,
      "--reporter=default",
      "--reporter=json",
      `--outputFile.json=${out}`,
      ...extra,
    ],
    { env },
  );
  let summary = { passed: 0, failed: 0, skipped: 0, suitesFailed: 0 };
  try {
    const j = JSON.parse(fs.readFileSync(out, "utf8"));
    summary = {
      passed: j.numPassedTests,
      failed: j.numFailedTests,
      skipped: (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0),
      // A file that fails to load has no tests but must still fail the run.
      suitesFailed: (j.testResults ?? []).filter(
        (t) => t.status === "failed" && (t.assertionResults ?? []).length === 0,
      ).length,
    };
  } catch {
    summary.suitesFailed = 1;
  }
  return { status, ...summary };
}

const results = [];
// Formatting: the committed Prettier config decides layout; an unformatted file fails the run.
function formatCheck() {
  const prettierBin = path.join(root, "node_modules", "prettier", "bin", "prettier.cjs");
  const status = run(process.execPath, [prettierBin, "--check", ".", "--log-level", "warn"]);
  const ok = status === 0;
  if (!ok) console.error("formatting: run `npm run format` and commit the result");
  return { status: ok ? 0 : 1, passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0, suitesFailed: 0 };
}
results.push(["formatting (prettier --check)", formatCheck()]);

results.push(["unit/server/routes", vitest("tests/vitest.config.ts", "unit.json")]);

// The integration tests (server layer and routes, real database, real migrations)
// again on PostgreSQL — a throwaway server on 127.0.0.1, each test portal its own database —
// and later the browser journeys too (each server its own database on it).
// These tests wait on PostgreSQL round trips more than they use a core: four test processes on
// two cores overlap the waits (about 100 s instead of 180 s here).
const PG_PARALLELISM = ["--poolOptions.forks.minForks=4", "--poolOptions.forks.maxForks=4"];
let pg = null;
if (
  !ensureDebianPackage(
    { name: "postgresql", present: () => findPostgresBin() !== null, purpose: "the PostgreSQL pass of the tests" },
    run,
  )
) {
  results.push(["server/routes on PostgreSQL", { status: 1, passed: 0, failed: 0, skipped: 0, suitesFailed: 1 }]);
} else {
  try {
    pg = await startThrowawayPostgres();
    results.push([
      "server/routes on PostgreSQL",
      vitest(
        "tests/vitest.config.ts",
        "postgres.json",
        ["tests/server", "tests/routes", "tests/connector/connector-journey.test.ts", ...PG_PARALLELISM],
        {
          TEST_DATABASE_URL: pg.url,
        },
      ),
    ]);
  } catch (err) {
    console.error(String(err));
    results.push(["server/routes on PostgreSQL", { status: 1, passed: 0, failed: 0, skipped: 0, suitesFailed: 1 }]);
  }
}

if (!ensureChromium()) {
  results.push(["e2e", { status: 1, passed: 0, failed: 0, skipped: 0, suitesFailed: 1 }]);
} else {
  // The e2e tests run the real production build.
  const remix = path.join(root, "node_modules", "@remix-run", "dev", "dist", "cli.js");
  const built = run(process.execPath, [remix, "build"], { env: { NODE_ENV: "production" } });
  if (built !== 0) results.push(["e2e build", { status: 1, passed: 0, failed: 0, skipped: 0, suitesFailed: 1 }]);
  else {
    results.push(["e2e", vitest("tests/vitest.e2e.config.ts", "e2e.json")]);
    if (pg)
      results.push([
        "e2e on PostgreSQL",
        vitest("tests/vitest.e2e.config.ts", "e2e-postgres.json", [], { E2E_DATABASE_URL: pg.url }),
      ]);
    else results.push(["e2e on PostgreSQL", { status: 1, passed: 0, failed: 0, skipped: 0, suitesFailed: 1 }]);
  }
}
pg?.stop();

// Benchmark smoke test: `npm run bench -- --quick` must finish and write its JSON.
// Timings are never asserted here (shared CI machines are noisy): one test, pass or fail.
function benchSmoke() {
  const resultsDir = path.join(root, "tests", "bench", "results");
  const before = new Set(fs.existsSync(resultsDir) ? fs.readdirSync(resultsDir) : []);
  const tsxCli = path.join(root, "node_modules", "tsx", "dist", "cli.mjs");
  const status = run(process.execPath, [tsxCli, "tests/bench/run.ts", "--quick"]);
  const written = (fs.existsSync(resultsDir) ? fs.readdirSync(resultsDir) : []).filter(
    (f) => f.endsWith(".json") && !before.has(f),
  );
  let ok = status === 0 && written.length === 1;
  if (ok) {
    try {
      const j = JSON.parse(fs.readFileSync(path.join(resultsDir, written[0]), "utf8"));
      // One run per engine, each with its measured rows, and the targets' verdicts.
      ok =
        Array.isArray(j.runs) &&
        j.runs.length > 0 &&
        j.runs.every((r) => Array.isArray(r.rows) && r.rows.length > 0) &&
        Array.isArray(j.checks);
    } catch {
      ok = false;
    }
  }
  if (!ok) console.error(`bench smoke: exit ${status}, ${written.length} new result file(s)`);
  return { status: ok ? 0 : 1, passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0, suitesFailed: 0 };
}
results.push(["bench smoke (--quick)", benchSmoke()]);

let passed = 0;
let failed = 0;
let skipped = 0;
let bad = false;
for (const [name, r] of results) {
  passed += r.passed;
  failed += r.failed + r.suitesFailed;
  skipped += r.skipped;
  if (r.status !== 0 || r.failed > 0 || r.suitesFailed > 0) bad = true;
  console.log(
    `${name}: ${r.passed} passed, ${r.failed + r.suitesFailed} failed${r.skipped ? `, ${r.skipped} skipped` : ""}`,
  );
}
if (passed === 0) bad = true;
console.log(`Total time ${((Date.now() - started) / 1000).toFixed(1)} s`);
if (skipped) console.log(`${skipped} skipped (SQLite-only checks on the PostgreSQL pass)`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(bad ? 1 : 0);
