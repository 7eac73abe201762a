/**
 * The board every public page, the CSV and the JSON show: one per quarter hour and process,
 * built in steps so that no other request waits for it.
 */
import { getSqlite } from "../core/db.server";
import { buildPublicBoardInSteps, QUARTER_HOUR, type PublicBoard } from "./board.server";

// The board for a quarter hour, per database: public pages are read far more often than the
// figures change, and a quarter-hour "as of" keeps every view of that quarter consistent.
interface BoardCache {
  /** The newest board built, with the quarter hour it describes. */
  latest: { at: number; board: PublicBoard } | null;
  /** The build under way, shared by every request that needs it. */
  building: { at: number; board: Promise<PublicBoard> } | null;
}
const caches = new WeakMap<object, BoardCache>();

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
  if (!cache) caches.set(db, (cache = { latest: null, building: null }));
  const latest = cache.latest;
  if (latest?.at === at) return latest.board;
  const building = cache.building?.at === at ? cache.building.board : startBoardBuild(cache, at);
  if (latest && latest.at < at && at - latest.at <= STALE_BOARD_LIMIT_MS) return latest.board;
  return building;
}

function startBoardBuild(cache: BoardCache, at: number): Promise<PublicBoard> {
  const board = buildPublicBoardInSteps(new Date(at));
  cache.building = { at, board };
  board.then(
    (built) => {
      if (!cache.latest || cache.latest.at <= at) cache.latest = { at, board: built };
      if (cache.building?.at === at) cache.building = null;
    },
    // The requests waiting for it get the error; the next request starts a new build.
    () => {
      if (cache.building?.at === at) cache.building = null;
    },
  );
  return board;
}
