"""Pipeline throughput and live-event latency, embedded and distributed.

N synthetic items go end to end (fetch -> export) through `kbagent serve` with a deterministic
OpenAI-compatible model server (so the figure is kbagent's own overhead plus one local HTTP
round trip per model call):
- embedded: SQLite, the local worker thread inside `kbagent serve`;
- distributed: PostgreSQL + pgvector, Redis, two `kbagent worker` processes.
Reported per deployment: items/s end to end, and its ratio to a plain bulk insert of the same
content rows measured in the same run; WebSocket event latency from the event's commit to the
client, p50/p95; and a check that no item and no item event was lost.

Usage: python bench/pipeline.py [--items N]   (default 10000)
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from _services import create_database, serve_process, start_postgres
from harness import admin
from harness.env import settings_env
from harness.openai_server import model_settings, run_openai_server
from harness.redis import start_redis
from sqlalchemy import func, insert, select

from kbagent import migrations
from kbagent.agent.models import ItemPhase
from kbagent.config import Settings, load_settings
from kbagent.content.models import ContentItem
from kbagent.db import new_id, open_database, utcnow

WORDS = [
    "python",
    "rust",
    "sqlite",
    "postgres",
    "redis",
    "celery",
    "fastapi",
    "react",
    "testing",
    "llm",
    "vectors",
    "search",
    "docker",
    "linux",
    "git",
    "security",
]
ITEM_PHASES = ("cache", "media", "categorise", "generate", "embed")


def rows(n: int) -> list[dict[str, Any]]:
    now = utcnow()
    return [
        {
            "id": new_id(),
            "source_type": "x",
            "source_id": f"bench-{i}",
            "title": f"{WORDS[i % len(WORDS)]} note {i}",
            "content": f"A saved post about {WORDS[i % len(WORDS)]}, number {i}, with advice.",
            "raw_data": {"n": i},
            "processing_state": "pending",
            "tags": [],
            "media_files": [],
            "generated_files": [],
            "created_at": now,
            "updated_at": now,
        }
        for i in range(n)
    ]


def bulk_insert_rate(settings: Settings, n: int) -> float:
    """The reference: the same content rows inserted in one executemany."""
    database = open_database(settings.resolved_database_url)
    batch = rows(n)
    started = time.perf_counter()
    with database.writer() as session:
        session.execute(insert(ContentItem), batch)
        session.commit()
    elapsed = time.perf_counter() - started
    database.dispose()
    return n / elapsed


class Listener(threading.Thread):
    def __init__(self, url: str) -> None:
        super().__init__(daemon=True)
        self.url = url
        self.latencies: list[float] = []
        self.item_events = 0
        self.ended = threading.Event()
        self.ready = threading.Event()
        self.finished_at = 0.0  # when run_end arrived

    def run(self) -> None:
        # Events from several workers are published as each commits, so the last items' events
        # may arrive just after run_end: listen a little longer before counting.
        with admin.connect(self.url, max_size=None) as ws:
            json.loads(ws.recv())  # snapshot
            self.ready.set()
            grace: float | None = None
            while grace is None or time.monotonic() < grace:
                try:
                    message = json.loads(ws.recv(timeout=0.5))
                except TimeoutError:
                    continue
                event = message["payload"]
                received = datetime.now(UTC)
                sent = datetime.fromisoformat(event["ts"])
                self.latencies.append((received - sent).total_seconds() * 1000)
                if event["type"] in ("item_done", "item_failed", "item_skipped"):
                    self.item_events += 1
                if event["type"] == "run_end":
                    self.finished_at = time.perf_counter()
                    grace = time.monotonic() + 3.0
        self.ended.set()


def run_pipeline(base: str, n: int) -> tuple[float, Listener, dict[str, Any]]:
    listener = Listener(base.replace("http://", "ws://") + "/ws")
    listener.start()
    listener.ready.wait(30)
    started = time.perf_counter()
    run = admin.post(f"{base}/api/v1/agent/start", json={}, timeout=60).json()
    status_url = f"{base}/api/v1/agent/status/{run['id']}"
    if not listener.ended.wait(timeout=max(600, n)):
        raise SystemExit(f"run did not end: {admin.get(status_url).text}")
    elapsed = listener.finished_at - started
    status = admin.get(status_url, timeout=60).json()
    return n / elapsed, listener, status


def outcome(status: dict[str, Any]) -> str:
    """The run's own account: `completed`, or `completed_with_failures` and the top reason."""
    failures = status.get("failures") or {}
    if not failures.get("failed_items") and not failures.get("failed_phases"):
        return str(status["status"])
    top = (failures.get("top_reasons") or [{}])[0]
    return (
        f"{status['status']} ({failures.get('failed_items', 0)} failed; "
        f"top: {top.get('count')} x {top.get('phase')}: {str(top.get('reason'))[:120]})"
    )


