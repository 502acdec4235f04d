import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useRef, useState } from "react";
import { EmptyState } from "@/components/ui/EmptyState";
import { ErrorPanel } from "@/components/ui/ErrorPanel";
import { Skeleton } from "@/components/ui/Skeleton";
import { useItemWindow } from "../api/items";
import type { Item, ListFilter } from "../api/types";
import { useSelection, useViewPrefs } from "../stores/selection";
import { TruncatedBadge } from "./TruncatedBadge";

// One formatter for every row: `toLocaleDateString` builds one per call (~1 ms each here).
const DAY = new Intl.DateTimeFormat(undefined, { year: "numeric", month: "numeric", day: "numeric" });
const ROW = 64;
const CARD = 132;

function columnsFor(width: number, view: "list" | "grid"): number {
  return view === "list" ? 1 : Math.max(1, Math.floor(width / 260));
}

/** Every item of the filter, virtualised (only the rows on screen exist, pages load on demand). */
export function ItemList({
  filter,
  canSelect,
  onOpen,
  activeId,
}: {
  filter: ListFilter;
  canSelect: boolean;
  onOpen: (id: string) => void;
  activeId?: string | undefined;
}) {
  const parent = useRef<HTMLDivElement>(null);
  const view = useViewPrefs((s) => s.view);
  const [width, setWidth] = useState(800);
  const [range, setRange] = useState({ first: 0, last: 60 });
  const window = useItemWindow(filter, range.first, range.last);
  const columns = columnsFor(width, view);
  const rowCount = Math.ceil(window.total / columns);
  // eslint-disable-next-line react-hooks/incompatible-library -- the list re-renders on scroll by design
  const virtualizer = useVirtualizer({
    count: rowCount,
    getScrollElement: () => parent.current,
    estimateSize: () => (view === "list" ? ROW : CARD),
    overscan: 8,
    initialRect: { width: 800, height: 800 },
  });
  const rows = virtualizer.getVirtualItems();
  const firstRow = rows[0]?.index ?? 0;
  const lastRow = rows.at(-1)?.index ?? 0;

  const mounted = !window.isPending && window.total > 0;
  useEffect(() => {
    const el = parent.current;
    if (!el) return;
    setWidth(el.clientWidth || 800);
    const observer = new ResizeObserver(() => setWidth(el.clientWidth || 800));
    observer.observe(el);
    return () => observer.disconnect();
  }, [mounted]);
  useEffect(() => {
    const next = { first: firstRow * columns, last: (lastRow + 1) * columns };
    setRange((prev) => (prev.first === next.first && prev.last === next.last ? prev : next));
  }, [firstRow, lastRow, columns]);
  useEffect(() => {
    virtualizer.scrollToOffset(0);
  }, [filter.main, filter.sub, filter.tag, virtualizer]);

  if (window.isPending) return <Skeleton lines={8} label="Loading items" />;
  if (window.error && window.total === 0) return <ErrorPanel error={window.error} onRetry={window.refetch} />;
  if (window.total === 0) {
    return (
      <EmptyState title={filter.main ? "Nothing in this category" : "Your knowledge base is empty"}>
        {filter.main ? "Choose another category, or clear the filter." : (
          <>Add URLs or upload files on the <a className="underline" href="/sources">Sources</a> page, then run the agent.</>
        )}
      </EmptyState>
    );
  }
  return (
    <div ref={parent} className="h-full overflow-y-auto" data-testid="item-list" aria-label={`${window.total} items`} role="region">
      <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
        {rows.map((row) => (
          <div
            key={row.key}
            className={view === "grid" ? "grid gap-2 px-2 py-1" : ""}
            style={{ position: "absolute", top: 0, left: 0, width: "100%", transform: `translateY(${row.start}px)`, height: row.size, gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))` }}
          >
            {Array.from({ length: columns }, (_, c) => {
              const index = row.index * columns + c;
              if (index >= window.total) return null;
              const item = window.row(index);
              return item ? (
                <ItemRow key={index} item={item} view={view} canSelect={canSelect} onOpen={onOpen} active={item.id === activeId} />
              ) : (
                <div key={index} className="m-1 h-12 animate-pulse rounded bg-slate-100 dark:bg-slate-900" aria-hidden="true" />
              );
            })}
          </div>
        ))}
      </div>
    </div>
  );
}

function ItemRow({ item, view, canSelect, onOpen, active }: { item: Item; view: "list" | "grid"; canSelect: boolean; onOpen: (id: string) => void; active: boolean }) {
  const selected = useSelection((s) => s.selected.has(item.id));
  const toggle = useSelection((s) => s.toggle);
  const category = [item.main_category, item.sub_category].filter(Boolean).join(" / ");
  return (
    <div
      data-testid="item-card"
      className={`flex h-full items-start gap-2 border-b border-slate-100 px-2 py-2 dark:border-slate-800 ${view === "grid" ? "rounded-md border" : ""} ${active ? "bg-indigo-50 dark:bg-indigo-950" : ""}`}
    >
      {canSelect && (
        <input type="checkbox" className="mt-1 h-4 w-4" aria-label={`Select ${item.display_title}`} checked={selected} onChange={() => toggle(item.id)} />
      )}
      <button type="button" onClick={() => onOpen(item.id)} className="min-w-0 flex-1 text-left">
        <span className="flex items-center gap-1">
          <span className="block min-w-0 truncate font-medium">{item.display_title}</span>
          {item.truncated && <TruncatedBadge />}
        </span>
        <span className="block truncate text-xs text-slate-600 dark:text-slate-300">
          {category || "Uncategorised"} · {DAY.format(new Date(item.updated_at))}
        </span>
        {view === "grid" && item.summary && <span className="mt-1 line-clamp-3 block text-xs">{item.summary}</span>}
      </button>
    </div>
  );
}
