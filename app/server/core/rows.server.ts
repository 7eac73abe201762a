/**
 * Row types for the raw SQL the server layer runs, derived from the drizzle schema (db/schema.ts)
 * with the database's column names, so a column added or retyped in the schema reaches every
 * reader without a hand-kept copy. Read a query's rows with `readOne` / `readAll` below instead
 * of casting at the call site.
 *
 * The types describe the values both engines return for a raw query, which differ from what
 * drizzle's query builder hands out in one respect: boolean-mode columns (`statutory`) are
 * stored as integer 0/1 and read back as numbers. Everything else is already the same:
 * - SQLite integers are JS numbers (better-sqlite3 without safeIntegers);
 * - PostgreSQL ids and instants are `bigint` mode "number", and the bridge's worker parses
 *   INT8 and NUMERIC results as numbers and booleans as 1/0 (db/pg/sync-worker.mjs), so
 *   counts and sums are numbers too;
 * - JSON is text on both engines.
 * The PostgreSQL schema's rows are checked against these at compile time (`PgRowsMatch`).
 */
import type { InferSelectModel, Table } from "drizzle-orm";
import type { SqlStatement } from "../../../db/client";
import type * as pg from "../../../db/pg/schema";
import type * as schema from "../../../db/schema";

/** A table's row as raw SQL returns it: database column names, boolean columns as 0/1. */
type RawRow<T extends Table> = {
  [K in keyof InferSelectModel<T, { dbColumnNames: true }>]: AsStored<InferSelectModel<T, { dbColumnNames: true }>[K]>;
};
type AsStored<V> = V extends boolean
  ? number
  : [Extract<V, boolean>] extends [never]
    ? V
    : Exclude<V, boolean> | number;

export type VendorRow = RawRow<typeof schema.vendors>;
export type UserRow = RawRow<typeof schema.users>;
export type SessionRow = RawRow<typeof schema.sessions>;
export type FilingRow = RawRow<typeof schema.filings>;
export type RequestRow = RawRow<typeof schema.requests>;
export type RegulatorDailyRow = RawRow<typeof schema.regulatorDaily>;
export type RegulatorDailyDenialRow = RawRow<typeof schema.regulatorDailyDenials>;
export type RegulatorDailyOpenDueRow = RawRow<typeof schema.regulatorDailyOpenDue>;
export type VendorQueueCountRow = RawRow<typeof schema.vendorQueueCounts>;
export type RegulatorMonthlyDurationRow = RawRow<typeof schema.regulatorMonthlyDurations>;
export type RegulatorYearlyTypeRow = RawRow<typeof schema.regulatorYearlyTypes>;
export type RegulatorYearlyTypeDurationRow = RawRow<typeof schema.regulatorYearlyTypeDurations>;
export type StatusLinkRow = RawRow<typeof schema.statusLinks>;
export type EventRow = RawRow<typeof schema.requestEvents>;
export type MessageRow = RawRow<typeof schema.messages>;
export type AttachmentRow = RawRow<typeof schema.attachments>;
export type InboundMailRow = RawRow<typeof schema.inboundMail>;
export type ResponsePackageRow = RawRow<typeof schema.responsePackages>;
export type OneTimeTokenRow = RawRow<typeof schema.oneTimeTokens>;
export type OutboxRow = RawRow<typeof schema.emailOutbox>;
export type AuditEventRow = RawRow<typeof schema.auditEvents>;
export type AuditCheckpointRow = RawRow<typeof schema.auditCheckpoints>;
export type ApiKeyRow = RawRow<typeof schema.apiKeys>;
export type IdempotencyKeyRow = RawRow<typeof schema.idempotencyKeys>;
export type PortalStateRow = RawRow<typeof schema.portalState>;
export type RateLimitRow = RawRow<typeof schema.rateLimits>;
export type RecoveryCodeRow = RawRow<typeof schema.recoveryCodes>;
export type WebhookRow = RawRow<typeof schema.webhooks>;
export type WebhookDeliveryRow = RawRow<typeof schema.webhookDeliveries>;
export type WebhookAttemptRow = RawRow<typeof schema.webhookAttempts>;

