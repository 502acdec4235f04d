"""Growth is bounded: pruning keeps what users read, and run status is served by an index."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from harness import admin
from harness.env import settings_env
from harness.server import serve
from sqlalchemy import func, inspect, select, text

from kbagent.agent.models import ItemPhase, RunEvent, Task
from kbagent.agent.retention import prune
from kbagent.ai.models import AIUsage
from kbagent.config import Settings
from kbagent.content.models import ContentItem
from kbagent.db import Database, open_database, utcnow
from kbagent.knowledge.models import ItemVersion


@pytest.fixture
def database(settings: Settings) -> Iterator[Database]:
    db = open_database(settings.resolved_database_url)
    try:
        yield db
    finally:
        db.dispose()


def _fill(database: Database) -> list[str]:
    """Six runs of five events each, oldest first; old and new events and usage of no run;
    one item with twelve versions and one with two."""
    now = utcnow()
    run_ids = []
    with database.writer() as session:
        for n in range(6):
            task = Task(
                task_type="agent_run", status="completed", created_at=now - timedelta(hours=6 - n)
            )
            session.add(task)
            session.flush()
            run_ids.append(task.id)
            session.add_all(RunEvent(task_id=task.id, type="item_done") for _ in range(5))
        session.add(RunEvent(task_id=None, type="log", ts=now - timedelta(days=40)))
        session.add(RunEvent(task_id=None, type="log", ts=now - timedelta(days=1)))
        for days in (400, 10):
            session.add(
                AIUsage(
                    phase="chat",
                    operation="chat",
                    model="local:x",
                    prompt_tokens=1,
                    completion_tokens=1,
                    latency_ms=1.0,
                    success=True,
                    created_at=now - timedelta(days=days),
                )
            )
        for version in range(1, 13):
            session.add(
                ItemVersion(knowledge_item_id="a", version=version, change="c", snapshot={})
            )
        for version in (1, 2):
            session.add(
                ItemVersion(knowledge_item_id="b", version=version, change="c", snapshot={})
            )
        session.commit()
    return run_ids


def test_prune_keeps_latest_runs_recent_records_and_first_plus_latest_versions(
    settings: Settings, database: Database
) -> None:
    run_ids = _fill(database)
    kept = settings.model_copy(update={"retain_runs": 2, "retain_item_versions": 3})
    report = prune(database, kept)
    assert report.as_dict() == {"run_events": 4 * 5 + 1, "ai_usage": 1, "item_versions": 8}
    with database.reader() as session:
        by_run = dict(
            session.execute(select(RunEvent.task_id, func.count()).group_by(RunEvent.task_id)).all()
        )
        assert by_run == {run_ids[4]: 5, run_ids[5]: 5, None: 1}
        assert session.scalar(select(func.count()).select_from(Task)) == 6  # runs stay listed
        assert session.scalar(select(func.count()).select_from(AIUsage)) == 1
        versions = session.execute(
            select(ItemVersion.knowledge_item_id, ItemVersion.version).order_by(
                ItemVersion.knowledge_item_id, ItemVersion.version
            )
        ).all()
    assert [tuple(v) for v in versions] == [
        ("a", 1),
        ("a", 10),
        ("a", 11),
        ("a", 12),
        ("b", 1),
        ("b", 2),
    ]
    assert prune(database, kept).as_dict() == {"run_events": 0, "ai_usage": 0, "item_versions": 0}


def test_prune_command(settings: Settings, database: Database, tmp_path: Path) -> None:
    _fill(database)
    env = settings_env(settings, KBAGENT_RETAIN_RUNS="1")
    done = subprocess.run(
        [str(Path(sys.executable).parent / "kbagent"), "prune"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert '"run_events": 26' in done.stdout
    with database.reader() as session:
        assert session.scalar(select(func.count()).select_from(RunEvent)) == 5 + 1


def test_run_status_counts_use_an_index_on_the_run_id(
    settings: Settings, database: Database, db_kind: str
) -> None:
    indexes = inspect(database.engine).get_indexes("item_phases")
    assert any(i["column_names"][0] == "task_id" for i in indexes), indexes
    if db_kind == "sqlite":
        with database.reader() as session:
            plan = session.execute(
                text(
                    "EXPLAIN QUERY PLAN SELECT phase, status, count(*) FROM item_phases "
                    "WHERE task_id = 'x' GROUP BY phase, status"
                )
            ).all()
        assert any("USING COVERING INDEX idx_item_phases_task" in str(row) for row in plan), plan
    with database.writer() as session:  # the model and the migration agree on it
        session.add(ContentItem(id="c1", source_type="url", source_id="u", title="t", content=""))
        session.flush()
        session.add(ItemPhase(content_item_id="c1", phase="embed", status="done", task_id="r1"))
        session.commit()


@pytest.mark.usefixtures("test_phases")
def test_a_finished_run_prunes_older_runs_events(settings: Settings, database: Database) -> None:
    from agent.test_runs import add_items, wait_for

    one_run = settings.model_copy(update={"retain_runs": 1})
    with serve(one_run) as base, admin.Client(base_url=base, timeout=30) as client:
        add_items(client, ["alpha", "beta"])
        first = client.post("/api/v1/agent/start", json={}).json()["id"]
        wait_for(client, first, {"completed"})
        with database.reader() as session:
            assert session.scalar(select(func.count()).where(RunEvent.task_id == first)) > 0
        second = client.post("/api/v1/agent/start", json={"force_phases": ["embed"]}).json()["id"]
        wait_for(client, second, {"completed"})
        # Pruning follows the run's end (after its status and last events are committed).
        deadline = time.monotonic() + 60  # a hang guard, not a speed limit
        while True:
            with database.reader() as session:
                runs = set(session.scalars(select(RunEvent.task_id).distinct()))
            if first not in runs or time.monotonic() > deadline:
                break
            time.sleep(0.05)
    assert second in runs and first not in runs
