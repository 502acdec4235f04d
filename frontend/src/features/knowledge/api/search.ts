import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api/client";
import { knowledgeKeys } from "./items";
import type { SearchFilters, SearchMode } from "./types";

export const SEARCH_LIMIT = 50;

export function useSearch(query: string, mode: SearchMode, filters: SearchFilters) {
  const body = { query: query.trim(), mode, filters, limit: SEARCH_LIMIT, offset: 0 };
  return useQuery({
    queryKey: knowledgeKeys.search(body),
    queryFn: ({ signal }) => unwrap(api.POST("/api/v1/content/search", { body, signal })),
    enabled: body.query.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });
}
