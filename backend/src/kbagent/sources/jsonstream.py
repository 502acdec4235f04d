"""Streaming JSON arrays: records one at a time, so a 1 GB export never sits in memory."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Protocol

import ijson

from kbagent.errors import InvalidInput


class Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


class PrefixSkipper:
    """A binary reader that starts after the first `=`: `window.YTD.tweets.part0 = [...]`."""

    def __init__(self, raw: Readable, name: str) -> None:
        self._raw = raw
        head = raw.read(4096)
        cut = head.find(b"=")
        if cut < 0 or not head.lstrip().startswith(b"window.YTD."):
            raise InvalidInput(f"{name} is not an X archive data file (no `window.YTD...=`).")
        self._pending = head[cut + 1 :]

    def read(self, size: int = -1) -> bytes:
        if size == 0:  # ijson probes the stream's type with read(0)
            return b""
        if self._pending:
            chunk, self._pending = self._pending, b""
            return chunk
        return self._raw.read(size)


def array_items(stream: Any, name: str) -> Iterator[Any]:
    """Yield each element of a top-level JSON array; a broken file raises `InvalidInput`."""
    try:
        yield from ijson.items(stream, "item", use_float=True)
    except (ijson.JSONError, UnicodeDecodeError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InvalidInput(f"{name} is not valid JSON: {reason}.", {"file": name}) from None
