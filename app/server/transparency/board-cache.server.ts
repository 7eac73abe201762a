/**
 * The board every public page, the CSV and the JSON show: one per quarter hour and process,
 * built in steps so that no other request waits for it.
 */
import { getSqlite } from "../core/db.server";
import { buildPublicBoardInSteps, QUARTER_HOUR, type PublicBoard } from "./board.server";

// The board for a quarter hour, per database: public pages are read far more often than the
// figures change, and a quarter-hour "as of" keeps every view of that quarter consistent.
interface BoardCache {
  /** Boards built, by the quarter hour they describe; the few most recently built are kept. */
  built: Map<number, PublicBoard>;
  /** The build under way, shared by every request that needs it. */
  building: { at: number; board: Promise<PublicBoard> } | null;
}
const caches = new WeakMap<object, BoardCache>();
/** The current board, the one before it, and room for a clock that stepped back. */
const KEPT_BOARDS = 3;

/**
 * How much older than the current quarter hour a board may be to be served while the new one is
 * built. Older than that (a process idle for hours), the request waits for the new board.
 */
export const STALE_BOARD_LIMIT_MS = 4 * QUARTER_HOUR;

/**
 * The board as of the start of the current quarter hour. The build runs in steps (see
 * buildPublicBoardInSteps) and only once per quarter hour and process; while it runs, the board
 * of the previous quarter hour is served, with its own "as of".
 */
export async function getPublicBoard(now: Date): Promise<PublicBoard> {
  const at = Math.floor(now.getTime() / QUARTER_HOUR) * QUARTER_HOUR;
  const db = getSqlite() as unknown as object;
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = { built: new Map(), building: null }));
  const ready = cache.built.get(at);
  if (ready) return ready;
  const building = cache.building?.at === at ? cache.building.board : startBoardBuild(cache, at);
  const previous = Math.max(...[...cache.built.keys()].filter((t) => t < at));
  const stale = cache.built.get(previous);
  if (stale && at - previous <= STALE_BOARD_LIMIT_MS) return stale;
  return building;
}

function startBoardBuild(cache: BoardCache, at: number): Promise<PublicBoard> {
  const board = buildPublicBoardInSteps(new Date(at));
  cache.building = { at, board };
  board.then(
    (built) => {
      // Kept whatever its quarter hour: after the clock stepped back, that board is the current one.
      cache.built.delete(at);
      cache.built.set(at, built);
      while (cache.built.size > KEPT_BOARDS) cache.built.delete(cache.built.keys().next().value!);
      if (cache.building?.at === at) cache.building = null;
    },
    // The requests waiting for it get the error; the next request starts a new build.
    () => {
      if (cache.building?.at === at) cache.building = null;
    },
  );
  return board;
}
