"""Chat quality on the labelled PostgreSQL-manual question set: cite or abstain.

`measure(settings, ...)` loads the manual pages into the database of `settings` (through the
real knowledge service, bundled all-MiniLM-L6-v2 embeddings), starts a real kbagent server on
it and asks every question over the HTTP API, each in a new session. It returns:

- expected_cited: in-corpus questions whose answer cites a page that answers them;
- abstention: off-corpus questions answered "not in your knowledge base";
- uncited_answers: answers (other than not-found) without a supported citation, i.e. with
  no [n] in the text or no source marked cited (target 0);
- sources_cited_per_answer: fewer is crisper, as long as the expected page stays cited;
- strategies: how many answers each strategy wrote (chat/strategy.py).

The chat model defaults to the bundled `local:smollm2`, for which the extractive answer is
used (no model call); pass `model_url` (an OpenAI-compatible server) and `model` to measure a
model's answers through the citation check instead (`--real-model N` does so with the bundled
SmolLM2 behind a llama.cpp server). Targets (issue 10): expected_cited >= 0.8,
abstention >= 0.9, uncited_answers == 0. Run standalone for both databases:
backend/.venv/bin/python bench/quality_chat.py
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import chat_labelled as labelled
from _services import ROOT, create_database, serve, start_postgres
from harness import admin

from kbagent.chat.answer import NOT_FOUND
from kbagent.config import Settings, load_settings

SESSIONS = "/api/v1/chat/sessions"
SAMPLES = 3  # answers kept verbatim in the report, to read and not only count
_CITED = re.compile(r"\[\d+(?:\s*,\s*\d+)*\]")


def subset(in_corpus: int | None, off_corpus: int | None) -> tuple[list[Any], list[str]]:
    inside = labelled.IN_CORPUS[:in_corpus] if in_corpus is not None else labelled.IN_CORPUS
    outside = labelled.OFF_CORPUS[:off_corpus] if off_corpus is not None else labelled.OFF_CORPUS
    return list(inside), list(outside)


def measure(
    settings: Settings,
    *,
    in_corpus: int | None = None,
    off_corpus: int | None = None,
    extra_pages: int = 0,
    embedder: labelled.CachedMiniLM | None = None,
    model: str = "local:smollm2",
    model_url: str | None = None,
    strategy: str = "auto",
) -> dict[str, Any]:
    """Chat figures for the first `in_corpus`/`off_corpus` questions (all when None)."""
    inside, outside = subset(in_corpus, off_corpus)
    pages = labelled.pages(extra_pages, inside)
    embedder = embedder or labelled.CachedMiniLM()
    started = time.perf_counter()
    keys = labelled.load(settings, pages, embedder)
    load_s = time.perf_counter() - started
    update: dict[str, Any] = {
        "model_embeddings": "local:all-minilm-l6-v2",
        "model_chat": model,
        "chat_answer_strategy": strategy,
    }
    if model_url is not None:
        update |= {"openai_base_url": model_url, "openai_json_mode": "json_object"}
    configured = settings.model_copy(update=update)

    def configure(app: Any) -> None:
        app.state.kb_embedder = embedder

    cited = abstained = uncited = quoted = answered = 0
    strategies: Counter[str] = Counter()
    misses: list[str] = []
    samples: list[str] = []
    started = time.perf_counter()
    with serve(configured, configure) as base, admin.Client(base_url=base, timeout=600) as client:
        asked = [(q, set(k)) for q, k in inside] + [(q, set()) for q in outside]
        for question, answers in asked:
            session = client.post(SESSIONS, json={}).json()
            reply = client.post(f"{SESSIONS}/{session['id']}/messages", json={"content": question})
            reply.raise_for_status()
            message = reply.json()["message"]
            strategies[str((message.get("metrics") or {}).get("strategy"))] += 1
            if answers and len(samples) < SAMPLES:
                samples.append(f"Q: {question}\nA: {message['content'][:800]}")
            found = message["content"] == NOT_FOUND
            sources = {keys.get(s["id"]) for s in message["sources"] if s["cited"]}
            if not found and not (sources and _CITED.search(message["content"])):
                uncited += 1
            if not found:
                answered += 1
                quoted += len(sources)
            if not answers:
                abstained += found
                if not found:
                    misses.append(f"answered off-corpus: {question}")
            elif answers & sources:
                cited += 1
            else:
                misses.append(f"missed: {question} (cited {sorted(filter(None, sources))})")
    return {
        "pages": len(pages),
        "in_corpus": len(inside),
        "off_corpus": len(outside),
        "expected_cited": round(cited / len(inside), 4) if inside else None,
        "abstention": round(abstained / len(outside), 4) if outside else None,
        "uncited_answers": uncited,
        "sources_cited_per_answer": round(quoted / answered, 2) if answered else None,
        "strategies": dict(strategies),
        "load_s": round(load_s, 1),
        "ms_per_question": round((time.perf_counter() - started) * 1000 / len(asked), 1),
        "misses": misses,
        "samples": samples,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--extra-pages", type=int, default=60, help="distractor pages")
    parser.add_argument(
        "--real-model",
        type=int,
        default=0,
        metavar="N",
        help="instead, ask N in-corpus questions of the bundled SmolLM2 (llama.cpp server) with "
        "strategy 'model', on SQLite: how often its answer survives the citation check",
    )
    args = parser.parse_args()
    embedder = labelled.CachedMiniLM()
    report: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        if args.real_model:
            from harness.llama import start_llama_server

            llama = start_llama_server(Path(tmp) / "llama.log")
            try:
                report["sqlite_smollm2_model"] = measure(
                    load_settings(data_dir=Path(tmp) / "m"),
                    in_corpus=args.real_model,
                    off_corpus=0,
                    extra_pages=args.extra_pages,
                    embedder=embedder,
                    model="openai:smollm2",
                    model_url=llama.base_url,
                    strategy="model",
                )
            finally:
                llama.stop()
            print("smollm2", json.dumps(report["sqlite_smollm2_model"], indent=1), flush=True)
            return
        sqlite = load_settings(data_dir=Path(tmp) / "s")
        report["sqlite"] = measure(sqlite, extra_pages=args.extra_pages, embedder=embedder)
        print("sqlite", json.dumps(report["sqlite"], indent=1), flush=True)
        server = start_postgres()
        try:
            url = create_database(server, "kb_quality_chat")
            postgres = load_settings(data_dir=Path(tmp) / "p", database_url=url)
            report["postgres"] = measure(postgres, extra_pages=args.extra_pages, embedder=embedder)
            print("postgres", json.dumps(report["postgres"], indent=1), flush=True)
        finally:
            server.stop()
    brief = {
        db: {k: v for k, v in r.items() if k not in ("misses", "samples")}
        for db, r in report.items()
    }
    (ROOT / "bench" / "results" / "quality-chat.json").write_text(json.dumps(brief, indent=2))
    print(json.dumps(brief))


if __name__ == "__main__":
    main()
