import { Disclosure, DisclosureButton, DisclosurePanel } from "@headlessui/react";
import { useEffect, useRef } from "react";
import { useSearchParams } from "react-router";
import { INPUT_CLASS, TextInput } from "@/components/ui/TextInput";
import { SEARCH_INPUT_ID } from "@/lib/domIds";
import type { SearchMode } from "../api/types";
import { useKnowledgeParams } from "../hooks/useKnowledgeParams";

const MODE_LABEL: Record<SearchMode, string> = { hybrid: "Hybrid", fulltext: "Full text", vector: "Semantic" };

/** The search box (`/` focuses it), its mode, and filters by category, source, tags and dates. */
export function SearchBar({ value, onChange }: { value: string; onChange: (q: string) => void }) {
  const p = useKnowledgeParams();
  const input = useRef<HTMLInputElement>(null);
  const [params] = useSearchParams();
  const focus = params.get("focus");
  useEffect(() => {
    if (focus === "search") input.current?.focus();
  }, [focus]);
  const filterCount = [p.source, p.filter.tag, p.from, p.to].filter(Boolean).length;

  return (
    <div role="search" className="space-y-2 border-b border-slate-200 p-2 dark:border-slate-800">
      <div className="flex gap-2">
        <label className="min-w-0 flex-1">
          <span className="sr-only">Search your knowledge base</span>
          <input
            ref={input}
            id={SEARCH_INPUT_ID}
            type="search"
            value={value}
            placeholder="Search (press /)"
            onChange={(e) => onChange(e.target.value)}
            className={INPUT_CLASS}
            autoComplete="off"
          />
        </label>
        <label>
          <span className="sr-only">Search mode</span>
          <select value={p.mode} onChange={(e) => p.update({ mode: e.target.value === "hybrid" ? null : e.target.value })} className={INPUT_CLASS}>
            {(Object.keys(MODE_LABEL) as SearchMode[]).map((m) => (
              <option key={m} value={m}>{MODE_LABEL[m]}</option>
            ))}
          </select>
        </label>
      </div>
      <Disclosure>
        <DisclosureButton className="text-sm text-indigo-700 underline dark:text-indigo-300">
          Filters{filterCount ? ` (${filterCount})` : ""}
        </DisclosureButton>
        <DisclosurePanel className="grid grid-cols-2 gap-2 sm:grid-cols-4">
          <TextInput label="Source" placeholder="web, file, x…" value={p.source} onChange={(e) => p.update({ source: e.target.value })} />
          <TextInput label="Tag" value={p.filter.tag ?? ""} onChange={(e) => p.update({ tag: e.target.value })} />
          <TextInput label="From" type="date" value={p.from} onChange={(e) => p.update({ from: e.target.value })} />
          <TextInput label="To" type="date" value={p.to} onChange={(e) => p.update({ to: e.target.value })} />
        </DisclosurePanel>
      </Disclosure>
    </div>
  );
}
