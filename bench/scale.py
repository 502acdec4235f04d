"""Work proportional to what changed: an API write and the searches after it, at 1k and 100k items.

Each size is loaded in bulk (bench/search.py's loader: content item, KB item, one chunk and one
384-d hashed bag-of-words vector per item), the vault is written once in full (timed), then a
server (bench/kb_server.py, vault auto-sync on, counted by bench/_probe) answers:
- WRITES `PUT /knowledge/items/{id}` changing the text (re-embedded, vault refreshed): server
  CPU and wall time per write, and the vault manifest's size on disk;
- ROUNDS times: a write, then two hybrid searches (different queries never asked before):
  the first search after the write against the second (target: first <= 1.5x second);
- SEARCHES hybrid searches without writes: write transactions per search (target 0). The
  bench's embedder is wired in directly, so query embeddings make no usage records here; the
  usage of searches through the model router is batched by kbagent.ai.ledger (checked by
  tests/ai/test_usage.py).
Targets: API write CPU at the largest size - at the smallest < 20 ms.
Run: backend/.venv/bin/python bench/scale.py [--sizes 1000 100000] [--name scale]
The last line printed is one JSON object with the figures (also saved to bench/results/).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import kb_corpus
import kb_server
import search as search_bench
from _services import ROOT
from harness import admin
from harness.ports import free_port
from sqlalchemy import select

from kbagent import migrations
from kbagent.config import Settings, load_settings
from kbagent.db import open_database
from kbagent.knowledge import vault
from kbagent.knowledge.models import KnowledgeItem

WRITES = 20
ROUNDS = 8
SEARCHES = 40
RESULTS = ROOT / "bench" / "results"


def _probe_class() -> Any:
    """bench/pipeline.py's `Probe` (a plain import would find the tests' `pipeline` package)."""
    spec = importlib.util.spec_from_file_location("bench_pipeline", ROOT / "bench" / "pipeline.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.Probe


def _median(values: list[float]) -> float:
    return round(statistics.median(values), 2)


def _full_sync(settings: Settings) -> tuple[float, list[str]]:
    database = open_database(settings.resolved_database_url)
    try:
        with database.reader() as session:
            started = time.perf_counter()
            vault.sync(session, settings)
            elapsed = time.perf_counter() - started
            ids = list(session.scalars(select(KnowledgeItem.id).limit(WRITES + ROUNDS + 2)))
    finally:
        database.dispose()
    return elapsed, ids


def _manifest_bytes(settings: Settings) -> int:
    root = settings.resolved_vault_dir
    return sum(p.stat().st_size for p in root.glob(".kbagent-manifest*") if p.is_file())


def measure(size: int, tmp: Path, docs: list[kb_corpus.Doc]) -> dict[str, Any]:
    settings = load_settings(data_dir=tmp / f"s{size}")
    migrations.upgrade(settings)
    started = time.perf_counter()
    search_bench.load(settings, size, docs)
    loaded = time.perf_counter() - started
    synced, ids = _full_sync(settings)
    queries = [q for q, _ in kb_corpus.queries(docs, 2 * ROUNDS + SEARCHES + 2, seed=23)]
    probe = _probe_class()(tmp / f"probe{size}")
    url = settings.resolved_database_url
    with (
        kb_server.serve(settings.data_dir, url, free_port(), probe.env()) as base,
        admin.Client(base_url=base, timeout=120) as client,
    ):
        counter = iter(range(10**9))

        def write(item_id: str) -> float:
            n = next(counter)
            body = {"enhanced_content": f"Edited text number {n} for the scale bench."}
            began = time.perf_counter()
            client.put(f"/api/v1/knowledge/items/{item_id}", json=body).raise_for_status()
            return (time.perf_counter() - began) * 1000

        def hybrid(query: str) -> float:
            began = time.perf_counter()
            response = client.post(
                "/api/v1/content/search", json={"query": query, "mode": "hybrid"}
            )
            response.raise_for_status()
            return (time.perf_counter() - began) * 1000

        write(ids[-1])  # warm-up: connections, the vector matrix, the vault's manifest
        hybrid(queries[-1])
        hybrid(queries[-2])
        before = probe.read()
        walls = [write(ids[n]) for n in range(WRITES)]
        after = probe.read()
        write_cpu = (after["cpu_s"] - before["cpu_s"]) * 1000 / WRITES
        write_txn = (after["write_txn"] - before["write_txn"]) / WRITES
        firsts, seconds = [], []
        for r in range(ROUNDS):
            write(ids[WRITES + r])
            firsts.append(hybrid(queries[2 * r]))
            seconds.append(hybrid(queries[2 * r + 1]))
        before = probe.read()
        for query in queries[2 * ROUNDS : 2 * ROUNDS + SEARCHES]:
            hybrid(query)
        after = probe.read()
        search_txn = (after["write_txn"] - before["write_txn"]) / SEARCHES
    result = {
        "load_s": round(loaded, 1),
        "full_vault_sync_s": round(synced, 1),
        "manifest_bytes": _manifest_bytes(settings),
        "write_cpu_ms": round(write_cpu, 2),
        "write_wall_ms_p50": _median(walls),
        "write_txn_per_write": round(write_txn, 2),
        "first_search_after_write_ms_p50": _median(firsts),
        "second_search_ms_p50": _median(seconds),
        "first_over_second": round(statistics.median(firsts) / statistics.median(seconds), 3),
        "write_txn_per_search": round(search_txn, 3),
    }
    print(f"{size:>7}: " + "  ".join(f"{k} {v}" for k, v in result.items()), flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 100_000])
    parser.add_argument("--name", default="scale", help="results file bench/results/NAME.json")
    args = parser.parse_args()
    docs = kb_corpus.documents()
    report: dict[str, Any] = {"writes": WRITES, "rounds": ROUNDS, "searches": SEARCHES}
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            report[f"sqlite_{size}"] = measure(size, Path(tmp), docs)
    small, large = (report[f"sqlite_{s}"] for s in (min(args.sizes), max(args.sizes)))
    report["write_cpu_ms_added"] = round(large["write_cpu_ms"] - small["write_cpu_ms"], 2)
    report["checks"] = {
        "API write CPU, largest - smallest < 20 ms": report["write_cpu_ms_added"] < 20,
        "first hybrid search after a write <= 1.5x the second": large["first_over_second"] <= 1.5,
        "no write transaction per search": large["write_txn_per_search"] < 0.05,
    }
    for check, ok in report["checks"].items():
        print(f"{'PASS' if ok else 'FAIL'}  {check}", file=sys.stderr)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{args.name}.json").write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report))


if __name__ == "__main__":
    main()
