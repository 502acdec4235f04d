"""Streaming JSON arrays: records one at a time, so a 1 GB export never sits in memory.

Records are built here from ijson's flat event stream (`basic_parse`), not with
`ijson.items`: that one labels every event with its full path, so a document nested N deep
costs N^2 time and memory (100,000 levels in a 200 kB upload took 19 GB). Here each event
costs the same at any depth, and nesting deeper than `MAX_DEPTH` stops the import.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
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


MAX_DEPTH = 64  # real exports nest about 10 deep


def _records(stream: Any, name: str, max_depth: int) -> Iterator[Any]:
    events = ijson.basic_parse(stream, use_float=True)
    first = next(events, None)
    if first is None or first[0] != "start_array":
        return  # not an array: no records (the caller reports an empty import)
    yield from _elements(events, name, max_depth, outer=1)


@contextmanager
def _json_errors(name: str) -> Iterator[None]:
    """A broken file as `InvalidInput` naming it, with the parser's first line of reason."""
    try:
        yield
    except (ijson.JSONError, UnicodeDecodeError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InvalidInput(f"{name} is not valid JSON: {reason}.", {"file": name}) from None


def array_items(stream: Any, name: str, max_depth: int = MAX_DEPTH) -> Iterator[Any]:
    """Yield each element of a top-level JSON array; a broken file raises `InvalidInput`."""
    with _json_errors(name):
        yield from _records(stream, name, max_depth)


def object_arrays(
    stream: Any, name: str, keys: frozenset[str], max_depth: int = MAX_DEPTH
) -> Iterator[tuple[str, Any]]:
    """(key, element) for each element of the top-level object's arrays named in `keys`;
    other values are skipped without being built. Memory holds one element at a time."""
    with _json_errors(name):
        events = ijson.basic_parse(stream, use_float=True)
        first = next(events, None)
        if first is None or first[0] != "start_map":
            return
        key = ""
        for event, value in events:
            if event == "map_key":
                key = value
            elif event == "end_map":
                return
            elif event == "start_array" and key in keys:
                for element in _elements(events, name, max_depth):
                    yield key, element
            elif event in ("start_map", "start_array"):
                _skip(events, name, max_depth)


def _skip(events: Iterator[tuple[str, Any]], name: str, max_depth: int) -> None:
    depth = 1
    for event, _ in events:
        if event in ("start_map", "start_array"):
            depth += 1
            if depth >= max_depth:
                raise InvalidInput(
                    f"{name} is nested deeper than {max_depth} levels; refused.",
                    {"file": name, "max_depth": max_depth},
                )
        elif event in ("end_map", "end_array"):
            depth -= 1
            if depth == 0:
                return


def _elements(
    events: Iterator[tuple[str, Any]], name: str, max_depth: int, outer: int = 2
) -> Iterator[Any]:
    """The elements of an array whose `start_array` was just read, built one at a time;
    `outer` levels (that array included) are open around them."""
    stack: list[Any] = []
    keys: list[str] = []
    for event, value in events:
        if event == "start_map" or event == "start_array":
            if len(stack) + outer >= max_depth:
                raise InvalidInput(
                    f"{name} is nested deeper than {max_depth} levels; refused.",
                    {"file": name, "max_depth": max_depth},
                )
            stack.append({} if event == "start_map" else [])
            keys.append("")
            continue
        if event == "map_key":
            keys[-1] = value
            continue
        if event == "end_map" or event == "end_array":
            if not stack:
                return  # the end of this array
            value = stack.pop()
            keys.pop()
        if not stack:
            yield value
        elif isinstance(stack[-1], list):
            stack[-1].append(value)
        else:
            stack[-1][keys[-1]] = value
