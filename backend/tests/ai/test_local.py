"""The bundled offline default: MiniLM embeddings and SmolLM2 chat, in process and end to end."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from pydantic import BaseModel

from kbagent.ai import AI, Message, Options
from kbagent.ai.local import LocalBackend
from kbagent.ai.registry import build_ai, build_backends
from kbagent.config import load_settings
from kbagent.errors import AIServiceError


@pytest.fixture(scope="module")
def local() -> Iterator[LocalBackend]:
    backend = LocalBackend()
    try:
        yield backend
    finally:
        backend.close()


def test_embeddings_are_unit_vectors_that_rank_by_meaning(local: LocalBackend) -> None:
    texts = ["A cat sleeps on the sofa.", "A kitten naps on the couch.", "Quarterly tax filing."]
    result = local.embed("all-minilm-l6-v2", texts)
    vectors = np.array(result.vectors)
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert vectors[0] @ vectors[1] > 0.5 > vectors[0] @ vectors[2]
    assert result.model == "local:all-minilm-l6-v2"
    assert result.usage.prompt_tokens > 10
    # Order is kept although batches are sorted by length inside.
    again = local.embed("all-minilm-l6-v2", [texts[2], texts[0]])
    assert np.allclose(again.vectors[1], result.vectors[0], atol=1e-5)


def test_long_text_is_truncated_not_failed(local: LocalBackend) -> None:
    result = local.embed("all-minilm-l6-v2", ["word " * 5000])
    assert len(result.vectors[0]) == 384


def test_chat_and_stream(local: LocalBackend) -> None:
    ask = [Message("user", "What is the capital of France? Answer in English.")]
    completion = local.chat("smollm2", ask, Options(max_tokens=30, temperature=0))
    assert "paris" in completion.text.lower()
    assert completion.model == "local:smollm2"
    assert completion.usage.completion_tokens > 0
    ai = AI({"local": local}, {"chat": "local:smollm2"})
    stream = ai.stream("chat", [Message("user", "Tell me a long story.")], Options(max_tokens=400))
    assert next(stream)
    stream.close()  # cancelled: the model is free for the next call at once
    assert local.chat("smollm2", ask, Options(max_tokens=5)).text


class Person(BaseModel):
    name: str
    age: int


def test_structured_output_with_grammar(local: LocalBackend) -> None:
    ai = AI({"local": local}, {"categorisation": "local:smollm2"})
    result = ai.structured(
        "categorisation",
        Person,
        [Message("user", "Bob is 30 years old. Give his name and age.")],
        Options(max_tokens=60, temperature=0),
    )
    assert isinstance(result.value, Person)
    assert result.completion.model == "local:smollm2"


def test_unknown_local_model(local: LocalBackend) -> None:
    with pytest.raises(AIServiceError) as caught:
        local.chat("llama-70b", [Message("user", "hi")], Options())
    assert caught.value.details["backend"] == "local"
    assert "smollm2" in caught.value.message


def test_with_nothing_configured_only_local_models_run(tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path)
    assert list(build_backends(settings)) == ["local"]
    ai = build_ai(settings)
    try:
        assert ai.capabilities("embeddings").embeddings
        assert ai.capabilities("chat").json
    finally:
        ai.close()


def _kbagent(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KBAGENT_")}
    env["KBAGENT_DATA_DIR"] = str(tmp_path)
    env["HF_HUB_OFFLINE"] = "1"
    kbagent = str(Path(sys.executable).with_name("kbagent"))
    return subprocess.run(
        [kbagent, "ai", *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_cli_answers_and_embeds_offline_with_no_configuration(tmp_path: Path) -> None:
    question = "What is the capital of France? Answer in English."
    answer = _kbagent(tmp_path, "ask", question, "--max-tokens", "40", "--temperature", "0")
    assert answer.returncode == 0, answer.stderr
    assert "paris" in answer.stdout.lower()
    assert "[local:smollm2:" in answer.stderr

    embedded = _kbagent(tmp_path, "embed", "hello world", "good morning")
    assert embedded.returncode == 0, embedded.stderr
    rows = [json.loads(line) for line in embedded.stdout.splitlines()]
    assert [r["model"] for r in rows] == ["local:all-minilm-l6-v2"] * 2
    assert len(rows[0]["embedding"]) == 384

    failed = _kbagent(tmp_path, "ask", "hi", "--model", "ollama:llama3.2")
    assert failed.returncode == 1
    assert "Backend ollama" in failed.stderr


def test_generation_longer_than_the_cap_is_stopped() -> None:
    backend = LocalBackend(max_duration=0.5)
    try:
        story = [Message("user", "Write a very long story about the sea.")]
        # 1,500 tokens never fit in half a second, so the cap must fire: the error is the
        # behaviour. How long the loaded machine took to get there is not.
        with pytest.raises(AIServiceError) as caught:
            backend.chat("smollm2", story, Options(max_tokens=1500))
        assert caught.value.details["cause"] == "exceeded 0.5s"
        # The model is usable again right after (a generous cap: a hang guard, not a speed).
        backend.max_duration = 600
        assert backend.chat("smollm2", story, Options(max_tokens=5)).text
    finally:
        backend.close()


def test_grammar_schema_drops_limits_but_keeps_fields() -> None:
    from pydantic import BaseModel, Field

    from kbagent.ai.local import grammar_schema

    class Doc(BaseModel):
        title: str = Field(max_length=1024)
        format: str = Field(pattern="^[a-z]+$")
        tags: list[str] = Field(max_length=5)

    schema = grammar_schema(Doc.model_json_schema())
    assert set(schema["properties"]) == {"title", "format", "tags"}
    text = str(schema)
    assert "maxLength" not in text and "pattern" not in text and "maxItems" not in text
