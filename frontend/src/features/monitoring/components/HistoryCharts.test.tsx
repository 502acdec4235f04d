import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { linePath } from "@/components/ui/LineChart";
import { authHandlers, url } from "@/test/handlers";
import { renderAt } from "@/test/render";
import { server } from "@/test/server";
import { HistoryCharts } from "./HistoryCharts";

const point = (at: string, cpu: number, depth: number | null) => ({
  at, cpu_percent: cpu, memory_percent: 40, disk_percent: 70, gpu_percent: null, queue_depth: depth,
});
const usage = (at: string, model: string, tokens: number, latency: number) => ({
  at, phase: "chat", model, calls: 1, failures: 0, prompt_tokens: tokens, completion_tokens: 0,
  latency_ms_avg: latency, latency_ms_max: latency, cost_usd: null,
});
const HOUR = {
  window: "1h", since: "2026-12-07T09:00:00Z", until: "2026-12-07T10:00:00Z", step_seconds: 60, sample_seconds: 60,
  hosts: [{ host: "api-1", points: [point("2026-12-07T09:58:00Z", 12, 3), point("2026-12-07T09:59:00Z", 88, 0)] }],
  ai_usage: [usage("2026-12-07T09:58:00Z", "ollama:qwen", 1200, 850), usage("2026-12-07T09:59:00Z", "openai:gpt", 300, 410)],
};

function serve(seen: string[]) {
  server.use(
    ...authHandlers("viewer"),
    http.get(url("/system/metrics/history"), ({ request }) => {
      const window = new URL(request.url).searchParams.get("window") ?? "1h";
      seen.push(window);
      if (window === "7d") return HttpResponse.json({ ...HOUR, window, step_seconds: 7200, hosts: [], ai_usage: [] });
      return HttpResponse.json(HOUR);
    }),
  );
}

describe("HistoryCharts", () => {
  it("charts each host's figures and the model calls per phase and model, with a data table", async () => {
    serve([]);
    renderAt(<HistoryCharts />);
    const cpu = await screen.findByRole("table", { name: "CPU, memory and disk" });
    const rows = within(cpu).getAllByRole("row");
    expect(rows[1]).toHaveTextContent("2026-12-07T09:58:00.000Z12%40%70%");
    expect(rows[2]).toHaveTextContent("88%");
    expect(within(screen.getByRole("table", { name: "Queue depth" })).getAllByRole("row")[1]).toHaveTextContent("3");
    const tokens = screen.getByRole("table", { name: "Tokens (prompt + completion)" });
    expect(within(tokens).getAllByRole("columnheader").map((h) => h.textContent)).toEqual(["Time", "chat · ollama:qwen", "chat · openai:gpt"]);
    expect(tokens).toHaveTextContent("1,200");
    // Latency: a gap (–) in the buckets where a model made no call; tokens: 0 there.
    const latency = screen.getByRole("table", { name: "Average latency" });
    expect(within(latency).getAllByText("850 ms")).toHaveLength(1);
    expect(within(latency).getAllByText("–").length).toBeGreaterThan(50);
    expect(screen.getByText(/No cost: no prices configured/)).toBeInTheDocument();
    const paths = document.querySelectorAll("figure[data-chart='CPU, memory and disk'] path");
    expect(paths).toHaveLength(3);
  });

  it("switches the window and says when there is nothing to chart", async () => {
    const seen: string[] = [];
    serve(seen);
    renderAt(<HistoryCharts />);
    await screen.findByRole("table", { name: "Queue depth" });
    await userEvent.click(screen.getByRole("button", { name: "7d" }));
    expect(await screen.findByText("No samples yet: each host is sampled every 60 s.")).toBeInTheDocument();
    expect(screen.getByText("No model calls in this window.")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "7d" })).toHaveAttribute("aria-pressed", "true");
    expect(seen).toEqual(["1h", "7d"]);
  });

  it("draws gaps where a value is missing and a dot for a lone point", () => {
    const x = (t: number) => t;
    const y = (v: number) => v;
    expect(linePath([{ t: 0, v: 1 }, { t: 1, v: 2 }, { t: 2, v: null }, { t: 3, v: 4 }], x, y)).toBe("M0.0 1.0 L0.0 1.0 L1.0 2.0 M3.0 4.0 L3.0 4.0");
  });
});
