"""Real documentation installed on the machine, as kbagent would import it.

The PostgreSQL 15 manual and Python's HTML docs (Debian packages `postgresql-doc-15` and
`python3.11-doc`) are turned into items' text by kbagent's own web extraction, so tests and
benchmarks judge notes on what a user's import produces. A missing manual fails, naming the
package to install.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kbagent.sources.pages import extract_page

PG_DOCS = Path("/usr/share/doc/postgresql-doc-15/html")
PY_DOCS = Path("/usr/share/doc/python3.11-doc/html")
INSTALL_HINT = "apt-get install -y postgresql-doc-15 python3.11-doc"
PG_URL = "https://www.postgresql.org/docs/15/"
PY_URL = "https://docs.python.org/3.11/"


@dataclass(frozen=True)
class Page:
    name: str
    url: str
    title: str
    text: str


def load(root: Path, relative: str) -> Page:
    path = root / relative
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing: {INSTALL_HINT} (make test installs them)")
    base = PG_URL if root == PG_DOCS else PY_URL
    text, meta = extract_page(path.read_text(encoding="utf-8", errors="replace"), base + relative)
    return Page(relative, base + relative, str(meta.get("title") or relative), text)


def pg(name: str) -> Page:
    return load(PG_DOCS, name)


def py(relative: str) -> Page:
    return load(PY_DOCS, relative)


def longest_pg(count: int, skip: int = 0) -> list[str]:
    """Names of the longest manual pages (by HTML size, a stable order), after the `skip`
    longest: the reference pages people ask about, which overflow small windows."""
    if not PG_DOCS.is_dir():
        raise FileNotFoundError(f"{PG_DOCS} is missing: {INSTALL_HINT} (make test installs them)")
    pages = sorted(PG_DOCS.glob("*.html"), key=lambda p: (-p.stat().st_size, p.name))
    return [p.name for p in pages[skip : skip + count]]
