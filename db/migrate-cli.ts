/** `npm run db:migrate`: apply migrations to DATABASE_PATH (default var/portal.db). */
import { openDatabase } from "./client";
import { applyMigrations } from "./migrate";

const file = process.env.DATABASE_PATH ?? "var/portal.db";
const handle = openDatabase(file);
applyMigrations(handle);
handle.sqlite.close();
console.log(`Migrations applied to ${file}`);
