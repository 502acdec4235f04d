"""Legacy media files copied into kbagent's media area (content-addressed, `MediaStore`).

A legacy path is relative to the project (`data/media_cache/<id>/...`), to the KB root
(`main/sub/item/media/image_1.jpg`), to the item's folder, or absolute; each root is tried in
turn. A file found nowhere becomes a `failed` media entry with the reason (no path), so no
item points at a missing file, and the report lists it.
"""

from __future__ import annotations

import hashlib
import mimetypes
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kbagent.media_path import MEDIA_DIR
from kbagent.sources.media import MediaStore

MAX_MEDIA_BYTES = 512 << 20


@dataclass
class MediaRoots:
    roots: list[Path]

    def find(self, raw: str, folder: str | None) -> Path | None:
        candidate = Path(raw)
        tries = [candidate] if candidate.is_absolute() else []
        if not candidate.is_absolute():
            bases = [Path(folder)] if folder else []
            tries += [base / candidate for base in [*bases, *self.roots]]
            tries += [base / candidate.name for base in bases]
        for path in tries:
            try:
                if path.is_file() and path.stat().st_size <= MAX_MEDIA_BYTES:
                    return path
            except OSError:
                continue
        return None


@dataclass
class Copied:
    entries: list[dict[str, Any]] = field(default_factory=list)
    stored: list[str] = field(default_factory=list)  # media paths for the knowledge item
    created: list[str] = field(default_factory=list)  # files this copy added
    missing: list[str] = field(default_factory=list)


def _content_type(path: Path) -> str:
    guessed, _ = mimetypes.guess_type(path.name)
    return guessed or "application/octet-stream"


def copy_media(
    refs: list[Any], roots: MediaRoots, folder: str | None, data_dir: Path, dry_run: bool
) -> Copied:
    done = Copied()
    store = MediaStore(data_dir)
    seen: set[str] = set()
    for ref in refs:
        source = roots.find(ref.path, folder)
        if source is None:
            done.missing.append(ref.path)
            done.entries.append(
                {
                    "kind": ref.kind,
                    "status": "failed",
                    "path": None,
                    "error": "missing in the legacy data",
                    "legacy_path": ref.path,
                }
            )
            continue
        body = source.read_bytes()
        sha = hashlib.sha256(body).hexdigest()
        if sha in seen:
            continue
        seen.add(sha)
        if dry_run:
            continue
        existed = any((data_dir / MEDIA_DIR / sha[:2]).glob(f"{sha}.*"))
        path, sha, size = store.put([body], _content_type(source))
        if not existed:
            done.created.append(path)
        done.stored.append(path)
        entry: dict[str, Any] = {
            "kind": ref.kind,
            "status": "stored",
            "path": path,
            "sha256": sha,
            "bytes": size,
            "content_type": _content_type(source),
            "legacy_path": ref.path,
        }
        if ref.description:
            entry["description"] = ref.description
        done.entries.append(entry)
    return done
