"""Just enough of a GGUF file's header to describe the model before loading it.

Layout (GGUF v2/v3, little-endian): magic `GGUF`, version u32, tensor count u64, key/value
count u64, then the key/value pairs: key (u64 length + UTF-8), value type u32, value. Arrays
(the tokenizer's vocabulary) are read past, not kept. Sizes are bounded, so a damaged or
hostile file is refused rather than read into memory.
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Any, BinaryIO

_SCALARS = {
    0: "<B",
    1: "<b",
    2: "<H",
    3: "<h",
    4: "<I",
    5: "<i",
    6: "<f",
    7: "<?",
    10: "<Q",
    11: "<q",
    12: "<d",
}
_STRING, _ARRAY = 8, 9
_MAX_STRING = 1 << 20
_MAX_ITEMS = 1 << 24


class GGUFError(ValueError):
    """The file is not a GGUF model this reader understands."""


def _unpack(f: BinaryIO, fmt: str) -> Any:
    size = struct.calcsize(fmt)
    data = f.read(size)
    if len(data) != size:
        raise GGUFError("file ends inside its header")
    return struct.unpack(fmt, data)[0]


def _string(f: BinaryIO) -> str:
    length = _unpack(f, "<Q")
    if length > _MAX_STRING:
        raise GGUFError(f"a header string of {length} bytes")
    data = f.read(length)
    if len(data) != length:
        raise GGUFError("file ends inside its header")
    return data.decode("utf-8", errors="replace")


def _value(f: BinaryIO, kind: int) -> Any:
    if kind in _SCALARS:
        return _unpack(f, _SCALARS[kind])
    if kind == _STRING:
        return _string(f)
    if kind == _ARRAY:
        item_kind, count = _unpack(f, "<I"), _unpack(f, "<Q")
        if count > _MAX_ITEMS:
            raise GGUFError(f"an array of {count} items")
        if item_kind in _SCALARS:
            f.seek(count * struct.calcsize(_SCALARS[item_kind]), 1)
        else:
            for _ in range(count):
                _value(f, item_kind)
        return None
    raise GGUFError(f"unknown value type {kind}")


def read_metadata(path: Path) -> dict[str, Any]:
    """The header's scalar and string values (arrays are skipped)."""
    with path.open("rb") as f:
        if f.read(4) != b"GGUF":
            raise GGUFError(f"{path.name} is not a GGUF file")
        version = _unpack(f, "<I")
        if version < 2:
            raise GGUFError(f"GGUF version {version} is too old (need 2 or later)")
        _unpack(f, "<Q")  # tensor count
        count = _unpack(f, "<Q")
        if count > _MAX_ITEMS:
            raise GGUFError(f"{count} header entries")
        meta: dict[str, Any] = {}
        for _ in range(count):
            key = _string(f)
            value = _value(f, _unpack(f, "<I"))
            if value is not None:
                meta[key] = value
        return meta


def context_length(meta: dict[str, Any]) -> int | None:
    """The context window the model was trained for (`<architecture>.context_length`)."""
    value = meta.get(f"{meta.get('general.architecture')}.context_length")
    return int(value) if isinstance(value, int) and value > 0 else None
