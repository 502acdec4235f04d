import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, unwrap, type components } from "@/lib/api/client";

export type LogEvent = components["schemas"]["EventRead"];
export type Run = components["schemas"]["RunRead"];
export type RunStatus = Run["status"];
export type Level = "DEBUG" | "INFO" | "WARNING" | "ERROR" | "CRITICAL";

export const LEVELS: Level[] = ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"];
export const LOG_PAGE = 100;

/** What the log view shows: the same filters go to the API, the export and the live tail. */
export interface LogFilters {
  level: Level | null;
  taskId: string | null;
  text: string;
}

function query(f: LogFilters) {
  return {
    level: f.level ?? undefined,
    task_id: f.taskId ?? undefined,
    q: f.text.trim() || undefined,
  };
}

export function useLogs(filters: LogFilters) {
  return useQuery({
    queryKey: ["monitoring", "logs", filters],
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/system/logs", { params: { query: { ...query(filters), limit: LOG_PAGE } }, signal })),
    placeholderData: keepPreviousData,
  });
}

/** Same-origin: a plain link downloads with the session cookie. */
export function exportHref(filters: LogFilters): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query(filters))) if (value) params.set(key, value);
  const search = params.toString();
  return `/api/v1/system/logs/export${search ? `?${search}` : ""}`;
}

/** Does a live event pass the filters the server applies (level at least, run, text)? */
export function matches(event: LogEvent, f: LogFilters): boolean {
  if (f.level && LEVELS.indexOf(event.level as Level) < LEVELS.indexOf(f.level)) return false;
  if (f.taskId && event.task_id !== f.taskId) return false;
  const text = f.text.trim().toLowerCase();
  return !text || event.message.toLowerCase().includes(text) || event.type.toLowerCase().includes(text);
}

export function useRunHistory(status: RunStatus | null, limit: number, offset: number) {
  return useQuery({
    queryKey: ["monitoring", "history", status, limit, offset],
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/agent/history", { params: { query: { status, limit, offset } }, signal })),
    placeholderData: keepPreviousData,
  });
}
