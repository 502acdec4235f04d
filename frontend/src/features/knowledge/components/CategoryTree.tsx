import { memo, startTransition, useEffect, useMemo, useState } from "react";
import { ErrorPanel } from "@/components/ui/ErrorPanel";
import { Skeleton } from "@/components/ui/Skeleton";
import { useCan } from "@/lib/auth";
import { useCategoryTree } from "../api/categories";
import type { ListFilter } from "../api/types";
import { CategoryActions } from "./CategoryActions";

/** Categories with counts: collapsible, filtered by typing; a click shows that category.
 * Memoised: the page re-renders on every keystroke in the search box, the tree need not. */
export const CategoryTree = memo(function CategoryTree({ filter, onSelect }: { filter: ListFilter; onSelect: (f: ListFilter) => void }) {
  const tree = useCategoryTree();
  const canEdit = useCan("editor");
  const [text, setText] = useState("");
  const [open, setOpen] = useState<Record<string, boolean>>({});
  // Each category's actions menu is a few components; with hundreds of categories they come in
  // a second, interruptible pass, after the tree and its counts are on screen.
  const [withActions, setWithActions] = useState(false);
  const loaded = !!tree.data;
  useEffect(() => {
    if (loaded && canEdit) startTransition(() => setWithActions(true));
  }, [loaded, canEdit]);
  const shown = useMemo(() => {
    const needle = text.trim().toLowerCase();
    const categories = tree.data?.categories ?? [];
    if (!needle) return categories;
    return categories
      .map((main) => ({
        ...main,
        subcategories: main.name.toLowerCase().includes(needle)
          ? main.subcategories
          : main.subcategories.filter((s) => s.name.toLowerCase().includes(needle)),
      }))
      .filter((main) => main.name.toLowerCase().includes(needle) || main.subcategories.length > 0);
  }, [tree.data, text]);

  if (tree.isPending) return <Skeleton lines={8} label="Loading categories" />;
  if (tree.error) return <ErrorPanel error={tree.error} onRetry={() => void tree.refetch()} />;
  const all = tree.data.categories;
  const active = (main?: string, sub?: string) => filter.main === main && filter.sub === sub;
  const itemClass = (on: boolean) =>
    `flex-1 truncate rounded px-2 py-1 text-left text-sm ${on ? "bg-indigo-100 font-medium dark:bg-indigo-900" : "hover:bg-slate-100 dark:hover:bg-slate-800"}`;

  return (
    <nav aria-label="Categories" className="flex h-full flex-col gap-2 p-2">
      <label className="block">
        <span className="sr-only">Filter categories</span>
        <input
          type="search"
          placeholder="Filter categories"
          value={text}
          onChange={(e) => setText(e.target.value)}
          className="w-full rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-600 dark:bg-slate-900"
        />
      </label>
      <ul className="min-h-0 flex-1 overflow-y-auto">
        <li className="flex">
          <button type="button" className={itemClass(!filter.main)} aria-current={!filter.main ? "true" : undefined} onClick={() => onSelect({})}>
            All items <span className="text-slate-600 dark:text-slate-300">({tree.data.total_items})</span>
          </button>
        </li>
        {all.length === 0 && (
          <li className="p-2 text-sm text-slate-600 dark:text-slate-300">No categories yet: add sources and run the agent.</li>
        )}
        {shown.map((main) => {
          const expanded = open[main.name] ?? (!!text || filter.main === main.name);
          return (
            <li key={main.name}>
              <div className="flex items-center">
                <button
                  type="button"
                  aria-expanded={expanded}
                  aria-label={`${expanded ? "Collapse" : "Expand"} ${main.name}`}
                  onClick={() => setOpen({ ...open, [main.name]: !expanded })}
                  className="w-6 rounded text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
                >
                  {expanded ? "▾" : "▸"}
                </button>
                <button type="button" className={itemClass(active(main.name, undefined))} aria-current={active(main.name, undefined) ? "true" : undefined} onClick={() => onSelect({ main: main.name })}>
                  {main.name} <span className="text-slate-600 dark:text-slate-300">({main.count})</span>
                </button>
                {withActions && <CategoryActions main={main.name} tree={all} />}
              </div>
              {expanded && (
                <ul className="ml-6">
                  {main.subcategories.map((sub) => (
                    <li key={sub.name} className="flex items-center">
                      <button type="button" className={itemClass(active(main.name, sub.name))} aria-current={active(main.name, sub.name) ? "true" : undefined} onClick={() => onSelect({ main: main.name, sub: sub.name })}>
                        {sub.name} <span className="text-slate-600 dark:text-slate-300">({sub.count})</span>
                      </button>
                      {withActions && <CategoryActions main={main.name} sub={sub.name} tree={all} />}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          );
        })}
      </ul>
    </nav>
  );
});
