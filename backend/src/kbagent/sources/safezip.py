"""Reading zip files without trusting them: no extraction, names checked, sizes capped.

Nothing from a member name ever becomes a path on disk; members are read into memory (capped)
or streamed. Declared sizes are checked up front and actual sizes while reading, because a
crafted header can lie about both.
"""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path, PurePosixPath
from typing import IO, BinaryIO

from kbagent.errors import InvalidInput, PayloadTooLarge

MAX_MEMBERS = 200_000
MAX_RATIO = 200  # deflate rarely beats 10:1 on real files; bombs reach 1000:1 and more
# Below this an archive may expand at any ratio: too little to hurt, and tiny files compress well.
RATIO_FLOOR = 10_000_000


def unsafe_name(name: str) -> bool:
    if not name or "\x00" in name or "\\" in name:
        return True
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return True
    return any(part == ".." for part in PurePosixPath(name).parts)


_EOCD = b"PK\x05\x06"
_EOCD64_LOCATOR = b"PK\x06\x07"


def declared_members(handle: BinaryIO) -> int:
    """The member count from the end record, read before `zipfile` builds an object per
    member (a 200 MB upload can declare millions of tiny members)."""
    handle.seek(0, 2)
    size = handle.tell()
    handle.seek(max(0, size - 65_557))  # the end record (22 bytes) plus the longest comment
    tail = handle.read()
    at = tail.rfind(_EOCD)
    if at < 0 or len(tail) - at < 22:
        return 0  # not a zip (or a broken one): zipfile says so
    count = int(struct.unpack("<H", tail[at + 10 : at + 12])[0])
    locator = tail.rfind(_EOCD64_LOCATOR, 0, at)
    if count == 0xFFFF and locator >= 0 and at - locator == 20:
        offset = int(struct.unpack("<Q", tail[locator + 8 : locator + 16])[0])
        handle.seek(offset)
        record = handle.read(56)
        if record[:4] == b"PK\x06\x06" and len(record) == 56:
            count = int(struct.unpack("<Q", record[32:40])[0])
    handle.seek(0)
    return count


def check_member_count(handle: BinaryIO) -> None:
    if declared_members(handle) > MAX_MEMBERS:
        raise InvalidInput(f"Zip has more than {MAX_MEMBERS} members.")


class SafeZip:
    def __init__(self, path: Path | BinaryIO, max_total_bytes: int) -> None:
        if isinstance(path, Path):
            with path.open("rb") as handle:
                check_member_count(handle)
        else:
            check_member_count(path)
        try:
            self._zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as exc:
            raise InvalidInput(f"Not a readable zip file: {exc}.") from None
        infos = self._zip.infolist()
        if len(infos) > MAX_MEMBERS:
            raise InvalidInput(f"Zip has more than {MAX_MEMBERS} members.")
        total = packed = 0
        for info in infos:
            if unsafe_name(info.filename):
                raise InvalidInput(
                    "Zip contains an unsafe member name (absolute or with `..`).",
                    {"member": info.filename[:200]},
                )
            total += info.file_size
            packed += info.compress_size
            compressed = max(info.compress_size, 1)
            if info.file_size > 1_000_000 and info.file_size / compressed > MAX_RATIO:
                raise InvalidInput(
                    "Zip member expands suspiciously (zip bomb?); refused.",
                    {"member": info.filename[:200], "ratio": round(info.file_size / compressed)},
                )
        if total > max_total_bytes:
            raise PayloadTooLarge(
                f"Zip expands to more than the limit of {max_total_bytes} bytes.",
                {"limit_bytes": max_total_bytes, "declared_bytes": total},
            )
        # The members together, not one by one: many small members that each look harmless
        # (1,100 x 1 MB of zeros in a 1.3 MB zip) expand as much as one big bomb.
        if total > RATIO_FLOOR and total / max(packed, 1) > MAX_RATIO:
            raise InvalidInput(
                "Zip expands suspiciously (zip bomb?); refused before anything was written.",
                {"declared_bytes": total, "compressed_bytes": packed, "max_ratio": MAX_RATIO},
            )
        self.names = {info.filename for info in infos if not info.is_dir()}
        # What is really read may not exceed what the headers declared in total.
        self._budget = total

    def close(self) -> None:
        self._zip.close()

    def find(self, suffix: str) -> str | None:
        """The shortest member name ending with `suffix` (archives may add a top folder)."""
        found = sorted((n for n in self.names if n == suffix or n.endswith("/" + suffix)), key=len)
        return found[0] if found else None

    def open(self, name: str) -> CappedReader:
        return CappedReader(self._zip.open(name), self)

    def read(self, name: str, limit: int) -> bytes | None:
        """A member's bytes, or None when it is larger than `limit`."""
        if self._zip.getinfo(name).file_size > limit:
            return None
        with self.open(name) as stream:
            data = stream.read(limit + 1)
        return data if len(data) <= limit else None

    def _spend(self, count: int) -> None:
        self._budget -= count
        if self._budget < 0:
            raise PayloadTooLarge("Zip expands to more than its declared size; refused.")


class CappedReader:
    """Counts what is really decompressed against the archive's total budget."""

    def __init__(self, raw: IO[bytes], owner: SafeZip) -> None:
        self._raw = raw
        self._owner = owner

    def read(self, size: int = -1) -> bytes:
        if size < 0:
            return b"".join(iter(lambda: self.read(1 << 20), b""))
        try:
            data = self._raw.read(size)
        except zipfile.BadZipFile as exc:
            raise InvalidInput(f"Zip member is corrupt: {exc}.") from None
        self._owner._spend(len(data))
        return data

    def __enter__(self) -> CappedReader:
        return self

    def __exit__(self, *_: object) -> None:
        self._raw.close()
