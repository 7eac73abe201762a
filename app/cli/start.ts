/**
 * `npm start`: checks the configuration, builds the Remix app, then starts the portal (HTTP +
 * worker + embedded mail catcher when SMTP_URL is unset) from the built server bundle, so the
 * web server and the routes share one copy of every module.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { ConfigError, loadConfig } from "../server/env.server";

try {
  loadConfig(process.env);
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}

const root = process.cwd();
if (process.env.SKIP_BUILD !== "1") {
  const remix = path.join(root, "node_modules", "@remix-run", "dev", "dist", "cli.js");
  const result = spawnSync(process.execPath, [remix, "build"], { stdio: ["ignore", "inherit", "inherit"], env: { ...process.env, NODE_ENV: "production" } });
  if (result.status !== 0) {
    console.error("remix build failed");
    process.exit(result.status ?? 1);
  }
}
const buildPath = path.join(root, "build", "index.js");
if (!fs.existsSync(buildPath)) {
  console.error("build/index.js is missing: run without SKIP_BUILD=1");
  process.exit(1);
}
const build = await import(pathToFileURL(buildPath).href);
const portal = await build.entry.module.bootPortal({ build, quiet: process.env.QUIET === "1" });

let closing = false;
async function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  console.log(`${signal}: shutting down`);
  await portal.close();
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
