"""twitter-web-exporter JSON: a flat array of posts, streamed record by record."""

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
from kbagent.sources.twitter.text import expand_links, is_post_id, post_date, post_url


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
    entities = field_dict(field_dict(field_dict(record, "metadata"), "legacy"), "entities")
    text, links = expand_links(text, field_list(entities, "urls"))
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
                "id": record.get("user_id"),
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
    )


def exporter_records(source: BinaryIO) -> Iterator[Record]:
    for position, record in enumerate(array_items(source, "exporter JSON"), 1):
        yield exporter_draft(record, position)
