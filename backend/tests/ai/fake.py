"""A deterministic backend for pipeline and chat tests: no model, same input -> same output.

- embeddings: hashed bag of words -> unit vector (`dim`), so texts sharing words are close;
- chat: "fake reply to: <last user message>" (or `replies`, consumed in order);
- structured output: when a JSON schema is asked for, a JSON object built from the schema
  (strings derived from the prompt's hash, numbers, booleans, lists of one, enums' first value);
- `down=True` makes every call fail like an unreachable server; `invalid_json` makes the next N
  structured replies invalid, to exercise repair-and-retry.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

import numpy as np

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


def fake_vector(text: str, dim: int = 384) -> list[float]:
    vector = np.zeros(dim, dtype=np.float64)
    for word in re.findall(r"\w+", text.lower()) or [text]:
        digest = hashlib.sha256(word.encode()).digest()
        vector[int.from_bytes(digest[:4], "big") % dim] += 1.0 if digest[4] % 2 else -1.0
    norm = float(np.linalg.norm(vector)) or 1.0
    return [float(x) for x in vector / norm]


def _resolve(schema: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        return dict(root["$defs"][ref.removeprefix("#/$defs/")])
    if "anyOf" in schema:  # Optional[X]: take the first non-null branch
        branch = next(s for s in schema["anyOf"] if s.get("type") != "null")
        return _resolve(branch, root)
    return schema


def instance_for(schema: dict[str, Any], seed: str, root: dict[str, Any] | None = None) -> Any:
    """A deterministic value that validates against a (Pydantic-generated) JSON schema."""
    root = root or schema
    schema = _resolve(schema, root)
    token = hashlib.sha256(seed.encode()).hexdigest()[:8]
    if "enum" in schema:
        return schema["enum"][0]
    if "const" in schema:
        return schema["const"]
    kind = schema.get("type", "object")
    if kind == "object":
        props: dict[str, Any] = schema.get("properties", {})
        return {k: instance_for(v, f"{seed}.{k}", root) for k, v in props.items()}
    if kind == "array":
        count = max(1, int(schema.get("minItems", 1)))
        return [instance_for(schema.get("items", {}), f"{seed}[{i}]", root) for i in range(count)]
    if kind == "integer":
        return int(schema.get("minimum", 1))
    if kind == "number":
        return float(schema.get("minimum", 0.5))
    if kind == "boolean":
        return True
    text = f"{seed.rsplit('.', 1)[-1]}_{token}"
    max_length = schema.get("maxLength")
    return text[:max_length] if isinstance(max_length, int) else text


class FakeBackend(Backend):
    def __init__(
        self,
        name: str = "fake",
        models: tuple[str, ...] = ("chat", "embed", "vision"),
        down: bool = False,
        replies: list[str] | None = None,
        invalid_json: int = 0,
        dim: int = 384,
    ) -> None:
        self.name = name
        self.models = models
        self.down = down
        self.replies = list(replies or [])
        self.invalid_json = invalid_json
        self.dim = dim
        self.calls: list[tuple[str, str]] = []  # (operation, model)

    def _enter(self, operation: str, model: str) -> None:
        self.calls.append((operation, model))
        if self.down:
            raise self.error(model, "cannot connect: connection refused")
        if model not in self.models:
            raise self.error(model, "model not found")

    def _reply(self, messages: list[Message], options: Options) -> str:
        if options.json_schema is not None:
            if self.invalid_json > 0:
                self.invalid_json -= 1
                return "Sure! {not json"
            seed = messages[-1].content if messages else ""
            return json.dumps(instance_for(options.json_schema, seed))
        if self.replies:
            return self.replies.pop(0)
        last = next((m for m in reversed(messages) if m.role == "user"), None)
        images = f" [{len(last.images)} image(s)]" if last and last.images else ""
        return f"fake reply to: {last.content if last else ''}{images}"

    @staticmethod
    def _usage(messages: list[Message], text: str) -> Usage:
        prompt = sum(len(m.content.split()) for m in messages)
        return Usage(prompt, len(text.split()))

    def chat(self, model: str, messages: list[Message], options: Options) -> Completion:
        self._enter("chat", model)
        text = self._reply(messages, options)
        return Completion(text, f"{self.name}:{model}", self._usage(messages, text), 0.001)

    def stream_chat(self, model: str, messages: list[Message], options: Options) -> ChunkGenerator:
        self._enter("stream", model)
        text = self._reply(messages, options)
        yield from re.findall(r"\S+\s*", text)
        return self._usage(messages, text)

    def embed(self, model: str, texts: list[str]) -> Embeddings:
        self._enter("embed", model)
        vectors = [fake_vector(t, self.dim) for t in texts]
        tokens = sum(len(t.split()) for t in texts)
        return Embeddings(vectors, f"{self.name}:{model}", Usage(tokens, 0), 0.001)

    def list_models(self) -> list[ModelInfo]:
        if self.down:
            raise self.error(None, "cannot connect: connection refused")
        return [ModelInfo(f"{self.name}:{m}", self.capabilities(m)) for m in self.models]

    def capabilities(self, model: str) -> Capabilities:
        if model.startswith("embed"):
            return Capabilities(chat=False, stream=False, embeddings=True, context_window=512)
        return Capabilities(vision=model.startswith("vision"), json=True, context_window=4096)

    def ping(self) -> None:
        if self.down:
            raise self.error(None, "cannot connect: connection refused")


__all__ = ["FakeBackend", "fake_vector", "instance_for"]
