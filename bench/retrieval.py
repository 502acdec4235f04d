"""Retrieval quality: nDCG@10 and recall@10 of full-text, vector and hybrid search, both DBs.

Corpus and judgements: see kb_corpus.py (Python standard-library docstrings, PSF License;
300 known-item queries whose relevance comes from the corpus structure, not from any ranker).
Items are loaded through the real service (chunking, category resolution, history, indexes)
and ranked by the real search service. On PostgreSQL, plain `ts_rank` (OR query, no idf) is
measured as a baseline for the BM25-style ranking kbagent uses.

Embeddings: all-MiniLM-L6-v2 (int8 ONNX, bench/minilm.py) when installed (`make
bench-models`), else a hashed bag-of-words embedder (tests/knowledge/fakes.py), which only
measures the plumbing and fusion, not semantic recall. Choose with `--embedder`.

Targets: hybrid >= the better of full-text and vector; PostgreSQL within 0.02 nDCG of SQLite.
Run: backend/.venv/bin/python bench/retrieval.py
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import kb_corpus
import minilm
from _services import ROOT, create_database, start_postgres
from sqlalchemy import text
from sqlalchemy.orm import Session

from kbagent import migrations
from kbagent.config import Settings, load_settings
from kbagent.db import open_database
from kbagent.knowledge import service
from kbagent.knowledge.schemas import KnowledgeItemCreate
from kbagent.knowledge.search import fts
from kbagent.knowledge.search import service as search
from kbagent.knowledge.search.schemas import SearchMode, SearchRequest
from kbagent.knowledge.search.vectors import Embedder

K = 10
RESULTS = ROOT / "bench" / "results"


def hashed_embedder(dim: int) -> Embedder:
    sys.path.insert(0, str(ROOT / "backend" / "tests"))
    from knowledge.fakes import HashEmbedder

    return HashEmbedder(dim)


def ndcg_recall(ranked: list[str], relevant: str) -> tuple[float, float]:
    for rank, key in enumerate(ranked[:K], start=1):
        if key == relevant:
            return 1.0 / math.log2(rank + 1), 1.0
    return 0.0, 0.0


def load(settings: Settings, docs: list[kb_corpus.Doc], embedder: Embedder) -> dict[str, str]:
    """Loads the corpus; returns item id -> doc key."""
    database = open_database(settings.resolved_database_url)
    keys: dict[str, str] = {}
    try:
        for start in range(0, len(docs), 200):
            with database.writer() as session:
                for doc in docs[start : start + 200]:
                    body = KnowledgeItemCreate.model_validate(kb_corpus.item_fields(doc))
                    item = service.create_item(session, body, settings, embedder)
                    keys[item.id] = doc.key
                session.commit()
        with database.writer() as session:
            if session.get_bind().dialect.name == "postgresql":
                session.execute(text("ANALYZE"))
            session.commit()
    finally:
        database.dispose()
    return keys


def _ts_rank_baseline(session: Session, query: str) -> list[str]:
    words = [w for w in fts.terms(query) if w != "or"]
    if not words:
        return []
    rows = session.execute(
        text(
            "SELECT knowledge_item_id FROM knowledge_chunks, "
            "websearch_to_tsquery('english', :q) AS query WHERE tsv @@ query "
            "ORDER BY ts_rank(tsv, query) DESC LIMIT 30"
        ),
        {"q": " or ".join(words)},
    )
    return list(dict.fromkeys(r[0] for r in rows))


def evaluate(
    settings: Settings,
    keys: dict[str, str],
    qrels: list[tuple[str, str]],
    embedder: Embedder,
) -> dict[str, dict[str, float]]:
    database = open_database(settings.resolved_database_url)
    rankers: dict[str, Callable[[Session, str], list[str]]] = {}
    for mode in SearchMode:

        def ranker(session: Session, query: str, mode: SearchMode = mode) -> list[str]:
            request = SearchRequest(query=query, mode=mode, limit=K)
            return [r[0] for r in search.rank(session, request, embedder, settings)]

        rankers[mode.value] = ranker
    if not settings.resolved_database_url.startswith("sqlite"):
        rankers["fulltext_ts_rank_baseline"] = _ts_rank_baseline
    scores: dict[str, dict[str, float]] = {}
    try:
        for name, ranker in rankers.items():
            ndcg = recall = 0.0
            started = time.perf_counter()
            with database.reader() as session:
                for query, relevant in qrels:
                    ranked = [keys.get(i, "") for i in ranker(session, query)]
                    n, r = ndcg_recall(ranked, relevant)
                    ndcg, recall = ndcg + n, recall + r
            scores[name] = {
                "ndcg@10": round(ndcg / len(qrels), 4),
                "recall@10": round(recall / len(qrels), 4),
                "ms_per_query": round((time.perf_counter() - started) * 1000 / len(qrels), 2),
            }
    finally:
        database.dispose()
    return scores


def run(
    name: str,
    settings: Settings,
    docs: list[kb_corpus.Doc],
    qrels: list[tuple[str, str]],
    embedder: Embedder,
) -> dict[str, dict[str, float]]:
    migrations.upgrade(settings)
    started = time.perf_counter()
    keys = load(settings, docs, embedder)
    print(
        f"{name}: loaded {len(keys)} items in {time.perf_counter() - started:.1f} s",
        flush=True,
    )
    scores = evaluate(settings, keys, qrels, embedder)
    for method, values in scores.items():
        print(
            f"  {method:28s} nDCG@10 {values['ndcg@10']:.4f}  recall@10 "
            f"{values['recall@10']:.4f}  {values['ms_per_query']:.1f} ms/query",
            flush=True,
        )
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument(
        "--embedder",
        choices=["minilm", "hashed"],
        default="minilm" if minilm.available() else "hashed",
    )
    parser.add_argument(
        "--prune-all",
        action="store_true",
        help="prune common query terms at any corpus size (normally only from 5000 chunks)",
    )
    args = parser.parse_args()
    docs = kb_corpus.documents()
    if args.prune_all:
        # As at 100k items: prune, and bound PostgreSQL's first stage to the same share of
        # the corpus (5000 of 100k rows).
        fts.PRUNE_MIN_CHUNKS = 0
        fts.CANDIDATE_BUDGET = max(1, len(docs) * fts.CANDIDATE_BUDGET // 100_000)
    embedder = minilm.MiniLM() if args.embedder == "minilm" else hashed_embedder(384)
    label = "all-MiniLM-L6-v2 int8 ONNX" if args.embedder == "minilm" else "hashed bag-of-words"
    qrels = kb_corpus.queries(docs, args.queries)
    print(f"corpus: {len(docs)} docs, {len(qrels)} queries; embedder: {label}", flush=True)
    report: dict[str, object] = {
        "prune_common_terms": args.prune_all,
        "corpus_docs": len(docs),
        "queries": len(qrels),
        "embedder": label,
    }
    with tempfile.TemporaryDirectory() as tmp:
        report["sqlite"] = run(
            "sqlite", load_settings(data_dir=Path(tmp) / "s"), docs, qrels, embedder
        )
        server = start_postgres()
        try:
            url = create_database(server, "kb_retrieval")
            report["postgres"] = run(
                "postgres",
                load_settings(data_dir=Path(tmp) / "p", database_url=url),
                docs,
                qrels,
                embedder,
            )
        finally:
            server.stop()
    sqlite, postgres = report["sqlite"], report["postgres"]
    assert isinstance(sqlite, dict) and isinstance(postgres, dict)
    checks = {}
    for db, scores in (("sqlite", sqlite), ("postgres", postgres)):
        best = max(scores["fulltext"]["ndcg@10"], scores["vector"]["ndcg@10"])
        checks[f"{db}: hybrid >= best single"] = scores["hybrid"]["ndcg@10"] >= best
    for mode in ("fulltext", "vector", "hybrid"):
        gap = sqlite[mode]["ndcg@10"] - postgres[mode]["ndcg@10"]
        checks[f"postgres within 0.02 nDCG of sqlite ({mode})"] = gap <= 0.02
    report["checks"] = checks
    for check, ok in checks.items():
        print(f"{'PASS' if ok else 'FAIL'}  {check}")
    RESULTS.mkdir(exist_ok=True)
    name = "retrieval-pruned.json" if args.prune_all else "retrieval.json"
    (RESULTS / name).write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
