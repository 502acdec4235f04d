"""All of a user's legacy data, read and merged: the database first (its markdown column
is the canonical one), then the JSON files, then the markdown tree, which fills what the
others lack (an item only on disk is still imported)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from kbagent.errors import InvalidInput
from kbagent.legacy.decode import Decoder
from kbagent.legacy.jsonfiles import read_json_dir
from kbagent.legacy.markdown import read_kb_dir
from kbagent.legacy.media import MediaRoots
from kbagent.legacy.records import LegacyData
from kbagent.legacy.schemas import MigrationRequest
from kbagent.legacy.source import open_legacy
from kbagent.legacy.tables import read_tables


def _path(raw: str | None) -> Path | None:
    return Path(raw).expanduser() if raw else None


def _is(raw: str, kind: str) -> bool:
    """Whether `raw` names an existing file or folder; a name no file system could hold (too
    long, a NUL byte) names nothing."""
    try:
        path = Path(raw).expanduser()
        return path.is_file() if kind == "file" else path.is_dir()
    except (OSError, ValueError, RuntimeError):
        return False


def check_sources(request: MigrationRequest) -> None:
    """Refuse at once what cannot be read (before a background run starts)."""
    if not (request.db or request.json_dir or request.kb_dir):
        raise InvalidInput(
            "Name the legacy data to migrate: a database, a JSON folder or a markdown folder.",
            {"db": None, "json_dir": None, "kb_dir": None},
        )
    if request.db and "://" not in request.db and not _is(request.db, "file"):
        raise InvalidInput(f"No legacy database at {request.db}.", {"db": request.db})
    for name in ("json_dir", "kb_dir", "media_root"):
        value = getattr(request, name)
        if value and not _is(value, "dir"):
            raise InvalidInput(f"No folder at {value}.", {name: value})


def read_legacy(request: MigrationRequest, dec: Decoder) -> LegacyData:
    check_sources(request)
    data = LegacyData()
    if request.db:
        with open_legacy(request.db) as db:
            read_tables(db, data, dec)
    json_dir, kb_dir = _path(request.json_dir), _path(request.kb_dir)
    if json_dir is not None:
        read_json_dir(json_dir, data, dec)
    if kb_dir is not None:
        read_kb_dir(kb_dir, data)
    return data


def _kept(when: datetime | None, since: datetime) -> bool:
    return when is None or when >= since


def since_filter(data: LegacyData, since: datetime | None) -> int:
    """Drop records last changed before `since` (records without a date stay); how many."""
    if since is None:
        return 0
    before = len(data.items) + len(data.syntheses) + len(data.chats)
    data.items = {k: i for k, i in data.items.items() if _kept(i.changed_at(), since)}
    data.syntheses = {
        k: s for k, s in data.syntheses.items() if _kept(s.updated_at or s.created_at, since)
    }
    data.chats = [c for c in data.chats if _kept(c.updated_at or c.created_at, since)]
    return before - len(data.items) - len(data.syntheses) - len(data.chats)


def media_roots(request: MigrationRequest) -> MediaRoots:
    """Where relative legacy media paths may start: the media root named, the project folder
    (above `instance/` of a SQLite file), the JSON folder's parent, the markdown root."""
    roots: list[Path] = []
    if request.media_root:
        roots.append(Path(request.media_root).expanduser())
    if request.db and "://" not in request.db:
        folder = Path(request.db).expanduser().resolve().parent
        roots.append(folder.parent if folder.name == "instance" else folder)
    if request.json_dir:
        roots.append(Path(request.json_dir).expanduser().resolve().parent)
    if request.kb_dir:
        kb = Path(request.kb_dir).expanduser().resolve()
        roots += [kb, kb.parent]
    return MediaRoots(list(dict.fromkeys(roots)))
