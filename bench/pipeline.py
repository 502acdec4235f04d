"""Pipeline throughput and live-event latency, embedded and distributed.

N synthetic items go end to end (fetch -> export) through `kbagent serve` with a deterministic
OpenAI-compatible model server (so the figure is kbagent's own overhead plus one local HTTP
round trip per model call):
- embedded: SQLite, the local worker thread inside `kbagent serve`;
- distributed: PostgreSQL + pgvector, Redis, two `kbagent worker` processes.
Reported per deployment: items/s end to end, and its ratio to a plain bulk insert of the same
content rows measured in the same run; WebSocket event latency from the event's commit to the
client, p50/p95; and a check that no item and no item event was lost.

Also per deployment, counted inside kbagent's own processes (`_probe/sitecustomize.py`, loaded
through PYTHONPATH by every process the bench starts) between the run's start and its end:
CPU ms per item, SQL statements per item and write transactions per item; and the floor: the
CPU per item of a bare keep-alive HTTP client making the same model calls (categorise: one
embedding and one structured chat; generate: one structured chat; the chunks' embeddings
batched 32 per call) against the same model server, measured in its own process in the same
run. `achieved_over_floor` is floor / kbagent CPU per item (1.0: bookkeeping costs nothing).

Usage: python bench/pipeline.py [--items N] [--deployments embedded,distributed]
(default 10000 items, both deployments). The last line printed is one JSON object: the
embedded figures at the top level, the distributed ones under `distributed`.
"""

from __future__ import annotations

import argparse
import http.client
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
from urllib.parse import urlsplit

from _services import create_database, serve_process, start_postgres
from harness import admin
from harness.env import settings_env
from harness.openai_server import model_settings, run_openai_server
from harness.redis import start_redis
from sqlalchemy import func, insert, select

from kbagent import migrations
from kbagent.config import Settings, load_settings
from kbagent.content.models import ContentItem
from kbagent.db import new_id, open_database, utcnow
from kbagent.pipeline.models import ItemPhase

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
PROBE = Path(__file__).resolve().parent / "_probe"
EMBED_BATCH = 32
EXTRA: dict[str, Any] = {}  # settings from the command line (--concurrency)


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


