/**
 * Keeps the PostgreSQL schema (db/pg/schema.ts + db/pg/migrations) in step with the SQLite one
 * (db/schema.ts + db/migrations). Compared through drizzle's own table introspection:
 * the same tables under the same export names; per table the same columns (kind, nullability,
 * default, primary key, uniqueness, enum values, identity), the same composite primary keys,
 * foreign keys and indexes (name, columns/expressions in order, uniqueness, partial WHERE).
 * Triggers live in hand-written SQL, so every SQLite trigger must have a same-named PostgreSQL
 * trigger on the same table and event. Finally the committed pg migrations must be what
 * drizzle-kit generates from db/pg/schema.ts today.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { getTableName, is, sql, SQL, type InferInsertModel, type InferSelectModel } from "drizzle-orm";
import {
  getTableConfig as getPgTableConfig,
  integer as pgInteger,
  PgDialect,
  pgTable,
  PgTable,
  text as pgText,
  index as pgIndex,
  bigint as pgBigint,
} from "drizzle-orm/pg-core";
import {
  getTableConfig as getSqliteTableConfig,
  integer as sqliteInteger,
  SQLiteSyncDialect,
  sqliteTable,
  SQLiteTable,
  text as sqliteText,
  index as sqliteIndex,
} from "drizzle-orm/sqlite-core";
import { describe, expect, it } from "vitest";
import * as sqliteSchema from "../../db/schema";
import * as pgSchema from "../../db/pg/schema";

const root = path.resolve(__dirname, "../..");

// ---------------------------------------------------------------------------------------------
// Dialect-neutral description of a table
// ---------------------------------------------------------------------------------------------

/** What a column holds as seen by the code: raw SQL and drizzle must read the same values. */
type ColumnKind = "text" | "integer" | "boolean-as-integer" | `unsupported:${string}`;

interface ColumnShape {
  name: string;
  kind: ColumnKind;
  /** SQL type on disk, to check the bigint rule on PostgreSQL. */
  sqlType: string;
  notNull: boolean;
  hasDefault: boolean;
  defaultValue: string | null;
  primaryKey: boolean;
  /** Name of the single-column unique constraint/index, or null. */
  unique: string | null;
  enumValues: string[] | null;
  /** SQLite AUTOINCREMENT ↔ PostgreSQL identity column. */
  generatedId: boolean;
}

interface IndexShape {
  name: string;
  columns: string[];
  unique: boolean;
  where: string | null;
}

export interface TableShape {
  name: string;
  columns: ColumnShape[];
  compositePrimaryKey: string[] | null;
  uniqueConstraints: string[];
  foreignKeys: string[];
  indexes: IndexShape[];
}

