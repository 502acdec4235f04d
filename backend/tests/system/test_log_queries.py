"""The run log's filters (level, run, text) and its JSON lines export, on both databases."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from harness import admin

from kbagent.agent.models import RunEvent
from kbagent.agent.repository import EXPORT_BATCH
from kbagent.config import Settings
from kbagent.db import open_database

LOGS = "/api/v1/system/logs"
EXPORT = f"{LOGS}/export"
RUN_A, RUN_B = "a" * 32, "b" * 32


def _events() -> list[RunEvent]:
    rows = [
        RunEvent(task_id=RUN_A, level="INFO", type="run_start", message="Run started"),
        RunEvent(
            task_id=RUN_A, level="ERROR", type="item_failed", message="Cannot fetch 100% of it"
        ),
        RunEvent(task_id=RUN_A, level="WARNING", type="retry", message="snake_case retried"),
        RunEvent(task_id=RUN_B, level="INFO", type="run_end", message="Run finished"),
        RunEvent(task_id=RUN_B, level="DEBUG", type="item_done", message="100 items, snakeXcase"),
        RunEvent(task_id=None, level="CRITICAL", type="worker", message="Back\\slash down"),
    ]
    # Enough filler for an export of more than two batches.
    rows += [
        RunEvent(task_id=RUN_B, level="INFO", type="item_done", message=f"filler {n}")
        for n in range(2 * EXPORT_BATCH + 7)
    ]
    return rows


@pytest.fixture
def client(settings: Settings, base_url: str) -> Iterator[httpx.Client]:
    database = open_database(settings.resolved_database_url)
    try:
        with database.writer() as session:
            session.add_all(_events())
            session.commit()
    finally:
        database.dispose()
    with admin.Client(base_url=base_url, timeout=60) as http:
        yield http


def _messages(client: httpx.Client, **params: Any) -> list[str]:
    response = client.get(LOGS, params={"limit": 500, **params})
    assert response.status_code == 200, response.text
    return [e["message"] for e in response.json()["items"] if not e["message"].startswith("filler")]


def test_level_run_and_text_filters_combine(client: httpx.Client) -> None:
    assert _messages(client, level="WARNING") == [
        "Back\\slash down", "snake_case retried", "Cannot fetch 100% of it",
    ]  # fmt: skip
    assert _messages(client, task_id=RUN_A) == [
        "snake_case retried", "Cannot fetch 100% of it", "Run started",
    ]  # fmt: skip
    assert _messages(client, q="RUN") == ["Run finished", "Run started"]
    assert _messages(client, q="run_end") == ["Run finished"]  # the type matches too
    assert _messages(client, q="run", task_id=RUN_B) == ["Run finished"]
    assert _messages(client, q="run", level="ERROR") == []
    page = client.get(LOGS, params={"q": "filler", "limit": 3}).json()
    assert page["total"] == 2 * EXPORT_BATCH + 7 and len(page["items"]) == 3


def test_wildcards_in_the_text_are_taken_literally(client: httpx.Client) -> None:
    assert _messages(client, q="100%") == ["Cannot fetch 100% of it"]
    assert _messages(client, q="snake_case") == ["snake_case retried"]
    assert _messages(client, q="%") == ["Cannot fetch 100% of it"]
    assert _messages(client, q="e_c") == ["snake_case retried"]  # not snakeXcase
    assert _messages(client, q="\\") == ["Back\\slash down"]


def test_export_streams_every_matching_event_as_json_lines(client: httpx.Client) -> None:
    with client.stream("GET", EXPORT, params={"task_id": RUN_B}) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("application/x-ndjson")
        disposition = response.headers["content-disposition"]
        assert disposition.startswith("attachment;") and ".jsonl" in disposition
        lines = [json.loads(line) for line in response.iter_lines() if line]
    assert len(lines) == 2 * EXPORT_BATCH + 9
    assert {e["task_id"] for e in lines} == {RUN_B}
    ids = [e["id"] for e in lines]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)  # oldest first, each once
    assert set(lines[0]) == {"id", "task_id", "ts", "level", "type", "message", "data"}

    only = client.get(EXPORT, params={"q": "100%", "level": "ERROR"})
    assert [json.loads(line)["message"] for line in only.text.splitlines()] == [
        "Cannot fetch 100% of it"
    ]
    assert client.get(EXPORT, params={"q": "no such text"}).text == ""


@pytest.mark.parametrize("path", [LOGS, EXPORT])
@pytest.mark.parametrize(
    "params",
    [
        {"q": "a\x00b"},
        {"q": "x" * 201},
        {"q": ""},
        {"level": "LOUD"},
        {"task_id": "r" * 33},
        {"since": "yesterday"},
    ],
)
def test_hostile_filters_get_the_error_envelope(
    client: httpx.Client, path: str, params: dict[str, str]
) -> None:
    response = client.get(path, params=params)
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["error_code"] and body["request_id"] and "details" in body
