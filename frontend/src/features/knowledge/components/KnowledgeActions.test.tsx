import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { url } from "@/test/handlers";
import { renderRoutes } from "@/test/render";
import { server } from "@/test/server";
import { useSelection, useViewPrefs } from "../stores/selection";
import { KnowledgePage } from "./KnowledgePage";

function item(n: number) {
  return {
    id: `id${n}`, content_item_id: `c${n}`, display_title: `Item ${n}`, summary: `Summary of item ${n}`,
    enhanced_content: `Body ${n}`, main_category: "Bees", sub_category: "Hives", tags: [], source_url: null,
    media_paths: [], media: [], model: null, version: 1, created_at: "2026-01-01T00:00:00Z", updated_at: "2026-01-02T00:00:00Z",
  };
}

const TREE = {
  total_items: 3,
  categories: [
    { name: "Bees", count: 3, subcategories: [{ name: "Hives", count: 2 }, { name: "Swarms", count: 1 }] },
    { name: "Falconry", count: 0, subcategories: [] },
  ],
};

interface Calls { puts: [string, unknown][]; deletes: string[]; ops: [string, unknown][] }

function handlers(calls: Calls) {
  return [
    http.get(url("/knowledge/categories"), () => HttpResponse.json(TREE)),
    http.get(url("/knowledge/items"), ({ request }) => {
      const q = new URL(request.url).searchParams;
      return HttpResponse.json({ items: [1, 2, 3].map(item), total: 3, limit: Number(q.get("limit")), offset: 0 });
    }),
    http.put(url("/knowledge/items/:id"), async ({ params, request }) => {
      calls.puts.push([String(params["id"]), await request.json()]);
      return HttpResponse.json(item(1));
    }),
    http.delete(url("/knowledge/items/:id"), ({ params }) => {
      calls.deletes.push(String(params["id"]));
      return new HttpResponse(null, { status: 204 });
    }),
    http.post(url("/knowledge/categories/:op"), async ({ params, request }) => {
      calls.ops.push([String(params["op"]), await request.json()]);
      return HttpResponse.json({ items_updated: 2, syntheses_updated: 0 });
    }),
  ];
}

const routes = [{ path: "/knowledge", element: <KnowledgePage /> }];

function setUp(): Calls {
  const calls: Calls = { puts: [], deletes: [], ops: [] };
  server.use(...handlers(calls));
  renderRoutes(routes, "/knowledge");
  return calls;
}

