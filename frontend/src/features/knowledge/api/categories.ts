import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type components } from "@/lib/api/client";
import { knowledgeKeys } from "./items";

export function fetchTree(signal?: AbortSignal) {
  return unwrap(api.GET("/api/v1/knowledge/categories", { signal }));
}

export function useCategoryTree() {
  return useQuery({ queryKey: knowledgeKeys.tree, queryFn: ({ signal }) => fetchTree(signal) });
}

export type CategoryOp =
  | { kind: "rename"; body: components["schemas"]["CategoryRename"] }
  | { kind: "merge"; body: components["schemas"]["CategoryMerge"] }
  | { kind: "move"; body: components["schemas"]["CategoryMove"] };

export function useCategoryOp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (op: CategoryOp) => {
      switch (op.kind) {
        case "rename":
          return unwrap(api.POST("/api/v1/knowledge/categories/rename", { body: op.body }));
        case "merge":
          return unwrap(api.POST("/api/v1/knowledge/categories/merge", { body: op.body }));
        case "move":
          return unwrap(api.POST("/api/v1/knowledge/categories/move", { body: op.body }));
      }
    },
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: knowledgeKeys.all }),
  });
}

export function useSyntheses(enabled = true) {
  return useQuery({
    queryKey: knowledgeKeys.syntheses,
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/knowledge/synthesis", { signal })),
    enabled,
  });
}
