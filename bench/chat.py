"""Chat time-to-first-token: through kbagent versus the model called directly, at 10k items.

A 10k-item knowledge base (bulk-loaded as in bench/search.py) is served by kbagent in its own
process with the hashed embedder and the deterministic model server as its chat model. For
each docstring-summary question, in random order: kbagent's TTFT (request sent -> first
`chat.token` Server-Sent Event, a fresh session each time, so retrieval, context building,
storing the question and the stream bridge are all inside) and the model's own TTFT for the
very same prompt (the one kbagent builds, rebuilt here with kbagent's code), called directly.
Reported: the overhead (kbagent minus direct) p50/p95; target p50 < 150 ms.
Run: backend/.venv/bin/python bench/chat.py [--size 10000] [--questions 60]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import kb_corpus
import kb_server
import search
from _services import ROOT
from harness import admin
from harness.openai_server import model_settings, run_openai_server
from harness.ports import free_port
from harness.server import serve_command

from kbagent import migrations
from kbagent.chat import context, retrieval
from kbagent.config import Settings, load_settings
from kbagent.db import open_database

RESULTS = ROOT / "bench" / "results"


@contextmanager
def serve(settings: Settings, model_url: str) -> Iterator[str]:
    admin.provision(settings)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("KBAGENT_")}
    env |= {
        "KBAGENT_DATA_DIR": str(settings.data_dir),
        "KBAGENT_DATABASE_URL": settings.resolved_database_url,
        "KBAGENT_LOG_LEVEL": "WARNING",
        **{f"KBAGENT_{k.upper()}": str(v) for k, v in model_settings(model_url).items()},
    }
    with serve_command([sys.executable, kb_server.__file__, str(port)], env, port) as base:
        yield base


def prompt_for(settings: Settings, question: str) -> list[dict[str, str]]:
    """The messages kbagent sends the model for a first question (same code, same data)."""
    embedder = search._embedder()
    database = open_database(settings.resolved_database_url)
    try:
        with database.reader() as session:
            found = retrieval.retrieve(session, question, embedder, settings)
    finally:
        database.dispose()
    built = context.build(found, context.budget(None, question, []))
    return [{"role": m.role, "content": m.content} for m in context.messages(built, question, [])]


def kbagent_ttft(client: httpx.Client, question: str) -> tuple[float, dict[str, Any]]:
    session = client.post("/api/v1/chat/sessions", json={}).json()
    url = f"/api/v1/chat/sessions/{session['id']}/messages?stream=true"
    started = time.perf_counter()
    first: float | None = None
    kind, last = "", {}
    with client.stream("POST", url, json={"content": question}) as response:
        response.raise_for_status()
        for line in response.iter_lines():
            if line.startswith("event: "):
                kind = line[7:]
                if kind == "chat.token" and first is None:
                    first = time.perf_counter() - started
            elif line.startswith("data: "):
                last = {"type": kind, **json.loads(line[6:])}
    if first is None or last.get("type") != "chat.done":
        raise RuntimeError(f"no streamed answer for {question!r}: {last}")
    return first * 1000, last["message"]


def direct_ttft(client: httpx.Client, messages: list[dict[str, str]]) -> float:
    body = {"model": "writer", "messages": messages, "stream": True}
    started = time.perf_counter()
    elapsed: float | None = None
    with client.stream("POST", "/chat/completions", json=body) as response:
        response.raise_for_status()
        for line in response.iter_lines():  # read to the end, as kbagent does
            if elapsed is None and line.startswith("data: ") and '"content"' in line:
                elapsed = (time.perf_counter() - started) * 1000
    if elapsed is None:
        raise RuntimeError("the model streamed nothing")
    return elapsed


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--questions", type=int, default=60)
    args = parser.parse_args()
    docs = kb_corpus.documents()
    questions = [q for q, _ in kb_corpus.queries(docs, args.questions, seed=23)]
    with tempfile.TemporaryDirectory() as tmp, run_openai_server() as (model_url, _state):
        settings = load_settings(data_dir=Path(tmp))
        migrations.upgrade(settings)
        started = time.perf_counter()
        search.load(settings, args.size, docs)
        print(f"loaded {args.size} items in {time.perf_counter() - started:.1f} s", flush=True)
        prompts = {q: prompt_for(settings, q) for q in questions}
        overheads, through, direct, grounded = [], [], [], 0
        rng = random.Random(5)
        with (
            serve(settings, model_url) as base,
            admin.Client(base_url=base, timeout=60) as kb,
            httpx.Client(base_url=model_url, timeout=60) as model,
        ):
            for question in questions[:5]:  # warm both paths (caches, connections)
                kbagent_ttft(kb, question)
                direct_ttft(model, prompts[question])
            for question in questions:
                order = [0, 1]
                rng.shuffle(order)
                timings: dict[int, float] = {}
                for which in order:
                    if which == 0:
                        timings[0], message = kbagent_ttft(kb, question)
                        grounded += bool(message["context_stats"]["found"])
                    else:
                        timings[1] = direct_ttft(model, prompts[question])
                through.append(timings[0])
                direct.append(timings[1])
                overheads.append(timings[0] - timings[1])
    result = {
        "items": args.size,
        "questions": len(questions),
        "grounded_answers": grounded,
        "kbagent_ttft_ms": {"p50": _pct(through, 0.5), "p95": _pct(through, 0.95)},
        "direct_ttft_ms": {"p50": _pct(direct, 0.5), "p95": _pct(direct, 0.95)},
        "overhead_ms": {
            "p50": _pct(overheads, 0.5),
            "p95": _pct(overheads, 0.95),
            "mean": statistics.fmean(overheads),
        },
    }
    result = json.loads(json.dumps(result, default=float), parse_float=lambda s: round(float(s), 2))
    ok = result["overhead_ms"]["p50"] < 150
    result["checks"] = {"overhead p50 < 150 ms": ok}
    print(
        f"{args.size} items, {len(questions)} questions ({grounded} grounded): "
        f"kbagent TTFT p50 {result['kbagent_ttft_ms']['p50']} ms, "
        f"direct p50 {result['direct_ttft_ms']['p50']} ms; "
        f"overhead p50 {result['overhead_ms']['p50']} ms, p95 {result['overhead_ms']['p95']} ms"
    )
    print(f"{'PASS' if ok else 'FAIL'}  overhead p50 < 150 ms")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "chat.json").write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
