"""Ollama's native API: /api/chat, /api/generate, /api/embed, /api/tags, /api/show (NDJSON)."""

from __future__ import annotations

import base64
import json
import time
from typing import Any

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


def _message(message: Message) -> dict[str, Any]:
    out: dict[str, Any] = {"role": message.role, "content": message.content}
    if message.images:
        out["images"] = [base64.b64encode(image).decode() for image in message.images]
    return out


def _usage(data: dict[str, Any]) -> Usage:
    return Usage(int(data.get("prompt_eval_count") or 0), int(data.get("eval_count") or 0))


# Ollama's num_ctx when none is set (4096 from 0.6 on; older servers used 2048): the safe one.
DEFAULT_NUM_CTX = 2048


class OllamaBackend(Backend):
    name = "ollama"

    def __init__(
        self,
        base_url: str,
        limits: Limits | None = None,
        defaults: dict[str, Any] | None = None,
        concurrency: int = 1,
    ) -> None:
        self.concurrency = concurrency
        self.limits = limits or Limits()
        self.defaults = dict(defaults or {})  # model options for every call, e.g. num_ctx
        self.transport = Transport(make_client(base_url, self.limits), self.limits, self.error)
        self._shown: dict[str, Capabilities] = {}

    def _body(self, model: str, options: Options, **fields: Any) -> dict[str, Any]:
        body: dict[str, Any] = {"model": model, **fields}
        params: dict[str, Any] = dict(self.defaults)
        if options.max_tokens is not None:
            params["num_predict"] = options.max_tokens
        if options.temperature is not None:
            params["temperature"] = options.temperature
        params.update(options.extra)
        if params:
            body["options"] = params
        if options.json_schema is not None:
            body["format"] = options.json_schema  # Ollama constrains output to the schema
        return body

    def _chat_body(self, model: str, messages: list[Message], options: Options) -> dict[str, Any]:
        return self._body(model, options, messages=[_message(m) for m in messages])

    def chat(self, model: str, messages: list[Message], options: Options) -> Completion:
        started = time.perf_counter()
        body = self._chat_body(model, messages, options) | {"stream": False}
        data = self.transport.json("POST", "/api/chat", model, body)
        try:
            text = str(data["message"]["content"])
        except (KeyError, TypeError):
            raise self.error(model, f"unexpected reply: {str(data)[:200]}") from None
        return Completion(text, f"ollama:{model}", _usage(data), time.perf_counter() - started)

    def generate(
        self, model: str, prompt: str, options: Options, system: str | None = None
    ) -> Completion:
        """A single prompt through /api/generate (no chat template round trip)."""
        started = time.perf_counter()
        fields: dict[str, Any] = {"prompt": prompt, "stream": False}
        if system is not None:
            fields["system"] = system
        data = self.transport.json(
            "POST", "/api/generate", model, self._body(model, options, **fields)
        )
        if not isinstance(data, dict) or "response" not in data:
            raise self.error(model, f"unexpected reply: {str(data)[:200]}")
        text = str(data["response"])
        return Completion(text, f"ollama:{model}", _usage(data), time.perf_counter() - started)

    def stream_chat(self, model: str, messages: list[Message], options: Options) -> ChunkGenerator:
        body = self._chat_body(model, messages, options) | {"stream": True}
        with self.transport.open("POST", "/api/chat", model, body) as (response, deadline):
            for line in self.transport.iter_lines(response, model, deadline):
                if not line.strip():
                    continue
                try:
                    event = json.loads(line)
                except ValueError:
                    raise self.error(model, f"malformed stream chunk: {line[:200]!r}") from None
                if not isinstance(event, dict):
                    raise self.error(model, f"malformed stream chunk: {line[:200]!r}")
                if "error" in event:
                    raise self.error(model, f"stream error: {str(event['error'])[:300]}")
                text = (event.get("message") or {}).get("content")
                if text:
                    yield str(text)
                if event.get("done"):
                    return _usage(event)
        raise self.error(model, "stream ended before completion")

    def embed(self, model: str, texts: list[str]) -> Embeddings:
        started = time.perf_counter()
        data = self.transport.json("POST", "/api/embed", model, {"model": model, "input": texts})
        try:
            vectors = [[float(x) for x in row] for row in data["embeddings"]]
        except (KeyError, TypeError, ValueError):
            raise self.error(model, f"unexpected reply: {str(data)[:200]}") from None
        usage = Usage(int(data.get("prompt_eval_count") or 0), 0)
        return Embeddings(vectors, f"ollama:{model}", usage, time.perf_counter() - started)

    def list_models(self) -> list[ModelInfo]:
        data = self.transport.json("GET", "/api/tags", None, retry=False)
        names = sorted(str(row["name"]) for row in data.get("models", []) if "name" in row)
        return [ModelInfo(f"ollama:{name}", self._listed(name)) for name in names]

    def _listed(self, model: str) -> Capabilities:
        try:
            return self.capabilities(model)
        except AIServiceError:  # one model that cannot be described does not hide the rest
            return Capabilities(json=True)

    def capabilities(self, model: str) -> Capabilities:
        if model not in self._shown:
            data = self.transport.json("POST", "/api/show", model, {"model": model})
            flags = set(data.get("capabilities") or ["completion"])
            info = data.get("model_info") or {}
            trained = next((int(v) for k, v in info.items() if k.endswith(".context_length")), None)
            # A request gets num_ctx tokens, whatever the model was trained for, and Ollama
            # cuts a longer prompt silently: budgets must use what a request gets.
            context = min(
                trained or DEFAULT_NUM_CTX,
                int(self.defaults.get("num_ctx") or 0) or DEFAULT_NUM_CTX,
            )
            chat = "completion" in flags
            self._shown[model] = Capabilities(
                chat=chat,
                stream=chat,
                embeddings="embedding" in flags,
                vision="vision" in flags,
                json=chat,
                context_window=context,
            )
        return self._shown[model]

    def ping(self) -> None:
        self.transport.json("GET", "/api/version", None, retry=False)

    def close(self) -> None:
        self.transport.client.close()
