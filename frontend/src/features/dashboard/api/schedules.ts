import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type components } from "@/lib/api/client";
import { runKeys } from "./runs";

export type Schedule = components["schemas"]["ScheduleRead"];
export type ScheduleCreate = components["schemas"]["ScheduleCreate"];

const schedulesKey = ["schedules"] as const;

export function useSchedules() {
  return useQuery({
    queryKey: schedulesKey,
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/agent/schedules", { signal })),
  });
}

/** The expression in words and its next runs; empty input asks nothing. */
export function useCronPreview(cron: string) {
  return useQuery({
    queryKey: ["schedules", "preview", cron],
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/agent/schedules/preview", { params: { query: { cron } }, signal })),
    enabled: cron.trim().length > 0,
    placeholderData: keepPreviousData,
    retry: false,
  });
}

export function useScheduleActions() {
  const queryClient = useQueryClient();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: schedulesKey });
  return {
    create: useMutation({
      mutationFn: (body: ScheduleCreate) => unwrap(api.POST("/api/v1/agent/schedules", { body })),
      onSuccess: refresh,
    }),
    toggle: useMutation({
      mutationFn: ({ id, enabled }: { id: string; enabled: boolean }) =>
        unwrap(api.PUT("/api/v1/agent/schedules/{schedule_id}", { params: { path: { schedule_id: id } }, body: { enabled } })),
      onSuccess: refresh,
    }),
    remove: useMutation({
      mutationFn: (id: string) => unwrap(api.DELETE("/api/v1/agent/schedules/{schedule_id}", { params: { path: { schedule_id: id } } })),
      onSuccess: refresh,
    }),
    runNow: useMutation({
      mutationFn: (id: string) => unwrap(api.POST("/api/v1/agent/schedules/{schedule_id}/run", { params: { path: { schedule_id: id } } })),
      onSuccess: () => {
        refresh();
        void queryClient.invalidateQueries({ queryKey: runKeys.all });
      },
    }),
  };
}
