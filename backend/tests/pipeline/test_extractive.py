"""Extractive notes on real manual pages: only the source's sentences, its headings, its terms."""

from __future__ import annotations

import re

import pytest
from harness.docs import Page, pg, py

from kbagent.pipeline import document, extractive
from kbagent.pipeline.note import render
from kbagent.pipeline.note_check import problems

PG_PAGES = [
    "sql-createtable.html",  # 69 kB of text, no headings left after extraction
    "functions-json.html",
    "mvcc-intro.html",
    "tutorial-arch.html",
    "ddl-partitioning.html",
    "routine-vacuuming.html",
    "sql-select.html",
    "libpq-connect.html",
    "indexes-types.html",
    "textsearch-intro.html",
    "wal-intro.html",
    "app-pgdump.html",
]
PY_PAGES = ["library/functools.html", "library/json.html", "tutorial/classes.html"]


def _pages() -> list[Page]:
    return [pg(n) for n in PG_PAGES] + [py(n) for n in PY_PAGES]


@pytest.fixture(scope="module")
def pages() -> list[Page]:
    return _pages()


def test_extractive_notes_quote_only_the_source(pages: list[Page]) -> None:
    for page in pages:
        note = extractive.note(page.title, page.text)
        source = " ".join(page.text.split())
        quoted = extractive.quoted(note)
        assert len(quoted) >= 3, page.name
        assert [q for q in quoted if q not in source] == [], page.name


def test_extractive_notes_are_usable_notes(pages: list[Page]) -> None:
    for page in pages:
        note = extractive.note(page.title, page.text)
        assert note.title == document.plain(page.title)
        assert note.introduction and len(note.tags) >= 3, page.name
        assert problems(note, page.title) == [], page.name


def test_sections_are_the_documents_own_headings(pages: list[Page]) -> None:
    for page in pages:
        note = extractive.note(page.title, page.text)
        headings = {p.heading for p in document.sections(page.text)}
        assert note.sections[0].heading == "Key points", page.name
        assert {s.heading for s in note.sections[1:]} <= headings, page.name
    classes = extractive.note("Classes", py("tutorial/classes.html").text)
    assert len(classes.sections) >= 4
    assert any("Inheritance" in s.heading for s in classes.sections)


def test_tags_are_key_phrases_of_the_page() -> None:
    note = extractive.note("13.1. Introduction", pg("mvcc-intro.html").text)
    assert "mvcc" in note.tags


def test_a_text_without_sentences_still_gets_a_note() -> None:
    note = extractive.note("Bookmark", "")
    assert note.title == "Bookmark" and note.introduction == "" and note.sections == []
    short = extractive.note("Tweet", "Rust's borrow checker saved me again today")
    assert short.introduction == "Rust's borrow checker saved me again today"


def _as_text(markdown: str) -> str:
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    return " ".join(re.sub(r"[*_`>#|]+", " ", text).split())


def test_the_rendered_note_reads_back_as_the_sources_sentences(pages: list[Page]) -> None:
    """Read as plain text (how a reader, search or a checker sees it), the note's prose is
    still whole sentences of the source: no bullet marks or unfinished fragments glue two
    quoted sentences into one that the source never had."""
    for page in pages:
        markdown = render(extractive.note(page.title, page.text), page.url)
        body = markdown.split("\n## References", 1)[0]
        prose = "\n".join(line for line in body.splitlines() if not line.startswith("#"))
        source = _as_text(page.text)
        found = re.split(r"(?<=[.!?])\s+(?=[A-Z0-9(\"'])", _as_text(prose))
        assert [s for s in found if len(s) >= 20 and s not in source] == [], page.name
