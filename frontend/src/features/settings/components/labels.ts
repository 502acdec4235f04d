/**
 * What the settings form calls each setting. The API names a setting by its field
 * (`openai_base_url`); people read "OpenAI-compatible base URL". A setting added to the backend
 * without a label here still reads well enough: its name, spaced, with acronyms capitalised.
 */
const LABELS: Record<string, string> = {
  ollama_url: "Ollama URL",
  ollama_options: "Ollama model options",
  openai_base_url: "OpenAI-compatible base URL",
  openai_api_key: "OpenAI-compatible API key",
  openai_json_mode: "OpenAI-compatible JSON mode",
  openai_extra_body: "OpenAI-compatible extra request fields",
  openai_context_window: "OpenAI-compatible context window (tokens)",
  model_vision: "Vision model",
  model_categorisation: "Categorisation model",
  model_kb_generation: "Knowledge-base article model",
  model_synthesis: "Synthesis model",
  model_chat: "Chat model",
  model_embeddings: "Embeddings model",
  chat_answer_strategy: "Chat answer strategy",
  model_prices: "Model prices (USD per million tokens)",
  synthesis_min_items: "Minimum items per synthesis",
  synthesis_max_items: "Maximum sources per synthesis",
  synthesis_min_subcategories: "Subcategory syntheses before a main-category synthesis",
  category_similarity: "New-category similarity limit",
  vault_auto_sync: "Sync the vault on each change",
  pipeline_batch_size: "Pipeline batch size",
  pipeline_max_attempts: "Attempts per item and phase",
  fetch_timeout_seconds: "Page fetch timeout (seconds)",
  fetch_max_bytes: "Largest fetched page (bytes)",
  fetch_max_redirects: "Redirects followed per fetch",
  media_max_bytes: "Largest media file (bytes)",
  retain_runs: "Runs whose event logs are kept",
  retain_event_days: "Days other events are kept",
  retain_usage_days: "Days AI usage records are kept",
  retain_item_versions: "Versions kept per item",
  backup_cron: "Backup schedule (cron)",
  backup_keep: "Scheduled backups kept",
  x_client_id: "X client ID",
  x_client_secret: "X client secret",
  x_redirect_uri: "X redirect URI",
};

const ACRONYMS: Record<string, string> = { ai: "AI", api: "API", id: "ID", json: "JSON", kb: "KB", openai: "OpenAI", uri: "URI", url: "URL", x: "X" };

export function settingLabel(name: string): string {
  const known = LABELS[name];
  if (known) return known;
  const words = name.split("_").map((w) => ACRONYMS[w] ?? w);
  return words.join(" ").replace(/^./, (c) => c.toUpperCase());
}
