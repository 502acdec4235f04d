import { useState } from "react";
import { Button } from "@/components/ui/Button";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";
import { ErrorPanel } from "@/components/ui/ErrorPanel";
import { Skeleton } from "@/components/ui/Skeleton";
import { notifyError } from "@/lib/notify";
import { toast } from "@/lib/toast";
import { Link } from "react-router";
import { isActive, useFailedItems, useRetryFailed, useRun, useRunAction, type Action, type PhaseProgress, type Run } from "../api/runs";
import { useLiveRuns } from "../stores/liveRuns";
import { elapsed, formatDuration, formatRate, STATUS_LABEL } from "./format";
import { LogTail } from "./LogTail";
import { countOf } from "@/lib/plural";

/** Done, skipped and failed items as one bar: a phase with failures never looks all green. */
function PhaseBar({ phase, total, handled }: { phase: PhaseProgress; total: number; handled: number }) {
  const width = (n: number) => ({ width: `${Math.min(100, (100 * n) / total)}%` });
  const failed = phase.failed > 0 ? `, ${phase.failed} failed` : "";
  return (
    <div
      role="progressbar"
      aria-label={`${phase.name} progress`}
      aria-valuemin={0}
      aria-valuemax={total}
      aria-valuenow={handled}
      aria-valuetext={`${handled} of ${total}${failed}`}
      className="flex h-1.5 w-full overflow-hidden rounded bg-slate-200 dark:bg-slate-700"
    >
      <span data-part="done" className="bg-green-600" style={width(phase.done)} />
      <span data-part="skipped" className="bg-slate-400" style={width(phase.skipped ?? 0)} />
      <span data-part="failed" className="bg-red-600" style={width(phase.failed)} />
    </div>
  );
}

function PhaseRow({ phase }: { phase: PhaseProgress }) {
  const total = phase.total ?? null;
  const handled = phase.done + phase.failed + (phase.skipped ?? 0);
  const rate = formatRate(phase.items_per_second);
  const eta = phase.state === "running" ? formatDuration(phase.eta_seconds) : null;
  return (
    <li data-phase={phase.name} data-state={phase.state} className="text-sm">
      <div className="flex flex-wrap gap-x-3">
        <span className="w-24 font-medium">{phase.name}</span>
        <span className="text-slate-600 dark:text-slate-300">{phase.state}</span>
        <span>{total !== null ? `${handled} / ${total}` : phase.state === "finished" ? "done" : ""}</span>
        {phase.failed > 0 && <span className="text-red-700 dark:text-red-300">{phase.failed} failed</span>}
        {rate && <span>{rate}</span>}
        {eta && <span>about {eta} left</span>}
      </div>
      {total !== null && total > 0 && <PhaseBar phase={phase} total={total} handled={handled} />}
      {phase.error && <p className="text-red-700 dark:text-red-300">{phase.error}</p>}
    </li>
  );
}

function Controls({ run }: { run: Run }) {
  const act = useRunAction();
  const [confirmStop, setConfirmStop] = useState(false);
  const doIt = (action: Action) =>
    act.mutate({ id: run.id, action }, {
      onSuccess: () => toast.success(action === "stop" ? "The run is stopping." : action === "pause" ? "Paused." : "Resumed."),
      onError: (error) => notifyError(error, `Could not ${action} the run`),
    });
  if (!isActive(run)) return null;
  return (
    <div className="flex gap-1">
      {run.status === "running" && <Button disabled={act.isPending} onClick={() => doIt("pause")}>Pause</Button>}
      {(run.status === "paused" || run.status === "stalled") && <Button disabled={act.isPending} onClick={() => doIt("resume")}>Resume</Button>}
      <Button variant="danger" disabled={act.isPending} onClick={() => setConfirmStop(true)}>Stop</Button>
      <ConfirmDialog open={confirmStop} title="Stop this run?" confirmLabel="Stop the run" danger onClose={() => setConfirmStop(false)} onConfirm={() => { setConfirmStop(false); doIt("stop"); }}>
        Items finished so far stay done; the next run picks up the rest.
      </ConfirmDialog>
    </div>
  );
}

/** Each failed item with its phase and reason, opening its pipeline. */
function FailedItems({ run }: { run: Run }) {
  const failed = useFailedItems(run.id, (run.failures.failed_items ?? 0) > 0);
  const page = failed.data;
  if (!page || page.total === 0) return null;
  return (
    <>
      <ul className="mt-2 space-y-1 text-sm" aria-label="Failed items">
        {page.items.map((item) => (
          <li key={`${item.content_item_id}:${item.phase}`} data-item={item.content_item_id} className="min-w-0">
            <Link className="font-medium break-words underline" to={`/knowledge/pipeline/${item.content_item_id}`}>{item.title || item.content_item_id}</Link>
            <span className="text-slate-600 dark:text-slate-300"> · {item.phase}{item.attempts > 1 ? `, ${item.attempts} attempts` : ""}</span>
            {item.error && <p className="break-words text-red-700 dark:text-red-300">{item.error}</p>}
          </li>
        ))}
      </ul>
      {page.total > page.items.length && <p className="text-xs text-slate-600 dark:text-slate-300">and {page.total - page.items.length} more</p>}
    </>
  );
}

