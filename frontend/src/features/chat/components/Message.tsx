import { useMemo, type MouseEvent } from "react";
import { Button } from "@/components/ui/Button";
import { Markdown } from "@/components/ui/Markdown";
import { toast } from "@/lib/toast";
import type { Message as MessageRead, Source } from "../api/chat";
import { citationFromHref, linkCitations } from "./citations";
import { countOf } from "@/lib/plural";

/** One turn: the question, or an answer with clickable citations, its state and actions. */
export function Message({
  message,
  onCite,
  onRetry,
  canWrite,
}: {
  message: MessageRead;
  onCite: (source: Source) => void;
  onRetry: (id: string) => void;
  canWrite: boolean;
}) {
  const numbers = useMemo(() => new Set(message.sources.map((s) => s.number)), [message.sources]);
  const notFound = message.role === "assistant" && message.context_stats?.found === false;
  if (message.role === "user") {
    return (
      <div className="ml-auto max-w-[85%] rounded-lg bg-indigo-700 px-3 py-2 text-white" data-role="user">
        <p className="whitespace-pre-wrap">{message.content}</p>
      </div>
    );
  }

  function click(event: MouseEvent) {
    const link = (event.target as HTMLElement).closest("a");
    const n = citationFromHref(link?.getAttribute("href") ?? null);
    if (n === null) return;
    event.preventDefault();
    const source = message.sources.find((s) => s.number === n);
    if (source) onCite(source);
  }

  async function copy() {
    try {
      await navigator.clipboard.writeText(message.content);
      toast.success("Answer copied.");
    } catch {
      toast.error("Could not copy: the browser refused clipboard access.");
    }
  }

  return (
    <div className="max-w-[95%] rounded-lg border border-slate-200 px-3 py-2 dark:border-slate-700" data-role="assistant" data-status={message.status}>
      {notFound ? (
        <div className="rounded-md bg-amber-50 p-2 text-amber-950 dark:bg-amber-950 dark:text-amber-100" data-testid="not-in-kb">
          <p className="text-xs font-semibold tracking-wide uppercase">Not in your knowledge base</p>
          <p className="mt-1 text-sm">{message.content}</p>
        </div>
      ) : (
        <div onClick={click}>
          <Markdown source={linkCitations(message.content || "_No text._", numbers)} />
        </div>
      )}
      {message.status !== "complete" && (
        <p className={`mt-1 text-sm ${message.status === "failed" ? "text-red-700 dark:text-red-300" : "text-slate-600 dark:text-slate-300"}`} role={message.status === "failed" ? "alert" : undefined}>
          {message.status === "failed" ? `The answer failed: ${message.error ?? "unknown error"}` : "Cancelled."}
        </p>
      )}
      {message.sources.filter((s) => s.cited).length > 0 && (
        <ol className="mt-2 space-y-0.5 text-xs" aria-label="Sources">
          {message.sources.filter((s) => s.cited).map((s) => (
            <li key={s.number}>
              <button type="button" className="text-left underline" onClick={() => onCite(s)}>
                [{s.number}] {s.title}{s.kind === "synthesis" ? " (synthesis)" : ""}
              </button>
            </li>
          ))}
        </ol>
      )}
      <div className="mt-1 flex flex-wrap items-center gap-1 text-xs text-slate-600 dark:text-slate-300">
        {message.model_used && <span data-testid="answer-model">{message.model_used}</span>}
        <Button variant="ghost" className="ml-auto" onClick={() => void copy()}>Copy</Button>
        {canWrite && message.status !== "complete" && <Button onClick={() => onRetry(message.id)}>Retry</Button>}
        {message.context_stats && (
          <details>
            <summary className="cursor-pointer">Context</summary>
            <p>
              {countOf(message.context_stats.items, "item")}, {countOf(message.context_stats.syntheses, "synthesis", "syntheses")}, {message.context_stats.context_tokens}/{message.context_stats.token_budget} tokens
              {message.context_stats.trimmed ? " (trimmed)" : ""}; query “{message.context_stats.query}”.
            </p>
          </details>
        )}
      </div>
    </div>
  );
}
