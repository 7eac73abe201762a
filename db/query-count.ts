/**
 * Counts the statements this process executes, only when the benchmark asks for it
 * (BENCH_COUNT_QUERIES=1): it then reads the count a page needed from a response header. Off,
 * nothing is counted and no hook is installed.
 */
const state = globalThis as { __portalQueryCount?: number };

export const COUNTING_QUERIES = process.env.BENCH_COUNT_QUERIES === "1";

export function countQuery(): void {
  state.__portalQueryCount = (state.__portalQueryCount ?? 0) + 1;
}

export function readQueryCount(): number {
  return state.__portalQueryCount ?? 0;
}
