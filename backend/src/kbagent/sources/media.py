"""Media files stored by content hash under `data_dir/media`, each download capped.

A media entry records what happened: `stored` with a path that exists, or `failed` /
`remote` with no path at all, so no item ever points at a missing file.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import Any

from kbagent.config import Settings
from kbagent.errors import KbagentError
from kbagent.media_path import MEDIA_DIR, MediaPath
from kbagent.sources.fetch import Fetcher

MEDIA_TYPES = ("image/", "video/", "audio/")
_SUFFIXES = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "video/mp4": ".mp4",
    "video/quicktime": ".mov",
    "audio/mpeg": ".mp3",
}


class MediaStore:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.root = data_dir / MEDIA_DIR

    def put(self, chunks: Iterable[bytes], content_type: str) -> tuple[str, str, int]:
        """Store bytes; returns (path relative to the data dir, sha256, size)."""
        self.root.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        size = 0
        fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".part-")
        try:
            with os.fdopen(fd, "wb") as out:
                for chunk in chunks:
                    digest.update(chunk)
                    size += len(chunk)
                    out.write(chunk)
            sha = digest.hexdigest()
            suffix = _SUFFIXES.get(content_type.split(";")[0].strip().lower(), ".bin")
            target = self.root / sha[:2] / f"{sha}{suffix}"
            target.parent.mkdir(exist_ok=True)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return (
            str(MediaPath(PurePosixPath(target.relative_to(self.data_dir).as_posix()))),
            sha,
            size,
        )


def remote(url: str, kind: str, **extra: Any) -> dict[str, Any]:
    """A media entry not downloaded (yet): a URL and no path."""
    return {"kind": kind, "url": url, "status": "remote", "path": None, **extra}


def download(
    url: str, kind: str, settings: Settings, fetcher: Fetcher, **extra: Any
) -> dict[str, Any]:
    """Download one media file; a failure is recorded in the entry, never raised."""
    try:
        response = fetcher.get(url, accept=MEDIA_TYPES, max_bytes=settings.media_max_bytes)
        path, sha, size = MediaStore(settings.data_dir).put([response.body], response.content_type)
    except KbagentError as exc:
        return {"kind": kind, "url": url, "status": "failed", "path": None, "error": exc.message}
    except OSError as exc:
        return {"kind": kind, "url": url, "status": "failed", "path": None, "error": str(exc)}
    return {
        "kind": kind,
        "url": url,
        "status": "stored",
        "path": path,
        "sha256": sha,
        "bytes": size,
        "content_type": response.content_type,
        **extra,
    }
