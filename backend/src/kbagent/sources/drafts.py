"""What every source produces: an item to store, or a record that could not be read."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class ItemDraft:
    """One content item as a source delivered it, before it is stored."""

    source_type: str
    source_id: str
    title: str
    content: str
    raw_data: dict[str, Any] | None = None
    media_files: list[dict[str, Any]] = field(default_factory=list)
    # raw_data keys that do not make a record different (the name a file was uploaded under).
    hash_ignores: frozenset[str] = frozenset()
    # The source delivered a cut text (X's own "RT @user: ..."): kept, flagged, completed later.
    truncated: bool = False

    def content_hash(self) -> str:
        """sha256 over everything a re-import could change; key order does not matter."""
        raw = self.raw_data
        if raw is not None and self.hash_ignores:
            raw = {k: v for k, v in raw.items() if k not in self.hash_ignores}
        fields: list[Any] = [self.title, self.content, raw, self.media_files]
        if self.truncated:  # appended only when set: hashes stored before the flag still match
            fields.append(True)
        payload = json.dumps(
            fields,
            sort_keys=True,
            ensure_ascii=False,
            default=str,
        )
        return hashlib.sha256(payload.encode()).hexdigest()


@dataclass(frozen=True)
class RecordFailure:
    """A record a source could not turn into an item; `ref` says which one."""

    ref: str
    reason: str


@dataclass(frozen=True)
class RecordSkipped:
    """A record that is not an item and not an error (Firefox's `place:` smart folders)."""

    ref: str
    reason: str


Record = ItemDraft | RecordFailure | RecordSkipped


def field_dict(value: Any, key: str) -> dict[str, Any]:
    """`value[key]` when both are JSON objects, else an empty one: imported files are
    untrusted, and a list where an object belongs must fail one record, never the import."""
    found = value.get(key) if isinstance(value, dict) else None
    return found if isinstance(found, dict) else {}


def field_list(value: Any, key: str) -> list[Any]:
    found = value.get(key) if isinstance(value, dict) else None
    return found if isinstance(found, list) else []


def field_text(value: Any) -> str:
    """A text field on one line (whitespace runs made one space); "" when not a string."""
    return " ".join(value.split()) if isinstance(value, str) else ""


def field_date(value: Any) -> str | None:
    """An ISO 8601 date-time field (a `Z` suffix allowed) in Python's ISO form; None when it
    is missing or not a date."""
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00")).isoformat()
    except ValueError:
        return None


def split_list(value: str, separator: str = ",") -> list[str]:
    """A separated list field (tags), trimmed, empty entries and repeats dropped."""
    return list(dict.fromkeys(t.strip() for t in value.split(separator) if t.strip()))


def clip_title(text: str, fallback: str, limit: int = 200) -> str:
    """A one-line title from the first words of a text: items never go without a title."""
    line = " ".join(text.split())
    if not line:
        return fallback
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "\u2026"


# When one post arrives from several sources, the richer record wins: a later import of a
# poorer one (an archive "like" after an API bookmark) leaves the stored item as it is.
PRECEDENCE = {"x_api": 3, "twitter_web_exporter": 2, "x_archive": 1}


def precedence(raw_data: dict[str, Any] | None) -> int:
    source = (raw_data or {}).get("source")
    return PRECEDENCE.get(source, 0) if isinstance(source, str) else 0


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        # NUL is legal in JSON but not in PostgreSQL text; lone surrogates are not UTF-8.
        value = value.replace("\x00", "")
        return value.encode("utf-8", "replace").decode("utf-8")
    if isinstance(value, dict):
        return {_clean(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def sanitised(draft: ItemDraft) -> ItemDraft:
    """The draft with text every database can store (same on SQLite and PostgreSQL)."""
    return replace(
        draft,
        source_id=_clean(draft.source_id),
        title=_clean(draft.title),
        content=_clean(draft.content),
        raw_data=_clean(draft.raw_data),
        media_files=_clean(draft.media_files),
    )