// Compile-time proof that the PostgreSQL schema yields the same raw rows (same column names,
// same JS types), so these types hold on both engines. A mismatch makes `tsc` fail here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type PgRowsMatch = [
  Same<RawRow<typeof pg.vendors>, VendorRow>,
  Same<RawRow<typeof pg.users>, UserRow>,
  Same<RawRow<typeof pg.sessions>, SessionRow>,
  Same<RawRow<typeof pg.filings>, FilingRow>,
  Same<RawRow<typeof pg.requests>, RequestRow>,
  Same<RawRow<typeof pg.regulatorDaily>, RegulatorDailyRow>,
  Same<RawRow<typeof pg.regulatorDailyDenials>, RegulatorDailyDenialRow>,
  Same<RawRow<typeof pg.regulatorDailyOpenDue>, RegulatorDailyOpenDueRow>,
  Same<RawRow<typeof pg.vendorQueueCounts>, VendorQueueCountRow>,
  Same<RawRow<typeof pg.regulatorMonthlyDurations>, RegulatorMonthlyDurationRow>,
  Same<RawRow<typeof pg.regulatorYearlyTypes>, RegulatorYearlyTypeRow>,
  Same<RawRow<typeof pg.regulatorYearlyTypeDurations>, RegulatorYearlyTypeDurationRow>,
  Same<RawRow<typeof pg.statusLinks>, StatusLinkRow>,
  Same<RawRow<typeof pg.requestEvents>, EventRow>,
  Same<RawRow<typeof pg.messages>, MessageRow>,
  Same<RawRow<typeof pg.attachments>, AttachmentRow>,
  Same<RawRow<typeof pg.inboundMail>, InboundMailRow>,
  Same<RawRow<typeof pg.responsePackages>, ResponsePackageRow>,
  Same<RawRow<typeof pg.oneTimeTokens>, OneTimeTokenRow>,
  Same<RawRow<typeof pg.emailOutbox>, OutboxRow>,
  Same<RawRow<typeof pg.auditEvents>, AuditEventRow>,
  Same<RawRow<typeof pg.auditCheckpoints>, AuditCheckpointRow>,
  Same<RawRow<typeof pg.apiKeys>, ApiKeyRow>,
  Same<RawRow<typeof pg.idempotencyKeys>, IdempotencyKeyRow>,
  Same<RawRow<typeof pg.portalState>, PortalStateRow>,
  Same<RawRow<typeof pg.rateLimits>, RateLimitRow>,
  Same<RawRow<typeof pg.recoveryCodes>, RecoveryCodeRow>,
  Same<RawRow<typeof pg.webhooks>, WebhookRow>,
  Same<RawRow<typeof pg.webhookDeliveries>, WebhookDeliveryRow>,
  Same<RawRow<typeof pg.webhookAttempts>, WebhookAttemptRow>,
];
const pgRowsMatch: PgRowsMatch = [
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
];
void pgRowsMatch;

/**
 * The first row of a query, typed. The one cast of query results lives here (and in
 * `readAll`): it is sound when the statement's SELECT list matches `T` — `SELECT *` or the named
 * columns of the table `T` is the row type of (or a `Pick` of it), or the aliases of an
 * aggregate spelled out in `T`. Callers name `T` next to the SQL, where the two can be compared.
 */
export function readOne<T extends object>(stmt: SqlStatement, ...params: unknown[]): T | undefined {
  return stmt.get(...params) as T | undefined;
}

/** Every row of a query, typed; the same contract as `readOne`. */
export function readAll<T extends object>(stmt: SqlStatement, ...params: unknown[]): T[] {
  return stmt.all(...params) as T[];
}

/** Streams the rows of a query, typed; the same contract as `readOne`. */
export function iterateRows<T extends object>(stmt: SqlStatement, ...params: unknown[]): IterableIterator<T> {
  return stmt.iterate(...params) as IterableIterator<T>;
}
