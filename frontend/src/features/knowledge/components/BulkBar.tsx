import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/Button";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";
import { TextInput } from "@/components/ui/TextInput";
import { api, unwrap } from "@/lib/api/client";
import { notifyError } from "@/lib/notify";
import { toast } from "@/lib/toast";
import { deleteItem, knowledgeKeys, updateItem } from "../api/items";
import { useSelection } from "../stores/selection";
import { countOf } from "@/lib/plural";

async function eachOf(ids: string[], work: (id: string) => Promise<unknown>): Promise<number> {
  let failed = 0;
  for (const id of ids) {
    try {
      await work(id);
    } catch (error) {
      failed += 1;
      if (failed === 1) notifyError(error);
    }
  }
  return failed;
}

async function exportMarkdown(ids: string[]): Promise<void> {
  const parts: string[] = [];
  for (const id of ids) {
    const item = await unwrap(api.GET("/api/v1/knowledge/items/{item_id}", { params: { path: { item_id: id } } }));
    parts.push(`# ${item.display_title}\n\n${item.source_url ? `Source: ${item.source_url}\n\n` : ""}${item.enhanced_content}\n`);
  }
  const url = URL.createObjectURL(new Blob([parts.join("\n---\n\n")], { type: "text/markdown" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = `kbagent-export-${ids.length}-items.md`;
  a.click();
  URL.revokeObjectURL(url);
}

/** What to do with the selected items: recategorise, delete, export. */
export function BulkBar() {
  const selected = useSelection((s) => s.selected);
  const clear = useSelection((s) => s.clear);
  const queryClient = useQueryClient();
  const [dialog, setDialog] = useState<"move" | "delete" | null>(null);
  const [main, setMain] = useState("");
  const [sub, setSub] = useState("");
  const [busy, setBusy] = useState(false);
  if (selected.size === 0) return null;
  const ids = [...selected];

  async function run(label: string, work: (id: string) => Promise<unknown>) {
    setBusy(true);
    const failed = await eachOf(ids, work);
    setBusy(false);
    setDialog(null);
    void queryClient.invalidateQueries({ queryKey: knowledgeKeys.all });
    if (failed === 0) {
      toast.success(`${label} ${countOf(ids.length, "item")}.`);
      clear();
    }
  }

  return (
    <div className="flex flex-wrap items-center gap-2 border-b border-indigo-200 bg-indigo-50 p-2 text-sm dark:border-indigo-900 dark:bg-indigo-950" role="toolbar" aria-label="Selected items">
      <span className="font-medium">{selected.size} selected</span>
      <Button onClick={() => setDialog("move")}>Recategorise</Button>
      <Button onClick={() => void exportMarkdown(ids).catch((e: unknown) => notifyError(e, "Export failed"))}>Export</Button>
      <Button variant="danger" onClick={() => setDialog("delete")}>Delete</Button>
      <Button variant="ghost" onClick={clear}>Clear</Button>
      <ConfirmDialog open={dialog === "delete"} title={`Delete ${countOf(ids.length, "item")}?`} confirmLabel="Delete" danger busy={busy} onClose={() => setDialog(null)} onConfirm={() => void run("Deleted", deleteItem)}>
        They leave the knowledge base and its search index.
      </ConfirmDialog>
      <ConfirmDialog
        open={dialog === "move"}
        title={`Recategorise ${countOf(ids.length, "item")}`}
        confirmLabel="Recategorise"
        busy={busy || !main.trim()}
        onClose={() => setDialog(null)}
        onConfirm={() => void run("Recategorised", (id) => updateItem(id, { main_category: main.trim(), sub_category: sub.trim() || null }))}
      >
        <TextInput label="Main category" value={main} onChange={(e) => setMain(e.target.value)} />
        <TextInput label="Subcategory (optional)" value={sub} onChange={(e) => setSub(e.target.value)} />
      </ConfirmDialog>
    </div>
  );
}
