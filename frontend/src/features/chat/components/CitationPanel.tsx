import { useQuery } from "@tanstack/react-query";
import { Button } from "@/components/ui/Button";
import { ErrorPanel } from "@/components/ui/ErrorPanel";
import { Markdown } from "@/components/ui/Markdown";
import { Skeleton } from "@/components/ui/Skeleton";
import { api, unwrap } from "@/lib/api/client";
import type { Source } from "../api/chat";
import { markdownToText } from "@/components/ui/markdownText";

function useCited(source: Source) {
  return useQuery({
    queryKey: ["chat", "cited", source.kind, source.id],
    queryFn: async ({ signal }) => {
      if (source.kind === "item") {
        const item = await unwrap(api.GET("/api/v1/knowledge/items/{item_id}", { params: { path: { item_id: source.id } }, signal }));
        return { title: item.display_title, body: item.enhanced_content, url: item.source_url, link: `/knowledge/items/${item.id}` };
      }
      const all = await unwrap(api.GET("/api/v1/knowledge/synthesis", { signal }));
      const found = all.find((s) => s.id === source.id);
      if (!found) throw new Error("This synthesis no longer exists.");
      return { title: found.title, body: found.content, url: null, link: `/knowledge?main=${encodeURIComponent(found.main_category)}${found.sub_category ? `&sub=${encodeURIComponent(found.sub_category)}` : ""}&synthesis=1` };
    },
  });
}

/** The cited item or synthesis, beside the conversation. */
export function CitationPanel({ source, onClose }: { source: Source; onClose: () => void }) {
  const cited = useCited(source);
  return (
    <aside className="fixed inset-0 z-30 flex flex-col bg-white lg:static lg:z-auto lg:w-[42%] lg:border-l lg:border-slate-200 dark:bg-slate-950 lg:dark:border-slate-800" aria-label={`Source ${source.number}`}>
      <header className="flex items-start gap-2 border-b border-slate-200 p-3 dark:border-slate-800">
        <div className="min-w-0 flex-1">
          <p className="text-xs text-slate-600 dark:text-slate-300">Source [{source.number}] · {source.kind}{source.category ? ` · ${source.category}` : ""}</p>
          <h2 className="font-semibold break-words">{cited.data?.title ?? source.title}</h2>
        </div>
        <Button variant="ghost" aria-label="Close source" onClick={onClose}>✕</Button>
      </header>
      <div className="min-h-0 flex-1 overflow-y-auto p-3">
        <blockquote className="mb-3 border-l-4 border-indigo-300 pl-2 text-sm">{markdownToText(source.snippet)}</blockquote>
        {cited.isPending ? <Skeleton lines={6} /> : cited.error ? <ErrorPanel error={cited.error} /> : (
          <>
            <p className="mb-2 flex gap-3 text-sm">
              <a className="underline" href={cited.data.link}>Open in knowledge base</a>
              {cited.data.url && <a className="underline" href={cited.data.url} target="_blank" rel="noopener noreferrer">Original ↗</a>}
            </p>
            <Markdown source={cited.data.body} />
          </>
        )}
      </div>
    </aside>
  );
}
