"""Calibrates chat's relevance gate (kbagent/chat/relevance.py) on a labelled question set.

Corpus and questions: bench/chat_labelled.py (PostgreSQL 15 manual pages; in-corpus questions
with the pages that answer them, off-corpus questions, many sharing a word with the manual).
Both databases are loaded through the real service with the bundled all-MiniLM-L6-v2, and
each question's candidates come from chat's own retrieval (`retrieval.candidates`), so the
evidence is exactly what the gate sees. Thresholds are then searched on a grid:

- recall: in-corpus questions where an answering page passes the gate among the first
  CITE_K sources passing (the sources an extractive answer quotes);
- abstention: off-corpus questions where nothing passes;
- precision: of the sources passing for in-corpus questions, the share that answer it.

Chosen: the pair with the best min over both databases of recall + abstention, abstention >=
0.9 on both; among equals, the one whose neighbourhood on the grid scores best (a plateau, not
a lucky point). `--holdout` also calibrates on half of the questions and scores the other
half. Prints the figures and ends with one JSON line.
Run: backend/.venv/bin/python bench/chat_calibration.py --holdout
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import chat_labelled as labelled
from _services import ROOT, create_database, start_postgres

from kbagent.chat import retrieval
from kbagent.chat.relevance import Thresholds
from kbagent.config import Settings, load_settings
from kbagent.db import open_database
from kbagent.knowledge.search.vectors import Embedder

CITE_K = 3
SMOOTH = 3  # grid steps (0.01) either side averaged when choosing
RESULTS = ROOT / "bench" / "results"


@dataclass(frozen=True)
class Candidate:
    key: str
    text_score: float | None
    cosine: float | None


Question = tuple[str, frozenset[str], list[Candidate]]  # text, answering pages (none: off)


def features(settings: Settings, embedder: Embedder, pages: list[labelled.Page]) -> list[Question]:
    keys = labelled.load(settings, pages, embedder)
    asked = [(q, frozenset(p)) for q, p in labelled.IN_CORPUS] + [
        (q, frozenset()) for q in labelled.OFF_CORPUS
    ]
    database = open_database(settings.resolved_database_url)
    found: list[Question] = []
    try:
        with database.reader() as session:
            for question, answers in asked:
                ranked = retrieval.candidates(session, question, embedder, settings)
                found.append(
                    (
                        question,
                        answers,
                        [Candidate(keys[r.id], r.text_score, r.cosine) for r in ranked],
                    )
                )
    finally:
        database.dispose()
    return found


def score(questions: list[Question], gate: Thresholds) -> dict[str, float]:
    inside = [q for q in questions if q[1]]
    outside = [q for q in questions if not q[1]]
    hits = answered = offered = good = leaked = 0
    for _, answers, found in inside:
        passing = [c.key for c in found if gate.admits(c)][:CITE_K]
        answered += bool(passing)
        hits += bool(answers & set(passing))
        offered += len(passing)
        good += sum(1 for k in passing if k in answers)
    for _, _, found in outside:
        leaked += any(gate.admits(c) for c in found)
    return {
        "recall": round(hits / len(inside), 4),
        "answered": round(answered / len(inside), 4),
        "abstention": round(1 - leaked / len(outside), 4),
        "precision": round(good / offered, 4) if offered else 0.0,
    }


def _steps(low: float, high: float, step: float) -> list[float]:
    return [round(low + i * step, 4) for i in range(round((high - low) / step) + 1)]


def choose(by_db: dict[str, list[Question]], cosines: list[float | None]) -> Thresholds:
    """The grid point whose neighbourhood (+-SMOOTH steps) scores best on average: a single
    best point on 86 questions is luck; a plateau is a calibration."""
    texts = [*_steps(0.05, 1.0, 0.01), 2.0]  # 2.0: full-text evidence unused
    grid: dict[tuple[int, int], tuple[float, float]] = {}
    for i, text in enumerate(texts):
        for j, cosine in enumerate(cosines):
            results = [score(q, Thresholds(text, cosine)) for q in by_db.values()]
            abstain = min(r["abstention"] for r in results)
            grid[i, j] = (min(r["recall"] + r["abstention"] for r in results), abstain)
    best: tuple[float, float, int, int] | None = None
    for (i, j), (_, abstain) in grid.items():
        if abstain < 0.9:
            continue
        near = [
            grid[i + di, j + dj][0]
            for di in range(-SMOOTH, SMOOTH + 1)
            for dj in range(-SMOOTH, SMOOTH + 1)
            if (i + di, j + dj) in grid
        ]
        key = (grid[i, j][0], sum(near) / len(near), i, j)
        if best is None or key[:2] > best[:2]:
            best = key
    if best is None:
        raise SystemExit("no thresholds reach 0.9 abstention")
    return Thresholds(texts[best[2]], cosines[best[3]])


def report(name: str, by_db: dict[str, list[Question]], gate: Thresholds) -> dict[str, object]:
    print(f"{name}: text >= {gate.text}, cosine >= {gate.cosine}")
    figures: dict[str, object] = {"text": gate.text, "cosine": gate.cosine}
    for db, questions in by_db.items():
        result = score(questions, gate)
        figures[db] = result
        print(
            f"  {db:9s} recall {result['recall']:.3f}  answered {result['answered']:.3f}  "
            f"abstention {result['abstention']:.3f}  source precision {result['precision']:.3f}"
        )
    return figures


def misses(questions: list[Question], gate: Thresholds) -> None:
    for question, answers, found in questions:
        passing = [c for c in found if gate.admits(c)]
        if answers and not answers & {c.key for c in passing[:CITE_K]}:
            best = [
                (c.key, round(c.text_score or 0, 2), round(c.cosine or 0, 2)) for c in found[:3]
            ]
            print(f"    missed: {question!r} -> {best}")
        elif not answers and passing:
            first = passing[0]
            print(
                f"    leaked: {question!r} -> {first.key} text "
                f"{first.text_score or 0:.2f} cosine {first.cosine or 0:.2f}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--extra-pages", type=int, default=100, help="distractor pages")
    parser.add_argument("--verbose", action="store_true", help="list misses and leaks")
    parser.add_argument("--holdout", action="store_true", help="calibrate on halves too")
    parser.add_argument("--dump", action="store_true", help="write every question's evidence")
    args = parser.parse_args()
    pages = labelled.pages(args.extra_pages)
    embedder = labelled.CachedMiniLM()
    inside, outside = len(labelled.IN_CORPUS), len(labelled.OFF_CORPUS)
    print(f"corpus: {len(pages)} manual pages; {inside} in-corpus, {outside} off-corpus questions")
    by_db: dict[str, list[Question]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        by_db["sqlite"] = features(load_settings(data_dir=Path(tmp) / "s"), embedder, pages)
        print(f"sqlite loaded and asked in {time.perf_counter() - started:.0f} s", flush=True)
        server = start_postgres()
        try:
            url = create_database(server, "kb_chat_calibration")
            settings = load_settings(data_dir=Path(tmp) / "p", database_url=url)
            started = time.perf_counter()
            by_db["postgres"] = features(settings, embedder, pages)
            print(f"postgres loaded and asked in {time.perf_counter() - started:.0f} s")
        finally:
            server.stop()
    hybrid = choose(by_db, _steps(0.2, 0.8, 0.01))
    text_only = choose(by_db, [None])
    out: dict[str, object] = {
        "corpus_pages": len(pages),
        "in_corpus": inside,
        "off_corpus": outside,
        "cite_k": CITE_K,
        "minilm": report("MiniLM + full-text", by_db, hybrid),
        "text_only": report("full-text only", by_db, text_only),
    }
    if args.holdout:
        for name, start in (("even", 0), ("odd", 1)):
            train = {db: q[start::2] for db, q in by_db.items()}
            test = {db: q[1 - start :: 2] for db, q in by_db.items()}
            out[f"holdout_{name}"] = report(
                f"holdout (calibrated on the {name} half, scored on the other)",
                test,
                choose(train, _steps(0.2, 0.8, 0.01)),
            )
    if args.verbose:
        for db, questions in by_db.items():
            print(f"  {db}:")
            misses(questions, hybrid)
    RESULTS.mkdir(exist_ok=True)
    if args.dump:
        dump = {
            db: [(q, sorted(a), [c.__dict__ for c in f]) for q, a, f in questions]
            for db, questions in by_db.items()
        }
        (RESULTS / "chat-calibration-evidence.json").write_text(json.dumps(dump))
    (RESULTS / "chat-calibration.json").write_text(json.dumps(out, indent=2) + "\n")
    print(json.dumps(out))


if __name__ == "__main__":
    main()
