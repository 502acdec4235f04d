"""Every OpenAI-compatible server (OpenAI, LocalAI, vLLM, llama.cpp): one class, by base URL."""

from __future__ import annotations

import base64
import json
import time
from typing import Any, Literal

from kbagent.ai.base import (
    Backend,
    Capabilities,
    ChunkGenerator,
    Completion,
    Embeddings,
    Message,
    ModelInfo,
    Options,
    Usage,
)
from kbagent.ai.transport import Limits, Transport, make_client
from kbagent.errors import AIServiceError

JsonMode = Literal["json_schema", "json_object", "none"]
_VISION_HINTS = ("gpt-4o", "gpt-4.1", "vision", "llava", "-vl", "pixtral", "gemma-3", "gemma3")
_MODEL_LIST_TTL_S = 60.0


def image_type(image: bytes) -> str:
    """The MIME type of an image from its first bytes (JPEG when unknown)."""
    if image.startswith(b"\x89PNG"):
        return "image/png"
    if image.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if image[:4] == b"RIFF" and image[8:12] == b"WEBP":
        return "image/webp"
    return "image/jpeg"


def _content(message: Message) -> str | list[dict[str, Any]]:
    if not message.images:
        return message.content
    parts: list[dict[str, Any]] = [{"type": "text", "text": message.content}]
    for image in message.images:
        url = f"data:{image_type(image)};base64," + base64.b64encode(image).decode()
        parts.append({"type": "image_url", "image_url": {"url": url}})
    return parts


def _usage(data: Any) -> Usage | None:
    if not isinstance(data, dict) or not isinstance(data.get("usage"), dict):
        return None
    usage = data["usage"]
    return Usage(int(usage.get("prompt_tokens") or 0), int(usage.get("completion_tokens") or 0))


def _vector(raw: Any) -> list[float]:
    """One vector; a server without pooling (llama.cpp on a chat model) sends one per token,
    which are mean-pooled here."""
    if raw and isinstance(raw[0], list):
        width = len(raw[0])
        return [sum(float(row[i]) for row in raw) / len(raw) for i in range(width)]
    return [float(x) for x in raw]


