/**
 * The PostgreSQL side of db/pg/sync-client.ts, run in a worker thread by synckit: the main
 * thread blocks on each call (as it does on better-sqlite3), this thread does the network I/O
 * with node-postgres. One `pg.Client` per opened database, keyed by the id the client sends.
 *
 * Plain JavaScript on purpose: the worker is loaded by path, outside the Remix server bundle.
 */
import pg from "pg";
import Cursor from "pg-cursor";
import { runAsWorker } from "synckit";

// The server layer reads rows the way SQLite returns them: 64-bit integers and aggregates as
// JavaScript numbers (every id, count and epoch-millisecond instant is far below 2^53) and
// booleans as 1/0.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.BOOL, (v) => (v === "t" ? 1 : 0));

/** @type {Map<number, pg.Client>} */
const clients = new Map();
/** Connection URL of each database, for the cursors' own connections. */
const urls = new Map();
/** Open cursors: each on a connection of its own, in a read-only snapshot. */
const cursors = new Map();

async function closeCursor(id) {
  const c = cursors.get(id);
  cursors.delete(id);
  if (!c) return;
  try {
    await c.cursor.close();
    await c.client.query("COMMIT");
  } finally {
    await c.client.end();
  }
}

/** Errors cross the thread boundary as plain data, with PostgreSQL's SQLSTATE kept. */
function describeError(err) {
  return {
    message: err?.message ?? String(err),
    code: err?.code ?? null,
    detail: err?.detail ?? null,
    constraint: err?.constraint ?? null,
  };
}

runAsWorker(async (op) => {
  try {
    switch (op.kind) {
      case "connect": {
        const client = new pg.Client({
          connectionString: op.url,
          application_name: op.applicationName ?? "biometric-rights-portal",
        });
        // A dropped connection must fail the next call, not crash the worker.
        client.on("error", () => {});
        await client.connect();
        clients.set(op.id, client);
        urls.set(op.id, { url: op.url, applicationName: op.applicationName });
        return { ok: true };
      }
      case "query": {
        const client = clients.get(op.id);
        if (!client) throw new Error("the PostgreSQL connection is closed");
        const result = await client.query({ text: op.sql, values: op.params, rowMode: op.rowMode });
        // A multi-statement text (exec) answers an array of results.
        const last = Array.isArray(result) ? result[result.length - 1] : result;
        return { ok: true, rows: last?.rows ?? [], rowCount: last?.rowCount ?? 0 };
      }
      case "statement-timeout": {
        // Bounds every later statement of this connection (and of the cursors opened from it):
        // the calling thread waits for each one, so an unbounded query would freeze the process.
        const client = clients.get(op.id);
        if (!client) throw new Error("the PostgreSQL connection is closed");
        const ms = Math.max(0, Math.trunc(Number(op.ms)));
        await client.query(`SET statement_timeout = ${ms}`);
        const target = urls.get(op.id);
        if (target) target.statementTimeoutMs = ms;
        return { ok: true };
      }
      case "cursor-open": {
        // Rows are read a batch at a time while the main connection goes on serving other
        // statements (an export streams while the portal answers pages), so the cursor has its
        // own connection and a stable snapshot of the data.
        const target = urls.get(op.id);
        if (!target) throw new Error("the PostgreSQL connection is closed");
        const client = new pg.Client({
          connectionString: target.url,
          application_name: `${target.applicationName ?? "biometric-rights-portal"} cursor`,
        });
        client.on("error", () => {});
        await client.connect();
        try {
          await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
          if (target.statementTimeoutMs !== undefined)
            await client.query(`SET LOCAL statement_timeout = ${target.statementTimeoutMs}`);
          const cursor = client.query(new Cursor(op.sql, op.params, { rowMode: op.rowMode }));
          cursors.set(op.cursorId, { client, cursor });
        } catch (err) {
          await client.end();
          throw err;
        }
        return { ok: true };
      }
      case "cursor-read": {
        const c = cursors.get(op.cursorId);
        if (!c) throw new Error("the cursor is closed");
        const rows = await c.cursor.read(op.count);
        if (rows.length < op.count) await closeCursor(op.cursorId);
        return { ok: true, rows, rowCount: rows.length };
      }
      case "cursor-close": {
        await closeCursor(op.cursorId);
        return { ok: true };
      }
      case "close": {
        const client = clients.get(op.id);
        clients.delete(op.id);
        if (client) await client.end();
        return { ok: true };
      }
      default:
        throw new Error(`unknown operation ${op.kind}`);
    }
  } catch (err) {
    return { ok: false, error: describeError(err) };
  }
});
