"""Usage accounting in the database (SQLite and PostgreSQL), and the AI parts of the API."""

from __future__ import annotations

import pytest
from harness import admin
from harness.openai_server import model_settings, run_openai_server
from pydantic import BaseModel

from ai.fake import FakeBackend
from kbagent.ai import AI, Message
from kbagent.ai import repository as usage_repository
from kbagent.ai.registry import build_ai, database_recorder
from kbagent.config import Settings, load_settings
from kbagent.db import open_database
from kbagent.errors import AIServiceError


def test_usage_is_stored_and_summed_per_run_and_phase(settings: Settings) -> None:
    database = open_database(settings.resolved_database_url)
    try:
        recorder = database_recorder(database)
        ai = AI(
            {"fake": FakeBackend(), "dead": FakeBackend("dead", down=True)},
            {"chat": "dead:chat,fake:chat", "embeddings": "fake:embed"},
            {"fake:chat": (10.0, 20.0)},
            recorder,
        )
        run = ai.for_run("run-7")
        run.chat("chat", [Message("user", "one two three")])  # 3 prompt, 6 completion
        run.chat("chat", [Message("user", "four")])  # 1 prompt, 4 completion
        run.embed(["a b", "c"])
        ai.embed(["outside any run"])
        with database.reader() as session:
            # An embedding outside any run (a search query's) waits to be written in bulk.
            assert (None, "embeddings") not in {
                (t.run_id, t.phase) for t in usage_repository.summary(session)
            }
        recorder.flush()
        with database.reader() as session:
            totals = {(t.run_id, t.phase): t for t in usage_repository.summary(session)}
            only_run = usage_repository.summary(session, "run-7")
    finally:
        database.dispose()
    chat = totals[("run-7", "chat")]
    assert (chat.calls, chat.failures) == (4, 2)  # two dead attempts, two answers
    assert (chat.prompt_tokens, chat.completion_tokens) == (4, 10)
    assert chat.cost_usd == pytest.approx((4 * 10 + 10 * 20) / 1e6)
    assert chat.latency_ms >= 0
    embed = totals[("run-7", "embeddings")]
    assert (embed.calls, embed.prompt_tokens, embed.cost_usd) == (1, 3, None)
    assert totals[(None, "embeddings")].calls == 1
    assert {t.phase for t in only_run} == {"chat", "embeddings"}


def test_models_endpoint_health_and_usage_api(settings: Settings, base_url: str) -> None:
    catalogue = admin.get(f"{base_url}/api/v1/system/models", timeout=30).json()
    [local] = catalogue["backends"]
    assert (local["backend"], local["status"]) == ("local", "ok")
    assert local["by_capability"]["embeddings"] == ["local:all-minilm-l6-v2"]
    assert local["by_capability"]["chat"] == ["local:smollm2"]
    assert catalogue["routes"]["chat"] == "local:smollm2"
    assert catalogue["routes"]["vision"] == ""

    health = admin.get(f"{base_url}/api/v1/system/health", timeout=30).json()
    assert health["parts"]["ai"]["status"] == "ok"
    assert health["parts"]["ai:local"]["status"] == "ok"

    database = open_database(settings.resolved_database_url)
    try:
        AI(
            {"fake": FakeBackend()}, {"chat": "fake:chat"}, None, database_recorder(database)
        ).for_run("r1").chat("chat", [Message("user", "hi")])
    finally:
        database.dispose()
    usage = admin.get(f"{base_url}/api/v1/ai/usage", params={"run_id": "r1"}, timeout=10).json()
    assert [(u["run_id"], u["phase"], u["calls"]) for u in usage] == [("r1", "chat", 1)]


class Answer(BaseModel):
    answer: str


def test_failed_calls_are_stored_with_the_tokens_they_used(settings: Settings) -> None:
    """A structured call that fails after its repair turns still used the tokens of every turn;
    a cancelled stream used the chunks it sent."""
    database = open_database(settings.resolved_database_url)
    try:
        ai = AI(
            {"fake": FakeBackend(invalid_json=3)},
            {"kb_generation": "fake:chat", "chat": "fake:chat"},
            None,
            database_recorder(database),
        ).for_run("run-9")
        with pytest.raises(AIServiceError):
            ai.structured("kb_generation", Answer, [Message("user", "one two")], repairs=2)
        stream = ai.stream("chat", [Message("user", "a b c d e f")])
        assert next(stream) and next(stream)
        stream.close()
        with database.reader() as session:
            rows = {t.phase: t for t in usage_repository.summary(session, "run-9")}
    finally:
        database.dispose()
    failed = rows["kb_generation"]
    assert (failed.calls, failed.failures) == (1, 1)
    # Three turns, each answered "Sure! {not json" (3 words); the prompt grows every turn.
    assert failed.completion_tokens == 9
    assert failed.prompt_tokens > 3 * 2
    cancelled = rows["chat"]
    assert (cancelled.failures, cancelled.completion_tokens) == (1, 2)


def test_a_stream_that_dies_mid_answer_is_accounted(settings: Settings) -> None:
    """The server drops the connection after three words: the call failed, and used them."""
    database = open_database(settings.resolved_database_url)
    try:
        with run_openai_server() as (url, state):
            state.die_after = 3
            ai = build_ai(load_settings(data_dir=settings.data_dir, **model_settings(url)))
            ai = AI(ai.backends, ai.routes, None, database_recorder(database)).for_run("run-d")
            stream = ai.stream("chat", [Message("user", "tell me everything")])
            with pytest.raises(AIServiceError):
                list(stream)
            ai.close()
        with database.reader() as session:
            [row] = usage_repository.summary(session, "run-d")
    finally:
        database.dispose()
    assert (row.calls, row.failures, row.completion_tokens) == (1, 1, 3)
    assert row.latency_ms > 0


def test_search_usage_is_written_in_bulk_and_kept_at_shutdown(settings: Settings) -> None:
    """Each search embeds its query (a model call with a usage record): the records are
    written together, not in a write transaction per search, and none is lost when the server
    stops right after the last search."""
    from harness.server import serve
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    queries = 12
    inserts: list[str] = []

    def executed(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO AI_USAGE"):
            inserts.append(statement)

    with run_openai_server() as (url, _):
        configured = settings.model_copy(update=model_settings(url))
        event.listen(Engine, "before_cursor_execute", executed)
        try:
            with serve(configured) as base, admin.Client(base_url=base, timeout=30) as kb:
                item = {"display_title": "Searchable", "enhanced_content": "Some text to find."}
                assert kb.post("/api/v1/knowledge/items", json=item).status_code == 201
                before = len(inserts)
                for n in range(queries):
                    response = kb.post(
                        "/api/v1/content/search",
                        json={"query": f"distinct question number {n}", "mode": "vector"},
                    )
                    assert response.status_code == 200, response.text
                during = len(inserts) - before
        finally:
            event.remove(Engine, "before_cursor_execute", executed)
    assert during < queries // 2, during
    database = open_database(settings.resolved_database_url)
    try:
        with database.reader() as session:
            calls = sum(
                t.calls
                for t in usage_repository.summary(session)
                if t.phase == "embeddings" and t.run_id is None
            )
        assert calls == queries + 1  # the item's text, then one per query
    finally:
        database.dispose()
