"""Runs on the local deployment (no Redis), both databases, over real HTTP and WebSocket."""

from __future__ import annotations

import json
import time
from typing import Any

import httpx
import pytest
from harness import admin

from agent import steps
from kbagent.agent.schemas import TERMINAL
from kbagent.config import Settings

pytestmark = pytest.mark.usefixtures("test_phases")


@pytest.fixture
def settings(settings: Settings) -> Settings:  # fast retries for tests
    return settings.model_copy(update={"pipeline_retry_base_seconds": 0.01})


def add_items(client: httpx.Client, titles: list[str]) -> list[str]:
    ids = []
    for n, title in enumerate(titles):
        body = {"source_type": "url", "source_id": f"https://e.org/{n}", "title": title}
        response = client.post("/api/v1/content/items", json=body)
        response.raise_for_status()
        ids.append(response.json()["id"])
    return ids


def wait_for(client: httpx.Client, task_id: str, statuses: set[str], timeout: float = 300) -> Any:
    """The run once it is in one of `statuses`; fails at once if it ended in another."""
    deadline = time.monotonic() + timeout
    while True:
        run = client.get(f"/api/v1/agent/status/{task_id}").json()
        if run["status"] in statuses:
            return run
        assert run["status"] not in TERMINAL, run
        assert time.monotonic() < deadline, run
        time.sleep(0.05)


@pytest.fixture
def client(base_url: str) -> httpx.Client:
    return admin.Client(base_url=base_url, timeout=30)


def test_full_run_processes_every_item_once(client: httpx.Client) -> None:
    ids = add_items(client, [f"alpha {n}" for n in range(30)] + ["flaky one", "bad one"])
    run = client.post("/api/v1/agent/start", json={"mode": "full"}).json()
    assert run["status"] in ("pending", "running")
    done = wait_for(client, run["id"], {"completed_with_failures"})

    phases = {p["name"]: p for p in done["phases"]}
    assert list(phases) == ["categorise", "embed", "export"]
    assert phases["categorise"]["done"] == 31 and phases["categorise"]["failed"] == 1
    assert phases["embed"]["done"] == 32  # a failed categorisation does not block embedding
    assert phases["export"]["state"] == "finished"
    assert done["progress_percentage"] == 100
    assert done["failures"]["by_phase"] == {"categorise": 1}
    assert steps.calls["export"] == 1
    assert all(steps.calls[f"embed:{i}"] == 1 for i in ids)
    assert steps.calls[ids[-2]] == 2  # the flaky item was retried once

    items = client.get("/api/v1/content/items", params={"limit": 200}).json()["items"]
    categorised = {i["title"]: i["sub_category"] for i in items}
    assert categorised["alpha 0"] == "alpha" and categorised["bad one"] is None

    # A second run does only what is missing: nothing, except what a forced phase redoes.
    again = client.post("/api/v1/agent/start", json={"force_phases": ["embed"]}).json()
    second = wait_for(client, again["id"], {"completed"})  # nothing failed in this run
    assert second["failures"]["failed_items"] == 0
    phases = {p["name"]: p for p in second["phases"]}
    assert phases["categorise"]["done"] == 0 and phases["embed"]["done"] == 32
    assert all(steps.calls[f"embed:{i}"] == 2 for i in ids)


def test_failed_items_are_stored_with_reason_and_retried(client: httpx.Client) -> None:
    add_items(client, ["bad one", "good one"])
    run = client.post("/api/v1/agent/start", json={"mode": "full"}).json()
    wait_for(client, run["id"], {"completed_with_failures"})
    logs = client.get("/api/v1/system/logs", params={"level": "ERROR"}).json()
    failures = [e for e in logs["items"] if e["type"] == "item_failed"]
    assert len(failures) == 1 and "cannot categorise" in failures[0]["message"]
    assert all(e["level"] in ("ERROR", "CRITICAL") for e in logs["items"])

    retried = client.post("/api/v1/agent/retry-failed", json={"mode": "full"})
    assert retried.status_code == 202, retried.text
    assert retried.json()["reset_items"] == 1
    second = wait_for(client, retried.json()["run"]["id"], {"completed_with_failures"})
    assert {p["name"]: p["failed"] for p in second["phases"]}["categorise"] == 1


def test_run_with_failed_items_reports_them(base_url: str, client: httpx.Client) -> None:
    titles = [f"good {n}" for n in range(4)] + [f"bad {n}" for n in range(3)]
    add_items(client, [*titles, "broken one", "broken two"])
    ws_url = base_url.replace("http://", "ws://") + "/ws"
    with admin.connect(ws_url) as ws:
        json.loads(ws.recv(timeout=10))  # snapshot
        run = client.post("/api/v1/agent/start", json={}).json()
        [end] = _receive_until(ws, lambda m: m["type"] == "run_end")[-1:]
    done = wait_for(client, run["id"], {"completed_with_failures"})
    assert done["progress_percentage"] == 100
    assert {p["name"]: p["failed"] for p in done["phases"]} == {
        "categorise": 5,
        "embed": 0,
        "export": 0,
    }
    failures = done["failures"]
    assert (failures["failed_items"], failures["by_phase"]) == (5, {"categorise": 5})
    # The three "bad" messages differ only in the quoted title: one group of three, first.
    reasons = [(r["phase"], r["count"], r["reason"]) for r in failures["top_reasons"]]
    assert [(p, n) for p, n, _ in reasons] == [("categorise", 3), ("categorise", 2)]
    assert reasons[0][2].startswith("ValueError: cannot categorise an empty post ('bad ")
    assert "invalid JSON" in reasons[1][2]

    # The same account everywhere: the run_end event, the stored result and the history.
    payload = end["payload"]
    assert payload["level"] == "WARNING" and "with failures" in payload["message"]
    assert payload["data"]["status"] == "completed_with_failures"
    assert payload["data"]["failures"] == failures
    assert done["result_data"]["failures"] == failures
    history = client.get("/api/v1/agent/history").json()["items"]
    assert history[0]["status"] == "completed_with_failures"
    assert history[0]["failures"] == failures
    only = client.get("/api/v1/agent/history", params={"status": "completed_with_failures"})
    assert [r["id"] for r in only.json()["items"]] == [run["id"]]


