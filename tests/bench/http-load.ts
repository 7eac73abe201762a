/**
 * One autocannon run against the portal on 127.0.0.1, with a short unrecorded warm-up (JIT,
 * SQLite page cache). Latencies are also collected per response so p95 can be reported:
 * autocannon's own summary stops at p90 / p97.5.
 */
import autocannon, { type AutocannonRequest } from "autocannon";
import net from "node:net";

export interface LoadSpec {
  name: string;
  url: string;
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  headers?: Record<string, string>;
  /**
   * Send from many loopback addresses (127.0.x.y), a fresh one every few requests, as many
   * residents would: the portal rate-limits filings per client IP (20 an hour).
   */
  distinctClientAddresses?: boolean;
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
      return {
        ...req,
        method: next.method ?? "GET",
        path: next.path,
        body: next.body,
        headers: { ...req.headers, ...next.headers },
      };
    },
  };
}

/**
 * Waits until the server answers a cheap request quickly: autocannon abandons in-flight
 * requests when a run stops, but the single-threaded server still works through them, and
 * that backlog must not be billed to the next run. Bounded: gives up after `maxMs`.
 */
export async function waitForIdle(url: string, maxMs = 60_000): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < maxMs) {
    const t0 = performance.now();
    await (await fetch(`${url}/healthz`)).arrayBuffer();
    if (performance.now() - t0 < 50) break;
  }
  return Math.round(performance.now() - started);
}

const REQUESTS_PER_ADDRESS = 10;
let nextAddress = 0;

/**
 * autocannon calls net.connect(port, host) with no local address option, so while a run needs
 * distinct client addresses, net.connect is wrapped to bind each new connection to the next
 * unused 127.0.x.y (all of 127/8 is loopback on Linux). Returns the undo function.
 */
function bindConnectionsToFreshAddresses(): () => void {
  const original = net.connect;
  const patched = (...args: unknown[]) => {
    if (typeof args[0] === "number" && typeof args[1] === "string") {
      nextAddress += 1;
      const localAddress = `127.0.${1 + Math.floor(nextAddress / 250)}.${2 + (nextAddress % 250)}`;
      return original({ port: args[0], host: args[1], localAddress });
    }
    return (original as (...a: unknown[]) => net.Socket)(...args);
  };
  net.connect = patched as typeof net.connect;
  return () => {
    net.connect = original;
  };
}

export async function measureLoad(spec: LoadSpec): Promise<LoadResult> {
  const undo = spec.distinctClientAddresses ? bindConnectionsToFreshAddresses() : () => {};
  try {
    return await runLoad(spec);
  } finally {
    undo();
  }
}

async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const common = {
    url: spec.url,
    headers: spec.headers,
    timeout: 30,
    requests: [toAutocannonRequest(spec)],
    ...(spec.distinctClientAddresses ? { reconnectRate: REQUESTS_PER_ADDRESS } : {}),
  };
  const expected = spec.expectStatus ?? 200;
  const warmup =
    spec.warmupSeconds > 0
      ? await autocannon({ ...common, connections: spec.connections, duration: spec.warmupSeconds })
      : null;
  await waitForIdle(spec.url);
  const latencies: number[] = [];
  const instance = autocannon({ ...common, connections: spec.connections, duration: spec.durationSeconds });
  instance.on("response", (_client: unknown, _status: number, _bytes: number, responseTime: number) =>
    latencies.push(responseTime),
  );
  const result = await instance;
  latencies.sort((a, b) => a - b);
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count]));
  const unexpected = Object.entries(statusCodes).reduce(
    (sum, [code, n]) => (Number(code) === expected ? sum : sum + n),
    0,
  );
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
