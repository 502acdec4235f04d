import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/Button";
import { ErrorPanel } from "@/components/ui/ErrorPanel";
import { INPUT_CLASS } from "@/components/ui/TextInput";
import { toast } from "@/lib/toast";
import { useAddUrls } from "../api/sources";
import { ImportReportView } from "./ImportReportView";
import { countOf } from "@/lib/plural";

/**
 * One URL a line; a comma also separates when a space or another "http" follows it, since a
 * comma inside a URL (a query such as ?tags=a,b) is legal. A line with spaces stays one entry,
 * so "not a url" is reported as one failure, not three.
 */
export function parseUrls(text: string): string[] {
  const entries = text.split(/\r?\n|\r|,(?=\s|https?:\/\/)/i).map((u) => u.trim().replace(/,$/, "").trim());
  return [...new Set(entries.filter(Boolean))];
}

/** Paste many URLs (one a line); their pages are fetched by a run started for them. */
export function AddUrls() {
  const [text, setText] = useState("");
  const add = useAddUrls();
  const urls = parseUrls(text);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (urls.length === 0) return;
    add.mutate(urls, {
      onSuccess: (queued) => {
        setText("");
        const n = queued.report.new ?? 0;
        const them = n === 1 ? "it" : "them";
        toast.success(queued.run_id ? `Queued ${countOf(n, "URL")}; fetching ${them} now.` : `Queued ${countOf(n, "URL")}; the next run fetches ${them}.`);
      },
    });
  }

  return (
    <section className="rounded-lg border border-slate-200 p-3 dark:border-slate-700" aria-labelledby="add-urls">
      <h2 id="add-urls" className="font-semibold">Add URLs</h2>
      <form onSubmit={submit} className="mt-2 space-y-2">
        <label className="block text-sm">
          <span className="mb-1 block">Web pages to save, one per line or separated by commas (up to 100)</span>
          <textarea name="urls" rows={4} value={text} onChange={(e) => setText(e.target.value)} className={INPUT_CLASS} placeholder="https://example.com/article" />
        </label>
        <Button type="submit" variant="primary" disabled={urls.length === 0 || urls.length > 100 || add.isPending}>
          {add.isPending ? "Adding…" : urls.length ? `Add ${countOf(urls.length, "URL")}` : "Add URLs"}
        </Button>
      </form>
      {add.error && <ErrorPanel error={add.error} />}
      {add.data && <ImportReportView report={add.data.report} />}
    </section>
  );
}
