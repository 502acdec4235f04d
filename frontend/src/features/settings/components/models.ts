/** The models a phase may use, from what the backends report, and the chain edits the picker
 * makes: a phase's setting is a chain ("ollama:qwen2.5,openai:gpt-4o-mini", first answering
 * wins), the picker chooses its first model and keeps the others as fallbacks. */
import type { ReportedModel } from "../api/settings";

/** Which capability a phase's model needs (chat otherwise). */
const NEEDS: Record<string, string> = { model_embeddings: "embeddings", model_vision: "vision" };

export function modelsFor(setting: string, reported: ReportedModel[]): string[] {
  const need = NEEDS[setting] ?? "chat";
  return [...new Set(reported.filter((m) => m.capabilities.includes(need)).map((m) => m.name))].sort();
}

export function chainOf(raw: string): string[] {
  return raw.split(",").map((m) => m.trim()).filter(Boolean);
}

/** `picked` first, then the chain's other models. */
export function withFirst(raw: string, picked: string): string {
  return [picked, ...chainOf(raw).filter((m) => m !== picked)].join(",");
}
