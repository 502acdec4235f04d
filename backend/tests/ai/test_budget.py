"""Token budgets, the compact schema prompt, and repairs that stay inside the window."""

from __future__ import annotations

import json

import pytest
from pydantic import BaseModel, Field

from ai.fake import FakeBackend
from kbagent.ai.base import Completion, Message, Options, Usage
from kbagent.ai.budget import DEFAULT_CONTEXT_WINDOW, Budget, estimate_tokens
from kbagent.ai.local import CHAT_CONTEXT, LocalBackend
from kbagent.ai.openai_compat import OpenAICompatBackend
from kbagent.ai.routing import AI
from kbagent.ai.structured import generate_structured, instructions
from kbagent.errors import AIServiceError


class Part(BaseModel):
    heading: str
    bullets: list[str] = Field(default_factory=list)


class Note(BaseModel):
    title: str
    parts: list[Part] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list, description="3-6 short topic tags")


def test_budget_sets_aside_answer_and_template() -> None:
    budget = Budget(1000)
    messages = [Message("system", "x" * 300), Message("user", "y" * 600)]
    used = budget.used(messages)
    assert used == 64 + (100 + 8) + (200 + 8)
    assert budget.room(messages, 200) == 1000 - used - 200
    assert budget.fits(messages, 600) and not budget.fits(messages, 700)


def test_clip_keeps_a_prefix_within_the_tokens() -> None:
    budget = Budget(1000)
    text = " ".join(f"word{i}" for i in range(500))
    clipped = budget.clip(text, 100)
    assert text.startswith(clipped) and budget.count(clipped) <= 100
    assert budget.count(clipped) > 90 and not clipped.endswith(" ")
    assert budget.clip("short", 10) == "short" and budget.clip(text, 0) == ""


def test_the_prompt_carries_a_field_list_not_the_schema() -> None:
    text = instructions(Note)
    assert "- title: text" in text
    assert "- parts: list of {heading: text, bullets: list of text} (optional)" in text
    assert "- tags: list of text (3-6 short topic tags; optional)" in text
    assert "$defs" not in text and "properties" not in text
    assert len(text) < len(json.dumps(Note.model_json_schema())) / 2


def _model(replies: list[str], seen: list[list[Message]]) -> object:
    def chat(messages: list[Message], options: Options) -> Completion:
        seen.append(messages)
        assert options.json_schema == Note.model_json_schema()  # the schema goes here, once
        return Completion(replies.pop(0), "test:model", Usage(1, 1), 0.0)

    return chat


VALID = json.dumps({"title": "MVCC", "tags": ["mvcc"]})


def test_repair_quotes_the_bad_reply_when_it_fits() -> None:
    seen: list[list[Message]] = []
    bad = '{"title": 3}'
    result = generate_structured(
        _model([bad, VALID], seen),  # type: ignore[arg-type]
        Note,
        [Message("system", "You write notes."), Message("user", "Text")],
        Options(max_tokens=100),
        repairs=1,
        budget=Budget(2048),
    )
    assert result.value.title == "MVCC" and result.attempts == 2
    assert seen[0][0].role == "system" and seen[0][0].content.startswith("You write notes.")
    assert sum(m.role == "system" for m in seen[0]) == 1  # instructions joined, not doubled
    assert [m.role for m in seen[1]] == ["system", "user", "assistant", "user"]
    assert seen[1][2].content == bad and "title" in seen[1][3].content


def test_repair_of_a_full_window_restarts_instead_of_appending() -> None:
    budget = Budget(1024)
    document = "word " * 440  # nearly fills the window once the answer's share is set aside
    bad = '{"title": 3, "tags": ["' + "x" * 2000 + '"]}'
    seen: list[list[Message]] = []
    generate_structured(
        _model([bad, VALID], seen),  # type: ignore[arg-type]
        Note,
        [Message("user", document)],
        Options(max_tokens=100),
        repairs=1,
        budget=budget,
    )
    assert budget.room(seen[0], 100) < 200  # no room for the bad reply
    assert all(budget.fits(conversation, 100) for conversation in seen)
    assert len(seen[1]) == len(seen[0])  # the bad reply was not appended
    assert "invalid" in seen[1][-1].content


def test_a_reply_cut_at_the_token_limit_is_not_repaired() -> None:
    seen: list[list[Message]] = []
    with pytest.raises(AIServiceError) as raised:
        generate_structured(
            _model(['{"title": "MVCC", "tags": ["mv', VALID], seen),  # type: ignore[arg-type]
            Note,
            [Message("user", "Text")],
            repairs=2,
        )
    assert len(seen) == 1
    assert "EOF while parsing" in str(raised.value.details["cause"])


def test_budget_of_a_phase_takes_the_smallest_window_of_its_chain() -> None:
    small = OpenAICompatBackend("http://127.0.0.1:9/v1", context_window=1024)
    ai = AI({"fake": FakeBackend(), "openai": small}, {"chat": "fake:chat, openai:writer"})
    budget = ai.budget("chat")
    assert budget.window == 1024 and budget.counter is estimate_tokens
    unknown = AI({"openai": OpenAICompatBackend("http://127.0.0.1:9/v1")}, {"chat": "openai:x"})
    assert unknown.budget("chat").window == DEFAULT_CONTEXT_WINDOW


def test_the_local_model_counts_with_its_own_tokenizer() -> None:
    ai = AI({"local": LocalBackend(threads=1)}, {"kb_generation": "local:smollm2"})
    budget = ai.budget("kb_generation")
    assert budget.window == CHAT_CONTEXT
    text = "PostgreSQL keeps several versions of each row (MVCC)."
    assert 5 < budget.count(text) < estimate_tokens(text) * 2
    assert budget.count(text) != estimate_tokens(text)
