import { useMemo, useState } from "react";
import { ErrorPanel } from "@/components/ui/ErrorPanel";
import { Skeleton } from "@/components/ui/Skeleton";
import { exportHref, LEVELS, matches, useLogs, useRunHistory, type Level, type LogEvent, type LogFilters } from "../api/logs";
import { useDebounced } from "@/lib/useDebounced";
import { useLiveEvents } from "../hooks/useLiveEvents";
import { Card } from "./Card";
import { countOf } from "@/lib/plural";

export const TEXT_DEBOUNCE_MS = 300;
/** The most events kept on screen (the live tail drops the oldest beyond it). */
const SHOWN = 300;

const LEVEL_STYLE: Record<string, string> = {
  DEBUG: "text-slate-600 dark:text-slate-300",
  INFO: "text-sky-800 dark:text-sky-200",
  WARNING: "text-amber-800 dark:text-amber-200",
  ERROR: "text-red-700 dark:text-red-300",
  CRITICAL: "font-bold text-red-800 dark:text-red-200",
};

const FIELD = "rounded border border-slate-300 bg-white px-1 py-0.5 dark:border-slate-600 dark:bg-slate-900";

/** The persisted run log, newest first: filters, a live tail from the WebSocket, an export. */
export function LogsSection() {
  const [level, setLevel] = useState<Level | null>(null);
  const [taskId, setTaskId] = useState<string | null>(null);
  const [typed, setTyped] = useState("");
  const text = useDebounced(typed, TEXT_DEBOUNCE_MS);
  const filters: LogFilters = useMemo(() => ({ level, taskId, text }), [level, taskId, text]);
  const key = JSON.stringify(filters);

  const logs = useLogs(filters);
  const runs = useRunHistory(null, 20, 0);
  const [isLive, setLive] = useState(false);
  // The tail belongs to the filters it was gathered under: new filters start a fresh one.
  const [tail, setTail] = useState<{ key: string; events: LogEvent[] }>({ key, events: [] });
  useLiveEvents(isLive, (event) => {
    if (!matches(event, filters)) return;
    setTail((t) => ({ key, events: [event, ...(t.key === key ? t.events : [])].slice(0, SHOWN) }));
  });

  const shown = useMemo(() => {
    const byId = new Map<number, LogEvent>();
    for (const e of [...(tail.key === key ? tail.events : []), ...(logs.data?.items ?? [])]) byId.set(e.id, e);
    return [...byId.values()].sort((a, b) => b.id - a.id).slice(0, SHOWN);
  }, [tail, key, logs.data]);

  return (
    <Card title="Run log" id="mon-logs">
      <form className="flex flex-wrap items-end gap-3" role="search" aria-label="Log filters" onSubmit={(e) => e.preventDefault()}>
        <label className="flex flex-col">
          Minimum level
          <select className={FIELD} value={level ?? ""} onChange={(e) => setLevel((e.target.value || null) as Level | null)}>
            <option value="">Any</option>
            {LEVELS.map((l) => <option key={l} value={l}>{l}</option>)}
          </select>
        </label>
        <label className="flex flex-col">
          Run
          <select className={FIELD} value={taskId ?? ""} onChange={(e) => setTaskId(e.target.value || null)}>
            <option value="">Every run</option>
            {runs.data?.items.map((r) => (
              <option key={r.id} value={r.id}>{`${r.id.slice(0, 8)} · ${r.status.replace(/_/g, " ")} · ${new Date(r.created_at).toLocaleString()}`}</option>
            ))}
          </select>
        </label>
        <label className="flex flex-col">
          Text
          <input type="search" className={FIELD} value={typed} maxLength={200} placeholder="message or type" onChange={(e) => setTyped(e.target.value)} />
        </label>
        <label className="inline-flex items-center gap-1 pb-1">
          <input type="checkbox" checked={isLive} onChange={(e) => setLive(e.target.checked)} />
          Live
        </label>
        <a className="pb-1 text-indigo-700 underline dark:text-indigo-300" href={exportHref(filters)} download>
          Export JSON lines
        </a>
      </form>
      {logs.isPending && <Skeleton lines={4} label="Loading the log" />}
      {logs.error && <ErrorPanel error={logs.error} onRetry={() => void logs.refetch()} />}
      {logs.data && (
        <p className="mt-2 text-slate-600 dark:text-slate-300" aria-live="polite">
          {countOf(logs.data.total, "matching event")}{logs.data.total > logs.data.items.length ? `, the newest ${logs.data.items.length} shown` : ""}
          {isLive && " · following live"}
        </p>
      )}
      {logs.data && shown.length > 0 && (
        <ol aria-label="Log events" className="mt-1 max-h-[28rem] space-y-0.5 overflow-y-auto font-mono text-xs" tabIndex={0}>
          {shown.map((e) => (
            <li key={e.id} data-level={e.level} data-type={e.type} className="flex flex-wrap gap-x-2">
              <time dateTime={e.ts} className="text-slate-600 dark:text-slate-300">{new Date(e.ts).toLocaleString()}</time>
              <span className={`w-16 ${LEVEL_STYLE[e.level] ?? ""}`}>{e.level}</span>
              <span className="font-semibold">{e.type}</span>
              {e.task_id && <span className="text-slate-600 dark:text-slate-300">{e.task_id.slice(0, 8)}</span>}
              <span className="min-w-0 break-words">{e.message}</span>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
