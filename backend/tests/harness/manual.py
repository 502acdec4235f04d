"""A labelled set from real documentation on this machine: the PostgreSQL 15 manual.

Debian's `postgresql-doc-15` installs the manual as 1,173 HTML pages. Every page's navigation
header links "Up" to its parent, so each section page has a known chapter and part: a two-level
taxonomy written by the manual's authors, never by kbagent. Categorisation is measured against
it (chapter = the subcategory a reader would expect), notes and chat over the pages' own text.

The pages are served by a plain HTTP server on loopback and brought in the way a user brings
web pages (`POST /content/urls`), so extraction, titles and the pipeline are the real ones.
"""

from __future__ import annotations

import functools
import random
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

MANUAL = Path("/usr/share/doc/postgresql-doc-15/html")
INSTALL_HINT = "apt-get install -y postgresql-doc-15"
_UP = re.compile(r'<a accesskey="u" href="([^"#]+)"')
_TITLE = re.compile(r"<title>(.*?)</title>", re.S)
_TAG = re.compile(r"<[^>]+>")
_BODY = re.compile(r'<div class="navheader">.*?</div>(.*)<div class="navfooter">', re.S)


@dataclass(frozen=True)
class Page:
    name: str  # file name, e.g. "gist-intro.html"
    title: str
    chapter: str  # e.g. "Chapter 68. GiST Indexes"
    part: str  # e.g. "Part VII. Internals"
    text_chars: int  # length of the page's visible text


def require_manual() -> Path:
    if not (MANUAL / "index.html").is_file():
        raise FileNotFoundError(f"the PostgreSQL manual is not installed: {INSTALL_HINT}")
    return MANUAL


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


def visible_text(html: str) -> str:
    body = _BODY.search(html)
    text = _TAG.sub(" ", body.group(1) if body else html)
    return " ".join(text.split())


@functools.cache
def pages() -> tuple[Page, ...]:
    """Every section page two levels below a part (part -> chapter -> page)."""
    root = require_manual()
    up: dict[str, str] = {}
    titles: dict[str, str] = {}
    sizes: dict[str, int] = {}
    for path in root.glob("*.html"):
        html = _read(path)
        found = _UP.search(html)
        if found:
            up[path.name] = found.group(1)
        title = _TITLE.search(html)
        titles[path.name] = " ".join(title.group(1).split()) if title else path.stem
        sizes[path.name] = len(visible_text(html))

    def chain(name: str) -> list[str]:
        seen = [name]
        while seen[-1] in up and up[seen[-1]] != "index.html" and len(seen) < 10:
            seen.append(up[seen[-1]])
        return seen

    result = []
    for name in sorted(titles):
        ancestors = chain(name)
        # [page, chapter, part] exactly: deeper pages (reference entries) are labelled by the
        # two levels just above them only when those are a chapter and a part.
        if len(ancestors) != 3 or not titles[ancestors[2]].startswith("Part "):
            continue
        chapter, part = ancestors[1], ancestors[2]
        result.append(Page(name, titles[name], titles[chapter], titles[part], sizes[name]))
    return tuple(result)


# The reference part and the appendixes group entries alphabetically or by kind ("SQL
# Commands", "Additional Supplied Modules"), not by topic: no reader would file by them.
NOT_TOPICAL = ("Part VI. Reference", "Part VIII. Appendixes")


def sample(
    count: int, *, chapters: int, min_chars: int = 1500, max_chars: int | None = None, seed: int = 7
) -> list[Page]:
    """`count` pages, the same number from each of `chapters` topical chapters."""
    by_chapter: dict[str, list[Page]] = {}
    for page in pages():
        if page.part in NOT_TOPICAL or page.text_chars < min_chars:
            continue
        if max_chars is None or page.text_chars <= max_chars:
            by_chapter.setdefault(page.chapter, []).append(page)
    per = max(2, -(-count // chapters))
    eligible = sorted(c for c, ps in by_chapter.items() if len(ps) >= per)
    rng = random.Random(seed)
    chosen = rng.sample(eligible, min(chapters, len(eligible)))
    picked: list[Page] = []
    for chapter in chosen:
        members = sorted(by_chapter[chapter], key=lambda p: p.name)
        picked += rng.sample(members, min(per, len(members)))
    rng.shuffle(picked)
    return picked[:count]


@contextmanager
def serve_manual() -> Iterator[str]:
    """The manual over HTTP on 127.0.0.1; yields the base URL (no trailing slash)."""
    handler = functools.partial(_Quiet, directory=str(require_manual()))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass
