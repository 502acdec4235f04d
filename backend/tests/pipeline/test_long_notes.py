"""Long documents in small windows: every item gets a note, none fails for being long.

The model is the OpenAI-compatible stand-in over real HTTP, enforcing a context window the way
a real server does (a 400 for a request that does not fit); the documents are real pages of
the PostgreSQL manual.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from ai.fake import FakeBackend
from harness import admin
from harness.docs import pg
from harness.openai_server import State, model_settings, run_openai_server
from harness.server import serve

from kbagent.ai.base import Message
from kbagent.ai.openai_compat import OpenAICompatBackend
from kbagent.ai.routing import AI
from kbagent.ai.transport import Limits
from kbagent.config import Settings
from kbagent.errors import AIServiceError
from kbagent.pipeline import document
from kbagent.pipeline.extractive import EXTRACTIVE
from kbagent.pipeline.generate import write_note
from kbagent.pipeline.note_ability import NoteAbility
from kbagent.pipeline.note_check import problems
from kbagent.pipeline.note_model import CONDENSE_CALLS, MAP_CALLS

WINDOW = 1024
NOTHING = "The source has no sentences"  # what the stand-in says when sent no prose


@pytest.fixture
def model() -> Iterator[tuple[AI, State]]:
    with run_openai_server() as (url, state):
        state.context_window = WINDOW
        backend = OpenAICompatBackend(url, limits=Limits(max_retries=0), context_window=WINDOW)
        yield AI({"openai": backend}, {"kb_generation": "openai:writer"}), state
        backend.close()


def test_the_window_is_real_a_whole_long_page_is_refused(model: tuple[AI, State]) -> None:
    ai, _ = model
    page = pg("sql-createtable.html")
    with pytest.raises(AIServiceError, match="maximum context length"):
        ai.chat("kb_generation", [Message("user", page.text[:6000])])


def test_a_long_page_gets_a_model_note_in_a_small_window(model: tuple[AI, State]) -> None:
    ai, state = model
    ability = NoteAbility()
    short = pg("wal-intro.html")
    _, by = write_note(ai, short.title, f"Title: {short.title}", short.text[:1000], ability)
    assert by == "openai:writer" and state.chat_requests == 1  # the model proved able
    page = pg("sql-createtable.html")  # 69 kB of text: some 60 windows
    draft, by = write_note(ai, page.title, f"Title: {page.title}", page.text, ability)
    assert by == "openai:writer"
    assert problems(draft, page.title) == []
    assert NOTHING not in draft.introduction  # pieces without prose are not sent for points
    assert state.largest_request <= WINDOW
    # bounded work: the map step's pieces, one condensing call, the note and one repair
    assert MAP_CALLS + 1 <= state.chat_requests - 1 <= MAP_CALLS + CONDENSE_CALLS + 2
    # written from points of the whole page, not from its first 6,000 characters: the
    # stand-in quotes the points it is sent, and the last pieces' points are extractive
    noted = " ".join([draft.introduction, *(p for s in draft.sections for p in s.paragraphs)])
    source = " ".join(page.text.split())
    assert max(source.find(s) for s in document.sentences(noted)) > 20_000


def test_an_unproven_model_gets_one_call_for_a_long_page(model: tuple[AI, State]) -> None:
    ai, state = model
    page = pg("sql-createtable.html")
    draft, by = write_note(ai, page.title, f"Title: {page.title}", page.text, NoteAbility())
    assert by == "openai:writer" and state.chat_requests == 1
    assert state.largest_request <= WINDOW and problems(draft, page.title) == []
    assert NOTHING not in draft.introduction  # the points sent were prose from the page


def test_a_page_that_fits_is_one_call() -> None:
    page = pg("mvcc-intro.html")
    with run_openai_server() as (url, state):
        state.context_window = 2048
        backend = OpenAICompatBackend(url, context_window=2048)
        ai = AI({"openai": backend}, {"kb_generation": "openai:writer"})
        draft, by = write_note(ai, page.title, f"Title: {page.title}", page.text, NoteAbility())
        backend.close()
    assert by == "openai:writer" and state.chat_requests == 1
    assert "multiversion model" in " ".join([draft.introduction, *draft.sections[0].paragraphs])


def test_a_window_too_small_for_any_piece_gives_an_extractive_note() -> None:
    with run_openai_server() as (url, state):
        state.context_window = 300
        backend = OpenAICompatBackend(url, context_window=300)
        ai = AI({"openai": backend}, {"kb_generation": "openai:writer"})
        page = pg("sql-createtable.html")
        draft, by = write_note(ai, page.title, f"Title: {page.title}", page.text, NoteAbility())
        backend.close()
    assert by == EXTRACTIVE and state.chat_requests == 0
    assert problems(draft, page.title) == []


def test_unusable_notes_fall_back_and_the_model_stops_being_asked() -> None:
    # The fake model answers every schema with its field names ("introduction_3f2a…").
    fake = FakeBackend()
    ai = AI({"fake": fake}, {"kb_generation": "fake:chat"})
    ability = NoteAbility(trials=3)
    page = pg("mvcc-intro.html")
    for _ in range(5):
        draft, by = write_note(ai, page.title, f"Title: {page.title}", page.text, ability)
        assert by == EXTRACTIVE and problems(draft, page.title) == []
    assert len(fake.calls) == 3  # after three unusable notes, no more minutes spent on it


def test_a_model_that_cannot_be_reached_fails_the_item_for_a_retry() -> None:
    # Down is not unable: the item fails with the reason and a retry may get a model note.
    fake = FakeBackend(down=True)
    ai = AI({"fake": fake}, {"kb_generation": "fake:chat"})
    ability = NoteAbility(trials=1)
    page = pg("tutorial-arch.html")
    with pytest.raises(AIServiceError, match="connection refused"):
        write_note(ai, page.title, "", page.text, ability)
    assert fake.calls and all(ability.worth_asking(key) for key in ability._tallies)
    assert not ability._tallies  # not counted against the model's ability


def test_a_model_that_is_not_there_leaves_an_extractive_note() -> None:
    ai = AI({"fake": FakeBackend()}, {"kb_generation": "fake:no-such-model"})
    page = pg("tutorial-arch.html")
    draft, by = write_note(ai, page.title, "", page.text, NoteAbility())
    assert by == EXTRACTIVE and problems(draft, page.title) == []


class _Busy(AI):
    def structured(self, *args: object, **kwargs: object) -> object:  # type: ignore[override]
        raise AIServiceError("busy", {"cause": "HTTP 429"}, retryable=True)


def test_transient_failures_propagate_for_the_engine_to_retry() -> None:
    ai = _Busy({"fake": FakeBackend()}, {"kb_generation": "fake:chat"})
    with pytest.raises(AIServiceError) as raised:
        write_note(ai, "t", "", "Some text that a model would summarise here.", NoteAbility())
    assert raised.value.retryable


def test_no_model_configured_is_extractive_without_a_call() -> None:
    ai = AI({"fake": FakeBackend()}, {"kb_generation": ""})
    draft, by = write_note(ai, "Tweet", "", "Rust's borrow checker saved me again today.")
    assert by == EXTRACTIVE and draft.introduction.startswith("Rust's borrow checker")


def test_the_pipeline_notes_long_pages_on_both_databases(settings: Settings) -> None:
    """A run over real pages, two of them far longer than the window: every item gets a note
    and is searchable, no item fails, and no request exceeds the window."""
    names = ["sql-createtable.html", "functions-json.html", "mvcc-intro.html"]
    pages = [pg(n) for n in names]
    with run_openai_server() as (url, state):
        state.context_window = WINDOW
        configured = settings.model_copy(
            update={**model_settings(url), "openai_context_window": WINDOW}
        )
        with serve(configured) as base, admin.Client(base_url=base, timeout=60) as client:
            for page in pages:
                body = {
                    "source_type": "url",
                    "source_id": page.url,
                    "title": page.title,
                    "content": page.text,
                }
                client.post("/api/v1/content/items", json=body).raise_for_status()
            # Categorising long pages in a small window is categorise.py's business, not this
            # test's: the notes are.
            config = {"skip_phases": ["categorise", "synthesis"]}
            started = client.post("/api/v1/agent/start", json=config)
            assert started.status_code == 202, started.text
            done = _wait(client, started.json()["id"])
            items = client.get("/api/v1/knowledge/items", params={"limit": 50}).json()["items"]
            hits = client.get(
                "/api/v1/knowledge/embeddings/search", params={"q": "jsonb path expression"}
            ).json()
    phases = {p["name"]: p for p in done["phases"]}
    assert phases["generate"]["done"] == 3 and phases["generate"]["failed"] == 0, done
    assert phases["embed"]["done"] == 3
    assert state.largest_request <= WINDOW
    assert len(items) == 3
    for item in items:
        assert item["enhanced_content"].startswith("# ") and len(item["enhanced_content"]) > 300
        assert NOTHING not in item["enhanced_content"]  # the model was sent prose to note
        assert item["tags"], item["display_title"]
    assert hits["results"], hits


def _wait(client: httpx.Client, run_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + 300
    while True:
        status = client.get(f"/api/v1/agent/status/{run_id}").json()
        if status["status"] in ("completed", "failed", "cancelled"):
            return dict(status)
        assert time.monotonic() < deadline, status
        time.sleep(0.2)
