"""No database work on the event loop: an `async def` endpoint that ran a query (or emitted an
event, which writes one) on the loop thread would stall every other request while SQLite's
write lock is held elsewhere. A detector on every engine records any statement, checkout or
checkin made from a thread that is running an event loop."""

from __future__ import annotations

import asyncio
import json
import traceback
from collections.abc import Iterator
from typing import Any

import pytest
from harness import admin
from harness.server import serve
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import Pool

from kbagent.agent.dispatch import LocalDispatcher
from kbagent.config import Settings


def _on_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


@pytest.fixture
def loop_database_calls() -> Iterator[list[str]]:
    """Where database calls were made on an event loop thread (empty when none were)."""
    seen: list[str] = []

    def check(*_args: Any, **_kwargs: Any) -> None:
        if _on_loop():
            seen.append("".join(traceback.format_stack(limit=30)))

    hooks = [(Engine, "before_cursor_execute"), (Pool, "checkout"), (Pool, "checkin")]
    for target, name in hooks:
        event.listen(target, name, check)
    try:
        yield seen
    finally:
        for target, name in hooks:
            event.remove(target, name, check)


def test_agent_system_and_ws_endpoints_keep_database_work_off_the_loop(
    settings: Settings, loop_database_calls: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # No worker takes the runs: they stay active, so stop/pause/resume have work to do.
    queued: list[str] = []
    monkeypatch.setattr(LocalDispatcher, "send", lambda _self, _name, *args: queued.append(args))
    with serve(settings) as base, admin.Client(base_url=base, timeout=60) as client:
        for path in ("/system/health", "/system/logs", "/agent/history", "/agent/schedules"):
            assert client.get(f"/api/v1{path}").status_code == 200, path
        assert client.get("/api/v1/system/logs", params={"q": "run"}).status_code == 200

        run = client.post("/api/v1/agent/start", json={})
        assert run.status_code == 202, run.text
        run_id = run.json()["id"]
        assert client.get(f"/api/v1/agent/status/{run_id}").status_code == 200
        paused = client.post(f"/api/v1/agent/pause/{run_id}")
        assert paused.status_code == 200, paused.text
        resumed = client.post(f"/api/v1/agent/resume/{run_id}")
        assert resumed.status_code == 200, resumed.text
        stopped = client.post(f"/api/v1/agent/stop/{run_id}")
        assert stopped.status_code == 200, stopped.text
        again = client.post("/api/v1/agent/retry-failed", json={})
        assert again.status_code == 202, again.text
        assert client.post(f"/api/v1/agent/stop/{again.json()['run']['id']}").status_code == 200

        schedule = client.post(
            "/api/v1/agent/schedules", json={"name": "nightly", "cron": "0 3 * * *"}
        )
        assert schedule.status_code == 201, schedule.text
        now = client.post(f"/api/v1/agent/schedules/{schedule.json()['id']}/run")
        assert now.status_code == 202, now.text

        with admin.connect(f"{base.replace('http', 'ws', 1)}/ws?since=0") as socket:
            first = json.loads(socket.recv(timeout=30))
            assert first["type"] == "snapshot"
            assert {r["id"] for r in first["payload"]["runs"]} >= {run_id}

        # Streamed batch by batch, each read in a worker thread.
        exported = client.get("/api/v1/system/logs/export", params={"q": "run"})
        assert exported.status_code == 200 and exported.text.count("\n") >= 1, exported.text

    assert queued, "no run was queued"
    assert loop_database_calls == [], loop_database_calls[0]


def test_settings_and_metrics_endpoints_keep_database_work_off_the_loop(
    settings: Settings, loop_database_calls: list[str]
) -> None:
    with serve(settings) as base, admin.Client(base_url=base, timeout=60) as client:
        assert client.get("/api/v1/settings").status_code == 200
        changed = client.put("/api/v1/settings", json={"synthesis_min_items": 4})
        assert changed.status_code == 200, changed.text
        tested = client.post("/api/v1/settings/backends/local/test")
        assert tested.status_code == 200, tested.text
        assert client.put("/api/v1/settings", json={"reset": ["synthesis_min_items"]}).is_success
        assert client.get("/api/v1/system/models").status_code == 200
        assert client.get("/api/v1/system/metrics").status_code == 200
        assert client.get("/metrics").status_code == 200
    assert loop_database_calls == [], loop_database_calls[0]
