import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { authHandlers } from "@/test/handlers";
import { renderAt } from "@/test/render";
import { server } from "@/test/server";
import { logHandlers, run } from "../test/handlers";
import { RunHistory } from "./RunHistory";
import { formatDuration } from "./units";

const RUNS = [
  run("run00003cccc", "running", "2026-12-07T11:00:00Z", null, 2),
  run("run00002bbbb", "completed_with_failures", "2026-12-07T10:00:00Z", "2026-12-07T12:05:00Z", 40, 3),
  run("run00001aaaa", "completed", "2026-12-07T09:00:00Z", "2026-12-07T09:03:20Z", 8),
  ...Array.from({ length: 20 }, (_, n) => run(`old${String(n).padStart(9, "0")}`, "cancelled", null, null)),
];

function rows(): string[][] {
  const table = screen.getByRole("table", { name: "Runs" });
  return within(table).getAllByRole("row").slice(1).map((tr) => within(tr).getAllByRole("cell").slice(1).map((td) => td.textContent ?? ""));
}

describe("RunHistory", () => {
  it("lists runs with duration and items done / failed, filtered by status and paged", async () => {
    const seen = { logs: [] as URLSearchParams[], history: [] as URLSearchParams[] };
    server.use(...authHandlers("viewer"), ...logHandlers([], RUNS, seen));
    renderAt(<RunHistory />);
    await screen.findByRole("table", { name: "Runs" });
    expect(rows().slice(0, 3)).toEqual([
      ["run00003", "full", "running", "running", "2", "0"],
      ["run00002", "full", "completed with failures", "2 h 5 min", "40", "3"],
      ["run00001", "full", "completed", "3 min 20 s", "8", "0"],
    ]);
    expect(screen.getByText("1–20 of 23")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Older" }));
    await expect.poll(() => screen.queryByText("21–23 of 23")).toBeInTheDocument();
    expect(rows()).toHaveLength(3);

    await userEvent.selectOptions(screen.getByLabelText("Status"), "completed");
    await expect.poll(() => rows().map((r) => r[0])).toEqual(["run00001"]);
    expect(seen.history.at(-1)?.get("status")).toBe("completed");
    expect(seen.history.at(-1)?.get("offset")).toBe("0");
    await userEvent.selectOptions(screen.getByLabelText("Status"), "paused");
    expect(await screen.findByText("No runs paused.")).toBeInTheDocument();
  });

  it("says durations the way people read them", () => {
    expect(formatDuration("2026-12-07T09:00:00Z", null)).toBeNull();
    expect(formatDuration("2026-12-07T09:00:00Z", "2026-12-07T09:00:45Z")).toBe("45 s");
    expect(formatDuration("2026-12-07T09:00:00Z", "2026-12-07T10:00:00Z")).toBe("1 h");
  });
});
