/**
 * First half of `npm start`: checks the configuration (one line naming a bad variable) and
 * builds the Remix app. The second half, `node app/cli/serve.mjs`, serves the build with plain
 * Node, so no TypeScript loader stays in the serving process.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { ConfigError, loadConfig } from "../server/core/env.server";

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
  const result = spawnSync(process.execPath, [remix, "build"], {
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (result.status !== 0) {
    console.error("remix build failed");
    process.exit(result.status ?? 1);
  }
}
