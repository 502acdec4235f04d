import { act, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { authHandlers } from "@/test/handlers";
import { renderAt } from "@/test/render";
import { server } from "@/test/server";
import { live } from "@/lib/ws/live";
import { event, logHandlers, run } from "../test/handlers";
import { LogsSection } from "./LogsSection";

const RUN_A = "run00001aaaa";
const RUN_B = "run00002bbbb";
const EVENTS = [
  event(1, "run_start", "INFO", "Run started", RUN_A),
  event(2, "item_failed", "ERROR", "Cannot fetch it", RUN_A),
  event(3, "run_end", "INFO", "Run finished", RUN_A),
  event(4, "run_start", "INFO", "Run started", RUN_B),
  event(5, "retry", "WARNING", "Retrying the model", RUN_B),
];
const RUNS = [run(RUN_B, "running", "2026-12-07T10:00:00Z", null), run(RUN_A, "completed", "2026-12-07T09:00:00Z", "2026-12-07T09:03:20Z", 8)];

function types(): string[] {
  return within(screen.getByRole("list", { name: "Log events" })).getAllByRole("listitem").map((li) => li.getAttribute("data-type") ?? "");
}

afterEach(() => vi.restoreAllMocks());

describe("LogsSection", () => {
  it("lists the newest events first and filters by level, run and text, export included", async () => {
    const seen = { logs: [] as URLSearchParams[], history: [] as URLSearchParams[] };
    server.use(...authHandlers("viewer"), ...logHandlers(EVENTS, RUNS, seen));
    renderAt(<LogsSection />);
    await screen.findByRole("list", { name: "Log events" });
    expect(types()).toEqual(["retry", "run_start", "run_end", "item_failed", "run_start"]);
    const exportLink = screen.getByRole("link", { name: "Export JSON lines" });
    expect(exportLink).toHaveAttribute("href", "/api/v1/system/logs/export");

    await userEvent.selectOptions(screen.getByLabelText("Minimum level"), "WARNING");
    await expect.poll(types).toEqual(["retry", "item_failed"]);
    await userEvent.selectOptions(screen.getByLabelText("Run"), await screen.findByRole("option", { name: /^run00001 · completed/ }));
    await expect.poll(types).toEqual(["item_failed"]);
    expect(exportLink.getAttribute("href")).toBe(`/api/v1/system/logs/export?level=WARNING&task_id=${RUN_A}`);

    await userEvent.selectOptions(screen.getByLabelText("Minimum level"), "");
    await userEvent.type(screen.getByLabelText("Text"), "RUN_end");
    await expect.poll(types).toEqual(["run_end"]);
    expect(exportLink.getAttribute("href")).toBe(`/api/v1/system/logs/export?task_id=${RUN_A}&q=RUN_end`);
    // Debounced: no request for each letter typed.
    expect(seen.logs.filter((q) => q.has("q")).map((q) => q.get("q"))).toEqual(["RUN_end"]);
  });

  it("follows live events that pass the filters while Live is on", async () => {
    const seen = { logs: [] as URLSearchParams[], history: [] as URLSearchParams[] };
    server.use(...authHandlers("viewer"), ...logHandlers(EVENTS, RUNS, seen));
    const handlers: Parameters<typeof live.subscribe>[1][] = [];
    vi.spyOn(live, "subscribe").mockImplementation((type, handler) => {
      expect(type).toBe("*");
      handlers.push(handler);
      return () => handlers.splice(handlers.indexOf(handler), 1);
    });
    renderAt(<LogsSection />);
    await screen.findByRole("list", { name: "Log events" });
    await userEvent.selectOptions(screen.getByLabelText("Minimum level"), "WARNING");
    await expect.poll(types).toEqual(["retry", "item_failed"]);
    expect(handlers).toHaveLength(0);

    await userEvent.click(screen.getByRole("checkbox", { name: "Live" }));
    expect(handlers).toHaveLength(1);
    const emit = (payload: unknown, type = "event") => handlers[0]?.(payload, { type, payload });
    act(() => {
      emit(event(6, "item_done", "INFO", "Done one", RUN_B)); // below the level
      emit(event(7, "item_failed", "ERROR", "Model down", RUN_B));
      emit({ runs: [] }, "snapshot"); // a snapshot, not an event
      emit(event(5, "retry", "WARNING", "Retrying the model", RUN_B)); // already shown
    });
    expect(types()).toEqual(["item_failed", "retry", "item_failed"]);
    expect(screen.getByText("Model down")).toBeInTheDocument();

    await userEvent.click(screen.getByRole("checkbox", { name: "Live" }));
    expect(handlers).toHaveLength(0);
  });
});
