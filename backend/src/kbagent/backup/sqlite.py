"""SQLite: a snapshot through the online backup API, and what the snapshot holds.

`Connection.backup` with `pages=-1` copies every page in one step under one read transaction:
in WAL mode writers go on meanwhile, and the copy is the database as of that transaction's
start (never a mix of before and after a commit, which copying the file could give).
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from kbagent.errors import InvalidInput


@contextlib.contextmanager
def _connect(path: Path, *, read_only: bool) -> Iterator[sqlite3.Connection]:
    uri = f"file:{path}?mode=ro" if read_only else f"file:{path}"
    connection = sqlite3.connect(uri, uri=True, timeout=30)
    try:
        yield connection
    finally:
        connection.close()


def snapshot(source: Path, target: Path) -> None:
    """A consistent copy of the database `source` at `target` (a new file)."""
    with _connect(source, read_only=True) as src, _connect(target, read_only=False) as dst:
        src.backup(dst, pages=-1)
        dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it


def _tables(connection: sqlite3.Connection) -> list[str]:
    rows = connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    ).fetchall()
    return [str(name) for (name,) in rows]


def describe(path: Path) -> tuple[str, dict[str, int]]:
    """The snapshot's schema revision and rows per table (alembic's own table left out)."""
    with _connect(path, read_only=True) as connection:
        try:
            (revision,) = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        except (sqlite3.DatabaseError, TypeError):
            raise InvalidInput(
                "The database has no schema revision: run `kbagent migrate` first."
            ) from None
        counts = {
            name: int(connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0])
            for name in _tables(connection)
            if name != "alembic_version"
        }
    return str(revision), counts


def check(path: Path) -> None:
    """Refuse a file that is no intact SQLite database."""
    try:
        with _connect(path, read_only=True) as connection:
            (result,) = connection.execute("PRAGMA integrity_check").fetchone()
    except sqlite3.DatabaseError as exc:
        raise InvalidInput(f"The archive's database is damaged: {exc}.") from None
    if result != "ok":
        raise InvalidInput(f"The archive's database is damaged: {result}.")


def settle(path: Path) -> None:
    """Fold any write-ahead log into the file itself, so the file alone is the database
    (it is renamed into place without a `-wal` beside it)."""
    with _connect(path, read_only=False) as connection:
        connection.execute("PRAGMA journal_mode=DELETE")
