import { EmptyState } from "@/components/ui/EmptyState";
import { ErrorPanel } from "@/components/ui/ErrorPanel";
import { decodeEscaped, Highlighted } from "@/components/ui/Highlighted";
import { Skeleton } from "@/components/ui/Skeleton";
import { memo } from "react";
import { useSearch } from "../api/search";
import type { SearchFilters, SearchMode, SearchResult } from "../api/types";
import { countOf } from "@/lib/plural";

/** Memoised: the page re-renders on every keystroke, the results only when their query does. */
export const SearchResults = memo(function SearchResults({
  query,
  mode,
  filters,
  onOpen,
  activeId,
}: {
  query: string;
  mode: SearchMode;
  filters: SearchFilters;
  onOpen: (id: string) => void;
  activeId?: string | undefined;
}) {
  const search = useSearch(query, mode, filters);
  if (search.isPending) return <Skeleton lines={6} label="Searching" />;
  if (search.error) return <ErrorPanel error={search.error} onRetry={() => void search.refetch()} />;
  const { results, took_ms } = search.data;
  const answered = {
    "data-testid": "search-results",
    "data-query": search.data.query,
    "data-fetching": search.isFetching ? "true" : "false",
    "data-took-ms": took_ms,
  };
  if (results.length === 0) {
    return (
      <div {...answered}>
        <EmptyState title={`Nothing found for “${search.data.query}”`}>
          Try other words, another search mode, or fewer filters.
        </EmptyState>
      </div>
    );
  }
  return (
    <div className="h-full overflow-y-auto" {...answered}>
      <p className="px-2 py-1 text-xs text-slate-600 dark:text-slate-300" aria-live="polite">
        {countOf(results.length, "result")} ({Math.round(took_ms)} ms){search.isFetching ? " · updating…" : ""}
      </p>
      <ul>
        {results.map((r) => (
          <ResultRow key={`${r.item_id}-${r.chunk_index}`} result={r} active={r.item_id === activeId} onOpen={onOpen} />
        ))}
      </ul>
    </div>
  );
});

/** One result; memoised, so a new answer re-renders only the rows that changed. */
const ResultRow = memo(function ResultRow({ result: r, active, onOpen }: { result: SearchResult; active: boolean; onOpen: (id: string) => void }) {
  return (
    // Rows below the fold are not laid out or painted until scrolled near (content-visibility).
    <li className={`border-b border-slate-100 [contain-intrinsic-size:auto_5.5rem] [content-visibility:auto] dark:border-slate-800 ${active ? "bg-indigo-50 dark:bg-indigo-950" : ""}`}>
      <button type="button" onClick={() => onOpen(r.item_id)} className="block w-full px-2 py-2 text-left">
        <span className="block font-medium">{decodeEscaped(r.title)}</span>
        <span className="block text-xs text-slate-600 dark:text-slate-300">
          {[r.main_category, r.sub_category].filter(Boolean).join(" / ") || "Uncategorised"} · {r.source_type} · matched by {r.matched_by.join(", ")}
        </span>
        <Highlighted html={r.snippet} markdown className="mt-1 block text-sm" />
      </button>
    </li>
  );
});
