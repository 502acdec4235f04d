import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { delay, http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { url } from "@/test/handlers";
import { renderRoutes } from "@/test/render";
import { server } from "@/test/server";
import { readEvents } from "../api/chat";
import { ChatPage } from "./ChatPage";

const SESSION = { id: "s1", title: "Tidepools", message_count: 0, is_archived: false, model: null, created_at: "2026-01-01T00:00:00Z", last_updated: "2026-01-01T00:00:00Z" };
const SOURCE = { number: 1, kind: "item", id: "k1", title: "Tidepool notes", url: null, snippet: "# Notes **Sea stars** eat `mussels`.", category: "Ecology", cited: true };

function message(over: Record<string, unknown>) {
  return {
    id: "m2", session_id: "s1", role: "assistant", content: "Sea stars eat mussels [1].", model_used: "openai:writer",
    sources: [SOURCE], context_stats: { found: true, query: "q", items: 1, syntheses: 0, categories: [], context_tokens: 10, token_budget: 100, trimmed: false },
    status: "complete", error: null, metrics: null, created_at: "2026-01-01T00:00:01Z", ...over,
  };
}

function sse(events: [string, unknown][], pauseMs = 0) {
  const encoder = new TextEncoder();
  const stream = new ReadableStream({
    async start(controller) {
      for (const [event, data] of events) {
        controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
        if (pauseMs) await delay(pauseMs);
      }
      controller.close();
    },
  });
  return new HttpResponse(stream, { headers: { "Content-Type": "text/event-stream" } });
}

function chatHandlers(stored: unknown[]) {
  return [
    http.get(url("/chat/sessions"), () => HttpResponse.json({ items: [SESSION], total: 1, limit: 200, offset: 0 })),
    http.get(url("/chat/sessions/s1/messages"), () => HttpResponse.json(stored)),
    http.get(url("/system/models"), () => HttpResponse.json({ backends: [{ backend: "openai", status: "ok", detail: null, models: [], by_capability: { chat: ["openai:writer"] } }], routes: {} })),
    http.get(url("/knowledge/items/k1"), () =>
      HttpResponse.json({ id: "k1", content_item_id: "c1", display_title: "Tidepool notes", summary: null, enhanced_content: "Full **note** about sea stars.", main_category: "Ecology", sub_category: null, tags: [], source_url: null, media_paths: [], markdown_path: null, version: 1, created_at: "2026-01-01T00:00:00Z", updated_at: "2026-01-01T00:00:00Z" }),
    ),
  ];
}

describe("readEvents", () => {
  it("parses events split across chunks", async () => {
    const parts = ['event: chat.token\ndata: {"text":', '"a"}\n\nevent: chat.done\n', 'data: {"x":1}\n\n'];
    const body = new ReadableStream({ start(c) { parts.forEach((p) => c.enqueue(new TextEncoder().encode(p))); c.close(); } });
    const seen = [];
    for await (const e of readEvents(body)) seen.push(e);
    expect(seen).toEqual([{ event: "chat.token", data: { text: "a" } }, { event: "chat.done", data: { x: 1 } }]);
  });
});

describe("ChatPage", () => {
  it("streams an answer, then shows it with a citation that opens the item beside it", async () => {
    const stored: unknown[] = [];
    server.use(
      ...chatHandlers(stored),
      http.post(url("/chat/sessions/s1/messages"), () => {
        stored.push(message({ id: "m1", role: "user", content: "What do sea stars eat?", sources: [], context_stats: null, model_used: null }), message({}));
        return sse([["chat.typing", { message_id: "m2" }], ["chat.token", { message_id: "m2", text: "Sea stars " }], ["chat.token", { message_id: "m2", text: "eat mussels [1]." }], ["chat.done", { message: message({}) }]], 20);
      }),
    );
    renderRoutes([{ path: "/chat/:sessionId", element: <ChatPage /> }], "/chat/s1");
    await userEvent.type(await screen.findByLabelText("Your question"), "What do sea stars eat?{Enter}");
    const answer = await waitFor(() => {
      const el = document.querySelector('[data-role="assistant"]');
      expect(el).not.toBeNull();
      return el as HTMLElement;
    });
    expect(screen.queryByTestId("streaming-answer")).not.toBeInTheDocument();
    const link = within(answer).getByRole("link", { name: "[1]" });
    expect(link).toHaveAttribute("href", "#cite-1");
    await userEvent.click(link);
    const panel = await screen.findByRole("complementary", { name: "Source 1" });
    expect(await within(panel).findByText("note")).toBeInTheDocument();
    // The quoted passage is plain text, not Markdown source.
    expect(within(panel).getByText("Notes Sea stars eat mussels.")).toBeInTheDocument();
  });

  it("shows 'not in your knowledge base' as such, and failed answers with retry", async () => {
    server.use(...chatHandlers([
      message({ id: "a", content: "This is not in your knowledge base.", sources: [], context_stats: { found: false, query: "q", items: 0, syntheses: 0, categories: [], context_tokens: 0, token_budget: 100, trimmed: false } }),
      message({ id: "b", content: "", status: "failed", error: "The model is down." }),
    ]));
    renderRoutes([{ path: "/chat/:sessionId", element: <ChatPage /> }], "/chat/s1");
    expect(await screen.findByTestId("not-in-kb")).toHaveTextContent("Not in your knowledge base");
    expect(screen.getByRole("alert")).toHaveTextContent("The answer failed: The model is down.");
    expect(screen.getByRole("button", { name: "Retry" })).toBeInTheDocument();
  });

  it("Stop cancels the answer being streamed", async () => {
    const stored: unknown[] = [];
    let cancelled = "";
    let finish: () => void = () => {};
    server.use(
      ...chatHandlers(stored),
      http.post(url("/chat/messages/:id/cancel"), ({ params }) => {
        cancelled = String(params["id"]);
        stored.push(message({ id: "m9", content: "Partial", status: "cancelled" }));
        finish();
        return HttpResponse.json({ status: "cancelling" }, { status: 202 });
      }),
      http.post(url("/chat/sessions/s1/messages"), () => {
        const encoder = new TextEncoder();
        const stream = new ReadableStream({
          start(controller) {
            controller.enqueue(encoder.encode('event: chat.typing\ndata: {"message_id":"m9"}\n\nevent: chat.token\ndata: {"message_id":"m9","text":"Partial"}\n\n'));
            finish = () => {
              controller.enqueue(encoder.encode(`event: chat.cancelled\ndata: ${JSON.stringify({ message: message({ id: "m9", status: "cancelled" }) })}\n\n`));
              controller.close();
            };
          },
        });
        return new HttpResponse(stream, { headers: { "Content-Type": "text/event-stream" } });
      }),
    );
    renderRoutes([{ path: "/chat/:sessionId", element: <ChatPage /> }], "/chat/s1");
    await userEvent.type(await screen.findByLabelText("Your question"), "Tell me everything{Enter}");
    await within(await screen.findByTestId("streaming-answer")).findByText("Partial");
    await userEvent.click(screen.getByRole("button", { name: "Stop" }));
    await waitFor(() => expect(screen.queryByTestId("streaming-answer")).not.toBeInTheDocument());
    expect(cancelled).toBe("m9");
    expect(await screen.findByText("Cancelled.")).toBeInTheDocument();
  });

  it("the model picker names the model that answers: the configured chat model, or the session's", async () => {
    const catalogue = {
      backends: [{ backend: "local", status: "ok", detail: null, models: [], by_capability: { chat: ["local:smollm2"] } }, { backend: "openai", status: "ok", detail: null, models: [], by_capability: { chat: ["openai:writer"] } }],
      routes: { chat: "openai:writer, local:smollm2", embeddings: "local:all-minilm-l6-v2" },
    };
    server.use(http.get(url("/system/models"), () => HttpResponse.json(catalogue)), ...chatHandlers([]));
    const first = renderRoutes([{ path: "/chat/:sessionId", element: <ChatPage /> }], "/chat/s1");
    const picker = await screen.findByRole("combobox", { name: "Model for this message" });
    await waitFor(() => expect(within(picker).getAllByRole("option")[0]).toHaveTextContent("Configured model (openai:writer)"));
    expect(picker).toHaveValue("");
    first.unmount();
    server.use(http.get(url("/chat/sessions"), () => HttpResponse.json({ items: [{ ...SESSION, model: "local:smollm2" }], total: 1, limit: 200, offset: 0 })));
    renderRoutes([{ path: "/chat/:sessionId", element: <ChatPage /> }], "/chat/s1");
    const again = await screen.findByRole("combobox", { name: "Model for this message" });
    await waitFor(() => expect(within(again).getAllByRole("option")[0]).toHaveTextContent("Session model (local:smollm2)"));
  });
});
