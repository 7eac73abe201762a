/**
 * One autocannon run against the portal on 127.0.0.1, with a short unrecorded warm-up (JIT,
 * SQLite page cache). Latencies are also collected per response so p95 can be reported:
 * autocannon's own summary stops at p90 / p97.5.
 */
import autocannon, { type AutocannonRequest } from "autocannon";

export interface LoadSpec {
  name: string;
  url: string;
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  headers?: Record<string, string>;
  /** The status every response should have (default 200); anything else counts as failed. */
  expectStatus?: number;
  /** A fixed request, or a generator for a fresh one each time (tokens, idempotency keys). */
  request: LoadRequest | (() => LoadRequest);
}

export interface LoadRequest {
  method?: string;
  path: string;
  body?: string;
  headers?: Record<string, string>;
}

export interface LoadResult {
  name: string;
  connections: number;
  durationSeconds: number;
  requests: number;
  reqPerSec: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  /** Responses with another status than expected, plus socket errors and timeouts. */
  failed: number;
  errors: number;
  statusCodes: Record<string, number>;
  /** Responses with the expected status during the unrecorded warm-up (side effects, e.g. filings). */
  warmupOk: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function toAutocannonRequest(spec: LoadSpec): AutocannonRequest {
  const r = spec.request;
  if (typeof r !== "function") return { method: r.method ?? "GET", path: r.path, body: r.body, headers: r.headers };
  return {
    method: "GET",
    path: "/",
    setupRequest: (req) => {
      const next = r();
      return { ...req, method: next.method ?? "GET", path: next.path, body: next.body, headers: { ...req.headers, ...next.headers } };
    },
  };
}

export async function measureLoad(spec: LoadSpec): Promise<LoadResult> {
  const common = { url: spec.url, headers: spec.headers, timeout: 30, requests: [toAutocannonRequest(spec)] };
  const expected = spec.expectStatus ?? 200;
  const warmup = spec.warmupSeconds > 0 ? await autocannon({ ...common, connections: spec.connections, duration: spec.warmupSeconds }) : null;
  const latencies: number[] = [];
  const instance = autocannon({ ...common, connections: spec.connections, duration: spec.durationSeconds });
  instance.on("response", (_client: unknown, _status: number, _bytes: number, responseTime: number) => latencies.push(responseTime));
  const result = await instance;
  latencies.sort((a, b) => a - b);
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count]));
  const unexpected = Object.entries(statusCodes).reduce((sum, [code, n]) => (Number(code) === expected ? sum : sum + n), 0);
  return {
    name: spec.name,
    connections: spec.connections,
    durationSeconds: spec.durationSeconds,
    requests: latencies.length,
    // Completed responses over the measured wall time (the per-second average would drop
    // the final partial second).
    reqPerSec: Math.round((latencies.length / result.duration) * 10) / 10,
    latencyMs: {
      p50: round(percentile(latencies, 50)),
      p95: round(percentile(latencies, 95)),
      p99: round(percentile(latencies, 99)),
      max: round(latencies[latencies.length - 1] ?? 0),
    },
    failed: unexpected + result.errors + result.timeouts,
    errors: result.errors + result.timeouts,
    statusCodes,
    warmupOk: warmup?.statusCodeStats[String(expected)]?.count ?? 0,
  };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
