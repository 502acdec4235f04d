"""From X API v2 responses to items: threads in order, quoted posts, long posts, media.

A bookmarked post becomes one item holding its whole thread: every post by the same author in
the same conversation that kbagent has seen, ordered by time (then id).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from kbagent.sources.drafts import ItemDraft, clip_title
from kbagent.sources.twitter.text import expand_links, post_date, post_url

Post = dict[str, Any]
MediaFetch = Callable[[str, str, dict[str, Any]], dict[str, Any]]


@dataclass
class Seen:
    """Everything the responses of one sync contained, by id."""

    posts: dict[str, Post] = field(default_factory=dict)
    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    media: dict[str, dict[str, Any]] = field(default_factory=dict)

    def add(self, response: dict[str, Any]) -> None:
        includes = response.get("includes") or {}
        for post in [*(response.get("data") or []), *(includes.get("tweets") or [])]:
            if isinstance(post, dict) and isinstance(post.get("id"), str):
                self.posts[post["id"]] = post
        for user in includes.get("users") or []:
            if isinstance(user, dict) and "id" in user:
                self.users[str(user["id"])] = user
        for item in includes.get("media") or []:
            if isinstance(item, dict) and "media_key" in item:
                self.media[str(item["media_key"])] = item

    def thread(self, post: Post) -> list[Post]:
        conversation, author = post.get("conversation_id"), post.get("author_id")
        if not conversation:
            return [post]
        parts = [
            p
            for p in self.posts.values()
            if p.get("conversation_id") == conversation and p.get("author_id") == author
        ]
        return sorted(parts, key=lambda p: (str(p.get("created_at") or ""), int(p["id"])))

    def continues_thread(self, post: Post) -> bool:
        """A reply to the author's own post: the start of the thread may be missing."""
        return bool(post.get("in_reply_to_user_id")) and (
            post.get("in_reply_to_user_id") == post.get("author_id")
        )


def full_text(post: Post) -> tuple[str, list[str]]:
    """The whole text (long posts live in `note_tweet`), t.co links expanded."""
    note = post.get("note_tweet") or {}
    text = str(note.get("text") or post.get("text") or "")
    entities = (note.get("entities") if note.get("text") else None) or post.get("entities") or {}
    urls = [u for u in entities.get("urls") or [] if isinstance(u, dict)]
    media_links = [str(u.get("url")) for u in urls if u.get("media_key")]
    return expand_links(text, [u for u in urls if not u.get("media_key")], drop=media_links)


def media_request(item: dict[str, Any]) -> tuple[str, str, dict[str, Any]] | None:
    """(url, kind, extra): photos in original size, videos as their best mp4 variant + poster."""
    kind = str(item.get("type") or "photo")
    if kind == "photo" and item.get("url"):
        url = str(item["url"])
        separator = "&" if "?" in url else "?"
        return f"{url}{separator}name=orig", kind, {"alt_text": item.get("alt_text")}
    variants = [
        v
        for v in item.get("variants") or []
        if isinstance(v, dict) and v.get("content_type") == "video/mp4" and v.get("url")
    ]
    if variants:
        best = max(variants, key=lambda v: int(v.get("bit_rate") or v.get("bitrate") or 0))
        return str(best["url"]), kind, {"poster": item.get("preview_image_url")}
    if item.get("preview_image_url"):
        return str(item["preview_image_url"]), "poster", {}
    return None


def bookmark_draft(post: Post, seen: Seen, fetch_media: MediaFetch) -> ItemDraft:
    parts = seen.thread(post)
    author = seen.users.get(str(post.get("author_id")), {})
    texts: list[str] = []
    links: list[str] = []
    quoted: list[dict[str, Any]] = []
    media_files: list[dict[str, Any]] = []
    for part in parts:
        text, found = full_text(part)
        texts.append(text)
        links.extend(found)
        for ref in part.get("referenced_tweets") or []:
            if ref.get("type") != "quoted":
                continue
            target = seen.posts.get(str(ref.get("id")))
            if target is None:
                quoted.append({"id": ref.get("id"), "missing": True})
                continue
            quoted_text, _ = full_text(target)
            quoted_author = seen.users.get(str(target.get("author_id")), {})
            name = quoted_author.get("username") or "unknown"
            texts.append("\n".join(f"> {line}" for line in f"@{name}: {quoted_text}".splitlines()))
            quoted.append({"id": target["id"], "author": name, "text": quoted_text})
        for key in (part.get("attachments") or {}).get("media_keys") or []:
            media_files.extend(_media(seen.media.get(str(key)), str(key), fetch_media))
    content = "\n\n".join(t for t in texts if t)
    post_id = str(post["id"])
    return ItemDraft(
        source_type="x",
        source_id=post_id,
        title=clip_title(texts[0] if texts else "", fallback=f"Post {post_id}"),
        content=content,
        raw_data={
            "source": "x_api",
            "id": post_id,
            "url": post_url(author.get("username"), post_id),
            "created_at": post_date(post.get("created_at")),
            "conversation_id": post.get("conversation_id"),
            "author": {k: author.get(k) for k in ("id", "username", "name")},
            "thread_ids": [p["id"] for p in parts],
            "links": links,
            "quoted": quoted,
        },
        media_files=media_files,
    )


def _media(item: dict[str, Any] | None, key: str, fetch_media: MediaFetch) -> list[dict[str, Any]]:
    request = media_request(item) if item else None
    if item is None or request is None:
        return [
            {
                "kind": "unknown",
                "media_key": key,
                "status": "failed",
                "path": None,
                "error": "media not included in the API response",
            }
        ]
    url, kind, extra = request
    entries = [fetch_media(url, kind, {"media_key": key, **extra})]
    if kind != "photo" and item.get("preview_image_url") and url != item["preview_image_url"]:
        # Videos keep their poster frame too: the vision model describes it.
        poster = str(item["preview_image_url"])
        entries.append(fetch_media(poster, "poster", {"media_key": key}))
    return entries


def bookmarked(responses: Iterable[dict[str, Any]]) -> list[Post]:
    return [p for r in responses for p in r.get("data") or [] if isinstance(p, dict)]
