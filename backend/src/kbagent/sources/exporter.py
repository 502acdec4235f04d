"""twitter-web-exporter JSON: a flat array of posts, streamed record by record.

The exporter writes `id`, `full_text` (with raw t.co links), `media` (each with its t.co
`url`), `screen_name`, `name`, counts and the ids of the replied, quoted and retweeted posts.
Older versions (and an export option) add `metadata`: the post as X's web API returned it,
with link entities, the author's id, a long post's `note_tweet` and a retweet's original.
Without `metadata` links cannot be expanded (the file does not say where they lead): they are
kept as they are, and a richer source of the same post replaces them (merge.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO

from kbagent.sources import media
from kbagent.sources.drafts import (
    ItemDraft,
    Record,
    RecordFailure,
    clip_title,
    field_dict,
    field_list,
)
from kbagent.sources.jsonstream import array_items
from kbagent.sources.twitter.text import (
    expand_links,
    is_post_id,
    looks_truncated,
    post_date,
    post_url,
)


def _media(record: dict[str, Any]) -> list[dict[str, Any]]:
    entries = []
    for item in field_list(record, "media"):
        if not isinstance(item, dict):
            continue
        url = item.get("original") or item.get("url")
        if isinstance(url, str) and url:
            entries.append(
                media.remote(
                    url,
                    str(item.get("type") or "photo"),
                    thumbnail=item.get("thumbnail"),
                    alt_text=item.get("ext_alt_text"),
                )
            )
    return entries


def _graphql_tweet(value: Any) -> dict[str, Any]:
    """X's `TweetWithVisibilityResults` wraps the post one level deeper."""
    found = field_dict(value, "result")
    return field_dict(found, "tweet") if "tweet" in found else found


def _full_text(tweet: dict[str, Any]) -> tuple[str | None, list[Any]]:
    note = field_dict(field_dict(field_dict(tweet, "note_tweet"), "note_tweet_results"), "result")
    legacy = field_dict(tweet, "legacy")
    urls = [*field_list(field_dict(note, "entity_set"), "urls")]
    urls += field_list(field_dict(legacy, "entities"), "urls")
    text = note.get("text") if isinstance(note.get("text"), str) else legacy.get("full_text")
    return (text if isinstance(text, str) else None), urls


def _author_id(record: dict[str, Any], metadata: dict[str, Any]) -> str | None:
    user = field_dict(field_dict(metadata, "core"), "user_results")
    for value in (
        record.get("user_id"),
        field_dict(user, "result").get("rest_id"),
        field_dict(metadata, "legacy").get("user_id_str"),
    ):
        if isinstance(value, str | int) and str(value).isdigit():
            return str(value)
    return None


def _short_links(media: list[Any]) -> set[str]:
    return {m["url"] for m in media if isinstance(m, dict) and isinstance(m.get("url"), str)}


def _text(record: dict[str, Any], text: str) -> tuple[str, list[str], bool]:
    """The post's text with links expanded and media links dropped, and whether X cut it."""
    metadata = field_dict(record, "metadata")
    _, urls = _full_text(metadata)
    drop = _short_links(field_list(record, "media"))
    legacy = field_dict(metadata, "legacy")
    drop |= _short_links(field_list(field_dict(legacy, "entities"), "media"))
    original = _graphql_tweet(field_dict(legacy, "retweeted_status_result"))
    original_text, original_urls = _full_text(original)
    if original_text is not None and text.startswith("RT @"):
        # The retweet's own text is cut at 140 characters; its original is whole.
        author = field_dict(field_dict(field_dict(original, "core"), "user_results"), "result")
        name = field_dict(author, "legacy").get("screen_name") or text[4:].split(":", 1)[0]
        text, urls = f"RT @{name}: {original_text}", [*original_urls, *urls]
        media = field_list(field_dict(field_dict(original, "legacy"), "entities"), "media")
        drop |= _short_links(media)
    truncated = looks_truncated(text)
    expanded, links = expand_links(text, urls, drop=drop)
    return expanded, links, truncated


def exporter_draft(record: Any, position: int) -> Record:
    if not isinstance(record, dict):
        return RecordFailure(f"record {position}", "not a JSON object")
    post_id = record.get("id")
    if isinstance(post_id, int):
        post_id = str(post_id)
    if not is_post_id(post_id):
        return RecordFailure(f"record {position}", "missing or invalid `id`")
    assert isinstance(post_id, str)
    text = record.get("full_text")
    if not isinstance(text, str):
        return RecordFailure(post_id, "missing `full_text`")
    text, links, truncated = _text(record, text)
    username = record.get("screen_name") if isinstance(record.get("screen_name"), str) else None
    return ItemDraft(
        source_type="x",
        source_id=post_id,
        title=clip_title(text, fallback=f"Post {post_id}"),
        content=text,
        raw_data={
            "source": "twitter_web_exporter",
            "id": post_id,
            "url": record.get("url") or post_url(username, post_id),
            "created_at": post_date(record.get("created_at")),
            "author": {
                "id": _author_id(record, field_dict(record, "metadata")),
                "username": username,
                "name": record.get("name"),
            },
            "links": links,
            "in_reply_to": record.get("in_reply_to"),
            "quoted_status": record.get("quoted_status"),
            "retweeted_status": record.get("retweeted_status"),
            "counts": {
                k: record.get(k)
                for k in ("favorite_count", "retweet_count", "reply_count", "quote_count")
                if k in record
            },
        },
        media_files=_media(record),
        truncated=truncated,
    )


def exporter_records(source: BinaryIO) -> Iterator[Record]:
    for position, record in enumerate(array_items(source, "exporter JSON"), 1):
        yield exporter_draft(record, position)
