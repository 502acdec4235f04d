import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/Button";
import { ErrorPanel } from "@/components/ui/ErrorPanel";
import { Markdown } from "@/components/ui/Markdown";
import { INPUT_CLASS, TextInput } from "@/components/ui/TextInput";
import { toast } from "@/lib/toast";
import { useUpdateItem } from "../api/items";
import type { Item } from "../api/types";

/** Markdown editor with a live (sanitised) preview; saving makes a new version. */
export function ItemEditor({ item, onDone }: { item: Item; onDone: () => void }) {
  const [title, setTitle] = useState(item.display_title);
  const [summary, setSummary] = useState(item.summary ?? "");
  const [tags, setTags] = useState(item.tags.join(", "));
  const [content, setContent] = useState(item.enhanced_content);
  const [preview, setPreview] = useState(false);
  const update = useUpdateItem(item.id);

  function save(event: FormEvent) {
    event.preventDefault();
    update.mutate(
      {
        display_title: title,
        summary: summary || null,
        enhanced_content: content,
        tags: tags.split(",").map((t) => t.trim()).filter(Boolean),
      },
      {
        onSuccess: (saved) => {
          toast.success(`Saved as version ${saved.version}.`);
          onDone();
        },
      },
    );
  }

  return (
    <form onSubmit={save} className="space-y-2">
      <TextInput label="Title" required value={title} onChange={(e) => setTitle(e.target.value)} />
      <TextInput label="Summary" value={summary} onChange={(e) => setSummary(e.target.value)} />
      <TextInput label="Tags (comma separated)" value={tags} onChange={(e) => setTags(e.target.value)} />
      <div className="flex gap-1" role="tablist" aria-label="Editor">
        <Button role="tab" aria-selected={!preview} variant={!preview ? "primary" : "secondary"} onClick={() => setPreview(false)}>Write</Button>
        <Button role="tab" aria-selected={preview} variant={preview ? "primary" : "secondary"} onClick={() => setPreview(true)}>Preview</Button>
      </div>
      {preview ? (
        <div className="min-h-64 rounded-md border border-slate-200 p-2 dark:border-slate-700" data-testid="preview">
          <Markdown source={content} />
        </div>
      ) : (
        <label className="block text-sm">
          <span className="sr-only">Note (markdown)</span>
          <textarea value={content} onChange={(e) => setContent(e.target.value)} rows={16} className={`${INPUT_CLASS} font-mono`} name="content" />
        </label>
      )}
      {update.error && <ErrorPanel error={update.error} />}
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={update.isPending}>{update.isPending ? "Saving…" : "Save"}</Button>
        <Button onClick={onDone}>Cancel</Button>
      </div>
    </form>
  );
}
