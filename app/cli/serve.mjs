/**
 * Serves the built portal (HTTP + worker + embedded mail catcher when SMTP_URL is unset) with
 * plain Node. Plain JavaScript on purpose: the serving process then loads no TypeScript loader,
 * whose hooks cost about 50 MB of resident memory for the life of the server. Everything it
 * runs is the compiled server bundle (`build/index.js`, built by `npm start` or `remix build`),
 * so the web server and the routes share one copy of every module.
 */
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const buildPath = path.join(process.cwd(), "build", "index.js");
if (!fs.existsSync(buildPath)) {
  console.error("build/index.js is missing: run `npm start` (it builds) or `npx remix build` first");
  process.exit(1);
}
const build = await import(pathToFileURL(buildPath).href);
let portal;
try {
  portal = await build.entry.module.bootPortal({ build, quiet: process.env.QUIET === "1" });
} catch (err) {
  // A bad configuration is one line naming the variable, not a stack trace.
  if (err instanceof Error && err.name === "ConfigError") {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}

let closing = false;
async function shutdown(signal) {
  if (closing) return;
  closing = true;
  console.log(`${signal}: shutting down`);
  await portal.close();
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
