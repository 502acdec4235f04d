"""Which write transactions hold SQLite's write lock, and for how long, during a run over a
large knowledge base.

The knowledge base of bench/search.py is loaded at `--size` items, each filed under a
category with a stored categorisation digest (as after a pipeline run, so categorising a new
item meets a full knowledge base), then `--items` new posts go through the run's item phases
(cache, media, categorise, generate, embed) in this process, with the OpenAI-compatible
stand-in as the model. Every write transaction is timed by `kbagent.db` (held from BEGIN
IMMEDIATE to COMMIT/ROLLBACK, and where it was begun); reported: the longest ones, and per
place count, total, p95 and max.
Run: backend/.venv/bin/python bench/write_locks.py [--size 20000] [--items 100]
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import kb_corpus
from _services import ROOT  # noqa: F401  (puts backend/tests on the path)
from ai.fake import fake_vector
from harness.openai_server import model_settings, run_openai_server
from search import _percentile, load
from search_under_load import SKIPPED, mark_processed_and_add
from sqlalchemy import insert, select

from kbagent import migrations
from kbagent.agent import service
from kbagent.agent.boot import open_runtime
from kbagent.agent.schemas import RunConfig
from kbagent.config import load_settings
from kbagent.content.models import ContentItem
from kbagent.db import open_database
from kbagent.knowledge.centroids import pack, unit
from kbagent.knowledge.models import ItemDigest

EMBED_MODEL = "openai:embedder"  # the stand-in's embedding model, as the AI layer names it
_WORD = re.compile(r"[a-z]{5,}")


class Holds(logging.Handler):
    """Collects the `kbagent.db` write-lock records."""

    PATTERN = re.compile(r"write lock held ([\d.]+)s \(waited ([\d.]+)s\) by (.*)")

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.found: list[tuple[float, float, str]] = []
        self.lock2 = threading.Lock()

    def emit(self, record: logging.LogRecord) -> None:
        match = self.PATTERN.match(record.getMessage())
        if match:
            with self.lock2:
                held, waited, where = match.groups()
                self.found.append((float(held), float(waited), where))


def add_digests(url: str, dim: int) -> None:
    """A digest for every loaded item, filed as it is: the state after categorising them."""
    database = open_database(url)
    try:
        with database.writer() as session:
            rows = session.execute(select(ContentItem.id, ContentItem.title, ContentItem.content))
            batch: list[dict[str, Any]] = []
            for content_id, title, content in rows:
                terms = list(dict.fromkeys(_WORD.findall(f"{title} {content}".lower())))[:12]
                vector = unit(fake_vector(f"{title} {' '.join(terms)}", dim))
                batch.append(
                    {"content_item_id": content_id, "vector": pack(vector),
                     "model": EMBED_MODEL, "terms": terms}
                )  # fmt: skip
            for start in range(0, len(batch), 5000):
                session.execute(insert(ItemDigest), batch[start : start + 5000])
            session.commit()
    finally:
        database.dispose()


def summarise(found: list[tuple[float, float, str]], top: int) -> dict[str, Any]:
    places: dict[str, list[float]] = {}
    for held, _, where in found:
        places.setdefault(where.split(" < ")[0], []).append(held * 1000)
    by_place = sorted(
        (
            {"where": where, "count": len(times), "total_ms": round(sum(times)),
             "p95_ms": round(_percentile(times, 0.95), 1), "max_ms": round(max(times), 1)}
            for where, times in places.items()
        ),
        key=lambda p: -p["total_ms"],
    )  # fmt: skip
    longest = sorted(found, reverse=True)[:top]
    return {
        "transactions": len(found),
        "held_total_ms": round(sum(h for h, _, _ in found) * 1000),
        "longest": [
            {"held_ms": round(h * 1000, 1), "waited_ms": round(w * 1000, 1), "where": where}
            for h, w, where in longest
        ],
        "by_place": by_place,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=20_000)
    parser.add_argument("--items", type=int, default=100)
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args()
    docs = kb_corpus.documents()
    holds = Holds()
    logging.getLogger("kbagent.db").addHandler(holds)
    logging.getLogger("kbagent.db").setLevel(logging.DEBUG)
    with tempfile.TemporaryDirectory() as tmp, run_openai_server() as (model_url, _state):
        settings = load_settings(data_dir=Path(tmp), **model_settings(model_url))
        migrations.upgrade(settings)
        load(settings, args.size, docs)
        add_digests(settings.resolved_database_url, settings.embedding_dim)
        mark_processed_and_add(settings, args.items)
        holds.found.clear()
        rt = open_runtime(settings)
        started = time.perf_counter()
        with rt.database.writer() as session:
            task = service.create_run(
                session, RunConfig(skip_phases=SKIPPED), "agent_run", settings=settings
            )
            session.commit()
            task_id = task.id
        rt.dispatcher.send("advance", task_id)
        while True:
            time.sleep(0.5)
            with rt.database.reader() as session:
                status = service.get_run(session, task_id).status
            if status not in ("pending", "running"):
                break
        seconds = time.perf_counter() - started
        rt.database.dispose()
    report = {"benchmark": "write_locks", "size": args.size, "items": args.items,
              "status": status, "run_seconds": round(seconds, 1),
              "items_per_s": round(args.items / seconds, 2)}  # fmt: skip
    report |= summarise(holds.found, args.top)
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
