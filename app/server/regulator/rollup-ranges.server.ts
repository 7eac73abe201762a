/**
 * Period arithmetic shared by the regulator read models: a period split into the whole units the
 * roll-ups answer and the partial edges read from the request rows, and exact percentiles from a
 * whole-day duration histogram (only the bucket holding the rank is read from the rows).
 */
export const DAY = 86_400_000;
export const ANSWERED = "('fulfilled','partially_fulfilled','denied')";
/** Must match requests_answered_duration_idx, requests_type_duration_idx and the duration roll-ups. */
export const DURATION_DAY_SQL = `((closed_at - received_at) / ${DAY})`;

/** Half-open [from, to) ranges of receipt instants. */
export type Range = [number, number];

/**
 * Splits [from, to) into the whole units (UTC days, or months) that roll-ups answer, and the
 * partial edges that are read from the request rows themselves.
 */
export function splitRange(
  from: number,
  to: number,
  unitStart: (t: number) => number,
  nextUnit: (t: number) => number,
): { whole: Range | null; edges: Range[] } {
  let first = unitStart(from);
  if (first < from) first = nextUnit(first);
  const last = unitStart(to);
  if (first >= last) return { whole: null, edges: from < to ? [[from, to]] : [] };
  const edges: Range[] = [];
  if (from < first) edges.push([from, first]);
  if (last < to) edges.push([last, to]);
  return { whole: [first, last], edges };
}
export const dayStart = (t: number) => Math.floor(t / DAY) * DAY;
export const monthStart = (t: number) => {
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
};
export const nextMonth = (t: number) => {
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
};
export const monthKey = (t: number) => new Date(t).toISOString().slice(0, 7);

/** SQLite's percentile(): continuous, linear interpolation between the two nearest ranks. */
export function percentileOf(sorted: (rank: number) => number, n: number, p: number): number | null {
  if (n === 0) return null;
  // Same arithmetic, in the same order, as SQLite's percentile.c: ((n − 1) × p) × 0.01.
  const pos = (n - 1) * p * 0.01;
  const lo = Math.floor(pos);
  const a = sorted(lo);
  if (pos === lo) return a;
  return a + (sorted(lo + 1) - a) * (pos - lo);
}

/**
 * The value at a 0-based rank among answered durations, from a histogram of whole days to
 * respond (count per day bucket) and a reader of one bucket's exact values: only the bucket
 * holding the rank is read from the request rows (each at most once).
 */
export function createRankReader(
  durations: Map<number, number>,
  readBucket: (durationDay: number) => [number][],
): (rank: number) => number {
  // (closed − received) / DAY truncates, which is monotonic: sorting buckets, then the values
  // within one, sorts all values.
  const buckets = [...durations.entries()].filter(([, n]) => n > 0).sort((x, y) => x[0] - y[0]);
  const loaded = new Map<number, number[]>();
  return (rank: number): number => {
    let before = 0;
    for (const [d, n] of buckets) {
      if (rank < before + n) {
        let values = loaded.get(d);
        if (!values) {
          values = readBucket(d)
            .map((x) => x[0])
            .sort((x, y) => x - y);
          // The histogram and the rows change in one transaction; a mismatch is a broken trigger.
          if (values.length !== n)
            throw new Error(`duration bucket ${d} holds ${values.length} rows, the roll-up counts ${n}`);
          loaded.set(d, values);
        }
        return values[rank - before]!;
      }
      before += n;
    }
    throw new Error("rank outside the duration histogram");
  };
}
