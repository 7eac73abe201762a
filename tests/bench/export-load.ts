/**
 * The regulator CSV export of ~100,000 cases: downloads it once through the
 * real route while sampling the serving process's resident set, so a streaming regression
 * (rows buffered in memory) shows as RSS growth rather than only as time.
 */
import Database from "better-sqlite3";

export interface ExportResult {
  rows: number;
  bytes: number;
  seconds: number;
  rowsPerSecond: number;
  period: { from: string; to: string };
  rssBeforeMb: number;
  peakRssMb: number;
  /** Highest sampled RSS during the download minus RSS just before it. */
  peakGrowthMb: number;
}

/**
 * The export period, in whole days ending today, whose cases in the regulator's scope number
 * at least `target` (or all of them when the database holds fewer).
 */
export function chooseExportPeriod(
  dbPath: string,
  jurisdictions: string[],
  target: number,
  now: Date,
): { from: string; to: string; expectedRows: number } {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const inJ = jurisdictions.map(() => "?").join(",");
    const row = db
      .prepare(
        `SELECT received_at FROM requests WHERE jurisdiction IN (${inJ}) AND received_at IS NOT NULL ORDER BY received_at DESC LIMIT 1 OFFSET ?`,
      )
      .get(...jurisdictions, target - 1) as { received_at: number } | undefined;
    const oldest =
      row?.received_at ??
      (
        db
          .prepare(`SELECT min(received_at) AS m FROM requests WHERE jurisdiction IN (${inJ})`)
          .get(...jurisdictions) as { m: number | null }
      ).m ??
      now.getTime();
    const from = new Date(oldest).toISOString().slice(0, 10);
    const to = now.toISOString().slice(0, 10);
    const fromMs = Date.parse(`${from}T00:00:00Z`);
    const toMs = Date.parse(`${to}T00:00:00Z`) + 86_400_000;
    const expectedRows = (
      db
        .prepare(
          `SELECT count(*) AS n FROM requests WHERE jurisdiction IN (${inJ}) AND received_at >= ? AND received_at < ?`,
        )
        .get(...jurisdictions, fromMs, toMs) as { n: number }
    ).n;
    return { from, to, expectedRows };
  } finally {
    db.close();
  }
}

export async function measureExport(opts: {
  url: string;
  cookie: string;
  period: { from: string; to: string };
  readRssMb: () => number;
}): Promise<ExportResult> {
  const rssBeforeMb = opts.readRssMb();
  let peakRssMb = rssBeforeMb;
  // /proc is cheap to read; 20 ms is well below the time the stream takes to grow the heap.
  const sampler = setInterval(() => {
    peakRssMb = Math.max(peakRssMb, opts.readRssMb());
  }, 20);
  const t0 = performance.now();
  let bytes = 0;
  let newlines = 0;
  try {
    const res = await fetch(`${opts.url}/regulator/export.csv?from=${opts.period.from}&to=${opts.period.to}`, {
      headers: { Cookie: opts.cookie },
      redirect: "manual",
    });
    if (res.status !== 200 || !res.body) throw new Error(`GET /regulator/export.csv answered ${res.status}`);
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      // Rows are CRLF-terminated; quoted cells never hold a raw LF in this export's data.
      for (let i = 0; i < value.length; i++) if (value[i] === 10) newlines++;
      peakRssMb = Math.max(peakRssMb, opts.readRssMb());
    }
  } finally {
    clearInterval(sampler);
  }
  peakRssMb = Math.max(peakRssMb, opts.readRssMb());
  const seconds = (performance.now() - t0) / 1000;
  const rows = Math.max(0, newlines - 1);
  return {
    rows,
    bytes,
    seconds: Math.round(seconds * 100) / 100,
    rowsPerSecond: Math.round(rows / seconds),
    period: opts.period,
    rssBeforeMb,
    peakRssMb: Math.round(peakRssMb * 10) / 10,
    peakGrowthMb: Math.round((peakRssMb - rssBeforeMb) * 10) / 10,
  };
}
