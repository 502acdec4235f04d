"""The Ollama backend against a local server that speaks Ollama's documented API."""

from __future__ import annotations

import json
import time

import pytest
from pydantic import BaseModel

from ai.ollama_server import REPLY_WORDS, OllamaState
from kbagent.ai import AI, Message, Options
from kbagent.ai.ollama import OllamaBackend
from kbagent.ai.transport import Limits
from kbagent.errors import AIServiceError

HELLO = [Message("system", "Be brief."), Message("user", "Say hello.")]
FAST = Limits(read_timeout=5, max_retries=3, backoff_s=0.05)


@pytest.fixture
def backend(ollama: tuple[str, OllamaState]) -> OllamaBackend:
    return OllamaBackend(ollama[0], FAST)


def test_chat_sends_messages_and_reads_usage(
    backend: OllamaBackend, ollama: tuple[str, OllamaState]
) -> None:
    completion = backend.chat("tiny", HELLO, Options(max_tokens=20, temperature=0.1))
    assert completion.text == "".join(REPLY_WORDS)
    assert completion.model == "ollama:tiny"
    assert completion.usage.completion_tokens == len(REPLY_WORDS)
    assert completion.usage.prompt_tokens > 0
    path, body = ollama[1].requests[-1]
    assert path == "/api/chat"
    assert body["stream"] is False
    assert body["messages"][0] == {"role": "system", "content": "Be brief."}
    assert body["options"] == {"num_predict": 20, "temperature": 0.1}


def test_generate_uses_api_generate(
    backend: OllamaBackend, ollama: tuple[str, OllamaState]
) -> None:
    ai = AI({"ollama": backend}, {"synthesis": "ollama:tiny"})
    completion = ai.prompt("synthesis", "Say hello.", system="Be brief.")
    assert completion.text == "".join(REPLY_WORDS)
    path, body = ollama[1].requests[-1]
    assert (path, body["prompt"], body["system"]) == ("/api/generate", "Say hello.", "Be brief.")


def test_stream_ndjson(backend: OllamaBackend) -> None:
    ai = AI({"ollama": backend}, {"chat": "ollama:tiny"})
    with ai.stream("chat", HELLO) as stream:
        chunks = list(stream)
    assert chunks == REPLY_WORDS
    assert stream.completion is not None
    assert stream.completion.usage.completion_tokens == len(REPLY_WORDS)


def test_vision_sends_images(backend: OllamaBackend, ollama: tuple[str, OllamaState]) -> None:
    ai = AI({"ollama": backend}, {"vision": "ollama:tiny, ollama:eye"})
    completion = ai.describe_image(b"\x89PNG fake image bytes")
    # tiny lacks vision, so the chain falls through to eye.
    assert completion.model == "ollama:eye"
    assert completion.text == "I see 1 image(s)."
    _, body = ollama[1].requests[-1]
    assert body["messages"][0]["images"] == ["iVBORyBmYWtlIGltYWdlIGJ5dGVz"]


class Title(BaseModel):
    title: str
    count: int


def test_structured_output_uses_format_schema(
    backend: OllamaBackend, ollama: tuple[str, OllamaState]
) -> None:
    ai = AI({"ollama": backend}, {"categorisation": "ollama:tiny"})
    result = ai.structured("categorisation", Title, [Message("user", "Title?")])
    assert result.value == Title(title="From the schema", count=3)
    _, body = ollama[1].requests[-1]
    assert body["format"]["properties"]["count"] == {"title": "Count", "type": "integer"}


def test_embed_and_models(backend: OllamaBackend) -> None:
    result = backend.embed("nomic-embed", ["one", "two"])
    assert len(result.vectors) == 2 and result.vectors[0] != result.vectors[1]
    assert result.model == "ollama:nomic-embed"
    infos = {info.name: info.capabilities for info in backend.list_models()}
    assert infos["ollama:eye:latest"].vision
    assert infos["ollama:nomic-embed:latest"].embeddings
    assert not infos["ollama:nomic-embed:latest"].chat
    # trained for 4096, but a request gets Ollama's num_ctx (2048 unless set)
    assert infos["ollama:tiny:latest"].context_window == 2048


