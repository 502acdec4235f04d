import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type components } from "@/lib/api/client";

export type Run = components["schemas"]["RunRead"];
export type RunConfig = components["schemas"]["RunConfig"];
export type RunEvent = components["schemas"]["EventRead"];
export type PhaseProgress = components["schemas"]["PhaseProgress"];
export type Action = "stop" | "pause" | "resume";

export const ACTIVE: ReadonlyArray<Run["status"]> = ["pending", "running", "paused", "stalled"];
export const isActive = (run: Pick<Run, "status">) => ACTIVE.includes(run.status);

// Keys under "runs" are refetched on every live run event (see app/LiveSync.tsx); the log is
// not (the WebSocket appends to it), only on a resync.
export const runKeys = {
  all: ["runs"] as const,
  history: (limit: number) => ["runs", "history", limit] as const,
  one: (id: string) => ["runs", "one", id] as const,
  log: (id: string) => ["run-log", id] as const,
  failed: (id: string) => ["runs", "failed", id] as const,
};

export function useRunHistory(limit = 20) {
  return useQuery({
    queryKey: runKeys.history(limit),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/agent/history", { params: { query: { limit } }, signal })),
  });
}

/** No polling: live events refresh an active run (app/LiveSync.tsx), and a reconnect of the
 * WebSocket refetches every query on screen, so an event missed while disconnected is not. */
export function useRun(id: string | null) {
  return useQuery({
    queryKey: runKeys.one(id ?? ""),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/agent/status/{task_id}", { params: { path: { task_id: id ?? "" } }, signal })),
    enabled: id !== null,
  });
}

export type FailedItem = components["schemas"]["FailedItem"];

/** The items that failed in a run, newest first (the first `limit`). */
export function useFailedItems(id: string, enabled: boolean, limit = 20) {
  return useQuery({
    queryKey: [...runKeys.failed(id), limit],
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/agent/status/{task_id}/failed-items", { params: { path: { task_id: id }, query: { limit } }, signal })),
    enabled,
  });
}

/** The newest persisted events of one run (the live tail continues from the WebSocket). */
export function useRunLog(id: string | null, limit = 100) {
  return useQuery({
    queryKey: runKeys.log(id ?? ""),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/system/logs", { params: { query: { task_id: id ?? "", limit } }, signal })),
    enabled: id !== null,
    staleTime: Infinity, // the WebSocket appends; a resync refetches
  });
}

export function useStartRun() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (config: RunConfig) => unwrap(api.POST("/api/v1/agent/start", { body: config })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: runKeys.all }),
  });
}

export function useRunAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action }: { id: string; action: Action }) => {
      const params = { params: { path: { task_id: id } } };
      if (action === "stop") return unwrap(api.POST("/api/v1/agent/stop/{task_id}", params));
      if (action === "pause") return unwrap(api.POST("/api/v1/agent/pause/{task_id}", params));
      return unwrap(api.POST("/api/v1/agent/resume/{task_id}", params));
    },
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: runKeys.all }),
  });
}

/** Retry the failed items: all of them, or (`phase`) only those failed in that phase. */
export function useRetryFailed() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (phase?: string) =>
      unwrap(api.POST("/api/v1/agent/retry-failed", { params: { query: phase ? { phase: phase as never } : {} }, body: { mode: "full" } })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: runKeys.all }),
  });
}
