"""`GET /api/v1/system/metrics/history` on a real server, both databases: host samples from
several processes of one host count once per slot and are bucketed per window, model calls are
bucketed per phase and model, the sampler thread writes samples by itself, and a bad window is
a 422 envelope."""

from __future__ import annotations

import socket
import time
from datetime import UTC, datetime, timedelta

from harness import admin
from harness.server import serve
from sqlalchemy import select

from kbagent.ai.models import AIUsage
from kbagent.config import Settings
from kbagent.db import open_database, utcnow
from kbagent.system.models import HostSample
from kbagent.system.sampler import record, take_sample


def _sample(host: str, slot: int, cpu: float, depth: int | None) -> HostSample:
    return HostSample(
        host=host, slot=slot, at=datetime.fromtimestamp(slot, UTC), cpu_percent=cpu,
        memory_percent=50.0, disk_percent=10.0, gpu_percent=None, queue_depth=depth,
    )  # fmt: skip


def test_history_buckets_hosts_and_model_calls(settings: Settings) -> None:
    database = open_database(settings.resolved_database_url)
    now = int(time.time()) // 60 * 60
    try:
        assert record(database, _sample("api-1", now - 120, 20.0, 3))
        # A second process of the same host, same slot: ignored.
        assert not record(database, _sample("api-1", now - 120, 99.0, 9))
        assert record(database, _sample("api-1", now - 60, 40.0, 1))
        assert record(database, _sample("gpu-1", now - 60, 70.0, None))
        assert record(database, _sample("api-1", now - 3 * 86400, 5.0, 0))  # outside 1h, 24h
        with database.writer() as session:
            stamp = utcnow()
            for ago, model, tokens in ((timedelta(minutes=2), "openai:writer", 10),
                                       (timedelta(minutes=2), "openai:writer", 30),
                                       (timedelta(minutes=1), "ollama:tiny", 5),
                                       (timedelta(days=2), "ollama:tiny", 100)):  # fmt: skip
                session.add(
                    AIUsage(
                        phase="chat", operation="chat", model=model, prompt_tokens=tokens,
                        completion_tokens=1, latency_ms=tokens * 10.0, cost_usd=None,
                        created_at=stamp - ago,
                    )
                )  # fmt: skip
            session.commit()
    finally:
        database.dispose()
    with serve(settings) as base, admin.Client(base_url=base) as client:
        hour = client.get("/api/v1/system/metrics/history", params={"window": "1h"})
        assert hour.status_code == 200, hour.text
        found = hour.json()
        assert found["step_seconds"] == 60 and found["sample_seconds"] == 60
        hosts = {h["host"]: h["points"] for h in found["hosts"]}
        assert [p["cpu_percent"] for p in hosts["api-1"]] == [20.0, 40.0]
        assert [p["queue_depth"] for p in hosts["api-1"]] == [3, 1]
        assert [p["queue_depth"] for p in hosts["gpu-1"]] == [None]
        writer = [u for u in found["ai_usage"] if u["model"] == "openai:writer"]
        assert sum(u["calls"] for u in writer) == 2
        assert sum(u["prompt_tokens"] for u in writer) == 40
        assert {u["model"] for u in found["ai_usage"]} == {"openai:writer", "ollama:tiny"}
        at = datetime.fromisoformat(found["ai_usage"][0]["at"])
        assert at.timestamp() % 60 == 0 and at >= datetime.fromisoformat(found["since"])
        week = client.get("/api/v1/system/metrics/history", params={"window": "7d"}).json()
        assert week["step_seconds"] == 7200
        assert sum(len(h["points"]) for h in week["hosts"]) >= 3
        assert sum(u["prompt_tokens"] for u in week["ai_usage"]) == 145
        bad = client.get("/api/v1/system/metrics/history", params={"window": "2y"})
        assert bad.status_code == 422
        assert bad.json()["error_code"] and "window" in bad.text


def _samples(settings: Settings) -> list[HostSample]:
    database = open_database(settings.resolved_database_url)
    try:
        with database.reader() as session:
            return list(session.scalars(select(HostSample).order_by(HostSample.slot)))
    finally:
        database.dispose()


def test_sampler_thread_records_this_host(settings: Settings) -> None:
    fast = settings.model_copy(update={"metrics_sample_seconds": 1.0})
    with serve(fast) as base, admin.Client(base_url=base) as client:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and len(_samples(settings)) < 2:
            time.sleep(0.5)
        rows = _samples(settings)
        assert len(rows) >= 2 and len({r.slot for r in rows}) == len(rows)
        assert {r.host for r in rows} == {socket.gethostname()}
        assert all(0 <= r.cpu_percent <= 100 for r in rows)
        assert rows[0].queue_depth == 0  # local mode: the API process is the worker
        found = client.get("/api/v1/system/metrics/history").json()
        (host,) = found["hosts"]
        assert host["host"] == socket.gethostname() and host["points"]
        assert found["sample_seconds"] == 1.0


def test_take_sample_rounds_the_slot(settings: Settings) -> None:
    sample = take_sample(settings, 30.0, host="h")
    assert sample.slot % 30 == 0 and sample.host == "h" and sample.queue_depth == 0
