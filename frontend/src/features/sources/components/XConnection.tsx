import { Button } from "@/components/ui/Button";
import { ErrorPanel } from "@/components/ui/ErrorPanel";
import { Skeleton } from "@/components/ui/Skeleton";
import { notifyError } from "@/lib/notify";
import { toast } from "@/lib/toast";
import { connectX, useXConnection, useXSync } from "../api/sources";

/** X bookmarks: connect (OAuth), the connected account, last sync, sync now. */
export function XConnection({ canEdit, canConnect }: { canEdit: boolean; canConnect: boolean }) {
  const status = useXConnection();
  const sync = useXSync();
  return (
    <section className="rounded-lg border border-slate-200 p-3 dark:border-slate-700" aria-labelledby="x-source">
      <h2 id="x-source" className="font-semibold">X bookmarks</h2>
      {status.isPending ? (
        <Skeleton lines={2} />
      ) : status.error ? (
        <ErrorPanel error={status.error} onRetry={() => void status.refetch()} />
      ) : status.data.connected ? (
        <div className="mt-1 space-y-2 text-sm">
          <p>Connected as <strong>{status.data.account_name ?? status.data.account_id}</strong>.</p>
          <p className="text-slate-600 dark:text-slate-300">
            Last sync: {status.data.last_sync_at ? new Date(status.data.last_sync_at).toLocaleString() : "never"}
          </p>
          {canEdit && (
            <Button variant="primary" disabled={sync.isPending} onClick={() => sync.mutate(undefined, { onSuccess: () => toast.success("Syncing bookmarks."), onError: (e) => notifyError(e, "Sync failed") })}>
              Sync now
            </Button>
          )}
        </div>
      ) : (
        <div className="mt-1 space-y-2 text-sm">
          <p>Not connected. Connect your X account to import its bookmarks.</p>
          {canConnect ? (
            <Button onClick={() => void connectX().catch((e: unknown) => notifyError(e, "Could not connect X"))}>Connect X</Button>
          ) : (
            <p className="text-slate-600 dark:text-slate-300">An admin connects the account.</p>
          )}
        </div>
      )}
    </section>
  );
}
