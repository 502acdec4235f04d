"""Growth without bound, measured: a run's status query with and without the run-id index on
`item_phases`, and pruning a grown database to the retention defaults. SQLite and PostgreSQL.

Loaded in bulk: `--items` content items with one `item_phases` row per item phase (six), each
row's run id one of `--runs` runs; `--events` run events spread over those runs; `--versions`
item versions (twenty per item). Reported: median of 30 `phase_counts` calls (what every
`GET /agent/status/{id}` runs) with the index and with it dropped; the time `prune` takes,
its longest write transaction (what an API write may wait for on SQLite) and the rows it
removes (events of the latest 50 runs kept; per item the first and latest 5 versions kept,
so versions are pruned too); then a second, idle prune.
Run: backend/.venv/bin/python bench/retention.py [--items 20000] [--events 100000]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from _services import ROOT, create_database, start_postgres
from sqlalchemy import event, insert, text

from kbagent import migrations
from kbagent.agent import repository
from kbagent.agent.models import RunEvent, Task
from kbagent.agent.retention import prune
from kbagent.config import Settings, load_settings
from kbagent.content.models import ContentItem
from kbagent.db import Database, new_id, open_database, utcnow
from kbagent.knowledge.models import ItemVersion
from kbagent.pipeline.models import ItemPhase

PHASES = ("cache", "media", "categorise", "generate", "embed", "export")
BATCH = 5000
RESULTS = ROOT / "bench" / "results"


def _chunks(rows: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    return [rows[i : i + BATCH] for i in range(0, len(rows), BATCH)]


def load(database: Database, items: int, runs: int, events: int, versions: int) -> list[str]:
    now = utcnow()
    run_ids = [new_id() for _ in range(runs)]
    item_ids = [new_id() for _ in range(items)]
    with database.writer() as session:
        session.execute(
            insert(Task),
            [
                {
                    "id": r,
                    "task_type": "agent_run",
                    "status": "completed",
                    "created_at": now - timedelta(minutes=runs - n),
                    "phase_stats": {},
                }
                for n, r in enumerate(run_ids)
            ],
        )
        content = [
            {
                "id": i,
                "source_type": "url",
                "source_id": i,
                "title": "t",
                "content": "",
                "processing_state": "processed",
            }
            for i in item_ids
        ]
        for chunk in _chunks(content):
            session.execute(insert(ContentItem), chunk)
        phases = [
            {
                "content_item_id": i,
                "phase": p,
                "status": "done",
                "attempts": 1,
                "task_id": run_ids[n % runs],
                "updated_at": now,
            }
            for n, i in enumerate(item_ids)
            for p in PHASES
        ]
        for chunk in _chunks(phases):
            session.execute(insert(ItemPhase), chunk)
        event_rows = [
            {"task_id": run_ids[n * runs // events], "type": "item_done", "message": "", "data": {}}
            for n in range(events)
        ]
        for chunk in _chunks(event_rows):
            session.execute(insert(RunEvent), chunk)
        per_item = 20
        version_rows = [
            {
                "id": new_id(),
                "knowledge_item_id": item_ids[n // per_item],
                "version": n % per_item + 1,
                "change": "updated",
                "snapshot": {},
            }
            for n in range(versions)
        ]
        for chunk in _chunks(version_rows):
            session.execute(insert(ItemVersion), chunk)
        session.commit()
    with database.writer() as session:
        session.execute(text("ANALYZE"))  # planner statistics, as after normal growth
        session.commit()
    return run_ids


def status_ms(database: Database, run_id: str, calls: int = 30) -> float:
    timings = []
    for _ in range(calls):
        with database.reader() as session:
            started = time.perf_counter()
            repository.phase_counts(session, run_id)
            timings.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(timings), 3)


def watch_writes(database: Database) -> list[float]:
    """Durations (ms) of every write transaction from here on: how long the lock is held."""
    durations: list[float] = []

    @event.listens_for(database.engine, "begin")
    def _begin(conn: Any) -> None:
        conn.info["kb_started"] = time.perf_counter()

    @event.listens_for(database.engine, "commit")
    def _commit(conn: Any) -> None:
        started = conn.info.pop("kb_started", None)
        if started is not None and conn.get_execution_options().get("kb_begin") == "IMMEDIATE":
            durations.append((time.perf_counter() - started) * 1000)

    return durations


def measure(settings: Settings, args: argparse.Namespace) -> dict[str, Any]:
    migrations.upgrade(settings)
    database = open_database(settings.resolved_database_url)
    try:
        run_ids = load(database, args.items, args.runs, args.events, args.versions)
        probe = run_ids[len(run_ids) // 2]
        with_index = status_ms(database, probe)
        with database.writer() as session:
            session.execute(text("DROP INDEX idx_item_phases_task"))
            session.commit()
        without_index = status_ms(database, probe)
        with database.writer() as session:
            session.execute(
                text("CREATE INDEX idx_item_phases_task ON item_phases (task_id, phase, status)")
            )
            session.commit()
        kept = settings.model_copy(update={"retain_item_versions": 5})
        writes = watch_writes(database)
        started = time.perf_counter()
        report = prune(database, kept)
        prune_s = time.perf_counter() - started
        longest_write = max(writes, default=0.0)
        started = time.perf_counter()
        prune(database, kept)
        noop_s = time.perf_counter() - started
    finally:
        database.dispose()
    return {
        "item_phases_rows": args.items * len(PHASES),
        "status_query_ms_with_index": with_index,
        "status_query_ms_without_index": without_index,
        "prune_seconds": round(prune_s, 2),
        "pruned": report.as_dict(),
        "prune_write_transactions": len(writes),
        "prune_longest_write_ms": round(longest_write, 1),
        "prune_again_seconds": round(noop_s, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--versions", type=int, default=100_000)
    args = parser.parse_args()
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as folder:
        results["sqlite"] = measure(load_settings(data_dir=Path(folder)), args)
    server = start_postgres()
    try:
        url = create_database(server, "bench_retention")
        results["postgres"] = measure(load_settings(database_url=url), args)
    finally:
        server.stop()
    print(json.dumps(results, indent=2))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "retention.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