def test_pause_resume_and_stop(client: httpx.Client) -> None:
    add_items(client, [f"item {n}" for n in range(6)])
    steps.gate.clear()
    run = client.post("/api/v1/agent/start", json={}).json()
    paused = client.post(f"/api/v1/agent/pause/{run['id']}")
    assert paused.status_code == 200 and paused.json()["status"] == "paused"
    conflict = client.post("/api/v1/agent/start", json={})
    assert conflict.status_code == 409 and conflict.json()["error_code"] == "duplicate"
    steps.gate.set()
    time.sleep(0.3)
    status = client.get(f"/api/v1/agent/status/{run['id']}").json()
    assert status["status"] == "paused"
    assert status["phases"][0]["done"] < 6  # it stopped taking items

    resumed = client.post(f"/api/v1/agent/resume/{run['id']}")
    assert resumed.status_code == 200
    done = wait_for(client, run["id"], {"completed"})
    assert done["phases"][0]["done"] == 6
    assert all(n == 1 for k, n in steps.calls.items() if not k.startswith(("embed", "export")))

    bad = client.post(f"/api/v1/agent/resume/{run['id']}")
    assert bad.status_code == 422 and bad.json()["error_code"] == "validation_error"

    steps.gate.clear()
    run2 = client.post("/api/v1/agent/start", json={"force_phases": ["categorise"]}).json()
    stopped = client.post(f"/api/v1/agent/stop/{run2['id']}").json()
    steps.gate.set()
    assert stopped["status"] == "cancelled"
    history = client.get("/api/v1/agent/history").json()
    assert [r["status"] for r in history["items"]] == ["cancelled", "completed"]


@pytest.mark.parametrize(
    "body",
    [
        {"mode": "everything"},
        {"skip_phases": ["nonsense"]},
        {"mode": "full", "unknown": 1},
        {"models": {"chat": ""}},
        {"mode": "fetch_only"},  # no fetch or cache phase available: nothing to run
        [],
    ],
)
def test_bad_run_configuration(client: httpx.Client, body: Any) -> None:
    response = client.post("/api/v1/agent/start", json=body)
    assert response.status_code == 422, response.text
    assert response.json()["error_code"] == "validation_error"
    assert client.get("/api/v1/agent/history").json()["total"] == 0


def test_unknown_run_ids(client: httpx.Client) -> None:
    for method, path in [
        ("GET", "/api/v1/agent/status/nope"),
        ("POST", "/api/v1/agent/stop/nope"),
        ("POST", "/api/v1/agent/pause/nope"),
        ("POST", "/api/v1/agent/resume/nope"),
    ]:
        response = client.request(method, path)
        assert response.status_code == 404, (path, response.text)
        assert response.json()["error_code"] == "not_found"


def _receive_until(ws: Any, predicate: Any, timeout: float = 120) -> list[dict[str, Any]]:
    seen = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        message = json.loads(ws.recv(timeout=max(0.1, deadline - time.monotonic())))
        seen.append(message)
        if predicate(message):
            return seen
    raise AssertionError(f"no matching event in {seen}")


def test_websocket_progress_and_reconnect(base_url: str, client: httpx.Client) -> None:
    add_items(client, [f"ws {n}" for n in range(5)])
    ws_url = base_url.replace("http://", "ws://") + "/ws"
    with admin.connect(ws_url) as ws:
        first = json.loads(ws.recv(timeout=10))
        assert first["type"] == "snapshot" and first["payload"]["runs"] == []
        run = client.post("/api/v1/agent/start", json={}).json()
        seen = _receive_until(ws, lambda m: m["type"] == "run_end")
    types = [m["type"] for m in seen]
    assert "phase_start" in types and types.count("item_done") >= 10
    first_event_id = seen[0]["payload"]["id"]

    # A client that reconnects gets the current state and every event it missed.
    with admin.connect(f"{ws_url}?since={first_event_id - 1}") as ws:
        snapshot = json.loads(ws.recv(timeout=10))
        assert snapshot["payload"]["runs"][0]["id"] == run["id"]
        assert snapshot["payload"]["runs"][0]["status"] == "completed"
        replay = _receive_until(ws, lambda m: m["type"] == "run_end")
    assert [m["payload"]["id"] for m in replay] == [m["payload"]["id"] for m in seen]


def test_logs_filters_and_pagination(client: httpx.Client) -> None:
    add_items(client, ["bad x", "fine y"])
    run = client.post("/api/v1/agent/start", json={}).json()
    wait_for(client, run["id"], {"completed_with_failures"})
    everything = client.get("/api/v1/system/logs", params={"task_id": run["id"]}).json()
    assert everything["total"] >= 5
    page = client.get("/api/v1/system/logs", params={"limit": 2, "offset": 1}).json()
    assert len(page["items"]) == 2
    future = client.get("/api/v1/system/logs", params={"since": "2100-01-01T00:00:00Z"}).json()
    assert future["total"] == 0
    bad = client.get("/api/v1/system/logs", params={"level": "LOUD"})
    assert bad.status_code == 422
