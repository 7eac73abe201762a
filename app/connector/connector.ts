// npm run connector — a reference facial-image company. It answers the requests the portal
// delivers to it through the public API only: signed webhooks tell it something changed, a poll
// every 30 seconds catches anything a lost webhook missed, and a crawl keeps adding copies.
import fs from "node:fs";
import path from "node:path";
import { reportBlockedCopies } from "./blocked-reports";
import { openConnectorStore, openDescriptorCache } from "./connector-store";
import { runCrawl } from "./face-search";
import { buildGallery } from "./gallery";
import { createPortalClient } from "./portal-client";
import { handleRequest, type HandlerContext } from "./request-handlers";
import { startWebhookReceiver } from "./webhook-receiver";

const POLL_MS = 30_000;
const CRAWL_MS = 10 * 60_000;

type ConnectorConfig = {
  portalUrl: string;
  apiKey: string;
  webhookSecret: string | null;
  host: string;
  port: number;
  dataDir: string;
  /** How often the open queue is read (CONNECTOR_POLL_MS), and a crawl runs (CONNECTOR_CRAWL_MS). */
  pollMs: number;
  crawlMs: number;
};

/** The demo seed's connector entry in var/demo-logins.json: its API key and webhook secret. */
function readDemoConnector(): { apiKey?: string; webhookSecret?: string } {
  try {
    const logins = JSON.parse(fs.readFileSync(path.join("var", "demo-logins.json"), "utf8")) as unknown;
    const list = Array.isArray(logins) ? logins : [];
    const entry = list.find(
      (l): l is { role: string; apiKey?: string; webhookSecret?: string } =>
        typeof l === "object" && l !== null && (l as { role?: unknown }).role === "connector",
    );
    return entry ?? {};
  } catch {
    return {};
  }
}

export function readConnectorConfig(env: NodeJS.ProcessEnv = process.env): ConnectorConfig {
  const demo = readDemoConnector();
  const apiKey = env.CONNECTOR_API_KEY ?? demo.apiKey;
  if (!apiKey)
    throw new Error("CONNECTOR_API_KEY is not set and var/demo-logins.json has no connector key (run npm start once)");
  const port = Number(env.CONNECTOR_PORT ?? "3100");
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error("CONNECTOR_PORT must be a port number");
  const interval = (name: string, fallback: number) => {
    const ms = Number(env[name] ?? fallback);
    if (!Number.isInteger(ms) || ms < 500) throw new Error(`${name} must be a whole number of milliseconds ≥ 500`);
    return ms;
  };
  return {
    portalUrl: env.PORTAL_URL ?? "http://localhost:3000",
    apiKey,
    webhookSecret: env.CONNECTOR_WEBHOOK_SECRET ?? demo.webhookSecret ?? null,
    host: env.CONNECTOR_HOST ?? "127.0.0.1",
    port,
    dataDir: env.CONNECTOR_DATA ?? path.join("var", "connector"),
    pollMs: interval("CONNECTOR_POLL_MS", POLL_MS),
    crawlMs: interval("CONNECTOR_CRAWL_MS", CRAWL_MS),
  };
}

/** Starts the connector; resolves once the gallery is built and the receiver listens. */
export async function startConnector(
  config: ConnectorConfig,
  log: (line: string) => void = (l) => console.log(`[connector] ${l}`),
) {
  const store = openConnectorStore(config.dataDir);
  const cache = openDescriptorCache(path.join(config.dataDir, "descriptor-cache.json"));
  const built = await buildGallery(store, cache, new Date());
  log(built > 0 ? `gallery built: ${built} images` : `gallery: ${store.state.images.length} images`);
  const ctx: HandlerContext = {
    store,
    cache,
    portal: createPortalClient(config.portalUrl, config.apiKey),
    now: () => new Date(),
    log,
  };

  // One request at a time: the face networks use both cores, and the store is one file.
  let chain: Promise<void> = Promise.resolve();
  const enqueue = (work: () => Promise<void>) => {
    chain = chain
      .then(work)
      .catch((error: unknown) => log(`error: ${error instanceof Error ? error.message : String(error)}`));
    return chain;
  };
  // At most one poll and one crawl waiting: a tick while one is still queued is skipped, so a
  // short interval and slow face work never pile up.
  const waiting = { poll: false, crawl: false };
  const once = (kind: keyof typeof waiting, work: () => Promise<void>) => {
    if (waiting[kind]) return chain;
    waiting[kind] = true;
    return enqueue(async () => {
      waiting[kind] = false;
      await work();
    });
  };
  const poll = () =>
    once("poll", async () => {
      for (const item of await ctx.portal.listOpenRequests()) await handleRequest(ctx, item.reference);
      // Also retries reports a failed call left behind.
      await reportBlockedCopies(ctx);
    });
  const crawl = () =>
    once("crawl", async () => {
      const result = await runCrawl(store, cache, new Date());
      log(
        `crawl: ${result.added.length} new image(s), ${result.blocked.length} blocked by suppression, ${result.noFace} without a face`,
      );
      await reportBlockedCopies(ctx);
    });

  const server = await startWebhookReceiver({
    secret: config.webhookSecret,
    host: config.host,
    port: config.port,
    now: () => new Date(),
    log,
    onRequestEvent: (reference) => void enqueue(() => handleRequest(ctx, reference)),
  });
  if (!config.webhookSecret) log("no webhook secret: webhooks are refused, polling only");
  log(`webhooks on http://${config.host}:${config.port}/, polling ${config.portalUrl} every ${config.pollMs / 1000}s`);
  const timers = [setInterval(() => void poll(), config.pollMs), setInterval(() => void crawl(), config.crawlMs)];
  void poll();
  return {
    store,
    poll,
    crawl,
    async stop() {
      timers.forEach(clearInterval);
      await chain;
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  startConnector(readConnectorConfig())
    .then((connector) => {
      // `kill -USR2 <pid>` crawls now instead of at the next tick (a demo, a test).
      process.on("SIGUSR2", () => void connector.crawl());
      for (const signal of ["SIGINT", "SIGTERM"] as const)
        process.once(
          signal,
          () =>
            void connector.stop().then(
              () => process.exit(0),
              () => process.exit(1),
            ),
        );
    })
    .catch((error: unknown) => {
      console.error(`[connector] ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    });
}
