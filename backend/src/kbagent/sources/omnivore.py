"""Omnivore's export zip (Settings → Export Data, 2024 until the service closed).

The zip holds `metadata_<from>_to_<to>.json` files (a JSON array of up to 20 items each:
`id, slug, title, description, author, url, state, readingProgress, thumbnail, labels,
savedAt, updatedAt, publishedAt`), `content/<slug>.html` (the readable page Omnivore saved;
its docs say `contents/`) and `highlights/<slug>.md` (the highlights and notes as Markdown).

Each item becomes a bookmark (joined with the same URL from any other source, merge.py) with
its labels as tags, its dates, state (`Archived` → archived) and reading progress; the
highlights file is its highlights, and the saved page's text follows the bookmark's words, so
the page need not be fetched again. Uploaded PDFs (`content/<slug>.pdf`) are not read: import
the PDF itself as a file. One metadata file is held in memory at a time.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import trafilatura

from kbagent.errors import InvalidInput
from kbagent.sources.drafts import (
    ItemDraft,
    Record,
    RecordFailure,
    clip_title,
    field_date,
    field_list,
    field_text,
)
from kbagent.sources.merge import bookmark_content, with_folders
from kbagent.sources.safezip import SafeZip

MAX_ZIP_BYTES = 4_000_000_000
MAX_METADATA = 50_000_000
MAX_PAGE = 10_000_000
MAX_HIGHLIGHTS = 1_000_000
METADATA = re.compile(r"metadata_(\d+)_to_(\d+)\.json")
# `Archived`/`Active` since late 2024; the first exports wrote the raw states.
_STATES = {
    "archived": "archived",
    "active": "unread",
    "succeeded": "unread",
    "content_not_fetched": "unread",
}


def is_omnivore(names: list[str]) -> bool:
    return any(METADATA.fullmatch(posixpath.basename(n)) for n in names)


def _labels(value: Any) -> list[str]:
    names = [v.get("name") if isinstance(v, dict) else v for v in value or []]
    return list(dict.fromkeys(n.strip() for n in names if isinstance(n, str) and n.strip()))


def _member(archive: SafeZip, folder: str, kinds: tuple[str, ...], slug: str, limit: int) -> str:
    for kind in kinds:
        name = posixpath.join(folder, kind, slug)
        if name in archive.names:
            data = archive.read(name, limit)
            return data.decode("utf-8", "replace") if data is not None else ""
    return ""


def _page(html: str) -> str:
    if not html.strip():
        return ""
    if "<html" not in html[:1000].lower():
        # Omnivore saved Readability's output: a bare `<DIV class="page">`, which the
        # extractor refuses as a document.
        html = f"<html><body>{html}</body></html>"
    text = trafilatura.extract(
        html, output_format="markdown", include_links=True, favor_recall=True
    )
    return text or ""


def _item(record: Any, ref: str, archive: SafeZip, folder: str) -> Record:
    if not isinstance(record, dict):
        return RecordFailure(ref, "not a JSON object")
    url = record.get("url")
    if not isinstance(url, str) or not url.strip().lower().startswith(("http://", "https://")):
        return RecordFailure(ref, "not an item with an http(s) `url`")
    url = url.strip()
    slug = record.get("slug") if isinstance(record.get("slug"), str) else ""
    state = field_text(record.get("state")).lower()
    progress = record.get("readingProgress")
    raw: dict[str, Any] = {
        "url": url,
        "title": field_text(record.get("title")),
        "added_at": field_date(record.get("savedAt")),
        "tags": _labels(field_list(record, "labels")),
        "source": "omnivore",
        "status": _STATES.get(state, state or None),
        "description": field_text(record.get("description")) or None,
        "author": field_text(record.get("author")) or None,
        "published_at": field_date(record.get("publishedAt")),
        "progress": progress if isinstance(progress, int | float) else None,
        "omnivore_id": record.get("id") if isinstance(record.get("id"), str) else None,
    }
    page = ""
    if slug:
        raw["highlights"] = (
            _member(archive, folder, ("highlights",), f"{slug}.md", MAX_HIGHLIGHTS).strip() or None
        )
        html = _member(archive, folder, ("content", "contents"), f"{slug}.html", MAX_PAGE)
        page = _page(html)
    raw = with_folders({k: v for k, v in raw.items() if v is not None}, [])
    own = bookmark_content(raw)
    return ItemDraft(
        source_type="bookmark",
        source_id=url,
        title=clip_title(str(raw.get("title") or ""), fallback=url),
        content="\n\n".join(p for p in (own, page) if p),
        raw_data=raw,
    )


def _order(name: str) -> tuple[int, str]:
    found = METADATA.fullmatch(posixpath.basename(name))
    return (int(found.group(1)) if found else 0, name)


def omnivore_records(path: Path) -> Iterator[Record]:
    archive = SafeZip(path, MAX_ZIP_BYTES)
    try:
        files = sorted((n for n in archive.names if is_omnivore([n])), key=_order)
        for name in files:
            data = archive.read(name, MAX_METADATA)
            if data is None:
                yield RecordFailure(name[:200], f"metadata file larger than {MAX_METADATA} bytes")
                continue
            try:
                items = json.loads(data)
            except ValueError as exc:
                raise InvalidInput(
                    f"Omnivore metadata `{name[:200]}` is not JSON: {exc}."
                ) from None
            if not isinstance(items, list):
                yield RecordFailure(name[:200], "metadata file is not a JSON array")
                continue
            folder = posixpath.dirname(name)
            for n, record in enumerate(items, 1):
                yield _item(record, f"{posixpath.basename(name)} item {n}", archive, folder)
    finally:
        archive.close()
