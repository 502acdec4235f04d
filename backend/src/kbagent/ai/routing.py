"""Model choice per phase, fallback chains, and usage accounting for every call.

A phase's route is a chain of `backend:model` names; a call goes to the first model whose
backend is up and which has the capability the call needs, and falls back along the chain when
a backend fails. Every call (success or failure) becomes a `UsageRecord` with its latency and
the tokens it used, also when it failed part-way (a timeout after minutes of generation).
Calls of the `chat` phase are marked interactive, so in-process models serve them first.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, TypeVar, get_args

from pydantic import BaseModel

from kbagent.ai import lanes
from kbagent.ai.attribution import current_item
from kbagent.ai.base import (
    Backend,
    Capabilities,
    ChunkGenerator,
    Completion,
    Embeddings,
    Message,
    Options,
    Stream,
    Usage,
    usage_of_failure,
)
from kbagent.ai.budget import DEFAULT_CONTEXT_WINDOW, Budget, estimate_tokens
from kbagent.ai.embedding_cache import EmbeddingCache
from kbagent.ai.structured import Structured, generate_structured
from kbagent.errors import AIServiceError

Phase = Literal["vision", "categorisation", "kb_generation", "synthesis", "chat", "embeddings"]
PHASES: tuple[Phase, ...] = get_args(Phase)
Need = Literal["chat", "stream", "embeddings", "vision"]
INTERACTIVE: frozenset[str] = frozenset({"chat"})  # a person waits for these phases' answers

R = TypeVar("R")
T = TypeVar("T", bound=BaseModel)
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class UsageRecord:
    run_id: str | None
    phase: str
    operation: str
    model: str
    prompt_tokens: int
    completion_tokens: int
    latency_ms: float
    cost_usd: float | None
    success: bool
    error: str | None = None
    item_id: str | None = None


Recorder = Callable[[UsageRecord], None]


def parse_chain(spec: str) -> list[tuple[str, str]]:
    """ "ollama:llama3.2, local:smollm2" -> [("ollama", "llama3.2"), ("local", "smollm2")]."""
    chain = []
    for part in spec.split(","):
        name = part.strip()
        if not name:
            continue
        backend, sep, model = name.partition(":")
        if not sep or not model:
            raise AIServiceError(
                f"Model {name!r} must be named backend:model, e.g. ollama:llama3.2.",
                {"backend": backend, "model": name, "cause": "bad model name"},
            )
        chain.append((backend, model))
    return chain


class AI:
    """The AI entry point used by the pipeline, chat and the API."""

    def __init__(
        self,
        backends: Mapping[str, Backend],
        routes: Mapping[str, str],
        prices: Mapping[str, tuple[float, float]] | None = None,
        recorder: Recorder | None = None,
        run_id: str | None = None,
    ) -> None:
        self.backends = dict(backends)
        self.routes = dict(routes)
        self.prices = dict(prices or {})
        self.recorder = recorder
        self.run_id = run_id

    def for_run(self, run_id: str | None, overrides: Mapping[str, str] | None = None) -> AI:
        """The same backends, accounted to `run_id`, with per-run model overrides by phase."""
        routes = self.routes | {k: v for k, v in (overrides or {}).items() if v}
        return AI(self.backends, routes, self.prices, self.recorder, run_id)

    # -- routing ---------------------------------------------------------------------------
    def chain(self, phase: str, model: str | None = None) -> list[tuple[Backend, str]]:
        spec = model or self.routes.get(phase, "")
        pairs = parse_chain(spec)
        if not pairs:
            raise AIServiceError(
                f"No model configured for phase {phase} (set KBAGENT_MODEL_{phase.upper()}).",
                {"backend": None, "model": None, "cause": "not configured", "phase": phase},
            )
        chain = []
        for backend_name, name in pairs:
            backend = self.backends.get(backend_name)
            if backend is None:
                raise AIServiceError(
                    f"Backend {backend_name} for {backend_name}:{name} is not configured.",
                    {"backend": backend_name, "model": name, "cause": "backend not configured"},
                )
            chain.append((backend, name))
        return chain

    def concurrency(self, phase: str, model: str | None = None) -> int:
        """How many of the phase's calls to keep in flight: what its first model's backend
        serves at once (1 when the phase has no model)."""
        try:
            backend, _ = self.chain(phase, model)[0]
        except AIServiceError:
            return 1
        return max(1, int(backend.concurrency))

    def capabilities(self, phase: str, model: str | None = None) -> Capabilities:
        backend, name = self.chain(phase, model)[0]
        return backend.capabilities(name)

    def budget(self, phase: str, model: str | None = None) -> Budget:
        """The token budget of a phase's calls: the smallest known window along its chain (a
        fallback model must fit the same prompt), counted with the first model's tokenizer."""
        windows: list[int] = []
        counter = None
        for backend, name in self.chain(phase, model):
            try:
                window = backend.capabilities(name).context_window
                if counter is None and backend.count_tokens(name, "a") is not None:
                    counter = _counter(backend, name)
            except AIServiceError:
                continue  # a backend that cannot say now is judged when it is called
            windows.append(window or DEFAULT_CONTEXT_WINDOW)
        return Budget(min(windows, default=DEFAULT_CONTEXT_WINDOW), counter or estimate_tokens)

    def _cost(self, model: str, usage: Usage) -> float | None:
        price = self.prices.get(model)
        if price is None:
            return None
        return (usage.prompt_tokens * price[0] + usage.completion_tokens * price[1]) / 1e6

    def _record(
        self,
        phase: str,
        operation: str,
        model: str,
        usage: Usage,
        latency_s: float,
        error: str | None = None,
    ) -> None:
        if self.recorder is None:
            return
        record = UsageRecord(
            self.run_id,
            phase,
            operation,
            model,
            usage.prompt_tokens,
            usage.completion_tokens,
            round(latency_s * 1000, 3),
            self._cost(model, usage),
            error is None,
            error,
            current_item(),
        )
        try:
            self.recorder(record)
        except Exception:  # accounting must never fail the model call it accounts for
            log.warning("could not record AI usage", exc_info=True)

    def _route(
        self,
        phase: str,
        need: Need,
        operation: str,
        model: str | None,
        call: Callable[[Backend, str], R],
        usage_of: Callable[[R], Usage],
        usage_of_failed: Callable[[AIServiceError], Usage] = usage_of_failure,
    ) -> R:
        failures: list[dict[str, Any]] = []
        for backend, name in self.chain(phase, model):
            qualified = f"{backend.name}:{name}"
            started = time.perf_counter()
            try:
                if not getattr(backend.capabilities(name), need):
                    failures.append({"model": qualified, "cause": f"cannot do {need}"})
                    continue
                with lanes.interactive(phase in INTERACTIVE):
                    result = call(backend, name)
            except AIServiceError as exc:
                cause = str(exc.details.get("cause") or exc.message)
                failures.append({"model": qualified, "cause": cause, "retryable": exc.retryable})
                spent = usage_of_failed(exc)
                self._record(
                    phase, operation, qualified, spent, time.perf_counter() - started, cause
                )
                continue
            self._record(
                phase, operation, qualified, usage_of(result), time.perf_counter() - started
            )
            return result
        raise self._exhausted(phase, failures)

    def _exhausted(self, phase: str, failures: list[dict[str, Any]]) -> AIServiceError:
        last = failures[-1] if failures else {"model": None, "cause": "no model"}
        model = last["model"] or ""
        tried = "; ".join(f"{f['model']}: {f['cause']}" for f in failures)
        return AIServiceError(
            f"No model could serve phase {phase}: {tried}.",
            {
                "backend": model.split(":", 1)[0] or None,
                "model": model or None,
                "cause": last["cause"],
                "phase": phase,
                "attempts": failures,
            },
            # Worth trying again later only if every model in the chain was merely down.
            retryable=bool(failures) and all(f.get("retryable") for f in failures),
        )

    # -- the interface ---------------------------------------------------------------------
    def chat(
        self,
        phase: str,
        messages: list[Message],
        options: Options | None = None,
        model: str | None = None,
        operation: str = "chat",
    ) -> Completion:
        opts = options or Options()
        return self._route(
            phase,
            "chat",
            operation,
            model,
            lambda b, m: b.chat(m, messages, opts),
            lambda r: r.usage,
        )

    def prompt(
        self,
        phase: str,
        text: str,
        system: str | None = None,
        options: Options | None = None,
        model: str | None = None,
    ) -> Completion:
        opts = options or Options()
        return self._route(
            phase,
            "chat",
            "generate",
            model,
            lambda b, m: b.generate(m, text, opts, system),
            lambda r: r.usage,
        )

    def describe_image(
        self,
        image: bytes,
        prompt: str = "Describe this image in detail.",
        options: Options | None = None,
        model: str | None = None,
    ) -> Completion:
        opts = options or Options()
        messages = [Message("user", prompt, (image,))]
        return self._route(
            "vision",
            "vision",
            "vision",
            model,
            lambda b, m: b.chat(m, messages, opts),
            lambda r: r.usage,
        )

    def embed(self, texts: list[str], model: str | None = None) -> Embeddings:
        """Vectors of `texts`; a text the phase's first model embedded before in this process
        is not sent again (`kbagent.ai.embedding_cache`): all known, no call at all."""
        backend, name = self.chain("embeddings", model)[0]
        first = f"{backend.name}:{name}"
        cache = _embedding_cache(backend)
        known = cache.get(name, texts)
        missing = [t for t, v in zip(texts, known, strict=True) if v is None]
        if not missing:
            return Embeddings([v for v in known if v is not None], first, Usage(), 0.0)
        result = self._route(
            "embeddings",
            "embeddings",
            "embed",
            model,
            lambda b, m: b.embed(m, missing),
            lambda r: r.usage,
        )
        if result.model != first:  # a fallback's vectors: another space, never cached
            if len(missing) == len(texts):
                return result
            return self._route(
                "embeddings",
                "embeddings",
                "embed",
                model,
                lambda b, m: b.embed(m, texts),
                lambda r: r.usage,
            )
        cache.put(name, missing, result.vectors)
        fresh = iter(result.vectors)
        vectors = [v if v is not None else next(fresh) for v in known]
        return Embeddings(
            [v for v in vectors if v is not None], result.model, result.usage, result.latency_s
        )

    def structured(
        self,
        phase: str,
        schema: type[T],
        messages: list[Message],
        options: Options | None = None,
        model: str | None = None,
        repairs: int = 2,
        budget: Budget | None = None,
    ) -> Structured[T]:
        """`budget` keeps repair turns inside the context window (see `generate_structured`)."""
        tally = _Tally()

        def run(backend: Backend, name: str) -> Structured[T]:
            tally.reset()

            def chat(msgs: list[Message], opts: Options) -> Completion:
                try:
                    completion = backend.chat(name, msgs, opts)
                except AIServiceError as exc:
                    tally.add(usage_of_failure(exc))
                    raise
                tally.add(completion.usage)
                return completion

            return generate_structured(chat, schema, messages, options, repairs, budget)

        # A structured call that fails after its repair turns used the tokens of every turn.
        return self._route(
            phase,
            "chat",
            "structured",
            model,
            run,
            lambda r: r.completion.usage,
            lambda _exc: tally.total,
        )

    def stream(
        self,
        phase: str,
        messages: list[Message],
        options: Options | None = None,
        model: str | None = None,
        cancel: threading.Event | None = None,
    ) -> Stream:
        """Chunks of the reply; falls back along the chain until the first chunk arrives."""
        opts = options or Options()
        failures: list[dict[str, Any]] = []
        for backend, name in self.chain(phase, model):
            qualified = f"{backend.name}:{name}"
            started = time.perf_counter()
            try:
                if not backend.capabilities(name).stream:
                    failures.append({"model": qualified, "cause": "cannot do stream"})
                    continue
                chunks = backend.stream_chat(name, messages, opts)
                with lanes.interactive(phase in INTERACTIVE):  # the stream starts here
                    first: str | None = next(chunks)
            except StopIteration as stop:
                first, chunks = None, _done(stop.value)
            except AIServiceError as exc:
                cause = str(exc.details.get("cause") or exc.message)
                failures.append({"model": qualified, "cause": cause, "retryable": exc.retryable})
                spent = usage_of_failure(exc)
                self._record(
                    phase, "stream", qualified, spent, time.perf_counter() - started, cause
                )
                continue
            accounted = self._accounted(phase, qualified, started, first, chunks)
            return Stream(accounted, qualified, started, cancel)
        raise self._exhausted(phase, failures)

    def _accounted(
        self, phase: str, model: str, started: float, first: str | None, chunks: ChunkGenerator
    ) -> ChunkGenerator:
        error: str | None = "cancelled"
        received = 0
        usage = Usage()
        try:
            if first is not None:
                received += 1
                yield first
            while True:
                try:
                    chunk = next(chunks)
                except StopIteration as stop:
                    usage = stop.value if isinstance(stop.value, Usage) else Usage()
                    break
                received += 1
                yield chunk
            error = None
            return usage
        except AIServiceError as exc:
            error = str(exc.details.get("cause") or exc.message)
            usage = usage_of_failure(exc)
            raise
        finally:
            if usage == Usage():
                # A stream closed or broken mid-way may not know its usage; streams carry about
                # one token per chunk (llama.cpp, OpenAI-compatible servers): count the chunks.
                usage = Usage(0, received)
            chunks.close()
            self._record(phase, "stream", model, usage, time.perf_counter() - started, error)

    def close(self) -> None:
        for backend in self.backends.values():
            backend.close()


class _Tally:
    """Tokens summed over the model calls of one routed attempt."""

    def __init__(self) -> None:
        self.total = Usage()

    def reset(self) -> None:
        self.total = Usage()

    def add(self, usage: Usage) -> None:
        self.total = Usage(
            self.total.prompt_tokens + usage.prompt_tokens,
            self.total.completion_tokens + usage.completion_tokens,
        )


_caches_lock = threading.Lock()


def _embedding_cache(backend: Backend) -> EmbeddingCache:
    """The backend's own cache: the same model name on another server may be another model."""
    with _caches_lock:
        cache: EmbeddingCache | None = getattr(backend, "_embedding_cache", None)
        if cache is None:
            cache = EmbeddingCache()
            backend._embedding_cache = cache  # type: ignore[attr-defined]
        return cache


def _counter(backend: Backend, name: str) -> Callable[[str], int]:
    def count(text: str) -> int:
        counted = backend.count_tokens(name, text)
        return estimate_tokens(text) if counted is None else counted

    return count


def _done(usage: Usage | None) -> ChunkGenerator:
    return usage or Usage()
    yield ""  # pragma: no cover - makes this a generator
