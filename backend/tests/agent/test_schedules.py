from __future__ import annotations

import time
from datetime import timedelta

import httpx
import pytest
from harness import admin

from kbagent.agent import schedules
from kbagent.agent.dispatch import LocalDispatcher
from kbagent.agent.runtime import open_runtime
from kbagent.config import Settings
from kbagent.db import utcnow

pytestmark = pytest.mark.usefixtures("test_phases")
BASE = "/api/v1/agent/schedules"


@pytest.fixture
def client(base_url: str) -> httpx.Client:
    return admin.Client(base_url=base_url, timeout=30)


def test_schedule_crud_and_run_now(client: httpx.Client) -> None:
    created = client.post(BASE, json={"name": "nightly", "cron": "0 3 * * *"})
    assert created.status_code == 201, created.text
    schedule = created.json()
    assert schedule["next_run_at"] and schedule["config"]["mode"] == "full"

    assert client.post(BASE, json={"name": "nightly", "cron": "0 4 * * *"}).status_code == 409
    bad = client.post(BASE, json={"name": "x", "cron": "every day"})
    assert bad.status_code == 422 and "cron" in bad.json()["message"]
    assert (
        client.post(
            BASE, json={"name": "x", "cron": "* * * * *", "config": {"mode": "?"}}
        ).status_code
        == 422
    )

    updated = client.put(f"{BASE}/{schedule['id']}", json={"cron": "*/5 * * * *", "enabled": False})
    assert updated.status_code == 200 and updated.json()["enabled"] is False
    assert [s["name"] for s in client.get(BASE).json()] == ["nightly"]

    run = client.post(f"{BASE}/{schedule['id']}/run")
    assert run.status_code == 202, run.text
    assert client.get(f"{BASE}/{schedule['id']}").json()["last_task_id"] == run.json()["id"]

    assert client.delete(f"{BASE}/{schedule['id']}").status_code == 204
    assert client.get(f"{BASE}/{schedule['id']}").status_code == 404
    assert client.post(f"{BASE}/nope/run").status_code == 404


def test_scheduler_fires_due_schedules_once(settings: Settings) -> None:
    rt = open_runtime(settings)
    from kbagent.agent.schemas import ScheduleCreate

    with rt.database.writer() as session:
        created = schedules.create_schedule(session, ScheduleCreate(name="s", cron="* * * * *"))
        created.next_run_at = utcnow() - timedelta(seconds=1)
        session.commit()
    fired = schedules.tick(rt)
    assert len(fired) == 1
    assert schedules.tick(rt) == []  # claimed: the same slot never fires twice
    with rt.database.reader() as session:
        again = schedules.get_schedule(session, created.id)
        assert again.next_run_at is not None and again.next_run_at > utcnow()
        assert again.last_task_id == fired[0]
    deadline = time.monotonic() + 120  # a hang guard
    assert isinstance(rt.dispatcher, LocalDispatcher)
    while not rt.dispatcher.idle():  # let the local worker finish before the DB goes away
        assert time.monotonic() < deadline
        time.sleep(0.05)
    rt.database.dispose()
