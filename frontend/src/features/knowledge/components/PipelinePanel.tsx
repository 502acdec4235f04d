import { Button } from "@/components/ui/Button";
import { ErrorPanel } from "@/components/ui/ErrorPanel";
import { Skeleton } from "@/components/ui/Skeleton";
import { notifyError } from "@/lib/notify";
import { toast } from "@/lib/toast";
import { useItemPipeline, useRetryPhase, type ItemPhase } from "../api/pipeline";

const STATE_STYLE: Record<ItemPhase["state"], string> = {
  done: "text-green-800 dark:text-green-300",
  failed: "text-red-700 dark:text-red-300",
  skipped: "text-amber-800 dark:text-amber-300",
  pending: "text-slate-600 dark:text-slate-300",
};

/** The item through the pipeline: each phase's state, model, error and output; model calls;
 * redo one phase (and what follows it) for this item. */
export function PipelinePanel({ contentItemId, canRetry }: { contentItemId: string; canRetry: boolean }) {
  const view = useItemPipeline(contentItemId, true);
  const retry = useRetryPhase(contentItemId);
  if (view.isPending) return <Skeleton lines={5} label="Loading the item's pipeline" />;
  if (view.error) return <ErrorPanel error={view.error} onRetry={() => void view.refetch()} />;
  const { phases, usage } = view.data;

  function redo(phase: ItemPhase["name"]) {
    retry.mutate(phase as Parameters<typeof retry.mutate>[0], {
      onSuccess: (r) => toast.success(`Redoing ${r.reset_phases.join(", ")} for this item.`),
      onError: (error) => notifyError(error, `Could not redo ${phase}`),
    });
  }

  return (
    <div className="space-y-4 text-sm" data-testid="item-pipeline">
      <ol className="space-y-2" aria-label="Pipeline phases">
        {phases.map((p) => (
          <li key={p.name} data-phase={p.name} data-state={p.state} className="rounded-md border border-slate-200 p-2 dark:border-slate-700">
            <div className="flex flex-wrap items-center gap-x-3">
              <span className="w-24 font-medium">{p.name}</span>
              <span className={STATE_STYLE[p.state]}>{p.state}</span>
              {p.attempts > 1 && <span>{p.attempts} attempts</span>}
              {p.model && <span className="text-slate-600 dark:text-slate-300">{p.model}</span>}
              {p.updated_at && <time className="text-slate-600 dark:text-slate-300" dateTime={p.updated_at}>{new Date(p.updated_at).toLocaleString()}</time>}
              {canRetry && p.state !== "pending" && (
                <Button className="ml-auto" disabled={retry.isPending} onClick={() => redo(p.name)} aria-label={`Redo ${p.name} for this item`}>
                  Redo
                </Button>
              )}
            </div>
            {p.summary && <p className="mt-1">{p.summary}</p>}
            {p.error && <p className="mt-1 text-red-700 dark:text-red-300">{p.error}</p>}
          </li>
        ))}
      </ol>
      <section aria-labelledby="model-calls">
        <h3 id="model-calls" className="font-semibold">Model calls for this item</h3>
        {usage.length === 0 ? (
          <p className="text-slate-600 dark:text-slate-300">None recorded (items processed before this was kept have none).</p>
        ) : (
          <table className="mt-1 w-full text-left">
            <thead>
              <tr><th scope="col">Phase</th><th scope="col">Model</th><th scope="col">Calls</th><th scope="col">Tokens in / out</th><th scope="col">Time</th></tr>
            </thead>
            <tbody>
              {usage.map((u) => (
                <tr key={`${u.phase}:${u.model}`}>
                  <td>{u.phase}</td>
                  <td className="break-all">{u.model}</td>
                  <td>{u.calls}{u.failures > 0 && ` (${u.failures} failed)`}</td>
                  <td>{u.prompt_tokens} / {u.completion_tokens}</td>
                  <td>{(u.latency_ms / 1000).toFixed(1)} s</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
