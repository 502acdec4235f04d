"""The bytes of one of an item's media files, for `GET /knowledge/items/{id}/media/{index}`.

A file is read only through `MediaPath` (a stored path outside the media area, a symlink out
of it, or anything but a regular file is refused as not found), and only PNG, JPEG, GIF and
WebP, recognised by their first bytes rather than by name, are served as images: anything else
(an SVG with a script in it, an HTML file renamed `.png`) goes out as a download.
"""

from __future__ import annotations

import errno
import hashlib
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from kbagent.errors import NotFound
from kbagent.knowledge import service
from kbagent.media_path import MediaPath, MediaPathRefused

DOWNLOAD_TYPE = "application/octet-stream"
# (leading bytes, content type); WebP is RIFF....WEBP, checked apart.
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)


def stored_path(session: Session, item_id: str, index: int) -> str:
    paths = service.get_item(session, item_id).media_paths or []
    if index >= len(paths):
        raise NotFound(
            f"Knowledge item {item_id!r} has no media file {index}.",
            {"id": item_id, "index": index, "media_count": len(paths)},
        )
    return paths[index]


@dataclass(frozen=True)
class MediaFile:
    body: bytes
    content_type: str
    etag: str

    @property
    def is_image(self) -> bool:
        return self.content_type != DOWNLOAD_TYPE


def image_type(head: bytes) -> str | None:
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return next((kind for magic, kind in _SIGNATURES if head.startswith(magic)), None)


def load(data_dir: Path, raw: str) -> MediaFile:
    """The file's bytes, type and entity tag (blocking: run it in a worker thread)."""
    try:
        body = MediaPath.parse(raw).read_bytes(data_dir)
    except MediaPathRefused as exc:
        raise NotFound("This media file cannot be served.", {"reason": exc.reason}) from None
    except OSError as exc:
        # ELOOP: a symlink put in place after the path was resolved (O_NOFOLLOW refused it).
        reason = "is a symlink" if exc.errno == errno.ELOOP else "does not exist"
        raise NotFound("This media file cannot be served.", {"reason": reason}) from None
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    return MediaFile(body, image_type(body[:16]) or DOWNLOAD_TYPE, etag)
