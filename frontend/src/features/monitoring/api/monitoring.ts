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
