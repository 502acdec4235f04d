"""Phase routing, fallbacks, per-run overrides, usage records and structured output repair."""

from __future__ import annotations

import numpy as np
import pytest
from pydantic import BaseModel, Field

from ai.fake import FakeBackend, fake_vector
from kbagent.ai import AI, Message, UsageRecord
from kbagent.errors import AIServiceError

ASK = [Message("user", "hello there")]


def make_ai(*backends: FakeBackend, **routes: str) -> tuple[AI, list[UsageRecord]]:
    records: list[UsageRecord] = []
    ai = AI({b.name: b for b in backends}, routes, {"fake:chat": (1.0, 2.0)}, records.append)
    return ai, records


def test_phase_routes_to_its_model_and_records_usage() -> None:
    ai, records = make_ai(FakeBackend(), chat="fake:chat", embeddings="fake:embed")
    completion = ai.chat("chat", ASK)
    assert completion.text == "fake reply to: hello there"
    assert completion.model == "fake:chat"
    [record] = records
    assert (record.phase, record.operation, record.model, record.success) == (
        "chat",
        "chat",
        "fake:chat",
        True,
    )
    assert (record.prompt_tokens, record.completion_tokens) == (2, 5)
    assert record.cost_usd == pytest.approx((2 * 1.0 + 5 * 2.0) / 1e6)
    assert record.run_id is None


def test_fallback_when_backend_down() -> None:
    down = FakeBackend("primary", down=True)
    ai, records = make_ai(down, FakeBackend(), chat="primary:chat, fake:chat")
    completion = ai.chat("chat", ASK)
    assert completion.model == "fake:chat"
    assert [(r.model, r.success) for r in records] == [("primary:chat", False), ("fake:chat", True)]
    assert records[0].error == "cannot connect: connection refused"
    assert records[0].cost_usd is None


def test_fallback_when_model_lacks_capability() -> None:
    ai, records = make_ai(FakeBackend(), vision="fake:chat, fake:vision")
    completion = ai.describe_image(b"jpeg bytes")
    assert completion.model == "fake:vision"
    assert completion.text.endswith("[1 image(s)]")
    assert [r.model for r in records] == ["fake:vision"]


def test_all_failing_names_every_attempt() -> None:
    ai, _ = make_ai(FakeBackend("a", down=True), FakeBackend("b"), chat="a:chat, b:gone")
    with pytest.raises(AIServiceError) as caught:
        ai.chat("chat", ASK)
    details = caught.value.details
    assert (details["backend"], details["model"], details["cause"]) == (
        "b",
        "b:gone",
        "model not found",
    )
    assert [a["model"] for a in details["attempts"]] == ["a:chat", "b:gone"]
    assert "a:chat: cannot connect" in caught.value.message


def test_unconfigured_phase_and_backend() -> None:
    ai, _ = make_ai(FakeBackend(), chat="fake:chat")
    with pytest.raises(AIServiceError, match="KBAGENT_MODEL_VISION"):
        ai.describe_image(b"x")
    with pytest.raises(AIServiceError, match="Backend ollama"):
        ai.chat("chat", ASK, model="ollama:llama3.2")
    with pytest.raises(AIServiceError, match="backend:model"):
        ai.chat("chat", ASK, model="llama3.2")


def test_per_run_override_and_run_id() -> None:
    other = FakeBackend("other", models=("big",))
    ai, records = make_ai(FakeBackend(), other, chat="fake:chat", synthesis="fake:chat")
    run = ai.for_run("run-1", {"synthesis": "other:big"})
    assert run.chat("synthesis", ASK).model == "other:big"
    assert run.chat("chat", ASK).model == "fake:chat"
    assert ai.chat("synthesis", ASK).model == "fake:chat"  # the original is unchanged
    assert [(r.run_id, r.model) for r in records] == [
        ("run-1", "other:big"),
        ("run-1", "fake:chat"),
        (None, "fake:chat"),
    ]


def test_stream_falls_back_before_first_chunk_and_accounts_at_end() -> None:
    ai, records = make_ai(FakeBackend("a", down=True), FakeBackend(), chat="a:chat,fake:chat")
    with ai.stream("chat", ASK) as stream:
        chunks = list(stream)
    assert "".join(chunks) == "fake reply to: hello there"
    assert stream.completion is not None and stream.completion.model == "fake:chat"
    assert [(r.model, r.operation, r.success) for r in records] == [
        ("a:chat", "stream", False),
        ("fake:chat", "stream", True),
    ]
    assert records[-1].completion_tokens == 5


def test_cancelled_stream_is_recorded_as_cancelled() -> None:
    ai, records = make_ai(FakeBackend(), chat="fake:chat")
    stream = ai.stream("chat", ASK)
    next(stream)
    stream.close()
    assert (records[-1].success, records[-1].error) == (False, "cancelled")


class Category(BaseModel):
    main_category: str = Field(pattern=r"^[a-z_]+$|^\w+$")
    sub_category: str
    item_name: str = Field(max_length=60)
    tags: list[str]
    confidence: float


def test_structured_output_is_deterministic_and_valid() -> None:
    ai, records = make_ai(FakeBackend(), categorisation="fake:chat")
    first = ai.structured("categorisation", Category, ASK)
    second = ai.structured("categorisation", Category, ASK)
    assert isinstance(first.value, Category)
    assert first.value == second.value
    assert first.attempts == 1
    assert records[-1].operation == "structured"


def test_structured_output_repairs_invalid_json() -> None:
    backend = FakeBackend(invalid_json=2)
    ai, records = make_ai(backend, categorisation="fake:chat")
    result = ai.structured("categorisation", Category, ASK)
    assert result.attempts == 3
    assert isinstance(result.value, Category)
    assert len(backend.calls) == 3
    # The usage of all three attempts is accounted in one record.
    assert records[-1].prompt_tokens > 3 * 2


def test_structured_output_gives_up() -> None:
    ai, _ = make_ai(FakeBackend(invalid_json=10), categorisation="fake:chat")
    with pytest.raises(AIServiceError) as caught:
        ai.structured("categorisation", Category, ASK, repairs=1)
    assert caught.value.details["model"] == "fake:chat"
    assert "invalid structured output" in caught.value.details["cause"]


def test_fake_embeddings_are_deterministic_and_similar_by_words() -> None:
    ai, records = make_ai(FakeBackend(), embeddings="fake:embed")
    result = ai.embed(["python async web", "python web framework", "banana bread"])
    a, b, c = (np.array(v) for v in result.vectors)
    assert np.dot(a, b) > np.dot(a, c)
    assert result.vectors[0] == fake_vector("python async web")
    assert records[-1].operation == "embed"


def test_the_same_text_is_embedded_once() -> None:
    backend = FakeBackend()
    ai, records = make_ai(backend, embeddings="fake:embed")
    first = ai.embed(["alpha", "beta"])
    again = ai.embed(["beta", "alpha"])  # both known: no call, no usage record
    assert [c for c in backend.calls if c[0] == "embed"] == [("embed", "embed")]
    assert len(records) == 1
    # kept as float32: equal to what the model said to ~1e-7
    assert np.allclose(again.vectors, [first.vectors[1], first.vectors[0]], atol=1e-6)
    assert again.model == "fake:embed"
    mixed = ai.embed(["alpha", "gamma"])  # only the new text goes to the model
    assert len([c for c in backend.calls if c[0] == "embed"]) == 2
    assert np.allclose(mixed.vectors[0], first.vectors[0], atol=1e-6)
    assert mixed.vectors[1] == fake_vector("gamma")
