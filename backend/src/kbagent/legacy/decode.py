"""Reading legacy values defensively: JSON of every storage kind, booleans, datetimes.

The earlier tool stored JSON three ways (a JSON column, `json.dumps` text in a Text column,
and text that was JSON-encoded twice); `Decoder.json` takes any of them and counts each
repair per `table.column`, for the verification report.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime
from typing import Any

MAX_LAYERS = 5  # JSON inside JSON inside JSON...: no real value is nested deeper


class Decoder:
    def __init__(self) -> None:
        self.repairs: dict[str, Counter[str]] = {}

    def _count(self, where: str, what: str) -> None:
        self.repairs.setdefault(where, Counter())[what] += 1

    def json(self, value: Any, where: str) -> Any:
        """The decoded value; a string that is not JSON is returned as it is (and counted)."""
        if isinstance(value, bytes | memoryview):
            value = bytes(value).decode("utf-8", "replace")
        layers = 0
        while isinstance(value, str) and layers < MAX_LAYERS:
            text = value.strip()
            if not text:
                return None
            try:
                decoded = json.loads(text)
            except ValueError:
                if layers == 0:
                    self._count(where, "not_json")
                return value
            layers += 1
            if decoded == value:
                break
            value = decoded
        if layers > 1:
            self._count(where, "double_encoded")
        return value

    def as_list(self, value: Any, where: str) -> list[Any]:
        decoded = self.json(value, where)
        if decoded is None:
            return []
        if isinstance(decoded, list):
            return decoded
        self._count(where, "not_a_list")
        return [decoded] if isinstance(decoded, str) and decoded else []

    def as_dict(self, value: Any, where: str) -> dict[str, Any]:
        decoded = self.json(value, where)
        if isinstance(decoded, dict):
            return decoded
        if decoded is not None:
            self._count(where, "not_an_object")
        return {}

    def summary(self) -> dict[str, dict[str, int]]:
        return {where: dict(counts) for where, counts in sorted(self.repairs.items())}


def flag(value: Any) -> bool:
    """A legacy boolean: 0/1, True/False, "true"/"1"."""
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "t", "yes")
    return bool(value)


def text(value: Any) -> str | None:
    """A non-empty string, or None."""
    if value is None:
        return None
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    found = str(value).replace("\x00", "").strip()
    return found or None


def moment(value: Any) -> datetime | None:
    """A legacy datetime as UTC: SQLite text (the offset may be lost), a datetime, epoch."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        found = value
    elif isinstance(value, int | float):
        try:
            found = datetime.fromtimestamp(float(value), UTC)
        except (OverflowError, OSError, ValueError):
            return None
    else:
        raw = str(value).strip().replace("Z", "+00:00")
        try:
            found = datetime.fromisoformat(raw)
        except ValueError:
            return None
    return found.replace(tzinfo=UTC) if found.tzinfo is None else found.astimezone(UTC)
