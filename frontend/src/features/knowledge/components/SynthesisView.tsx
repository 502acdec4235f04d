import { EmptyState } from "@/components/ui/EmptyState";
import { ErrorPanel } from "@/components/ui/ErrorPanel";
import { Markdown } from "@/components/ui/Markdown";
import { Skeleton } from "@/components/ui/Skeleton";
import { useSyntheses } from "../api/categories";
import type { ListFilter } from "../api/types";
import { countOf } from "@/lib/plural";

/** The synthesis of the chosen category: its text, the items it was written from, stale or not.
 * A main category without a synthesis of its own lists its subcategories' syntheses. */
export function SynthesisView({ filter, onOpen, onChoose }: { filter: ListFilter; onOpen: (id: string) => void; onChoose: (f: ListFilter) => void }) {
  const syntheses = useSyntheses(!!filter.main);
  if (!filter.main) return <EmptyState title="Choose a category">A synthesis sums up the items of one category.</EmptyState>;
  if (syntheses.isPending) return <Skeleton lines={8} label="Loading synthesis" />;
  if (syntheses.error) return <ErrorPanel error={syntheses.error} onRetry={() => void syntheses.refetch()} />;
  const found = syntheses.data.find((s) => s.main_category === filter.main && (s.sub_category ?? undefined) === filter.sub);
  const subs = filter.sub ? [] : syntheses.data.filter((s) => s.main_category === filter.main && s.sub_category);
  if (!found && subs.length > 0) {
    return (
      <section className="h-full overflow-y-auto p-3" aria-labelledby="synthesis-subs">
        <h2 id="synthesis-subs" className="text-lg font-semibold">Syntheses in {filter.main}</h2>
        <p className="text-sm text-slate-600 dark:text-slate-300">This category has no synthesis of its own yet; its subcategories do.</p>
        <ul className="mt-2 list-disc pl-5 text-sm">
          {subs.map((s) => (
            <li key={s.id}><button type="button" className="underline" onClick={() => onChoose({ main: s.main_category, sub: s.sub_category ?? undefined })}>{s.title}</button></li>
          ))}
        </ul>
      </section>
    );
  }
  if (!found) {
    return (
      <EmptyState title="No synthesis for this category yet">
        Syntheses are written by the agent's synthesis phase once a category has enough items.
      </EmptyState>
    );
  }
  return (
    <article className="h-full overflow-y-auto p-3" aria-labelledby="synthesis-title">
      <h2 id="synthesis-title" className="text-lg font-semibold">{found.title}</h2>
      <p className="text-xs text-slate-600 dark:text-slate-300">
        From {countOf(found.item_count, "item")} · {found.model ?? "unknown model"} · {new Date(found.updated_at).toLocaleString()}
        {found.is_stale && <span className="ml-2 rounded bg-amber-200 px-1.5 font-medium text-amber-950">Stale: items changed since it was written</span>}
      </p>
      <Markdown source={found.content} className="mt-2" />
      <h3 className="mt-4 text-sm font-semibold">Sources</h3>
      <ul className="list-disc pl-5 text-sm">
        {found.sources.map((source) => (
          <li key={source.id}>
            {source.kind === "item"
              ? <button type="button" className="underline" onClick={() => onOpen(source.id)}>{source.title}</button>
              : <span>{source.title} (synthesis)</span>}
          </li>
        ))}
      </ul>
    </article>
  );
}
