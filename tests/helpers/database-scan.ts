/**
 * Reads every cell of every table of a test portal's database (SQLite or PostgreSQL) and
 * reports where any of the given needles occurs — for the "no secret at rest" and "the purge
 * reaches every copy" checks. Binary cells are searched as UTF-8 and as hex.
 */
import type { DbHandle } from "../../db/client";

export interface ScanHit {
  table: string;
  column: string;
  needle: string;
}

export interface ScanCoverage {
  tables: number;
  columns: number;
  cells: number;
  /** table → its columns, for the report. */
  layout: Record<string, string[]>;
}

export function listTables(handle: DbHandle): string[] {
  const rows =
    handle.engine === "postgres"
      ? (handle.sqlite
          .prepare(
            "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name",
          )
          .all() as { name: string }[])
      : (handle.sqlite
          .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
          .all() as { name: string }[]);
  return rows.map((r) => r.name);
}

function listColumns(handle: DbHandle, table: string): string[] {
  if (handle.engine === "postgres") {
    return (
      handle.sqlite
        .prepare(
          "SELECT column_name AS name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = ? ORDER BY ordinal_position",
        )
        .all(table) as { name: string }[]
    ).map((r) => r.name);
  }
  return (
    handle.sqlite.prepare(`SELECT name FROM pragma_table_info('${table.replace(/'/g, "''")}')`).all() as {
      name: string;
    }[]
  ).map((r) => r.name);
}

function cellTexts(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) {
    const b = Buffer.from(value);
    return [b.toString("utf8"), b.toString("hex")];
  }
  return [String(value)];
}

/** Every place a needle (case-insensitive) occurs, and what was read. */
export function scanDatabase(
  handle: DbHandle,
  needles: Record<string, string>,
): { hits: ScanHit[]; coverage: ScanCoverage } {
  const hits: ScanHit[] = [];
  const coverage: ScanCoverage = { tables: 0, columns: 0, cells: 0, layout: {} };
  const lowered = Object.entries(needles)
    .filter(([, v]) => v.length >= 4)
    .map(([name, v]) => [name, v.toLowerCase()] as const);
  for (const table of listTables(handle)) {
    const columns = listColumns(handle, table);
    coverage.tables += 1;
    coverage.columns += columns.length;
    coverage.layout[table] = columns;
    const quoted = handle.engine === "postgres" ? `"${table}"` : `\`${table}\``;
    for (const row of handle.sqlite.prepare(`SELECT * FROM ${quoted}`).iterate() as Iterable<Record<string, unknown>>) {
      for (const [column, value] of Object.entries(row)) {
        coverage.cells += 1;
        for (const text of cellTexts(value)) {
          const t = text.toLowerCase();
          for (const [name, needle] of lowered) if (t.includes(needle)) hits.push({ table, column, needle: name });
        }
      }
    }
  }
  return { hits, coverage };
}

/** A base64url token in the encodings a careless store might use: as is, standard base64, hex of its bytes. */
export function encodingsOf(name: string, token: string): Record<string, string> {
  const bytes = Buffer.from(token, "base64url");
  const out: Record<string, string> = { [name]: token };
  if (bytes.length >= 16 && bytes.toString("base64url") === token) {
    out[`${name} (hex)`] = bytes.toString("hex");
    out[`${name} (base64)`] = bytes.toString("base64").replace(/=+$/, "");
  }
  return out;
}