describe("Knowledge page actions", () => {
  beforeAll(() => {
    for (const [prop, size] of [["clientHeight", 800], ["clientWidth", 1000], ["offsetHeight", 800], ["offsetWidth", 1000]] as const) {
      Object.defineProperty(HTMLElement.prototype, prop, { configurable: true, get: () => size });
    }
  });
  beforeEach(() => {
    useSelection.getState().clear();
    useViewPrefs.getState().setView("list");
  });

  it("bulk recategorise sends each selected item to the new category, after confirmation", async () => {
    const calls = setUp();
    await userEvent.click(await screen.findByRole("checkbox", { name: "Select Item 1" }));
    await userEvent.click(screen.getByRole("checkbox", { name: "Select Item 3" }));
    const bar = screen.getByRole("toolbar", { name: "Selected items" });
    expect(within(bar).getByText("2 selected")).toBeInTheDocument();
    await userEvent.click(within(bar).getByRole("button", { name: "Recategorise" }));
    const dialog = await screen.findByRole("dialog", { name: "Recategorise 2 items" });
    const confirm = within(dialog).getByRole("button", { name: "Recategorise" });
    expect(confirm).toBeDisabled(); // no category typed yet
    await userEvent.type(within(dialog).getByLabelText("Main category"), "Insects");
    await userEvent.type(within(dialog).getByLabelText("Subcategory (optional)"), "Bees");
    await userEvent.click(confirm);
    await screen.findByText("Recategorised 2 items.");
    expect(calls.puts).toEqual([
      ["id1", { main_category: "Insects", sub_category: "Bees" }],
      ["id3", { main_category: "Insects", sub_category: "Bees" }],
    ]);
    expect(useSelection.getState().selected.size).toBe(0);
    expect(screen.queryByRole("toolbar", { name: "Selected items" })).not.toBeInTheDocument();
  });

  it("bulk delete asks first: cancel deletes nothing, confirm deletes each", async () => {
    const calls = setUp();
    await userEvent.click(await screen.findByRole("checkbox", { name: "Select Item 2" }));
    const bar = screen.getByRole("toolbar", { name: "Selected items" });
    await userEvent.click(within(bar).getByRole("button", { name: "Delete" }));
    await userEvent.click(within(await screen.findByRole("dialog", { name: "Delete 1 item?" })).getByRole("button", { name: "Cancel" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(calls.deletes).toEqual([]);
    await userEvent.click(within(bar).getByRole("button", { name: "Delete" }));
    await userEvent.click(within(await screen.findByRole("dialog", { name: "Delete 1 item?" })).getByRole("button", { name: "Delete" }));
    await screen.findByText("Deleted 1 item.");
    expect(calls.deletes).toEqual(["id2"]);
  });

  it("renames a subcategory after confirmation, and cancelling sends nothing", async () => {
    const calls = setUp();
    const tree = await screen.findByRole("navigation", { name: "Categories" });
    await userEvent.type(within(tree).getByPlaceholderText("Filter categories"), "Bees");
    await userEvent.click(await within(tree).findByRole("button", { name: "Actions for Bees / Hives" }));
    await userEvent.click(await screen.findByRole("menuitem", { name: "Rename…" }));
    let dialog = await screen.findByRole("dialog", { name: "Rename Bees / Hives" });
    await userEvent.click(within(dialog).getByRole("button", { name: "Cancel" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(calls.ops).toEqual([]);
    await userEvent.click(within(tree).getByRole("button", { name: "Actions for Bees / Hives" }));
    await userEvent.click(await screen.findByRole("menuitem", { name: "Rename…" }));
    dialog = await screen.findByRole("dialog", { name: "Rename Bees / Hives" });
    const name = within(dialog).getByLabelText("New name");
    expect(name).toHaveValue("Hives");
    await userEvent.clear(name);
    await userEvent.type(name, "Apiaries");
    await userEvent.click(within(dialog).getByRole("button", { name: "Rename" }));
    await screen.findByText("Renamed: 2 items updated.");
    expect(calls.ops).toEqual([["rename", { main_category: "Bees", sub_category: "Hives", new_name: "Apiaries" }]]);
  });

  it("merges into a chosen category and moves a subcategory under another main", async () => {
    const calls = setUp();
    const tree = await screen.findByRole("navigation", { name: "Categories" });
    await userEvent.type(within(tree).getByPlaceholderText("Filter categories"), "Bees");
    await userEvent.click(await within(tree).findByRole("button", { name: "Actions for Bees / Hives" }));
    await userEvent.click(await screen.findByRole("menuitem", { name: "Merge into…" }));
    let dialog = await screen.findByRole("dialog", { name: "Merge Bees / Hives" });
    await userEvent.selectOptions(within(dialog).getByLabelText(/Merge every item of/), "Bees / Swarms");
    await userEvent.click(within(dialog).getByRole("button", { name: "Merge" }));
    await screen.findByText("Merged: 2 items updated.");
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    await userEvent.click(within(tree).getByRole("button", { name: "Actions for Bees / Swarms" }));
    await userEvent.click(await screen.findByRole("menuitem", { name: "Move under…" }));
    dialog = await screen.findByRole("dialog", { name: "Move Bees / Swarms" });
    await userEvent.type(within(dialog).getByLabelText("New main category"), "Falconry");
    await userEvent.click(within(dialog).getByRole("button", { name: "Move" }));
    await screen.findByText("Moved: 2 items updated.");
    expect(calls.ops).toEqual([
      ["merge", { source_main: "Bees", source_sub: "Hives", target_main: "Bees", target_sub: "Swarms" }],
      ["move", { main_category: "Bees", sub_category: "Swarms", new_main_category: "Falconry" }],
    ]);
  });

  it("grid view shows cards with summaries, and remembers the choice", async () => {
    setUp();
    await screen.findByText("Item 1");
    expect(screen.queryByText("Summary of item 1")).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Grid" }));
    expect(screen.getByRole("button", { name: "Grid" })).toHaveAttribute("aria-pressed", "true");
    expect(await screen.findByText("Summary of item 1")).toBeInTheDocument();
    expect(screen.getAllByTestId("item-card")).toHaveLength(3);
    expect(useViewPrefs.getState().view).toBe("grid");
    expect(JSON.parse(localStorage.getItem("kbagent.knowledge.view") ?? "{}")).toMatchObject({ state: { view: "grid" } });
  });
});
