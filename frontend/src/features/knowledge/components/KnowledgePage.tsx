import { useCallback, useDeferredValue, useEffect, useMemo, useState } from "react";
import { useNavigate, useParams } from "react-router";
import { Button } from "@/components/ui/Button";
import { useCan } from "@/lib/auth";
import type { ListFilter, SearchFilters } from "../api/types";
import { useDebounced } from "@/lib/useDebounced";
import { useKnowledgeParams } from "../hooks/useKnowledgeParams";
import { useSelection, useViewPrefs } from "../stores/selection";
import { BulkBar } from "./BulkBar";
import { CategoryTree } from "./CategoryTree";
import { ItemList } from "./ItemList";
import { ItemView } from "./ItemView";
import { SearchBar } from "./SearchBar";
import { SearchResults } from "./SearchResults";
import { SynthesisView } from "./SynthesisView";

const URL_DEBOUNCE_MS = 250;

function isoDay(day: string, end: boolean): string | null {
  return day ? `${day}T${end ? "23:59:59" : "00:00:00"}Z` : null;
}

export function KnowledgePage() {
  const { itemId } = useParams();
  const navigate = useNavigate();
  const p = useKnowledgeParams();
  const canEdit = useCan("editor");
  const { view, setView } = useViewPrefs();
  const clearSelection = useSelection((s) => s.clear);
  const [typed, setTyped] = useState(p.q);
  const [treeOpen, setTreeOpen] = useState(false);
  // Search as you type: every keystroke asks at once (a superseded request is cancelled, see
  // useSearch), and React renders the input before the results. Only the URL, which re-renders
  // every reader of the location, waits for a pause in the typing.
  const query = useDeferredValue(typed);
  const urlQuery = useDebounced(typed, URL_DEBOUNCE_MS);
  const { update } = p;
  const currentQ = p.q;
  useEffect(() => {
    if (urlQuery !== currentQ) update({ q: urlQuery || null });
    // Only typing changes the URL's query; the URL changing must not re-run this.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [urlQuery]);

  const open = useCallback(
    (id: string) => navigate({ pathname: `/knowledge/items/${id}`, search: p.search }),
    [navigate, p.search],
  );
  const close = () => navigate({ pathname: "/knowledge", search: p.search });
  // Stable, so the (memoised) tree does not re-render on every keystroke.
  const selectCategory = useCallback(
    (f: ListFilter) => {
      clearSelection();
      setTreeOpen(false);
      update({ main: f.main ?? null, sub: f.sub ?? null });
    },
    [clearSelection, update],
  );
  // The same object while the filters are the same: the (memoised) results skip re-rendering
  // on the keystroke itself, and render once its answer is asked for.
  const { filter, source, from, to } = p;
  const filters: SearchFilters = useMemo(
    () => ({
      main_category: filter.main ?? null,
      sub_category: filter.sub ?? null,
      source_type: source || null,
      tags: filter.tag ? [filter.tag] : [],
      date_from: isoDay(from, false),
      date_to: isoDay(to, true),
    }),
    [filter, source, from, to],
  );
  const searching = query.trim().length > 0;

  return (
    <div className="flex h-full">
      <aside className={`${treeOpen ? "fixed inset-0 z-30 block bg-white dark:bg-slate-950" : "hidden"} w-full shrink-0 border-r border-slate-200 md:static md:block md:w-64 dark:border-slate-800`} aria-label="Category tree">
        <div className="flex justify-end p-1 md:hidden"><Button variant="ghost" onClick={() => setTreeOpen(false)}>Close</Button></div>
        <CategoryTree filter={p.filter} onSelect={selectCategory} />
      </aside>
      <section className={`${itemId ? "hidden lg:flex" : "flex"} min-w-0 flex-1 flex-col`} aria-label="Items">
        <h1 className="sr-only">Knowledge base</h1>
        <SearchBar value={typed} onChange={setTyped} />
        <div className="flex flex-wrap items-center gap-1 border-b border-slate-200 px-2 py-1 text-sm dark:border-slate-800">
          <Button variant="ghost" className="md:hidden" onClick={() => setTreeOpen(true)}>Categories</Button>
          <span className="truncate text-slate-600 dark:text-slate-300">
            {[p.filter.main, p.filter.sub].filter(Boolean).join(" / ") || "All items"}
          </span>
          <span className="ml-auto flex gap-1">
            {p.filter.main && (
              <Button aria-pressed={p.synthesis} onClick={() => update({ synthesis: p.synthesis ? null : "1" })}>Synthesis</Button>
            )}
            <Button aria-pressed={view === "list"} onClick={() => setView("list")}>List</Button>
            <Button aria-pressed={view === "grid"} onClick={() => setView("grid")}>Grid</Button>
          </span>
        </div>
        {canEdit && <BulkBar />}
        <div className="min-h-0 flex-1">
          {p.synthesis && p.filter.main ? (
            <SynthesisView filter={p.filter} onOpen={open} onChoose={selectCategory} />
          ) : searching ? (
            <SearchResults query={query} mode={p.mode} filters={filters} onOpen={open} activeId={itemId} />
          ) : (
            <ItemList filter={p.filter} canSelect={canEdit} onOpen={open} activeId={itemId} />
          )}
        </div>
      </section>
      {itemId && (
        <section className="min-w-0 flex-1 border-l border-slate-200 lg:max-w-[55%] dark:border-slate-800" aria-label="Item">
          <ItemView key={itemId} id={itemId} onClose={close} />
        </section>
      )}
    </div>
  );
}
