"""One item through the pipeline, as the API shows it: each per-item phase with its state,
model, error and what it produced, the model calls accounted to the item; one phase of one
item redone, and the items failed in one phase retried alone."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from harness import admin
from harness.openai_server import State, model_settings, run_openai_server
from harness.server import serve

from kbagent.agent.schemas import TERMINAL
from kbagent.config import Settings


@pytest.fixture
def model_server() -> Iterator[tuple[str, State]]:
    with run_openai_server() as server:
        yield server


@pytest.fixture
def client(settings: Settings, model_server: tuple[str, State]) -> Iterator[httpx.Client]:
    configured = settings.model_copy(
        update={
            **model_settings(model_server[0]),
            "pipeline_retry_base_seconds": 0.01,
            "pipeline_outage_seconds": 0,  # a model that is down fails items here at once
        }
    )
    with serve(configured) as base, admin.Client(base_url=base, timeout=60) as client:
        yield client


def _add(client: httpx.Client, title: str) -> str:
    body = {
        "source_type": "url",
        "source_id": f"https://e.org/{title.replace(' ', '-')}",
        "title": title,
        "content": f"Notes about {title}: examples, pitfalls and advice.",
    }
    response = client.post("/api/v1/content/items", json=body)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def _wait(client: httpx.Client, run_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + 120
    while True:
        status = client.get(f"/api/v1/agent/status/{run_id}").json()
        if status["status"] in TERMINAL:
            return dict(status)
        assert time.monotonic() < deadline, status
        time.sleep(0.1)


def _run(client: httpx.Client) -> dict[str, Any]:
    started = client.post("/api/v1/agent/start", json={})
    assert started.status_code == 202, started.text
    return _wait(client, started.json()["id"])


def _phases(client: httpx.Client, item_id: str) -> dict[str, dict[str, Any]]:
    view = client.get(f"/api/v1/agent/items/{item_id}/pipeline")
    assert view.status_code == 200, view.text
    return {p["name"]: p for p in view.json()["phases"]}


def test_each_phase_of_an_item_with_its_model_output_and_calls(client: httpx.Client) -> None:
    item = _add(client, "python typing")
    before = _phases(client, item)
    assert {p["state"] for p in before.values()} == {"pending"}
    done = _run(client)

    view = client.get(f"/api/v1/agent/items/{item}/pipeline").json()
    phases = {p["name"]: p for p in view["phases"]}
    assert list(phases) == ["cache", "media", "categorise", "generate", "embed"]
    assert all(p["state"] in ("done", "skipped") for p in phases.values()), phases
    generate = phases["generate"]
    assert generate["state"] == "done" and generate["run_id"] == done["id"]
    assert generate["model"] and generate["attempts"] == 1
    assert "characters" in (generate["summary"] or "")
    assert "chunk" in (phases["embed"]["summary"] or "")
    assert phases["categorise"]["summary"]  # the category it filed the item under
    calls = {u["phase"]: u for u in view["usage"]}
    assert calls["kb_generation"]["calls"] >= 1
    assert calls["kb_generation"]["prompt_tokens"] > 0
    assert "embeddings" in calls

    # Another item's calls are its own.
    other = _add(client, "rust traits")
    _run(client)
    mine = client.get(f"/api/v1/agent/items/{item}/pipeline").json()["usage"]
    assert mine == view["usage"]
    theirs = client.get(f"/api/v1/agent/items/{other}/pipeline").json()["usage"]
    assert theirs and theirs != mine


def test_one_phase_of_one_item_is_redone_with_what_follows_it(client: httpx.Client) -> None:
    item = _add(client, "sqlite wal")
    other = _add(client, "rust lifetimes")
    _run(client)
    redo = client.post(f"/api/v1/agent/items/{item}/pipeline/generate/retry")
    assert redo.status_code == 202, redo.text
    assert redo.json()["reset_phases"] == ["generate", "embed"]
    finished = _wait(client, redo.json()["run"]["id"])
    counts = {p["name"]: p for p in finished["phases"]}
    assert counts["generate"]["done"] == 1 and counts["embed"]["done"] == 1
    assert counts["categorise"]["done"] == 0
    assert _phases(client, item)["generate"]["run_id"] == finished["id"]
    assert _phases(client, other)["generate"]["run_id"] != finished["id"]


def test_retry_only_the_items_failed_in_one_phase(
    client: httpx.Client, model_server: tuple[str, State]
) -> None:
    item = _add(client, "golang channels")
    model_server[1].down = True
    failed = _run(client)
    assert failed["status"] == "completed_with_failures"
    phases = _phases(client, item)
    assert phases["categorise"]["state"] == "failed"
    assert phases["categorise"]["error"]
    assert phases["embed"]["state"] in ("skipped", "pending")
    listed = client.get(f"/api/v1/agent/status/{failed['id']}/failed-items")
    assert listed.status_code == 200, listed.text
    entries = {e["phase"]: e for e in listed.json()["items"]}
    assert listed.json()["total"] == len(entries) >= 1
    assert {e["content_item_id"] for e in entries.values()} == {item}
    entry = entries["categorise"]
    assert entry["title"] == "golang channels" and entry["error"] and entry["attempts"] >= 1

    model_server[1].down = False
    # Nothing failed in cache (no model there): retrying that phase resets nothing.
    none = client.post("/api/v1/agent/retry-failed", params={"phase": "cache"}, json={})
    assert none.status_code == 202, none.text
    assert none.json()["reset_items"] == 0
    _wait(client, none.json()["run"]["id"])
    again = client.post("/api/v1/agent/retry-failed", params={"phase": "categorise"}, json={})
    assert again.status_code == 202, again.text
    assert again.json()["reset_items"] == 1
    _wait(client, again.json()["run"]["id"])
    assert _phases(client, item)["categorise"]["state"] == "done"
    # Retried: no longer a failure of the first run.
    after = client.get(f"/api/v1/agent/status/{failed['id']}/failed-items").json()["items"]
    assert "categorise" not in {e["phase"] for e in after}


def test_unknown_items_and_phases_are_refused(client: httpx.Client) -> None:
    item = _add(client, "dns basics")
    missing = client.get("/api/v1/agent/items/nope/pipeline")
    assert missing.status_code == 404 and missing.json()["error_code"] == "not_found"
    wrong = client.post(f"/api/v1/agent/items/{item}/pipeline/synthesis/retry")
    assert wrong.status_code == 422 and "error_code" in wrong.json()
    gone = client.post("/api/v1/agent/items/nope/pipeline/generate/retry")
    assert gone.status_code == 404
    unknown = client.get("/api/v1/agent/status/nope/failed-items")
    assert unknown.status_code == 404 and unknown.json()["error_code"] == "not_found"
    assert client.get("/api/v1/agent/history").json()["total"] == 0  # no run was started
