"""Database wiring: one declarative base, one engine kind for both databases, portable types.

Everything (API, CLI, workers, migrations) uses the same synchronous SQLAlchemy engine:
`postgresql://` runs on psycopg 3, `sqlite://` on pysqlite. API endpoints that touch the
database are plain `def`, run in the server's thread pool. Measured here, a page query through
aiosqlite cost ~3x the same query on pysqlite in a worker thread, and one engine kind means
the API and the Celery workers share every repository and service function.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Engine, MetaData, String, create_engine, event
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect, make_url
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator, TypeEngine

# Stable constraint names, so migrations are identical on both databases.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Real JSON on both databases (JSONB on PostgreSQL); never JSON inside a string column.
JSONType = JSON().with_variant(JSONB(), "postgresql")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def new_id() -> str:
    return uuid.uuid4().hex


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on both databases.

    PostgreSQL stores `timestamptz`. SQLite has no datetime type: values are stored as
    `YYYY-MM-DD HH:MM:SS.ffffff` text in UTC (the same text SQLAlchemy's own SQLite DateTime
    writes, so ordering and comparisons hold), parsed with `fromisoformat`, which is several
    times faster than the generic regex parser on every row read.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(String(32))
        return dialect.type_descriptor(DateTime(timezone=True))

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
        return value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def engine_url(url: str) -> str:
    """The SQLAlchemy URL with kbagent's driver for the database the user named."""
    parsed = make_url(url.replace("postgres://", "postgresql://", 1))
    if parsed.get_backend_name() == "postgresql":
        return parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    return parsed.set(drivername="sqlite+pysqlite").render_as_string(hide_password=False)


DEFAULT_LOCK_TIMEOUT = 5.0
SLOW_WRITE_S = 1.0  # a SQLite write transaction held this long is logged as a warning
log = logging.getLogger("kbagent.db")


def _caller(depth: int = 3) -> str:
    """The innermost kbagent frames outside this module (`file:line function`), innermost
    first: where a write transaction was begun. Walks frames directly (no source lookup)."""
    found: list[str] = []
    frame = sys._getframe(1)
    while frame is not None and len(found) < depth:
        name = frame.f_code.co_filename
        marker = name.rfind("/kbagent/")
        if marker >= 0 and not name.endswith("/kbagent/db.py"):
            found.append(f"{name[marker + 9 :]}:{frame.f_lineno} {frame.f_code.co_name}")
        frame = frame.f_back  # type: ignore[assignment]
    return " < ".join(found) or "?"


class WriteWaiters:
    """How many threads of this process are waiting for SQLite's write lock.

    SQLite's busy handler polls with a growing sleep (up to 100 ms), so a writer that commits
    and at once begins again (a long import in batches) can keep the lock from a waiting
    request indefinitely. Long writers call `give_way` between transactions: it returns once
    nobody in this process is queued for the lock (or after `timeout`).
    """

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._count = 0

    @contextmanager
    def waiting(self) -> Iterator[None]:
        with self._changed:
            self._count += 1
        try:
            yield
        finally:
            with self._changed:
                self._count -= 1
                self._changed.notify_all()

    def give_way(self, timeout: float) -> None:
        with self._changed:
            self._changed.wait_for(lambda: self._count == 0, timeout)


def _sqlite_tuning(engine: Engine, lock_timeout: float, waiters: WriteWaiters) -> None:
    """WAL, a busy timeout, and explicit BEGINs so writers queue instead of failing.

    A deferred SQLite transaction that reads and then writes cannot wait for the lock (the busy
    handler is skipped to avoid deadlock), so write sessions ask for `BEGIN IMMEDIATE` through
    the `kb_begin` execution option (see `Database`).
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(lock_timeout * 1000)}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # Read sessions run in autocommit (each SELECT sees a consistent WAL snapshot of its
        # own), which saves two round trips per request; writers take the lock up front.
        mode = conn.get_execution_options().get("kb_begin", "DEFERRED")
        if mode == "IMMEDIATE":
            asked = time.perf_counter()
            with waiters.waiting():
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            conn.info["kb_write"] = (asked, time.perf_counter(), _caller())
        elif mode is not None:
            conn.exec_driver_sql(f"BEGIN {mode}")

    @event.listens_for(engine, "commit")
    @event.listens_for(engine, "rollback")
    def _on_end(conn: Any) -> None:
        # How long each write transaction held the database's one write lock, and where it
        # was begun: DEBUG for all of them, a WARNING for those over SLOW_WRITE_S.
        _held(conn.info)

    @event.listens_for(engine, "reset")
    def _on_reset(_dbapi_connection: Any, record: Any, _state: Any) -> None:
        _held(record.info)  # a session closed without commit: the pool rolled it back

    def _held(info: dict[str, Any]) -> None:
        began = info.pop("kb_write", None)
        if began is None:
            return
        asked, got, where = began
        held = time.perf_counter() - got
        level = logging.WARNING if held >= SLOW_WRITE_S else logging.DEBUG
        if log.isEnabledFor(level):
            log.log(level, "write lock held %.3fs (waited %.3fs) by %s", held, got - asked, where)


def make_engine(
    url: str, lock_timeout: float = DEFAULT_LOCK_TIMEOUT, waiters: WriteWaiters | None = None
) -> Engine:
    if is_sqlite(url):
        engine = create_engine(
            engine_url(url),
            pool_size=20,
            max_overflow=30,
            connect_args={"check_same_thread": False, "timeout": lock_timeout},
        )
        _sqlite_tuning(engine, lock_timeout, waiters or WriteWaiters())
        return engine
    return create_engine(engine_url(url), pool_size=20, max_overflow=30, pool_pre_ping=True)


@dataclass(frozen=True)
class Database:
    """The engine and its two session factories.

    `writer` sessions take SQLite's write lock at their first statement (BEGIN IMMEDIATE),
    so writers queue on the busy timeout instead of failing; `reader` sessions run without an
    explicit transaction on SQLite. Both connect lazily, in the thread that runs the query.
    """

    engine: Engine
    reader: sessionmaker[Session]
    writer: sessionmaker[Session]
    waiters: WriteWaiters = field(default_factory=WriteWaiters)
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT
    # Called by `dispose` first: what is held in memory for this database (queued usage
    # records) is written while the database is still there.
    closing: list[Callable[[], None]] = field(default_factory=list)

    def give_way(self) -> None:
        """Between the transactions of a long write: let queued writers of this process go
        first (a no-op on PostgreSQL, whose writers never queue for a database-wide lock)."""
        self.waiters.give_way(self.lock_timeout)

    def dispose(self) -> None:
        for close in self.closing:
            close()
        self.engine.dispose()


def open_database(url: str, lock_timeout: float = DEFAULT_LOCK_TIMEOUT) -> Database:
    """`lock_timeout`: how long a SQLite writer waits for the write lock before the request
    gets a 503 (and a pipeline step is retried); PostgreSQL has no database-wide lock."""
    waiters = WriteWaiters()
    engine = make_engine(url, lock_timeout, waiters)
    return Database(
        waiters=waiters,
        lock_timeout=lock_timeout,
        engine=engine,
        reader=sessionmaker(engine.execution_options(kb_begin=None), expire_on_commit=False),
        writer=sessionmaker(engine.execution_options(kb_begin="IMMEDIATE"), expire_on_commit=False),
    )
