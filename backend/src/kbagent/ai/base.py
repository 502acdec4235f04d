"""The model abstraction: a backend answers chat, streams, embeds and lists its models.

A `Backend` implements four primitives (`chat`, `stream_chat`, `embed`, `list_models`) plus
`capabilities` and `ping`, and optionally `count_tokens` (its model's own tokenizer); the rest
(a plain prompt, image description, structured output, routing and fallbacks) is built on those,
once. Models are named `backend:model`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from kbagent.errors import AIServiceError

Role = Literal["system", "user", "assistant"]


@dataclass(frozen=True)
class Message:
    role: Role
    content: str
    images: tuple[bytes, ...] = ()


@dataclass(frozen=True)
class Capabilities:
    chat: bool = True
    stream: bool = True
    embeddings: bool = False
    vision: bool = False
    json: bool = False
    context_window: int | None = None

    def flags(self) -> list[str]:
        names = ("chat", "stream", "embeddings", "vision", "json")
        return [name for name in names if getattr(self, name)]


@dataclass(frozen=True)
class Usage:
    prompt_tokens: int = 0
    completion_tokens: int = 0


@dataclass(frozen=True)
class Completion:
    text: str
    model: str  # "backend:model" that produced it
    usage: Usage
    latency_s: float


@dataclass(frozen=True)
class Embeddings:
    vectors: list[list[float]]
    model: str
    usage: Usage
    latency_s: float


@dataclass(frozen=True)
class ModelInfo:
    name: str  # "backend:model"
    capabilities: Capabilities


@dataclass(frozen=True)
class Options:
    """Per-call generation parameters; `json_schema` asks for JSON (schema-constrained if able)."""

    max_tokens: int | None = None
    temperature: float | None = None
    json_schema: dict[str, Any] | None = None
    extra: dict[str, Any] = field(default_factory=dict)


# A backend's streaming primitive yields text chunks and returns the usage when it ends.
ChunkGenerator = Generator[str, None, Usage]


class Stream(Iterator[str]):
    """Text chunks as they arrive; `close()` (or the cancel event) stops the model's stream.

    After the last chunk, `completion` holds the whole text, model, usage and latency.
    """

    def __init__(
        self,
        chunks: ChunkGenerator,
        model: str,
        started: float,
        cancel: threading.Event | None = None,
    ) -> None:
        self._chunks = chunks
        self._model = model
        self._started = started
        self._cancel = cancel
        self._parts: list[str] = []
        self.completion: Completion | None = None

    def __next__(self) -> str:
        if self._cancel is not None and self._cancel.is_set():
            self.close()
            raise StopIteration
        try:
            chunk = next(self._chunks)
        except StopIteration as stop:
            usage = stop.value if isinstance(stop.value, Usage) else Usage()
            self.completion = Completion(
                "".join(self._parts), self._model, usage, time.perf_counter() - self._started
            )
            raise
        self._parts.append(chunk)
        return chunk

    def close(self) -> None:
        self._chunks.close()

    def __enter__(self) -> Stream:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


class Backend:
    """One server (or the in-process runtime) that serves models; subclasses set `name`."""

    name: str = "backend"
    concurrency: int = 1  # requests it serves at once; a run keeps that many in flight

    def chat(self, model: str, messages: list[Message], options: Options) -> Completion:
        raise NotImplementedError

    def stream_chat(self, model: str, messages: list[Message], options: Options) -> ChunkGenerator:
        raise NotImplementedError

    def generate(
        self, model: str, prompt: str, options: Options, system: str | None = None
    ) -> Completion:
        """One prompt, no history; backends with a native completion endpoint override this."""
        messages = [Message("system", system)] if system else []
        return self.chat(model, [*messages, Message("user", prompt)], options)

    def embed(self, model: str, texts: list[str]) -> Embeddings:
        raise NotImplementedError

    def list_models(self) -> list[ModelInfo]:
        raise NotImplementedError

    def capabilities(self, model: str) -> Capabilities:
        raise NotImplementedError

    def count_tokens(self, model: str, text: str) -> int | None:
        """Tokens `text` takes for `model`, or None when the backend has no tokenizer at hand
        (callers then estimate; see `kbagent.ai.budget`)."""
        return None

    def ping(self) -> None:
        """Raise `AIServiceError` when the backend cannot serve."""
        raise NotImplementedError

    def close(self) -> None:
        """Release connections and loaded models."""

    def error(
        self,
        model: str | None,
        cause: str,
        message: str | None = None,
        *,
        usage: Usage | None = None,
    ) -> AIServiceError:
        """`usage`: what a call that failed part-way had used (it is accounted all the same)."""
        who = f"{self.name}:{model}" if model else self.name
        details: dict[str, Any] = {"backend": self.name, "model": model, "cause": cause}
        if usage is not None:
            details["usage"] = {
                "prompt_tokens": usage.prompt_tokens,
                "completion_tokens": usage.completion_tokens,
            }
        return AIServiceError(message or f"AI backend {who} failed: {cause}", details)


def usage_of_failure(exc: AIServiceError) -> Usage:
    """The tokens a failed call had used, when its backend could tell (else none)."""
    found = exc.details.get("usage")
    if not isinstance(found, dict):
        return Usage()
    return Usage(int(found.get("prompt_tokens") or 0), int(found.get("completion_tokens") or 0))
