"""Knowledge quality on real documentation, with the bundled models and with the model stand-in.

Pages of the PostgreSQL 15 manual (Debian's postgresql-doc-15; the manual's chapters are the
labelled taxonomy) are added as URLs to a `kbagent serve` on SQLite with no model
configuration (bundled MiniLM + SmolLM2), one full run takes them through the pipeline, and
harness/quality.py judges the result: categorisation (purity, AMI, categories per 100 items,
uncategorised share, near-twins), notes (non-empty, extractive ones faithful), search (each
item found by its title), chat (expected source cited, off-corpus abstention, uncited answers
over a held-out hand-written question set) and time per item. A second, smaller run of
~3,000-character pages measures seconds per item with the bundled models and with the
OpenAI-compatible stand-in (kbagent's own cost with a model that answers at once).

Targets (issue 10): purity >= 0.7, nothing uncategorised, no near-twins; every item with text
has a note, extractive notes only source sentences; expected source cited >= 0.8, off-corpus
abstention >= 0.9, zero uncited answers; <= 10 s per 3,000-character page (bundled).

Usage: python bench/quality.py [--pages 100] [--chapters 10] [--min-chars 3000]
The last line printed is one JSON object with every figure.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from _services import ROOT, serve_process
from harness import (
    admin,
    quality,
)
from harness.manual import sample, serve_manual
from harness.manual_questions import IN_CORPUS, OFF_CORPUS, question_pages
from harness.openai_server import model_settings, run_openai_server

from kbagent import migrations
from kbagent.config import Settings, load_settings
from kbagent.db import open_database

RESULTS = ROOT / "bench" / "results"
TARGETS = {
    "purity": 0.7,
    "uncategorised_share": 0.0,
    "with_note_share": 1.0,
    "extractive_faithful_share": 1.0,
    "expected_source_cited": 0.8,
    "off_corpus_abstention": 0.9,
    "answers_without_citation": 0,
    "seconds_per_3000_char_page_bundled": 10.0,
}


def _settings(data_dir: Path, manual_base: str, **extra: Any) -> Settings:
    host = manual_base.split("://", 1)[1]
    return load_settings(data_dir=data_dir, fetch_allow_hosts=host, **extra)


def knowledge_run(names: list[str], pages: dict[str, Any], manual_base: str) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="kb-quality-") as tmp:
        settings = _settings(Path(tmp), manual_base)
        migrations.upgrade(settings)
        database = open_database(settings.resolved_database_url)
        with serve_process(settings) as base, admin.Client(base_url=base, timeout=120) as client:
            report = quality.load_pages(client, manual_base, names)
            print(f"loaded {report['new']} pages ({report['failed']} failed)", file=sys.stderr)
            status = quality.run_pipeline(client)
            print(f"run {status['status']} in {status['wall_s']:.0f}s", file=sys.stderr)
            figures = {
                "import": {k: report[k] for k in ("new", "failed")},
                "run": quality.run_summary(status, report["new"]),
                "categorisation": quality.categorisation(
                    database, pages, settings.category_similarity
                ),
                "notes": quality.notes(database),
                "search": quality.searchable(client, database),
                "chat": quality.chat(client, database, pages, IN_CORPUS, OFF_CORPUS),
            }
        database.dispose()
    return figures


def time_per_item(names: list[str], manual_base: str, stand_in: bool) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="kb-quality-time-") as tmp:
        extra: dict[str, Any] = {}
        server = run_openai_server() if stand_in else None
        if server is not None:
            url, _state = server.__enter__()
            extra = model_settings(url)
        try:
            settings = _settings(Path(tmp), manual_base, **extra)
            migrations.upgrade(settings)
            with serve_process(settings) as base, admin.Client(base_url=base) as client:
                report = quality.load_pages(client, manual_base, names)
                status = quality.run_pipeline(client)
            return quality.run_summary(status, report["new"])
        finally:
            if server is not None:
                server.__exit__(None, None, None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--chapters", type=int, default=10)
    parser.add_argument("--min-chars", type=int, default=3000)
    parser.add_argument("--timing-pages", type=int, default=8)
    args = parser.parse_args()
    chosen = sample(args.pages, chapters=args.chapters, min_chars=args.min_chars)
    with serve_manual() as manual_base:
        pages = {f"{manual_base}/{p.name}": p for p in chosen}
        names = sorted({p.name for p in chosen} | set(question_pages()))
        knowledge = knowledge_run(names, pages, manual_base)
        timed = sample(args.timing_pages, chapters=4, min_chars=2500, max_chars=3500, seed=11)
        timing_names = [p.name for p in timed]
        bundled = time_per_item(timing_names, manual_base, stand_in=False)
        stand_in = time_per_item(timing_names, manual_base, stand_in=True)
    figures = {
        "benchmark": "quality",
        "corpus": {
            "pages": len(names),
            "labelled_pages": len(chosen),
            "chapters": args.chapters,
            "min_chars": args.min_chars,
        },
        **knowledge,
        "timing_3000_chars": {"pages": len(timing_names), "bundled": bundled, "stand_in": stand_in},
        "targets": TARGETS,
    }
    print(json.dumps(figures, indent=1), file=sys.stderr)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "quality.json").write_text(json.dumps(figures, indent=1) + "\n")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
