# Export files are quoted as the tools write them: long lines.
# ruff: noqa: E501
"""Read-later CSV exports (Pocket, Raindrop.io, Instapaper) recognised by their header, with
tags, dates, folders, notes and highlights kept; each imported twice on both databases."""

from __future__ import annotations

from pathlib import Path

import pytest

from kbagent.config import Settings
from kbagent.db import Database
from kbagent.sources.detect import Format, detect

from .conftest import stored
from .twice import import_twice

POCKET = """title,url,time_added,tags,status
"Hello, world",https://example.com/c,1601900000,a|b,unread
Done,https://example.com/d,1601900100,,archive
No url,,1,,unread
"""

RAINDROP = """id,title,note,excerpt,url,folder,tags,created,cover,highlights,favorite
42,"Saved, ""quoted"" title","First note line
Second note line",Saved description,https://example.com/article,Research/Go,"reading, go",2024-03-01T10:00:00.000Z,,"Highlight: the key sentence",true
43,"Saved, ""quoted"" title",,,https://example.com/article,Inbox,"later",2024-02-01T10:00:00.000Z,,,false
"""

INSTAPAPER = """URL,Title,Selection,Folder,Timestamp,Tags
https://example.com/i,An essay,The quoted part,Unread,1600000000,"[""essays""]"
https://example.com/j,Another,,Reading list,1600000100,[]
"""


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (POCKET, Format.POCKET_CSV),
        (RAINDROP, Format.RAINDROP_CSV),
        (INSTAPAPER, Format.INSTAPAPER_CSV),
    ],
)
def test_detected_by_header(tmp_path: Path, data: str, kind: Format) -> None:
    path = tmp_path / "export.txt"
    path.write_text(data)
    assert detect(path) is kind


def test_pocket_csv(database: Database, settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "part_000000.csv"
    path.write_text(POCKET)
    report = import_twice(database, settings, path)
    assert (report.format, report.new, report.failed) == ("pocket_csv", 2, 1)
    items = stored(database, "bookmark")
    c = items["https://example.com/c"]
    assert c.title == "Hello, world"
    raw = c.raw_data or {}
    assert (raw["tags"], raw["status"], raw["source"]) == (["a", "b"], "unread", "pocket")
    assert raw["added_at"] == "2020-10-05T12:13:20+00:00"
    assert (items["https://example.com/d"].raw_data or {})["status"] == "archived"


def test_raindrop_csv(database: Database, settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "raindrop.csv"
    path.write_text(RAINDROP)
    report = import_twice(database, settings, path)
    assert (report.format, report.failed) == ("raindrop_csv", 0)
    [item] = stored(database, "bookmark").values()
    raw = item.raw_data or {}
    assert item.title == 'Saved, "quoted" title'
    assert raw["folders"] == ["Research/Go", "Inbox"]
    assert raw["tags"] == ["reading", "go", "later"]
    assert raw["added_at"] == "2024-02-01T10:00:00+00:00"
    assert raw["note"] == "First note line\nSecond note line"
    assert raw["description"] == "Saved description" and raw["favorite"] is True
    assert "Highlight: the key sentence" in item.content


def test_instapaper_csv(database: Database, settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "instapaper-export.csv"
    path.write_text(INSTAPAPER)
    report = import_twice(database, settings, path)
    assert (report.format, report.new) == ("instapaper_csv", 2)
    items = stored(database, "bookmark")
    i = items["https://example.com/i"].raw_data or {}
    assert (i["status"], i["tags"], i["description"], i["folder"]) == (
        "unread",
        ["essays"],
        "The quoted part",
        None,
    )
    j = items["https://example.com/j"].raw_data or {}
    assert (j["status"], j["folder"], j["added_at"]) == (
        None,
        "Reading list",
        "2020-09-13T12:28:20+00:00",
    )
