import { useQuery } from "@tanstack/react-query";
import { api, unwrap, type components } from "@/lib/api/client";

export type HealthReport = components["schemas"]["HealthReport"];

/** Sampled figures (CPU, memory, queue): refreshed every few seconds while the page is open. */
export const REFRESH_MS = 10_000;

export function useHealth() {
  return useQuery({
    queryKey: ["monitoring", "health"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/system/health", { signal })),
    refetchInterval: REFRESH_MS,
  });
}

/** As the client delivers it (tuples arrive as arrays). */
export type SystemMetrics = NonNullable<ReturnType<typeof useMetrics>["data"]>;

export function useMetrics() {
  return useQuery({
    queryKey: ["monitoring", "metrics"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/system/metrics", { signal })),
    refetchInterval: REFRESH_MS,
  });
}

export type HistoryWindow = "1h" | "6h" | "24h" | "7d";
export type MetricsHistory = components["schemas"]["MetricsHistory"];

/** The charts' series; samples are taken every minute, so a slower refresh suffices. */
export const HISTORY_REFRESH_MS = 30_000;

export function useMetricsHistory(window: HistoryWindow) {
  return useQuery({
    queryKey: ["monitoring", "history", window],
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/system/metrics/history", { params: { query: { window } }, signal })),
    refetchInterval: HISTORY_REFRESH_MS,
  });
}
