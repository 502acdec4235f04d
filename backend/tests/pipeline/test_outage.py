"""A model server that goes down mid-run: items wait for it instead of failing.

The stand-in answers 503 while `down`; kbagent's transport retries a few times, then the
error is marked retryable, and the engine keeps the item waiting (backoff) while the outage
budget lasts. A model that never comes back fails the items once the budget is spent; a
model that answers but cannot serve (a permanent error) fails at once.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from harness import admin
from harness.openai_server import State, model_settings, run_openai_server
from harness.server import serve

from kbagent.config import Settings

TERMINAL = ("completed", "completed_with_failures", "failed", "cancelled")


@pytest.fixture
def model_server() -> Iterator[tuple[str, State]]:
    with run_openai_server() as server:
        yield server


def _serve(settings: Settings, url: str, outage_seconds: float) -> Any:
    return serve(
        settings.model_copy(
            update={
                **model_settings(url),
                "pipeline_retry_base_seconds": 0.2,
                "pipeline_outage_seconds": outage_seconds,
                "ai_max_retries": 0,
            }
        )
    )


def _add_and_run(client: httpx.Client, count: int) -> dict[str, Any]:
    for n in range(count):
        body = {"source_type": "x", "source_id": f"outage-{n}", "title": f"Post {n}",
                "content": f"Saved post number {n} about databases and their indexes."}  # fmt: skip
        client.post("/api/v1/content/items", json=body).raise_for_status()
    run = client.post("/api/v1/agent/start", json={"skip_phases": ["synthesis"]}).json()
    deadline = time.monotonic() + 600  # a hang guard, not a speed target
    while (status := client.get(f"/api/v1/agent/status/{run['id']}").json())[
        "status"
    ] not in TERMINAL:
        assert time.monotonic() < deadline, status
        time.sleep(0.2)
    return dict(status)


def test_items_wait_out_a_model_outage(settings: Settings, model_server: tuple[str, State]) -> None:
    url, state = model_server
    state.down = True
    with _serve(settings, url, outage_seconds=300) as base, admin.Client(base_url=base) as client:
        threading.Timer(3.0, lambda: setattr(state, "down", False)).start()
        status = _add_and_run(client, 3)
        logs = client.get("/api/v1/system/logs", params={"level": "WARNING"}).json()
    assert status["status"] == "completed", status
    phases = {p["name"]: p for p in status["phases"]}
    for name in ("categorise", "generate", "embed"):
        assert phases[name]["done"] == 3 and phases[name]["failed"] == 0, phases[name]
    assert any("retrying item" in str(entry) for entry in logs["items"]), logs


@pytest.mark.parametrize("db_kind", ["sqlite"], indirect=True)
def test_a_model_that_stays_down_fails_items_once_the_budget_is_spent(
    settings: Settings, model_server: tuple[str, State]
) -> None:
    url, state = model_server
    state.down = True
    with _serve(settings, url, outage_seconds=1) as base, admin.Client(base_url=base) as client:
        status = _add_and_run(client, 2)
    phases = {p["name"]: p for p in status["phases"]}
    assert phases["categorise"]["failed"] == 2, phases["categorise"]
    assert phases["categorise"]["done"] == 0
