"""Read-later CSV exports, streamed row by row: Pocket, Raindrop.io, Instapaper, Readwise Reader.

- Pocket (2025 export, `part_000000.csv`): `title,url,time_added,tags,status`; tags joined by
  `|`, `time_added` in epoch seconds, status `unread` or `archive`.
- Raindrop.io: `id,title,note,excerpt,url,folder,tags,created,cover,highlights,favorite`;
  the folder is a `/` path, tags are comma-separated, `created` is ISO 8601.
- Instapaper: `URL,Title,Selection,Folder,Timestamp[,Tags]`; the folders `Unread`, `Archive`
  and `Starred` are states, any other is a folder; `Tags` is a JSON list when present.
- Readwise Reader: `Title,URL,ID,Document tags,Saved date,Reading progress,Location,Seen`;
  tags are a Python-style list (`['a', 'b']`), the date ISO 8601 with a space, the location
  `new`, `later`, `shortlist`, `archive` or `feed`. Feed entries are what Reader's feed
  subscriptions showed, never saved by the user: they are skipped, not imported.

Each row is a bookmark item (`source_type` "bookmark"), so a URL also saved in a browser or
another tool becomes one item whose folders and tags are joined (merge.py).
"""

from __future__ import annotations

import ast
import csv
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from kbagent.errors import InvalidInput
from kbagent.sources.drafts import (
    ItemDraft,
    Record,
    RecordFailure,
    RecordSkipped,
    clip_title,
    field_date,
    split_list,
)
from kbagent.sources.merge import bookmark_content, with_folders
from kbagent.sources.netscape import epoch_date

MAX_FIELD = 1_000_000
Row = dict[str, str]


def _pocket(row: Row) -> dict[str, Any]:
    status = row.get("status", "").strip().lower()
    return {
        "title": row.get("title", ""),
        "added_at": epoch_date(row.get("time_added", "").strip()),
        "folders": [],
        "tags": split_list(row.get("tags", ""), "|"),
        "source": "pocket",
        "status": "archived" if status == "archive" else status or None,
    }


def _raindrop(row: Row) -> dict[str, Any]:
    folder = row.get("folder", "").strip()
    extra = {
        "description": row.get("excerpt", "").strip(),
        "note": row.get("note", "").strip(),
        "highlights": row.get("highlights", "").strip(),
    }
    return {
        "title": row.get("title", ""),
        "added_at": field_date(row.get("created", "")),
        "folders": [folder] if folder else [],
        "tags": split_list(row.get("tags", ""), ","),
        "source": "raindrop",
        "favorite": row.get("favorite", "").strip().lower() == "true",
        **{k: v for k, v in extra.items() if v},
    }


_INSTAPAPER_STATES = {"unread": "unread", "archive": "archived", "starred": "starred"}


def _instapaper_tags(value: str) -> list[str]:
    try:
        found = json.loads(value) if value.strip() else []
    except ValueError:
        return split_list(value, ",")
    return [t for t in found if isinstance(t, str)] if isinstance(found, list) else []


def _instapaper(row: Row) -> dict[str, Any]:
    folder = row.get("folder", "").strip()
    state = _INSTAPAPER_STATES.get(folder.lower())
    selection = row.get("selection", "").strip()
    return {
        "title": row.get("title", ""),
        "added_at": epoch_date(row.get("timestamp", "").strip()),
        "folders": [] if state or not folder else [folder],
        "tags": _instapaper_tags(row.get("tags", "")),
        "source": "instapaper",
        "status": state,
        **({"description": selection} if selection else {}),
    }


def _python_list(value: str) -> list[str]:
    """Reader writes tags as Python's repr of a list; anything else is split on commas."""
    value = value.strip()
    if not value:
        return []
    try:
        found = ast.literal_eval(value) if len(value) < 10_000 else None
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        found = None
    if isinstance(found, list | tuple):
        return list(dict.fromkeys(t.strip() for t in found if isinstance(t, str) and t.strip()))
    return split_list(value.strip("[]"), ",")


def _number(value: str) -> float | None:
    try:
        found = float(value)
    except ValueError:
        return None
    return found if found == found and abs(found) != float("inf") else None  # no NaN, inf


_READER_STATES = {"new": "unread", "later": "unread", "shortlist": "unread", "archive": "archived"}


def _readwise_reader(row: Row) -> dict[str, Any] | None:
    location = row.get("location", "").strip().lower()
    if location == "feed":
        return None
    return {
        "title": row.get("title", ""),
        "added_at": field_date(row.get("saved date", "")),
        "folders": [],
        "tags": _python_list(row.get("document tags", "")),
        "source": "readwise_reader",
        "status": _READER_STATES.get(location, location or None),
        "reader_location": location or None,
        "reader_id": row.get("id", "").strip() or None,
        "progress": _number(row.get("reading progress", "").strip()),
        "seen": row.get("seen", "").strip().lower() == "true",
    }


READERS: dict[str, Callable[[Row], dict[str, Any] | None]] = {
    "pocket_csv": _pocket,
    "raindrop_csv": _raindrop,
    "instapaper_csv": _instapaper,
    "readwise_reader_csv": _readwise_reader,
}


def _draft(url: str, fields: dict[str, Any]) -> ItemDraft:
    title = " ".join(str(fields.pop("title") or "").split())
    folders = fields.pop("folders")
    raw = with_folders({"url": url, "title": title, "added_at": fields.pop("added_at")}, folders)
    raw["tags"] = fields.pop("tags")
    raw.update(fields)
    return ItemDraft(
        source_type="bookmark",
        source_id=url,
        title=clip_title(title, fallback=url),
        content=bookmark_content(raw),
        raw_data=raw,
    )


def csv_records(path: Path, kind: str) -> Iterator[Record]:
    read = READERS[kind]
    csv.field_size_limit(MAX_FIELD)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = csv.DictReader(handle)
        try:
            for n, row in enumerate(rows, 2):  # line 1 is the header
                clean = {(k or "").strip().lower(): v or "" for k, v in row.items() if k}
                url = clean.get("url", "").strip()
                if not url.lower().startswith(("http://", "https://")):
                    yield RecordFailure(f"row {n}", f"not an http(s) link: {url[:100]!r}")
                    continue
                fields = read(clean)
                if fields is None:
                    yield RecordSkipped(
                        f"row {n}", "a Reader feed entry, never saved to the library"
                    )
                    continue
                yield _draft(url, fields)
        except (csv.Error, UnicodeDecodeError) as exc:
            raise InvalidInput(f"CSV file could not be read: {exc}.") from None
