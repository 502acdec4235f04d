"""Notes on real documentation pages: does every item get a usable note, and at what cost?

`measure(pages, ai)` writes each page's note the way the pipeline's generate phase does
(`kbagent.pipeline.generate.write_note`) and reports: the share of items with a non-empty note,
the share with a note that passes the meaning checks, how many notes the model wrote and how
many are extractive, the share of extractive notes whose passages all come from the source,
failures, and seconds per item. `bench/quality.py` calls it; run alone:

    backend/.venv/bin/python bench/quality_notes.py --pages 30 --model local:smollm2
    backend/.venv/bin/python bench/quality_notes.py --pages 30 --model ""   # extractive only

Pages: the longest pages of the PostgreSQL 15 manual (`postgresql-doc-15`), extracted by
kbagent's own web import; `--max-chars 3000` takes pages cut to 3,000 characters instead, for
the time-per-page target (<= 10 s with the bundled models).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from typing import Any

from _services import ROOT
from harness.docs import PG_DOCS, Page, longest_pg, pg
from harness.openai_server import run_openai_server

from kbagent.ai.local import LocalBackend
from kbagent.ai.openai_compat import OpenAICompatBackend
from kbagent.ai.routing import AI
from kbagent.errors import AIServiceError
from kbagent.pipeline import extractive
from kbagent.pipeline.extractive import EXTRACTIVE
from kbagent.pipeline.generate import write_note
from kbagent.pipeline.note_ability import NoteAbility
from kbagent.pipeline.note_check import problems

PHASE = "kb_generation"


def _quotes_only_source(page: Page, passages: list[str]) -> bool:
    source = " ".join(page.text.split())
    return all(p in source for p in passages)


def measure(
    pages: list[Page], ai: AI | None = None, ability: NoteAbility | None = None
) -> dict[str, Any]:
    """Notes for `pages` by `ai`'s kb_generation route (None: extractive only)."""
    ai = ai or AI({}, {PHASE: ""})
    ability = ability or NoteAbility()
    rows: list[dict[str, Any]] = []
    for page in pages:
        started = time.perf_counter()
        try:
            draft, by = write_note(ai, page.title, f"Title: {page.title}", page.text, ability)
        except AIServiceError as exc:
            rows.append({"page": page.name, "failed": exc.message, "seconds": 0.0})
            continue
        seconds = time.perf_counter() - started
        body = [draft.introduction, *draft.key_takeaways, *(s.heading for s in draft.sections)]
        rows.append(
            {
                "page": page.name,
                "chars": len(page.text),
                "by": by,
                "seconds": round(seconds, 2),
                "non_empty": any(t.strip() for t in body),
                "problems": problems(draft, page.title),
                "only_source": _quotes_only_source(page, extractive.quoted(draft))
                if by == EXTRACTIVE
                else None,
            }
        )
    done = [r for r in rows if "failed" not in r]
    notes = [r for r in done if r["by"] == EXTRACTIVE]
    seconds = [r["seconds"] for r in done] or [0.0]
    count = len(rows) or 1
    return {
        "items": len(rows),
        "failed": len(rows) - len(done),
        "non_empty_note_share": sum(r["non_empty"] for r in done) / count,
        "usable_note_share": sum(not r["problems"] for r in done) / count,
        "model_notes": len(done) - len(notes),
        "extractive_notes": len(notes),
        "extractive_only_source_share": (
            sum(bool(r["only_source"]) for r in notes) / len(notes) if notes else 1.0
        ),
        "seconds_per_item": round(statistics.mean(seconds), 2),
        "seconds_median": round(statistics.median(seconds), 2),
        "seconds_max": round(max(seconds), 2),
        "rows": rows,
    }


def _pages(count: int, max_chars: int | None) -> list[Page]:
    pages = [pg(name) for name in longest_pg(count, skip=1)]  # skip 1: the book's index
    if max_chars:
        pages = [Page(p.name, p.url, p.title, p.text[:max_chars].rsplit(" ", 1)[0]) for p in pages]
    return pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=30)
    parser.add_argument("--model", default="local:smollm2", help='"" for extractive only')
    parser.add_argument("--max-chars", type=int, default=None)
    parser.add_argument("--trials", type=int, default=3, help="unusable notes before giving up")
    parser.add_argument(
        "--standin-window",
        type=int,
        default=None,
        help="use the OpenAI-compatible model stand-in with this context window instead",
    )
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "notes.json"))
    args = parser.parse_args()
    if not PG_DOCS.is_dir():
        raise SystemExit(f"{PG_DOCS} is not installed (apt-get install postgresql-doc-15)")
    pages = _pages(args.pages, args.max_chars)
    if args.standin_window:
        with run_openai_server() as (url, state):
            state.context_window = args.standin_window
            backend = OpenAICompatBackend(url, context_window=args.standin_window)
            ai = AI({"openai": backend}, {PHASE: "openai:writer"})
            result = measure(pages, ai, NoteAbility(args.trials))
            result["largest_request_tokens"] = state.largest_request
            result["model_requests"] = state.chat_requests
        result["model"] = f"stand-in, {args.standin_window}-token window"
    else:
        ai = AI({"local": LocalBackend()}, {PHASE: args.model})
        result = measure(pages, ai, NoteAbility(args.trials))
        result["model"] = args.model or EXTRACTIVE
    summary = {k: v for k, v in result.items() if k != "rows"}
    print(json.dumps(summary, indent=2))
    with open(args.out, "w") as out:
        json.dump(result, out, indent=2)


if __name__ == "__main__":
    main()