function Failures({ run, canControl, onStarted }: { run: Run; canControl: boolean; onStarted?: (id: string) => void }) {
  const retry = useRetryFailed();
  const f = run.failures;
  const again = (phase?: string) =>
    retry.mutate(phase, {
      onSuccess: (r) => {
        toast.success(`Retrying ${countOf(r.reset_items, "item")}${phase ? ` in ${phase}` : ""}.`);
        onStarted?.(r.run.id); // follow the retry's run
      },
      onError: (error) => notifyError(error, "Could not retry"),
    });
  if (!f.failed_items && !(f.failed_phases ?? []).length) return null;
  return (
    <section aria-labelledby="failures" className="rounded-md border border-red-200 p-2 dark:border-red-900">
      <div className="flex items-center gap-2">
        <h3 id="failures" className="flex-1 font-semibold">
          {countOf(f.failed_items ?? 0, "failed item")}
          {(f.failed_phases ?? []).length > 0 && `, failed phases: ${(f.failed_phases ?? []).join(", ")}`}
        </h3>
        {canControl && !isActive(run) && (
          <Button disabled={retry.isPending} onClick={() => again()}>Retry failed items</Button>
        )}
      </div>
      <ul className="mt-1 space-y-1 text-sm" aria-label="Failure reasons">
        {(f.top_reasons ?? []).map((r) => (
          <li key={`${r.phase}:${r.reason}`}><span className="font-medium">{r.phase}</span> ×{r.count}: {r.reason}</li>
        ))}
      </ul>
      <FailedItems run={run} />
      {canControl && !isActive(run) && Object.keys(f.by_phase ?? {}).length > 0 && (
        <div className="mt-1 flex flex-wrap gap-1" role="group" aria-label="Retry one phase">
          {Object.entries(f.by_phase ?? {}).map(([phase, count]) => (
            <Button key={phase} disabled={retry.isPending} onClick={() => again(phase)}>
              Retry {phase} ({count})
            </Button>
          ))}
        </div>
      )}
    </section>
  );
}

/** One run: status, controls, per-phase progress with rate and ETA, failures, the live log. */
export function RunDetail({ id, canControl, onStarted }: { id: string; canControl: boolean; onStarted?: (id: string) => void }) {
  const run = useRun(id);
  const current = useLiveRuns((s) => s.current[id]);
  if (run.isPending) return <Skeleton lines={6} label="Loading the run" />;
  if (run.error) return <ErrorPanel error={run.error} onRetry={() => void run.refetch()} />;
  const r = run.data;
  const took = formatDuration(elapsed(r.started_at, r.completed_at));
  const eta = isActive(r) ? formatDuration(r.eta_seconds) : null;
  return (
    <section aria-labelledby="run-title" data-testid="run-detail" data-status={r.status} className="space-y-3 rounded-lg border border-slate-200 p-3 dark:border-slate-700">
      <div className="flex flex-wrap items-center gap-2">
        <h2 id="run-title" className="flex-1 font-semibold">
          Run {r.id.slice(0, 8)}: {STATUS_LABEL[r.status] ?? r.status}
        </h2>
        {canControl && <Controls run={r} />}
      </div>
      <p className="text-sm text-slate-600 dark:text-slate-300">
        {String(r.config?.["mode"] ?? "full").replace(/_/g, " ")} · started {r.started_at ? new Date(r.started_at).toLocaleString() : "not yet"}
        {took && ` · ${isActive(r) ? "running for" : "took"} ${took}`}
        {eta && ` · about ${eta} left`}
      </p>
      <progress className="h-2 w-full" value={r.progress_percentage} max={100} aria-label="Run progress" />
      {current && isActive(r) && (
        // Item events carry the id, not the title; a lookup per event would cost a query per item
        // processed, so the id opens the item's pipeline page, which names it.
        <p className="text-sm" aria-live="polite" data-testid="run-now">
          Now: {current.phase} of{" "}
          <Link className="underline" to={`/knowledge/pipeline/${current.itemId}`} title={`Content item ${current.itemId}`}>item</Link>
        </p>
      )}
      <ol className="space-y-2" aria-label="Phases">
        {r.phases.map((p) => <PhaseRow key={p.name} phase={p} />)}
      </ol>
      <Failures run={r} canControl={canControl} onStarted={onStarted} />
      {r.error_message && <p className="text-sm text-red-700 dark:text-red-300">{r.error_message}</p>}
      <LogTail runId={r.id} />
    </section>
  );
}
