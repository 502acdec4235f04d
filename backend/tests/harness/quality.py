"""What a user gets from real documentation: the figures of bench/quality.py and its test.

Pages of the PostgreSQL manual (harness/manual.py) go in as web pages through the API, one run
takes them through the whole pipeline, and the result is judged against the manual's own
structure and a hand-written question set:
- categorisation: purity and adjusted mutual information against the chapters, categories per
  100 items, share left uncategorised, near-twin category pairs;
- notes: every item with text has a non-empty note; an extractive note contains only
  sentences of its source;
- search: each item is found by its own title;
- chat: the expected page cited, off-corpus questions abstained, answers without a citation.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from dataclasses import dataclass
from typing import Any

import httpx
from sqlalchemy import select

from harness.clustering import adjusted_mutual_information, purity
from harness.manual import Page
from harness.runs import wait_run
from kbagent.content.models import ContentItem
from kbagent.db import Database
from kbagent.knowledge.categories import most_similar
from kbagent.knowledge.models import KnowledgeItem
from kbagent.pipeline.models import ItemPhase

UNCATEGORISED = "uncategorised"
EXTRACTIVE = "extractive"
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_MARK = re.compile(r"[*_`>#|]+")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\"'])")


@dataclass(frozen=True)
class Loaded:
    """Pages brought in: URL -> page, and the import report."""

    pages: dict[str, Page]
    report: dict[str, Any]


def load_pages(client: httpx.Client, manual_base: str, names: list[str]) -> dict[str, Any]:
    """Add the pages as URLs (100 per request) and wait for the runs that fetch them; the
    summed report, with the pages that could not be fetched as failures."""
    total: Counter[str] = Counter()
    failures: list[Any] = []
    for start in range(0, len(names), 100):
        urls = [f"{manual_base}/{name}" for name in names[start : start + 100]]
        response = client.post("/api/v1/content/urls", json={"urls": urls})
        response.raise_for_status()
        report = response.json()["report"]
        total.update({k: int(report[k]) for k in ("new", "unchanged", "updated", "failed")})
        failures += report.get("failures", [])
        if response.json()["run_id"]:
            fetched = wait_run(client, response.json()["run_id"])
            cache = next(p for p in fetched["phases"] if p["name"] == "cache")
            failures += [{"ref": "cache", "reason": f"{cache['failed']} pages not fetched"}] * (
                cache["failed"] > 0
            )
            total["failed"] += int(cache["failed"])
            total["new"] -= int(cache["failed"])
    return {**total, "failures": failures}


def run_pipeline(client: httpx.Client, hang_guard_s: float = 7200) -> dict[str, Any]:
    """Start a full run and wait for it; the final status with `wall_s` added."""
    started = time.perf_counter()
    run = client.post("/api/v1/agent/start", json={}).json()
    status = wait_run(client, run["id"], hang_guard_s)
    status["wall_s"] = time.perf_counter() - started
    return status


def _page_of(url: str | None, pages: dict[str, Page]) -> Page | None:
    return pages.get(url or "")


def categorisation(database: Database, pages: dict[str, Page], threshold: float) -> dict[str, Any]:
    with database.reader() as session:
        rows = session.execute(
            select(ContentItem.source_id, ContentItem.main_category, ContentItem.sub_category)
        ).all()
    predicted, truth = [], []
    categories: set[tuple[str, str]] = set()
    uncategorised = 0
    for url, main, sub in rows:
        page = _page_of(url, pages)
        if page is None:
            continue
        if main is None or main == UNCATEGORISED:
            uncategorised += 1
        label = f"{main}/{sub}"
        predicted.append(label)
        truth.append(page.chapter)
        categories.add((str(main), str(sub)))
    twins = []
    names = sorted(f"{m}/{s}" for m, s in categories)
    for i, name in enumerate(names):
        main, sub = name.split("/", 1)
        others = [n.split("/", 1)[1] for n in names[i + 1 :] if n.split("/", 1)[0] == main]
        twin = most_similar(sub, others, threshold)
        if twin is not None:
            twins.append([name, f"{main}/{twin}"])
    n = len(predicted)
    return {
        "items": n,
        "true_chapters": len(set(truth)),
        "categories": len(categories),
        "main_categories": len({m for m, _ in categories}),
        "categories_per_100_items": round(100 * len(categories) / n, 1) if n else 0.0,
        "purity": round(purity(predicted, truth), 3),
        "ami": round(adjusted_mutual_information(predicted, truth), 3),
        "uncategorised_share": round(uncategorised / n, 3) if n else 0.0,
        "near_twins": twins,
        "category_names": names,
    }


def _plain(markdown: str) -> str:
    text = _MD_LINK.sub(r"\1", markdown)
    return " ".join(_MD_MARK.sub(" ", text).split())


def note_sentences(note: str) -> list[str]:
    """The prose sentences of a note: headings and the references section left out."""
    body = note.split("\n## References", 1)[0]
    lines = [line for line in body.splitlines() if not line.lstrip().startswith("#")]
    text = _plain("\n".join(lines))
    return [s.strip() for s in _SENTENCE.split(text) if len(s.strip()) >= 20]


def notes(database: Database) -> dict[str, Any]:
    with database.reader() as session:
        contents = {c.id: c for c in session.scalars(select(ContentItem)).all()}
        kb = {k.content_item_id: k for k in session.scalars(select(KnowledgeItem)).all()}
        models = dict(
            session.execute(
                select(ItemPhase.content_item_id, ItemPhase.model).where(
                    ItemPhase.phase == "generate", ItemPhase.status == "done"
                )
            ).all()
        )
    with_text = [c for c in contents.values() if (c.content or "").strip()]
    empty, unfaithful, extractive = [], [], 0
    for item in with_text:
        note = kb.get(item.id)
        sentences = note_sentences(note.enhanced_content) if note is not None else []
        if note is None or not sentences:
            empty.append(item.source_id)
            continue
        if models.get(item.id) == EXTRACTIVE:
            extractive += 1
            source = _plain(item.content or "")
            if any(s not in source for s in sentences):
                unfaithful.append(item.source_id)
    n = len(with_text)
    return {
        "items_with_text": n,
        "with_note_share": round((n - len(empty)) / n, 3) if n else 0.0,
        "without_note": empty[:20],
        "extractive_notes": extractive,
        "model_notes": n - len(empty) - extractive,
        "extractive_faithful_share": round(1 - len(unfaithful) / extractive, 3)
        if extractive
        else 1.0,
        "unfaithful": unfaithful[:20],
        "generate_models": dict(Counter(str(m) for m in models.values())),
    }


def searchable(client: httpx.Client, database: Database) -> dict[str, Any]:
    """Each item found among the first 10 hybrid results for its own title."""
    with database.reader() as session:
        items = session.execute(select(KnowledgeItem.id, KnowledgeItem.display_title)).all()
    found = 0
    missing = []
    for item_id, title in items:
        response = client.post(
            "/api/v1/content/search", json={"query": title, "mode": "hybrid", "limit": 10}
        )
        ids = [r["item_id"] for r in response.json()["results"]] if response.is_success else []
        if item_id in ids:
            found += 1
        else:
            missing.append(title)
    n = len(items)
    return {"items": n, "found_share": round(found / n, 3) if n else 0.0, "missing": missing[:20]}


def _ask(client: httpx.Client, question: str) -> dict[str, Any]:
    chat = client.post("/api/v1/chat/sessions", json={"title": question[:60]}).json()
    reply = client.post(
        f"/api/v1/chat/sessions/{chat['id']}/messages", json={"content": question}, timeout=600
    )
    reply.raise_for_status()
    message: dict[str, Any] = reply.json()["message"]
    return message


def chat(
    client: httpx.Client,
    database: Database,
    pages: dict[str, Page],
    in_corpus: tuple[tuple[str, str], ...],
    off_corpus: tuple[str, ...],
) -> dict[str, Any]:
    with database.reader() as session:
        url_of = dict(session.execute(select(KnowledgeItem.id, KnowledgeItem.source_url)).all())
    # Question pages need not be in the labelled sample: a page is known by its file name.
    page_of = {kb_id: (url or "").rsplit("/", 1)[-1] for kb_id, url in url_of.items()}
    cited_expected = uncited = abstained_in = 0
    misses = []
    for question, expected in in_corpus:
        message = _ask(client, question)
        cited = [s for s in message.get("sources") or [] if s.get("cited")]
        if not (message.get("context_stats") or {}).get("found", True):
            abstained_in += 1
        elif not cited:
            uncited += 1
        if any(page_of.get(s["id"]) == expected for s in cited):
            cited_expected += 1
        else:
            misses.append(
                {
                    "question": question,
                    "expected": expected,
                    "cited": [s.get("title") for s in cited],
                }
            )
    abstained = 0
    answered_off = []
    for question in off_corpus:
        message = _ask(client, question)
        if not (message.get("context_stats") or {}).get("found", True):
            abstained += 1
        else:
            answered_off.append(question)
            if not any(s.get("cited") for s in message.get("sources") or []):
                uncited += 1
    return {
        "in_corpus_questions": len(in_corpus),
        "expected_source_cited": round(cited_expected / len(in_corpus), 3),
        "in_corpus_abstained": abstained_in,
        "off_corpus_questions": len(off_corpus),
        "off_corpus_abstention": round(abstained / len(off_corpus), 3),
        "answers_without_citation": uncited,
        "misses": misses[:20],
        "off_corpus_answered": answered_off,
    }


def run_summary(status: dict[str, Any], items: int) -> dict[str, Any]:
    phases = {
        p["name"]: {k: p.get(k) for k in ("done", "failed", "total")}
        for p in status.get("phases", [])
    }
    return {
        "status": status["status"],
        "wall_s": round(status["wall_s"], 1),
        "seconds_per_item": round(status["wall_s"] / items, 2) if items else None,
        "phases": phases,
        "result": status.get("result_data"),
    }
