"""Restoring a backup: verify everything, build the result aside, then commit it.

1. The archive is unpacked into a folder beside the data directory and every checksum
   compared with the manifest (`verify.extract`); a schema revision this code does not know
   (a newer kbagent's) is refused, as is a database of the other kind.
2. A target that holds data is refused unless `force`.
3. SQLite: the database file is checked, its row counts compared with the manifest, and it is
   migrated to this code's head - all on the unpacked copy.
4. Commit: each restored place (key file, profiles, media, files, vault, SQLite's database) is
   renamed into place, the previous one renamed aside; on PostgreSQL, the schema, the rows and
   the upgrade to head then go in as one transaction. A failure up to and including that
   transaction renames everything back; only after it are the previous files deleted.

The server and workers must be stopped meanwhile (they would keep the old database open).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from kbagent import migrations
from kbagent.backup import areas, postgres, sqlite, verify
from kbagent.backup.manifest import Manifest
from kbagent.config import Settings
from kbagent.db import is_sqlite, make_engine
from kbagent.errors import InvalidInput, ServiceUnavailable


class NotEmpty(InvalidInput):
    """The restore target holds data and `--force` was not given."""


@dataclass(frozen=True)
class RestoreResult:
    manifest: Manifest
    schema_revision: str  # after the upgrade: this code's head
    seconds: float


def _check_revision(manifest: Manifest) -> None:
    if not migrations.is_known(manifest.schema_revision):
        raise InvalidInput(
            f"The backup's schema revision {manifest.schema_revision!r} is newer than this "
            f"kbagent knows (head {migrations.head_revision()!r}): restore it with the kbagent "
            "version that made it, or a later one.",
            {"schema_revision": manifest.schema_revision, "head": migrations.head_revision()},
        )


def _check_kind(manifest: Manifest, settings: Settings) -> None:
    kind = "sqlite" if is_sqlite(settings.resolved_database_url) else "postgresql"
    if manifest.database.kind != kind:
        raise InvalidInput(
            f"The backup holds a {manifest.database.kind} database; KBAGENT_DATABASE_URL names "
            f"a {kind} one. Restore it into the kind it was taken from.",
            {"backup": manifest.database.kind, "target": kind},
        )


def _occupied(place: Path) -> bool:
    if place.is_dir():
        return any(place.iterdir())
    return place.exists() or place.is_symlink()


def _check_empty(settings: Settings) -> None:
    held = [str(p) for p in areas.restored_places(settings) if _occupied(p)]
    if not is_sqlite(settings.resolved_database_url):
        engine = make_engine(settings.resolved_database_url)
        try:
            with engine.connect() as connection:
                if postgres.user_tables(connection):
                    held.append("the PostgreSQL database (it has tables)")
        finally:
            engine.dispose()
    if held:
        raise NotEmpty(
            f"The restore target is not empty ({', '.join(held[:4])}); restore into an empty "
            "data directory and database, or pass --force to replace what is there.",
            {"occupied": held[:20]},
        )


def _stage_sqlite(settings: Settings, unpacked: Path, manifest: Manifest) -> Path:
    """The archive's database checked, counted and migrated to head, still aside."""
    staged = unpacked / areas.SQLITE_MEMBER
    sqlite.check(staged)
    revision, counts = sqlite.describe(staged)
    if revision != manifest.schema_revision or counts != manifest.tables:
        raise verify.DamagedArchive(
            "The archive's database disagrees with its manifest (revision or row counts)."
        )
    # A new Settings, not model_copy: that would keep the cached resolved database URL.
    aside = Settings(**(settings.model_dump() | {"database_url": f"sqlite:///{staged}"}))
    migrations.upgrade(aside)
    sqlite.settle(staged)
    return staged


class _Swap:
    """Renames into place, each undoable until `finish`."""

    def __init__(self, aside: Path) -> None:
        self.aside = aside
        self.done: list[tuple[Path, Path | None, Path | None]] = []  # target, old, new

    def put(self, new: Path | None, target: Path) -> None:
        old: Path | None = None
        if target.exists() or target.is_symlink():
            old = self.aside / f"{len(self.done)}-{target.name}"
            os.replace(target, old)
        self.done.append((target, old, None))
        if new is not None:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(new, target)
            self.done[-1] = (target, old, new)

    def undo(self) -> None:
        for target, old, new in reversed(self.done):
            if new is not None and (target.exists() or target.is_symlink()):
                os.replace(target, new)
            if old is not None:
                os.replace(old, target)
        self.done.clear()


@contextmanager
def _beside(place: Path) -> Iterator[Path]:
    """A scratch folder on the same file system as `place` (renames stay atomic)."""
    place.parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f".{place.name}.restore-", dir=place.parent))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def restore_backup(settings: Settings, archive: Path, force: bool = False) -> RestoreResult:
    started = time.perf_counter()
    with _beside(settings.data_dir) as scratch:
        unpacked = scratch / "archive"
        manifest = verify.extract(archive, unpacked)
        _check_revision(manifest)
        _check_kind(manifest, settings)
        if not force:
            _check_empty(settings)
        sqlite_db = (
            _stage_sqlite(settings, unpacked, manifest)
            if manifest.database.kind == "sqlite"
            else None
        )
        swap = _Swap(scratch / "previous")
        swap.aside.mkdir()
        try:
            for area in areas.file_areas(settings):
                new = unpacked / area.member
                swap.put(new if new.exists() else None, area.path)
            if sqlite_db is not None:
                db = areas.sqlite_path(settings)
                for suffix in ("-wal", "-shm"):
                    swap.put(None, db.with_name(db.name + suffix))
                swap.put(sqlite_db, db)
            else:
                _load_postgres(settings, unpacked / "database", manifest)
        except BaseException:
            swap.undo()
            raise
    return RestoreResult(manifest, migrations.head_revision(), time.perf_counter() - started)


def _load_postgres(settings: Settings, folder: Path, manifest: Manifest) -> None:
    engine = make_engine(settings.resolved_database_url)
    try:
        _load_in_one_transaction(engine, settings, folder, manifest)
    except (SQLAlchemyError, psycopg.Error) as exc:
        cause = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0][:300]
        raise ServiceUnavailable(
            f"Restoring into PostgreSQL failed, and nothing was changed: {cause}",
            {"cause": cause},
        ) from None
    finally:
        engine.dispose()


def _load_in_one_transaction(
    engine: Engine, settings: Settings, folder: Path, manifest: Manifest
) -> None:
    """Schema at the archive's revision, rows, sequences, upgrade to head: one transaction."""
    with engine.begin() as connection:
        if postgres.user_tables(connection):
            postgres.clear_schema(connection)  # reached with --force only

        def create_schema() -> None:
            migrations.upgrade_connection(
                connection,
                settings,
                manifest.schema_revision,
                manifest.database.embedding_dim or 0,
            )

        counts = postgres.load(connection, folder, manifest.database, create_schema)
        if counts != manifest.tables:
            raise verify.DamagedArchive(
                "The restored rows disagree with the archive's manifest; nothing was restored."
            )
        migrations.upgrade_connection(connection, settings)
