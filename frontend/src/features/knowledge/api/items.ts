import { useMutation, useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api/client";
import { API_PREFIX, apiOrigin } from "@/lib/api/session";
import type { Item, ItemPage, ItemUpdate, ListFilter } from "./types";

export const PAGE_SIZE = 200;
export const LIST_STALE_MS = 30_000;
export const knowledgeKeys = {
  all: ["knowledge"] as const,
  tree: ["knowledge", "tree"] as const,
  pages: (filter: ListFilter) => ["knowledge", "items", filter] as const,
  page: (filter: ListFilter, page: number) => ["knowledge", "items", filter, page] as const,
  item: (id: string) => ["knowledge", "item", id] as const,
  history: (id: string) => ["knowledge", "history", id] as const,
  syntheses: ["knowledge", "syntheses"] as const,
  search: (body: unknown) => ["knowledge", "search", body] as const,
};

/** Where an item's media file is served: a same-origin URL, so `<img>` sends the session cookie. */
export function mediaUrl(itemId: string, index: number): string {
  return `${apiOrigin()}${API_PREFIX}/knowledge/items/${encodeURIComponent(itemId)}/media/${index}`;
}

export function fetchPage(filter: ListFilter, page: number, signal?: AbortSignal): Promise<ItemPage> {
  return unwrap(
    api.GET("/api/v1/knowledge/items", {
      params: {
        query: {
          limit: PAGE_SIZE,
          offset: page * PAGE_SIZE,
          main_category: filter.main,
          sub_category: filter.sub,
          tag: filter.tag,
        },
      },
      signal,
    }),
  );
}

/** The list as pages of 200, fetched only for the rows on screen (the list is virtualised). */
export function useItemWindow(filter: ListFilter, firstRow: number, lastRow: number) {
  const first = Math.floor(Math.max(0, firstRow) / PAGE_SIZE);
  const last = Math.max(first, Math.floor(Math.max(0, lastRow) / PAGE_SIZE));
  const pages = [0];
  for (let p = Math.max(1, first); p <= last; p++) pages.push(p);
  const results = useQueries({
    queries: pages.map((page) => ({
      queryKey: knowledgeKeys.page(filter, page),
      queryFn: ({ signal }: { signal: AbortSignal }) => fetchPage(filter, page, signal),
      staleTime: LIST_STALE_MS,
    })),
  });
  const head = results[0]!;
  const rows = new Map<number, Item>();
  results.forEach((result, i) => {
    const page = pages[i]!;
    result.data?.items.forEach((item, j) => rows.set(page * PAGE_SIZE + j, item));
  });
  return {
    total: head.data?.total ?? 0,
    isPending: head.isPending,
    error: results.find((r) => r.error)?.error ?? null,
    refetch: () => results.forEach((r) => void r.refetch()),
    row: (index: number) => rows.get(index),
  };
}

export function useItem(id: string | undefined) {
  return useQuery({
    queryKey: knowledgeKeys.item(id ?? ""),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/knowledge/items/{item_id}", { params: { path: { item_id: id! } }, signal })),
    enabled: !!id,
  });
}

export function useUpdateItem(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ItemUpdate) =>
      unwrap(api.PUT("/api/v1/knowledge/items/{item_id}", { params: { path: { item_id: id } }, body })),
    onSuccess: (item) => {
      queryClient.setQueryData(knowledgeKeys.item(id), item);
      void queryClient.invalidateQueries({ queryKey: knowledgeKeys.all });
    },
  });
}

export function deleteItem(id: string): Promise<unknown> {
  return unwrap(api.DELETE("/api/v1/knowledge/items/{item_id}", { params: { path: { item_id: id } } }));
}

export function updateItem(id: string, body: ItemUpdate): Promise<Item> {
  return unwrap(api.PUT("/api/v1/knowledge/items/{item_id}", { params: { path: { item_id: id } }, body }));
}

export function useHistory(id: string, enabled: boolean) {
  return useQuery({
    queryKey: knowledgeKeys.history(id),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/knowledge/items/{item_id}/history", { params: { path: { item_id: id } }, signal })),
    enabled,
  });
}

export function useDiff(id: string, from: number | null, to: number | null) {
  return useQuery({
    queryKey: ["knowledge", "diff", id, from, to],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/v1/knowledge/items/{item_id}/diff", {
          params: { path: { item_id: id }, query: { from: from!, to: to! } },
          signal,
        }),
      ),
    enabled: from !== null && to !== null && from !== to,
  });
}

export function useRestore(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (version: number) =>
      unwrap(
        api.POST("/api/v1/knowledge/items/{item_id}/restore/{version}", {
          params: { path: { item_id: id, version } },
        }),
      ),
    onSuccess: (item) => {
      queryClient.setQueryData(knowledgeKeys.item(id), item);
      void queryClient.invalidateQueries({ queryKey: knowledgeKeys.all });
    },
  });
}
