import { useState } from "react";
import { Button } from "@/components/ui/Button";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";
import { ErrorPanel } from "@/components/ui/ErrorPanel";
import { Markdown } from "@/components/ui/Markdown";
import { Skeleton } from "@/components/ui/Skeleton";
import { useCan } from "@/lib/auth";
import { notifyError } from "@/lib/notify";
import { toast } from "@/lib/toast";
import { useQueryClient } from "@tanstack/react-query";
import { deleteItem, knowledgeKeys, useItem } from "../api/items";
import { HistoryPanel } from "./HistoryPanel";
import { ItemEditor } from "./ItemEditor";
import { ItemMedia } from "./ItemMedia";
import { PipelinePanel } from "./PipelinePanel";
import { TRUNCATED_EXPLANATION, TruncatedBadge } from "./TruncatedBadge";

type Tab = "read" | "edit" | "history" | "pipeline";

/** One item: its sanitised note, where it came from, and (for editors) edit and history. */
export function ItemView({ id, onClose }: { id: string; onClose: () => void }) {
  const item = useItem(id);
  const canEdit = useCan("editor");
  const queryClient = useQueryClient();
  const [tab, setTab] = useState<Tab>("read");
  const [confirmDelete, setConfirmDelete] = useState(false);

  if (item.isPending) return <Skeleton lines={10} label="Loading item" />;
  if (item.error) return <ErrorPanel error={item.error} onRetry={() => void item.refetch()} />;
  const it = item.data;
  const category = [it.main_category, it.sub_category].filter(Boolean).join(" / ");

  async function remove() {
    try {
      await deleteItem(id);
      toast.success(`Deleted “${it.display_title}”.`);
      void queryClient.invalidateQueries({ queryKey: knowledgeKeys.all });
      onClose();
    } catch (error) {
      notifyError(error, "Could not delete");
    }
  }

  return (
    <article className="flex h-full flex-col" aria-labelledby="item-title">
      <header className="border-b border-slate-200 p-3 dark:border-slate-800">
        <div className="flex items-start gap-2">
          <h2 id="item-title" className="min-w-0 flex-1 text-lg font-semibold break-words">{it.display_title}</h2>
          {it.truncated && <TruncatedBadge />}
          <Button variant="ghost" aria-label="Close item" onClick={onClose}>✕</Button>
        </div>
        <dl className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600 dark:text-slate-300">
          <div><dt className="inline">Category: </dt><dd className="inline">{category || "Uncategorised"}</dd></div>
          <div><dt className="inline">Written by: </dt><dd className="inline" data-testid="item-model">{it.model ?? "a person (no model)"}</dd></div>
          <div><dt className="inline">Version: </dt><dd className="inline">{it.version}</dd></div>
          <div><dt className="inline">Updated: </dt><dd className="inline">{new Date(it.updated_at).toLocaleString()}</dd></div>
          {it.source_url && (
            <div><dt className="sr-only">Original</dt><dd className="inline"><a className="underline" href={it.source_url} target="_blank" rel="noopener noreferrer">Original ↗</a></dd></div>
          )}
        </dl>
        {it.truncated && (
          <p className="mt-1 text-xs text-amber-900 dark:text-amber-100" data-testid="truncated-note">{TRUNCATED_EXPLANATION}</p>
        )}
        {it.tags.length > 0 && (
          <ul className="mt-1 flex flex-wrap gap-1" aria-label="Tags">
            {it.tags.map((t) => <li key={t} className="rounded bg-slate-100 px-1.5 text-xs dark:bg-slate-800">#{t}</li>)}
          </ul>
        )}
        <div className="mt-2 flex flex-wrap gap-1">
          <div className="flex flex-wrap gap-1" role="tablist" aria-label="Item views">
            <Button role="tab" aria-selected={tab === "read"} variant={tab === "read" ? "primary" : "secondary"} onClick={() => setTab("read")}>Read</Button>
            {canEdit && <Button role="tab" aria-selected={tab === "edit"} variant={tab === "edit" ? "primary" : "secondary"} onClick={() => setTab("edit")}>Edit</Button>}
            <Button role="tab" aria-selected={tab === "history"} variant={tab === "history" ? "primary" : "secondary"} onClick={() => setTab("history")}>History</Button>
            <Button role="tab" aria-selected={tab === "pipeline"} variant={tab === "pipeline" ? "primary" : "secondary"} onClick={() => setTab("pipeline")}>Pipeline</Button>
          </div>
          {canEdit && <Button variant="danger" className="ml-auto" onClick={() => setConfirmDelete(true)}>Delete</Button>}
        </div>
      </header>
      <div className="min-h-0 flex-1 overflow-y-auto p-3">
        {tab === "read" && (
          <>
            {it.summary && <p className="mb-3 text-sm text-slate-700 italic dark:text-slate-200">{it.summary}</p>}
            <Markdown source={it.enhanced_content || "_This item has no note yet._"} />
            <ItemMedia itemId={it.id} media={it.media} title={it.display_title} />
          </>
        )}
        {tab === "edit" && canEdit && <ItemEditor item={it} onDone={() => setTab("read")} />}
        {tab === "pipeline" && <PipelinePanel contentItemId={it.content_item_id} canRetry={canEdit} />}
        {tab === "history" && <HistoryPanel item={it} canRestore={canEdit} onRestored={() => setTab("read")} />}
      </div>
      <ConfirmDialog open={confirmDelete} title="Delete this item?" confirmLabel="Delete" danger onClose={() => setConfirmDelete(false)} onConfirm={() => void remove()}>
        “{it.display_title}” leaves the knowledge base and its search index.
      </ConfirmDialog>
    </article>
  );
}
