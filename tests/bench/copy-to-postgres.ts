/**
 * `npm run bench -- --db postgres`: the benchmark's database, seeded in SQLite by
 * seed-database.ts, copied row for row into a migrated PostgreSQL database, so both engines
 * are measured on the same data. The roll-up tables are not copied: PostgreSQL's own triggers
 * build them from the request rows as they arrive, as they do in production.
 */
import Database from "better-sqlite3";
import pg from "pg";

const ROLLUP_TABLES = new Set([
  "regulator_daily",
  "regulator_daily_denials",
  "regulator_daily_open_due",
  "regulator_monthly_durations",
  "regulator_yearly_types",
  "regulator_yearly_type_durations",
  "vendor_queue_counts",
]);
/** PostgreSQL takes at most 65,535 parameters per statement. */
const MAX_PARAMS = 60_000;

/** Tables in an order where every foreign key points to a table already copied. */
function tablesInDependencyOrder(sqlite: Database.Database): string[] {
  const tables = (
    sqlite
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%'",
      )
      .all() as { name: string }[]
  )
    .map((r) => r.name)
    .filter((t) => !ROLLUP_TABLES.has(t));
  const deps = new Map(
    tables.map((t) => [
      t,
      new Set(
        (sqlite.prepare(`SELECT "table" AS t FROM pragma_foreign_key_list(?)`).all(t) as { t: string }[])
          .map((r) => r.t)
          .filter((d) => d !== t),
      ),
    ]),
  );
  const ordered: string[] = [];
  while (ordered.length < tables.length) {
    const next = tables.find((t) => !ordered.includes(t) && [...deps.get(t)!].every((d) => ordered.includes(d)));
    if (!next) throw new Error("foreign keys form a cycle");
    ordered.push(next);
  }
  return ordered;
}

export async function copySqliteToPostgres(
  dbPath: string,
  databaseUrl: string,
  onProgress: (line: string) => void,
): Promise<{ rows: number; seconds: number }> {
  const started = performance.now();
  const sqlite = new Database(dbPath, { readonly: true, fileMustExist: true });
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  let total = 0;
  try {
    for (const table of tablesInDependencyOrder(sqlite)) {
      const columns = (sqlite.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map(
        (c) => c.name,
      );
      const perStatement = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
      const quoted = columns.map((c) => `"${c}"`).join(", ");
      let batch: unknown[][] = [];
      let copied = 0;
      // One transaction per batch: the roll-up triggers update the same few rows for every
      // request, and inside one long transaction those row versions pile up (the 1,000,000-row
      // copy slowed to a crawl); committed batches let PostgreSQL prune them as it goes.
      const flush = async () => {
        if (!batch.length) return;
        const values = batch
          .map((_, r) => `(${columns.map((__, c) => `$${r * columns.length + c + 1}`).join(", ")})`)
          .join(", ");
        await client.query(`INSERT INTO "${table}" (${quoted}) VALUES ${values}`, batch.flat());
        copied += batch.length;
        batch = [];
      };
      for (const row of sqlite.prepare(`SELECT ${quoted} FROM "${table}"`).raw().iterate() as IterableIterator<
        unknown[]
      >) {
        batch.push(row);
        if (batch.length >= Math.min(perStatement, 5_000)) await flush();
      }
      await flush();
      if (columns.includes("id")) {
        // Rows came with their ids: move the identity past them, as SQLite's rowid would be.
        await client
          .query(
            `SELECT setval(pg_get_serial_sequence('"${table}"', 'id'), GREATEST((SELECT max(id) FROM "${table}"), 1))`,
          )
          .catch(() => undefined);
      }
      total += copied;
      if (copied)
        onProgress(
          `  copied ${table}: ${copied.toLocaleString("en-US")} rows (${((performance.now() - started) / 1000).toFixed(0)} s)`,
        );
    }
    // What autovacuum leaves after bulk inserts (PostgreSQL 13+ vacuums on inserts too):
    // statistics, and the visibility map set, so an index-only scan (the queue's counts) reads no
    // table pages. ANALYZE alone left every index-only scan visiting the heap row by row.
    await client.query("VACUUM (ANALYZE)");
  } finally {
    await client.end();
    sqlite.close();
  }
  return { rows: total, seconds: (performance.now() - started) / 1000 };
}
