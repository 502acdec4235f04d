import { screen, within } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { authHandlers, url } from "@/test/handlers";
import { renderAt } from "@/test/render";
import { server } from "@/test/server";
import { logHandlers } from "../test/handlers";
import { MonitoringPage } from "./MonitoringPage";
import { formatBytes } from "./units";

const GB = 1024 ** 3;
const METRICS = {
  at: "2026-12-07T10:00:00Z",
  host: {
    cpu_percent: 42.4, cpu_count: 2, load_average: [1.5, 1.2, 0.9],
    memory: { total_bytes: 24 * GB, available_bytes: 20 * GB, used_percent: 16.7, process_rss_bytes: 0.3 * GB },
    disk: { path: "/data", total_bytes: 250 * GB, free_bytes: 60 * GB, used_percent: 76 },
    gpus: null,
  },
  queue: { mode: "celery", depth: 7, workers: { "w1:101": 3.2 }, error: null },
  runs_by_status: { completed: 4, running: 1 },
  items_by_state: { done: 9120, pending: 880 },
  ai_usage: [
    { window: "1h", since: "2026-12-07T09:00:00Z", by_model: [{ phase: "kb_generation", model: "ollama:qwen", calls: 12, failures: 1, prompt_tokens: 24000, completion_tokens: 3100, latency_ms_avg: 850, latency_ms_max: 2100, cost_usd: null }] },
    { window: "24h", since: "2026-12-06T10:00:00Z", by_model: [] },
  ],
};
const HEALTH = {
  status: "down", version: "0.1.0",
  parts: {
    database: { status: "ok", required: true, latency_ms: 2 },
    redis: { status: "down", required: true, detail: "connection refused" },
    ollama: { status: "not_configured", required: false },
  },
};

describe("MonitoringPage", () => {
  it("shows each part's health, the machine, the queue, counts and model calls", async () => {
    server.use(
      ...authHandlers("viewer"),
      http.get(url("/system/health"), () => HttpResponse.json(HEALTH)),
      http.get(url("/system/metrics"), () => HttpResponse.json(METRICS)),
      http.get(url("/system/metrics/history"), () =>
        HttpResponse.json({ window: "1h", since: "2026-12-07T09:00:00Z", until: "2026-12-07T10:00:00Z", step_seconds: 60, sample_seconds: 60, hosts: [], ai_usage: [] }),
      ),
      ...logHandlers([], [], { logs: [], history: [] }),
    );
    renderAt(<MonitoringPage />);
    const parts = await screen.findByRole("list", { name: "Parts" });
    expect(within(parts).getByText("connection refused")).toBeInTheDocument();
    expect(within(parts).getAllByRole("listitem")[1]).toHaveAttribute("data-status", "down");
    expect(await screen.findByText(/42% · load 1.50 1.20 0.90/)).toBeInTheDocument();
    expect(screen.getByText("No NVIDIA GPU (nvidia-smi not found).")).toBeInTheDocument();
    expect(screen.getByText(/7 tasks waiting/)).toBeInTheDocument();
    expect(screen.getByRole("list", { name: "Workers" })).toHaveTextContent("w1:101: seen 3 s ago");
    expect(screen.getByLabelText("Items by processing state")).toHaveTextContent("9,120");
    expect(screen.getAllByRole("table")[0]).toHaveTextContent("24,000 / 3,100");
    expect(screen.getByText("No model calls.")).toBeInTheDocument();
  });

  it("formats sizes in binary units", () => {
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(1536)).toBe("1.5 kB");
    expect(formatBytes(60 * GB)).toBe("60.0 GB");
    expect(formatBytes(null)).toBe("unknown");
  });
});
