"""The vault's manifest: every file the vault wrote, with its SHA-256 and the item it belongs to.

Kept in a small SQLite file in the vault folder (`.kbagent-manifest.sqlite`), one row per file,
so a sync reads the rows of the items it touches (plus the few files that belong to no item:
the index and the syntheses) and writes back only the rows that changed: an API write costs
the same at 100k items as at 1k. A whole JSON manifest read and rewritten per change had cost
~430 ms of CPU per write at 100k items. The file travels with the folder (a backup copies it
under the vault lock), and a vault from before it (`.kbagent-manifest.json`) is taken over once.

Callers hold the vault lock (`vault._exclusive`): one writer at a time.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path

log = logging.getLogger("kbagent.vault")

MANIFEST = ".kbagent-manifest.sqlite"
LEGACY_MANIFEST = ".kbagent-manifest.json"
IGNORE_PATTERN = ".kbagent-manifest*"  # the manifest and its journal, as .gitignore says it
# SQLite's variable limit is 32766 on current builds, 999 on old ones.
_CHUNK = 500

_SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY,
    digest TEXT NOT NULL,
    item_id TEXT
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS files_item ON files (item_id);
"""

Row = tuple[str, str | None]  # (digest, item id or None)


def is_manifest_file(name: str) -> bool:
    """The manifest or its transient journal: never exported, never committed to git."""
    return name.startswith(IGNORE_PATTERN.rstrip("*"))


class Manifest:
    """The rows a sync has read, its changes to them, and `save()` to write the changes;
    `open_manifest` closes it."""

    def __init__(self, root: Path) -> None:
        self.path = root / MANIFEST
        self._conn = self._open()
        self.rows: dict[str, Row] = {}
        self._changed: dict[str, Row | None] = {}
        self._take_over_legacy(root / LEGACY_MANIFEST)

    def _open(self) -> sqlite3.Connection:
        try:
            conn = self._connect()
            conn.execute("SELECT count(*) FROM files LIMIT 1").fetchone()
            return conn
        except sqlite3.DatabaseError:
            # Damaged (or not SQLite at all): start afresh, as a lost manifest would.
            log.warning("vault manifest unreadable, starting a new one", exc_info=True)
            self.path.unlink(missing_ok=True)
            return self._connect()

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        # The manifest only spares rewrites: on a power cut the worst case is a file rewritten
        # or a stale file left behind, never a wrong vault, so no fsync per change.
        conn.execute("PRAGMA synchronous=OFF")
        conn.executescript(_SCHEMA)
        return conn

    def _take_over_legacy(self, legacy: Path) -> None:
        if not legacy.is_file():
            return
        try:
            data = json.loads(legacy.read_text())
        except (OSError, ValueError):
            data = {}
        files = data.get("files", {}) if isinstance(data, dict) else {}
        items = data.get("items", {}) if isinstance(data, dict) else {}
        owner_of = {f"{folder}/": item for item, folder in items.items()}
        rows = []
        for rel, digest in files.items():
            parts = rel.split("/")
            owner = next(
                (
                    owner_of[prefix]
                    for n in range(1, len(parts))
                    if (prefix := "/".join(parts[:n]) + "/") in owner_of
                ),
                None,
            )
            rows.append((rel, str(digest), owner))
        with self._transaction():
            self._conn.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?)", rows)
        legacy.unlink()

    def load_all(self) -> None:
        self.rows = {p: (d, i) for p, d, i in self._conn.execute("SELECT * FROM files")}

    def load_items(self, item_ids: Iterable[str]) -> None:
        """The rows of these items' files and of the files of no item."""
        query = "SELECT path, digest, item_id FROM files WHERE item_id IS NULL"
        self.rows.update({p: (d, i) for p, d, i in self._conn.execute(query)})
        ids = list(item_ids)
        for start in range(0, len(ids), _CHUNK):
            part = ids[start : start + _CHUNK]
            marks = ",".join("?" * len(part))
            found = self._conn.execute(
                f"SELECT path, digest, item_id FROM files WHERE item_id IN ({marks})", part
            )
            self.rows.update({p: (d, i) for p, d, i in found})

    def digest(self, rel: str) -> str | None:
        row = self.rows.get(rel)
        return row[0] if row else None

    def set(self, rel: str, digest: str, item_id: str | None) -> None:
        if self.rows.get(rel) != (digest, item_id):
            self.rows[rel] = self._changed[rel] = (digest, item_id)

    def drop(self, rel: str) -> None:
        self.rows.pop(rel, None)
        self._changed[rel] = None

    def save(self) -> None:
        """Write the changes in one transaction."""
        if not self._changed:
            return
        gone = [(p,) for p, row in self._changed.items() if row is None]
        kept = [(p, *row) for p, row in self._changed.items() if row is not None]
        with self._transaction():
            self._conn.executemany("DELETE FROM files WHERE path = ?", gone)
            self._conn.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?)", kept)
        self._changed = {}

    def close(self) -> None:
        self._conn.close()

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        self._conn.execute("BEGIN")
        try:
            yield
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")


@contextlib.contextmanager
def open_manifest(root: Path) -> Iterator[Manifest]:
    manifest = Manifest(root)
    try:
        yield manifest
    finally:
        manifest.close()
