/**
 * Configuration, parsed by zod once at start-up. A wrong value stops the process with one
 * line naming the variable (habit from the Epic Stack's env.server.ts).
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";

const booleanish = z
  .enum(["1", "0", "true", "false", "yes", "no"])
  .transform((v) => v === "1" || v === "true" || v === "yes");

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATABASE_PATH: z
    .string()
    .min(1)
    .refine((v) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(v), "must be a file path (a database URL goes in DATABASE_URL)")
    .default("var/portal.db"),
  /**
   * PostgreSQL instead of the SQLite file: postgres://user:password@host:port/db.
   * Unset keeps SQLite at DATABASE_PATH.
   */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, "must be a postgres:// URL")
    .optional(),
  PUBLIC_URL: z
    .url({ protocol: /^https?$/ })
    .default("http://localhost:3000")
    .transform((u) => u.replace(/\/+$/, "")),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/.+/, "must look like smtp://user:pass@host:port or smtps://…")
    .optional(),
  MAIL_FROM: z.string().min(3).default("Biometric Rights Portal <no-reply@portal.localhost>"),
  SESSION_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  DATA_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, "must be 64 hex characters (a 256-bit key)")
    .optional(),
  /** Run the outbox/sweep worker inside the web process (default) or not (`npm run worker`). */
  RUN_WORKER: booleanish.default(true),
  /** Seed demo data into an empty database on start (default: on outside production). */
  SEED_DEMO: booleanish.optional(),
  /** Port of the embedded mail catcher (used only when SMTP_URL is unset); 0 = any free port. */
  CATCHER_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  /** Days after a request closes before its reference photo is destroyed. */
  PHOTO_RETENTION_DAYS: z.coerce.number().int().min(0).max(365).default(30),
  /**
   * PostgreSQL only: the longest one statement of the running portal may take. Every query blocks
   * the process's event loop while it runs (the synchronous bridge), so this bounds how long one
   * slow query can stall every other request of the process, /healthz included.
   */
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
  /** Multiplies every abuse limit (filing, login, …): raise it for load tests, never to 0. */
  RATE_LIMIT_SCALE: z.coerce.number().min(1).max(1_000_000).default(1),
  /** Ed25519 private key (PKCS#8 DER, base64) that signs audit checkpoints. */
  AUDIT_SIGNING_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/=]{60,200}$/, "must be a base64 PKCS#8 Ed25519 private key")
    .optional(),
  /** Where encrypted files (photos, response packages) live; never under public/. */
  FILES_DIR: z.string().min(1).default("var/files"),
  /** Number of reverse proxies in front of the portal whose X-Forwarded-For/-Proto to trust (0 = none). */
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  /** Tests and local development only: lets webhooks target http://127.0.0.1 / [::1]. Refused in production. */
  WEBHOOK_ALLOW_LOOPBACK: booleanish.default(false),
  /**
   * In production a webhook goes to https on port 443 only: a vendor admin must not be able to
   * make the portal knock on a public host's SSH, Redis or admin port. Extra ports the
   * operator allows, comma-separated (e.g. "8443,9443").
   */
  WEBHOOK_ALLOWED_PORTS: z
    .string()
    .transform((v) => v.split(",").map((p) => p.trim()))
    .refine(
      (ports) => ports.every((p) => /^\d{1,5}$/.test(p) && Number(p) >= 1 && Number(p) <= 65535),
      "must be a comma-separated list of port numbers (1-65535), e.g. 8443,9443",
    )
    .transform((ports) => [...new Set(ports.map(Number))])
    .optional(),
  /**
   * Domain of the per-request reply addresses (reply+<token>@INBOUND_DOMAIN) put in letters to
   * email-only companies; its MX (or a relay) must hand that mail to the inbound listener.
   * Unset in production: letters carry no reply address.
   */
  INBOUND_DOMAIN: z
    .string()
    .regex(
      /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i,
      "must be a domain name, e.g. reply.portal.example",
    )
    .transform((d) => d.toLowerCase())
    .optional(),
  /** Port of the inbound SMTP listener (bound to HOST); 0 = any free port. Development: on by default. */
  INBOUND_SMTP_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /**
   * Tests and offline demos: a JSON file of DNS records ({"name": {"TXT": [["v=spf1 …"]]}})
   * that SPF/DKIM/DMARC checks read instead of the DNS. The start-up banner says so.
   */
  INBOUND_DNS_FILE: z.string().min(1).optional(),
});

