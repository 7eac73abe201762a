/** Exact derivability of withheld cells (integer rank over BigInt), independent of the board's own elimination. */
import type { SumRelation } from "../../app/domain/transparency";

/** Rank of an integer matrix, exactly (fraction-free elimination). */
function exactRank(rows: bigint[][]): number {
  const m = rows.map((r) => [...r]);
  let rank = 0;
  const cols = m[0]?.length ?? 0;
  for (let c = 0; c < cols && rank < m.length; c++) {
    const p = m.findIndex((r, i) => i >= rank && r[c] !== 0n);
    if (p < 0) continue;
    [m[rank], m[p]] = [m[p]!, m[rank]!];
    for (let i = 0; i < m.length; i++) {
      if (i === rank || m[i]![c] === 0n) continue;
      const a = m[rank]![c]!;
      const b = m[i]![c]!;
      // Divided by the row's gcd after each step, so the integers stay small.
      const row = m[i]!.map((x, k) => x * a - m[rank]![k]! * b);
      let g = 0n;
      for (const x of row) g = gcd(g, x < 0n ? -x : x);
      m[i] = g > 1n ? row.map((x) => x / g) : row;
    }
    rank++;
  }
  return rank;
}

/**
 * The withheld cells that the published ones pin down: x_k is determined iff adding the unit
 * row e_k to the relations (restricted to the withheld cells) does not raise their rank.
 */
export function findDeterminedCells(withheld: boolean[], relations: SumRelation[]): number[] {
  const cols = withheld.flatMap((w, i) => (w ? [i] : []));
  const rows = relations.map((r) =>
    cols.map((c) => BigInt((r.total === c ? 1 : 0) - r.parts.filter((p) => p === c).length)),
  );
  const base = exactRank(rows);
  return cols.filter((c, k) => exactRank([...rows, cols.map((_, j) => (j === k ? 1n : 0n))]) === base);
}

function gcd(a: bigint, b: bigint): bigint {
  while (b) [a, b] = [b, a % b];
  return a;
}
