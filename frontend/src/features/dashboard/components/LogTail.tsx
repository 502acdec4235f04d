import { ErrorPanel } from "@/components/ui/ErrorPanel";
import { useRunLog } from "../api/runs";
import { mergeLog, useLiveRuns } from "../stores/liveRuns";

const LEVEL_STYLE: Record<string, string> = {
  WARNING: "text-amber-800 dark:text-amber-300",
  ERROR: "text-red-700 dark:text-red-300",
  CRITICAL: "text-red-700 dark:text-red-300",
};
const EMPTY: never[] = [];

/** The run's log, newest first: the stored events, then whatever the WebSocket adds. */
export function LogTail({ runId }: { runId: string }) {
  const stored = useRunLog(runId);
  const live = useLiveRuns((s) => s.events[runId] ?? EMPTY);
  if (stored.error) return <ErrorPanel error={stored.error} onRetry={() => void stored.refetch()} />;
  const lines = mergeLog(stored.data?.items ?? [], live);
  return (
    <section aria-labelledby="log-title">
      <h3 id="log-title" className="font-semibold">Log</h3>
      <ol className="mt-1 max-h-72 overflow-y-auto rounded bg-slate-50 p-2 font-mono text-xs dark:bg-slate-900" aria-label="Run log" tabIndex={0}>
        {lines.length === 0 && <li className="text-slate-600 dark:text-slate-300">Nothing logged yet.</li>}
        {lines.map((e) => (
          <li key={e.id} className={LEVEL_STYLE[e.level] ?? ""}>
            <time dateTime={e.ts}>{new Date(e.ts).toLocaleTimeString()}</time> {e.type}
            {e.message && e.message !== e.type ? `: ${e.message}` : ""}
          </li>
        ))}
      </ol>
    </section>
  );
}
