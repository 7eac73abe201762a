/**
 * The contract both database clients implement, in its own file so that db/client (which
 * opens either engine) and db/pg/sync-client (which implements it for PostgreSQL) both
 * depend on it instead of on each other.
 */
/**
 * The synchronous SQL surface the server layer uses: better-sqlite3's, which the PostgreSQL
 * client (db/pg/sync-client.ts) provides too. Code written against it runs on both engines.
 */
export interface SqlStatement {
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint };
  iterate(...params: unknown[]): IterableIterator<unknown>;
  raw(toggle?: boolean): SqlStatement;
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the shape better-sqlite3 declares
type AnyArgs = (...params: any[]) => unknown;
type ArgumentsOf<F> = F extends (...args: infer A) => unknown ? A : never;
export interface SqlTransaction<F extends AnyArgs> {
  (...params: ArgumentsOf<F>): ReturnType<F>;
  deferred(...params: ArgumentsOf<F>): ReturnType<F>;
  immediate(...params: ArgumentsOf<F>): ReturnType<F>;
  exclusive(...params: ArgumentsOf<F>): ReturnType<F>;
}
export interface SqlConnection {
  prepare(sql: string): SqlStatement;
  exec(sql: string): unknown;
  transaction<F extends AnyArgs>(fn: F): SqlTransaction<F>;
  pragma(source: string, options?: { simple?: boolean }): unknown;
  readonly inTransaction: boolean;
  close(): void;
}
