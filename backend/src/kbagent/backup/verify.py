"""Reading an archive back: every member checked against the manifest before anything uses it.

A flipped byte fails gzip's CRC or a member's SHA-256; a truncated archive ends before its
manifest (the last member); a member missing, added, renamed or resized disagrees with the
manifest's list. Each is refused with `DamagedArchive` naming what is wrong. Member names are
checked before a byte is written: only plain relative paths, only regular files.
"""

from __future__ import annotations

import hashlib
import os
import tarfile
import zlib
from pathlib import Path, PurePosixPath

from pydantic import ValidationError

from kbagent.backup.manifest import CHUNK, FORMAT, MANIFEST, Manifest
from kbagent.errors import InvalidInput

MAX_MANIFEST_BYTES = 256 * 1024 * 1024


class DamagedArchive(InvalidInput):
    """The archive is not a whole kbagent backup."""


def _safe_member(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if (
        not name
        or "\\" in name
        or "\x00" in name
        or path.is_absolute()
        or any(part in ("", ".", "..") for part in name.split("/"))
    ):
        raise DamagedArchive(f"The archive holds a member with an unsafe name: {name[:200]!r}.")
    return path


def extract(archive: Path, folder: Path) -> Manifest:
    """Unpack `archive` into `folder` (members at their archive paths) and return its manifest,
    once every member matched it; `DamagedArchive` otherwise (the caller removes `folder`)."""
    found: dict[str, tuple[str, int]] = {}
    manifest_bytes: bytes | None = None
    try:
        with tarfile.open(archive, "r:gz") as tar:
            for member in tar:
                path = _safe_member(member.name)
                if not member.isfile():
                    raise DamagedArchive(f"The archive member {member.name!r} is not a file.")
                if member.name in found or (member.name == MANIFEST and manifest_bytes):
                    raise DamagedArchive(f"The archive holds {member.name!r} twice.")
                source = tar.extractfile(member)
                assert source is not None
                if member.name == MANIFEST:
                    if member.size > MAX_MANIFEST_BYTES:
                        raise DamagedArchive("The archive's manifest is implausibly large.")
                    manifest_bytes = source.read()
                    continue
                target = folder / path
                target.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                size = 0
                # Private until complete, then the mode it had (the key file's 0600).
                fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(fd, "wb") as out:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
                        out.write(chunk)
                os.chmod(target, member.mode & 0o777)
                found[member.name] = (digest.hexdigest(), size)
    except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
        if isinstance(exc, FileNotFoundError):
            raise InvalidInput(f"No backup archive at {archive}.") from None
        raise DamagedArchive(
            f"The archive is damaged or truncated and cannot be read: {exc}.",
            {"cause": str(exc)[:300]},
        ) from None
    if manifest_bytes is None:
        raise DamagedArchive(
            "The archive is damaged or truncated (or no kbagent backup): its manifest, the last "
            "member, is missing."
        )
    try:
        manifest = Manifest.model_validate_json(manifest_bytes)
    except ValidationError as exc:
        raise DamagedArchive(
            f"The archive's manifest is unreadable: {exc.errors()[0]['msg']}."
        ) from None
    if manifest.format != FORMAT:
        raise DamagedArchive(
            f"The archive is backup format {manifest.format}; this kbagent reads {FORMAT}."
        )
    _compare(manifest, found)
    return manifest


def _compare(manifest: Manifest, found: dict[str, tuple[str, int]]) -> None:
    listed = {entry.path: entry for entry in manifest.files}
    missing = sorted(set(listed) - set(found))
    if missing:
        raise DamagedArchive(
            f"The archive lacks {len(missing)} file(s) its manifest lists, e.g. {missing[0]!r}.",
            {"missing": missing[:20]},
        )
    extra = sorted(set(found) - set(listed))
    if extra:
        raise DamagedArchive(
            f"The archive holds {len(extra)} file(s) its manifest does not list, e.g. "
            f"{extra[0]!r}.",
            {"unlisted": extra[:20]},
        )
    wrong = sorted(
        name
        for name, (digest, size) in found.items()
        if listed[name].sha256 != digest or listed[name].size != size
    )
    if wrong:
        raise DamagedArchive(
            f"{len(wrong)} file(s) of the archive fail their checksum, e.g. {wrong[0]!r}.",
            {"checksum_failed": wrong[:20]},
        )
