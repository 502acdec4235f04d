"""Opening the earlier tool's database read-only, wherever it is.

SQLite: the database runs in WAL mode, so recent writes may sit in `<db>-wal`. The file is
never opened in place: SQLite's backup API copies a consistent snapshot (WAL included) from a
read-only connection into a private temporary file, which is then checked (`quick_check`)
and read. A live tool writing meanwhile is fine; a lock held too long, a file that is not a
database or a damaged one stop the migration with a message saying what to do.
PostgreSQL: a read-only transaction on the URL given.

Tables and columns are discovered by reflection and read by name, every one optional:
installs differ in which migrations and one-off scripts ran (LEGACY.md section 0).
"""

from __future__ import annotations

import sqlite3
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from kbagent.db import engine_url
from kbagent.errors import InvalidInput, ServiceUnavailable

LOCK_WAIT_S = 10.0


class LegacyDatabase:
    def __init__(self, engine: Engine, label: str) -> None:
        self.engine = engine
        self.label = label
        inspector = inspect(engine)
        self.columns: dict[str, set[str]] = {
            name: {c["name"] for c in inspector.get_columns(name)}
            for name in inspector.get_table_names()
        }

    def has(self, table: str) -> bool:
        return table in self.columns

    def rows(self, table: str) -> Iterator[dict[str, Any]]:
        """Every row of `table` as {column: raw value} (JSON columns undecoded on SQLite,
        decoded by the driver on PostgreSQL); nothing when the table does not exist."""
        if table not in self.columns:
            return
        quoted = self.engine.dialect.identifier_preparer.quote(table)
        try:
            with self.engine.connect() as conn:
                result = conn.execution_options(stream_results=True).execute(
                    text(f"SELECT * FROM {quoted}")  # a reflected table name, quoted
                )
                for row in result:
                    yield dict(row._mapping)
        except SQLAlchemyError as exc:
            raise InvalidInput(
                f"The legacy table {table!r} could not be read: {_cause(exc)}",
                {"table": table},
            ) from None

    def dispose(self) -> None:
        self.engine.dispose()


def _cause(exc: SQLAlchemyError) -> str:
    return str(getattr(exc, "orig", None) or exc)[:300]


def _is_url(location: str) -> bool:
    return "://" in location


def _snapshot(path: Path, folder: Path, lock_wait: float) -> Path:
    if not path.is_file():
        raise InvalidInput(f"No legacy database at {path}.", {"db": str(path)})
    copy = folder / "legacy-snapshot.db"
    try:
        source = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=LOCK_WAIT_S
        )
    except sqlite3.Error as exc:
        raise InvalidInput(
            f"The legacy database {path} cannot be opened read-only ({exc}).", {"db": str(path)}
        ) from None
    try:
        target = sqlite3.connect(copy)
        deadline = time.monotonic() + lock_wait

        def waited(status: int, _remaining: int, _total: int) -> None:
            # Python's backup retries a busy source forever; give up at the lock wait.
            busy = status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
            if busy and time.monotonic() > deadline:
                raise sqlite3.OperationalError("database is locked")

        try:
            source.execute("SELECT count(*) FROM sqlite_master").fetchone()
            source.backup(target, pages=1024, progress=waited)
            check = target.execute("PRAGMA quick_check").fetchone()
        finally:
            target.close()
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise ServiceUnavailable(
                f"The legacy database {path} is locked by another process (the earlier tool is "
                "writing to it). Stop it, or try again in a moment.",
                {"db": str(path)},
            ) from None
        raise InvalidInput(
            f"The legacy database {path} cannot be read: {exc}. If its -wal and -shm files "
            "were left behind, copy them along with it (or open it once with the earlier tool "
            "to checkpoint).",
            {"db": str(path)},
        ) from None
    except sqlite3.DatabaseError as exc:
        raise InvalidInput(
            f"{path} is not a readable SQLite database ({exc}).", {"db": str(path)}
        ) from None
    finally:
        source.close()
    if check is None or check[0] != "ok":
        raise InvalidInput(
            f"The legacy database {path} is damaged (integrity check: {check and check[0]}). "
            "Repair it first (`sqlite3 old.db .recover | sqlite3 new.db`) and migrate the copy.",
            {"db": str(path)},
        )
    return copy


@contextmanager
def open_legacy(location: str, lock_wait: float = LOCK_WAIT_S) -> Iterator[LegacyDatabase]:
    """The legacy database at a file path (SQLite) or URL (postgresql:// or sqlite:///)."""
    if _is_url(location):
        if location.startswith("postgres://"):  # Heroku-style spelling
            location = "postgresql://" + location.removeprefix("postgres://")
        try:
            url = make_url(location)
        except ArgumentError:
            raise InvalidInput("The legacy database URL is not valid.", {"db": "?"}) from None
        if url.get_backend_name() == "sqlite":
            location = url.database or ""
        elif url.get_backend_name() == "postgresql":
            yield from _postgres(location)
            return
        else:
            raise InvalidInput(
                "The legacy database must be SQLite or PostgreSQL.",
                {"db": url.get_backend_name()},
            )
    with tempfile.TemporaryDirectory(prefix="kbagent-legacy-") as folder:
        copy = _snapshot(Path(location).expanduser(), Path(folder), lock_wait)
        engine = create_engine(f"sqlite+pysqlite:///{copy}")
        try:
            yield LegacyDatabase(engine, str(location))
        finally:
            engine.dispose()


def _postgres(location: str) -> Iterator[LegacyDatabase]:
    engine = create_engine(
        engine_url(location),
        connect_args={"options": "-c default_transaction_read_only=on", "connect_timeout": 10},
        pool_pre_ping=True,
    )
    try:
        legacy = LegacyDatabase(engine, make_url(location).render_as_string(hide_password=True))
    except SQLAlchemyError as exc:
        engine.dispose()
        raise ServiceUnavailable(
            f"The legacy PostgreSQL database cannot be reached: {_cause(exc)}"
        ) from None
    try:
        yield legacy
    finally:
        engine.dispose()
