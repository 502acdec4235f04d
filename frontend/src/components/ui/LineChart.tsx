/** A small line chart in SVG: a few series over time, gaps where a value is missing, and a
 * table of the same figures for screen readers (the picture is `aria-hidden`). The plot
 * stretches to its box; text is HTML around it, so it stays legible at any width. */

export const SERIES_COLORS = ["#2563eb", "#dc2626", "#16a34a", "#d97706", "#7c3aed", "#0891b2", "#db2777", "#64748b"];

export interface Point {
  /** Milliseconds since 1970. */
  t: number;
  /** null: no value then (drawn as a gap). */
  v: number | null;
}

export interface Series {
  name: string;
  points: Point[];
}

interface Props {
  /** The chart's accessible name, also its caption. */
  title: string;
  series: Series[];
  /** The x axis' extent (ms). */
  from: number;
  to: number;
  /** Fixed top of the y axis (e.g. 100 for percentages); otherwise the largest value. */
  yMax?: number;
  format: (v: number) => string;
  height?: number;
}

const W = 1000;

function timeLabel(ms: number, span: number): string {
  const d = new Date(ms);
  return span > 20 * 3600_000
    ? d.toLocaleDateString(undefined, { month: "short", day: "numeric" }) + " " + d.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" })
    : d.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
}

/** The SVG path of one series: segments broken at nulls; a lone point is a dot. */
export function linePath(points: Point[], x: (t: number) => number, y: (v: number) => number): string {
  const parts: string[] = [];
  let open = false;
  for (const p of points) {
    if (p.v == null || !Number.isFinite(p.v)) {
      open = false;
      continue;
    }
    const cmd = `${x(p.t).toFixed(1)} ${y(p.v).toFixed(1)}`;
    parts.push(open ? `L${cmd}` : `M${cmd} L${cmd}`);
    open = true;
  }
  return parts.join(" ");
}

export function LineChart({ title, series, from, to, yMax, format, height = 120 }: Props) {
  const values = series.flatMap((s) => s.points.map((p) => p.v)).filter((v): v is number => v != null && Number.isFinite(v));
  const top = yMax ?? Math.max(0, ...values);
  const scaleTop = top > 0 ? top : 1;
  const span = Math.max(1, to - from);
  const x = (t: number) => ((t - from) / span) * W;
  const y = (v: number) => height - (Math.min(v, scaleTop) / scaleTop) * (height - 4) - 2;
  const times = [...new Set(series.flatMap((s) => s.points.map((p) => p.t)))].sort((a, b) => a - b);
  const byTime = series.map((s) => new Map(s.points.map((p) => [p.t, p.v])));
  return (
    <figure className="min-w-0" data-chart={title}>
      <figcaption className="flex flex-wrap items-baseline justify-between gap-x-3">
        <span className="font-medium">{title}</span>
        <span className="flex flex-wrap gap-x-3 text-xs" aria-hidden="true">
          {series.map((s, i) => (
            <span key={s.name} className="inline-flex items-center gap-1">
              <span className="inline-block h-0.5 w-3" style={{ background: SERIES_COLORS[i % SERIES_COLORS.length] }} />
              {s.name}
            </span>
          ))}
        </span>
      </figcaption>
      <div className="mt-1 flex gap-1 text-xs text-slate-600 dark:text-slate-300" aria-hidden="true">
        <div className="flex min-w-8 shrink-0 flex-col justify-between whitespace-nowrap text-right tabular-nums" style={{ height }}>
          <span>{format(scaleTop)}</span>
          <span>{format(0)}</span>
        </div>
        <div className="min-w-0 flex-1">
          <svg viewBox={`0 0 ${W} ${height}`} preserveAspectRatio="none" className="block w-full rounded border border-slate-200 bg-slate-50 dark:border-slate-700 dark:bg-slate-900" style={{ height }}>
            <line x1={0} x2={W} y1={height / 2} y2={height / 2} className="stroke-slate-200 dark:stroke-slate-700" strokeDasharray="4 4" vectorEffect="non-scaling-stroke" />
            {series.map((s, i) => (
              <path key={s.name} d={linePath(s.points, x, y)} fill="none" stroke={SERIES_COLORS[i % SERIES_COLORS.length]} strokeWidth={2} strokeLinecap="round" strokeLinejoin="round" vectorEffect="non-scaling-stroke" />
            ))}
          </svg>
          <div className="flex justify-between tabular-nums">
            <span>{timeLabel(from, span)}</span>
            <span>{timeLabel(to, span)}</span>
          </div>
        </div>
      </div>
      {values.length === 0 && <p className="text-xs text-slate-600 dark:text-slate-300">No data in this window.</p>}
      {/* In a box: a table is never narrower than its content, whatever `sr-only` says. */}
      <div className="sr-only">
      <table>
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            {series.map((s) => <th key={s.name} scope="col">{s.name}</th>)}
          </tr>
        </thead>
        <tbody>
          {times.map((t) => (
            <tr key={t}>
              <th scope="row">{new Date(t).toISOString()}</th>
              {byTime.map((m, i) => {
                const v = m.get(t);
                return <td key={series[i]?.name ?? i}>{v == null ? "–" : format(v)}</td>;
              })}
            </tr>
          ))}
        </tbody>
      </table>
      </div>
    </figure>
  );
}
