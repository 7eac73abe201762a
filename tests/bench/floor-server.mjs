/**
 * Serves the framework floor app (tests/bench/floor-app) with the portal's server stack:
 * express, compression and the portal's own request handler (taken from the portal's build,
 * build/index.js), on 127.0.0.1:$PORT. Plain JavaScript, like app/cli/serve.mjs.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import compression from "compression";
import express from "express";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const portalBuild = await import(pathToFileURL(path.join(root, "build", "index.js")).href);
const floorBuild = await import(pathToFileURL(path.join(root, "tests/bench/floor-app/build/index.js")).href);
const { createPortalRequestHandler } = portalBuild.entry.module;

const app = express();
app.disable("x-powered-by");
app.use(compression());
app.use("/build", express.static(path.join(root, "tests/bench/floor-app/public/build"), { immutable: true }));
app.all(
  "*",
  createPortalRequestHandler({
    build: floorBuild,
    mode: "production",
    getLoadContext: (req) => ({ clientIp: req.ip ?? "unknown" }),
  }),
);
const server = app.listen(Number(process.env.PORT), "127.0.0.1", () => console.log("floor listening"));
// Stops by itself if the benchmark that started it goes away.
process.on("disconnect", () => server.close(() => process.exit(0)));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
