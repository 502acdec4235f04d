import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { beforeAll, describe, expect, it } from "vitest";
import { authHandlers, url } from "@/test/handlers";
import { renderRoutes } from "@/test/render";
import { server } from "@/test/server";
import { KnowledgePage } from "./KnowledgePage";

const TOTAL = 100_000;

function item(n: number) {
  return {
    id: `id${n}`, content_item_id: `c${n}`, display_title: `Item number ${n}`, summary: null,
    enhanced_content: `# Item ${n}\n\n<img src=x onerror="window.__pwned=1">Body of ${n}.`,
    main_category: "Databases", sub_category: "Postgres", tags: ["sql"], source_url: "https://example.com",
    media_paths: [], media: [], model: "openai:writer", markdown_path: null, truncated: n === 1, version: 2, created_at: "2026-01-01T00:00:00Z", updated_at: "2026-01-02T00:00:00Z",
  };
}

function kbHandlers(pages: number[]) {
  return [
    http.get(url("/knowledge/categories"), () =>
      HttpResponse.json({ total_items: TOTAL, categories: [{ name: "Databases", count: TOTAL, subcategories: [{ name: "Postgres", count: TOTAL }] }] }),
    ),
    http.get(url("/knowledge/items"), ({ request }) => {
      const q = new URL(request.url).searchParams;
      const offset = Number(q.get("offset"));
      const limit = Number(q.get("limit"));
      pages.push(offset);
      return HttpResponse.json({ items: Array.from({ length: limit }, (_, i) => item(offset + i)), total: TOTAL, limit, offset });
    }),
    http.get(url("/knowledge/items/:id"), ({ params }) => HttpResponse.json(item(Number(String(params["id"]).slice(2))))),
    http.post(url("/content/search"), async ({ request }) => {
      const body = (await request.json()) as { query: string; mode: string };
      return HttpResponse.json({
        query: body.query, mode: body.mode, took_ms: 3,
        results: [{
          item_id: "id7", content_item_id: "c7", title: "Item &lt;7&gt;", summary: null, main_category: "Databases", sub_category: "Postgres",
          tags: [], source_type: "url", source_url: null, created_at: "2026-01-01T00:00:00Z", score: 1, matched_by: ["fulltext"], chunk_index: 0,
          snippet: '**about** <mark>vacuum</mark>: [`VACUUM FULL`](x.html) &lt;script&gt;x&lt;/script&gt;<img src=x onerror="window.__pwned=2">',
        }],
      });
    }),
  ];
}

const routes = [
  { path: "/knowledge", element: <KnowledgePage /> },
  { path: "/knowledge/items/:itemId", element: <KnowledgePage /> },
];

describe("KnowledgePage", () => {
  beforeAll(() => {
    // jsdom lays nothing out: give the scrolling list a screen's size so rows are virtualised.
    for (const [prop, size] of [["clientHeight", 800], ["clientWidth", 1000], ["offsetHeight", 800], ["offsetWidth", 1000]] as const) {
      Object.defineProperty(HTMLElement.prototype, prop, { configurable: true, get: () => size });
    }
  });

  it("virtualises 100,000 items: a few rows exist, one page is fetched", async () => {
    const pages: number[] = [];
    server.use(...kbHandlers(pages));
    renderRoutes(routes, "/knowledge");
    await screen.findByText("Item number 0");
    expect(screen.getByRole("region", { name: `${TOTAL} items` })).toBeInTheDocument();
    expect(screen.getAllByText(/^Item number \d+$/).length).toBeLessThan(80);
    expect(pages).toEqual([0]);
    expect(screen.getByRole("button", { name: /All items \(100000\)/ })).toBeInTheDocument();
  });

  it("a truncated item carries a badge in the list saying it will be completed", async () => {
    server.use(...kbHandlers([]));
    renderRoutes(routes, "/knowledge");
    await screen.findByText("Item number 0");
    const cards = screen.getAllByTestId("item-card");
    const badges = screen.getAllByTestId("truncated-badge");
    expect(badges).toHaveLength(1);
    expect(within(cards[1]!).getByTestId("truncated-badge")).toHaveTextContent("Truncated");
    expect(badges[0]).toHaveAttribute("title", expect.stringMatching(/completed .* richer source/));
    expect(within(cards[0]!).queryByTestId("truncated-badge")).not.toBeInTheDocument();
  });

  it("search shows highlighted, sanitised snippets and opens the item with its note sanitised", async () => {
    server.use(...kbHandlers([]));
    const { router } = renderRoutes(routes, "/knowledge");
    await userEvent.type(await screen.findByRole("searchbox", { name: "Search your knowledge base" }), "vacuum");
    const results = await screen.findByTestId("search-results");
    await within(results).findByText("vacuum");
    expect(results.querySelector("mark")?.textContent).toBe("vacuum");
    expect(results.querySelector("img, script")).toBeNull();
    // The snippet's Markdown shows as plain text: no asterisks, ticks or link syntax.
    expect(results.querySelector("mark")?.parentElement).toHaveTextContent("about vacuum: VACUUM FULL <script>x</script>", { normalizeWhitespace: true });
    expect(within(results).getByText("Item <7>")).toBeInTheDocument();
    await waitFor(() => expect(router.state.location.search).toContain("q=vacuum"));
    await userEvent.click(within(results).getByRole("button"));
    await screen.findByRole("heading", { name: "Item number 7", level: 2 });
    expect(router.state.location.pathname).toBe("/knowledge/items/id7");
    const note = document.querySelector(".prose-kb")!;
    expect(note.innerHTML).not.toMatch(/onerror/);
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it("editors get selection, edit and delete; viewers do not", async () => {
    server.use(...kbHandlers([]));
    renderRoutes(routes, "/knowledge/items/id3");
    await screen.findByRole("heading", { name: "Item number 3", level: 2 });
    await screen.findByRole("tab", { name: "Edit" });
    expect(screen.getByRole("button", { name: "Delete" })).toBeInTheDocument();
    expect(screen.getAllByRole("checkbox").length).toBeGreaterThan(0);
  });

  it("a viewer sees no write controls", async () => {
    server.use(...authHandlers("viewer"), ...kbHandlers([]));
    renderRoutes(routes, "/knowledge/items/id3");
    await screen.findByRole("heading", { name: "Item number 3", level: 2 });
    await screen.findByText("Item number 0");
    expect(screen.queryByRole("tab", { name: "Edit" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Delete" })).not.toBeInTheDocument();
    expect(screen.queryAllByRole("checkbox")).toHaveLength(0);
    expect(screen.queryByRole("button", { name: /Actions for/ })).not.toBeInTheDocument();
  });
});
