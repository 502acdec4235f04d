"""The backup folder (`KBAGENT_BACKUP_DIR`): its archives listed, found by name, pruned."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from kbagent.backup.archive import NAME_PREFIX, STAMP, SUFFIX
from kbagent.config import Settings
from kbagent.errors import NotFound

NAME = re.compile(
    rf"^{re.escape(NAME_PREFIX)}(\d{{8}}T\d{{6}}\.\d{{6}}Z)(-\d{{1,4}})?{re.escape(SUFFIX)}$"
)


@dataclass(frozen=True)
class StoredBackup:
    name: str
    path: Path
    size_bytes: int
    created_at: datetime
    sequence: int = 1  # the second and later backups within one second: `-2`, `-3`


def _parse(path: Path) -> StoredBackup | None:
    match = NAME.match(path.name)
    if match is None or path.is_symlink() or not path.is_file():
        return None
    created = datetime.strptime(match.group(1), STAMP).replace(tzinfo=UTC)
    sequence = int(match.group(2)[1:]) if match.group(2) else 1
    return StoredBackup(path.name, path, path.stat().st_size, created, sequence)


def list_backups(settings: Settings) -> list[StoredBackup]:
    """The folder's archives, newest first (half-written ones are dot files, never listed)."""
    folder = settings.resolved_backup_dir
    if not folder.is_dir():
        return []
    found = [b for b in (_parse(p) for p in folder.iterdir()) if b is not None]
    return sorted(found, key=lambda b: (b.created_at, b.sequence), reverse=True)


def get_backup(settings: Settings, name: str) -> StoredBackup:
    """The archive of that name in the backup folder; only names kbagent gives are looked up,
    so a name can never reach outside the folder."""
    found = _parse(settings.resolved_backup_dir / name) if NAME.match(name) else None
    if found is None:
        raise NotFound(f"No backup named {name[:200]!r}.", {"name": name[:200]})
    return found


def delete_backup(settings: Settings, name: str) -> None:
    get_backup(settings, name).path.unlink(missing_ok=True)


def prune_backups(settings: Settings, keep: int) -> list[str]:
    """Delete all but the newest `keep` archives; the names deleted."""
    removed = []
    for old in list_backups(settings)[keep:]:
        old.path.unlink(missing_ok=True)
        removed.append(old.name)
    return removed
