/**
 * Starts the portal in one process: migrations, demo seed, mail catcher (when SMTP_URL is
 * unset), worker loop and the HTTP server. Exported through entry.server so the running
 * server and the Remix build share one copy of every module.
 */
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import onHeaders from "on-headers";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import fs from "node:fs";
import path from "node:path";
import { openDatabase } from "../../../db/client";
import { PgSyncDatabase } from "../../../db/pg/sync-client";
import { COUNTING_QUERIES, readQueryCount } from "../../../db/query-count";
import { applyMigrations } from "../../../db/migrate";
import { isDatabaseEmpty, seedDemo, readDemoLogins } from "../demo/demo-seed.server";
import { startMailCatcher, type MailCatcher } from "../../../emails/catcher";
import { createMailTransport } from "../../../emails/transport";
import { loadConfig, type PortalConfig } from "./env.server";
import { setRuntime } from "./runtime.server";
import { startWorker, type WorkerHandle } from "../jobs/worker.server";
import { checkOrigin } from "../security/csrf.server";
import { bodyLimitFor, closeConnectionAfter, hasUnreadBody, refuseOversizedBody } from "./body-limits.server";
import { createPortalRequestHandler } from "./request-handler.server";
import { startInboundSmtp, type InboundListener } from "../mail/inbound-smtp.server";
import { resolverFromFile } from "../mail/inbound-dns.server";
import { sendDemoInboundMail } from "../mail/inbound-demo.server";

export interface RunningPortal {
  url: string;
  port: number;
  config: PortalConfig;
  mailCatcher: MailCatcher | null;
  /** Port of the inbound SMTP listener, or null when it is off. */
  inboundSmtpPort: number | null;
  close(): Promise<void>;
}

/** Top-level files and folders of public/ other than build/ (mounted separately). */
function listPublicEntries(): string[] {
  try {
    return fs.readdirSync("public").filter((name) => name !== "build");
  } catch {
    return [];
  }
}

