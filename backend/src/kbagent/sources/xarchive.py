"""The X data archive: `data/tweets.js` and `data/like.js` (and media files) from the zip.

Each data file is `window.YTD.<name>.part0 = [...]`; it is streamed, never loaded whole. Media
files are read from `data/tweets_media/<tweet id>-<name>` into the media store, each capped.
Older archives name these `data/tweet.js` and `data/tweet_media/`, and may hold bare tweet
objects instead of `{"tweet": {...}}`. Long posts take their full text from
`data/note-tweet.js` (twitter/notes.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import Any, BinaryIO

from kbagent.config import Settings
from kbagent.errors import InvalidInput
from kbagent.sources.drafts import (
    ItemDraft,
    Record,
    RecordFailure,
    clip_title,
    field_dict,
    field_list,
)
from kbagent.sources.jsonstream import PrefixSkipper, array_items
from kbagent.sources.media import MediaStore
from kbagent.sources.safezip import SafeZip
from kbagent.sources.twitter.notes import LongPosts
from kbagent.sources.twitter.text import (
    expand_links,
    is_post_id,
    looks_truncated,
    post_date,
    post_url,
)

_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".gif": "image/gif"}
_TYPES |= {".mp4": "video/mp4", ".webp": "image/webp"}
Account = dict[str, Any]


class _ArchiveMedia:
    def __init__(self, archive: SafeZip, settings: Settings) -> None:
        self.archive = archive
        self.settings = settings
        self.store = MediaStore(settings.data_dir)
        self.by_post: dict[str, list[str]] = {}
        for name in archive.names:
            if "/tweets_media/" in f"/{name}" or "/tweet_media/" in f"/{name}":
                base = PurePosixPath(name).name
                self.by_post.setdefault(base.split("-", 1)[0], []).append(name)

    def entry(self, post_id: str, item: dict[str, Any]) -> dict[str, Any]:
        kind = str(item.get("type") or "photo")
        url = str(item.get("media_url_https") or item.get("media_url") or "")
        wanted = PurePosixPath(url).name
        candidates = self.by_post.get(post_id, [])
        if kind == "photo":
            names = [n for n in candidates if wanted and n.endswith("-" + wanted)]
        else:
            names = [n for n in candidates if n.endswith(".mp4")]
        base = {"kind": kind, "url": url, "path": None}
        if not names:
            return {**base, "status": "missing", "error": "not in the archive"}
        data = self.archive.read(names[0], self.settings.media_max_bytes)
        if data is None:
            return {**base, "status": "failed", "error": "larger than the media size limit"}
        content_type = _TYPES.get(PurePosixPath(names[0]).suffix.lower(), "")
        path, sha, size = self.store.put([data], content_type)
        return {**base, "status": "stored", "path": path, "sha256": sha, "bytes": size}


def _tweet(
    record: Any,
    n: int,
    account: Account,
    found: _ArchiveMedia | None,
    notes: LongPosts | None = None,
) -> Record:
    tweet = record.get("tweet", record) if isinstance(record, dict) else None
    if not isinstance(tweet, dict) or not is_post_id(tweet.get("id_str")):
        return RecordFailure(f"tweets.js record {n}", "not a tweet with an `id_str`")
    post_id = str(tweet["id_str"])
    entities = field_dict(tweet, "entities")
    media_items = field_list(field_dict(tweet, "extended_entities"), "media")
    raw_text = str(tweet.get("full_text") or tweet.get("text") or "")
    urls = field_list(entities, "urls")
    note = notes.match(raw_text, tweet.get("created_at")) if notes else None
    if note is not None:
        raw_text, urls = note[0], [*note[1], *urls]
    text, links = expand_links(
        raw_text,
        urls,
        drop={str(m.get("url") or "") for m in media_items if isinstance(m, dict)},
    )
    media_files = [
        found.entry(post_id, m) if found else {"kind": m.get("type"), "status": "missing"}
        for m in media_items
        if isinstance(m, dict)
    ]
    return ItemDraft(
        source_type="x",
        source_id=post_id,
        title=clip_title(text, fallback=f"Post {post_id}"),
        content=text,
        raw_data={
            "source": "x_archive",
            "kind": "tweet",
            "id": post_id,
            "url": post_url(account.get("username"), post_id),
            "created_at": post_date(tweet.get("created_at")),
            "author": account,
            "links": links,
            "in_reply_to": tweet.get("in_reply_to_status_id_str"),
            **({"long_post": True} if note is not None else {}),
        },
        media_files=media_files,
        truncated=note is None and looks_truncated(raw_text),
    )


def _like(record: Any, n: int) -> Record:
    like = record.get("like") if isinstance(record, dict) else None
    if not isinstance(like, dict) or not is_post_id(like.get("tweetId")):
        return RecordFailure(f"like.js record {n}", "not a like with a `tweetId`")
    post_id = str(like["tweetId"])
    text = str(like.get("fullText") or "")
    return ItemDraft(
        source_type="x",
        source_id=post_id,
        title=clip_title(text, fallback=f"Post {post_id}"),
        content=text,
        raw_data={
            "source": "x_archive",
            "kind": "like",
            "id": post_id,
            "url": like.get("expandedUrl") or post_url(None, post_id),
        },
        truncated=looks_truncated(text),
    )


def _account(archive: SafeZip) -> Account:
    name = archive.find("data/account.js")
    if name is None:
        return {}
    with archive.open(name) as raw:
        records = list(array_items(PrefixSkipper(raw, "account.js"), "account.js"))
    account = (records[0] if records and isinstance(records[0], dict) else {}).get("account")
    if not isinstance(account, dict):
        return {}
    return {
        "id": account.get("accountId"),
        "username": account.get("username"),
        "name": account.get("accountDisplayName"),
    }


def _parts(archive: SafeZip, name: str) -> list[str]:
    """`data/<name>.js` and, in large archives, `data/<name>-part1.js`, `-part2.js`, ..."""
    first = archive.find(f"data/{name}.js")
    if first is None:
        return []
    folder = first.removesuffix(f"{name}.js")
    pattern = re.compile(re.escape(folder + name) + r"-part(\d+)\.js")
    parts = sorted(
        (int(m.group(1)), n) for n in archive.names if (m := pattern.fullmatch(n)) is not None
    )
    return [first, *(n for _, n in parts)]


def archive_records(source: BinaryIO, settings: Settings) -> Iterator[Record]:
    archive = SafeZip(source, settings.import_max_uncompressed_bytes)
    try:
        account = _account(archive)
        found = _ArchiveMedia(archive, settings)
        notes = LongPosts()
        for name in _parts(archive, "note-tweet"):
            with archive.open(name) as raw:
                for record in array_items(PrefixSkipper(raw, name), name):
                    notes.add(record)
        tweets = _parts(archive, "tweets") or _parts(archive, "tweet")
        likes = _parts(archive, "like")
        if not tweets and not likes:
            raise InvalidInput("The archive has neither data/tweets.js nor data/like.js.")
        for name in tweets:
            with archive.open(name) as raw:
                for n, record in enumerate(array_items(PrefixSkipper(raw, name), name), 1):
                    yield _tweet(record, n, account, found, notes)
        for name in likes:
            with archive.open(name) as raw:
                for n, record in enumerate(array_items(PrefixSkipper(raw, name), name), 1):
                    yield _like(record, n)
    finally:
        archive.close()


def archive_js_records(source: BinaryIO) -> Iterator[Record]:
    """A lone `tweets.js` or `like.js` taken out of an archive."""
    stream = PrefixSkipper(source, "archive data file")
    for n, record in enumerate(array_items(stream, "archive data file"), 1):
        is_like = isinstance(record, dict) and "like" in record
        if isinstance(record, dict) and "noteTweet" in record:
            continue  # a lone note-tweet.js: the notes' posts are not in it
        yield _like(record, n) if is_like else _tweet(record, n, {}, None)
