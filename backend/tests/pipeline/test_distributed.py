"""The real pipeline on the distributed deployment: PostgreSQL or SQLite, Redis, a real
`kbagent worker` process, an API server that only dispatches, and the model stand-in."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import redis
from harness import admin
from harness.env import settings_env
from harness.openai_server import model_settings, run_openai_server
from harness.redis import RedisServer
from harness.server import serve

from kbagent.config import Settings
from pipeline.test_pipeline import add, run

KBAGENT = str(Path(sys.executable).with_name("kbagent"))


@pytest.fixture
def distributed(
    settings: Settings, redis_server: RedisServer, tmp_path: Path
) -> Iterator[httpx.Client]:
    prefix = f"kbtest-{uuid.uuid4().hex[:12]}"
    with run_openai_server() as (model_url, _):
        configured = settings.model_copy(
            update={
                **model_settings(model_url),
                "redis_url": redis_server.url(12),
                "redis_prefix": prefix,
                "synthesis_min_items": 2,
            }
        )
        log = open(tmp_path / "worker.log", "wb")  # noqa: SIM115
        worker = subprocess.Popen(
            [KBAGENT, "worker", "-c", "1", "--loglevel", "WARNING"],
            env=settings_env(configured),
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
        try:
            with serve(configured) as base:
                yield admin.Client(base_url=base, timeout=60)
        finally:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(30)
            log.close()
            client = redis.Redis.from_url(redis_server.url(12))
            for key in client.scan_iter(f"*{prefix}*"):
                client.delete(key)


def test_pipeline_on_workers(distributed: httpx.Client) -> None:
    for title in ("python typing", "python testing", "rust traits"):
        add(distributed, title, f"Notes about {title}.")
    done = run(distributed)
    assert done["status"] == "completed", done
    phases = {p["name"]: p for p in done["phases"]}
    assert phases["generate"]["done"] == 3 and phases["embed"]["done"] == 3
    items = distributed.get("/api/v1/knowledge/items").json()["items"]
    assert len(items) == 3
    syntheses = distributed.get("/api/v1/knowledge/synthesis").json()
    assert ("software", "python") in {(s["main_category"], s["sub_category"]) for s in syntheses}
