import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { beforeEach, describe, expect, it } from "vitest";
import { authHandlers, envelope, url, user } from "@/test/handlers";
import { renderAt } from "@/test/render";
import { server } from "@/test/server";
import { fromRaw } from "./draft";
import { settingLabel } from "./labels";
import { SettingsPage } from "./SettingsPage";

const info = (name: string, group: string, extra = {}) => ({
  name, group, secret: false, source: "default", environment_variable: `KBAGENT_${name.toUpperCase()}`,
  description: null, updated_at: null, updated_by: null, ...extra,
});
const SETTINGS = {
  version: 3,
  values: { openai_base_url: "http://127.0.0.1:9/v1", openai_api_key: "****wxyz", ollama_options: { num_ctx: 4096 }, synthesis_min_items: 3, vault_auto_sync: true, openai_json_mode: "json_schema" },
  fields: [
    info("openai_base_url", "ai_backends", { source: "environment" }),
    info("openai_api_key", "ai_backends", { secret: true, source: "database", updated_by: "ada" }),
    info("ollama_options", "ai_backends"),
    info("openai_json_mode", "ai_backends"),
    info("synthesis_min_items", "processing"),
    info("vault_auto_sync", "processing"),
  ],
};

const model = (name: string, capabilities: string[]) => ({ name, capabilities, context_window: null });
const CATALOGUE = {
  routes: {},
  backends: [{ backend: "ollama", status: "ok", detail: null, by_capability: {}, models: [model("ollama:qwen", ["chat", "stream"]), model("ollama:minilm", ["embeddings"])] }],
};

