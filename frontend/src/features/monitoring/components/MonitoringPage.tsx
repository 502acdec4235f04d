import { ErrorPanel } from "@/components/ui/ErrorPanel";
import { Skeleton } from "@/components/ui/Skeleton";
import { useHealth, useMetrics, type HealthReport, type SystemMetrics } from "../api/monitoring";
import { Card } from "./Card";
import { HistoryCharts } from "./HistoryCharts";
import { LogsSection } from "./LogsSection";
import { RunHistory } from "./RunHistory";
import { formatBytes, formatCount } from "./units";
import { countOf } from "@/lib/plural";

const STATUS_STYLE: Record<string, string> = {
  ok: "bg-green-100 text-green-900 dark:bg-green-900 dark:text-green-50",
  down: "bg-red-100 text-red-900 dark:bg-red-900 dark:text-red-50",
  not_configured: "bg-slate-100 text-slate-800 dark:bg-slate-800 dark:text-slate-100",
};

function Meter({ label, percent, detail }: { label: string; percent: number; detail: string }) {
  return (
    <div>
      <div className="flex justify-between"><span>{label}</span><span>{detail}</span></div>
      <progress className="h-2 w-full" value={Math.min(100, Math.max(0, percent))} max={100} aria-label={`${label} ${percent.toFixed(0)}%`} />
    </div>
  );
}

function Health({ report }: { report: HealthReport }) {
  return (
    <ul className="space-y-1" aria-label="Parts">
      {Object.entries(report.parts).map(([name, part]) => (
        <li key={name} className="flex flex-wrap items-center gap-2" data-part={name} data-status={part.status}>
          <span className={`rounded px-1.5 text-xs font-medium ${STATUS_STYLE[part.status] ?? ""}`}>{part.status.replace("_", " ")}</span>
          <span className="font-medium">{name}</span>
          {part.latency_ms != null && <span className="text-slate-600 dark:text-slate-300">{part.latency_ms.toFixed(0)} ms</span>}
          {part.detail && <span className="text-slate-600 dark:text-slate-300">{part.detail}</span>}
          {!part.required && <span className="text-xs text-slate-600 dark:text-slate-300">(optional)</span>}
        </li>
      ))}
    </ul>
  );
}

function Host({ m }: { m: SystemMetrics }) {
  const { host } = m;
  return (
    <div className="space-y-2">
      <Meter label={`CPU (${countOf(host.cpu_count, "core")})`} percent={host.cpu_percent} detail={`${host.cpu_percent.toFixed(0)}%${host.load_average ? ` · load ${host.load_average.map((l) => l.toFixed(2)).join(" ")}` : ""}`} />
      <Meter label="Memory" percent={host.memory.used_percent} detail={`${formatBytes(host.memory.total_bytes - host.memory.available_bytes)} of ${formatBytes(host.memory.total_bytes)} · API ${formatBytes(host.memory.process_rss_bytes)}`} />
      <Meter label="Disk (data directory)" percent={host.disk.used_percent} detail={`${formatBytes(host.disk.free_bytes)} free of ${formatBytes(host.disk.total_bytes)}`} />
      {host.gpus === null ? (
        <p className="text-slate-600 dark:text-slate-300">No NVIDIA GPU (nvidia-smi not found).</p>
      ) : (
        host.gpus.map((g) => (
          <Meter key={g.index} label={`GPU ${g.index}: ${g.name}`} percent={g.utilization_percent ?? 0}
            detail={`${g.utilization_percent ?? "?"}% · ${formatBytes(g.memory_used_bytes)} of ${formatBytes(g.memory_total_bytes)}${g.temperature_c != null ? ` · ${g.temperature_c} °C` : ""}`} />
        ))
      )}
    </div>
  );
}

function Tally({ label, counts }: { label: string; counts: Record<string, number> }) {
  const entries = Object.entries(counts);
  return (
    <dl aria-label={label} className="grid grid-cols-2 gap-x-3">
      {entries.length === 0 && <dd className="col-span-2 text-slate-600 dark:text-slate-300">None yet.</dd>}
      {entries.map(([k, v]) => (
        <div key={k} className="contents"><dt>{k.replace(/_/g, " ")}</dt><dd className="text-right tabular-nums">{formatCount(v)}</dd></div>
      ))}
    </dl>
  );
}

