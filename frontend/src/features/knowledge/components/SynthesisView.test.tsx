import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { describe, expect, it, vi } from "vitest";
import { url } from "@/test/handlers";
import { renderAt } from "@/test/render";
import { server } from "@/test/server";
import { SynthesisView } from "./SynthesisView";

function synthesis(sub: string, sources: { id: string; kind: string; title: string }[]) {
  return {
    id: `s-${sub}`, main_category: "databases", sub_category: sub, title: `Databases / ${sub}: what your notes say`,
    content: `Notes on ${sub}. See [Vacuum basics](../${sub}/README.md).`, item_count: sources.length,
    source_item_ids: sources.map((s) => s.id), sources, content_hash: "h", is_stale: false,
    model: "extractive", updated_at: "2026-01-02T00:00:00Z",
  };
}

describe("SynthesisView", () => {
  it("lists its sources by title, and a vault link is text only", async () => {
    server.use(http.get(url("/knowledge/synthesis"), () => HttpResponse.json([
      synthesis("vacuum", [{ id: "k1", kind: "item", title: "Vacuum basics" }]),
    ])));
    const onOpen = vi.fn();
    renderAt(<SynthesisView filter={{ main: "databases", sub: "vacuum" }} onOpen={onOpen} onChoose={vi.fn()} />);
    await userEvent.click(await screen.findByRole("button", { name: "Vacuum basics" }));
    expect(onOpen).toHaveBeenCalledWith("k1");
    expect(screen.queryByText(/Item k1/)).toBeNull();
    expect(document.querySelector('a[href*="README.md"]')).toBeNull();
  });

  it("offers the subcategories' syntheses when the main category has none", async () => {
    server.use(http.get(url("/knowledge/synthesis"), () => HttpResponse.json([
      synthesis("vacuum", []), synthesis("wal", []),
    ])));
    const onChoose = vi.fn();
    renderAt(<SynthesisView filter={{ main: "databases" }} onOpen={vi.fn()} onChoose={onChoose} />);
    await userEvent.click(await screen.findByRole("button", { name: "Databases / wal: what your notes say" }));
    expect(onChoose).toHaveBeenCalledWith({ main: "databases", sub: "wal" });
    expect(screen.queryByText("No synthesis for this category yet")).toBeNull();
  });
});
