import type { MetaFunction } from "@remix-run/node";

/**
 * Baseline for `npm run bench`: the cheapest page the portal can serve. No loader of its own,
 * but it renders inside root.tsx like every page, so the root loader (locale, session lookup,
 * message catalogue) and the full document shell are part of the baseline cost.
 */
export const meta: MetaFunction = () => [{ title: "Benchmark baseline" }, { name: "robots", content: "noindex" }];

export default function BenchBaseline() {
  return <p>ok</p>;
}
