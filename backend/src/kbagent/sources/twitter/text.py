"""Post text as a reader wants it: `t.co` links expanded, media placeholders dropped."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from datetime import datetime
from itertools import islice
from typing import Any

ARCHIVE_DATE = "%a %b %d %H:%M:%S %z %Y"  # Wed Oct 10 20:19:24 +0000 2018
MAX_LINKS = 200  # a post carries a handful
MAX_URL = 8192
MAX_GROWTH = 200_000  # characters link expansion may add to one post


def expand_links(text: str, urls: Iterable[Any], drop: Iterable[str] = ()) -> tuple[str, list[str]]:
    """Replace each short link by its expanded URL; returns the text and the expanded URLs.

    One pass over the text: replacing link after link re-scanned each expansion, so a crafted
    record ("a" -> "aa", forty times) grew the text exponentially. Growth is capped too.
    """
    expanded: list[str] = []
    mapping: dict[str, str] = {}
    for entity in islice(urls, MAX_LINKS):
        if not isinstance(entity, Mapping):
            continue
        short, full = entity.get("url"), entity.get("expanded_url") or entity.get("unwound_url")
        if isinstance(short, str) and isinstance(full, str) and short and len(full) <= MAX_URL:
            mapping.setdefault(short, full)
            expanded.append(full)
    for short in islice(drop, MAX_LINKS):
        if short:
            mapping.setdefault(short, "")
    if mapping:
        room = [MAX_GROWTH]

        def replace(match: re.Match[str]) -> str:
            full = mapping[match.group(0)]
            room[0] -= len(full)
            return full if room[0] >= 0 else match.group(0)

        longest_first = sorted(mapping, key=len, reverse=True)
        pattern = re.compile("|".join(re.escape(short) for short in longest_first))
        text = pattern.sub(replace, text)
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


def looks_truncated(text: str) -> bool:
    """X's own cut: a retweet's "RT @user: ..." or a long post's first 280 characters, both
    ending in an ellipsis (a short post ending in one is left alone)."""
    text = re.sub(r"\s*https?://t\.co/\w+$", "", text.rstrip())
    if not text.endswith("\u2026"):
        return False
    return text.startswith("RT @") or len(text) >= 250
