"""The bundled offline default: MiniLM embeddings and SmolLM2 chat, in process and end to end."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from pydantic import BaseModel

from kbagent.ai import AI, Message, Options
from kbagent.ai.local import LocalBackend, chat_model_file
from kbagent.ai.registry import build_ai, build_backends
from kbagent.ai.routing import UsageRecord
from kbagent.config import SettingsError, load_settings
from kbagent.errors import AIServiceError

# SmolLM2's end-of-turn token made (nearly) impossible: a reply as long as max_tokens.
NO_END = {"logit_bias": {"2": -100.0}}


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
        assert ai.capabilities("chat").context_window == 2048  # the bundled model's window
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


def test_generation_longer_than_the_cap_is_stopped_and_accounted() -> None:
    backend = LocalBackend(max_duration=0.5)
    records: list[UsageRecord] = []
    ai = AI({"local": backend}, {"kb_generation": "local:smollm2"}, recorder=records.append)
    try:
        story = [Message("user", "Write a very long story about the sea.")]
        # 1,500 tokens never fit in half a second, so the cap must fire: the error is the
        # behaviour. How long the loaded machine took to get there is not.
        with pytest.raises(AIServiceError) as caught:
            ai.chat("kb_generation", story, Options(max_tokens=1500, extra=NO_END))
        assert "exceeded 0.5s" in caught.value.message
        # The failed call is accounted with its time and its prompt. (What it generated before
        # the cap is counted too, but on a loaded machine the cap may fire while the prompt is
        # still being evaluated, so how many tokens that is is not asserted.)
        [record] = records
        assert not record.success and record.error == "exceeded 0.5s"
        assert record.latency_ms >= 500
        assert record.prompt_tokens > 5
        # The model is usable again right after.
        backend.max_duration = 600  # a hang guard, not a speed
        assert backend.chat("smollm2", story, Options(max_tokens=5)).text
    finally:
        backend.close()


def test_chat_does_not_wait_for_the_pipelines_call(local: LocalBackend) -> None:
    """A question asked while the pipeline generates a long note is answered before the note
    is finished: the pipeline gives way between tokens (one shared lock made chat wait)."""
    ai = AI({"local": local}, {"kb_generation": "local:smollm2", "chat": "local:smollm2"})
    note: list[str] = []
    started, finished = threading.Event(), threading.Event()
    failure: list[BaseException] = []

    def pipeline() -> None:
        try:
            story = [Message("user", "Write a very long story about the sea.")]
            stream = ai.stream("kb_generation", story, Options(max_tokens=300, extra=NO_END))
            for chunk in stream:
                note.append(chunk)
                started.set()
        except BaseException as exc:
            failure.append(exc)
        finally:
            finished.set()

    worker = threading.Thread(target=pipeline)
    worker.start()
    assert started.wait(120)
    ask = [Message("user", "What is the capital of France? Answer in English.")]
    answer = ai.chat("chat", ask, Options(max_tokens=8, temperature=0))
    produced_while_chatting = len(note)
    pipeline_was_running = not finished.is_set()
    worker.join(300)
    assert not failure, failure
    assert "paris" in answer.text.lower()
    assert pipeline_was_running, "chat waited for the pipeline's whole call"
    assert produced_while_chatting < len(note)  # the note went on afterwards, to its end
    assert len(note) >= 250


def test_any_gguf_file_by_path(tmp_path: Path) -> None:
    model = tmp_path / "my-model.Q4.gguf"
    model.symlink_to(chat_model_file())
    settings = load_settings(data_dir=tmp_path, local_chat_model=model, local_context_max=1024)
    assert settings.model_chat == settings.model_kb_generation == "local:my-model.Q4"
    ai = build_ai(settings)
    try:
        [local] = ai.backends.values()
        names = {m.name: m.capabilities.context_window for m in local.list_models()}
        # The header says 8192; the setting caps it. The bundled model stays available.
        assert names == {
            "local:all-minilm-l6-v2": 256,
            "local:my-model.Q4": 1024,
            "local:smollm2": 1024,
        }
        ask = [Message("user", "What is the capital of France? Answer in English.")]
        reply = ai.chat("chat", ask, Options(max_tokens=8, temperature=0))
        assert reply.model == "local:my-model.Q4" and "paris" in reply.text.lower()
        with pytest.raises(AIServiceError) as caught:
            ai.chat("chat", [Message("user", "word " * 1100)], Options(max_tokens=8))
        assert "1024-token context" in caught.value.message
    finally:
        ai.close()
    with pytest.raises(SettingsError, match="KBAGENT_LOCAL_CHAT_MODEL"):
        load_settings(data_dir=tmp_path, local_chat_model=tmp_path / "missing.gguf")
    not_gguf = tmp_path / "notes.gguf"
    not_gguf.write_text("hello")
    broken = LocalBackend(chat_model=not_gguf)
    with pytest.raises(AIServiceError, match="not a GGUF file"):
        broken.capabilities("notes")


def _openmp_spin(code: str, **extra: str) -> str:
    """libgomp's own account of its settings, printed when the library loads."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OMP_", "GOMP_"))}
    env |= {"OMP_DISPLAY_ENV": "VERBOSE", **extra}
    run = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    [spin] = [line.strip() for line in run.stderr.splitlines() if "GOMP_SPINCOUNT" in line]
    return spin


@pytest.mark.parametrize(
    "entry", ["kbagent.worker", "kbagent.cli", "kbagent.main", "kbagent.ai.local"]
)
def test_openmp_threads_sleep_when_idle_in_every_entry_point(entry: str) -> None:
    """llama.cpp's OpenMP threads must not spin-wait (they starve everything else under load):
    OMP_WAIT_POLICY=PASSIVE has to be in the environment before the library loads."""
    load = f"import {entry}; from llama_cpp import Llama"
    assert _openmp_spin(load) == "GOMP_SPINCOUNT = '0'"
    # Without kbagent first, libgomp spins (the default this guards against) ...
    assert _openmp_spin("from llama_cpp import Llama") != "GOMP_SPINCOUNT = '0'"
    # ... and a policy the user chose is kept.
    assert _openmp_spin(load, OMP_WAIT_POLICY="ACTIVE") != "GOMP_SPINCOUNT = '0'"