export interface PortalConfig {
  env: "development" | "production" | "test";
  port: number;
  host: string;
  databasePath: string;
  /** Set when the portal runs on PostgreSQL (DATABASE_URL); null on SQLite. */
  databaseUrl: string | null;
  publicUrl: string;
  smtpUrl: string | null;
  mailFrom: string;
  sessionSecret: string;
  dataKey: Buffer;
  runWorker: boolean;
  seedDemo: boolean;
  catcherPort: number;
  filesDir: string;
  secureCookies: boolean;
  /** base64 PKCS#8 DER Ed25519 private key for audit checkpoints. */
  auditSigningKey: string;
  rateLimitScale: number;
  photoRetentionDays: number;
  /** PostgreSQL only: statement_timeout of the running portal's connections, in ms. */
  dbStatementTimeoutMs: number;
  /** Reverse-proxy hops to trust for the client address and scheme. */
  trustProxy: number;
  /** Webhook URLs may be http on a loopback address (never in production). */
  webhookAllowLoopback: boolean;
  /** Ports besides 443 that production webhooks may target (WEBHOOK_ALLOWED_PORTS). */
  webhookAllowedPorts: number[];
  /** Domain of the reply addresses; null = letters carry none. */
  inboundDomain: string | null;
  /** Inbound SMTP listener port (0 = any free port); null = no listener in this process. */
  inboundSmtpPort: number | null;
  /** DNS records for sender authentication read from this file instead of the DNS (tests). */
  inboundDnsFile: string | null;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Parses the environment. Throws ConfigError whose message is one line naming the variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): PortalConfig {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([k, v]) => k in envSchema.shape && v !== undefined && v !== ""),
  );
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? "environment");
    throw new ConfigError(
      `Invalid configuration: ${name} ${describeIssue(issue)} (got ${JSON.stringify(cleaned[name] ?? null)})`,
    );
  }
  const e = parsed.data;
  let sessionSecret = e.SESSION_SECRET;
  let dataKeyHex = e.DATA_KEY;
  let auditKey = e.AUDIT_SIGNING_KEY;
  if (e.NODE_ENV === "production") {
    if (!sessionSecret)
      throw new ConfigError("Invalid configuration: SESSION_SECRET is required in production (32+ characters)");
    if (!dataKeyHex)
      throw new ConfigError("Invalid configuration: DATA_KEY is required in production (64 hex characters)");
    if (!auditKey)
      throw new ConfigError(
        "Invalid configuration: AUDIT_SIGNING_KEY is required in production (base64 PKCS#8 Ed25519 key)",
      );
    // An SSRF hole by configuration: the loopback allowance exists for tests only.
    if (e.WEBHOOK_ALLOW_LOOPBACK)
      throw new ConfigError("Invalid configuration: WEBHOOK_ALLOW_LOOPBACK must not be set in production");
    // Without a real SMTP server the embedded catcher would publish every email (reset and
    // invitation links included) at /dev/mailbox: development only.
    if (!e.SMTP_URL)
      throw new ConfigError(
        "Invalid configuration: SMTP_URL is required in production (the built-in mail catcher is for development only)",
      );
    // A listener whose addresses appear in no letter would only ever refuse mail.
    if (e.INBOUND_SMTP_PORT !== undefined && !e.INBOUND_DOMAIN)
      throw new ConfigError("Invalid configuration: INBOUND_DOMAIN is required when INBOUND_SMTP_PORT is set");
  } else if (!sessionSecret || !dataKeyHex || !auditKey) {
    const generated = readOrCreateDevSecrets(
      path.dirname(path.resolve(e.DATABASE_PATH === ":memory:" ? "var/x" : e.DATABASE_PATH)),
    );
    sessionSecret ??= generated.sessionSecret;
    dataKeyHex ??= generated.dataKey;
    auditKey ??= generated.auditSigningKey;
  }
  try {
    crypto.createPrivateKey({ key: Buffer.from(auditKey!, "base64"), format: "der", type: "pkcs8" });
  } catch {
    throw new ConfigError("Invalid configuration: AUDIT_SIGNING_KEY is not a valid PKCS#8 private key");
  }
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databasePath: e.DATABASE_PATH,
    databaseUrl: e.DATABASE_URL ?? null,
    publicUrl: e.PUBLIC_URL,
    smtpUrl: e.SMTP_URL ?? null,
    mailFrom: e.MAIL_FROM,
    sessionSecret: sessionSecret!,
    dataKey: Buffer.from(dataKeyHex!, "hex"),
    runWorker: e.RUN_WORKER,
    seedDemo: e.SEED_DEMO ?? e.NODE_ENV !== "production",
    catcherPort: e.CATCHER_PORT,
    filesDir: e.FILES_DIR,
    secureCookies: e.PUBLIC_URL.startsWith("https://"),
    auditSigningKey: auditKey!,
    rateLimitScale: e.RATE_LIMIT_SCALE,
    photoRetentionDays: e.PHOTO_RETENTION_DAYS,
    dbStatementTimeoutMs: e.DB_STATEMENT_TIMEOUT_MS,
    webhookAllowLoopback: e.WEBHOOK_ALLOW_LOOPBACK,
    webhookAllowedPorts: e.WEBHOOK_ALLOWED_PORTS ?? [],
    trustProxy: e.TRUST_PROXY,
    // Outside production the reply addresses and the listener work out of the box (any free port).
    inboundDomain: e.INBOUND_DOMAIN ?? (e.NODE_ENV === "production" ? null : "portal.localhost"),
    inboundSmtpPort: e.INBOUND_SMTP_PORT ?? (e.NODE_ENV === "development" ? 0 : null),
    inboundDnsFile: e.INBOUND_DNS_FILE ?? null,
  };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === "invalid_value") return `must be one of ${issue.values.map(String).join(", ")}`;
  if (issue.code === "invalid_format" && issue.format === "url") return "must be an http(s) URL";
  return issue.message.replace(/^Invalid input: /, "").toLowerCase();
}

