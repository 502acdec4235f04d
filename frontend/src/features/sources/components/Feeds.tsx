import { useRef, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/Button";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";
import { EmptyState } from "@/components/ui/EmptyState";
import { ErrorPanel } from "@/components/ui/ErrorPanel";
import { Skeleton } from "@/components/ui/Skeleton";
import { INPUT_CLASS } from "@/components/ui/TextInput";
import { notifyError } from "@/lib/notify";
import { toast } from "@/lib/toast";
import {
  OPML_EXPORT_HREF,
  useFeeds,
  useImportOpml,
  useRefreshAllFeeds,
  useRefreshFeed,
  useSubscribe,
  useUnsubscribe,
  type Feed,
} from "../api/feeds";
import { ImportReportView } from "./ImportReportView";
import { countOf } from "@/lib/plural";

const STATUS: Record<Feed["status"], string> = {
  pending: "not fetched yet",
  ok: "fetched",
  not_modified: "unchanged since the last fetch",
  failed: "failed",
};

function FeedRow({ feed, canEdit, onRemove }: { feed: Feed; canEdit: boolean; onRemove: (feed: Feed) => void }) {
  const refresh = useRefreshFeed();
  return (
    <li className="flex flex-wrap items-start justify-between gap-2 py-2">
      <div className="min-w-0">
        <p className="truncate font-medium">{feed.title ?? feed.url}</p>
        <p className="truncate text-xs text-slate-600 dark:text-slate-300">{feed.url}</p>
        <p className="text-xs text-slate-600 dark:text-slate-300">
          {countOf(feed.items_added, "item")} · {STATUS[feed.status]}
          {feed.checked_at ? ` ${new Date(feed.checked_at).toLocaleString()}` : ""}
        </p>
        {feed.status === "failed" && feed.error && <p className="text-xs text-red-700 dark:text-red-300">{feed.error}</p>}
      </div>
      {canEdit && (
        <div className="flex gap-1">
          <Button
            disabled={refresh.isPending}
            onClick={() =>
              refresh.mutate(feed.id, {
                onSuccess: (done) =>
                  toast.success(done.not_modified ? "No new entries." : `${countOf(done.report.new ?? 0, "new entry", "new entries")}.`),
                onError: (e) => notifyError(e, "Refresh failed"),
              })
            }
          >
            {refresh.isPending ? "Refreshing…" : "Refresh"}
          </Button>
          <Button variant="danger" onClick={() => onRemove(feed)}>
            Remove
          </Button>
        </div>
      )}
    </li>
  );
}

/** RSS and Atom feeds: subscribe by URL, refresh, remove, OPML in and out. */
export function Feeds({ canEdit }: { canEdit: boolean }) {
  const feeds = useFeeds();
  const subscribe = useSubscribe();
  const refreshAll = useRefreshAllFeeds();
  const unsubscribe = useUnsubscribe();
  const importOpml = useImportOpml();
  const [url, setUrl] = useState("");
  const [removing, setRemoving] = useState<Feed | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!url.trim()) return;
    subscribe.mutate(url.trim(), {
      onSuccess: (done) => {
        setUrl("");
        toast.success(`Subscribed to ${done.feed.title ?? done.feed.url}: ${countOf(done.report.new ?? 0, "entry", "entries")}.`);
      },
    });
  }

  return (
    <section className="rounded-lg border border-slate-200 p-3 md:col-span-2 dark:border-slate-700" aria-labelledby="feeds-source">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="feeds-source" className="font-semibold">RSS and Atom feeds</h2>
        <div className="flex flex-wrap gap-1 text-sm">
          {canEdit && (
            <>
              <Button
                disabled={refreshAll.isPending || !feeds.data?.items.length}
                onClick={() =>
                  refreshAll.mutate(undefined, {
                    onSuccess: () => toast.success("Refreshing every feed."),
                    onError: (e) => notifyError(e, "Refresh failed"),
                  })
                }
              >
                Refresh all
              </Button>
              <Button disabled={importOpml.isPending} onClick={() => fileInput.current?.click()}>
                {importOpml.isPending ? "Importing…" : "Import OPML"}
              </Button>
              <input
                ref={fileInput}
                type="file"
                accept=".opml,.xml,text/x-opml,text/xml,application/xml"
                aria-label="OPML file"
                className="hidden"
                onChange={(event) => {
                  const file = event.target.files?.[0];
                  event.target.value = "";
                  if (file) importOpml.mutate(file);
                }}
              />
            </>
          )}
          <a className="rounded px-2 py-1 text-indigo-700 underline dark:text-indigo-300" href={OPML_EXPORT_HREF} download>
            Export OPML
          </a>
        </div>
      </div>
      {canEdit && (
        <form onSubmit={submit} className="mt-2 flex gap-2">
          <label className="flex-1 text-sm">
            <span className="sr-only">Feed URL</span>
            <input type="url" name="feed" value={url} onChange={(e) => setUrl(e.target.value)} className={INPUT_CLASS} placeholder="https://example.com/feed.xml" />
          </label>
          <Button type="submit" variant="primary" disabled={!url.trim() || subscribe.isPending}>
            {subscribe.isPending ? "Subscribing…" : "Subscribe"}
          </Button>
        </form>
      )}
      {subscribe.error && <ErrorPanel error={subscribe.error} />}
      {importOpml.error && <ErrorPanel error={importOpml.error} />}
      {importOpml.data && <ImportReportView report={importOpml.data.report} />}
      {feeds.isPending ? (
        <Skeleton lines={2} />
      ) : feeds.error ? (
        <ErrorPanel error={feeds.error} onRetry={() => void feeds.refetch()} />
      ) : feeds.data.items.length === 0 ? (
        <div className="mt-2">
          <EmptyState title="No feeds yet">Subscribe to a feed or import an OPML file from your feed reader.</EmptyState>
        </div>
      ) : (
        <ul className="mt-2 divide-y divide-slate-200 text-sm dark:divide-slate-700" aria-label="Feeds">
          {feeds.data.items.map((feed) => (
            <FeedRow key={feed.id} feed={feed} canEdit={canEdit} onRemove={setRemoving} />
          ))}
        </ul>
      )}
      <ConfirmDialog
        open={removing !== null}
        title="Remove this feed?"
        confirmLabel="Remove"
        danger
        busy={unsubscribe.isPending}
        onClose={() => setRemoving(null)}
        onConfirm={() => {
          if (!removing) return;
          unsubscribe.mutate(removing.id, {
            onSuccess: () => setRemoving(null),
            onError: (e) => notifyError(e, "Could not remove the feed"),
          });
        }}
      >
        <p>{removing?.title ?? removing?.url} is no longer refreshed. The items it brought in stay.</p>
      </ConfirmDialog>
    </section>
  );
}
