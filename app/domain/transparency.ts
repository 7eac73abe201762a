/**
 * The public transparency board's arithmetic: small-cell suppression with complementary
 * suppression, and the Wilson score interval used to rank companies. Pure: no database, no clock.
 *
 * Suppression rule (also on the page, in the methodology):
 * 1. primary: every count from 1 to SUPPRESSION_THRESHOLD − 1 is withheld (a zero describes
 *    no one and is published: otherwise no company could ever show 10 of 10 on time);
 * 2. complementary: the published counts are tied by additive relations (a total is the sum of
 *    its parts: received = answered + withdrawn + open, answered = on time + late, a company's
 *    total = the sum of its jurisdictions, the year = the sum of its months…). While any withheld
 *    count can be solved exactly from the published ones through those relations (linear
 *    algebra over all of them at once, not one relation at a time), the smallest non-zero
 *    published count of a relation holding it is withheld too (a zero only when there is none:
 *    a published non-zero count is at least 10, so the withheld sum stays at least 10 above
 *    the cell it protects, and bounds from "counts are not negative" stay wide);
 * 4. both kinds are shown the same way ("withheld"): labelling the complementary ones
 *    differently would say they are 0 or at least 10, which can pin a small cell down;
 * 5. a complement that the published counts determine anyway is shown after all.
 * 3. a rate or a median is published only when every count it is computed from is published.
 */

export const SUPPRESSION_THRESHOLD = 10;

/** `total = Σ parts`, as indices into the cell vector. */
export interface SumRelation {
  total: number;
  parts: number[];
}

const EPS = 1e-9;

/**
 * The withheld cells that the published ones determine exactly through the relations: a cell is
 * determined iff its unit vector lies in the row space of the relations restricted to the
 * withheld cells (the published cells move to the right-hand side), i.e. iff the reduced row
 * echelon form has a row that is that unit vector.
 */
export function findDerivableCells(withheld: readonly boolean[], relations: readonly SumRelation[]): number[] {
  const cols = withheld.flatMap((w, i) => (w ? [i] : []));
  if (cols.length === 0) return [];
  const colOf = new Map(cols.map((c, k) => [c, k]));
  const rows: number[][] = [];
  for (const r of relations) {
    const row = new Array<number>(cols.length).fill(0);
    let any = false;
    const add = (cell: number, coef: number) => {
      const k = colOf.get(cell);
      if (k != null) {
        row[k]! += coef;
        any = true;
      }
    };
    add(r.total, 1);
    for (const p of r.parts) add(p, -1);
    if (any) rows.push(row);
  }
  // Gauss–Jordan elimination with partial pivoting.
  let pivotRow = 0;
  const pivotCols: number[] = [];
  for (let c = 0; c < cols.length && pivotRow < rows.length; c++) {
    let best = pivotRow;
    for (let r = pivotRow + 1; r < rows.length; r++) if (Math.abs(rows[r]![c]!) > Math.abs(rows[best]![c]!)) best = r;
    if (Math.abs(rows[best]![c]!) < EPS) continue;
    [rows[pivotRow], rows[best]] = [rows[best]!, rows[pivotRow]!];
    const p = rows[pivotRow]!;
    const pv = p[c]!;
    for (let k = 0; k < p.length; k++) p[k]! /= pv;
    for (let r = 0; r < rows.length; r++) {
      if (r === pivotRow) continue;
      const f = rows[r]![c]!;
      if (Math.abs(f) < EPS) continue;
      const row = rows[r]!;
      for (let k = 0; k < row.length; k++) row[k]! -= f * p[k]!;
    }
    pivotCols.push(c);
    pivotRow++;
  }
  const derivable: number[] = [];
  for (let r = 0; r < pivotCols.length; r++) {
    const row = rows[r]!;
    if (row.every((x, k) => k === pivotCols[r] || Math.abs(x) < EPS)) derivable.push(cols[pivotCols[r]!]!);
  }
  return derivable;
}

/**
 * Which cells to withhold (true) under the rule above. `alwaysWithheld` are unknowns that are
 * never published (e.g. a remainder the board does not show), so relations through them reveal
 * nothing by themselves. `weights` make some cells dearer to withhold as a complement (a
 * company's headline total before one request type's detail); 1 when absent. They change which
 * cells are withheld, never whether a small count stays protected.
 */
export function suppressCells(
  values: readonly number[],
  relations: readonly SumRelation[],
  alwaysWithheld: readonly number[] = [],
  weights: readonly number[] = [],
): boolean[] {
  const sensitive = values.map((v) => v > 0 && v < SUPPRESSION_THRESHOLD);
  const withheld = [...sensitive];
  for (const i of alwaysWithheld) withheld[i] = true;
  const cost = (i: number) => (values[i] === 0 ? Number.MAX_SAFE_INTEGER : values[i]! * (weights[i] ?? 1));
  for (;;) {
    // Only the small counts need protecting: a complement (0, or 10 and more) that turns out to
    // be derivable reveals nothing by itself, and chasing it would withhold far more.
    const solvable = findDerivableCells(withheld, relations);
    const derivable = solvable.filter((i) => sensitive[i]);
    if (derivable.length === 0) {
      // A complement that the published counts already determine (e.g. answered late, when
      // answered and on time are shown) tells nothing new: show it rather than a puzzle.
      for (const i of solvable) if (!alwaysWithheld.includes(i)) withheld[i] = false;
      return withheld;
    }
    // One complement at a time, then the proof again: a single complement often protects
    // several derivable cells at once. The smallest published member of a relation holding a
    // derivable cell adds an unknown to it at the least cost to what is published; zeros last
    // (see rule 2).
    // When every relation holding the cell is already all withheld, the derivation runs through
    // withheld neighbours that are themselves pinned: look one relation further out, and so on.
    let pick: number | null = null;
    const seen = new Set<number>([derivable[0]!]);
    let frontier = [derivable[0]!];
    while (pick == null && frontier.length) {
      const next: number[] = [];
      for (const r of relations) {
        const members = [r.total, ...r.parts];
        if (!members.some((m) => frontier.includes(m))) continue;
        for (const m of members) {
          if (!withheld[m]) {
            if (pick == null || cost(m) < cost(pick)) pick = m;
          } else if (!seen.has(m)) {
            seen.add(m);
            next.push(m);
          }
        }
      }
      frontier = next;
    }
    // Nothing published is connected to it: the relations alone pin it (cannot happen for a
    // non-zero count, but never publish on a guess).
    if (pick == null) return values.map(() => true);
    withheld[pick] = true;
  }
}

/** Wilson score interval for k successes out of n (95 % by default). */
export function computeWilsonInterval(k: number, n: number, z = 1.959964): { low: number; high: number } {
  if (n <= 0) return { low: 0, high: 1 };
  const p = k / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  // At k = 0 or k = n one bound is exactly 0 or 1; floating point would give 1e-16 off.
  return { low: k === 0 ? 0 : Math.max(0, centre - half), high: k === n ? 1 : Math.min(1, centre + half) };
}
