"""Taking a backup: the database snapshot first, then the files, into one `.tar.gz`.

Order matters while a run writes: media and uploaded files are written (under their content
hash) before the rows naming them are committed, so every file the snapshot's rows name is
already on disk when the files are read after it. The vault is read under its lock, so its
files agree with its own manifest; it may be a moment newer than the database (a vault sync
after the restore brings it in line).

The archive is written beside its final name and renamed into place when complete: a backup
interrupted midway leaves no archive that looks whole.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import shutil
import sqlite3
import tarfile
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

import psycopg
from sqlalchemy.exc import SQLAlchemyError

from kbagent import __version__
from kbagent.backup import areas, postgres, sqlite
from kbagent.backup.manifest import MANIFEST, DatabaseSnapshot, FileEntry, Manifest
from kbagent.config import Settings
from kbagent.db import is_sqlite, make_engine
from kbagent.errors import ServiceUnavailable
from kbagent.knowledge.vault import held_still

NAME_PREFIX = "kbagent-backup-"
SUFFIX = ".tar.gz"
STAMP = "%Y%m%dT%H%M%S.%fZ"  # microseconds: names sort as the backups were taken


@dataclass(frozen=True)
class BackupResult:
    path: Path
    manifest: Manifest
    seconds: float


def archive_name(created_at: datetime) -> str:
    return f"{NAME_PREFIX}{created_at.astimezone(UTC).strftime(STAMP)}{SUFFIX}"


def _destination(settings: Settings, out: Path | None, created_at: datetime) -> Path:
    name = archive_name(created_at)
    if out is None:
        folder = settings.resolved_backup_dir
    elif out.is_dir():
        folder = out
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        return out
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    count = 1
    while target.exists():  # two backups within one second
        count += 1
        target = folder / name.replace(SUFFIX, f"-{count}{SUFFIX}")
    return target


def _snapshot_database(
    settings: Settings, folder: Path
) -> tuple[str, DatabaseSnapshot, dict[str, int]]:
    if is_sqlite(settings.resolved_database_url):
        target = folder / Path(areas.SQLITE_MEMBER).name
        source = areas.sqlite_path(settings)
        try:
            sqlite.snapshot(source, target)
        except sqlite3.Error as exc:
            raise ServiceUnavailable(
                f"Cannot read the SQLite database {source}: {exc}.", {"cause": str(exc)}
            ) from None
        revision, counts = sqlite.describe(target)
        return revision, DatabaseSnapshot(kind="sqlite"), counts
    engine = make_engine(settings.resolved_database_url)
    try:
        with engine.connect().execution_options(**postgres.SNAPSHOT_OPTIONS) as connection:
            revision, snapshot = postgres.dump(connection, folder)
            connection.rollback()
    except (SQLAlchemyError, psycopg.Error) as exc:
        cause = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0][:300]
        raise ServiceUnavailable(
            f"Cannot read the PostgreSQL database: {cause}", {"cause": cause}
        ) from None
    finally:
        engine.dispose()
    return revision, snapshot, {t.name: t.rows for t in snapshot.tables}


class _Hashing:
    """A file as `tarfile` reads it, hashed on the way: the checksum is of exactly the bytes
    archived (tarfile reads `size` bytes, so a file growing meanwhile is cut at that size)."""

    def __init__(self, handle: BinaryIO) -> None:
        self.handle = handle
        self.digest = hashlib.sha256()
        self.size = 0

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        self.size += len(data)
        return data


def _add(tar: tarfile.TarFile, member: str, path: Path, entries: list[FileEntry]) -> None:
    """One file into the archive and its checksum into the manifest; a file that vanished
    since it was listed (an item deleted meanwhile) is left out."""
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed by the with below
    except FileNotFoundError:
        return
    with handle:
        stat = os.fstat(handle.fileno())
        info = tarfile.TarInfo(member)
        info.size = stat.st_size
        info.mtime = int(stat.st_mtime)
        info.mode = stat.st_mode & 0o777  # the key file's 0600 comes back as 0600
        reader = _Hashing(handle)
        tar.addfile(info, reader)
    entries.append(FileEntry(path=member, size=reader.size, sha256=reader.digest.hexdigest()))


def create_backup(settings: Settings, out: Path | None = None) -> BackupResult:
    """A backup archive of the instance `settings` names; `out`: a file or folder (default:
    the backup folder)."""
    started = time.perf_counter()
    created_at = datetime.now(UTC)
    target = _destination(settings, out, created_at)
    staging = Path(tempfile.mkdtemp(prefix=".backup-", dir=target.parent))
    partial = target.with_name(f".{target.name}.part")
    try:
        revision, snapshot, counts = _snapshot_database(settings, staging)
        entries: list[FileEntry] = []
        with tarfile.open(partial, "w:gz", compresslevel=6) as tar:
            for dumped in sorted(staging.iterdir()):
                member = f"database/{dumped.name}"
                _add(tar, member, dumped, entries)
            for area in areas.file_areas(settings):
                lock = held_still(settings) if area.member == "vault" else contextlib.nullcontext()
                with lock:
                    for member, path in areas.walk(area):
                        _add(tar, member, path, entries)
            manifest = Manifest(
                kbagent_version=__version__,
                schema_revision=revision,
                created_at=created_at,
                database=snapshot,
                tables=counts,
                files=entries,
            )
            data = manifest.model_dump_json(indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mtime = int(created_at.timestamp())
            info.mode = 0o600
            tar.addfile(info, io.BytesIO(data))
        with open(partial, "rb") as written:
            os.fsync(written.fileno())
        os.replace(partial, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        partial.unlink(missing_ok=True)
    return BackupResult(target, manifest, time.perf_counter() - started)
