"""Documents are titled by their own metadata and headings: DOCX core properties, then its
first heading; Markdown ATX and Setext headings without badge images; plain text with
underlined headings stays plain text. Each file is imported twice."""

from __future__ import annotations

from pathlib import Path

import pytest
from harness.docs import INSTALL_HINT, PG_DOCS

from kbagent.config import Settings
from kbagent.db import Database
from kbagent.sources.detect import Format, detect
from kbagent.sources.doctitles import markdown_title

from .conftest import stored
from .fixtures import zip_bytes
from .twice import import_twice

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CORE = (
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
    'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
    "<dc:title>Quarterly Storage Review</dc:title><dc:creator>Ann</dc:creator>"
    "</cp:coreProperties>"
)


def _docx(path: Path, core: str | None) -> Path:
    body = (
        f'<w:document xmlns:w="{W}"><w:body>'
        "<w:p><w:r><w:t>Draft, do not circulate</w:t></w:r></w:p>"
        '<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Disk usage</w:t></w:r></w:p>'
        "<w:p><w:r><w:t>Usage grew by a third.</w:t></w:r></w:p>"
        "</w:body></w:document>"
    )
    members = {"[Content_Types].xml": b"<Types/>", "word/document.xml": body.encode()}
    if core is not None:
        members["docProps/core.xml"] = core.encode()
    path.write_bytes(zip_bytes(members))
    return path


@pytest.mark.parametrize(
    ("core", "title"),
    [(CORE, "Quarterly Storage Review"), (None, "Disk usage")],
    ids=["core-title", "first-heading"],
)
def test_docx_title(
    database: Database, settings: Settings, tmp_path: Path, core: str | None, title: str
) -> None:
    import_twice(database, settings, _docx(tmp_path / "report.docx", core))
    [item] = stored(database, "file").values()
    assert item.title == title
    assert item.content.startswith("Draft, do not circulate\n\nDisk usage")


README = """[![Build](https://ci.example/badge.svg)](https://ci.example) [![PyPI](https://img.shields.io/pypi/v/x.svg)](https://pypi.org/x)

Fastcache
=========

A cache that is **fast**, with [docs](https://x.example).

Install
-------
"""


def test_markdown_setext_heading_is_the_title_and_badges_stay_out(
    database: Database, settings: Settings, tmp_path: Path
) -> None:
    path = tmp_path / "README"
    path.write_text(README)
    report = import_twice(database, settings, path)
    assert report.format == "markdown"
    [item] = stored(database, "file").values()
    assert item.title == "Fastcache"


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("# Project [![ci](https://b/x.svg)](https://c)\n\ntext", "Project"),
        ('<h1 align="center">Shiny</h1>\n\n[link](https://e)\n', "Shiny"),
        (
            "[![a](https://b/a.svg)](https://c)\n\nFirst real line with a [link](https://e).",
            "First real line with a link.",
        ),
        ("## Only a second level\n\n# Then a first level\n", "Then a first level"),
        ("```\n# not a heading\n```\n\n## Usage\n", "Usage"),
    ],
)
def test_markdown_titles(text: str, title: str) -> None:
    assert markdown_title(text) == title


PLAIN = """Release notes
=============

1. Faster startup.
2. Fewer writes.

- thanks to everyone
"""


def test_plain_text_with_underlines_stays_text(
    database: Database, settings: Settings, tmp_path: Path
) -> None:
    path = tmp_path / "NOTES.md"
    path.write_text(PLAIN)
    assert detect(path) is Format.TEXT
    report = import_twice(database, settings, path)
    assert report.format == "text"
    [item] = stored(database, "file").values()
    assert item.title == "Release notes"
    assert item.content == PLAIN


@pytest.mark.parametrize(
    ("page", "title"),
    [
        # Its first `class="title"` heading is the admonition "Note": the page's own title wins.
        ("sql-createindex.html", "CREATE INDEX"),
        # A numbered "Introduction" says little alone: its chapter is added.
        ("mvcc-intro.html", "13.1. Introduction (Chapter 13. Concurrency Control)"),
    ],
)
def test_an_uploaded_html_page_is_titled_as_a_fetched_one(
    database: Database, settings: Settings, tmp_path: Path, page: str, title: str
) -> None:
    """Real pages of the PostgreSQL manual (Debian's postgresql-doc-15), uploaded as files."""
    source = PG_DOCS / page
    assert source.is_file(), f"{source} is missing: {INSTALL_HINT}"
    path = tmp_path / page
    path.write_bytes(source.read_bytes())
    report = import_twice(database, settings, path)
    assert report.format == "html"
    [item] = stored(database, "file").values()
    assert item.title == title
