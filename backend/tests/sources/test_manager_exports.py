"""Bookmark-manager JSON exports: Karakeep (formerly Hoarder) and a Linkwarden backup, with
tags, notes, dates and folders (lists, collections) kept; each imported twice."""

from __future__ import annotations

import json
from pathlib import Path

from kbagent.config import Settings
from kbagent.db import Database
from kbagent.sources.detect import Format, detect

from .conftest import stored
from .twice import import_twice

KARAKEEP = {
    "bookmarks": [
        {
            "createdAt": 1700000000,
            "title": "WAL mode",
            "tags": ["sqlite", "db"],
            "lists": ["l2"],
            "content": {"type": "link", "url": "https://sqlite.org/wal.html"},
            "note": "Read before tuning checkpoints",
            "archived": True,
        },
        {
            "createdAt": 1700000100,
            "title": None,
            "tags": [],
            "lists": [],
            "content": {"type": "text", "text": "Remember: VACUUM INTO makes a copy."},
            "note": None,
        },
        {
            "createdAt": 1700000200,
            "title": "A photo",
            "tags": [],
            "content": {"type": "asset"},
            "note": None,
        },
    ],
    "lists": [
        {
            "id": "l1",
            "name": "Reading",
            "description": None,
            "icon": "x",
            "type": "manual",
            "query": None,
            "parentId": None,
        },
        {
            "id": "l2",
            "name": "Databases",
            "description": None,
            "icon": "x",
            "type": "manual",
            "query": None,
            "parentId": "l1",
        },
    ],
}

LINKWARDEN = {
    "id": 1,
    "name": "Ann",
    "username": "ann",
    "collections": [
        {
            "id": 10,
            "name": "Engineering",
            "parentId": None,
            "links": [
                {
                    "id": 100,
                    "name": "Concurrency Control",
                    "url": "https://www.postgresql.org/docs/current/mvcc.html",
                    "description": "MVCC chapter",
                    "tags": [{"id": 1, "name": "postgres"}, {"id": 2, "name": "mvcc"}],
                    "createdAt": "2024-03-01T10:00:00.000Z",
                    "collectionId": 10,
                }
            ],
        },
        {
            "id": 11,
            "name": "Storage",
            "parentId": 10,
            "links": [
                {
                    "id": 101,
                    "name": "WAL",
                    "url": "https://sqlite.org/wal.html",
                    "description": "",
                    "tags": [],
                    "createdAt": "2024-01-01T00:00:00Z",
                },
                {"id": 102, "name": "broken", "url": "ftp://x", "tags": []},
            ],
        },
    ],
}


def test_karakeep_export(database: Database, settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "karakeep-export.json"
    path.write_text(json.dumps(KARAKEEP))
    assert detect(path) is Format.KARAKEEP_JSON
    report = import_twice(database, settings, path)
    assert (report.format, report.new, report.skipped, report.failed) == ("karakeep_json", 2, 1, 0)
    wal = stored(database, "bookmark")["https://sqlite.org/wal.html"]
    raw = wal.raw_data or {}
    assert (raw["folder"], raw["tags"], raw["status"]) == (
        "Reading/Databases",
        ["sqlite", "db"],
        "archived",
    )
    assert raw["added_at"] == "2023-11-14T22:13:20+00:00"
    assert "Read before tuning checkpoints" in wal.content
    [note] = stored(database, "note").values()
    assert note.content == "Remember: VACUUM INTO makes a copy."


def test_linkwarden_backup_and_merge_with_karakeep(
    database: Database, settings: Settings, tmp_path: Path
) -> None:
    path = tmp_path / "backup.json"
    path.write_text(json.dumps(LINKWARDEN))
    assert detect(path) is Format.LINKWARDEN_JSON
    report = import_twice(database, settings, path)
    assert (report.format, report.new, report.failed) == ("linkwarden_json", 2, 1)
    items = stored(database, "bookmark")
    mvcc = items["https://www.postgresql.org/docs/current/mvcc.html"].raw_data or {}
    assert (mvcc["folder"], mvcc["tags"], mvcc["description"]) == (
        "Engineering",
        ["postgres", "mvcc"],
        "MVCC chapter",
    )
    assert mvcc["added_at"] == "2024-03-01T10:00:00+00:00"
    assert (items["https://sqlite.org/wal.html"].raw_data or {})["folder"] == "Engineering/Storage"

    karakeep = tmp_path / "karakeep.json"
    karakeep.write_text(json.dumps(KARAKEEP))
    import_twice(database, settings, karakeep)
    wal = stored(database, "bookmark")["https://sqlite.org/wal.html"].raw_data or {}
    assert wal["folders"] == ["Engineering/Storage", "Reading/Databases"]
    assert wal["tags"] == ["sqlite", "db"]
    assert wal["note"] == "Read before tuning checkpoints"


def test_odd_values_fail_one_record_at_most(
    database: Database, settings: Settings, tmp_path: Path
) -> None:
    odd = {
        "id": 1,
        "collections": [
            {"id": [1], "name": {"x": 1}, "parentId": [2], "links": [{"url": ["x"]}, 5]},
            {"id": 3, "name": "Ok", "parentId": {"a": 1}, "links": "nope"},
        ],
        "links": [],
    }
    path = tmp_path / "odd.json"
    path.write_text(json.dumps(odd))
    report = import_twice(database, settings, path)
    assert (report.new, report.failed) == (0, 2)
    kk = {
        "bookmarks": [
            {"createdAt": "x", "tags": [1, None], "lists": [[1], 2], "content": [], "title": 5}
        ],
        "lists": [{"id": [1]}, {"id": 2, "name": None, "parentId": 2}],
    }
    path.write_text(json.dumps(kk))
    report = import_twice(database, settings, path)
    assert (report.skipped, report.failed) == (1, 0)
