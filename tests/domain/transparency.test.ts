/**
 * The board's suppression rule and ranking interval. The proof that no withheld cell can be
 * derived uses its own exact arithmetic (integer rank over BigInt), not the module's elimination.
 */
import { describe, expect, it } from "vitest";
import {
  computeWilsonInterval,
  findDerivableCells,
  suppressCells,
  type SumRelation,
} from "../../app/domain/transparency";
import { findDeterminedCells } from "../helpers/derivability";

function lcg(seed: number) {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

describe("suppression", () => {
  it("withholds counts of 1 to 9 and publishes zero and 10 or more", () => {
    expect(suppressCells([0, 1, 9, 10, 250], [])).toEqual([false, true, true, false, false]);
  });

  it("withholds a complement where a total would reveal a withheld count", () => {
    // received 30 = answered 25 + open 5: publishing 30 and 25 reveals the 5.
    const w = suppressCells([30, 25, 5], [{ total: 0, parts: [1, 2] }]);
    expect(w).toEqual([false, true, true]);
  });

  it("prefers a non-zero complement to a zero", () => {
    // 40 = 0 + 3 + 37: withholding the 0 would leave 3 + 0 = 40 − 37 = 3, i.e. 3 exactly.
    const w = suppressCells([40, 0, 3, 37], [{ total: 0, parts: [1, 2, 3] }]);
    expect(w).toEqual([false, false, true, true]);
  });

  it("leaves no withheld count of 1 to 9 derivable through any combination of relations (1,000 random tables)", () => {
    const rand = lcg(42);
    for (let round = 0; round < 1000; round++) {
      // A company's shape: a two-jurisdiction table of (received = answered + withdrawn + open,
      // answered = onTime + late) plus the total row, plus three months summing to the total.
      const values: number[] = [];
      const relations: SumRelation[] = [];
      const cell = (v: number) => values.push(v) - 1;
      const scope = (onTime: number, late: number, withdrawn: number, open: number) => {
        const c = {
          received: cell(onTime + late + withdrawn + open),
          answered: cell(onTime + late),
          onTime: cell(onTime),
          late: cell(late),
          withdrawn: cell(withdrawn),
          open: cell(open),
        };
        relations.push(
          { total: c.received, parts: [c.answered, c.withdrawn, c.open] },
          { total: c.answered, parts: [c.onTime, c.late] },
        );
        return c;
      };
      const n = () => Math.floor(rand() ** 2 * 40);
      const a = scope(n(), n(), n(), n());
      const b = scope(n(), n(), n(), n());
      const all = scope(
        values[a.onTime]! + values[b.onTime]!,
        values[a.late]! + values[b.late]!,
        values[a.withdrawn]! + values[b.withdrawn]!,
        values[a.open]! + values[b.open]!,
      );
      for (const k of ["received", "answered", "onTime", "late", "withdrawn", "open"] as const)
        relations.push({ total: all[k], parts: [a[k], b[k]] });
      const r1 = Math.floor(rand() * (values[all.received]! + 1));
      const r2 = Math.floor(rand() * (values[all.received]! - r1 + 1));
      const months = [cell(r1), cell(r2), cell(values[all.received]! - r1 - r2)];
      relations.push({ total: all.received, parts: months });

      const withheld = suppressCells(values, relations);
      for (let i = 0; i < values.length; i++)
        if (values[i]! > 0 && values[i]! < 10) expect(withheld[i], `round ${round} cell ${i}`).toBe(true);
      // A complement (0, or 10 and more) may follow from the others; a count of 1 to 9 never.
      expect(
        findDeterminedCells(withheld, relations).filter((i) => values[i]! > 0 && values[i]! < 10),
        `round ${round}: ${JSON.stringify(values)}`,
      ).toEqual([]);
    }
  });

  it("finds exactly the cells an exact integer elimination finds, on 200 random three-way tables", () => {
    // Jurisdiction × request type × month, with every margin: relations overlap in many ways, so
    // the incremental proof (columns added one by one) must agree with a from-scratch exact rank.
    const rand = lcg(7);
    for (let round = 0; round < 200; round++) {
      const [J, T, M] = [2 + Math.floor(rand() * 2), 2 + Math.floor(rand() * 2), 2 + Math.floor(rand() * 3)];
      const relations: SumRelation[] = [];
      let next = 0;
      const id = new Map<string, number>();
      const cell = (j: number | "*", t: number | "*", m: number | "*") => {
        const key = `${j}/${t}/${m}`;
        if (!id.has(key)) id.set(key, next++);
        return id.get(key)!;
      };
      const range = (n: number) => Array.from({ length: n }, (_, i) => i);
      const all = <X>(xs: X[]) => xs;
      for (const j of [...range(J), "*" as const])
        for (const t of [...range(T), "*" as const])
          relations.push({ total: cell(j, t, "*"), parts: range(M).map((m) => cell(j, t, m)) });
      for (const j of [...range(J), "*" as const])
        for (const m of [...range(M), "*" as const])
          relations.push({ total: cell(j, "*", m), parts: range(T).map((t) => cell(j, t, m)) });
      for (const t of [...range(T), "*" as const])
        for (const m of [...range(M), "*" as const])
          relations.push({ total: cell("*", t, m), parts: range(J).map((j) => cell(j, t, m)) });
      const withheld = range(next).map(() => rand() < 0.45);
      expect(next).toBe((J + 1) * (T + 1) * (M + 1));
      expect(
        findDerivableCells(withheld, relations).sort((a, b) => a - b),
        `round ${round}`,
      ).toEqual(findDeterminedCells(withheld, relations).sort((a, b) => a - b));
    }
  });
});

describe("Wilson interval", () => {
  it("ranks 950 of 1,000 above 1 of 1 and 10 of 10", () => {
    const big = computeWilsonInterval(950, 1000);
    expect(big.low).toBeCloseTo(0.9346, 3);
    expect(big.high).toBeCloseTo(0.9619, 3);
    expect(computeWilsonInterval(1, 1).low).toBeCloseTo(0.2065, 3);
    expect(computeWilsonInterval(10, 10).low).toBeCloseTo(0.7225, 3);
    expect(computeWilsonInterval(10, 10).high).toBe(1);
  });
});
