// Instant ↔ local civil day conversion for IANA time zones, fast enough for the deadline hot path.
//
// Why not luxon or Intl on every call: both cost microseconds per conversion and the engine must
// sustain ≥200k computations/s. Instead, for each (zone, ~400-day block) we ask Intl once for the
// UTC offsets across the block, locate every offset change to the minute, and keep a tiny table.
// A lookup is then one Map access and a comparison or two. The tables are a pure, deterministic
// cache (same input → same output), so they are allowed in app/domain.

import { MS_PER_DAY } from "./civil-date";

const BLOCK_MS = 400 * MS_PER_DAY;
// DST rules never change twice within 3 days in the zones we serve; sampling that often keeps
// block construction to ~140 Intl calls while still catching every transition.
const SAMPLE_MS = 3 * MS_PER_DAY;

interface OffsetBlock {
  /** instants (ms) at which a new offset starts, ascending; first entry = block start */
  starts: number[];
  /** offset in ms (local − UTC) in force from the matching start */
  offsets: number[];
}

interface ZoneState {
  formatter: Intl.DateTimeFormat;
  blocks: Map<number, OffsetBlock>;
  // Most consecutive lookups hit the same block: remember it.
  lastIndex: number;
  lastBlock: OffsetBlock | null;
}

const zones = new Map<string, ZoneState>();

function getZoneState(timeZone: string): ZoneState {
  let state = zones.get(timeZone);
  if (!state) {
    // Throws RangeError for an unknown zone: callers that accept user input validate first.
    const formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
      era: "short",
    });
    state = { formatter, blocks: new Map(), lastIndex: NaN, lastBlock: null };
    zones.set(timeZone, state);
  }
  return state;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    getZoneState(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Exact offset via Intl (slow path, used only to build tables). */
function offsetViaIntl(formatter: Intl.DateTimeFormat, ms: number): number {
  // Whole seconds only: Intl drops milliseconds, and offsets are whole minutes anyway.
  const whole = Math.floor(ms / 1000) * 1000;
  let year = 0,
    month = 0,
    day = 0,
    hour = 0,
    minute = 0,
    second = 0,
    bc = false;
  for (const p of formatter.formatToParts(whole)) {
    switch (p.type) {
      case "year":
        year = Number(p.value);
        break;
      case "month":
        month = Number(p.value);
        break;
      case "day":
        day = Number(p.value);
        break;
      case "hour":
        hour = Number(p.value);
        break;
      case "minute":
        minute = Number(p.value);
        break;
      case "second":
        second = Number(p.value);
        break;
      case "era":
        bc = p.value === "BC" || p.value === "B";
        break;
    }
  }
  if (bc) year = 1 - year;
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, 0);
  return d.getTime() - whole;
}

function buildBlock(formatter: Intl.DateTimeFormat, blockIndex: number): OffsetBlock {
  const start = blockIndex * BLOCK_MS;
  const end = start + BLOCK_MS;
  const starts = [start];
  const offsets = [offsetViaIntl(formatter, start)];
  let prevT = start;
  let prevO = offsets[0]!;
  for (let t = start + SAMPLE_MS; ; t += SAMPLE_MS) {
    const sampleT = Math.min(t, end - 1000);
    const o = offsetViaIntl(formatter, sampleT);
    if (o !== prevO) {
      // Binary search the first whole second at which the new offset applies.
      let lo = prevT;
      let hi = sampleT;
      while (hi - lo > 1000) {
        const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
        if (offsetViaIntl(formatter, mid) === prevO) lo = mid;
        else hi = mid;
      }
      starts.push(hi);
      offsets.push(o);
      prevO = o;
    }
    prevT = sampleT;
    if (sampleT >= end - 1000) break;
  }
  return { starts, offsets };
}

function blockOf(state: ZoneState, ms: number): OffsetBlock {
  const blockIndex = Math.floor(ms / BLOCK_MS);
  if (blockIndex === state.lastIndex) return state.lastBlock!;
  let block = state.blocks.get(blockIndex);
  if (!block) {
    block = buildBlock(state.formatter, blockIndex);
    state.blocks.set(blockIndex, block);
  }
  state.lastIndex = blockIndex;
  state.lastBlock = block;
  return block;
}

function offsetIn(state: ZoneState, ms: number): number {
  const { starts, offsets } = blockOf(state, ms);
  let i = starts.length - 1;
  while (i > 0 && starts[i]! > ms) i--;
  return offsets[i]!;
}

/** UTC offset (ms, local − UTC) of `timeZone` at instant `ms`. */
export function offsetAt(timeZone: string, ms: number): number {
  return offsetIn(getZoneState(timeZone), ms);
}

/** Local civil day number of an instant in `timeZone`. */
export function localDayNumber(ms: number, timeZone: string): number {
  return Math.floor((ms + offsetAt(timeZone, ms)) / MS_PER_DAY);
}

/** Local wall-clock ms (as if UTC) of an instant; used for "23:59" style explanations and tests. */
export function localWallMs(ms: number, timeZone: string): number {
  return ms + offsetAt(timeZone, ms);
}

/**
 * The instant at which local wall time `wallMs` (wall clock expressed as if it were UTC) occurs.
 * For a wall time skipped by a DST gap, returns the first instant after the gap; for a repeated
 * wall time (DST fall-back), returns the later occurrence when `preferLater` (used for
 * end-of-day: the deadline lasts until the last such instant).
 */
export function instantOfWallTime(wallMs: number, timeZone: string, preferLater: boolean): number {
  const state = getZoneState(timeZone);
  const o1 = offsetIn(state, wallMs - offsetIn(state, wallMs));
  const t1 = wallMs - o1;
  const o2 = offsetIn(state, t1);
  if (o2 === o1) {
    // Fast path: no offset change within ±1 day means the wall time is unambiguous.
    const oBefore = offsetIn(state, t1 - MS_PER_DAY);
    const oAfter = offsetIn(state, t1 + MS_PER_DAY);
    if (oBefore === o1 && oAfter === o1) return t1;
    // Near a transition: a fall-back repeats wall times; pick the requested occurrence.
    const alt = oBefore !== o1 ? oBefore : oAfter;
    const t2 = wallMs - alt;
    if (offsetIn(state, t2) === alt) return preferLater ? Math.max(t1, t2) : Math.min(t1, t2);
    return t1;
  }
  const t2 = wallMs - o2;
  if (offsetIn(state, t2) === o2) return t2;
  // Gap: the wall time does not exist; the first real instant after it is the transition.
  return Math.max(t1, t2);
}

/** Last millisecond of local day `dayNumber` in `timeZone`, as an instant (ms). */
export function endOfLocalDay(dayNumber: number, timeZone: string): number {
  return instantOfWallTime((dayNumber + 1) * MS_PER_DAY - 1, timeZone, true);
}

/** First instant of local day `dayNumber` in `timeZone` (ms). */
export function startOfLocalDay(dayNumber: number, timeZone: string): number {
  return instantOfWallTime(dayNumber * MS_PER_DAY, timeZone, false);
}
