import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type components } from "@/lib/api/client";

export type ItemPipeline = components["schemas"]["ItemPipelineRead"];
export type ItemPhase = components["schemas"]["ItemPhaseRead"];
type PhaseName = "cache" | "media" | "categorise" | "generate" | "embed";

// Under "runs": a live run event refreshes it (see app/LiveSync.tsx).
const pipelineKey = (contentItemId: string) => ["runs", "item-pipeline", contentItemId] as const;

export function useItemPipeline(contentItemId: string, enabled: boolean) {
  return useQuery({
    queryKey: pipelineKey(contentItemId),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/agent/items/{item_id}/pipeline", { params: { path: { item_id: contentItemId } }, signal })),
    enabled,
  });
}

export function useRetryPhase(contentItemId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (phase: PhaseName) =>
      unwrap(api.POST("/api/v1/agent/items/{item_id}/pipeline/{phase}/retry", { params: { path: { item_id: contentItemId, phase } } })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ["runs"] }),
  });
}
