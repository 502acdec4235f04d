"""`MediaPath`: the one way a media path reaches the disk.

Media files live in the data directory's media area, and a media path is stored relative to
the data directory (`media/ab/<sha256>.png`). Whatever reads a media file (the vault copy, its
zip and git push, the vision model, the content API) goes through this type, so nothing
outside the media area (`kbagent.db`, `secret.key`, `/etc/passwd`) is ever read:

- `MediaPath.parse(raw)` refuses, before anything touches the disk: NUL or backslash,
  absolute paths and drive letters, `..`, anything not under `media/`, names over 255 bytes;
- `file(data_dir)` resolves symlinks and refuses one that leads out of the media area;
- `read_bytes(data_dir)` opens the resolved file without following a symlink put there since
  (`O_NOFOLLOW`) and reads only a regular file.

Refusals are `MediaPathRefused` (a `ValueError`, so in a pydantic model it is a 422) with
the reason in words.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Annotated

from pydantic import AfterValidator, StringConstraints

MEDIA_DIR = "media"  # the media area, inside the data directory
MAX_NAME_BYTES = 255  # the file system's limit


class MediaPathRefused(ValueError):
    def __init__(self, raw: object, reason: str) -> None:
        super().__init__(reason)
        self.raw = str(raw)[:200]
        self.reason = reason


def _problem(raw: str) -> str | None:
    if "\x00" in raw or "\\" in raw:
        return "must not contain NUL or backslash characters"
    path = PurePosixPath(raw)
    if path.is_absolute() or (len(raw) > 1 and raw[1] == ":"):
        return "must be relative to the data directory"
    if ".." in path.parts:
        return "must not contain `..`"
    if len(path.parts) < 2 or path.parts[0] != MEDIA_DIR:
        return f"must name a file under `{MEDIA_DIR}/`"
    if any(len(part.encode()) > MAX_NAME_BYTES for part in path.parts):
        return f"has a name longer than {MAX_NAME_BYTES} bytes"
    return None


@dataclass(frozen=True)
class MediaPath:
    relative: PurePosixPath  # below the data directory, first part `media`

    @classmethod
    def parse(cls, raw: object) -> MediaPath:
        if not isinstance(raw, str):
            raise MediaPathRefused(raw, "must be a string")
        problem = _problem(raw)
        if problem is not None:
            raise MediaPathRefused(raw, problem)
        return cls(PurePosixPath(raw))

    def __str__(self) -> str:
        return self.relative.as_posix()

    def file(self, data_dir: Path) -> Path:
        """The file's real path; refused when it (through a symlink) leaves the media area.
        The file need not exist."""
        try:
            root = (data_dir / MEDIA_DIR).resolve()
            resolved = (data_dir / self.relative).resolve()
        except (OSError, RuntimeError):  # a symlink loop, a path too long
            raise MediaPathRefused(self, "cannot be resolved (a symlink loop?)") from None
        if resolved == root or not resolved.is_relative_to(root):
            raise MediaPathRefused(self, "leads out of the media area (a symlink)")
        return resolved

    def is_file(self, data_dir: Path) -> bool:
        try:
            return self.file(data_dir).is_file()
        except (MediaPathRefused, OSError):
            return False

    def size(self, data_dir: Path) -> int:
        return self.file(data_dir).stat().st_size

    def read_bytes(self, data_dir: Path) -> bytes:
        path = self.file(data_dir)
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise MediaPathRefused(self, "is not a regular file")
            return handle.read()


def media_path_problem(raw: object) -> str | None:
    """Why a stored or sent value can never name a media file (None: it can)."""
    try:
        MediaPath.parse(raw)
    except MediaPathRefused as exc:
        return exc.reason
    return None


def confined(data_dir: Path, raw: object) -> MediaPath | None:
    """The media path if it names a place inside the media area, symlinks resolved."""
    try:
        media = MediaPath.parse(raw)
        media.file(data_dir)
    except MediaPathRefused:
        return None
    return media


def _valid(value: str) -> str:
    MediaPath.parse(value)
    return value


# A media path in a request body: checked on the way in (the symlink check needs the data
# directory, so services call `MediaPath.file` as well).
MediaPathText = Annotated[
    str, StringConstraints(min_length=1, max_length=1024), AfterValidator(_valid)
]
