"""Bookmark-manager JSON exports, streamed: Karakeep (formerly Hoarder) and Linkwarden.

- Karakeep: `{"bookmarks": [...], "lists": [...]}`; a bookmark has `createdAt` (epoch
  seconds), `title`, `tags` (names), `lists` (list ids), `content` (`{"type": "link", "url"}`
  or `{"type": "text", "text"}`), `note` and `archived`. Lists come after the bookmarks, so
  the file is read twice: once for the list names, once for the bookmarks.
- Linkwarden (backup): `{..., "collections": [{"id", "name", "parentId", "links": [...]}]}`;
  a link has `url`, `name`, `description`, `tags` (`[{"name"}]`) and `createdAt` (ISO 8601).
  One collection is held in memory at a time.

Links become bookmark items (joined with the same URL from any other source, merge.py); a
Karakeep text note becomes a `note` item keyed by its text's hash. Assets (uploaded images,
PDFs) are not in the export file and cannot be imported from it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kbagent.sources.drafts import (
    ItemDraft,
    Record,
    RecordFailure,
    RecordSkipped,
    clip_title,
    field_date,
    field_dict,
    field_list,
    field_text,
)
from kbagent.sources.jsonstream import object_arrays
from kbagent.sources.merge import bookmark_content, with_folders


def _epoch(value: Any) -> str | None:
    if not isinstance(value, int | float) or isinstance(value, bool):
        return None
    try:
        return datetime.fromtimestamp(value / 1000 if value > 1e11 else value, UTC).isoformat()
    except (OverflowError, OSError, ValueError):
        return None


def _key(value: Any) -> str | None:
    """An id usable as a dict key: files are untrusted, and a list there must not crash."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    return str(value)


def _paths(folders: dict[str, tuple[str, str | None]]) -> dict[str, str]:
    """`Parent/Child` names from (name, parent id) pairs; cycles stop at 32 levels."""
    paths: dict[str, str] = {}
    for key in folders:
        names: list[str] = []
        current: str | None = key
        for _ in range(32):
            if current is None or current not in folders:
                break
            name, current = folders[current]
            names.append(name)
        paths[key] = "/".join(reversed(names))
    return paths


def _bookmark(url: str, raw: dict[str, Any], folders: list[str]) -> ItemDraft:
    raw = with_folders({"url": url, **raw}, folders)
    return ItemDraft(
        source_type="bookmark",
        source_id=url,
        title=clip_title(str(raw.get("title") or ""), fallback=url),
        content=bookmark_content(raw),
        raw_data={k: v for k, v in raw.items() if v is not None or k in ("folder", "added_at")},
    )


def _karakeep(record: Any, n: int, lists: dict[str, str]) -> Record:
    if not isinstance(record, dict):
        return RecordFailure(f"bookmark {n}", "not a JSON object")
    content = field_dict(record, "content")
    tags = [t for t in field_list(record, "tags") if isinstance(t, str) and t]
    raw: dict[str, Any] = {
        "title": field_text(record.get("title")),
        "added_at": _epoch(record.get("createdAt")),
        "tags": list(dict.fromkeys(tags)),
        "source": "karakeep",
        "status": "archived" if record.get("archived") is True else None,
        "note": record.get("note") if isinstance(record.get("note"), str) else None,
        "description": field_text(record.get("description"))
        or field_text(content.get("description"))
        or None,
        "summary": record.get("summary") if isinstance(record.get("summary"), str) else None,
    }
    ids = [_key(i) for i in field_list(record, "lists")]
    folders = [lists[i] for i in ids if i is not None and i in lists]
    kind = content.get("type")
    if kind == "link":
        url = content.get("url")
        if not isinstance(url, str) or not url.lower().startswith(("http://", "https://")):
            return RecordFailure(f"bookmark {n}", "a link without an http(s) URL")
        return _bookmark(url.strip(), raw, folders)
    if kind == "text" and isinstance(content.get("text"), str) and content["text"].strip():
        text = content["text"]
        digest = hashlib.sha256(text.encode("utf-8", "replace")).hexdigest()
        note = {k: v for k, v in with_folders(raw, folders).items() if v is not None}
        return ItemDraft(
            source_type="note",
            source_id=f"karakeep:{digest}",
            title=clip_title(raw["title"] or text, fallback="Note"),
            content=text,
            raw_data=note,
        )
    return RecordSkipped(f"bookmark {n}", f"a Karakeep {kind or 'empty'} bookmark: no link or text")


def karakeep_records(path: Path) -> Iterator[Record]:
    folders: dict[str, tuple[str, str | None]] = {}
    with path.open("rb") as handle:
        for _, item in object_arrays(handle, "Karakeep export", frozenset({"lists"})):
            if isinstance(item, dict) and (key := _key(item.get("id"))) is not None:
                folders[key] = (field_text(item.get("name")) or "?", _key(item.get("parentId")))
    lists = _paths(folders)
    with path.open("rb") as handle:
        found = object_arrays(handle, "Karakeep export", frozenset({"bookmarks"}))
        for n, (_, record) in enumerate(found, 1):
            yield _karakeep(record, n, lists)


def _linkwarden(link: Any, n: int, folder: str) -> Record:
    url = link.get("url") if isinstance(link, dict) else None
    if not isinstance(url, str) or not url.lower().startswith(("http://", "https://")):
        return RecordFailure(f"link {n}", "not a link with an http(s) `url`")
    assert isinstance(link, dict)
    tags = [field_text(t.get("name")) for t in field_list(link, "tags") if isinstance(t, dict)]
    raw: dict[str, Any] = {
        "title": field_text(link.get("name")),
        "added_at": field_date(link.get("createdAt")),
        "tags": list(dict.fromkeys(t for t in tags if t)),
        "source": "linkwarden",
        "description": field_text(link.get("description")) or None,
    }
    return _bookmark(url.strip(), raw, [folder] if folder else [])


def linkwarden_records(path: Path) -> Iterator[Record]:
    folders: dict[str, tuple[str, str | None]] = {}
    with path.open("rb") as handle:
        for _, item in object_arrays(handle, "Linkwarden backup", frozenset({"collections"})):
            if isinstance(item, dict) and (key := _key(item.get("id"))) is not None:
                folders[key] = (field_text(item.get("name")) or "?", _key(item.get("parentId")))
    paths = _paths(folders)
    n = 0
    with path.open("rb") as handle:
        for _, item in object_arrays(handle, "Linkwarden backup", frozenset({"collections"})):
            key = _key(item.get("id")) if isinstance(item, dict) else None
            folder = paths.get(key, "") if key is not None else ""
            for link in field_list(item, "links"):
                n += 1
                yield _linkwarden(link, n, folder)
