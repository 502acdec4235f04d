"""Web page titles on real documentation: admonition headings and lost chapters, before/after.

Runs `extract_page` (what `kbagent add-url` stores) over every page of a local HTML manual and
compares its title with trafilatura's own metadata title (what kbagent stored before):
- pages titled by an admonition heading ("Note", "Warning", ...);
- numbered section pages ("62.1. Introduction") whose title names their chapter;
- pages with a `chapter` in their metadata;
- titles that are the page's `<title>` with its spacing garbled ("Sorting Rows ( ORDER BY )").

Run: `backend/.venv/bin/python bench/titles.py [DIR ...] [--limit N]`; default: the PostgreSQL
15 manual and Python's documentation as Debian installs them.
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

import trafilatura
from lxml import html as lxml_html

from kbagent.sources.pages import extract_page
from kbagent.sources.titles import clean, is_admonition

MANUALS = (
    Path("/usr/share/doc/postgresql-doc-15/html"),
    Path("/usr/share/doc/python3.11-doc/html"),
)
SECTION = re.compile(r"^(?:[A-Z]|\d+)(?:\.\d+)+\.?\s")


def garbled(title: str, own: str) -> bool:
    return title != own and "".join(title.split()) == "".join(own.split())


def measure(root: Path, limit: int | None) -> None:
    pages = sorted(p for p in root.rglob("*.html") if "genindex" not in p.name)[:limit]
    before_adm = after_adm = sections = before_named = after_named = with_chapter = 0
    before_spaced = after_spaced = 0
    examples: list[str] = []
    started = time.perf_counter()
    for page in pages:
        html = page.read_text(encoding="utf-8", errors="replace")
        url = f"http://127.0.0.1/{page.relative_to(root)}"
        raw = trafilatura.extract_metadata(html, default_url=url)
        before = clean(raw.title if raw is not None else "")
        _, meta = extract_page(html, url)
        after, parent = clean(meta.get("title")), meta.get("chapter")
        before_adm += is_admonition(before)
        after_adm += is_admonition(after)
        with_chapter += bool(parent)
        own = clean(str(lxml_html.fromstring(html.encode()).findtext(".//title") or ""))
        before_spaced += garbled(before, own)
        after_spaced += garbled(after.removesuffix(f" ({parent})"), own)
        if SECTION.match(before):
            sections += 1
            before_named += bool(parent and parent in before)
            after_named += bool(parent and parent in after)
        if is_admonition(before) and len(examples) < 3:
            examples.append(f"{page.name}: {before!r} -> {after!r}")
    took = time.perf_counter() - started
    print(f"{root} ({len(pages)} pages, {took:.0f} s)")
    print(f"  titled by an admonition heading: before {before_adm}, after {after_adm}")
    print(
        f"  numbered section pages naming their chapter in the title: before {before_named}"
        f"/{sections}, after {after_named}/{sections}"
    )
    print(f"  pages with a chapter in their metadata: {with_chapter}")
    print(
        f"  titles with the page's own words mis-spaced: before {before_spaced}, "
        f"after {after_spaced}"
    )
    for line in examples:
        print(f"  e.g. {line}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("roots", nargs="*", type=Path, default=list(MANUALS))
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    for root in args.roots:
        if root.is_dir():
            measure(root, args.limit)
        else:
            print(f"{root}: not installed, skipped")


if __name__ == "__main__":
    main()
