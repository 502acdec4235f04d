import { act, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { afterEach, describe, expect, it } from "vitest";
import { authHandlers, envelope, url } from "@/test/handlers";
import { renderAt } from "@/test/render";
import { server } from "@/test/server";
import { useLiveRuns } from "../stores/liveRuns";
import { DashboardPage } from "./DashboardPage";
import { buildConfig } from "./StartRunForm";

const phase = (name: string, state: string, done: number, total: number | null, extra = {}) => ({
  name, state, total, done, failed: 0, skipped: 0, items_per_second: state === "running" ? 0.5 : null,
  eta_seconds: state === "running" ? 200 : null, ...extra,
});

function run(status: string, extra: Record<string, unknown> = {}) {
  return {
    id: "run00001aaaa", task_type: "agent_run", status, config: { mode: "full" }, current_phase: "generate",
    progress_percentage: 40, eta_seconds: 200, result_data: null, error_message: null,
    created_at: "2026-12-01T10:00:00Z", started_at: "2026-12-01T10:00:01Z", completed_at: null, heartbeat_at: null,
    phases: [phase("categorise", "finished", 10, 10), phase("generate", "running", 4, 10), phase("embed", "waiting", 0, null)],
    failures: { failed_items: 0, by_phase: {}, failed_phases: [], top_reasons: [] },
    ...extra,
  };
}

function event(id: number, type: string, data: Record<string, unknown> = {}, message = "") {
  return { id, task_id: "run00001aaaa", ts: "2026-12-01T10:00:05Z", level: "INFO", type, message, data };
}

function handlers(current: ReturnType<typeof run>) {
  return [
    http.get(url("/agent/history"), () => HttpResponse.json({ items: [current], total: 1, limit: 20, offset: 0 })),
    http.get(url("/agent/schedules"), () => HttpResponse.json([])),
    http.get(url("/agent/status/run00001aaaa"), () => HttpResponse.json(current)),
    http.get(url("/system/logs"), () => HttpResponse.json({ items: [event(2, "phase_start", {}, "generate"), event(1, "run_start", {}, "run started")], total: 2, limit: 100, offset: 0 })),
  ];
}

afterEach(() => useLiveRuns.getState().clear());

describe("DashboardPage", () => {
  it("shows the active run's phases with rate and ETA, and follows live events", async () => {
    server.use(...authHandlers("editor"), ...handlers(run("running")));
    renderAt(<DashboardPage />);
    const detail = await screen.findByTestId("run-detail");
    expect(within(detail).getByRole("heading", { name: /Run run00001: Running/ })).toBeInTheDocument();
    const phases = within(detail).getByRole("list", { name: "Phases" });
    expect(within(phases).getByText("4 / 10")).toBeInTheDocument();
    expect(within(phases).getByText("0.5 items/s")).toBeInTheDocument();
    expect(within(phases).getByText("about 3 min 20 s left")).toBeInTheDocument();
    expect(await screen.findByText(/run_start: run started/)).toBeInTheDocument();
    act(() => useLiveRuns.getState().push(event(3, "item_done", { phase: "generate", item_id: "item-42-abcdef" })));
    expect(await screen.findByText(/item_done/)).toBeInTheDocument();
    // The id is no text to read: "item" links to the item's pipeline page, which names it.
    const now = screen.getByTestId("run-now");
    expect(now).toHaveTextContent("Now: generate of item");
    expect(now).not.toHaveTextContent("item-42");
    expect(within(now).getByRole("link", { name: "item" })).toHaveAttribute("href", "/knowledge/pipeline/item-42-abcdef");
    expect(screen.getByRole("button", { name: "A run is active" })).toBeDisabled();
  });

  it("shows a phase's failed items in its bar, never an all-green bar", async () => {
    const failing = run("running", { phases: [phase("categorise", "finished", 7, 10, { failed: 2, skipped: 1 }), phase("generate", "running", 0, 7)] });
    server.use(...authHandlers("editor"), ...handlers(failing));
    renderAt(<DashboardPage />);
    const bar = await screen.findByRole("progressbar", { name: "categorise progress" });
    expect(bar).toHaveAttribute("aria-valuetext", "10 of 10, 2 failed");
    expect(bar.querySelector('[data-part="done"]')).toHaveStyle({ width: "70%" });
    expect(bar.querySelector('[data-part="failed"]')).toHaveStyle({ width: "20%" });
    expect(bar.querySelector('[data-part="skipped"]')).toHaveStyle({ width: "10%" });
  });

  it("pauses, and stops only after confirmation", async () => {
    const calls: string[] = [];
    server.use(
      ...authHandlers("editor"),
      ...handlers(run("running")),
      http.post(url("/agent/pause/run00001aaaa"), () => { calls.push("pause"); return HttpResponse.json(run("paused")); }),
      http.post(url("/agent/stop/run00001aaaa"), () => { calls.push("stop"); return HttpResponse.json(run("cancelled")); }),
    );
    renderAt(<DashboardPage />);
    await userEvent.click(await screen.findByRole("button", { name: "Pause" }));
    await userEvent.click(screen.getByRole("button", { name: "Stop" }));
    expect(calls).toEqual(["pause"]);
    await userEvent.click(await screen.findByRole("button", { name: "Stop the run" }));
    await expect.poll(() => calls).toEqual(["pause", "stop"]);
  });

  it("starts a run with the chosen options", async () => {
    let sent: unknown = null;
    const done = run("completed", { completed_at: "2026-12-01T10:05:00Z", progress_percentage: 100 });
    server.use(
      ...authHandlers("editor"),
      ...handlers(done),
      http.post(url("/agent/start"), async ({ request }) => { sent = await request.json(); return HttpResponse.json(run("pending"), { status: 202 }); }),
    );
    renderAt(<DashboardPage />);
    await screen.findByTestId("run-detail");
    await userEvent.selectOptions(screen.getByLabelText("Run mode"), "embeddings_only");
    await userEvent.click(screen.getByRole("button", { name: "Run options" }));
    await userEvent.click(screen.getByLabelText("Redo embed for items done already"));
    await userEvent.click(screen.getByRole("button", { name: "Start run" }));
    await expect.poll(() => sent).toEqual({ mode: "embeddings_only", force_phases: ["embed"] });
  });

  it("lists the failure reasons of a finished run and retries them", async () => {
    let retried = false;
    const phases: (string | null)[] = [];
    const failed = run("completed_with_failures", {
      completed_at: "2026-12-01T10:05:00Z",
      failures: { failed_items: 2, by_phase: { generate: 2 }, failed_phases: [], top_reasons: [{ phase: "generate", reason: "model timed out", count: 2 }] },
    });
    server.use(
      ...authHandlers("editor"),
      ...handlers(failed),
      http.get(url("/agent/status/run00001aaaa/failed-items"), () => HttpResponse.json({
        items: [{ content_item_id: "c1", title: "Slow page", phase: "generate", error: "model timed out", attempts: 3, updated_at: "2026-12-01T10:04:00Z" }],
        total: 2, limit: 20, offset: 0,
      })),
      http.post(url("/agent/retry-failed"), ({ request }) => {
        retried = true;
        phases.push(new URL(request.url).searchParams.get("phase"));
        return HttpResponse.json({ reset_items: 2, run: run("pending") }, { status: 202 });
      }),
    );
    renderAt(<DashboardPage />);
    expect(await screen.findByRole("heading", { name: "2 failed items" })).toBeInTheDocument();
    expect(screen.getByRole("list", { name: "Failure reasons" })).toHaveTextContent("generate ×2: model timed out");
    const items = await screen.findByRole("list", { name: "Failed items" });
    expect(within(items).getByRole("link", { name: "Slow page" })).toHaveAttribute("href", "/knowledge/pipeline/c1");
    expect(items).toHaveTextContent("generate, 3 attempts");
    expect(screen.getByText("and 1 more")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Retry failed items" }));
    await expect.poll(() => retried).toBe(true);
    await userEvent.click(screen.getByRole("button", { name: "Retry generate (2)" }));
    await expect.poll(() => phases).toEqual([null, "generate"]);
  });

  it("a viewer watches without controls", async () => {
    server.use(...authHandlers("viewer"), ...handlers(run("running")));
    renderAt(<DashboardPage />);
    await screen.findByTestId("run-detail");
    expect(screen.queryByRole("button", { name: /Start run|A run is active/ })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Pause" })).not.toBeInTheDocument();
  });

  it("builds a config with only what differs from the defaults", () => {
    expect(buildConfig({ mode: "full", skip: new Set(), force: new Set(), models: { kb_generation: " " }, synthesisMin: "", synthesisMax: "", xFullSync: false })).toEqual({ mode: "full" });
    expect(buildConfig({ mode: "full", skip: new Set(["git", "fetch"]), force: new Set(), models: { kb_generation: "ollama:qwen" }, synthesisMin: "3", synthesisMax: "", xFullSync: true })).toEqual({
      mode: "full", skip_phases: ["fetch", "git"], models: { kb_generation: "ollama:qwen" }, synthesis_min_items: 3, x_full_sync: true,
    });
  });

  it("adds a schedule with its cron in words and next runs, and runs one now", async () => {
    let created: unknown = null;
    let ran = false;
    const schedule = { id: "s1", name: "Nightly", cron: "0 3 * * *", config: { mode: "full" }, enabled: true, next_run_at: "2026-12-08T03:00:00Z", last_run_at: null, last_task_id: null, created_at: "2026-12-07T10:00:00Z" };
    let list: unknown[] = [];
    server.use(
      http.get(url("/agent/schedules"), () => HttpResponse.json(list)),
      ...authHandlers("editor"),
      ...handlers(run("completed", { completed_at: "2026-12-01T10:05:00Z" })),
      http.get(url("/agent/schedules/preview"), ({ request }) => {
        const cron = new URL(request.url).searchParams.get("cron");
        if (cron === "nope") return envelope("validation_error", "'nope' is not a cron expression (five fields: minute hour day month weekday).", 422);
        return HttpResponse.json({ cron, description: "At 03:00, every day", next_runs: ["2026-12-08T03:00:00Z", "2026-12-09T03:00:00Z"] });
      }),
      http.post(url("/agent/schedules"), async ({ request }) => { created = await request.json(); list = [schedule]; return HttpResponse.json(schedule, { status: 201 }); }),
      http.post(url("/agent/schedules/s1/run"), () => { ran = true; return HttpResponse.json(run("pending"), { status: 202 }); }),
    );
    renderAt(<DashboardPage />);
    await userEvent.click(await screen.findByRole("button", { name: "New schedule" }));
    expect(await screen.findByTestId("cron-preview")).toHaveTextContent("At 03:00, every day");
    const cron = screen.getByLabelText(/When \(cron/);
    await userEvent.clear(cron);
    await userEvent.type(cron, "nope");
    expect(await screen.findByText(/'nope' is not a cron expression/)).toBeInTheDocument();
    await userEvent.clear(cron);
    await userEvent.type(cron, "0 3 * * *");
    await userEvent.type(screen.getByLabelText("Name"), "Nightly");
    await userEvent.click(screen.getByRole("button", { name: "Add schedule" }));
    await expect.poll(() => created).toEqual({ name: "Nightly", cron: "0 3 * * *", config: { mode: "full" }, enabled: true });
    const row = await screen.findByRole("list", { name: "Schedules" });
    expect(await within(row).findByText("Nightly")).toBeInTheDocument();
    await userEvent.click(within(row).getByRole("button", { name: "Run now" }));
    await expect.poll(() => ran).toBe(true);
  });
});