describe("SettingsPage", () => {
  beforeEach(() => server.use(
    http.get(url("/users"), () => HttpResponse.json([user("admin")])),
    http.get(url("/system/models"), () => HttpResponse.json(CATALOGUE)),
  ));

  it("sends only what changed, keeps a blank secret, and resets to the environment", async () => {
    let sent: unknown = null;
    server.use(
      ...authHandlers("admin"),
      http.get(url("/settings"), () => HttpResponse.json(SETTINGS)),
      http.put(url("/settings"), async ({ request }) => { sent = await request.json(); return HttpResponse.json({ ...SETTINGS, version: 4 }); }),
    );
    renderAt(<SettingsPage />);
    const min = await screen.findByLabelText("Minimum items per synthesis");
    await userEvent.clear(min);
    await userEvent.type(min, "5");
    await userEvent.click(screen.getByLabelText("Sync the vault on each change"));
    expect(screen.getByLabelText("OpenAI-compatible API key")).toHaveAttribute("placeholder", "****wxyz (leave blank to keep)");
    await userEvent.click(screen.getByLabelText("Back to the environment's value"));
    await userEvent.click(screen.getByRole("button", { name: "Save 3 changes" }));
    await expect.poll(() => sent).toEqual({ synthesis_min_items: 5, vault_auto_sync: false, reset: ["openai_api_key"] });
    expect(await screen.findByText(/Settings saved/)).toBeInTheDocument();
  });

  it("refuses malformed JSON before sending, and shows the server's refusal naming the field", async () => {
    let puts = 0;
    server.use(
      ...authHandlers("admin"),
      http.get(url("/settings"), () => HttpResponse.json(SETTINGS)),
      http.put(url("/settings"), () => { puts += 1; return envelope("validation_error", "synthesis_min_items: must be at least 1", 422); }),
    );
    renderAt(<SettingsPage />);
    const options = await screen.findByLabelText("Ollama model options");
    await userEvent.clear(options);
    await userEvent.type(options, "not json");
    await userEvent.click(screen.getByRole("button", { name: "Save 1 change" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Ollama model options must be JSON");
    expect(puts).toBe(0);
    await userEvent.click(screen.getByRole("button", { name: "Discard" }));
    const min = screen.getByLabelText("Minimum items per synthesis");
    await userEvent.clear(min);
    await userEvent.type(min, "0");
    await userEvent.click(screen.getByRole("button", { name: "Save 1 change" }));
    expect((await screen.findAllByText(/synthesis_min_items: must be at least 1/)).length).toBeGreaterThan(0);
  });

  it("tests a backend's connection and lists its models", async () => {
    server.use(
      ...authHandlers("admin"),
      http.get(url("/settings"), () => HttpResponse.json(SETTINGS)),
      http.post(url("/settings/backends/openai/test"), () => HttpResponse.json({
        backend: "openai", status: "ok", detail: null, latency_ms: 12, by_capability: {},
        models: [{ name: "openai:writer", capabilities: ["chat", "json"], context_window: 8192 }],
      })),
    );
    renderAt(<SettingsPage />);
    await userEvent.click(await screen.findByRole("button", { name: "Test OpenAI-compatible connection" }));
    const result = await screen.findByTestId("connection-openai");
    expect(result).toHaveAttribute("data-status", "ok");
    expect(within(result).getByText(/openai:writer: chat, json, 8,192 tokens/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole("tab", { name: "Users" }));
    expect(await screen.findByRole("list", { name: "Users" })).toHaveTextContent("ada (you)");
    await userEvent.click(screen.getByRole("tab", { name: "Configuration" }));
    expect(screen.getByTestId("connection-openai")).toHaveAttribute("data-status", "ok"); // kept while away
  });

  it("picks a phase's model from the models the backends report, keeping the chain's fallbacks", async () => {
    let sent: unknown = null;
    const withModels = {
      ...SETTINGS,
      values: { ...SETTINGS.values, model_chat: "custom:typed,ollama:qwen", model_embeddings: "ollama:minilm" },
      fields: [...SETTINGS.fields, info("model_chat", "models"), info("model_embeddings", "models")],
    };
    server.use(
      ...authHandlers("admin"),
      http.get(url("/settings"), () => HttpResponse.json(withModels)),
      http.put(url("/settings"), async ({ request }) => { sent = await request.json(); return HttpResponse.json(withModels); }),
      http.post(url("/settings/backends/openai/test"), () => HttpResponse.json({
        backend: "openai", status: "ok", detail: null, latency_ms: 12, by_capability: {},
        models: [model("openai:writer", ["chat", "json"])],
      })),
    );
    renderAt(<SettingsPage />);
    const chat = await screen.findByRole("combobox", { name: "Chat model: pick a reported model" });
    expect(chat).toHaveValue("");
    await expect.poll(() => within(chat).getAllByRole("option").map((o) => o.textContent)).toEqual(["custom:typed (typed; not reported)", "ollama:qwen"]);
    // Embeddings offer embedding models only.
    const embeddings = screen.getByRole("combobox", { name: "Embeddings model: pick a reported model" });
    expect(within(embeddings).getAllByRole("option").map((o) => o.textContent)).toEqual(["", "ollama:minilm"]);
    expect(embeddings).toHaveValue("ollama:minilm");
    // A tested connection adds its models.
    await userEvent.click(screen.getByRole("button", { name: "Test OpenAI-compatible connection" }));
    await expect.poll(() => within(chat).queryByRole("option", { name: "openai:writer" })).not.toBeNull();
    await userEvent.selectOptions(chat, "openai:writer");
    expect(screen.getByLabelText("Chat model")).toHaveValue("openai:writer,custom:typed,ollama:qwen");
    await userEvent.click(screen.getByRole("button", { name: "Save 1 change" }));
    await expect.poll(() => sent).toEqual({ model_chat: "openai:writer,custom:typed,ollama:qwen" });
  });

  it("tells a non-admin settings are for admins, without asking the server", async () => {
    server.use(...authHandlers("editor"));
    renderAt(<SettingsPage />);
    expect(await screen.findByText("Settings are for admins")).toBeInTheDocument();
    expect(screen.queryByRole("tab", { name: "Users" })).toBeNull();
  });

  it("labels settings for people, not by their field names", async () => {
    server.use(...authHandlers("admin"), http.get(url("/settings"), () => HttpResponse.json(SETTINGS)));
    renderAt(<SettingsPage />);
    expect(await screen.findByLabelText("OpenAI-compatible base URL")).toHaveValue("http://127.0.0.1:9/v1");
    expect(screen.queryByText(/Openai base url/i)).toBeNull();
    expect(settingLabel("ollama_url")).toBe("Ollama URL");
    expect(settingLabel("x_client_id")).toBe("X client ID");
    // A setting the form has no label for yet still reads as words, acronyms capitalised.
    expect(settingLabel("openai_new_api_url")).toBe("OpenAI new API URL");
  });

  it("turns form text into values", () => {
    expect(fromRaw("openai_base_url", "text", "  ")).toBeNull();
    expect(fromRaw("synthesis_min_items", "number", "4")).toBe(4);
    expect(() => fromRaw("synthesis_min_items", "number", "")).toThrow(/must be a number/);
    expect(fromRaw("ollama_options", "json", '{"num_ctx": 8192}')).toEqual({ num_ctx: 8192 });
  });
});
