import { useState } from "react";
import { ErrorPanel } from "@/components/ui/ErrorPanel";
import { LineChart, type Series } from "@/components/ui/LineChart";
import { Skeleton } from "@/components/ui/Skeleton";
import { useMetricsHistory, type HistoryWindow, type MetricsHistory } from "../api/monitoring";
import { Card } from "./Card";
import { formatCount } from "./units";

const WINDOWS: HistoryWindow[] = ["1h", "6h", "24h", "7d"];
const percent = (v: number) => `${v.toFixed(0)}%`;

function HostCharts({ h }: { h: MetricsHistory }) {
  const from = Date.parse(h.since);
  const to = Date.parse(h.until);
  if (h.hosts.length === 0) {
    return (
      <p className="text-slate-600 dark:text-slate-300">
        {h.sample_seconds > 0 ? `No samples yet: each host is sampled every ${h.sample_seconds} s.` : "Sampling is off (KBAGENT_METRICS_SAMPLE_SECONDS=0)."}
      </p>
    );
  }
  return (
    <div className="space-y-4">
      {h.hosts.map((host) => {
        const pts = host.points.map((p) => ({ t: Date.parse(p.at), p }));
        const usage: Series[] = [
          { name: "CPU", points: pts.map(({ t, p }) => ({ t, v: p.cpu_percent })) },
          { name: "Memory", points: pts.map(({ t, p }) => ({ t, v: p.memory_percent })) },
          { name: "Disk", points: pts.map(({ t, p }) => ({ t, v: p.disk_percent })) },
        ];
        if (host.points.some((p) => p.gpu_percent != null)) usage.push({ name: "GPU", points: pts.map(({ t, p }) => ({ t, v: p.gpu_percent })) });
        const queue: Series[] = [{ name: "Waiting tasks", points: pts.map(({ t, p }) => ({ t, v: p.queue_depth })) }];
        return (
          <div key={host.host} className="space-y-2">
            {h.hosts.length > 1 && <h3 className="font-medium">{host.host}</h3>}
            <LineChart title={`CPU, memory and disk${h.hosts.length > 1 ? ` of ${host.host}` : ""}`} series={usage} from={from} to={to} yMax={100} format={percent} />
            <LineChart title={`Queue depth${h.hosts.length > 1 ? ` seen by ${host.host}` : ""}`} series={queue} from={from} to={to} format={(v) => formatCount(Math.round(v))} height={80} />
          </div>
        );
      })}
    </div>
  );
}

/** Per phase and model: every bucket of the window, 0 tokens (and no latency) where no call. */
function usageSeries(h: MetricsHistory) {
  const from = Date.parse(h.since);
  const to = Date.parse(h.until);
  const step = h.step_seconds * 1000;
  const buckets: number[] = [];
  for (let t = from; t <= to; t += step) buckets.push(t);
  const keys = [...new Set(h.ai_usage.map((u) => `${u.phase} · ${u.model}`))].sort();
  const cells = new Map(h.ai_usage.map((u) => [`${u.phase} · ${u.model}@${Date.parse(u.at)}`, u]));
  const build = (pick: (u: MetricsHistory["ai_usage"][number] | undefined) => number | null): Series[] =>
    keys.map((k) => ({ name: k, points: buckets.map((t) => ({ t, v: pick(cells.get(`${k}@${t}`)) })) }));
  return {
    from,
    to,
    tokens: build((u) => (u ? u.prompt_tokens + u.completion_tokens : 0)),
    latency: build((u) => (u ? u.latency_ms_avg : null)),
    cost: h.ai_usage.some((u) => u.cost_usd != null) ? build((u) => u?.cost_usd ?? 0) : null,
  };
}

function UsageCharts({ h }: { h: MetricsHistory }) {
  if (h.ai_usage.length === 0) return <p className="text-slate-600 dark:text-slate-300">No model calls in this window.</p>;
  const s = usageSeries(h);
  return (
    <div className="space-y-4">
      <LineChart title="Tokens (prompt + completion)" series={s.tokens} from={s.from} to={s.to} format={(v) => formatCount(Math.round(v))} />
      <LineChart title="Average latency" series={s.latency} from={s.from} to={s.to} format={(v) => `${formatCount(Math.round(v))} ms`} />
      {s.cost ? <LineChart title="Cost" series={s.cost} from={s.from} to={s.to} format={(v) => `$${v.toFixed(v < 1 ? 4 : 2)}`} /> : <p className="text-slate-600 dark:text-slate-300">No cost: no prices configured for these models.</p>}
    </div>
  );
}

/** CPU, memory, disk, GPU and queue depth per host, and model calls per phase and model, over
 * a chosen window. */
export function HistoryCharts() {
  const [span, setSpan] = useState<HistoryWindow>("1h");
  const history = useMetricsHistory(span);
  const picker = (
    <div role="group" aria-label="Chart window" className="flex gap-1">
      {WINDOWS.map((w) => (
        <button key={w} type="button" aria-pressed={w === span} onClick={() => setSpan(w)}
          className={`rounded border px-2 py-0.5 text-xs ${w === span ? "border-indigo-600 bg-indigo-600 text-white" : "border-slate-300 dark:border-slate-600"}`}>
          {w}
        </button>
      ))}
    </div>
  );
  const h = history.data;
  return (
    <>
      <Card title="Machine over time" id="mon-host-history">
        {picker}
        <div className="mt-2">
          {history.isPending && <Skeleton lines={4} label="Loading charts" />}
          {history.error && <ErrorPanel error={history.error} onRetry={() => void history.refetch()} />}
          {h && <HostCharts h={h} />}
        </div>
      </Card>
      <Card title="Model calls over time" id="mon-usage-history">
        <p className="text-xs text-slate-600 dark:text-slate-300">Window {span}, per phase and model{h ? `, ${Math.round(h.step_seconds / 60)} min buckets` : ""}.</p>
        <div className="mt-2">{h && <UsageCharts h={h} />}</div>
      </Card>
    </>
  );
}