function Usage({ m }: { m: SystemMetrics }) {
  return (
    <div className="space-y-3">
      {m.ai_usage.map((w) => (
        <div key={w.window}>
          <h3 className="font-medium">Last {w.window}</h3>
          {w.by_model.length === 0 ? (
            <p className="text-slate-600 dark:text-slate-300">No model calls.</p>
          ) : (
            <div className="overflow-x-auto">
              <table className="w-full text-left tabular-nums [&_td]:pr-3 [&_th]:pr-3 [&_th]:whitespace-nowrap [&_td:not(.break-all)]:whitespace-nowrap">
                <thead><tr><th scope="col">Phase</th><th scope="col">Model</th><th scope="col">Calls</th><th scope="col">Failed</th><th scope="col">Tokens in / out</th><th scope="col">Avg / max ms</th><th scope="col">Cost</th></tr></thead>
                <tbody>
                  {w.by_model.map((u) => (
                    <tr key={`${u.phase}:${u.model}`}>
                      <td>{u.phase}</td><td className="break-all min-w-24">{u.model}</td><td>{formatCount(u.calls)}</td><td>{u.failures}</td>
                      <td>{formatCount(u.prompt_tokens)} / {formatCount(u.completion_tokens)}</td>
                      <td>{u.latency_ms_avg.toFixed(0)} / {u.latency_ms_max.toFixed(0)}</td>
                      <td>{u.cost_usd == null ? "–" : `$${u.cost_usd.toFixed(4)}`}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      ))}
    </div>
  );
}

/** Every part's health, the machine, the queue and its workers, the models' use, the run
 * history and the run log. */
export function MonitoringPage() {
  const health = useHealth();
  const metrics = useMetrics();
  const m = metrics.data;
  return (
    // Focusable: a scrolling region must be reachable by keyboard.
    <div className="h-full overflow-y-auto focus-visible:outline-2 focus-visible:outline-indigo-500" tabIndex={0} role="region" aria-labelledby="monitoring-title">
      <div className="mx-auto grid max-w-6xl grid-cols-1 gap-3 p-3 md:grid-cols-2">
        <h1 id="monitoring-title" className="text-xl font-semibold md:col-span-2">Monitoring</h1>
        <Card title="Health" id="mon-health">
          {health.isPending && <Skeleton lines={4} label="Checking health" />}
          {health.error && <ErrorPanel error={health.error} onRetry={() => void health.refetch()} />}
          {health.data && (
            <>
              <p className="mb-1" data-testid="overall-health" data-status={health.data.status}>Overall: <strong>{health.data.status}</strong> · version {health.data.version}</p>
              <Health report={health.data} />
            </>
          )}
        </Card>
        <Card title="Machine" id="mon-host">
          {metrics.isPending && <Skeleton lines={4} label="Loading metrics" />}
          {metrics.error && <ErrorPanel error={metrics.error} onRetry={() => void metrics.refetch()} />}
          {m && <Host m={m} />}
        </Card>
        <HistoryCharts />
        {m && (
          <>
            <Card title="Queue and workers" id="mon-queue">
              <p>{m.queue.mode === "local" ? "In-process worker (no Redis configured)" : `Celery on Redis: ${m.queue.depth == null ? "? tasks" : countOf(m.queue.depth, "task")} waiting`}</p>
              {m.queue.error && <p className="text-red-700 dark:text-red-300">{m.queue.error}</p>}
              <ul aria-label="Workers" className="mt-1">
                {Object.entries(m.queue.workers).map(([w, ago]) => <li key={w}>{w}: seen {ago.toFixed(0)} s ago</li>)}
              </ul>
            </Card>
            <Card title="Runs and items" id="mon-counts">
              <h3 className="font-medium">Runs by status</h3>
              <Tally label="Runs by status" counts={m.runs_by_status} />
              <h3 className="mt-2 font-medium">Items by processing state</h3>
              <Tally label="Items by processing state" counts={m.items_by_state} />
            </Card>
            <div className="min-w-0 md:col-span-2">
              <Card title="Model calls" id="mon-usage"><Usage m={m} /></Card>
            </div>
          </>
        )}
        <div className="min-w-0 md:col-span-2">
          <RunHistory />
        </div>
        <div className="min-w-0 md:col-span-2">
          <LogsSection />
        </div>
      </div>
    </div>
  );
}
