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
 * The withheld cells that the published ones determine exactly through the relations. With the
 * published cells moved to the right-hand side, the withheld cells x satisfy A·x = b (one row per
 * relation, one column per withheld cell); x_k is determined iff every solution of A·x = 0 has
 * x_k = 0, i.e. iff k lies outside the support of A's null space.
 */
export function findDerivableCells(withheld: readonly boolean[], relations: readonly SumRelation[]): number[] {
  const proof = new WithheldProof(relations);
  const cells = withheld.flatMap((w, i) => (w ? [i] : []));
  for (const i of cells) proof.withhold(i);
  return cells.filter((i) => !proof.isProtected(i));
}

/**
 * The null space of A, kept up to date as cells are withheld one by one: each new column is
 * reduced against the independent columns so far (in the order they came, each one already
 * reduced against those before it); a column that reduces to zero gives a null vector (the
 * combination of columns that cancelled), and these null vectors are a basis of the null space.
 * A cell is protected iff some basis vector involves it. Withholding a cell costs one column's
 * reduction instead of a new elimination over the whole system: a company's system has thousands
 * of cells, and re-proving it from scratch after every complement took tens of seconds.
 */
class WithheldProof {
  /** Relation indices of each cell, with the cell's coefficient there (total +1, each part −1). */
  private readonly columnOf = new Map<number, Map<number, number>>();
  /** Independent columns, in order: the reduced column (relation → value, pivot value 1) and its combination of cells. */
  private readonly basis: { pivot: number; column: Map<number, number>; combination: Map<number, number> }[] = [];
  private readonly pivotRows = new Set<number>();
  private readonly protectedCells = new Set<number>();

  constructor(relations: readonly SumRelation[]) {
    relations.forEach((r, ri) => {
      const add = (cell: number, coef: number) => {
        const column = this.columnOf.get(cell) ?? new Map<number, number>();
        column.set(ri, (column.get(ri) ?? 0) + coef);
        this.columnOf.set(cell, column);
      };
      add(r.total, 1);
      for (const q of r.parts) add(q, -1);
    });
  }

  withhold(cell: number): void {
    const column = new Map<number, number>();
    for (const [ri, v] of this.columnOf.get(cell) ?? []) if (Math.abs(v) > EPS) column.set(ri, v);
    const combination = new Map<number, number>([[cell, 1]]);
    // A cell in no relation (or whose relations cancel) can be anything: protected by itself.
    for (const b of this.basis) {
      const f = column.get(b.pivot);
      if (f == null) continue;
      addScaled(column, b.column, -f);
      addScaled(combination, b.combination, -f);
    }
    if (column.size === 0) {
      for (const c of combination.keys()) this.protectedCells.add(c);
      return;
    }
    let pivot = -1;
    let best = 0;
    for (const [ri, v] of column)
      if (Math.abs(v) > best) {
        best = Math.abs(v);
        pivot = ri;
      }
    const pv = column.get(pivot)!;
    for (const [ri, v] of column) column.set(ri, v / pv);
    for (const [c, v] of combination) combination.set(c, v / pv);
    this.basis.push({ pivot, column, combination });
    this.pivotRows.add(pivot);
  }

  isProtected(cell: number): boolean {
    return this.protectedCells.has(cell);
  }
}

/** target += f × by, dropping entries that cancel. */
function addScaled(target: Map<number, number>, by: ReadonlyMap<number, number>, f: number): void {
  for (const [k, v] of by) {
    const next = (target.get(k) ?? 0) + f * v;
    if (Math.abs(next) < EPS) target.delete(k);
    else target.set(k, next);
  }
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
  const hidden = new Set(alwaysWithheld);
  for (const i of hidden) withheld[i] = true;
  const proof = new WithheldProof(relations);
  withheld.forEach((w, i) => w && proof.withhold(i));
  const cost = (i: number) => (values[i] === 0 ? Number.MAX_SAFE_INTEGER : values[i]! * (weights[i] ?? 1));
  const relationsOf = new Map<number, SumRelation[]>();
  for (const r of relations)
    for (const m of [r.total, ...r.parts]) {
      const list = relationsOf.get(m) ?? [];
      if (list[list.length - 1] !== r) list.push(r);
      relationsOf.set(m, list);
    }
  // Only the small counts need protecting: a complement (0, or 10 and more) that turns out to be
  // derivable reveals nothing by itself, and chasing it would withhold far more. Protection only
  // grows as cells are withheld, so a cell once protected stays protected.
  const exposed = values.flatMap((_, i) => (sensitive[i] ? [i] : []));
  for (;;) {
    const derivable = exposed.find((i) => !proof.isProtected(i));
    if (derivable == null) break;
    // One complement at a time, then the proof again: a single complement often protects
    // several derivable cells at once.
    const pick = pickComplement(derivable, withheld, relationsOf, cost);
    // Nothing published is connected to it: the relations alone pin it (cannot happen for a
    // non-zero count, but never publish on a guess).
    if (pick == null) return values.map(() => true);
    withheld[pick] = true;
    proof.withhold(pick);
  }
  // A complement that the published counts already determine (e.g. answered late, when answered
  // and on time are shown) tells nothing new: show it rather than a puzzle. Every null vector is
  // zero on such cells, so publishing them all at once changes no other cell's proof.
  return withheld.map((w, i) => w && (hidden.has(i) || proof.isProtected(i)));
}

/**
 * The smallest published member of a relation holding the derivable cell adds an unknown to it
 * at the least cost to what is published; zeros last (see rule 2). When every relation holding
 * the cell is already all withheld, the derivation runs through withheld neighbours that are
 * themselves pinned: look one relation further out, and so on.
 */
function pickComplement(
  cell: number,
  withheld: readonly boolean[],
  relationsOf: ReadonlyMap<number, SumRelation[]>,
  cost: (i: number) => number,
): number | null {
  let pick: number | null = null;
  const seen = new Set<number>([cell]);
  let frontier = [cell];
  while (pick == null && frontier.length) {
    const next: number[] = [];
    const visited = new Set<SumRelation>();
    for (const f of frontier)
      for (const r of relationsOf.get(f) ?? []) {
        if (visited.has(r)) continue;
        visited.add(r);
        for (const m of [r.total, ...r.parts]) {
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
  return pick;
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
