"""Categorisation quality on a labelled set: the PostgreSQL manual's chapters are the truth.

Each page of the manual names its parent in its navigation header ("Up"); a page's label is
its chapter (the ancestor just below a "Part"), a known taxonomy the categoriser never sees.
`measure(pages)` files the pages one by one through the real categorise phase (SQLite, the
configured models: by default bundled MiniLM + SmolLM2) and reports:
- purity: share of pages whose category's majority chapter is their own;
- adjusted mutual information (AMI) between categories and chapters;
- categories per 100 items, share filed as uncategorised;
- near-twin categories: pairs whose centroids are >= 0.9 cosine or whose names the tree's
  near-twin check calls the same; main == sub pairs.

Usage: python bench/quality_categorise.py [--pages 150] [--chapters 12] [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

MANUAL = Path("/usr/share/doc/postgresql-doc-15/html")
_UP = re.compile(r'<a accesskey="u" href="([^"#]+)"[^>]*title="([^"]*)"')
_TITLE = re.compile(r"<title>(.*?)</title>", re.S)
# "11.2. ", "F.12. ", "Chapter 8. ": the manual's numbering would tell the chapter away.
_NUMBERING = re.compile(r"^(#*\s*)(?:(?:Chapter|Appendix)\s+)?(?:[A-Z]|\d+)(?:\.\d+)*\.\s+", re.M)


def unnumbered(text: str) -> str:
    return _NUMBERING.sub(r"\1", text)


@dataclass(frozen=True)
class Page:
    name: str
    title: str
    content: str  # markdown, extracted as the product extracts web pages
    label: str  # the chapter


def _up(path: Path) -> tuple[str, str] | None:
    found = _UP.search(path.read_text(errors="replace")[:4000])
    return (found.group(1), " ".join(found.group(2).split())) if found else None


def chapter_of(name: str, root: Path = MANUAL) -> str | None:
    """The title of the ancestor of `name` directly under a Part (or under the index)."""
    current, title = name, None
    for _ in range(8):
        up = _up(root / current)
        if up is None:
            return title
        parent, parent_title = up
        if parent_title.startswith("Part ") or parent == "index.html":
            return title or None
        current, title = parent, parent_title
    return None


def load_pages(count: int, chapters: int, seed: int, root: Path = MANUAL) -> list[Page]:
    """`count` leaf pages from `chapters` chapters with many pages, evenly, reproducibly."""
    from kbagent.sources.pages import extract_page

    by_chapter: dict[str, list[str]] = defaultdict(list)
    for path in sorted(root.glob("*.html")):
        label = chapter_of(path.name, root)
        if label is not None and label != _page_title(path):
            by_chapter[label].append(path.name)
    rng = random.Random(seed)
    big = sorted((c for c, names in by_chapter.items() if len(names) >= count // chapters), key=str)
    chosen = rng.sample(big, min(chapters, len(big)))
    per = count // len(chosen)
    pages: list[Page] = []
    for label in chosen:
        for name in rng.sample(by_chapter[label], per):
            html = (root / name).read_text(errors="replace")
            content, meta = extract_page(html, f"file://{root / name}")
            if content.strip():
                title = unnumbered(str(meta.get("title") or name))
                pages.append(Page(name, title, unnumbered(content), label))
    rng.shuffle(pages)
    return pages


def _page_title(path: Path) -> str:
    found = _TITLE.search(path.read_text(errors="replace")[:2000])
    return " ".join(found.group(1).split()) if found else path.name


def purity(assigned: list[str], labels: list[str]) -> float:
    clusters: dict[str, Counter[str]] = defaultdict(Counter)
    for category, label in zip(assigned, labels, strict=True):
        clusters[category][label] += 1
    return sum(c.most_common(1)[0][1] for c in clusters.values()) / max(1, len(labels))


def _entropy(counts: Counter[str], n: int) -> float:
    return -sum(c / n * math.log(c / n) for c in counts.values() if c)


def adjusted_mutual_information(labels: list[str], assigned: list[str]) -> float:
    """AMI with the arithmetic-mean normalisation (scikit-learn's default), exact E[MI]."""
    n = len(labels)
    a, b = Counter(labels), Counter(assigned)
    joint = Counter(zip(labels, assigned, strict=True))
    mi = sum(c / n * math.log(n * c / (a[u] * b[v])) for (u, v), c in joint.items())
    lg = math.lgamma
    expected = 0.0
    for ai in a.values():
        for bj in b.values():
            for nij in range(max(1, ai + bj - n), min(ai, bj) + 1):
                log_p = (
                    lg(ai + 1)
                    + lg(bj + 1)
                    + lg(n - ai + 1)
                    + lg(n - bj + 1)
                    - lg(n + 1)
                    - lg(nij + 1)
                    - lg(ai - nij + 1)
                    - lg(bj - nij + 1)
                    - lg(n - ai - bj + nij + 1)
                )
                expected += nij / n * math.log(n * nij / (ai * bj)) * math.exp(log_p)
    mean_h = (_entropy(a, n) + _entropy(b, n)) / 2
    denominator = mean_h - expected
    return (mi - expected) / denominator if denominator > 1e-12 else 1.0


def measure(pages: list[Page], **overrides: Any) -> dict[str, Any]:
    """File `pages` through the categorise phase; quality figures against their chapters.

    `overrides` are settings (e.g. `category_join_similarity=0.5`, `model_categorisation=...`).
    """
    from kbagent import migrations
    from kbagent.ai.registry import build_ai
    from kbagent.config import load_settings
    from kbagent.content.models import ContentItem
    from kbagent.db import open_database
    from kbagent.knowledge import centroids
    from kbagent.knowledge.categories import similarity
    from kbagent.pipeline.categorise import categorise
    from kbagent.pipeline.phase import PhaseContext

    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(**({"data_dir": Path(tmp)} | overrides))
        migrations.upgrade(settings)
        database = open_database(settings.resolved_database_url)
        ai = build_ai(settings)
        ctx = PhaseContext(settings, database, "bench", ai)
        ids: list[str] = []
        with database.writer() as session:
            for page in pages:
                item = ContentItem(
                    source_type="file", source_id=page.name, title=page.title, content=page.content
                )
                session.add(item)
                session.flush()
                ids.append(item.id)
            session.commit()
        started = time.perf_counter()
        models: Counter[str] = Counter()
        for item_id in ids:
            models[categorise(ctx, item_id) or ""] += 1
        seconds = time.perf_counter() - started
        with database.reader() as session:
            filed = {i: session.get(ContentItem, i) for i in ids}
            assigned = [f"{filed[i].main_category}/{filed[i].sub_category}" for i in ids]  # type: ignore[union-attr]
            known, _ = centroids.load(session, _embed_model(ai), settings.embedding_dim)
        from kbagent.ai import profile

        profiles = {k: vars(v) for k, v in profile.stored(settings.data_dir).items()}
        ai.close()
        database.engine.dispose()
    labels = [p.label for p in pages]
    categories = sorted(set(assigned))
    twins = _twins(known, similarity)
    return {
        "items": len(pages),
        "chapters": len(set(labels)),
        "purity": round(purity(assigned, labels), 3),
        "ami": round(float(adjusted_mutual_information(labels, assigned)), 3),
        "categories": len(categories),
        "categories_per_100": round(100 * len(categories) / max(1, len(pages)), 1),
        "main_categories": len({c.split("/")[0] for c in categories}),
        "uncategorised_share": round(
            sum(a.startswith("uncategorised/") for a in assigned) / max(1, len(pages)), 3
        ),
        "main_equals_sub": sum(a.split("/")[0] == a.split("/")[1] for a in categories),
        "near_twins": twins,
        "seconds_per_item": round(seconds / max(1, len(pages)), 3),
        "decided_by": dict(models),
        "model_profiles": profiles,
        "category_names": categories,
    }


def _embed_model(ai: Any) -> str:
    backend, name = ai.chain("embeddings")[0]
    return f"{backend.name}:{name}"


def _twins(known: list[Any], similarity: Any) -> list[str]:
    pairs = []
    for i, a in enumerate(known):
        for b in known[i + 1 :]:
            cosine = float(np.dot(a.vector, b.vector))
            same_name = similarity(a.sub, b.sub) >= 0.85 and a.main == b.main
            if cosine >= 0.9 or same_name:
                pairs.append(f"{a.main}/{a.sub} ~ {b.main}/{b.sub} ({cosine:.2f})")
    return pairs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=150)
    parser.add_argument("--chapters", type=int, default=12)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    pages = load_pages(args.pages, args.chapters, args.seed)
    result = measure(pages)
    text = json.dumps(result, indent=1)
    print(text)
    if args.out:
        args.out.write_text(text)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "backend" / "tests"))
    main()
