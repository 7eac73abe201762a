import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../app/server/core/env.server";
import { TEST_AUDIT_KEY } from "../helpers/test-portal";

const tmp = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), "portal-cfg-")), "portal.db");

describe("configuration", () => {
  it("has working defaults for development and generates secrets once under the data folder", () => {
    const db = tmp();
    const a = loadConfig({ DATABASE_PATH: db });
    expect(a).toMatchObject({
      port: 3000,
      host: "127.0.0.1",
      publicUrl: "http://localhost:3000",
      smtpUrl: null,
      env: "development",
    });
    expect(a.dataKey).toHaveLength(32);
    const b = loadConfig({ DATABASE_PATH: db });
    expect(b.sessionSecret).toBe(a.sessionSecret);
    expect(b.dataKey.equals(a.dataKey)).toBe(true);
    expect(fs.statSync(path.join(path.dirname(db), "dev-secrets.json")).mode & 0o777).toBe(0o600);
  });

  it.each([
    [{ PORT: "eighty" }, /^Invalid configuration: PORT /],
    [{ PORT: "70000" }, /^Invalid configuration: PORT /],
    [{ PUBLIC_URL: "ftp://x" }, /^Invalid configuration: PUBLIC_URL /],
    [{ SMTP_URL: "mail.example.com" }, /^Invalid configuration: SMTP_URL /],
    [{ DATA_KEY: "short" }, /^Invalid configuration: DATA_KEY /],
    [{ NODE_ENV: "staging" }, /^Invalid configuration: NODE_ENV /],
    [{ NODE_ENV: "production" }, /^Invalid configuration: SESSION_SECRET is required in production/],
    [
      { NODE_ENV: "production", SESSION_SECRET: "x".repeat(40) },
      /^Invalid configuration: DATA_KEY is required in production/,
    ],
    [
      { NODE_ENV: "production", SESSION_SECRET: "x".repeat(40), DATA_KEY: "ab".repeat(32) },
      /^Invalid configuration: AUDIT_SIGNING_KEY is required in production/,
    ],
    // The built-in catcher shows every email at /dev/mailbox: never in production.
    [
      {
        NODE_ENV: "production",
        SESSION_SECRET: "x".repeat(40),
        DATA_KEY: "ab".repeat(32),
        AUDIT_SIGNING_KEY: TEST_AUDIT_KEY,
      },
      /^Invalid configuration: SMTP_URL is required in production/,
    ],
    [{ TRUST_PROXY: "-1" }, /^Invalid configuration: TRUST_PROXY/],
    // Extra webhook ports: a comma-separated list of TCP ports, nothing else.
    [{ WEBHOOK_ALLOWED_PORTS: "0" }, /^Invalid configuration: WEBHOOK_ALLOWED_PORTS /],
    [{ WEBHOOK_ALLOWED_PORTS: "70000" }, /^Invalid configuration: WEBHOOK_ALLOWED_PORTS /],
    [{ WEBHOOK_ALLOWED_PORTS: "https" }, /^Invalid configuration: WEBHOOK_ALLOWED_PORTS /],
    [{ WEBHOOK_ALLOWED_PORTS: "8443;9443" }, /^Invalid configuration: WEBHOOK_ALLOWED_PORTS /],
    [{ WEBHOOK_ALLOWED_PORTS: "8443,,9443" }, /^Invalid configuration: WEBHOOK_ALLOWED_PORTS /],
    [{ WEBHOOK_ALLOWED_PORTS: "8443.5" }, /^Invalid configuration: WEBHOOK_ALLOWED_PORTS /],
    [{ WEBHOOK_ALLOWED_PORTS: "1e3" }, /^Invalid configuration: WEBHOOK_ALLOWED_PORTS /],
  ])("a wrong value stops with one line naming the variable: %j", (env, message) => {
    let err: unknown;
    try {
      loadConfig({ DATABASE_PATH: tmp(), ...env });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).not.toContain("\n");
  });

  it("accepts a full production configuration", () => {
    const key = (
      crypto.generateKeyPairSync("ed25519").privateKey.export({ format: "der", type: "pkcs8" }) as Buffer
    ).toString("base64");
    const c = loadConfig({
      NODE_ENV: "production",
      SESSION_SECRET: "s".repeat(32),
      DATA_KEY: "ab".repeat(32),
      AUDIT_SIGNING_KEY: key,
      PUBLIC_URL: "https://portal.example.org/",
      SMTP_URL: "smtp://u:p@mail.example.org:587",
      DATABASE_PATH: tmp(),
    });
    expect(c.secureCookies).toBe(true);
    expect(c.publicUrl).toBe("https://portal.example.org");
    expect(c.seedDemo).toBe(false);
    expect(c.webhookAllowedPorts).toEqual([]);
  });

  it("reads WEBHOOK_ALLOWED_PORTS as a list of ports (spaces allowed, duplicates dropped)", () => {
    expect(
      loadConfig({ DATABASE_PATH: tmp(), WEBHOOK_ALLOWED_PORTS: " 8443, 9443,8443 " }).webhookAllowedPorts,
    ).toEqual([8443, 9443]);
    expect(loadConfig({ DATABASE_PATH: tmp() }).webhookAllowedPorts).toEqual([]);
  });
});
