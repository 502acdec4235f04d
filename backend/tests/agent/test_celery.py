"""The distributed deployment: real Redis, real `kbagent worker` processes, both databases,
and a worker killed with SIGKILL mid-run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from harness.redis import RedisServer
from sqlalchemy import select

from kbagent.agent import phases, service
from kbagent.agent.boot import open_runtime
from kbagent.agent.models import RunEvent
from kbagent.agent.runtime import Runtime
from kbagent.agent.schemas import TERMINAL, RunConfig
from kbagent.config import Settings
from kbagent.content.models import ContentItem
from kbagent.pipeline.models import ItemPhase

TESTS = Path(__file__).resolve().parents[1]
KBAGENT = str(Path(sys.executable).with_name("kbagent"))


@pytest.fixture
def celery_settings(settings: Settings, redis_server: RedisServer) -> Iterator[Settings]:
    url = redis_server.url(13)
    prefix = f"kbtest-{uuid.uuid4().hex[:12]}"  # parallel test runs never share a queue
    yield settings.model_copy(
        update={"redis_url": url, "redis_prefix": prefix, "run_stale_seconds": 2.0}
    )
    client = redis.Redis.from_url(url)
    for key in client.scan_iter(f"*{prefix}*"):
        client.delete(key)


@pytest.fixture
def registered() -> Iterator[None]:
    from agent import worker_steps

    worker_steps.register()
    yield
    phases.override(None)


def start_worker(settings: Settings, log: Path, delay: float) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KBAGENT_")}
    env.update(
        KBAGENT_DATABASE_URL=settings.resolved_database_url,
        KBAGENT_DATA_DIR=str(settings.data_dir),
        KBAGENT_REDIS_URL=str(settings.redis_url),
        KBAGENT_RUN_STALE_SECONDS=str(settings.run_stale_seconds),
        KBAGENT_REDIS_PREFIX=settings.redis_prefix,
        KBAGENT_PIPELINE_BATCH_SIZE="5",
        KBAGENT_TEST_STEP_DELAY=str(delay),
        PYTHONPATH=str(TESTS),
    )
    with open(log, "ab") as out:
        return subprocess.Popen(
            [KBAGENT, "worker", "-c", "1", "-I", "agent.worker_steps", "--loglevel", "INFO"],
            env=env,
            stdout=out,
            stderr=out,
            start_new_session=True,
        )


def kill_group(process: subprocess.Popen[bytes], sig: int = signal.SIGKILL) -> None:
    try:
        os.killpg(process.pid, sig)
    except ProcessLookupError:
        return
    process.wait(timeout=20)


def seed(rt: Runtime, n: int) -> None:
    with rt.database.writer() as session:
        for i in range(n):
            session.add(
                ContentItem(source_type="url", source_id=f"u{i}", title=f"t{i}", content="")
            )
        session.commit()


def start_run(rt: Runtime) -> str:
    with rt.database.writer() as session:
        task = service.create_run(session, RunConfig(), settings=rt.settings)
        session.commit()
        task_id = task.id
    rt.dispatcher.send("advance", task_id)
    return task_id


def done_count(rt: Runtime) -> int:
    with rt.database.reader() as session:
        return len(session.scalars(select(ItemPhase).where(ItemPhase.status == "done")).all())


def wait_status(rt: Runtime, task_id: str, want: str, timeout: float, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while True:
        with rt.database.reader() as session:
            status = service.get_run(session, task_id).status
        if status == want:
            return
        assert status not in TERMINAL, f"run ended {status}, not {want}"
        assert time.monotonic() < deadline, (
            f"run is {status}; worker log:\n{log.read_text()[-3000:]}"
        )
        time.sleep(0.2)


@pytest.mark.usefixtures("registered")
def test_run_on_celery_workers(celery_settings: Settings, tmp_path: Path) -> None:
    rt = open_runtime(celery_settings)
    seed(rt, 12)
    log = tmp_path / "worker.log"
    worker = start_worker(celery_settings, log, delay=0)
    try:
        task_id = start_run(rt)
        wait_status(rt, task_id, "completed", 90, log)
    finally:
        kill_group(worker, signal.SIGTERM)
    assert done_count(rt) == 12
    with rt.database.reader() as session:
        items = session.scalars(select(ContentItem)).all()
        assert {i.raw_data["pid"] for i in items if i.raw_data} != {os.getpid()}
        types = {e.type for e in session.scalars(select(RunEvent)).all()}
    assert {"run_start", "phase_start", "item_done", "phase_end", "run_end"} <= types
    rt.database.dispose()


@pytest.mark.usefixtures("registered")
@pytest.mark.parametrize("db_kind", ["postgres"], indirect=True)
def test_killed_worker_run_resumes_exactly_once(celery_settings: Settings, tmp_path: Path) -> None:
    rt = open_runtime(celery_settings)
    seed(rt, 40)
    log = tmp_path / "worker.log"
    first = start_worker(celery_settings, log, delay=0.15)
    second = None
    try:
        task_id = start_run(rt)
        deadline = time.monotonic() + 60
        while done_count(rt) < 8:
            assert time.monotonic() < deadline, log.read_text()[-3000:]
            time.sleep(0.05)
        kill_group(first)  # kill -9, mid-batch
        killed_at = done_count(rt)
        assert killed_at < 40
        second = start_worker(celery_settings, log, delay=0)
        wait_status(rt, task_id, "completed", 120, log)
    finally:
        kill_group(first)
        if second is not None:
            kill_group(second, signal.SIGTERM)
    with rt.database.reader() as session:
        items = session.scalars(select(ContentItem)).all()
        assert len(items) == 40
        assert [i.raw_data["applied"] for i in items] == [1] * 40  # none lost, none doubled
        marks = session.scalars(select(ItemPhase)).all()
        assert sorted(m.status for m in marks) == ["done"] * 40
        events = [e.type for e in session.scalars(select(RunEvent)).all()]
        # the phase re-dispatched after the crash still counts the items done before it
        phases = service.describe(session, service.get_run(session, task_id)).phases
    assert all(p.total == p.done for p in phases if p.total is not None), phases
    assert "run_resumed" in events and events[-1] in ("run_end", "phase_end", "item_done")
    rt.database.dispose()