class Probe:
    """The summed counters of every bench-started kbagent process (see `_probe/`)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True)

    def env(self) -> dict[str, str]:
        paths = [str(PROBE), os.environ.get("PYTHONPATH", "")]
        return {
            "PYTHONPATH": os.pathsep.join(p for p in paths if p),
            "KBBENCH_STATS_DIR": str(self.directory),
        }

    def read(self) -> dict[str, float]:
        time.sleep(0.5)  # every process writes its counters every 0.2 s
        total = {"sql": 0.0, "write_txn": 0.0, "txn": 0.0, "cpu_s": 0.0}
        for path in self.directory.glob("*.json"):
            try:
                data = json.loads(path.read_text())
            except (OSError, ValueError):
                continue
            for key in total:
                total[key] += float(data.get(key, 0))
        return total


def _post(conn: http.client.HTTPConnection, path: str, body: dict[str, Any]) -> Any:
    conn.request("POST", path, json.dumps(body), {"Content-Type": "application/json"})
    return json.loads(conn.getresponse().read())


def floor_client(model_url: str, n: int) -> float:
    """CPU ms per item of the model calls alone, over one keep-alive connection."""
    from kbagent.pipeline.categorise import CategoryPick
    from kbagent.pipeline.note import KBItemDraft

    url = urlsplit(model_url)
    conn = http.client.HTTPConnection(url.hostname or "127.0.0.1", url.port)
    prefix = url.path.rstrip("/")
    schemas = [(m.__name__, m.model_json_schema()) for m in (CategoryPick, KBItemDraft)]
    chunks: list[str] = []
    started = time.process_time()
    for row in rows(n):
        text = f"{row['title']}\n{row['content']}"
        _post(conn, f"{prefix}/embeddings", {"model": "embedder", "input": [text]})
        for name, schema in schemas:
            prompt = f"Item:\n{text}\n\nTitle: {row['title']}\nContent:\n{row['content']}"
            reply = _post(
                conn,
                f"{prefix}/chat/completions",
                {
                    "model": "writer",
                    "messages": [{"role": "user", "content": prompt}],
                    "response_format": {
                        "type": "json_schema",
                        "json_schema": {"name": name, "schema": schema, "strict": True},
                    },
                },
            )
            json.loads(reply["choices"][0]["message"]["content"])
        chunks.append(text)
        if len(chunks) == EMBED_BATCH:
            _post(conn, f"{prefix}/embeddings", {"model": "embedder", "input": chunks})
            chunks = []
    if chunks:
        _post(conn, f"{prefix}/embeddings", {"model": "embedder", "input": chunks})
    return (time.process_time() - started) * 1000 / n


def measure_floor(model_url: str, n: int) -> float:
    """`floor_client` in a process of its own (this one also runs the model server)."""
    out = subprocess.run(
        [sys.executable, __file__, "--floor", model_url, "--items", str(n)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return float(json.loads(out.strip().splitlines()[-1])["floor_cpu_ms_per_item"])


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


def run_pipeline(
    base: str, n: int, probe: Probe
) -> tuple[float, Listener, dict[str, Any], dict[str, float]]:
    listener = Listener(base.replace("http://", "ws://") + "/ws")
    listener.start()
    listener.ready.wait(30)
    before = probe.read()
    started = time.perf_counter()
    run = admin.post(f"{base}/api/v1/agent/start", json={}, timeout=60).json()
    status_url = f"{base}/api/v1/agent/status/{run['id']}"
    if not listener.ended.wait(timeout=max(600, n)):
        raise SystemExit(f"run did not end: {admin.get(status_url).text}")
    elapsed = listener.finished_at - started
    after = probe.read()
    spent = {k: (after[k] - before[k]) / n for k in after}
    status = admin.get(status_url, timeout=60).json()
    return n / elapsed, listener, status, spent


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
    name: str,
    rate: float,
    reference: float,
    listener: Listener,
    n: int,
    check: str,
    spent: dict[str, float],
    floor: float,
) -> dict[str, Any]:
    lat = sorted(listener.latencies)
    p50 = statistics.median(lat) if lat else float("nan")
    p95 = lat[int(0.95 * (len(lat) - 1))] if lat else float("nan")
    expected = n * len(ITEM_PHASES)
    print(
        f"{name:<12} {rate:8.1f} items/s end to end | bulk insert {reference:9.0f} rows/s | "
        f"ratio {rate / reference:.5f} | ws latency p50 {p50:.1f} ms p95 {p95:.1f} ms over "
        f"{len(lat)} events | item events {listener.item_events}/{expected} | {check}"
    )
    figures = {
        "items_per_s": round(rate, 2),
        "cpu_ms_per_item": round(spent["cpu_s"] * 1000, 3),
        "write_txn_per_item": round(spent["write_txn"], 3),
        "sql_per_item": round(spent["sql"], 2),
        "floor_cpu_ms_per_item": round(floor, 3),
        "achieved_over_floor": round(floor / max(spent["cpu_s"] * 1000, 1e-9), 4),
        "ws_p50_ms": round(p50, 2),
        "ws_p95_ms": round(p95, 2),
        "item_events": listener.item_events,
        "expected_item_events": expected,
        "check": check,
    }
    print(
        f"{'':<12} cpu {figures['cpu_ms_per_item']:.2f} ms/item (floor {floor:.2f}, achieved/floor"
        f" {figures['achieved_over_floor']:.3f}) | write txn {figures['write_txn_per_item']:.2f}"
        f"/item | sql {figures['sql_per_item']:.1f}/item"
    )
    return figures


def embedded(model_url: str, n: int, tmp: Path, floor: float) -> dict[str, Any]:
    settings = load_settings(data_dir=tmp / "embedded", **model_settings(model_url), **EXTRA)
    migrations.upgrade(settings)
    reference = bulk_insert_rate(settings, n)
    probe = Probe(tmp / "stats-embedded")
    os.environ.update(probe.env())
    with serve_process(settings) as base:
        rate, listener, status, spent = run_pipeline(base, n, probe)
    check = f"{verify(settings, n)} | run {outcome(status)}"
    return report("embedded", rate, reference, listener, n, check, spent, floor)


def distributed(model_url: str, n: int, tmp: Path, floor: float) -> dict[str, Any]:
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
            **EXTRA,
        )
        migrations.upgrade(settings)
        reference = bulk_insert_rate(settings, n)
        probe = Probe(tmp / "stats-distributed")
        os.environ.update(probe.env())
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
            rate, listener, status, spent = run_pipeline(base, n, probe)
        check = f"{verify(settings, n)} | run {outcome(status)}"
        return report("distributed", rate, reference, listener, n, check, spent, floor)
    finally:
        for worker in workers:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(30)
        postgres.stop()
        redis_server.stop()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--deployments", default="embedded,distributed")
    parser.add_argument(
        "--concurrency", type=int, help="the model server's requests at once (default: kbagent's)"
    )
    parser.add_argument("--floor", metavar="MODEL_URL", help=argparse.SUPPRESS)
    args = parser.parse_args()
    n = args.items
    if args.concurrency:
        EXTRA["openai_concurrency"] = args.concurrency
    if args.floor:  # the child process of `measure_floor`
        print(json.dumps({"floor_cpu_ms_per_item": floor_client(args.floor, n)}))
        return
    deployments = [d.strip() for d in args.deployments.split(",") if d.strip()]
    print(f"pipeline: {n} items, phases fetch..export, deterministic model server over HTTP")
    result: dict[str, Any] = {"items": n}
    with run_openai_server() as (model_url, _), tempfile.TemporaryDirectory() as tmp:
        floor = measure_floor(model_url, min(n, 2000))
        if "embedded" in deployments:
            result.update(embedded(model_url, n, Path(tmp), floor))
        if "distributed" in deployments:
            result["distributed"] = distributed(model_url, n, Path(tmp), floor)
            if "cpu_ms_per_item" in result:
                ratio = result["distributed"]["cpu_ms_per_item"] / result["cpu_ms_per_item"]
                result["distributed_over_embedded_cpu"] = round(ratio, 3)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
