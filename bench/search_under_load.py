"""API writes and searches at 100k chunks while a pipeline run writes, SQLite and PostgreSQL.

The 100k-item knowledge base of bench/search.py is loaded (its items marked as processed),
then RUN_ITEMS new posts are added and a run takes them through categorise, generate and
embed with the OpenAI-compatible stand-in as the model (so the run writes as fast as kbagent
can). Meanwhile one client searches (hybrid) and one creates and edits content items, in a
loop. The same loops are first measured for QUIET_S seconds without a run: the reference.

Reported per database: p50 / p95 / max latency of searches and writes, quiet and under the
run, their p95 ratio, responses >= 500 and requests slower than 5 s. Targets (issue 11): no
5xx, no request waiting more than 5 s on the database lock.
Run: backend/.venv/bin/python bench/search_under_load.py [--size 100000] [--databases ...]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import kb_corpus
import kb_server
from _services import create_database, start_postgres
from harness import admin
from harness.openai_server import model_settings, run_openai_server
from harness.ports import free_port
from search import _percentile, load
from sqlalchemy import insert, select

from kbagent import migrations
from kbagent.agent.models import ItemPhase
from kbagent.config import Settings, load_settings
from kbagent.content.models import ContentItem
from kbagent.db import new_id, open_database, utcnow
from kbagent.knowledge.models import KnowledgeItem

RUN_ITEMS = 400
QUIET_S = 15.0
SLOW_S = 5.0
ITEM_PHASES = ("cache", "media", "categorise", "generate", "embed")
SKIPPED = ["synthesis", "export"]  # whole-KB phases: over 100k items they would dominate


def mark_processed_and_add(settings: Settings, count: int) -> list[tuple[str, str]]:
    """The loaded items count as processed; `count` new posts wait for the run. Returns some
    (content item, KB item) pairs for the writer to edit."""
    database = open_database(settings.resolved_database_url)
    try:
        with database.writer() as session:
            ids = list(session.scalars(select(ContentItem.id)))
            targets = [
                (c, k)
                for c, k in session.execute(
                    select(KnowledgeItem.content_item_id, KnowledgeItem.id).limit(200)
                )
            ]
            for start in range(0, len(ids), 5000):
                rows = [
                    {"content_item_id": i, "phase": p, "status": "done", "attempts": 1}
                    for i in ids[start : start + 5000]
                    for p in ITEM_PHASES
                ]
                session.execute(insert(ItemPhase), rows)
            now = utcnow()
            session.execute(
                insert(ContentItem),
                [
                    {"id": new_id(), "source_type": "x", "source_id": f"new-{n}",
                     "title": f"New post {n} about indexes", "processing_state": "pending",
                     "content": f"Post {n}: partial indexes, vacuum and write-ahead logging.",
                     "tags": [], "media_files": [], "generated_files": [],
                     "created_at": now, "updated_at": now}
                    for n in range(count)
                ],
            )  # fmt: skip
            session.commit()
    finally:
        database.dispose()
    return targets


class Probe:
    """Searches and writes in two loops until stopped; latencies and statuses per kind."""

    def __init__(self, base: str, queries: list[str], targets: list[tuple[str, str]]) -> None:
        self.base, self.queries, self.targets = base, queries, targets
        self.samples: dict[str, list[tuple[float, int]]] = {"search": [], "write": []}
        self.stop = threading.Event()

    def _search(self) -> None:
        with admin.Client(base_url=self.base, timeout=60) as client:
            n = 0
            while not self.stop.is_set():
                body = {"query": self.queries[n % len(self.queries)], "mode": "hybrid"}
                self._timed("search", client, "POST", "/api/v1/content/search", body)
                n += 1

    def _write(self) -> None:
        # Edits of existing items (a tag, a note's text): writes that contend for the lock
        # without adding items the run would then have to process.
        with admin.Client(base_url=self.base, timeout=60) as client:
            n = 0
            while not self.stop.is_set():
                content_id, note_id = self.targets[n % len(self.targets)]
                path = f"/api/v1/content/items/{content_id}"
                self._timed("write", client, "PUT", path, {"tags": [f"probe{n % 7}"]})
                body = {"summary": f"Edited during the benchmark ({n})."}
                self._timed("write", client, "PUT", f"/api/v1/knowledge/items/{note_id}", body)
                n += 1
                time.sleep(0.05)

    def _timed(
        self, kind: str, client: httpx.Client, method: str, path: str, body: dict[str, Any]
    ) -> httpx.Response | None:
        started = time.perf_counter()
        response: httpx.Response | None
        try:
            response = client.request(method, path, json=body)
            status = response.status_code
        except httpx.HTTPError:
            response, status = None, 599
        self.samples[kind].append((time.perf_counter() - started, status))
        return response

    def __enter__(self) -> Probe:
        self.threads = [
            threading.Thread(target=f, daemon=True) for f in (self._search, self._write)
        ]
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=120)

    def report(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for kind, samples in self.samples.items():
            times = [t * 1000 for t, _ in samples] or [0.0]
            out[kind] = {
                "requests": len(samples),
                "p50_ms": round(_percentile(times, 0.5), 1),
                "p95_ms": round(_percentile(times, 0.95), 1),
                "max_ms": round(max(times), 1),
                "5xx": sum(1 for _, s in samples if s >= 500),
                f"over_{SLOW_S:g}s": sum(1 for t, _ in samples if t > SLOW_S),
            }
        return out


def measure(name: str, settings: Settings, size: int, docs: list[kb_corpus.Doc]) -> dict[str, Any]:
    migrations.upgrade(settings)
    load(settings, size, docs)
    targets = mark_processed_and_add(settings, RUN_ITEMS)
    queries = [q for q, _ in kb_corpus.queries(docs, 60, seed=11)]
    with run_openai_server() as (model_url, _state):
        env = {f"KBAGENT_{k.upper()}": str(v) for k, v in model_settings(model_url).items()}
        url = settings.resolved_database_url
        with kb_server.serve(settings.data_dir, url, free_port(), env) as base:
            with Probe(base, queries, targets) as quiet:
                time.sleep(QUIET_S)
            with (
                admin.Client(base_url=base, timeout=60) as client,
                Probe(base, queries, targets) as busy,
            ):
                started = time.perf_counter()
                run = client.post("/api/v1/agent/start", json={"skip_phases": SKIPPED}).json()
                while (status := client.get(f"/api/v1/agent/status/{run['id']}").json())[
                    "status"
                ] in ("pending", "running"):
                    time.sleep(0.5)
                run_s = time.perf_counter() - started
    result = {"quiet": quiet.report(), "during_run": busy.report()}
    phases = {p["name"]: p["done"] for p in status["phases"]}
    result["run"] = {"status": status["status"], "seconds": round(run_s, 1), "done": phases,
                     "items_per_s": round(RUN_ITEMS / run_s, 1)}  # fmt: skip
    for kind in ("search", "write"):
        quiet_p95 = result["quiet"][kind]["p95_ms"] or 1.0
        result[f"{kind}_p95_ratio"] = round(result["during_run"][kind]["p95_ms"] / quiet_p95, 2)
    print(f"{name}: {json.dumps(result)}", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--databases", nargs="+", choices=["sqlite", "postgres"],
                        default=["sqlite", "postgres"])  # fmt: skip
    args = parser.parse_args()
    docs = kb_corpus.documents()
    report: dict[str, Any] = {"benchmark": "search_under_load", "size": args.size,
                              "run_items": RUN_ITEMS}  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        if "sqlite" in args.databases:
            report["sqlite"] = measure(
                "sqlite", load_settings(data_dir=Path(tmp) / "s"), args.size, docs
            )
        if "postgres" in args.databases:
            server = start_postgres()
            try:
                url = create_database(server, "kb_under_load")
                settings = load_settings(data_dir=Path(tmp) / "p", database_url=url)
                report["postgres"] = measure("postgres", settings, args.size, docs)
            finally:
                server.stop()
    report["checks"] = {
        f"{db}: no 5xx and nothing over {SLOW_S:g} s": all(
            report[db]["during_run"][k]["5xx"] == 0
            and report[db]["during_run"][k][f"over_{SLOW_S:g}s"] == 0
            for k in ("search", "write")
        )
        for db in args.databases
    }
    print(json.dumps(report))


if __name__ == "__main__":
    main()
