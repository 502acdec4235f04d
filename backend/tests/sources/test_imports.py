"""Imports end to end on both databases: exactly once, updates detected, failures isolated."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kbagent.config import Settings
from kbagent.db import Database
from kbagent.errors import InvalidInput
from kbagent.sources.imports import import_file

from .conftest import stored
from .fixtures import (
    NETSCAPE,
    archive_tweet,
    exporter_json,
    exporter_record,
    pdf_bytes,
    x_archive,
    zip_bytes,
)
from .twice import import_twice, reimport_changes_nothing


def test_x_archive_import_and_reimport(
    database: Database, settings: Settings, tmp_path: Path
) -> None:
    path = x_archive(tmp_path / "archive.zip")
    report = import_file(database, settings, path)
    assert (report.format, report.new, report.failed) == ("x_archive", 4, 0)

    items = stored(database, "x")
    first = items["1001"]
    assert first.content == "Read this https://sqlite.org/wal.html about SQLite"
    assert first.raw_data is not None and first.raw_data["author"]["username"] == "alice"
    assert first.raw_data["url"] == "https://x.com/alice/status/1001"
    assert first.raw_data["created_at"] == "2018-10-10T20:19:24+00:00"
    [photo] = first.media_files
    assert photo["status"] == "stored"
    assert (settings.data_dir / photo["path"]).read_bytes().startswith(b"\x89PNG")
    assert items["1002"].content == "A second post with & entity"
    # The archive lacks this photo: recorded as missing, with no path to a file that isn't there.
    [lost] = items["1003"].media_files
    assert lost["status"] == "missing" and lost["path"] is None
    assert items["2001"].raw_data is not None and items["2001"].raw_data["kind"] == "like"

    again = import_file(database, settings, path)
    assert (again.new, again.unchanged, again.updated, again.failed) == (0, 4, 0, 0)
    assert len(stored(database)) == 4
    reimport_changes_nothing(database, settings, path)


def test_exporter_import_counts_new_unchanged_updated_failed(
    database: Database, settings: Settings, tmp_path: Path
) -> None:
    records = [exporter_record(n) for n in range(1, 6)]
    first = import_file(database, settings, exporter_json(tmp_path / "e1.json", records))
    assert (first.format, first.new) == ("exporter_json", 5)
    ids_before = {k: v.id for k, v in stored(database, "x").items()}

    changed = [exporter_record(n) for n in range(1, 6)]
    changed[1] = exporter_record(2, text="Edited text")
    broken: list[object] = [*changed, {"id": "abc"}, "not an object", {"id": "99"}]
    broken.append(exporter_record(7))
    second = import_file(database, settings, exporter_json(tmp_path / "e2.json", broken))
    assert (second.new, second.unchanged, second.updated, second.failed) == (1, 4, 1, 3)
    reasons = {f.ref: f.reason for f in second.failures}
    assert reasons == {
        "record 6": "missing or invalid `id`",
        "record 7": "not a JSON object",
        "99": "missing `full_text`",
    }
    items = stored(database, "x")
    assert items["10002"].content == "Edited text"
    assert items["10002"].id == ids_before["10002"]  # updated in place, not duplicated
    assert items["10001"].media_files[0]["status"] == "remote"
    assert items["10001"].media_files[0]["path"] is None
    assert len(items) == 6
    reimport_changes_nothing(database, settings, tmp_path / "e2.json")


def test_duplicate_records_inside_one_file_store_once(
    database: Database, settings: Settings, tmp_path: Path
) -> None:
    records = [exporter_record(1), exporter_record(1), exporter_record(1, text="later")]
    report = import_file(database, settings, exporter_json(tmp_path / "d.json", records))
    assert (report.new, report.unchanged, report.updated) == (1, 1, 1)
    assert stored(database, "x")["10001"].content == "later"


def test_hostile_archive_stores_nothing(
    database: Database, settings: Settings, tmp_path: Path
) -> None:
    tweets = b"window.YTD.tweets.part0 = " + json.dumps([archive_tweet("1", "x")]).encode()
    path = tmp_path / "evil.zip"
    path.write_bytes(zip_bytes({"data/tweets.js": tweets, "../../outside.txt": b"pwned"}))
    with pytest.raises(InvalidInput, match="unsafe member name"):
        import_file(database, settings, path)
    assert stored(database) == {}
    assert not (tmp_path / "outside.txt").exists()


def test_netscape_bookmarks(database: Database, settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.html"
    path.write_text(NETSCAPE)
    report = import_twice(database, settings, path)
    assert (report.format, report.new, report.failed) == ("netscape_bookmarks", 2, 1)
    assert report.failures[0].reason.startswith("not an http(s) link")
    items = stored(database, "bookmark")
    a = items["https://example.com/a"]
    assert a.title == "Article & A"
    assert a.raw_data == {
        "url": "https://example.com/a",
        "title": "Article & A",
        "added_at": "2023-11-14T22:13:21+00:00",
        "folder": "Reading",
        "tags": ["db", "sql"],
    }
    assert items["https://example.org/b"].raw_data["folder"] is None  # type: ignore[index]


def test_deeply_nested_bookmark_folders_are_capped(
    database: Database, settings: Settings, tmp_path: Path
) -> None:
    # Each link once copied the whole folder path: 100,000 nested folders filled memory.
    path = tmp_path / "deep.html"
    nested = "<DT><H3>f</H3><DL><p>" * 5000
    links = "".join(f'<DT><A HREF="https://e.org/{n}">link {n}</A>' for n in range(300))
    path.write_text(f"<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<DL><p>{nested}{links}")
    report = import_twice(database, settings, path)
    assert (report.new, report.failed) == (300, 0)
    folder = stored(database, "bookmark")["https://e.org/7"].raw_data["folder"]  # type: ignore[index]
    assert folder == "/".join(["f"] * 32)


def test_pdf_text_per_page_and_original_kept(
    database: Database, settings: Settings, tmp_path: Path
) -> None:
    path = tmp_path / "upload"
    path.write_bytes(pdf_bytes(["First page about WAL mode.", "Second page about vacuum."]))
    report = import_file(database, settings, path, display_name="../../etc/passwd")
    assert (report.format, report.new) == ("pdf", 1)
    [item] = stored(database, "file").values()
    assert item.title == "Test Document"
    assert "<!-- page 1 -->\nFirst page about WAL mode." in item.content
    assert "<!-- page 2 -->\nSecond page about vacuum." in item.content
    raw = item.raw_data or {}
    assert raw["pages"] == 2 and raw["filename"] == "passwd"
    original = settings.data_dir / raw["original"]
    assert original.read_bytes() == path.read_bytes()
    assert original.parent.parent == settings.data_dir / "files"
    assert import_file(database, settings, path).unchanged == 1
    reimport_changes_nothing(database, settings, path)


def test_fake_pdf_is_refused(database: Database, settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.7\nthis is not really a pdf\n%%EOF")
    with pytest.raises(InvalidInput, match="PDF"):
        import_file(database, settings, path)
    assert stored(database) == {}
    assert not (settings.data_dir / "files").exists()


def test_markdown_and_text_files(database: Database, settings: Settings, tmp_path: Path) -> None:
    md = tmp_path / "m"
    md.write_text("Intro line\n\n# The Heading\n\n- a list item\n")
    txt = tmp_path / "t"
    txt.write_text("A plain note about caching.\nSecond line.")
    assert import_twice(database, settings, md).format == "markdown"
    assert import_twice(database, settings, txt).format == "text"
    titles = sorted(item.title for item in stored(database, "file").values())
    assert titles == ["A plain note about caching. Second line.", "The Heading"]


def test_text_databases_refuse_is_cleaned(
    database: Database, settings: Settings, tmp_path: Path
) -> None:
    # Valid JSON that PostgreSQL cannot store as is: a NUL and a lone surrogate.
    path = tmp_path / "odd.json"
    path.write_text('[{"id": "5", "full_text": "nul\\u0000here \\ud800 end", "screen_name": "z"}]')
    report = import_twice(database, settings, path)
    assert (report.new, report.failed) == (1, 0)
    assert stored(database, "x")["5"].content == "nulhere ? end"


def test_docx_by_content(database: Database, settings: Settings, tmp_path: Path) -> None:
    ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = (
        f'<w:document xmlns:w="{ns}"><w:body>'
        "<w:p><w:r><w:t>Quarterly notes</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>Second </w:t></w:r><w:r><w:t>paragraph.</w:t></w:r></w:p>"
        "</w:body></w:document>"
    )
    path = tmp_path / "notes.pdf"
    path.write_bytes(
        zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": body.encode()})
    )
    report = import_twice(database, settings, path)
    assert (report.format, report.new) == ("docx", 1)
    [item] = stored(database, "file").values()
    assert item.content == "Quarterly notes\n\nSecond paragraph."
    assert item.title == "Quarterly notes Second paragraph."


def test_archive_media_over_the_cap_is_recorded_failed(
    database: Database, settings: Settings, tmp_path: Path
) -> None:
    small = settings.model_copy(update={"media_max_bytes": 1024})
    tweet = archive_tweet(
        "77",
        "big photo",
        extended_entities={
            "media": [{"type": "photo", "url": "", "media_url_https": "https://p/big.png"}]
        },
    )
    path = tmp_path / "a.zip"
    path.write_bytes(
        zip_bytes(
            {
                "data/tweets.js": b"window.YTD.tweets.part0 = " + json.dumps([tweet]).encode(),
                "data/tweets_media/77-big.png": bytes(range(256)) * 20,
            }
        )
    )
    assert import_twice(database, small, path).new == 1
    [photo] = stored(database, "x")["77"].media_files
    assert photo["status"] == "failed" and photo["path"] is None
    assert not (settings.data_dir / "media").exists()


def test_archive_split_in_parts(database: Database, settings: Settings, tmp_path: Path) -> None:
    def part(name: str, ids: list[str]) -> bytes:
        body = json.dumps([archive_tweet(i, f"post {i}") for i in ids]).encode()
        return f"window.YTD.{name} = ".encode() + body

    path = tmp_path / "big-archive.zip"
    path.write_bytes(
        zip_bytes(
            {
                "twitter-2026/data/tweets.js": part("tweets.part0", ["1", "2"]),
                "twitter-2026/data/tweets-part2.js": part("tweets.part2", ["5"]),
                "twitter-2026/data/tweets-part1.js": part("tweets.part1", ["3", "4"]),
            }
        )
    )
    report = import_twice(database, settings, path)
    assert (report.new, report.failed) == (5, 0)
    assert sorted(stored(database, "x")) == ["1", "2", "3", "4", "5"]


def test_poorer_source_does_not_overwrite_richer(
    database: Database, settings: Settings, tmp_path: Path
) -> None:
    exported = exporter_record(1, text="Full text from the exporter")
    import_file(database, settings, exporter_json(tmp_path / "e.json", [exported]))
    like = {"like": {"tweetId": exported["id"], "fullText": "short"}}
    path = tmp_path / "like.js"
    path.write_bytes(b"window.YTD.like.part0 = " + json.dumps([like]).encode())
    report = import_file(database, settings, path)
    assert (report.format, report.unchanged, report.updated) == ("x_archive_js", 1, 0)
    reimport_changes_nothing(database, settings, path)
    assert stored(database, "x")[exported["id"]].content == "Full text from the exporter"
