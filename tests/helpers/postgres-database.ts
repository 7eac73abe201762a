/**
 * Databases on a test PostgreSQL server (the throwaway one from postgres-server.mjs): one per
 * test portal, per e2e server, per bench run. One admin connection per server and process.
 */
import { PgSyncDatabase } from "../../db/pg/sync-client";

const admins = new Map<string, PgSyncDatabase>();

/** The URL of database `name` on the server `serverUrl` points to. */
export function postgresDatabaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Creates database `name` (a copy of `template` when given) and returns its URL. `reuse` keeps
 * an existing one (a server restarted on its data); otherwise an old one is dropped first.
 */
export function createPostgresDatabase(
  serverUrl: string,
  name: string,
  opts: { template?: string; reuse?: boolean } = {},
): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`);
  let admin = admins.get(serverUrl);
  if (!admin) {
    admin = new PgSyncDatabase(serverUrl);
    admins.set(serverUrl, admin);
  }
  const exists = admin.prepare("SELECT 1 FROM pg_database WHERE datname = ?").get(name) !== undefined;
  if (exists && opts.reuse) return postgresDatabaseUrl(serverUrl, name);
  if (exists) admin.exec(`DROP DATABASE ${name}`);
  admin.exec(`CREATE DATABASE ${name}${opts.template ? ` TEMPLATE ${opts.template}` : ""}`);
  return postgresDatabaseUrl(serverUrl, name);
}

/** Drops database `name` if it exists. */
export function dropPostgresDatabase(serverUrl: string, name: string): void {
  admins.get(serverUrl)?.exec(`DROP DATABASE IF EXISTS ${name}`);
}
