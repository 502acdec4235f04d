/** MSW handlers for the monitoring API's log and run history, with recorded queries. */
import { http, HttpResponse } from "msw";
import { url } from "@/test/handlers";
import type { LogEvent, Run } from "../api/logs";

export function event(id: number, type: string, level: string, message: string, taskId: string | null = "run00001aaaa"): LogEvent {
  return { id, task_id: taskId, ts: `2026-12-07T10:00:${String(id % 60).padStart(2, "0")}Z`, level, type, message, data: {} };
}

export function run(id: string, status: Run["status"], started: string | null, completed: string | null, done = 0, failed = 0): Run {
  return {
    id, status, task_type: "full", created_at: "2026-12-07T09:00:00Z", started_at: started, completed_at: completed,
    current_phase: null, error_message: null, eta_seconds: null, heartbeat_at: null, config: { mode: "full" }, result_data: null,
    progress_percentage: 100, failures: { failed_items: failed, by_phase: {} },
    phases: [{ name: "categorise", done, failed, eta_seconds: null, items_per_second: null, state: "finished", total: done + failed, skipped: 0 }],
  };
}

/** Serves `events` filtered the way the server does it; records every query string. */
export function logHandlers(events: LogEvent[], runs: Run[], seen: { logs: URLSearchParams[]; history: URLSearchParams[] }) {
  const levels = ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"];
  return [
    http.get(url("/system/logs"), ({ request }) => {
      const q = new URL(request.url).searchParams;
      seen.logs.push(q);
      const level = q.get("level");
      const text = q.get("q")?.toLowerCase();
      const items = events
        .filter((e) => !level || levels.indexOf(e.level) >= levels.indexOf(level))
        .filter((e) => !q.get("task_id") || e.task_id === q.get("task_id"))
        .filter((e) => !text || e.message.toLowerCase().includes(text) || e.type.toLowerCase().includes(text))
        .sort((a, b) => b.id - a.id);
      return HttpResponse.json({ items, total: items.length, limit: 100, offset: 0 });
    }),
    http.get(url("/agent/history"), ({ request }) => {
      const q = new URL(request.url).searchParams;
      seen.history.push(q);
      const status = q.get("status");
      const limit = Number(q.get("limit") ?? 20);
      const offset = Number(q.get("offset") ?? 0);
      const matching = runs.filter((r) => !status || r.status === status);
      return HttpResponse.json({ items: matching.slice(offset, offset + limit), total: matching.length, limit, offset });
    }),
  ];
}