class OpenAICompatBackend(Backend):
    name = "openai"

    def __init__(
        self,
        base_url: str,
        api_key: str | None = None,
        limits: Limits | None = None,
        json_mode: JsonMode = "json_schema",
        name: str = "openai",
        extra_body: dict[str, Any] | None = None,
        context_window: int | None = None,
        concurrency: int = 1,
    ) -> None:
        self.name = name
        self.concurrency = concurrency
        # The OpenAI API does not report a model's window; the user may state it.
        self.context_window = context_window
        self.extra_body = dict(extra_body or {})  # server-specific parameters, every request
        self.limits = limits or Limits()
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else None
        self.transport = Transport(
            make_client(base_url, self.limits, headers), self.limits, self.error
        )
        self.json_mode = json_mode
        self._known: tuple[float, set[str]] | None = None

    # -- requests --------------------------------------------------------------------------
    def _body(self, model: str, messages: list[Message], options: Options) -> dict[str, Any]:
        self._check_model(model)
        body: dict[str, Any] = {
            "model": model,
            "messages": [{"role": m.role, "content": _content(m)} for m in messages],
        }
        if options.max_tokens is not None:
            body["max_tokens"] = options.max_tokens
        if options.temperature is not None:
            body["temperature"] = options.temperature
        schema = options.json_schema
        if schema is not None and self.json_mode == "json_schema":
            body["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": str(schema.get("title", "output")), "schema": schema},
            }
        elif schema is not None and self.json_mode == "json_object":
            # llama.cpp turns the schema into a grammar; others ignore the extra key.
            body["response_format"] = {"type": "json_object", "schema": schema}
        body.update(self.extra_body)
        body.update(options.extra)
        return body

    def _check_model(self, model: str) -> None:
        """Fail fast on a model the server does not list (some servers silently substitute)."""
        now = time.monotonic()
        if self._known is None or now - self._known[0] > _MODEL_LIST_TTL_S:
            try:
                names = set(self._model_ids())
            except AIServiceError:
                return  # a server without /models (or down): let the request itself decide
            self._known = (now, names)
        if self._known[1] and model not in self._known[1]:
            raise self.error(model, "model not found on the server")

    def chat(self, model: str, messages: list[Message], options: Options) -> Completion:
        started = time.perf_counter()
        data = self.transport.json(
            "POST", "/chat/completions", model, self._body(model, messages, options)
        )
        try:
            text = data["choices"][0]["message"]["content"] or ""
        except (KeyError, IndexError, TypeError):
            raise self.error(model, f"unexpected reply: {str(data)[:200]}") from None
        usage = _usage(data) or Usage()
        return Completion(text, f"{self.name}:{model}", usage, time.perf_counter() - started)

    def stream_chat(self, model: str, messages: list[Message], options: Options) -> ChunkGenerator:
        body = self._body(model, messages, options) | {"stream": True}
        # Usage in the last event (OpenAI, vLLM); servers that ignore it get counted chunks.
        body.setdefault("stream_options", {"include_usage": True})
        chunks = 0
        usage: Usage | None = None
        with self.transport.open("POST", "/chat/completions", model, body) as (response, deadline):
            for line in self.transport.iter_lines(response, model, deadline):
                if not line.startswith("data:"):
                    continue
                payload = line[5:].strip()
                if payload == "[DONE]":
                    return usage or Usage(0, chunks)
                try:
                    event = json.loads(payload)
                except ValueError:
                    raise self.error(model, f"malformed stream event: {payload[:200]!r}") from None
                if "error" in event:
                    raise self.error(model, f"stream error: {str(event['error'])[:300]}")
                usage = _usage(event) or usage
                for choice in event.get("choices") or []:
                    text = (choice.get("delta") or {}).get("content")
                    if text:
                        chunks += 1
                        yield text
        raise self.error(model, "stream ended before completion")

    def embed(self, model: str, texts: list[str]) -> Embeddings:
        self._check_model(model)
        started = time.perf_counter()
        data = self.transport.json("POST", "/embeddings", model, {"model": model, "input": texts})
        try:
            rows = sorted(data["data"], key=lambda row: int(row.get("index", 0)))
            vectors = [_vector(row["embedding"]) for row in rows]
        except (KeyError, TypeError, ValueError):
            raise self.error(model, f"unexpected reply: {str(data)[:200]}") from None
        usage = _usage(data) or Usage()
        return Embeddings(vectors, f"{self.name}:{model}", usage, time.perf_counter() - started)

    # -- discovery -------------------------------------------------------------------------
    def _model_ids(self) -> list[str]:
        # Not retried: listing is a quick question, and the real request retries anyway.
        data = self.transport.json("GET", "/models", None, retry=False)
        rows = data.get("data", []) if isinstance(data, dict) else []
        return sorted(str(row["id"]) for row in rows if isinstance(row, dict) and "id" in row)

    def list_models(self) -> list[ModelInfo]:
        return [ModelInfo(f"{self.name}:{i}", self.capabilities(i)) for i in self._model_ids()]

    def capabilities(self, model: str) -> Capabilities:
        # The OpenAI API does not describe capabilities; judge by the usual naming.
        lowered = model.lower()
        if "embed" in lowered or "minilm" in lowered or lowered.startswith("bge"):
            return Capabilities(chat=False, stream=False, embeddings=True)
        return Capabilities(
            embeddings=False,
            vision=any(hint in lowered for hint in _VISION_HINTS),
            json=self.json_mode != "none",
            context_window=self.context_window,
        )

    def ping(self) -> None:
        self.transport.json("GET", "/models", None, retry=False)

    def close(self) -> None:
        self.transport.client.close()
