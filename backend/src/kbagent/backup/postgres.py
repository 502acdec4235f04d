"""PostgreSQL: every table's rows in `COPY` text format, read in one snapshot, and loaded back
in one transaction.

Why not `pg_dump`: it refuses a server of a newer major version than itself, so a backup would
depend on shipping the client that matches whichever server the user runs (the tests' server
is 18, Debian 12's client 15). `COPY ... TO STDOUT` is the server's own exact text form of every
value (pgvector's vectors, jsonb, timestamptz, the shortest round-tripping floats), needs no
binary and no superuser, and reads through one REPEATABLE READ READ ONLY transaction, so all
tables are the same instant even while a run writes.

The schema is not dumped: a restore creates it with kbagent's own migrations at the archive's
revision (the `vector(N)` size from the manifest), copies the rows in, resets the sequences and
upgrades to this code's head, all in ONE transaction (PostgreSQL's DDL is transactional): a
failure anywhere leaves the database as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, inspect

from kbagent.backup.manifest import CHUNK, DatabaseSnapshot, TableDump
from kbagent.errors import InvalidInput

VERSION_TABLE = "alembic_version"


def _driver(connection: Connection) -> Any:
    """The psycopg connection under SQLAlchemy's, in the same transaction (for COPY)."""
    return connection.connection.driver_connection


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _columns(connection: Connection, table: str) -> list[str]:
    """Columns in order, generated ones left out (the server computes them again)."""
    rows = connection.exec_driver_sql(
        "SELECT attname FROM pg_attribute WHERE attrelid = %(t)s::regclass AND attnum > 0 "
        "AND NOT attisdropped AND attgenerated = '' ORDER BY attnum",
        {"t": _ident(table)},
    ).all()
    return [str(name) for (name,) in rows]


def _embedding_dim(connection: Connection) -> int | None:
    typmod = connection.exec_driver_sql(
        "SELECT a.atttypmod FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
        "WHERE c.relname = 'embeddings' AND a.attname = 'embedding' "
        "AND c.relnamespace = current_schema()::regnamespace"
    ).scalar()
    return int(typmod) if typmod is not None and typmod > 0 else None


def _sorted_tables(connection: Connection) -> list[str]:
    """Tables parents first (foreign keys), so rows load in an order the keys accept."""
    ordered = inspect(connection).get_sorted_table_and_fkc_names()
    return [name for name, _ in ordered if name is not None and name != VERSION_TABLE]


SNAPSHOT_OPTIONS: dict[str, Any] = {
    "isolation_level": "REPEATABLE READ",
    "postgresql_readonly": True,
}


def dump(connection: Connection, folder: Path) -> tuple[str, DatabaseSnapshot]:
    """Write one `<table>.copy` per table into `folder`, all read in one transaction of
    `connection` (opened REPEATABLE READ, READ ONLY by `snapshot_options`)."""
    connection.exec_driver_sql("SET LOCAL TIME ZONE 'UTC'")
    revision = connection.exec_driver_sql(f"SELECT version_num FROM {VERSION_TABLE}").scalar()
    if revision is None:
        raise InvalidInput("The database has no schema revision: run `kbagent migrate` first.")
    snapshot = DatabaseSnapshot(
        kind="postgresql",
        server_version=str(connection.exec_driver_sql("SHOW server_version").scalar()),
        embedding_dim=_embedding_dim(connection),
    )
    cursor = _driver(connection).cursor()
    folder.mkdir(parents=True, exist_ok=True)
    for table in _sorted_tables(connection):
        columns = _columns(connection, table)
        member = f"database/{table}.copy"
        rows = 0
        listed = ", ".join(_ident(c) for c in columns)
        with (
            open(folder / f"{table}.copy", "wb") as out,
            cursor.copy(f"COPY {_ident(table)} ({listed}) TO STDOUT") as copy,
        ):
            for chunk in copy:
                data = bytes(chunk)
                rows += data.count(b"\n")  # text format: a newline inside a value is `\n`
                out.write(data)
        snapshot.tables.append(TableDump(name=table, columns=columns, rows=rows, member=member))
    return str(revision), snapshot


def user_tables(connection: Connection) -> list[str]:
    rows = connection.exec_driver_sql(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
    ).all()
    return [str(name) for (name,) in rows]


def clear_schema(connection: Connection) -> None:
    """Everything in the current schema gone (`restore --force`), inside the caller's
    transaction: rolled back with it."""
    schema = connection.exec_driver_sql("SELECT current_schema()").scalar()
    assert isinstance(schema, str)
    connection.exec_driver_sql(f"DROP SCHEMA {_ident(schema)} CASCADE")
    connection.exec_driver_sql(f"CREATE SCHEMA {_ident(schema)}")


def load(
    connection: Connection,
    folder: Path,
    snapshot: DatabaseSnapshot,
    create_schema: Callable[[], None],
) -> dict[str, int]:
    """Inside the caller's transaction: the schema at the archive's revision (`create_schema`),
    then every table's rows; returns the rows per table as loaded."""
    connection.exec_driver_sql("SET LOCAL TIME ZONE 'UTC'")
    create_schema()
    tables = [t.name for t in snapshot.tables]
    present = set(user_tables(connection))
    missing = [t for t in tables if t not in present]
    if missing:
        raise InvalidInput(
            f"The archive's tables {missing} are not in the schema its revision creates.",
            {"tables": missing},
        )
    # The migrations seed a few rows (state stamps) and the tables have triggers that bump
    # them: the archive's rows replace the seeds, and the triggers wait until all are in.
    for table in reversed(tables):
        connection.exec_driver_sql(f"ALTER TABLE {_ident(table)} DISABLE TRIGGER USER")
        connection.exec_driver_sql(f"DELETE FROM {_ident(table)}")
    cursor = _driver(connection).cursor()
    for dumped in snapshot.tables:
        listed = ", ".join(_ident(c) for c in dumped.columns)
        with (
            open(folder / Path(dumped.member).name, "rb") as source,
            cursor.copy(f"COPY {_ident(dumped.name)} ({listed}) FROM STDIN") as copy,
        ):
            while chunk := source.read(CHUNK):
                copy.write(chunk)
    for table in tables:
        connection.exec_driver_sql(f"ALTER TABLE {_ident(table)} ENABLE TRIGGER USER")
        _reset_sequences(connection, table)
    return {
        table: int(connection.exec_driver_sql(f"SELECT count(*) FROM {_ident(table)}").scalar_one())
        for table in tables
    }


def _reset_sequences(connection: Connection, table: str) -> None:
    """Serial and identity columns continue after the restored rows' largest value."""
    for column in _columns(connection, table):
        sequence = connection.exec_driver_sql(
            "SELECT pg_get_serial_sequence(%(t)s, %(c)s)", {"t": _ident(table), "c": column}
        ).scalar()
        if sequence is None:
            continue
        connection.exec_driver_sql(
            f"SELECT setval(%(s)s, COALESCE((SELECT max({_ident(column)}) FROM {_ident(table)}), "
            f"1), (SELECT count(*) > 0 FROM {_ident(table)}))",
            {"s": sequence},
        )