def test_the_context_window_is_what_a_request_gets(ollama: tuple[str, OllamaState]) -> None:
    assert (
        OllamaBackend(ollama[0], FAST, {"num_ctx": 3000}).capabilities("tiny").context_window
        == 3000
    )
    assert (
        OllamaBackend(ollama[0], FAST, {"num_ctx": 32768}).capabilities("tiny").context_window
        == 4096
    )


def test_model_not_found(backend: OllamaBackend) -> None:
    with pytest.raises(AIServiceError) as caught:
        backend.chat("llama9", HELLO, Options())
    details = caught.value.details
    assert (details["backend"], details["model"]) == ("ollama", "llama9")
    assert details["cause"] == 'HTTP 404: model "llama9" not found, try pulling it first'
    assert "ollama:llama9" in caught.value.message


def test_malformed_chunk(backend: OllamaBackend) -> None:
    chunks = backend.stream_chat("broken", HELLO, Options())
    assert [next(chunks), next(chunks)] == REPLY_WORDS[:2]
    with pytest.raises(AIServiceError) as caught:
        next(chunks)
    assert caught.value.details["cause"].startswith("malformed stream chunk")


def test_disconnect_mid_stream(backend: OllamaBackend) -> None:
    received = []
    with pytest.raises(AIServiceError) as caught:
        for chunk in backend.stream_chat("cutoff", HELLO, Options()):
            received.append(chunk)
    assert received == REPLY_WORDS[:3]
    assert caught.value.details["cause"].startswith(("connection lost", "stream ended"))


def test_slower_than_timeout(ollama: tuple[str, OllamaState]) -> None:
    backend = OllamaBackend(ollama[0], Limits(read_timeout=0.5, max_retries=3))
    with pytest.raises(AIServiceError) as caught:
        backend.chat("slow", HELLO, Options())
    assert "timed out" in caught.value.details["cause"]
    # One timeout, not retried: counted at the server, not on a clock (the machine is loaded).
    slow_calls = [p for p, body in ollama[1].requests if body.get("model") == "slow"]
    assert slow_calls == ["/api/chat"], slow_calls


def test_endless_stream_hits_the_hard_cap(ollama: tuple[str, OllamaState]) -> None:
    backend = OllamaBackend(ollama[0], Limits(read_timeout=5, max_duration=1.0))
    started = time.perf_counter()
    with pytest.raises(AIServiceError) as caught:
        for _ in backend.stream_chat("trickle", HELLO, Options()):
            pass
    # At least the cap; no upper bound on a loaded machine (pytest's timeout guards hangs).
    assert time.perf_counter() - started >= 1.0
    assert caught.value.details["cause"] == "exceeded 1s"


def test_retries_503_with_backoff(backend: OllamaBackend, ollama: tuple[str, OllamaState]) -> None:
    completion = backend.chat("flaky", HELLO, Options())
    assert completion.text == "".join(REPLY_WORDS)
    assert sum(1 for path, _ in ollama[1].requests if path == "/api/chat") == 3


def test_gives_up_after_max_retries(ollama: tuple[str, OllamaState]) -> None:
    ollama[1].flaky_failures = 100
    backend = OllamaBackend(ollama[0], Limits(max_retries=2, backoff_s=0.01))
    with pytest.raises(AIServiceError) as caught:
        backend.chat("flaky", HELLO, Options())
    assert caught.value.details["cause"] == "HTTP 503: server busy"
    assert sum(1 for path, _ in ollama[1].requests if path == "/api/chat") == 3


def test_cancel_event_stops_stream(backend: OllamaBackend) -> None:
    import threading

    cancel = threading.Event()
    ai = AI({"ollama": backend}, {"chat": "ollama:trickle"})
    stream = ai.stream("chat", HELLO, cancel=cancel)
    got = [next(stream), next(stream)]
    cancel.set()
    assert list(stream) == []
    assert got == ["tick ", "tick "]
    assert json.dumps(got)


def test_backend_defaults_merge_into_options(ollama: tuple[str, OllamaState]) -> None:
    backend = OllamaBackend(ollama[0], FAST, {"num_ctx": 8192, "temperature": 0.7})
    backend.chat("tiny", HELLO, Options(temperature=0.0))
    _, body = ollama[1].requests[-1]
    assert body["options"] == {"num_ctx": 8192, "temperature": 0.0}
