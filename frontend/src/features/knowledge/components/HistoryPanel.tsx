import { useState } from "react";
import { Button } from "@/components/ui/Button";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";
import { ErrorPanel } from "@/components/ui/ErrorPanel";
import { Skeleton } from "@/components/ui/Skeleton";
import { notifyError } from "@/lib/notify";
import { toast } from "@/lib/toast";
import { useDiff, useHistory, useRestore } from "../api/items";
import type { Item } from "../api/types";

/** Every version, a diff against the current one, and restore (itself a new version). */
export function HistoryPanel({ item, canRestore, onRestored }: { item: Item; canRestore: boolean; onRestored: () => void }) {
  const history = useHistory(item.id, true);
  const [picked, setPicked] = useState<number | null>(null);
  const [confirm, setConfirm] = useState<number | null>(null);
  const diff = useDiff(item.id, picked, picked === null ? null : item.version);
  const restore = useRestore(item.id);
  if (history.isPending) return <Skeleton lines={5} label="Loading history" />;
  if (history.error) return <ErrorPanel error={history.error} onRetry={() => void history.refetch()} />;
  const versions = [...history.data.versions].sort((a, b) => b.version - a.version);

  return (
    <div className="space-y-3">
      <ol className="divide-y divide-slate-100 rounded-md border border-slate-200 dark:divide-slate-800 dark:border-slate-700" aria-label="Versions">
        {versions.map((v) => (
          <li key={v.version} className="flex flex-wrap items-center gap-2 p-2 text-sm">
            <span className="font-medium">v{v.version}</span>
            <span className="text-slate-600 dark:text-slate-300">{v.change} · {new Date(v.created_at).toLocaleString()}</span>
            {v.version === item.version ? (
              <span className="ml-auto text-xs">current</span>
            ) : (
              <span className="ml-auto flex gap-1">
                <Button onClick={() => setPicked(v.version)} aria-pressed={picked === v.version}>Diff</Button>
                {canRestore && <Button variant="primary" onClick={() => setConfirm(v.version)}>Restore v{v.version}</Button>}
              </span>
            )}
          </li>
        ))}
      </ol>
      {picked !== null && (
        <section aria-label={`Changes from v${picked} to v${item.version}`}>
          <h3 className="text-sm font-semibold">Changes from v{picked} to v{item.version}</h3>
          {diff.isPending ? <Skeleton lines={4} /> : diff.error ? <ErrorPanel error={diff.error} /> : <DiffView text={diff.data.diff} />}
        </section>
      )}
      <ConfirmDialog
        open={confirm !== null}
        title={`Restore version ${confirm}?`}
        confirmLabel="Restore"
        busy={restore.isPending}
        onClose={() => setConfirm(null)}
        onConfirm={() =>
          restore.mutate(confirm!, {
            onSuccess: (saved) => {
              toast.success(`Restored v${confirm} as v${saved.version}.`);
              setConfirm(null);
              onRestored();
            },
            onError: (error) => notifyError(error, "Could not restore"),
          })
        }
      >
        The current text stays in the history; the restore is a new version.
      </ConfirmDialog>
    </div>
  );
}

function DiffView({ text }: { text: string }) {
  const body = text.replace(/^```\w*\n?|\n?```$/g, "");
  return (
    <pre className="mt-1 overflow-x-auto rounded-md bg-slate-50 p-2 text-xs dark:bg-slate-900" data-testid="diff">
      {body.split("\n").map((line, i) => (
        <span key={i} className={`block ${line.startsWith("+") ? "bg-green-100 text-green-900 dark:bg-green-950 dark:text-green-100" : line.startsWith("-") ? "bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-100" : ""}`}>
          {line || " "}
        </span>
      ))}
    </pre>
  );
}
