"""Readwise highlights CSV (readwise.io/export): one item per book or article, its highlights kept.

Columns: `Highlight,Book Title,Book Author,Amazon Book ID,Note,Color,Tags,Location Type,
Location,Highlighted at[,Document tags]`; one row per highlight, the rows of one book next to
each other. The export has no URL column, so a book is keyed by its title and author
(`readwise:<sha256>`); its highlights, with their notes, colours, tags, locations and dates,
become the item's text. Rows of one book are gathered while they follow each other (memory
holds one book at a time); a book whose rows are split is joined by the merge rule for
highlights (merge.py), so importing the file again still changes nothing.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterator
from itertools import groupby
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
from kbagent.sources.merge import highlights_content

MAX_FIELD = 1_000_000
Row = dict[str, str]


def _highlight(row: Row) -> dict[str, Any]:
    found = {
        "text": row.get("highlight", "").strip(),
        "note": row.get("note", "").strip() or None,
        "color": row.get("color", "").strip() or None,
        "tags": split_list(row.get("tags", "")),
        "location_type": row.get("location type", "").strip() or None,
        "location": row.get("location", "").strip() or None,
        "highlighted_at": field_date(row.get("highlighted at", "")),
    }
    return {k: v for k, v in found.items() if v not in (None, [])}


def _key(row: Row) -> tuple[str, str]:
    return (
        " ".join(row.get("book title", "").split()),
        " ".join(row.get("book author", "").split()),
    )


def _book(title: str, author: str, rows: list[Row], n: int) -> Record:
    highlights = [h for h in (_highlight(r) for r in rows) if h.get("text") or h.get("note")]
    if not highlights:
        return RecordSkipped(f"book {n}", "a book without highlights or notes")
    dates = [h["highlighted_at"] for h in highlights if "highlighted_at" in h]
    document_tags: list[str] = []
    for row in rows:
        document_tags += split_list(row.get("document tags", ""))
    asin = next((r.get("amazon book id", "").strip() for r in rows if r.get("amazon book id")), "")
    raw: dict[str, Any] = {
        "title": title,
        "author": author or None,
        "amazon_book_id": asin or None,
        "tags": list(dict.fromkeys(document_tags)),
        "added_at": min(dates) if dates else None,
        "source": "readwise",
        "highlights": highlights,
    }
    digest = hashlib.sha256(f"{title}\x00{author}".encode()).hexdigest()
    return ItemDraft(
        source_type="highlights",
        source_id=f"readwise:{digest}",
        title=clip_title(title, fallback="Highlights"),
        content=highlights_content(raw),
        raw_data=raw,
    )


def readwise_records(path: Path) -> Iterator[Record]:
    csv.field_size_limit(MAX_FIELD)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = (
            {(k or "").strip().lower(): v or "" for k, v in row.items() if k}
            for row in csv.DictReader(handle)
        )
        try:
            for n, ((title, author), group) in enumerate(groupby(rows, key=_key), 1):
                if not title:
                    yield RecordFailure(f"book {n}", "highlights without a book title")
                    continue
                yield _book(title, author, list(group), n)
        except (csv.Error, UnicodeDecodeError) as exc:
            raise InvalidInput(f"CSV file could not be read: {exc}.") from None
