"""One post or bookmark seen through several sources: keep the richest value of each field.

"Last source wins" lost data both ways: an exporter record without link entities replaced the
archive's expanded links by raw t.co links, and an archive's truncated retweet could replace a
full text. Instead:
- posts: the record of the higher-precedence source (API > exporter > archive) is the base;
  the text is the fuller of the two (not truncated, no unexpanded t.co links); empty fields of
  the base are filled from the other; media are the set with more files actually stored.
- bookmarks: the stored item is the base; folders and tags are the union, the earliest date
  and the first non-empty title and description are kept, and so is the longer page text an
  export brought with it (Omnivore's saved content).
- highlights (a Readwise book): the highlights are the union, in the order first seen.

Merging is idempotent (merging the result with the same record again changes nothing): that
is what makes a re-import of any file a no-op.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from kbagent.sources.drafts import ItemDraft, clip_title, precedence

_RAW_TCO = re.compile(r"https?://t\.co/\w+")
_FILLED = ("created_at", "url", "in_reply_to", "quoted_status", "retweeted_status", "counts")


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _text_rank(draft: ItemDraft) -> tuple[bool, bool]:
    return (not draft.truncated, _RAW_TCO.search(draft.content) is None)


def _media_rank(media: list[dict[str, Any]]) -> tuple[int, int]:
    stored = sum(1 for m in media if isinstance(m, dict) and m.get("status") == "stored")
    described = sum(1 for m in media if isinstance(m, dict) and m.get("description"))
    return stored, described


def _filled(base: dict[str, Any], other: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in other.items():
        if _empty(merged.get(key)) and not _empty(value):
            merged[key] = value
    return merged


def merge_post(stored: ItemDraft, incoming: ItemDraft) -> ItemDraft:
    """`stored` is the item as kept; ties go to the incoming record so a source's own
    corrections (an edited post re-exported) still land."""
    prefer_incoming = precedence(incoming.raw_data) >= precedence(stored.raw_data)
    base, other = (incoming, stored) if prefer_incoming else (stored, incoming)
    raw = dict(base.raw_data or {})
    other_raw = other.raw_data or {}
    text = other if _text_rank(other) > _text_rank(base) else base
    if text is other:
        raw["links"] = other_raw.get("links") or raw.get("links") or []
        raw.pop("truncated_by", None)
    for key in _FILLED:
        if _empty(raw.get(key)) and not _empty(other_raw.get(key)):
            raw[key] = other_raw[key]
    if "/i/status/" in str(raw.get("url") or "") and "/i/status/" not in str(
        other_raw.get("url") or "/i/status/"
    ):
        raw["url"] = other_raw["url"]  # a URL naming the author beats the anonymous form
    if isinstance(raw.get("author"), dict) and isinstance(other_raw.get("author"), dict):
        raw["author"] = _filled(raw["author"], other_raw["author"])
    elif _empty(raw.get("author")) and not _empty(other_raw.get("author")):
        raw["author"] = other_raw["author"]
    # Media: the stored row keeps its files (and the descriptions the pipeline added) on a tie.
    media = stored.media_files
    if _media_rank(incoming.media_files) > _media_rank(stored.media_files) or not media:
        media = incoming.media_files or stored.media_files
    return replace(
        base,
        title=text.title,
        content=text.content,
        truncated=text.truncated,
        raw_data=raw,
        media_files=media,
    )


def _union(first: Any, second: Any) -> list[Any]:
    items = [*(first if isinstance(first, list) else [])]
    items += second if isinstance(second, list) else []
    return list(dict.fromkeys(v for v in items if isinstance(v, str) and v))


def bookmark_folders(raw: dict[str, Any]) -> list[str]:
    folders = raw.get("folders")
    if isinstance(folders, list):
        return [f for f in folders if isinstance(f, str)]
    folder = raw.get("folder")
    return [folder] if isinstance(folder, str) and folder else []


def bookmark_content(raw: dict[str, Any]) -> str:
    """The words of a bookmark: its title, description, note and highlights."""
    parts = [raw.get(key) for key in ("title", "description", "note", "highlights")]
    return "\n\n".join(p for p in parts if isinstance(p, str) and p)


def with_folders(raw: dict[str, Any], folders: list[str]) -> dict[str, Any]:
    """`folder` is the first folder (the shape items had before); `folders` only when a URL
    sits in several, so bookmarks stored earlier keep their content hash."""
    raw = {k: v for k, v in raw.items() if k not in ("folder", "folders")}
    raw["folder"] = folders[0] if folders else None
    if len(folders) > 1:
        raw["folders"] = folders
    return raw


def _page_text(draft: ItemDraft) -> str:
    """What an export stored after the bookmark's own words: the saved page's text."""
    own = bookmark_content(draft.raw_data or {})
    if not draft.content.startswith(own):
        return ""  # a page the cache phase fetched replaced the words: it fetches it again
    return draft.content[len(own) :].strip()


def merge_bookmark(stored: ItemDraft, incoming: ItemDraft) -> ItemDraft:
    raw = _filled(stored.raw_data or {}, incoming.raw_data or {})
    new = incoming.raw_data or {}
    raw["tags"] = _union(raw.get("tags"), new.get("tags"))
    dates = [d for d in (raw.get("added_at"), new.get("added_at")) if isinstance(d, str)]
    raw["added_at"] = min(dates) if dates else None
    raw = with_folders(raw, _union(bookmark_folders(stored.raw_data or {}), bookmark_folders(new)))
    page = max(_page_text(stored), _page_text(incoming), key=len)
    return replace(
        stored,
        title=clip_title(str(raw.get("title") or ""), fallback=stored.source_id),
        content="\n\n".join(p for p in (bookmark_content(raw), page) if p),
        raw_data=raw,
    )


def highlights_content(raw: dict[str, Any]) -> str:
    """A book's highlights as Markdown: quotes, each with its note, location and tags."""
    lines = [f"# {raw.get('title') or 'Highlights'}"]
    if raw.get("author"):
        lines.append(f"by {raw['author']}")
    for highlight in raw.get("highlights") or []:
        if not isinstance(highlight, dict):
            continue
        text = str(highlight.get("text") or "")
        if text:
            lines.append("\n".join(f"> {line}" if line else ">" for line in text.splitlines()))
        if highlight.get("note"):
            lines.append(f"Note: {highlight['note']}")
        where = " ".join(str(highlight.get(k) or "") for k in ("location_type", "location"))
        tags = " ".join(f"#{t}" for t in highlight.get("tags") or [] if isinstance(t, str))
        if where.strip() or tags:
            lines.append(" · ".join(p for p in (where.strip(), tags) if p))
    return "\n\n".join(lines)


def _highlight_key(highlight: Any) -> str:
    if not isinstance(highlight, dict):
        return repr(highlight)
    return "\x00".join(str(highlight.get(k) or "") for k in ("text", "note", "location"))


def merge_highlights(stored: ItemDraft, incoming: ItemDraft) -> ItemDraft:
    raw = _filled(stored.raw_data or {}, incoming.raw_data or {})
    new = incoming.raw_data or {}
    raw["tags"] = _union(raw.get("tags"), new.get("tags"))
    both = [*((stored.raw_data or {}).get("highlights") or []), *(new.get("highlights") or [])]
    kept: dict[str, Any] = {}
    for highlight in both:
        kept.setdefault(_highlight_key(highlight), highlight)
    raw["highlights"] = list(kept.values())
    dates = [d for d in (raw.get("added_at"), new.get("added_at")) if isinstance(d, str)]
    raw["added_at"] = min(dates) if dates else None
    return replace(stored, content=highlights_content(raw), raw_data=raw)


MERGERS = {"x": merge_post, "bookmark": merge_bookmark, "highlights": merge_highlights}
