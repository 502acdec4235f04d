# Export files are quoted as the tools write them: long lines, en dashes.
# ruff: noqa: E501, RUF001
"""Browser and read-later exports as the tools write them: Firefox and Chrome Netscape HTML
(a URL in two folders, `<DD>` descriptions, `place:` smart folders, non-ASCII titles) and
Pocket's `ril_export.html`. Every import runs twice and the second changes nothing."""

from __future__ import annotations

from pathlib import Path

from kbagent.config import Settings
from kbagent.db import Database
from kbagent.sources.detect import Format, detect
from kbagent.sources.imports import import_file

from .conftest import stored
from .twice import import_twice, reimport_changes_nothing

FIREFOX = """<!DOCTYPE NETSCAPE-Bookmark-file-1>
<!-- This is an automatically generated file.
     It will be read and overwritten.
     DO NOT EDIT! -->
<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">
<meta http-equiv="Content-Security-Policy"
      content="default-src 'self'; script-src 'none'; img-src data: *; object-src 'none'"></meta>
<TITLE>Bookmarks</TITLE>
<H1>Bookmarks Menu</H1>

<DL><p>
    <DT><A HREF="place:parent=menu________&sort=12&maxResults=10" ADD_DATE="1700000000">Recent Tags</A>
    <DT><H3 ADD_DATE="1700000000" LAST_MODIFIED="1700000100">Databases</H3>
    <DD>Folder notes are not a bookmark's description
    <DL><p>
        <DT><A HREF="https://sqlite.org/wal.html" ADD_DATE="1700000200" LAST_MODIFIED="1700000300" TAGS="sqlite,wal">Write-Ahead Logging</A>
        <DD>How WAL mode works &amp; when to checkpoint
        <DT><A HREF="https://ja.wikipedia.org/wiki/SQLite" ADD_DATE="1700000400">SQLite – ウィキペディア</A>
    </DL><p>
    <DT><H3 ADD_DATE="1700000000">Reading list</H3>
    <DL><p>
        <DT><A HREF="https://sqlite.org/wal.html" ADD_DATE="1700000100">Write-Ahead Logging</A>
    </DL><p>
</DL>
"""

CHROME = """<!DOCTYPE NETSCAPE-Bookmark-file-1>
<!-- This is an automatically generated file.
     It will be read and overwritten.
     DO NOT EDIT! -->
<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">
<TITLE>Bookmarks</TITLE>
<H1>Bookmarks</H1>
<DL><p>
    <DT><H3 ADD_DATE="1690000000" LAST_MODIFIED="0" PERSONAL_TOOLBAR_FOLDER="true">Bookmarks bar</H3>
    <DL><p>
        <DT><A HREF="https://sqlite.org/wal.html" ADD_DATE="1690000000" ICON="data:image/png;base64,AAAA">WAL</A>
        <DT><A HREF="https://www.postgresql.org/docs/current/mvcc.html" ADD_DATE="1690000100">Chapter 13. Concurrency Control</A>
    </DL><p>
</DL><p>
"""

POCKET = """<!DOCTYPE html>
<html>
	<!--So long and thanks for all the fish-->
	<head>
		<meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />
		<title>Pocket Export</title>
	</head>
	<body>
		<h1>Unread</h1>
		<ul>
          <li><a href="https://example.com/unread" time_added="1600000000" tags="db,later">An unread article</a></li>
          <li><a href="https://example.com/twice" time_added="1600000500" tags="">Saved twice</a></li>
		</ul>

		<h1>Read Archive</h1>
		<ul>
          <li><a href="https://example.com/read" time_added="1500000000" tags="">Café notes – déjà lu</a></li>
          <li><a href="https://example.com/twice" time_added="1600000100" tags="dup">Saved twice</a></li>
		</ul>
	</body>
</html>
"""


def test_firefox_export(database: Database, settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.html"
    path.write_text(FIREFOX)
    report = import_twice(database, settings, path)
    assert (report.format, report.new, report.failed, report.skipped) == (
        "netscape_bookmarks",
        2,
        0,
        1,
    )
    items = stored(database, "bookmark")
    wal = items["https://sqlite.org/wal.html"]
    assert wal.raw_data == {
        "url": "https://sqlite.org/wal.html",
        "title": "Write-Ahead Logging",
        "added_at": "2023-11-14T22:15:00+00:00",
        "folder": "Databases",
        "folders": ["Databases", "Reading list"],
        "tags": ["sqlite", "wal"],
        "description": "How WAL mode works & when to checkpoint",
    }
    assert wal.content == "Write-Ahead Logging\n\nHow WAL mode works & when to checkpoint"
    wiki = items["https://ja.wikipedia.org/wiki/SQLite"]
    assert wiki.title == "SQLite – ウィキペディア"
    assert "description" not in (wiki.raw_data or {})  # the folder's <DD> is not the link's


def test_chrome_export_after_firefox_joins_folders(
    database: Database, settings: Settings, tmp_path: Path
) -> None:
    firefox, chrome = tmp_path / "firefox.html", tmp_path / "chrome.html"
    firefox.write_text(FIREFOX)
    chrome.write_text(CHROME)
    import_twice(database, settings, firefox)
    report = import_twice(database, settings, chrome)
    assert (report.new, report.updated) == (1, 1)
    raw = stored(database, "bookmark")["https://sqlite.org/wal.html"].raw_data or {}
    assert raw["folders"] == ["Databases", "Reading list", "Bookmarks bar"]
    assert raw["title"] == "Write-Ahead Logging"  # the stored title stays
    assert raw["added_at"] == "2023-07-22T04:26:40+00:00"  # the earliest date
    assert raw["description"] == "How WAL mode works & when to checkpoint"
    reimport_changes_nothing(database, settings, firefox)


def test_pocket_html_export(database: Database, settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "ril_export.html"
    path.write_text(POCKET)
    assert detect(path) is Format.POCKET_HTML
    report = import_twice(database, settings, path)
    assert (report.format, report.new, report.failed) == ("pocket_html", 3, 0)
    items = stored(database, "bookmark")
    unread = items["https://example.com/unread"].raw_data or {}
    assert unread["tags"] == ["db", "later"]
    assert unread["added_at"] == "2020-09-13T12:26:40+00:00"
    assert (unread["source"], unread["status"]) == ("pocket", "unread")
    read = items["https://example.com/read"]
    assert read.title == "Café notes – déjà lu"
    assert (read.raw_data or {})["status"] == "archived"
    twice = items["https://example.com/twice"].raw_data or {}
    assert twice["tags"] == ["dup"] and twice["added_at"] == "2020-09-13T12:28:20+00:00"


def test_same_url_in_one_file_is_one_unchanging_item(
    database: Database, settings: Settings, tmp_path: Path
) -> None:
    # Each copy used to "update" the item: the folder flipped and it went back to pending.
    links = "".join(
        f'<DT><H3>Folder {n}</H3><DL><p><DT><A HREF="https://e.org/x">X</A></DL><p>'
        for n in range(3)
    )
    path = tmp_path / "dups.html"
    path.write_text(f"<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<DL><p>{links}</DL>")
    report = import_twice(database, settings, path)
    assert (report.new, report.unchanged, report.updated) == (1, 0, 0)
    raw = stored(database, "bookmark")["https://e.org/x"].raw_data or {}
    assert raw["folders"] == ["Folder 0", "Folder 1", "Folder 2"]
    assert import_file(database, settings, path).unchanged == 1
