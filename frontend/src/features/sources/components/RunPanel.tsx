import { Button } from "@/components/ui/Button";
import { ErrorPanel } from "@/components/ui/ErrorPanel";
import { notifyError } from "@/lib/notify";
import { toast } from "@/lib/toast";
import { useRecentRuns, useStartRun } from "../api/sources";

/** Start the agent and watch its recent runs (live events refresh this list). */
export function RunPanel() {
  const runs = useRecentRuns();
  const start = useStartRun();
  const active = runs.data?.items.some((r) => ["pending", "running", "paused"].includes(r.status));
  return (
    <section className="rounded-lg border border-slate-200 p-3 dark:border-slate-700" aria-labelledby="runs">
      <div className="flex items-center gap-2">
        <h2 id="runs" className="flex-1 font-semibold">Agent runs</h2>
        <Button
          variant="primary"
          disabled={start.isPending || !!active}
          onClick={() => start.mutate(undefined, { onSuccess: () => toast.success("The agent is running."), onError: (e) => notifyError(e, "Could not start the agent") })}
        >
          Run the agent
        </Button>
      </div>
      {runs.error && <ErrorPanel error={runs.error} onRetry={() => void runs.refetch()} />}
      <ul className="mt-2 space-y-2 text-sm" aria-label="Recent runs">
        {runs.data?.items.length === 0 && <li className="text-slate-600 dark:text-slate-300">No runs yet: add sources, then run the agent.</li>}
        {runs.data?.items.map((run) => (
          <li key={run.id} data-status={run.status}>
            <div className="flex gap-2">
              <span className="font-medium">{run.status.replace(/_/g, " ")}</span>
              <span className="text-slate-600 dark:text-slate-300">{run.current_phase ?? (run.config?.["mode"] as string | undefined) ?? ""}</span>
              <span className="ml-auto">{run.progress_percentage}%</span>
            </div>
            <progress className="h-1.5 w-full" value={run.progress_percentage} max={100} aria-label={`Run ${run.id.slice(0, 8)} progress`} />
            {run.error_message && <p className="text-red-700 dark:text-red-300">{run.error_message}</p>}
          </li>
        ))}
      </ul>
    </section>
  );
}