def verify(settings: Settings, n: int) -> str:
    database = open_database(settings.resolved_database_url)
    with database.reader() as session:
        counts = dict(
            session.execute(
                select(ItemPhase.phase, func.count())
                .where(ItemPhase.status == "done")
                .group_by(ItemPhase.phase)
            ).all()
        )
    database.dispose()
    missing = {p: n - counts.get(p, 0) for p in ITEM_PHASES if counts.get(p, 0) != n}
    return "none lost" if not missing else f"LOST: {missing}"


def report(
    name: str, rate: float, reference: float, listener: Listener, n: int, check: str
) -> None:
    lat = sorted(listener.latencies)
    p50 = statistics.median(lat) if lat else float("nan")
    p95 = lat[int(0.95 * (len(lat) - 1))] if lat else float("nan")
    expected = n * len(ITEM_PHASES)
    print(
        f"{name:<12} {rate:8.1f} items/s end to end | bulk insert {reference:9.0f} rows/s | "
        f"ratio {rate / reference:.5f} | ws latency p50 {p50:.1f} ms p95 {p95:.1f} ms over "
        f"{len(lat)} events | item events {listener.item_events}/{expected} | {check}"
    )


def embedded(model_url: str, n: int, tmp: Path) -> None:
    settings = load_settings(data_dir=tmp / "embedded", **model_settings(model_url))
    migrations.upgrade(settings)
    reference = bulk_insert_rate(settings, n)
    with serve_process(settings) as base:
        rate, listener, status = run_pipeline(base, n)
    check = f"{verify(settings, n)} | run {outcome(status)}"
    report("embedded", rate, reference, listener, n, check)


def distributed(model_url: str, n: int, tmp: Path) -> None:
    postgres, redis_server = start_postgres(), start_redis()
    workers: list[subprocess.Popen[bytes]] = []
    try:
        url = create_database(postgres, "bench_pipeline")
        settings = load_settings(
            data_dir=tmp / "distributed",
            database_url=url,
            redis_url=redis_server.url(14),
            redis_prefix=f"kbbench-{uuid.uuid4().hex[:8]}",
            **model_settings(model_url),
        )
        migrations.upgrade(settings)
        reference = bulk_insert_rate(settings, n)
        kbagent = str(Path(sys.executable).with_name("kbagent"))
        for _ in range(2):
            workers.append(
                subprocess.Popen(
                    [kbagent, "worker", "-c", "1", "--loglevel", "WARNING"],
                    env=settings_env(settings, KBAGENT_LOG_LEVEL="WARNING"),
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    start_new_session=True,
                )
            )
        with serve_process(settings) as base:
            rate, listener, status = run_pipeline(base, n)
        check = f"{verify(settings, n)} | run {outcome(status)}"
        report("distributed", rate, reference, listener, n, check)
    finally:
        for worker in workers:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(30)
        postgres.stop()
        redis_server.stop()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=10_000)
    n = parser.parse_args().items
    print(f"pipeline: {n} items, phases fetch..export, deterministic model server over HTTP")
    with run_openai_server() as (model_url, _), tempfile.TemporaryDirectory() as tmp:
        embedded(model_url, n, Path(tmp))
        distributed(model_url, n, Path(tmp))


if __name__ == "__main__":
    main()
