"""Opening the earlier tool's SQLite file: a live WAL database, a locked one, a damaged one."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from kbagent.errors import InvalidInput, ServiceUnavailable
from kbagent.legacy.decode import Decoder
from kbagent.legacy.source import open_legacy


def _open(location: str, lock_wait: float = 10.0) -> None:
    with open_legacy(location, lock_wait=lock_wait):
        pass


def test_reads_rows_still_in_the_wal_of_a_live_database(tmp_path: Path) -> None:
    path = tmp_path / "knowledge_base.db"
    live = sqlite3.connect(path)
    live.execute("PRAGMA journal_mode=WAL")
    live.execute("PRAGMA wal_autocheckpoint=0")  # the rows stay in the -wal file
    live.execute("CREATE TABLE unified_tweet (id INTEGER PRIMARY KEY, tweet_id TEXT)")
    live.executemany("INSERT INTO unified_tweet (tweet_id) VALUES (?)", [("1",), ("2",)])
    live.commit()
    try:
        assert (tmp_path / "knowledge_base.db-wal").stat().st_size > 0
        with open_legacy(str(path)) as db:
            assert [r["tweet_id"] for r in db.rows("unified_tweet")] == ["1", "2"]
            assert db.columns["unified_tweet"] == {"id", "tweet_id"}
            assert list(db.rows("no_such_table")) == []
    finally:
        live.close()


def test_a_locked_database_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "knowledge_base.db"
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("CREATE TABLE t (id INTEGER)")
    writer.execute("BEGIN EXCLUSIVE")  # rollback journal: readers wait, then give up
    try:
        with pytest.raises(ServiceUnavailable, match="locked by another process"):
            _open(str(path), lock_wait=0.2)
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_damaged_and_missing_files_are_clear_errors(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database at all" * 200)
    with pytest.raises(InvalidInput, match=r"not a readable SQLite database|cannot be read"):
        _open(str(junk))
    with pytest.raises(InvalidInput, match="No legacy database"):
        _open(str(tmp_path / "absent.db"))
    with pytest.raises(InvalidInput, match="SQLite or PostgreSQL"):
        _open("mysql://u@h/db")


def test_damaged_pages_fail_the_integrity_check(tmp_path: Path) -> None:
    path = tmp_path / "knowledge_base.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)")
    conn.execute("CREATE INDEX t_body ON t (body)")
    conn.executemany("INSERT INTO t (body) VALUES (?)", [("x" * 500,) for _ in range(200)])
    conn.commit()
    conn.close()
    data = bytearray(path.read_bytes())
    for offset in range(4096 * 3, min(len(data), 4096 * 6)):  # scribble over some pages
        data[offset] = 0x5A
    path.write_bytes(bytes(data))
    with pytest.raises(InvalidInput, match=r"damaged|cannot be read|not a readable"):
        _open(str(path))


@pytest.mark.parametrize(
    ("stored", "decoded", "repair"),
    [
        ('["a", "b"]', ["a", "b"], None),
        (["a"], ["a"], None),
        ('"[\\"a\\"]"', ["a"], "double_encoded"),
        ("not json", "not json", "not_json"),
        (b'{"k": 1}', {"k": 1}, None),
        ("", None, None),
    ],
)
def test_json_is_decoded_whatever_way_it_was_stored(
    stored: object, decoded: object, repair: str | None
) -> None:
    dec = Decoder()
    assert dec.json(stored, "t.c") == decoded
    assert dec.summary() == ({"t.c": {repair: 1}} if repair else {})
