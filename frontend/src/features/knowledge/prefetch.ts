import type { QueryClient } from "@tanstack/react-query";
import { fetchTree } from "./api/categories";
import { fetchPage, knowledgeKeys, LIST_STALE_MS } from "./api/items";
import type { ListFilter } from "./api/types";

/**
 * Start the Knowledge Base page's first queries (the category tree and the list's first page)
 * for a URL's query string, before the page's code has loaded and the session check has
 * answered: the page then finds them in the cache, or in flight, instead of asking after both.
 * Statically imported by the app shell, so it must stay small.
 */
export function prefetchKnowledge(client: QueryClient, search: string): void {
  const params = new URLSearchParams(search);
  if (params.get("q")) return; // the page shows search results, not the list
  const filter: ListFilter = {
    main: params.get("main") ?? undefined,
    sub: params.get("sub") ?? undefined,
    tag: params.get("tag") ?? undefined,
  };
  void client.prefetchQuery({ queryKey: knowledgeKeys.tree, queryFn: ({ signal }) => fetchTree(signal) });
  void client.prefetchQuery({
    queryKey: knowledgeKeys.page(filter, 0),
    queryFn: ({ signal }) => fetchPage(filter, 0, signal),
    staleTime: LIST_STALE_MS,
  });
}
