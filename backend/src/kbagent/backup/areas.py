"""What of the data directory a backup holds, and where each part lives.

An area is one archive prefix mapped to one place on disk: the key file, the measured model
profiles, the media and uploaded files, the vault (which `KBAGENT_VAULT_DIR` may put elsewhere)
and, on SQLite, the database file. Nothing else is kept: `tmp/`, lock files and the backup
folder itself are left out of a backup and left alone by a restore.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

from kbagent.config import Settings
from kbagent.credentials.sealing import KEY_FILE
from kbagent.db import is_sqlite
from kbagent.media_path import MEDIA_DIR

SQLITE_MEMBER = "database/kbagent.db"
PROFILES_FILE = "model_profiles.json"  # ai/profile.py's measured model profiles
FILES_DIR = "files"  # uploaded originals (sources/files.py)


@dataclass(frozen=True)
class Area:
    member: str  # archive prefix (a folder area) or name (a file area)
    path: Path  # where it lives on disk
    folder: bool


def sqlite_path(settings: Settings) -> Path:
    database = make_url(settings.resolved_database_url).database
    if not database or database == ":memory:":
        raise ValueError("an in-memory SQLite database has nothing to back up")
    return Path(database)


def file_areas(settings: Settings) -> list[Area]:
    data = settings.data_dir
    return [
        Area(KEY_FILE, data / KEY_FILE, folder=False),
        Area(PROFILES_FILE, data / PROFILES_FILE, folder=False),
        Area(MEDIA_DIR, data / MEDIA_DIR, folder=True),
        Area(FILES_DIR, data / FILES_DIR, folder=True),
        Area("vault", settings.resolved_vault_dir, folder=True),
    ]


def restored_places(settings: Settings) -> list[Path]:
    """Every place a restore replaces (SQLite's write-ahead log and index with its file)."""
    places = [area.path for area in file_areas(settings)]
    if is_sqlite(settings.resolved_database_url):
        db = sqlite_path(settings)
        places += [db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")]
    return places


def walk(area: Area) -> Iterator[tuple[str, Path]]:
    """(member, file) for every regular file of the area; symlinks are never followed (one in
    the media folder could lead to the key file or out of the data directory)."""
    if not area.folder:
        if area.path.is_file() and not area.path.is_symlink():
            yield area.member, area.path
        return
    if not area.path.is_dir():
        return
    for path in sorted(area.path.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        yield f"{area.member}/{path.relative_to(area.path).as_posix()}", path