/** Development only: secrets generated once with a CSPRNG and kept (0600) under var/. */
function readOrCreateDevSecrets(dir: string): { sessionSecret: string; dataKey: string; auditSigningKey: string } {
  const file = path.join(dir, "dev-secrets.json");
  let existing: Partial<{ sessionSecret: string; dataKey: string; auditSigningKey: string }> = {};
  try {
    existing = JSON.parse(fs.readFileSync(file, "utf8")) as typeof existing;
    if (existing.sessionSecret && /^[0-9a-f]{64}$/.test(existing.dataKey ?? "") && existing.auditSigningKey) {
      return existing as { sessionSecret: string; dataKey: string; auditSigningKey: string };
    }
  } catch {
    /* first start: create below */
  }
  // Keep what exists (the data key encrypts stored files); add what is missing.
  const created = {
    sessionSecret: existing.sessionSecret ?? crypto.randomBytes(32).toString("base64url"),
    dataKey:
      existing.dataKey && /^[0-9a-f]{64}$/.test(existing.dataKey)
        ? existing.dataKey
        : crypto.randomBytes(32).toString("hex"),
    auditSigningKey:
      existing.auditSigningKey ??
      (crypto.generateKeyPairSync("ed25519").privateKey.export({ format: "der", type: "pkcs8" }) as Buffer).toString(
        "base64",
      ),
  };
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(created, null, 2), { mode: 0o600 });
  return created;
}
