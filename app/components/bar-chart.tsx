/**
 * A small server-rendered SVG bar chart with a text alternative: the SVG has a title and a
 * description, and the same numbers are always given as a table (WCAG 1.1.1, 1.3.1).
 */
export function BarChart({
  id,
  title,
  data,
  format = (n) => String(n),
  max,
  tableLabel = "Data",
}: {
  id: string;
  title: string;
  /** `null` = nothing to measure (e.g. no answer that month): no bar, shown as "—". */
  data: { label: string; value: number | null }[];
  format?: (n: number) => string;
  max?: number;
  tableLabel?: string;
}) {
  const width = 560;
  const height = 200;
  const pad = { top: 10, right: 10, bottom: 40, left: 40 };
  const top = Math.max(max ?? 0, ...data.map((d) => d.value ?? 0), 1);
  const bw = (width - pad.left - pad.right) / Math.max(data.length, 1);
  return (
    <figure aria-labelledby={`${id}-caption`}>
      <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-labelledby={`${id}-title`} focusable="false">
        <title id={`${id}-title`}>{title}</title>
        <line x1={pad.left} y1={height - pad.bottom} x2={width - pad.right} y2={height - pad.bottom} stroke="#4a5360" />
        {data.map((d, i) => {
          const h = ((height - pad.top - pad.bottom) * (d.value ?? 0)) / top;
          const x = pad.left + i * bw + bw * 0.15;
          const y = height - pad.bottom - h;
          return (
            <g key={d.label}>
              {d.value == null ? null : <rect x={x} y={y} width={bw * 0.7} height={h} fill="#0b5cad" />}
              <text x={x + bw * 0.35} y={y - 3} fontSize="11" textAnchor="middle" fill="#1b1f24">
                {d.value == null ? "—" : format(d.value)}
              </text>
              <text x={x + bw * 0.35} y={height - pad.bottom + 14} fontSize="11" textAnchor="middle" fill="#1b1f24">
                {d.label}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption id={`${id}-caption`}>{title}</figcaption>
      <details>
        <summary>{tableLabel}</summary>
        <table>
          <caption className="visually-hidden">{title}</caption>
          <tbody>
            {data.map((d) => (
              <tr key={d.label}>
                <th scope="row">{d.label}</th>
                <td className="num">{d.value == null ? "—" : format(d.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
