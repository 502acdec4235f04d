import type { Run } from "../api/runs";
import { elapsed, formatDuration, STATUS_LABEL } from "./format";

/** Recent runs, newest first; choosing one shows it. */
export function RecentRuns({ runs, selected, onSelect }: { runs: Run[]; selected: string | null; onSelect: (id: string) => void }) {
  return (
    <section aria-labelledby="recent-runs" className="rounded-lg border border-slate-200 p-3 dark:border-slate-700">
      <h2 id="recent-runs" className="font-semibold">Recent runs</h2>
      {runs.length === 0 && <p className="mt-1 text-sm text-slate-600 dark:text-slate-300">No runs yet: add sources, then start a run.</p>}
      <ul className="mt-1 space-y-1" aria-label="Recent runs">
        {runs.map((run) => (
          <li key={run.id}>
            <button
              type="button"
              aria-current={run.id === selected ? "true" : undefined}
              onClick={() => onSelect(run.id)}
              className={`w-full rounded-md px-2 py-1 text-left text-sm focus-visible:outline-2 focus-visible:outline-indigo-500 ${run.id === selected ? "bg-indigo-100 dark:bg-indigo-900" : "hover:bg-slate-100 dark:hover:bg-slate-800"}`}
            >
              <span className="flex gap-2">
                <span className="font-medium">{STATUS_LABEL[run.status]?.split(" (")[0] ?? run.status}</span>
                <span className="ml-auto">{run.progress_percentage}%</span>
              </span>
              <span className="block text-xs text-slate-600 dark:text-slate-300">
                {new Date(run.created_at).toLocaleString()}
                {(run.failures.failed_items ?? 0) > 0 && ` · ${run.failures.failed_items} failed`}
                {formatDuration(elapsed(run.started_at, run.completed_at)) && ` · ${formatDuration(elapsed(run.started_at, run.completed_at))}`}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
