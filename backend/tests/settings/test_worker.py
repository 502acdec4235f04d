"""A change through the API reaches a running `kbagent worker` process without a restart: the
same worker processes a run before and after the change, and the second run's items were
processed with the new settings and answered by the newly configured backend."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis
from harness import admin
from harness.openai_server import run_openai_server
from harness.redis import RedisServer
from harness.server import serve
from sqlalchemy import select

import kbagent
from kbagent.agent import phases
from kbagent.config import Settings
from kbagent.content.models import ContentItem
from kbagent.db import open_database

TESTS = Path(__file__).resolve().parents[1]
KBAGENT = str(Path(sys.executable).with_name("kbagent"))


@pytest.fixture
def celery_settings(settings: Settings, redis_server: RedisServer) -> Iterator[Settings]:
    url = redis_server.url(14)
    prefix = f"kbset-{uuid.uuid4().hex[:12]}"
    yield settings.model_copy(update={"redis_url": url, "redis_prefix": prefix})
    client = redis.Redis.from_url(url)
    for key in client.scan_iter(f"*{prefix}*"):
        client.delete(key)


@pytest.fixture
def probe() -> Iterator[None]:
    from settings import worker_probe

    worker_probe.register()  # the API plans runs with the phases the worker runs
    yield
    phases.override(None)


@pytest.fixture
def worker(celery_settings: Settings, tmp_path: Path) -> Iterator[Path]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KBAGENT_")}
    env.update(
        KBAGENT_DATABASE_URL=celery_settings.resolved_database_url,
        KBAGENT_DATA_DIR=str(celery_settings.data_dir),
        KBAGENT_REDIS_URL=str(celery_settings.redis_url),
        KBAGENT_REDIS_PREFIX=celery_settings.redis_prefix,
        KBAGENT_FETCH_ALLOW_HOSTS="127.0.0.1",
        # The kbagent this test imported, whichever checkout the venv was installed from.
        PYTHONPATH=os.pathsep.join(
            [str(TESTS), str(Path(kbagent.__file__).parents[1]), os.environ.get("PYTHONPATH", "")]
        ),
    )
    log = tmp_path / "worker.log"
    with open(log, "ab") as out:
        process = subprocess.Popen(
            [KBAGENT, "worker", "-c", "1", "-I", "settings.worker_probe", "--loglevel", "INFO"],
            env=env,
            stdout=out,
            stderr=out,
            start_new_session=True,
        )
    try:
        yield log
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def _seed(settings: Settings, ids: list[str]) -> None:
    database = open_database(settings.resolved_database_url)
    try:
        with database.writer() as session:
            for source_id in ids:
                session.add(
                    ContentItem(source_type="url", source_id=source_id, title=source_id, content="")
                )
            session.commit()
    finally:
        database.dispose()


def _recorded(settings: Settings) -> dict[str, dict[str, Any]]:
    database = open_database(settings.resolved_database_url)
    try:
        with database.reader() as session:
            items = session.scalars(select(ContentItem)).all()
            return {i.source_id: dict(i.raw_data or {}) for i in items}
    finally:
        database.dispose()


def _run(client: httpx.Client, log: Path) -> None:
    started = client.post("/api/v1/agent/start", json={})
    assert started.status_code == 202, started.text
    run_id = started.json()["id"]
    deadline = time.monotonic() + 120
    while True:
        status = client.get(f"/api/v1/agent/status/{run_id}").json()["status"]
        if status == "completed":
            return
        assert status not in ("completed_with_failures", "cancelled"), status
        tail = log.read_text()[-3000:]
        assert time.monotonic() < deadline, f"run is {status}; worker log:\n{tail}"
        time.sleep(0.2)


@pytest.mark.usefixtures("probe")
def test_a_change_through_the_api_reaches_a_running_worker(
    celery_settings: Settings, worker: Path
) -> None:
    with (
        run_openai_server() as (model_url, model_state),
        serve(celery_settings) as base,
        admin.Client(base_url=base) as client,
    ):
        _seed(celery_settings, ["before-1", "before-2"])
        _run(client, worker)
        changed = client.put(
            "/api/v1/settings",
            json={
                "synthesis_min_items": 7,
                "openai_base_url": model_url,
                "openai_api_key": "sk-worker-test-0123456789",
                "model_categorisation": "openai:writer",
            },
        )
        assert changed.status_code == 200, changed.text
        _seed(celery_settings, ["after-1", "after-2"])
        _run(client, worker)
        # The metrics see the Celery queue and the worker's beat.
        queue = client.get("/api/v1/system/metrics").json()["queue"]

    recorded = _recorded(celery_settings)
    worker_pids = {r["pid"] for r in recorded.values()}
    assert len(worker_pids) == 1 and os.getpid() not in worker_pids  # one worker, never restarted
    for name in ("before-1", "before-2"):
        assert recorded[name]["synthesis_min_items"] == 3
        assert recorded[name]["route"] == "local:smollm2"
    for name in ("after-1", "after-2"):
        assert recorded[name]["synthesis_min_items"] == 7
        assert recorded[name]["answered_by"] == "openai:writer"
    assert queue["mode"] == "celery" and queue["depth"] == 0
    assert len(queue["workers"]) == 1  # the worker's main process (its pool child ran the items)
    assert model_state.chat_requests >= 2
    sent = [r for r in model_state.requests if r["path"].endswith("/chat/completions")]
    headers = {k.lower(): v for k, v in sent[-1]["headers"].items()}
    assert headers["authorization"] == "Bearer sk-worker-test-0123456789"
