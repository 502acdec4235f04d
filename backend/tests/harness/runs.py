"""Waiting for a run over HTTP: long work (URLs, X sync, syntheses, a vault push) answers 202
with a run, and tests follow it to its end."""

from __future__ import annotations

import time
from typing import Any

import httpx

ACTIVE = ("pending", "running")


def wait_run(client: httpx.Client, run_id: str, hang_guard_s: float = 600) -> dict[str, Any]:
    """The run once it has left `pending`/`running`; the deadline only guards against a hang."""
    deadline = time.monotonic() + hang_guard_s
    while (run := client.get(f"/api/v1/agent/status/{run_id}").json())["status"] in ACTIVE:
        assert time.monotonic() < deadline, run
        time.sleep(0.1)
    return dict(run)


def started_run(client: httpx.Client, path: str, **params: Any) -> dict[str, Any]:
    """POST `path` (which starts a run: 202) and wait for the run."""
    started = client.post(path, params=params)
    assert started.status_code == 202, started.text
    return wait_run(client, started.json()["id"])
