import { useState } from "react";
import { ErrorPanel } from "@/components/ui/ErrorPanel";
import { Skeleton } from "@/components/ui/Skeleton";
import { useRunHistory, type Run, type RunStatus } from "../api/logs";
import { Card } from "./Card";
import { formatCount, formatDuration } from "./units";

const PAGE = 20;
const STATUSES: RunStatus[] = ["pending", "running", "paused", "stalled", "completed", "completed_with_failures", "cancelled"];

const label = (status: string) => status.replace(/_/g, " ");

/** Items that got through: the busiest phase's count (each item passes every phase once). */
function itemsDone(run: Run): number {
  return run.phases.reduce((most, p) => Math.max(most, p.done), 0);
}

/** Every run, newest first, with how long it took and how many items it did and failed. */
export function RunHistory() {
  const [status, setStatus] = useState<RunStatus | null>(null);
  const [offset, setOffset] = useState(0);
  const history = useRunHistory(status, PAGE, offset);
  const page = history.data;
  return (
    <Card title="Run history" id="mon-history">
      <label className="inline-flex items-center gap-2">
        Status
        <select
          value={status ?? ""}
          onChange={(e) => { setStatus((e.target.value || null) as RunStatus | null); setOffset(0); }}
          className="rounded border border-slate-300 bg-white px-1 py-0.5 dark:border-slate-600 dark:bg-slate-900"
        >
          <option value="">Any</option>
          {STATUSES.map((s) => <option key={s} value={s}>{label(s)}</option>)}
        </select>
      </label>
      {history.isPending && <Skeleton lines={3} label="Loading runs" />}
      {history.error && <ErrorPanel error={history.error} onRetry={() => void history.refetch()} />}
      {page && page.items.length === 0 && <p className="mt-2 text-slate-600 dark:text-slate-300">No runs{status ? ` ${label(status)}` : ""}.</p>}
      {page && page.items.length > 0 && (
        <div className="mt-2 overflow-x-auto">
          <table className="w-full text-left tabular-nums" aria-label="Runs">
            <thead>
              <tr><th scope="col">Created</th><th scope="col">Run</th><th scope="col">Mode</th><th scope="col">Status</th><th scope="col">Duration</th><th scope="col">Items done</th><th scope="col">Failed</th></tr>
            </thead>
            <tbody>
              {page.items.map((run) => (
                <tr key={run.id} data-run={run.id}>
                  <td>{new Date(run.created_at).toLocaleString()}</td>
                  <td className="font-mono text-xs">{run.id.slice(0, 8)}</td>
                  <td>{typeof run.config?.mode === "string" ? run.config.mode.replace(/_/g, " ") : run.task_type}</td>
                  <td>{label(run.status)}</td>
                  <td data-testid="run-duration">{formatDuration(run.started_at, run.completed_at) ?? (run.started_at ? "running" : "–")}</td>
                  <td>{formatCount(itemsDone(run))}</td>
                  <td>{formatCount(run.failures.failed_items ?? 0)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {page && page.total > PAGE && (
        <nav aria-label="Run history pages" className="mt-2 flex items-center gap-2">
          <button type="button" className="rounded border border-slate-300 px-2 py-0.5 disabled:opacity-50 dark:border-slate-600" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>Newer</button>
          <span>{offset + 1}–{Math.min(offset + PAGE, page.total)} of {formatCount(page.total)}</span>
          <button type="button" className="rounded border border-slate-300 px-2 py-0.5 disabled:opacity-50 dark:border-slate-600" disabled={offset + PAGE >= page.total} onClick={() => setOffset(offset + PAGE)}>Older</button>
        </nav>
      )}
    </Card>
  );
}
