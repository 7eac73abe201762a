/**
 * drizzle-kit config for the PostgreSQL schema. `generate` needs no database:
 *   npx drizzle-kit generate --config db/pg/drizzle.config.ts
 * The SQLite config (db/drizzle.config.ts) and its migrations are separate and unchanged.
 */
import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: "./db/pg/schema.ts",
  out: "./db/pg/migrations",
  // Only read by drizzle-kit commands that connect (migrate, studio); generate never does.
  dbCredentials: { url: process.env.DATABASE_URL ?? "postgres://localhost/portal" },
});