/** Whitespace and identifier quoting differ between the dialects' renderings, nothing else may. */
function normaliseSql(text: string): string {
  return text.replace(/[`"]/g, "").replace(/\s+/g, " ").trim();
}

const sqliteDialect = new SQLiteSyncDialect();
const pgDialect = new PgDialect();

function renderSqlite(chunk: SQL): string {
  return normaliseSql(sqliteDialect.sqlToQuery(chunk).sql);
}

function renderPg(chunk: SQL): string {
  return normaliseSql(pgDialect.sqlToQuery(chunk).sql);
}

function describeDefault(value: unknown): string | null {
  if (value === undefined) return null;
  if (is(value, SQL)) return `sql:${renderPg(value)}`;
  return JSON.stringify(value);
}

function describeSqliteTable(table: SQLiteTable): TableShape {
  const config = getSqliteTableConfig(table);
  const columns = config.columns.map((column): ColumnShape => {
    const kind: ColumnKind =
      column.columnType === "SQLiteText"
        ? "text"
        : column.columnType === "SQLiteInteger"
          ? "integer"
          : column.columnType === "SQLiteBoolean"
            ? "boolean-as-integer"
            : `unsupported:${column.columnType}`;
    const autoIncrement = "autoIncrement" in column && column.autoIncrement === true;
    // drizzle marks every INTEGER PRIMARY KEY as defaulted because SQLite fills a rowid alias when
    // it is omitted. Without AUTOINCREMENT that is no declared default (audit_events.seq is always
    // written as head + 1), and PostgreSQL rightly has none: a writer forgetting seq must fail.
    const rowidAliasOnly =
      kind === "integer" &&
      column.primary &&
      !autoIncrement &&
      column.default === undefined &&
      column.defaultFn === undefined;
    return {
      name: column.name,
      kind,
      sqlType: column.getSQLType(),
      notNull: column.notNull,
      hasDefault: rowidAliasOnly ? false : column.hasDefault,
      defaultValue: describeDefault(column.default),
      primaryKey: column.primary,
      unique: column.isUnique ? (column.uniqueName ?? null) : null,
      enumValues: column.enumValues ? [...column.enumValues] : null,
      generatedId: autoIncrement,
    };
  });
  return {
    name: config.name,
    columns,
    compositePrimaryKey: config.primaryKeys[0] ? config.primaryKeys[0].columns.map((c) => c.name) : null,
    uniqueConstraints: config.uniqueConstraints.map(describeUnique),
    foreignKeys: config.foreignKeys.map(describeForeignKey),
    indexes: config.indexes.map((ix) => ({
      name: ix.config.name,
      columns: ix.config.columns.map((c) => (is(c, SQL) ? `(${renderSqlite(c)})` : c.name)),
      unique: ix.config.unique,
      where: ix.config.where ? renderSqlite(ix.config.where) : null,
    })),
  };
}

/** Shared by both engines' descriptions: drizzle gives unique constraints and foreign keys the same shape. */
function describeUnique(u: { name?: string; columns: { name: string }[] }): string {
  return `${u.name}(${u.columns.map((c) => c.name).join(",")})`;
}

function describeForeignKey(fk: {
  reference(): {
    columns: { name: string }[];
    foreignTable: Parameters<typeof getTableName>[0];
    foreignColumns: { name: string }[];
  };
  onDelete?: string;
  onUpdate?: string;
}): string {
  const ref = fk.reference();
  return `${ref.columns.map((c) => c.name).join(",")} -> ${getTableName(ref.foreignTable)}(${ref.foreignColumns.map((c) => c.name).join(",")}) on delete ${fk.onDelete ?? "no action"} on update ${fk.onUpdate ?? "no action"}`;
}

function describePgTable(table: PgTable): TableShape {
  const config = getPgTableConfig(table);
  const columns = config.columns.map((column): ColumnShape => {
    let kind: ColumnKind;
    if (column.columnType === "PgText") kind = "text";
    else if (column.columnType === "PgInteger" || column.columnType === "PgBigInt53") kind = "integer";
    else if (
      column.columnType === "PgCustomColumn" &&
      column.getSQLType() === "integer" &&
      column.mapFromDriverValue(1) === true &&
      column.mapFromDriverValue(0) === false &&
      column.mapToDriverValue(true) === 1 &&
      column.mapToDriverValue(false) === 0
    ) {
      // SQLite's boolean mode stores 0/1 and raw SQL compares it to 1: the pg column must too.
      kind = "boolean-as-integer";
    } else kind = `unsupported:${column.columnType}`;
    return {
      name: column.name,
      kind,
      sqlType: column.getSQLType(),
      notNull: column.notNull,
      hasDefault: column.hasDefault,
      defaultValue: describeDefault(column.default),
      primaryKey: column.primary,
      unique: column.isUnique ? (column.uniqueName ?? null) : null,
      enumValues: column.enumValues ? [...column.enumValues] : null,
      generatedId: column.generatedIdentity !== undefined,
    };
  });
  return {
    name: config.name,
    columns,
    compositePrimaryKey: config.primaryKeys[0] ? config.primaryKeys[0].columns.map((c) => c.name) : null,
    uniqueConstraints: config.uniqueConstraints.map(describeUnique),
    foreignKeys: config.foreignKeys.map(describeForeignKey),
    indexes: config.indexes.map((ix) => ({
      name: ix.config.name ?? "(unnamed)",
      columns: ix.config.columns.map((c) =>
        is(c, SQL) ? `(${renderPg(c)})` : ((c as { name?: string }).name ?? "(unnamed)"),
      ),
      unique: ix.config.unique,
      where: ix.config.where ? renderPg(ix.config.where) : null,
    })),
  };
}

/** Integer columns holding instants or ids overflow a 32-bit `integer` (epoch ms is ~1.8e12). */
const MUST_BE_BIGINT = /^(id|seq|at)$|_id$|_at$|_until$|_start$|_ms_sum$/;

/**
 * Every difference between the two schemas, as readable lines; empty when they agree. A table,
 * column or index present on one side only, or any differing property, is one line.
 */
export function diffSchemas(sqliteTables: TableShape[], pgTables: TableShape[]): string[] {
  const out: string[] = [];
  const pgByName = new Map(pgTables.map((t) => [t.name, t]));
  const sqliteByName = new Map(sqliteTables.map((t) => [t.name, t]));
  for (const t of sqliteTables) if (!pgByName.has(t.name)) out.push(`table ${t.name}: only in SQLite`);
  for (const t of pgTables) if (!sqliteByName.has(t.name)) out.push(`table ${t.name}: only in PostgreSQL`);

  for (const s of sqliteTables) {
    const p = pgByName.get(s.name);
    if (!p) continue;
    const pgColumns = new Map(p.columns.map((c) => [c.name, c]));
    const sqliteColumns = new Map(s.columns.map((c) => [c.name, c]));
    for (const c of s.columns) if (!pgColumns.has(c.name)) out.push(`${s.name}.${c.name}: only in SQLite`);
    for (const c of p.columns) if (!sqliteColumns.has(c.name)) out.push(`${s.name}.${c.name}: only in PostgreSQL`);
    for (const sc of s.columns) {
      const pc = pgColumns.get(sc.name);
      if (!pc) continue;
      for (const key of [
        "kind",
        "notNull",
        "hasDefault",
        "defaultValue",
        "primaryKey",
        "unique",
        "enumValues",
        "generatedId",
      ] as const) {
        const a = JSON.stringify(sc[key]);
        const b = JSON.stringify(pc[key]);
        if (a !== b) out.push(`${s.name}.${sc.name}: ${key} is ${a} on SQLite but ${b} on PostgreSQL`);
      }
      if (pc.kind.startsWith("unsupported"))
        out.push(`${s.name}.${sc.name}: PostgreSQL column type ${pc.kind} has no SQLite counterpart`);
      if (sc.kind === "integer" && MUST_BE_BIGINT.test(sc.name) && pc.sqlType !== "bigint") {
        out.push(`${s.name}.${sc.name}: holds an id or instant, so it must be bigint on PostgreSQL, not ${pc.sqlType}`);
      }
    }
    if (JSON.stringify(s.compositePrimaryKey) !== JSON.stringify(p.compositePrimaryKey)) {
      out.push(
        `${s.name}: composite primary key ${JSON.stringify(s.compositePrimaryKey)} on SQLite but ${JSON.stringify(p.compositePrimaryKey)} on PostgreSQL`,
      );
    }
    for (const key of ["uniqueConstraints", "foreignKeys"] as const) {
      const a = [...s[key]].sort();
      const b = [...p[key]].sort();
      for (const x of a) if (!b.includes(x)) out.push(`${s.name}: ${key} ${x} only in SQLite`);
      for (const x of b) if (!a.includes(x)) out.push(`${s.name}: ${key} ${x} only in PostgreSQL`);
    }
    const pgIndexes = new Map(p.indexes.map((i) => [i.name, i]));
    const sqliteIndexes = new Map(s.indexes.map((i) => [i.name, i]));
    for (const i of s.indexes) if (!pgIndexes.has(i.name)) out.push(`${s.name}: index ${i.name} only in SQLite`);
    for (const i of p.indexes)
      if (!sqliteIndexes.has(i.name)) out.push(`${s.name}: index ${i.name} only in PostgreSQL`);
    for (const si of s.indexes) {
      const pi = pgIndexes.get(si.name);
      if (!pi) continue;
      if (si.columns.join(", ") !== pi.columns.join(", "))
        out.push(
          `${s.name}: index ${si.name} is on (${si.columns.join(", ")}) on SQLite but (${pi.columns.join(", ")}) on PostgreSQL`,
        );
      if (si.unique !== pi.unique)
        out.push(`${s.name}: index ${si.name} unique=${si.unique} on SQLite but unique=${pi.unique} on PostgreSQL`);
      if (si.where !== pi.where)
        out.push(
          `${s.name}: index ${si.name} WHERE ${si.where ?? "(none)"} on SQLite but ${pi.where ?? "(none)"} on PostgreSQL`,
        );
    }
  }
  return out;
}

function sqliteTablesOf(schema: Record<string, unknown>): Map<string, SQLiteTable> {
  return new Map(Object.entries(schema).filter((e): e is [string, SQLiteTable] => is(e[1], SQLiteTable)));
}

function pgTablesOf(schema: Record<string, unknown>): Map<string, PgTable> {
  return new Map(Object.entries(schema).filter((e): e is [string, PgTable] => is(e[1], PgTable)));
}

// ---------------------------------------------------------------------------------------------
// Triggers, read from the migrations (drizzle does not model them)
// ---------------------------------------------------------------------------------------------

interface TriggerShape {
  name: string;
  table: string;
  timing: string;
  events: string;
  /** Whether the trigger refuses the change as append-only. */
  appendOnly: boolean;
}

/**
 * The triggers left after applying the migrations of a folder in journal order: CREATE adds,
 * DROP removes. SQLite bodies are inline; PostgreSQL ones call a function, so a trigger counts as
 * append-only when its body (SQLite) or its function (PostgreSQL) raises "is append-only".
 */
export function triggersAfterMigrations(sqlFiles: { file: string; source: string }[]): Map<string, TriggerShape> {
  const triggers = new Map<string, TriggerShape>();
  const refusingFunctions = new Set<string>();
  const id = String.raw`[\`"]?(\w+)[\`"]?`;
  for (const { source } of sqlFiles) {
    const text = source.replace(/--[^\n]*$/gm, "");
    for (const m of text.matchAll(
      new RegExp(String.raw`CREATE\s+(?:OR\s+REPLACE\s+)?FUNCTION\s+${id}\s*\([\s\S]*?\$\$([\s\S]*?)\$\$`, "gi"),
    )) {
      if (/RAISE[\s\S]*is append-only/i.test(m[2]!)) refusingFunctions.add(m[1]!);
    }
    const statements = text.split(/(?=\bCREATE\s+TRIGGER\b|\bDROP\s+TRIGGER\b)/i);
    for (const statement of statements) {
      const drop = statement.match(new RegExp(String.raw`^DROP\s+TRIGGER\s+(?:IF\s+EXISTS\s+)?${id}`, "i"));
      if (drop) {
        triggers.delete(drop[1]!);
        continue;
      }
      const create = statement.match(
        new RegExp(
          String.raw`^CREATE\s+TRIGGER\s+(?:IF\s+NOT\s+EXISTS\s+)?${id}\s+(BEFORE|AFTER|INSTEAD\s+OF)\s+([\s\S]+?)\s+ON\s+${id}`,
          "i",
        ),
      );
      if (!create) continue;
      const [, name, timing, events, table] = create;
      const calls = statement.match(new RegExp(String.raw`EXECUTE\s+(?:FUNCTION|PROCEDURE)\s+${id}`, "i"));
      const appendOnly = calls
        ? refusingFunctions.has(calls[1]!)
        : /RAISE\s*\(\s*ABORT\s*,\s*'[^']*is append-only'/i.test(statement);
      triggers.set(name!, {
        name: name!,
        table: table!,
        timing: timing!.toUpperCase().replace(/\s+/g, " "),
        events: events!.replace(/[`"]/g, "").replace(/\s+/g, " ").toUpperCase(),
        appendOnly,
      });
    }
  }
  return triggers;
}

function migrationFiles(folder: string): { file: string; source: string }[] {
  const journal = JSON.parse(fs.readFileSync(path.join(folder, "meta/_journal.json"), "utf8")) as {
    entries: { tag: string }[];
  };
  return journal.entries.map((e) => ({
    file: `${e.tag}.sql`,
    source: fs.readFileSync(path.join(folder, `${e.tag}.sql`), "utf8"),
  }));
}

/** Every SQLite trigger needs a PostgreSQL one with the same name, table, timing and events. */
export function diffTriggers(sqlite: Map<string, TriggerShape>, pg: Map<string, TriggerShape>): string[] {
  const out: string[] = [];
  for (const s of sqlite.values()) {
    const p = pg.get(s.name);
    if (!p) {
      out.push(`trigger ${s.name} on ${s.table}: no PostgreSQL counterpart`);
      continue;
    }
    for (const key of ["table", "timing", "events", "appendOnly"] as const) {
      if (s[key] !== p[key])
        out.push(`trigger ${s.name}: ${key} is ${String(s[key])} on SQLite but ${String(p[key])} on PostgreSQL`);
    }
  }
  // TRUNCATE skips row triggers on PostgreSQL (SQLite has none): an append-only table refuses it too.
  const appendOnlyTables = new Set([...sqlite.values()].filter((t) => t.appendOnly).map((t) => t.table));
  for (const table of appendOnlyTables) {
    const guarded = [...pg.values()].some((t) => t.table === table && t.appendOnly && t.events === "TRUNCATE");
    if (!guarded) out.push(`table ${table}: append-only on SQLite but TRUNCATE is not refused on PostgreSQL`);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Compile-time check: the rows drizzle reads are the same type on both dialects, and every insert
// valid on PostgreSQL is valid on SQLite (PostgreSQL may only be stricter: audit_events.seq has
// no rowid fallback), so the later data layer can swap schemas without touching callers.
// `npx tsc --noEmit` fails otherwise, naming the table.
// ---------------------------------------------------------------------------------------------

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assignable<From, To> = [From] extends [To] ? true : false;
type SharedExports = keyof typeof sqliteSchema & keyof typeof pgSchema;
type RowTypesMatch = {
  [K in SharedExports]: TablesMatch<(typeof sqliteSchema)[K], (typeof pgSchema)[K]>;
};
type TablesMatch<S, P> = S extends SQLiteTable
  ? P extends PgTable
    ? [
        Same<InferSelectModel<S>, InferSelectModel<P>>,
        Same<Required<InferInsertModel<S>>, Required<InferInsertModel<P>>>,
        Assignable<InferInsertModel<P>, InferInsertModel<S>>,
      ] extends [true, true, true]
      ? true
      : false
    : false
  : true;
const rowTypesMatch: RowTypesMatch = Object.fromEntries(Object.keys(sqliteSchema).map((k) => [k, true])) as {
  [K in SharedExports]: true;
};

// ---------------------------------------------------------------------------------------------

describe("PostgreSQL schema parity", () => {
  const sqliteTables = sqliteTablesOf(sqliteSchema);
  const pgTables = pgTablesOf(pgSchema);

  it("exports the same tables under the same names", () => {
    const sqliteNames = Object.fromEntries([...sqliteTables].map(([exportName, t]) => [exportName, getTableName(t)]));
    const pgNames = Object.fromEntries([...pgTables].map(([exportName, t]) => [exportName, getTableName(t)]));
    expect(pgNames).toEqual(sqliteNames);
    expect(Object.keys(sqliteNames).length).toBeGreaterThan(20);
    expect(Object.keys(rowTypesMatch).sort()).toEqual(Object.keys(sqliteNames).sort());
  });

  it("has the same columns, keys, foreign keys and indexes table for table", () => {
    const diff = diffSchemas(
      [...sqliteTables.values()].map(describeSqliteTable),
      [...pgTables.values()].map(describePgTable),
    );
    expect(diff).toEqual([]);
  });

  it("translates the partial and expression indexes (the ones the regulator and the queue rely on)", () => {
    const indexes = describePgTable(pgSchema.requests).indexes;
    const byName = new Map(indexes.map((i) => [i.name, i]));
    expect(byName.get("requests_open_queue_idx")?.where).toBe("closed_at IS NULL AND received_at IS NOT NULL");
    expect(byName.get("requests_answered_duration_idx")?.columns).toContain("(((closed_at - received_at) / 86400000))");
    expect(byName.get("requests_open_due_idx")?.where).toBe("closed_at IS NULL");
  });

  it("keeps SQLite's 0/1 boolean on disk while drizzle still reads a boolean", () => {
    const statutory = getPgTableConfig(pgSchema.requests).columns.find((c) => c.name === "statutory")!;
    expect(statutory.getSQLType()).toBe("integer");
    expect(statutory.mapToDriverValue(true)).toBe(1);
    expect(statutory.mapFromDriverValue(0)).toBe(false);
  });

  describe("the diff itself", () => {
    const base = {
      s: sqliteTable(
        "t",
        {
          id: sqliteInteger("id").primaryKey({ autoIncrement: true }),
          name: sqliteText("name").notNull(),
          createdAt: sqliteInteger("created_at").notNull(),
        },
        (t) => [sqliteIndex("t_name_idx").on(t.name)],
      ),
      p: pgTable(
        "t",
        {
          id: pgBigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
          name: pgText("name").notNull(),
          createdAt: pgBigint("created_at", { mode: "number" }).notNull(),
        },
        (t) => [pgIndex("t_name_idx").on(t.name)],
      ),
    };
    const diffOf = (s: SQLiteTable, p: PgTable) => diffSchemas([describeSqliteTable(s)], [describePgTable(p)]);

    it("finds nothing between two equal tables", () => {
      expect(diffOf(base.s, base.p)).toEqual([]);
    });

    it("names a column added to one schema only", () => {
      const s = sqliteTable(
        "t",
        {
          id: sqliteInteger("id").primaryKey({ autoIncrement: true }),
          name: sqliteText("name").notNull(),
          createdAt: sqliteInteger("created_at").notNull(),
          note: sqliteText("note"),
        },
        (t) => [sqliteIndex("t_name_idx").on(t.name)],
      );
      expect(diffOf(s, base.p)).toEqual(["t.note: only in SQLite"]);
      const p = pgTable(
        "t",
        {
          id: pgBigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
          name: pgText("name").notNull(),
          createdAt: pgBigint("created_at", { mode: "number" }).notNull(),
          note: pgText("note"),
        },
        (t) => [pgIndex("t_name_idx").on(t.name)],
      );
      expect(diffOf(base.s, p)).toEqual(["t.note: only in PostgreSQL"]);
    });

    it("names nullability, default, identity, 32-bit instants, index and table differences", () => {
      const p = pgTable(
        "t",
        {
          id: pgBigint("id", { mode: "number" }).primaryKey(),
          name: pgText("name").default("x"),
          createdAt: pgInteger("created_at").notNull(),
        },
        (t) => [
          pgIndex("t_name_idx")
            .on(t.name, t.createdAt)
            .where(sql`name IS NOT NULL`),
        ],
      );
      expect(diffOf(base.s, p)).toEqual([
        "t.id: hasDefault is true on SQLite but false on PostgreSQL",
        "t.id: generatedId is true on SQLite but false on PostgreSQL",
        "t.name: notNull is true on SQLite but false on PostgreSQL",
        "t.name: hasDefault is false on SQLite but true on PostgreSQL",
        't.name: defaultValue is null on SQLite but "\\"x\\"" on PostgreSQL',
        "t.created_at: holds an id or instant, so it must be bigint on PostgreSQL, not integer",
        "t: index t_name_idx is on (name) on SQLite but (name, created_at) on PostgreSQL",
        "t: index t_name_idx WHERE (none) on SQLite but name IS NOT NULL on PostgreSQL",
      ]);
      expect(diffSchemas([describeSqliteTable(base.s)], [])).toEqual(["table t: only in SQLite"]);
    });
  });

  describe("triggers", () => {
    const sqliteTriggers = triggersAfterMigrations(migrationFiles(path.join(root, "db/migrations")));
    const pgTriggers = triggersAfterMigrations(migrationFiles(path.join(root, "db/pg/migrations")));

    it("every SQLite trigger (append-only and roll-up) has its PostgreSQL counterpart", () => {
      const appendOnly = [...sqliteTriggers.values()]
        .filter((t) => t.appendOnly)
        .map((t) => t.name)
        .sort();
      // The parser must see the triggers the rest of the code depends on, or this test proves nothing.
      expect(appendOnly).toEqual([
        "audit_checkpoints_no_delete",
        "audit_checkpoints_no_update",
        "audit_events_no_delete",
        "audit_events_no_update",
        "request_events_no_delete",
        "request_events_no_update",
      ]);
      expect(diffTriggers(sqliteTriggers, pgTriggers)).toEqual([]);
    });

    it("notices a missing, mis-targeted or non-refusing counterpart and an unguarded TRUNCATE", () => {
      const sqlite = triggersAfterMigrations([
        {
          file: "a.sql",
          source:
            "CREATE TRIGGER `x_no_update` BEFORE UPDATE ON `x`\nBEGIN\n  SELECT RAISE(ABORT, 'x is append-only');\nEND;\n--> statement-breakpoint\nCREATE TRIGGER `x_no_delete` BEFORE DELETE ON `x`\nBEGIN\n  SELECT RAISE(ABORT, 'x is append-only');\nEND;\nCREATE TRIGGER `gone` AFTER INSERT ON `x` BEGIN SELECT 1; END;",
        },
        { file: "b.sql", source: "DROP TRIGGER `gone`;" },
      ]);
      expect([...sqlite.keys()]).toEqual(["x_no_update", "x_no_delete"]);
      const pg = triggersAfterMigrations([
        {
          file: "a.sql",
          source: `CREATE FUNCTION "refuse"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END; $$;\nCREATE FUNCTION "noop"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END; $$;\nCREATE TRIGGER "x_no_update" BEFORE UPDATE ON "y" FOR EACH ROW EXECUTE FUNCTION "refuse"();\nCREATE TRIGGER "x_no_delete" BEFORE DELETE ON "x" FOR EACH ROW EXECUTE FUNCTION "noop"();`,
        },
      ]);
      expect(diffTriggers(sqlite, pg)).toEqual([
        "trigger x_no_update: table is x on SQLite but y on PostgreSQL",
        "trigger x_no_delete: appendOnly is true on SQLite but false on PostgreSQL",
        "table x: append-only on SQLite but TRUNCATE is not refused on PostgreSQL",
      ]);
      expect(diffTriggers(sqlite, new Map())).toContain("trigger x_no_delete on x: no PostgreSQL counterpart");
    });
  });

  it("has committed migrations that match db/pg/schema.ts (drizzle-kit generates nothing new)", () => {
    const folder = path.join(root, "db/pg/migrations");
    const journal = JSON.parse(fs.readFileSync(path.join(folder, "meta/_journal.json"), "utf8")) as {
      dialect: string;
      entries: { tag: string }[];
    };
    expect(journal.dialect).toBe("postgresql");
    const sqlFiles = fs
      .readdirSync(folder)
      .filter((f) => f.endsWith(".sql"))
      .sort();
    expect(sqlFiles).toEqual(journal.entries.map((e) => `${e.tag}.sql`));

    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "pg-migrations-"));
    try {
      fs.cpSync(folder, scratch, { recursive: true });
      // drizzle-kit prefixes "./" to --out, so it must be relative to the working directory.
      execFileSync(
        path.join(root, "node_modules/.bin/drizzle-kit"),
        ["generate", "--dialect", "postgresql", "--schema", "db/pg/schema.ts", "--out", path.relative(root, scratch)],
        { cwd: root, stdio: "pipe" },
      );
      expect(
        fs
          .readdirSync(scratch)
          .filter((f) => f.endsWith(".sql"))
          .sort(),
      ).toEqual(sqlFiles);
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  }, 60_000);
});
