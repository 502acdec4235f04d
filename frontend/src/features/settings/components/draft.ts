/** Turning the form's text back into setting values, and only the ones the admin changed. */
import { settingLabel } from "./labels";

export type Raw = string | boolean;
export type Kind = "boolean" | "number" | "json" | "text" | "secret" | "choice";

export const CHOICES: Record<string, string[]> = {
  openai_json_mode: ["json_schema", "json_object", "none"],
  chat_answer_strategy: ["auto", "model", "extractive"],
};

/** Settings that may be empty (null) rather than an empty string. */
const NULLABLE = new Set(["ollama_url", "openai_base_url", "openai_context_window", "x_client_id"]);

export function kindOf(name: string, value: unknown, secret: boolean): Kind {
  if (secret) return "secret";
  if (name in CHOICES) return "choice";
  if (typeof value === "boolean") return "boolean";
  if (typeof value === "number" || name === "openai_context_window") return "number";
  if (value !== null && typeof value === "object") return "json";
  return "text";
}

export function toRaw(kind: Kind, value: unknown): Raw {
  if (kind === "boolean") return Boolean(value);
  if (kind === "secret") return "";
  if (kind === "json") return JSON.stringify(value ?? {}, null, 2);
  return value == null ? "" : String(value);
}

export class DraftError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

/** The value to send for one edited field. */
export function fromRaw(name: string, kind: Kind, raw: Raw): unknown {
  if (kind === "boolean") return raw === true;
  const text = String(raw).trim();
  if (kind === "number") {
    if (text === "" && NULLABLE.has(name)) return null;
    const n = Number(text);
    if (text === "" || !Number.isFinite(n)) throw new DraftError(name, `${settingLabel(name)} must be a number.`);
    return n;
  }
  if (kind === "json") {
    try {
      return JSON.parse(text || "{}");
    } catch {
      throw new DraftError(name, `${settingLabel(name)} must be JSON (an object such as {"temperature": 0.2}).`);
    }
  }
  if (text === "" && NULLABLE.has(name)) return null;
  return text;
}
