"""The OpenAI-compatible backend against a real llama.cpp server (llama-cpp-python)."""

from __future__ import annotations

import math
import time
from pathlib import Path

import pytest
from harness.llama import start_llama_server
from pydantic import BaseModel

from kbagent.ai import AI, Message, Options
from kbagent.ai.openai_compat import OpenAICompatBackend
from kbagent.ai.structured import generate_structured
from kbagent.ai.transport import Limits
from kbagent.errors import AIServiceError

QUESTION = [Message("user", "What is the capital of France? Answer in one sentence.")]


def test_chat_reports_model_and_usage(openai_backend: OpenAICompatBackend) -> None:
    completion = openai_backend.chat("smollm2", QUESTION, Options(max_tokens=40, temperature=0))
    assert "paris" in completion.text.lower()
    assert completion.model == "openai:smollm2"
    assert completion.usage.prompt_tokens > 5
    assert 0 < completion.usage.completion_tokens <= 40
    assert completion.latency_s > 0


def test_stream_yields_chunks_that_add_up(openai_backend: OpenAICompatBackend) -> None:
    ai = AI({"openai": openai_backend}, {"chat": "openai:smollm2"})
    started = time.perf_counter()
    story = [Message("user", "Tell a short story about a lighthouse keeper.")]
    with ai.stream("chat", story, Options(max_tokens=120, temperature=0)) as stream:
        chunks = list(stream)
    elapsed = time.perf_counter() - started
    assert len(chunks) > 3
    assert stream.completion is not None
    assert stream.completion.text == "".join(chunks)
    assert stream.completion.model == "openai:smollm2"
    tokens = stream.completion.usage.completion_tokens
    assert tokens > 20
    print(f"llama.cpp server: {tokens} tokens in {elapsed:.2f}s = {tokens / elapsed:.0f} tok/s")


def test_stream_can_be_cancelled(openai_backend: OpenAICompatBackend) -> None:
    ai = AI({"openai": openai_backend}, {"chat": "openai:smollm2"})
    long = [Message("user", "Write a long story about a dragon and a knight.")]
    started = time.perf_counter()
    stream = ai.stream("chat", long, Options(max_tokens=1500, temperature=0.7))
    first = [next(stream), next(stream)]
    stream.close()
    assert all(first)
    assert stream.completion is None
    # The server is free again at once: a cancelled stream does not hold the model.
    quick = openai_backend.chat("smollm2", QUESTION, Options(max_tokens=10))
    assert quick.text
    assert time.perf_counter() - started < 240  # a hang guard: the machine may be loaded


class City(BaseModel):
    name: str
    country: str
    population_millions: float


def test_json_output_validates_against_schema(openai_backend: OpenAICompatBackend) -> None:
    # json_object + schema: llama.cpp turns the schema into a grammar, so the reply parses.
    prompt = [Message("user", "Describe Paris as JSON: name, country, population in millions.")]
    result = generate_structured(
        lambda messages, options: openai_backend.chat("smollm2", messages, options),
        City,
        prompt,
        Options(max_tokens=120, temperature=0),
    )
    assert isinstance(result.value, City)
    assert result.value.name
    assert result.completion.model == "openai:smollm2"


def test_embeddings(openai_backend: OpenAICompatBackend) -> None:
    result = openai_backend.embed("smollm2", ["a cat sat on the mat", "a kitten on a rug", "tax"])
    assert len(result.vectors) == 3
    dim = len(result.vectors[0])
    assert dim > 100 and all(len(v) == dim for v in result.vectors)
    assert all(math.isfinite(x) for v in result.vectors for x in v)
    assert result.vectors[0] != result.vectors[2]
    assert result.model == "openai:smollm2"


def test_list_models(openai_backend: OpenAICompatBackend) -> None:
    names = [info.name for info in openai_backend.list_models()]
    assert names == ["openai:smollm2"]


def test_unknown_model_is_an_error_naming_backend_and_model(
    openai_backend: OpenAICompatBackend,
) -> None:
    with pytest.raises(AIServiceError) as caught:
        openai_backend.chat("gpt-7", QUESTION, Options(max_tokens=5))
    assert caught.value.details["backend"] == "openai"
    assert caught.value.details["model"] == "gpt-7"
    assert "not found" in caught.value.details["cause"]


def test_server_stopped_mid_stream(tmp_path: Path) -> None:
    server = start_llama_server(tmp_path / "doomed.log")
    backend = OpenAICompatBackend(server.base_url, None, Limits(read_timeout=30), "json_object")
    try:
        long = [Message("user", "Write a long story about a dragon and a knight.")]
        chunks = backend.stream_chat("smollm2", long, Options(max_tokens=1500))
        assert next(chunks)
        server.process.kill()
        with pytest.raises(AIServiceError) as caught:
            for _ in range(5000):
                next(chunks)
        assert caught.value.details["model"] == "smollm2"
        assert caught.value.details["cause"].startswith(("connection lost", "stream ended"))
    finally:
        server.stop()
        backend.close()


def test_connection_refused_after_retries() -> None:
    from harness.ports import free_port

    backend = OpenAICompatBackend(
        f"http://127.0.0.1:{free_port()}/v1", None, Limits(max_retries=2, backoff_s=0.05)
    )
    started = time.perf_counter()
    with pytest.raises(AIServiceError) as caught:
        backend.embed("any", ["x"])
    assert "cannot connect" in caught.value.details["cause"]
    assert time.perf_counter() - started >= 0.05 + 0.1  # two backoffs were waited
    backend.close()


def test_image_types_for_data_urls() -> None:
    from kbagent.ai.openai_compat import image_type

    assert image_type(b"\x89PNG\r\n\x1a\n....") == "image/png"
    assert image_type(b"GIF89a...") == "image/gif"
    assert image_type(b"RIFF\x00\x00\x00\x00WEBPVP8 ") == "image/webp"
    assert image_type(b"\xff\xd8\xff\xe0") == "image/jpeg"
