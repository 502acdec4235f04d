import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { authHandlers, url } from "@/test/handlers";
import { renderAt } from "@/test/render";
import { server } from "@/test/server";
import { ItemPipelinePage } from "./ItemPipelinePage";
import { PipelinePanel } from "./PipelinePanel";

const phase = (name: string, state: string, extra = {}) => ({
  name, state, attempts: state === "pending" ? 0 : 1, model: null, error: null, updated_at: null, run_id: null, summary: null, ...extra,
});
const VIEW = {
  item_id: "c1", title: "Tidepools", processing_state: "done",
  phases: [
    phase("cache", "done", { summary: "1,200 characters of text" }),
    phase("media", "skipped"),
    phase("categorise", "failed", { attempts: 3, error: "model timed out", model: "openai:writer" }),
    phase("generate", "pending"),
    phase("embed", "pending"),
  ],
  usage: [{ phase: "categorisation", model: "openai:writer", calls: 3, failures: 3, prompt_tokens: 900, completion_tokens: 0, latency_ms: 4200, last_call_at: null }],
};

describe("PipelinePanel", () => {
  it("shows each phase with its state, error and output, and the item's model calls", async () => {
    server.use(...authHandlers("editor"), http.get(url("/agent/items/c1/pipeline"), () => HttpResponse.json(VIEW)));
    renderAt(<PipelinePanel contentItemId="c1" canRetry />);
    const phases = await screen.findByRole("list", { name: "Pipeline phases" });
    const categorise = within(phases).getAllByRole("listitem")[2]!;
    expect(categorise).toHaveAttribute("data-state", "failed");
    expect(categorise).toHaveTextContent("3 attempts");
    expect(categorise).toHaveTextContent("model timed out");
    expect(within(phases).getByText("1,200 characters of text")).toBeInTheDocument();
    expect(screen.getByRole("table")).toHaveTextContent("3 (3 failed)");
    expect(screen.getByRole("table")).toHaveTextContent("4.2 s");
    // Pending phases have nothing to redo.
    expect(screen.queryByRole("button", { name: "Redo generate for this item" })).not.toBeInTheDocument();
  });

  it("redoes one phase for the item", async () => {
    let asked = "";
    server.use(
      ...authHandlers("editor"),
      http.get(url("/agent/items/c1/pipeline"), () => HttpResponse.json(VIEW)),
      http.post(url("/agent/items/c1/pipeline/categorise/retry"), () => {
        asked = "categorise";
        return HttpResponse.json({ reset_phases: ["categorise", "generate", "embed"], run: { id: "r2" } }, { status: 202 });
      }),
    );
    renderAt(<PipelinePanel contentItemId="c1" canRetry />);
    await userEvent.click(await screen.findByRole("button", { name: "Redo categorise for this item" }));
    expect(await screen.findByText("Redoing categorise, generate, embed for this item.")).toBeInTheDocument();
    expect(asked).toBe("categorise");
  });

  it("a viewer sees the record without redo buttons", async () => {
    server.use(...authHandlers("viewer"), http.get(url("/agent/items/c1/pipeline"), () => HttpResponse.json(VIEW)));
    renderAt(<PipelinePanel contentItemId="c1" canRetry={false} />);
    await screen.findByRole("list", { name: "Pipeline phases" });
    expect(screen.queryByRole("button", { name: /Redo/ })).not.toBeInTheDocument();
  });

  it("opens on a page of its own by content item id, as a run's failed items link to it", async () => {
    server.use(...authHandlers("viewer"), http.get(url("/agent/items/c1/pipeline"), () => HttpResponse.json(VIEW)));
    renderAt(<ItemPipelinePage />, "/knowledge/pipeline/c1", "/knowledge/pipeline/:contentItemId");
    expect(await screen.findByRole("heading", { name: "Pipeline: Tidepools", level: 1 })).toBeInTheDocument();
    expect(screen.getByRole("list", { name: "Pipeline phases" })).toHaveTextContent("model timed out");
    expect(screen.queryByRole("button", { name: /^Redo/ })).not.toBeInTheDocument(); // a viewer
  });
});
