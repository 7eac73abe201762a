/**
 * The demo accounts' logins in var/demo-logins.json (written by the demo seed, mode 0600) and
 * whether a database is still empty enough to seed.
 */
import fs from "node:fs";
import path from "node:path";
import type { DbHandle } from "../../../db/client";

export interface DemoLogin {
  role: string;
  email: string;
  password: string;
  vendor?: string;
  /** Demo accounts only: pre-enrolled authenticator (base32), random per database. */
  totpSecret?: string;
  /** The same secret as an otpauth:// URI, for an authenticator app. */
  otpauthUri?: string;
  /** The reference connector's entry (role "connector"): its vendor's API key, for npm run connector. */
  apiKey?: string;
  /** The connector's webhook secret, when the seed registered its webhook (development with loopback webhooks allowed). */
  webhookSecret?: string;
}

export function isDatabaseEmpty(handle: DbHandle): boolean {
  const row = handle.sqlite
    .prepare("SELECT (SELECT count(*) FROM vendors) + (SELECT count(*) FROM users) AS n")
    .get() as { n: number };
  return row.n === 0;
}

export function readDemoLogins(varDir: string): DemoLogin[] {
  try {
    return JSON.parse(fs.readFileSync(path.join(varDir, "demo-logins.json"), "utf8")) as DemoLogin[];
  } catch {
    return [];
  }
}
