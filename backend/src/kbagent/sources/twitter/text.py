"""Post text as a reader wants it: `t.co` links expanded, media placeholders dropped."""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

ARCHIVE_DATE = "%a %b %d %H:%M:%S %z %Y"  # Wed Oct 10 20:19:24 +0000 2018


def expand_links(
    text: str, urls: Iterable[Mapping[str, Any]], drop: Iterable[str] = ()
) -> tuple[str, list[str]]:
    """Replace each short link by its expanded URL; returns the text and the expanded URLs."""
    expanded: list[str] = []
    for entity in urls:
        short, full = entity.get("url"), entity.get("expanded_url") or entity.get("unwound_url")
        if isinstance(short, str) and isinstance(full, str) and short:
            text = text.replace(short, full)
            expanded.append(full)
    for short in drop:
        if short:
            text = text.replace(short, "")
    return html.unescape(text).strip(), expanded


def post_date(value: object) -> str | None:
    """ISO 8601 from the archive's format, ISO strings, or epoch milliseconds."""
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value / 1000 if value > 1e11 else value).isoformat()
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).isoformat()
    except ValueError:
        pass
    for layout in (ARCHIVE_DATE, "%Y-%m-%d %H:%M:%S %z"):
        try:
            return datetime.strptime(value, layout).isoformat()
        except ValueError:
            continue
    return value


def post_url(username: str | None, post_id: str) -> str:
    return f"https://x.com/{username or 'i'}/status/{post_id}"


def is_post_id(value: object) -> bool:
    return isinstance(value, str) and value.isdigit() and len(value) <= 32
