# Export files are quoted as the tools write them: long lines.
# ruff: noqa: E501
"""Omnivore's export zip and Readwise's two CSV exports (Reader library, highlights), in the
shapes the services wrote: tags, notes and highlights, dates, states and saved page text
kept; each imported twice, the second import changing nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kbagent.config import Settings
from kbagent.db import Database
from kbagent.sources.detect import Format, detect

from .conftest import stored
from .fixtures import zip_bytes
from .twice import import_twice

PAGE = """<DIV class="page" id="readability-page-1"><article><h1>Write-Ahead Logging</h1>
<p>The default method by which SQLite implements atomic commit and rollback is a rollback journal.
Beginning with version 3.7.0, a new "Write-Ahead Log" option is available.</p>
<p>There are advantages and disadvantages to using WAL instead of a rollback journal. WAL is
significantly faster in most scenarios, and provides more concurrency as readers do not block
writers and a writer does not block readers.</p></article></DIV>"""

HIGHLIGHTS = """> WAL is significantly faster in most scenarios 

#databases

Check the checkpoint settings

> readers do not block writers """

METADATA_0 = [
    {
        "id": "0b5c6c7e-1111-4b8a-9a0e-000000000001",
        "slug": "write-ahead-logging-18c2f0a1b2",
        "title": "Write-Ahead Logging",
        "description": "How WAL mode works",
        "author": "SQLite",
        "url": "https://sqlite.org/wal.html",
        "state": "Archived",
        "readingProgress": 100,
        "thumbnail": "https://sqlite.org/images/sqlite370_banner.gif",
        "labels": ["sqlite", "databases"],
        "savedAt": "2024-03-01T10:00:00.000Z",
        "updatedAt": "2024-03-02T10:00:00.000Z",
        "publishedAt": None,
    },
    {
        "id": "0b5c6c7e-1111-4b8a-9a0e-000000000002",
        "slug": "mvcc-18c2f0a1b3",
        "title": "Concurrency Control",
        "description": None,
        "author": None,
        "url": "https://www.postgresql.org/docs/current/mvcc.html",
        "state": "Active",
        "readingProgress": 12.5,
        "thumbnail": None,
        "labels": [],
        "savedAt": "2024-02-01T09:00:00.000Z",
        "updatedAt": "2024-02-01T09:00:00.000Z",
        "publishedAt": "2023-11-09T00:00:00.000Z",
    },
]
METADATA_20 = [{"id": "x", "slug": "broken", "title": "No link", "url": "omnivore://x"}]


def _omnivore(path: Path) -> Path:
    members = {
        # Batches of 20; the second file is written first: order comes from the name.
        "metadata_20_to_21.json": json.dumps(METADATA_20, indent=2).encode(),
        "metadata_0_to_20.json": json.dumps(METADATA_0, indent=2).encode(),
        "content/write-ahead-logging-18c2f0a1b2.html": PAGE.encode(),
        "highlights/write-ahead-logging-18c2f0a1b2.md": HIGHLIGHTS.encode(),
        "content/mvcc-18c2f0a1b3.pdf": b"%PDF-1.4 not read",
    }
    path.write_bytes(zip_bytes(members))
    return path


def test_omnivore_export(database: Database, settings: Settings, tmp_path: Path) -> None:
    path = _omnivore(tmp_path / "omnivore-export.zip")
    assert detect(path) is Format.OMNIVORE_ZIP
    report = import_twice(database, settings, path)
    assert (report.format, report.new, report.failed) == ("omnivore_zip", 2, 1)
    items = stored(database, "bookmark")
    wal = items["https://sqlite.org/wal.html"]
    raw = wal.raw_data or {}
    assert wal.title == "Write-Ahead Logging"
    assert (raw["tags"], raw["status"], raw["source"]) == (
        ["sqlite", "databases"],
        "archived",
        "omnivore",
    )
    assert (raw["added_at"], raw["author"], raw["progress"]) == (
        "2024-03-01T10:00:00+00:00",
        "SQLite",
        100,
    )
    assert raw["description"] == "How WAL mode works"
    assert "Check the checkpoint settings" in raw["highlights"]
    # The bookmark's words, then the page Omnivore saved (so it is not fetched again).
    assert wal.content.startswith("Write-Ahead Logging\n\nHow WAL mode works\n\n> WAL is")
    assert "readers do not block writers and a writer does not block readers" in wal.content
    mvcc = items["https://www.postgresql.org/docs/current/mvcc.html"].raw_data or {}
    assert (mvcc["status"], mvcc["progress"], mvcc["published_at"]) == (
        "unread",
        12.5,
        "2023-11-09T00:00:00+00:00",
    )
    assert "highlights" not in mvcc


def test_omnivore_page_text_survives_a_merge_with_another_export(
    database: Database, settings: Settings, tmp_path: Path
) -> None:
    import_twice(database, settings, _omnivore(tmp_path / "omnivore.zip"))
    pocket = tmp_path / "part_000000.csv"
    pocket.write_text(
        "title,url,time_added,tags,status\nWAL,https://sqlite.org/wal.html,1600000000,later,unread\n"
    )
    assert import_twice(database, settings, pocket).updated == 1
    wal = stored(database, "bookmark")["https://sqlite.org/wal.html"]
    raw = wal.raw_data or {}
    assert raw["tags"] == ["sqlite", "databases", "later"]
    assert raw["added_at"] == "2020-09-13T12:26:40+00:00"
    assert "a writer does not block readers" in wal.content


READER = """Title,URL,ID,Document tags,Saved date,Reading progress,Location,Seen
Write-Ahead Logging,https://sqlite.org/wal.html,01gmjxjdxs6snfysns8hj3ssnk,"['sqlite', ""it's fast""]",2022-11-06 04:33:50+00:00,0.35,later,True
"Concurrency, Control",https://www.postgresql.org/docs/current/mvcc.html,01gmjxjdxs6snfysns8hj3sso0,[],2023-01-02 08:00:00+00:00,1,archive,True
A feed post,https://blog.example.com/post,01gmjxjdxs6snfysns8hj3sso1,[],2023-01-03 08:00:00+00:00,0,feed,False
No link,,01gmjxjdxs6snfysns8hj3sso2,[],2023-01-03 08:00:00+00:00,0,new,False
"""


def test_readwise_reader_csv(database: Database, settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(READER)
    assert detect(path) is Format.READWISE_READER_CSV
    report = import_twice(database, settings, path)
    assert (report.format, report.new, report.skipped, report.failed) == (
        "readwise_reader_csv",
        2,
        1,
        1,
    )
    items = stored(database, "bookmark")
    wal = items["https://sqlite.org/wal.html"].raw_data or {}
    assert (wal["tags"], wal["status"], wal["reader_location"]) == (
        ["sqlite", "it's fast"],
        "unread",
        "later",
    )
    assert (wal["added_at"], wal["progress"], wal["seen"]) == (
        "2022-11-06T04:33:50+00:00",
        0.35,
        True,
    )
    assert wal["reader_id"] == "01gmjxjdxs6snfysns8hj3ssnk"
    mvcc = items["https://www.postgresql.org/docs/current/mvcc.html"]
    assert mvcc.title == "Concurrency, Control"
    assert (mvcc.raw_data or {})["status"] == "archived"
    assert "https://blog.example.com/post" not in items


HIGHLIGHTS_CSV = """Highlight,Book Title,Book Author,Amazon Book ID,Note,Color,Tags,Location Type,Location,Highlighted at,Document tags
"Attention is trained, not given.
A page read twice is a different page.",The Slow Book,Mara Ellison,B00X,"Key idea",yellow,"favorite, deep work",page,12,2020-10-05 10:15:30+00:00,reading
"She said ""hello"".",The Slow Book,Mara Ellison,B00X,,,,location,345,2020-10-06 08:00:00+00:00,reading
The obstacle is the way.,The Obstacle Is the Way,Ryan Holiday,,,blue,,location,1200,2024-05-01 10:00:00+00:00,
A late addition.,The Slow Book,Mara Ellison,B00X,,,,page,40,2021-01-01 00:00:00+00:00,reading
,No Title Row Has Text,,,,,,,,,
"""


def test_readwise_highlights_csv(database: Database, settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "readwise-data.csv"
    path.write_text(HIGHLIGHTS_CSV)
    assert detect(path) is Format.READWISE_CSV
    report = import_twice(database, settings, path)
    # The Slow Book's rows are split by another book: its second group joins the first.
    assert (report.format, report.new, report.updated, report.skipped) == ("readwise_csv", 2, 1, 1)
    books = {i.title: i for i in stored(database, "highlights").values()}
    slow = books["The Slow Book"]
    raw = slow.raw_data or {}
    assert (raw["author"], raw["amazon_book_id"], raw["tags"]) == (
        "Mara Ellison",
        "B00X",
        ["reading"],
    )
    assert raw["added_at"] == "2020-10-05T10:15:30+00:00"
    assert [h["location"] for h in raw["highlights"]] == ["12", "345", "40"]
    first = raw["highlights"][0]
    assert (first["note"], first["color"], first["tags"]) == (
        "Key idea",
        "yellow",
        ["favorite", "deep work"],
    )
    assert slow.content.startswith(
        "# The Slow Book\n\nby Mara Ellison\n\n> Attention is trained, not given.\n"
        "> A page read twice is a different page.\n\nNote: Key idea\n\npage 12 · #favorite #deep work"
    )
    assert '> She said "hello".' in slow.content and "> A late addition." in slow.content
    assert (books["The Obstacle Is the Way"].raw_data or {})["highlights"][0]["color"] == "blue"
    assert set(books) == {"The Slow Book", "The Obstacle Is the Way"}  # no highlights: no item


@pytest.mark.parametrize(
    ("header", "kind"),
    [
        (
            "Title,URL,ID,Document tags,Saved date,Reading progress,Location,Seen",
            Format.READWISE_READER_CSV,
        ),
        (
            "Highlight,Book Title,Book Author,Amazon Book ID,Note,Color,Tags,Location Type,Location,Highlighted at",
            Format.READWISE_CSV,
        ),
    ],
)
def test_detected_by_header(tmp_path: Path, header: str, kind: Format) -> None:
    path = tmp_path / "export.txt"
    path.write_text(header + "\n")
    assert detect(path) is kind