export async function bootPortal(opts: {
  build: ServerBuild;
  env?: NodeJS.ProcessEnv;
  quiet?: boolean;
}): Promise<RunningPortal> {
  const config = loadConfig(opts.env ?? process.env);
  const log = opts.quiet ? () => {} : (line: string) => console.log(line);
  const handle = openDatabase(config.databaseUrl ?? config.databasePath);
  applyMigrations(handle);
  if (handle.sqlite instanceof PgSyncDatabase) handle.sqlite.setStatementTimeout(config.dbStatementTimeoutMs);

  let mailCatcher: MailCatcher | null = null;
  let smtpUrl = config.smtpUrl;
  if (!smtpUrl) {
    mailCatcher = await startMailCatcher({ port: config.catcherPort });
    smtpUrl = `smtp://127.0.0.1:${mailCatcher.port}`;
  }
  const transport = createMailTransport(smtpUrl);
  let worker: WorkerHandle | null = null;
  setRuntime({
    config,
    handle,
    mailbox: mailCatcher,
    clock: () => new Date(),
    wakeWorker: () => worker?.wake(),
  });

  let seeded = false;
  if (config.seedDemo && isDatabaseEmpty(handle)) {
    seeded = true;
    log("Empty database: seeding demo data (deterministic)…");
    await seedDemo(handle, {
      now: new Date(),
      requests: 300,
      varDir: path.dirname(path.resolve(config.databasePath)),
      quiet: opts.quiet,
      dataKey: config.dataKey,
      // The connector's webhook, where deliveries to this machine are allowed (development with
      // WEBHOOK_ALLOW_LOOPBACK=1); otherwise the connector polls.
      connectorWebhookUrl:
        config.webhookAllowLoopback && config.env !== "production"
          ? `http://127.0.0.1:${process.env.CONNECTOR_PORT ?? "3100"}/`
          : null,
    });
  }
  if (config.runWorker) worker = startWorker({ transport });
  // Replies and bounces from email-only companies (reply+<token>@INBOUND_DOMAIN) reach the case.
  let inbound: InboundListener | null = null;
  if (config.inboundSmtpPort !== null) {
    inbound = await startInboundSmtp({
      port: config.inboundSmtpPort,
      host: config.host,
      now: () => new Date(),
      resolver: config.inboundDnsFile ? resolverFromFile(config.inboundDnsFile) : undefined,
      log,
    });
    // A fresh demo database: the email-only company's demo replies and a bounce arrive through
    // the listener itself, so every kind of inbound mail is there to look at.
    if (seeded) {
      const sent = await sendDemoInboundMail({ host: config.host, port: inbound.port }).catch((err: unknown) => {
        log(`Inbound mail: demo replies not sent (${err instanceof Error ? err.message : String(err)})`);
        return 0;
      });
      await inbound.settled();
      if (sent) log(`Inbound mail: ${sent} demo messages from Lumen Index received through the listener`);
    }
  }

  const app = express();
  app.disable("x-powered-by");
  app.use(compression());
  if (config.trustProxy > 0) app.set("trust proxy", config.trustProxy);
  // Defaults for every response — static files, API JSON, exports, /healthz — not only the HTML
  // documents whose stricter headers entry.server sets (a response that sets its own keeps it).
  app.use((_req, res, next) => {
    onHeaders(res, function applyDefaultHeaders() {
      for (const [name, value] of defaultSecurityHeaders(config.publicUrl))
        if (!this.hasHeader(name)) this.setHeader(name, value);
    });
    next();
  });
  // A response sent before the client finished sending its body (a refusal, a redirect, a 413)
  // closes the connection: keeping it alive would mean reading, and discarding, the rest.
  app.use((req, res, next) => {
    onHeaders(res, () => {
      if (hasUnreadBody(req)) closeConnectionAfter(req, res);
    });
    next();
  });
  // A declared length over the limit is refused before a byte is read; a chunked or lying body
  // is counted as it streams by the request handler below (body-limits.server.ts).
  app.use((req, res, next) => {
    const declared = Number(req.get("content-length") ?? 0);
    if (declared > bodyLimitFor(req.get("content-type") ?? "", req.path)) {
      refuseOversizedBody(req, res, req.path);
      return;
    }
    next();
  });
  if (COUNTING_QUERIES) {
    // Benchmark only: how many statements this response needed (exact when requests come one
    // at a time, which is how the benchmark asks).
    app.use((_req, res, next) => {
      const before = readQueryCount();
      onHeaders(res, function reportQueryCount() {
        this.setHeader("X-Query-Count", String(readQueryCount() - before));
      });
      next();
    });
  }
  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
  // express.static stats the disk for every request it sees; public/ usually holds only build/
  // (served above), so mount it only for the top-level entries that exist at start.
  const publicEntries = new Set(listPublicEntries());
  if (publicEntries.size) {
    const servePublic = express.static("public", { maxAge: "1h" });
    app.use((req, res, next) =>
      publicEntries.has(req.path.split("/")[1] ?? "") ? servePublic(req, res, next) : next(),
    );
  }
  app.use((req, res, next) => {
    const verdict = checkOrigin({
      method: req.method,
      secFetchSite: req.get("sec-fetch-site") ?? null,
      origin: req.get("origin") ?? null,
      host: req.get("host") ?? null,
      publicUrl: config.publicUrl,
      path: req.path,
    });
    if (!verdict.ok) {
      res.status(403).type("text/plain").send("Cross-site request refused.");
      return;
    }
    // Referrer-Policy: no-referrer makes browsers send `Origin: null` on same-origin form
    // posts, which Remix's own origin check rejects. The stricter check above has already
    // proven the request same-origin (Sec-Fetch-Site), so drop the opaque value.
    if (req.headers.origin === "null") delete req.headers.origin;
    next();
  });
  app.all(
    "*",
    createPortalRequestHandler({
      build: opts.build,
      mode: config.env === "production" ? "production" : "development",
      // Only used for abuse limits; behind a proxy set TRUST_PROXY so req.ip is the client's.
      getLoadContext: (req) => ({ clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown" }),
    }),
  );

  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(config.port, config.host, () => resolve(s));
    s.once("error", reject);
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${config.host}:${port}`;
  log(`Biometric Rights Portal listening on ${url} (PUBLIC_URL ${config.publicUrl})`);
  if (inbound) {
    log(
      `Inbound mail listener on smtp://${config.host}:${inbound.port} for reply+…@${config.inboundDomain} and bounce+…@${config.inboundDomain}`,
    );
    if (config.inboundDnsFile)
      log(
        `Inbound mail: SPF/DKIM/DMARC read DNS records from ${config.inboundDnsFile}, not the DNS (INBOUND_DNS_FILE)`,
      );
  }
  if (mailCatcher)
    log(`Mail catcher on smtp://127.0.0.1:${mailCatcher.port} — read caught mail at ${config.publicUrl}/dev/mailbox`);
  const logins = readDemoLogins(path.dirname(path.resolve(config.databasePath)));
  if (logins.length && !opts.quiet) {
    log(
      "Demo logins (development data only; demo accounts exist only in the demo seed). Second factor: add the TOTP secret to an authenticator app:",
    );
    for (const l of logins.filter((x) => x.role !== "connector"))
      log(`  ${l.role.padEnd(13)} ${l.email.padEnd(34)} ${l.password}${l.totpSecret ? `  TOTP ${l.totpSecret}` : ""}`);
    // The reference facial-image company answers through the API like any vendor's system.
    const connector = logins.find((x) => x.role === "connector" && x.apiKey);
    log(
      connector
        ? `Reference connector: npm run connector (in another terminal) answers ${connector.vendor}'s requests with the demo key from var/demo-logins.json; file a request to ${connector.vendor} with a face photo${connector.webhookSecret ? " (its webhook is registered: answers start at once)" : " (it polls every 30 s; with WEBHOOK_ALLOW_LOOPBACK=1 on a fresh database its webhook is registered too)"}`
        : "Reference connector: create an API key with the reference-photo scope (Vendor → API keys), then CONNECTOR_API_KEY=<key> npm run connector (webhooks: CONNECTOR_WEBHOOK_SECRET, port 3100)",
    );
  }

  return {
    url,
    port,
    config,
    mailCatcher,
    inboundSmtpPort: inbound?.port ?? null,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections?.();
      await inbound?.close();
      await worker?.stop();
      transport.close();
      await mailCatcher?.close();
      handle.sqlite.close();
    },
  };
}

/** Headers every response carries unless it sets its own (ASVS 3.4.1, 3.4.4, 3.4.5, 3.4.6). */
export function defaultSecurityHeaders(publicUrl: string): [string, string][] {
  const headers: [string, string][] = [
    ["X-Content-Type-Options", "nosniff"],
    ["Referrer-Policy", "no-referrer"],
    // Non-HTML responses need no sources at all; HTML documents replace this with their nonce CSP.
    ["Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; base-uri 'none'"],
  ];
  // The public address is the one browsers use: behind a TLS proxy the socket here is plain http.
  if (publicUrl.startsWith("https://"))
    headers.push(["Strict-Transport-Security", "max-age=31536000; includeSubDomains"]);
  return headers;
}
