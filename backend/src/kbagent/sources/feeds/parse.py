"""A fetched feed's bytes -> its title, site and one item draft per entry (feedparser).

The body is untrusted: it is capped in size by the fetcher, and a document that declares XML
entities is refused before any parser sees it. Real feeds never declare their own; a declared
entity is how an XML bomb (billion laughs, quadratic blow-up) multiplies a small body into
gigabytes. feedparser is handed a stream, never bytes or a string, which it would otherwise
take for a file name or a URL to open itself.
"""

from __future__ import annotations

import calendar
import io
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import feedparser
import lxml.etree
import lxml.html

from kbagent.errors import InvalidInput
from kbagent.sources.drafts import ItemDraft, Record, RecordFailure, clip_title
from kbagent.sources.web import canonical_url

SOURCE_TYPE = "feed"
# What servers call RSS and Atom (and the generic XML and text types many of them use).
FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
    "application/x-rss+xml",
    "text/plain",
)
FIRST_ELEMENT = re.compile(rb"<[A-Za-z_]")
ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)


@dataclass(frozen=True)
class ParsedFeed:
    title: str | None
    site_url: str | None
    records: list[Record]


def refuse_entities(body: bytes) -> None:
    """Refuse a document whose prolog declares entities, in any encoding of ASCII markup
    (UTF-16 and UTF-32 put NULs between the letters)."""
    probe = body.replace(b"\x00", b"")
    start = FIRST_ELEMENT.search(probe)
    prolog = probe[: start.start()] if start else probe
    if ENTITY_DECLARATION.search(prolog):
        raise InvalidInput(
            "The feed declares XML entities; kbagent refuses them (they are how XML bombs "
            "expand a small file into gigabytes).",
            {"reason": "xml_entities"},
        )


def _text(html: str) -> str:
    """The readable text of an entry's (sanitised) HTML, paragraphs kept apart."""
    if "<" not in html:
        return html.strip()
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return html.strip()
    for block in root.iter("p", "br", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6"):
        block.tail = "\n" + (block.tail or "")
    text = root.text_content()
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def _body(entry: Any) -> str:
    """The richest text the entry carries: its full content, else its summary."""
    for part in entry.get("content") or []:
        value = part.get("value") if isinstance(part, dict) else None
        if isinstance(value, str) and value.strip():
            return _text(value)
    summary = entry.get("summary")
    return _text(summary) if isinstance(summary, str) else ""


def _when(parsed: Any) -> str | None:
    if parsed is None:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(parsed), UTC).isoformat()
    except (TypeError, ValueError, OverflowError):
        return None


def _link(value: Any) -> str | None:
    if isinstance(value, str) and value.strip().startswith(("http://", "https://")):
        return canonical_url(value)
    return None


def entry_record(entry: Any, feed_url: str, feed_title: str | None, position: int) -> Record:
    link = _link(entry.get("link"))
    entry_id = entry.get("id") if isinstance(entry.get("id"), str) else None
    key = link or (entry_id.strip() if entry_id else "")
    if not key:
        return RecordFailure(f"entry {position}", "the entry has neither a link nor an id")
    raw: dict[str, Any] = {
        "url": link,
        "feed_url": feed_url,
        "feed_title": feed_title,
        "entry_id": entry_id,
        "author": entry.get("author") if isinstance(entry.get("author"), str) else None,
        "published": _when(entry.get("published_parsed") or entry.get("updated_parsed")),
        "tags": [
            str(t["term"]) for t in entry.get("tags") or [] if isinstance(t, dict) and t.get("term")
        ],
    }
    title = entry.get("title") if isinstance(entry.get("title"), str) else ""
    return ItemDraft(
        source_type=SOURCE_TYPE,
        source_id=key,
        title=clip_title(title, fallback=key),
        content=_body(entry),
        raw_data={k: v for k, v in raw.items() if v not in (None, [])},
    )


def parse_feed(body: bytes, url: str, content_type: str) -> ParsedFeed:
    """The feed's title, site and records (422 when the body is no RSS or Atom feed)."""
    refuse_entities(body)
    headers = {"content-location": url, "content-type": content_type or "application/xml"}
    result = feedparser.parse(io.BytesIO(body), response_headers=headers)
    entries = list(result.get("entries") or [])
    problem = result.get("bozo_exception")
    # An empty feed is a feed; an empty result of a broken document is an error.
    broken = problem is not None and not isinstance(problem, feedparser.ThingsNobodyCaresAboutButMe)
    if not entries and (broken or not result.get("version")):
        reason = f": {str(problem)[:200]}" if problem else ""
        raise InvalidInput(
            f"{url} is not an RSS or Atom feed{reason}.", {"url": url, "reason": "not_a_feed"}
        )
    feed = result.get("feed") or {}
    title = feed.get("title") if isinstance(feed.get("title"), str) else None
    records = [entry_record(e, url, title, n) for n, e in enumerate(entries, 1)]
    site = _link(feed.get("link"))
    return ParsedFeed(
        title=title.strip()[:500] if title and title.strip() else None,
        site_url=site if site and len(site) <= 2048 else None,
        records=records,
    )
