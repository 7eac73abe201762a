// Temporary experiment (deleted after use): seed N requests with optional bulk-load pragmas.
import path from "node:path";
import { openDatabase } from "../../db/client";
import { applyMigrations } from "../../db/migrate";
import { seedDemo } from "../../db/seed";
const [file, n, variant] = process.argv.slice(2);
const handle = openDatabase(file!);
applyMigrations(handle);
if (variant?.includes("cache")) handle.sqlite.pragma("cache_size = -262144");
if (variant?.includes("normal")) handle.sqlite.pragma("synchronous = NORMAL");
if (variant?.includes("ckpt")) handle.sqlite.pragma("wal_autocheckpoint = 16384");
const t0 = performance.now();
let last = t0; let lastDone = 0;
await seedDemo(handle, { now: new Date("2026-11-28T12:00:00Z"), requests: Number(n), varDir: path.dirname(file!), quiet: true, onProgress: (done) => {
  if (done % 100000 === 0) { const t = performance.now(); console.log(`${done} ${((t - t0)/1000).toFixed(1)} s (last 100k ${((t-last)/1000).toFixed(1)} s)`); last = t; lastDone = done; }
} });
const cpu = process.cpuUsage();
console.log(`${variant} ${n}: ${((performance.now() - t0) / 1000).toFixed(1)} s wall, user ${(cpu.user/1e6).toFixed(1)} s, sys ${(cpu.system/1e6).toFixed(1)} s`);
handle.sqlite.close();
