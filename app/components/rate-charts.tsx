/**
 * Server-rendered SVG charts for rates (0–100 %), shared by every company so they compare at a
 * glance. Coordinates are percentages of the chart's width and text is in CSS pixels (no
 * viewBox): the labels keep their size at 375 px instead of shrinking with the drawing, and
 * the axis labels are few enough never to collide. Every chart comes with its data table.
 */
const TICKS = [0, 0.25, 0.5, 0.75, 1];

function Axis({ y, format }: { y: number; format: (n: number) => string }) {
  return (
    <g>
      {TICKS.map((t) => (
        <g key={t}>
          <line x1={`${t * 100}%`} x2={`${t * 100}%`} y1={0} y2={y} stroke="#c9ced6" strokeDasharray="2 3" />
          <text
            x={`${t * 100}%`}
            y={y + 14}
            fontSize="12"
            fill="#1b1f24"
            textAnchor={t === 0 ? "start" : t === 1 ? "end" : "middle"}
          >
            {format(t)}
          </text>
        </g>
      ))}
    </g>
  );
}

/**
 * One row per company on one shared 0–100 % scale: the bar is the observed rate, the black
 * whisker its 95 % interval (a short bar with a long whisker is a rate from few answers).
 */
export function RankingChart({
  id,
  title,
  rows,
  format,
  tableLabel,
  headers,
}: {
  id: string;
  title: string;
  rows: { label: string; rate: number; low: number; high: number; detail: string }[];
  format: (n: number) => string;
  tableLabel: string;
  headers: { label: string; rate: string; interval: string };
}) {
  // Name and figures on two lines of their own above each bar: one line would run past the
  // edge of a 375 px screen in French.
  const rowH = 62;
  const height = rows.length * rowH + 24;
  return (
    <figure aria-labelledby={`${id}-caption`} className="chart">
      <svg
        width="100%"
        height={height}
        role="img"
        aria-labelledby={`${id}-title`}
        focusable="false"
        className="chart-svg"
      >
        <title id={`${id}-title`}>{title}</title>
        <Axis y={rows.length * rowH + 4} format={format} />
        {rows.map((r, i) => {
          const y = i * rowH;
          return (
            <g key={r.label}>
              <text x="0" y={y + 15} fontSize="14" fontWeight="600" fill="#1b1f24">
                {r.label}
              </text>
              <text x="0" y={y + 32} fontSize="13" fill="#1b1f24">
                {r.detail}
              </text>
              <rect x="0" y={y + 38} width={`${r.rate * 100}%`} height="14" fill="#0b5cad" />
              <line
                x1={`${r.low * 100}%`}
                x2={`${r.high * 100}%`}
                y1={y + 45}
                y2={y + 45}
                stroke="#1b1f24"
                strokeWidth="2"
              />
              <line
                x1={`${r.low * 100}%`}
                x2={`${r.low * 100}%`}
                y1={y + 39}
                y2={y + 51}
                stroke="#1b1f24"
                strokeWidth="2"
              />
              <line
                x1={`${r.high * 100}%`}
                x2={`${r.high * 100}%`}
                y1={y + 39}
                y2={y + 51}
                stroke="#1b1f24"
                strokeWidth="2"
              />
            </g>
          );
        })}
      </svg>
      <figcaption id={`${id}-caption`}>{title}</figcaption>
      <details>
        <summary>{tableLabel}</summary>
        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{headers.label}</th>
                <th scope="col" className="num">
                  {headers.rate}
                </th>
                <th scope="col" className="num">
                  {headers.interval}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.label}>
                  <th scope="row">{r.label}</th>
                  <td className="num">{format(r.rate)}</td>
                  <td className="num">
                    {format(r.low)} – {format(r.high)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}

/**
 * A company's monthly rate on the shared 0–100 % scale. Months without a published rate have
 * no bar and a "–" mark under the axis, so a gap reads as "not published", not as 0 %. At most
 * four axis labels by default, which fit 375 px; every item is in the table.
 */
export function MonthlyRateChart({
  id,
  title,
  months,
  format,
  formatMonth,
  tableLabel,
  headers,
  withheld,
  empty,
  max = 1,
  labelEvery = Math.max(1, Math.ceil(months.length / 4)),
}: {
  id: string;
  title: string;
  /** `rate`: any value on the shared 0–`max` scale (a share by default); null = not published. */
  months: { month: string; rate: number | null; detail: string }[];
  /** The top of the scale, the same for every chart of a set (small multiples compare). */
  max?: number;
  labelEvery?: number;
  format: (n: number) => string;
  formatMonth: (month: string) => string;
  tableLabel: string;
  headers: { month: string; rate: string; detail: string };
  withheld: string;
  empty: string;
}) {
  if (!months.some((m) => m.rate != null)) return <p className="chart-empty">{empty}</p>;
  const plot = 120;
  const n = months.length;
  // Bars use the left 86 %; the scale's labels sit in the rest, clear of the last bar.
  const span = 86;
  return (
    <figure aria-labelledby={`${id}-caption`} className="chart">
      <svg
        width="100%"
        height={plot + 40}
        role="img"
        aria-labelledby={`${id}-title`}
        focusable="false"
        className="chart-svg"
      >
        <title id={`${id}-title`}>{title}</title>
        {[0, 0.5, 1].map((t) => (
          <g key={t}>
            <line
              x1="0"
              x2={`${span}%`}
              y1={plot * (1 - t) + 4}
              y2={plot * (1 - t) + 4}
              stroke="#c9ced6"
              strokeDasharray="2 3"
            />
          </g>
        ))}
        {months.map((m, i) => {
          const x = (i / n) * span;
          const w = (1 / n) * span;
          const h = m.rate == null ? 0 : (plot * m.rate) / max;
          return (
            <g key={m.month}>
              {m.rate == null ? (
                <text x={`${x + w / 2}%`} y={plot} fontSize="12" textAnchor="middle" fill="#4a5360">
                  –
                </text>
              ) : (
                <rect x={`${x + w * 0.15}%`} y={plot + 4 - h} width={`${w * 0.7}%`} height={h} fill="#0b5cad" />
              )}
              {i % labelEvery === 0 ? (
                <text
                  x={`${labelEvery === 1 ? x + w / 2 : x}%`}
                  y={plot + 22}
                  fontSize="12"
                  fill="#1b1f24"
                  textAnchor={labelEvery === 1 ? "middle" : "start"}
                >
                  {formatMonth(m.month)}
                </text>
              ) : null}
            </g>
          );
        })}
        <line x1="0" x2={`${span}%`} y1={plot + 4} y2={plot + 4} stroke="#4a5360" />
        {[1, 0.5, 0].map((t) => (
          <text key={t} x="100%" y={plot * (1 - t) + 8} fontSize="12" textAnchor="end" fill="#1b1f24">
            {format(t * max)}
          </text>
        ))}
      </svg>
      <figcaption id={`${id}-caption`}>{title}</figcaption>
      <details>
        <summary>{tableLabel}</summary>
        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{headers.month}</th>
                <th scope="col" className="num">
                  {headers.rate}
                </th>
                <th scope="col" className="num">
                  {headers.detail}
                </th>
              </tr>
            </thead>
            <tbody>
              {months.map((m) => (
                <tr key={m.month}>
                  <th scope="row">{formatMonth(m.month)}</th>
                  <td className="num">{m.rate == null ? withheld : format(m.rate)}</td>
                  <td className="num">{m.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
