"""The earlier tool's tables as records: items merged by tweet id across `unified_tweet`,
`knowledge_base_item` and `tweet_cache`; categories, syntheses, chats, embeddings.

Markdown preference (LEGACY.md): `unified_tweet.markdown_content`, then `kb_content`, then
`knowledge_base_item.content`; the older `tweet_cache` row comes last.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from kbagent.legacy.decode import Decoder, flag, moment, text
from kbagent.legacy.records import (
    LegacyCategory,
    LegacyChat,
    LegacyData,
    LegacyItem,
    LegacyMessage,
    LegacySynthesis,
    MediaRef,
    Skipped,
)
from kbagent.legacy.source import LegacyDatabase

STATUS_URL = "https://twitter.com/i/web/status/{}"


def _id(value: Any) -> str | None:
    found = text(value)
    return found if found and len(found) <= 64 else None


def media_refs(paths: list[Any], descriptions: list[Any]) -> list[MediaRef]:
    refs = []
    for index, path in enumerate(paths):
        if isinstance(path, dict):  # a segment's media entry
            path = path.get("path") or path.get("url")
        if not isinstance(path, str) or not path.strip():
            continue
        about = descriptions[index] if index < len(descriptions) else None
        kind = "video" if path.lower().endswith((".mp4", ".mov", ".webm")) else "image"
        refs.append(MediaRef(path.strip(), about if isinstance(about, str) else None, kind))
    return refs


def thread_text(thread: list[Any]) -> str | None:
    parts = [s.get("full_text") for s in thread if isinstance(s, dict)]
    return text(" ".join(p for p in parts if isinstance(p, str)))


def _unified(row: dict[str, Any], dec: Decoder) -> LegacyItem | None:
    tweet_id = _id(row.get("tweet_id"))
    if tweet_id is None:
        return None
    where = "unified_tweet."
    thread = dec.as_list(row.get("thread_tweets"), where + "thread_tweets")
    markdown, origin = None, None
    for column in ("markdown_content", "kb_content"):
        if text(row.get(column)):
            markdown, origin = str(row[column]), f"unified_tweet.{column}"
            break
    item_json = dec.as_dict(row.get("raw_json_content"), where + "raw_json_content") or None
    raw_tweet = dec.as_dict(row.get("raw_tweet_data"), where + "raw_tweet_data")
    if item_json is None and "suggested_title" in raw_tweet:
        item_json = raw_tweet  # the sync code copied the item JSON here (LEGACY.md quirk)
    media = media_refs(
        dec.as_list(row.get("media_files"), where + "media_files"),
        dec.as_list(row.get("image_descriptions"), where + "image_descriptions"),
    )
    media += media_refs(dec.as_list(row.get("kb_media_paths"), where + "kb_media_paths"), [])
    return LegacyItem(
        tweet_id=tweet_id,
        full_text=text(row.get("full_text")) or thread_text(thread),
        thread=[s for s in thread if isinstance(s, dict)],
        bookmarked_tweet_id=_id(row.get("bookmarked_tweet_id")),
        display_title=text(row.get("display_title")) or text(row.get("kb_display_title")),
        item_name=text(row.get("kb_item_name")) or text(row.get("kb_title")),
        description=text(row.get("description")) or text(row.get("kb_description")),
        markdown=markdown,
        markdown_from=origin,
        item_json=item_json,
        main_category=text(row.get("main_category")),
        sub_category=text(row.get("sub_category")),
        source_url=text(row.get("source_url")),
        media=media,
        created_at=moment(row.get("created_at")),
        updated_at=moment(row.get("updated_at")) or moment(row.get("kb_generated_at")),
        origins=["unified_tweet"],
    )


def _kb_item(row: dict[str, Any], dec: Decoder) -> LegacyItem | None:
    tweet_id = _id(row.get("tweet_id"))
    if tweet_id is None:
        return None
    where = "knowledge_base_item."
    kb_id = row.get("id")
    return LegacyItem(
        tweet_id=tweet_id,
        display_title=text(row.get("display_title")),
        item_name=text(row.get("item_name")) or text(row.get("title")),
        description=text(row.get("description")),
        markdown=text(row.get("content")),
        markdown_from="knowledge_base_item.content",
        item_json=dec.as_dict(row.get("raw_json_content"), where + "raw_json_content") or None,
        main_category=text(row.get("main_category")),
        sub_category=text(row.get("sub_category")),
        source_url=text(row.get("source_url")),
        media=media_refs(dec.as_list(row.get("kb_media_paths"), where + "kb_media_paths"), []),
        kb_item_ids=[kb_id] if isinstance(kb_id, int) else [],
        created_at=moment(row.get("created_at")),
        updated_at=moment(row.get("last_updated")),
        origins=["knowledge_base_item"],
    )


def cache_entry(row: dict[str, Any], dec: Decoder, where: str) -> LegacyItem | None:
    """A `tweet_cache` row, or a `tweet_cache.json` entry (the same keys)."""
    tweet_id = _id(row.get("tweet_id"))
    if tweet_id is None:
        return None
    thread = dec.as_list(row.get("thread_tweets"), where + "thread_tweets")
    categories = dec.as_dict(row.get("categories"), where + "categories")
    media_paths = dec.as_list(
        row.get("all_downloaded_media_for_thread"), where + "all_downloaded_media_for_thread"
    ) or dec.as_list(row.get("downloaded_media"), where + "downloaded_media")
    media = media_refs(
        media_paths, dec.as_list(row.get("image_descriptions"), where + "image_descriptions")
    )
    media += media_refs(dec.as_list(row.get("kb_media_paths"), where + "kb_media_paths"), [])
    item_json = dec.as_dict(row.get("raw_json_content"), where + "raw_json_content") or None
    return LegacyItem(
        tweet_id=tweet_id,
        full_text=thread_text(thread) or text(row.get("full_text")),
        thread=[s for s in thread if isinstance(s, dict)],
        bookmarked_tweet_id=_id(row.get("bookmarked_tweet_id")),
        display_title=text(row.get("display_title")),
        item_name=text(row.get("item_name_suggestion")) or text(categories.get("item_name")),
        description=text(row.get("description")),
        markdown=text(row.get("markdown_content")),
        markdown_from=where + "markdown_content",
        item_json=item_json,
        main_category=text(row.get("main_category")) or text(categories.get("main_category")),
        sub_category=text(row.get("sub_category")) or text(categories.get("sub_category")),
        media=media,
        created_at=moment(row.get("created_at")),
        updated_at=moment(row.get("updated_at")),
        origins=[where.rstrip(".")],
    )


def _bookmark(row: dict[str, Any]) -> LegacyItem | None:
    tweet_id = _id(row.get("tweet_id"))
    if tweet_id is None:
        return None
    return LegacyItem(
        tweet_id=tweet_id,
        source_url=text(row.get("full_url")),
        created_at=moment(row.get("first_fetched_at")) or moment(row.get("created_at")),
        updated_at=moment(row.get("updated_at")),
        origins=["tweet_bookmarks"],
    )


def _items(db: LegacyDatabase, data: LegacyData, dec: Decoder) -> None:
    readers = (
        ("unified_tweet", _unified),
        ("knowledge_base_item", _kb_item),
        ("tweet_cache", lambda row, d: cache_entry(row, d, "tweet_cache.")),
        ("tweet_bookmarks", lambda row, _d: _bookmark(row)),
    )
    for table, read in readers:
        count = 0
        for row in db.rows(table):
            count += 1
            item = read(row, dec)
            if item is None:
                data.skipped.append(Skipped(table, str(row.get("id")), "no tweet_id"))
            else:
                data.add_item(item)
        if db.has(table):
            data.tables_in[table] = count


def _categories(db: LegacyDatabase, data: LegacyData) -> None:
    count = 0
    for row in db.rows("category_hierarchy"):
        count += 1
        main = text(row.get("main_category"))
        if main is None:
            data.skipped.append(Skipped("category", str(row.get("id")), "no main_category"))
            continue
        data.categories.append(
            LegacyCategory(main, text(row.get("sub_category")), text(row.get("description")))
        )
    if db.has("category_hierarchy"):
        data.tables_in["category_hierarchy"] = count


def _syntheses(db: LegacyDatabase, data: LegacyData, dec: Decoder) -> None:
    count = 0
    for row in db.rows("subcategory_synthesis"):
        count += 1
        main, content = text(row.get("main_category")), text(row.get("synthesis_content"))
        if main is None or content is None:
            reason = "no main_category" if main is None else "no synthesis_content"
            data.skipped.append(Skipped("synthesis", str(row.get("id")), reason))
            continue
        deps = dec.as_list(
            row.get("dependency_item_ids"), "subcategory_synthesis.dependency_item_ids"
        )
        legacy_id = row.get("id")
        data.add_synthesis(
            LegacySynthesis(
                main_category=main,
                sub_category=text(row.get("sub_category")),
                title=text(row.get("synthesis_title")),
                content=content,
                item_count=int(row.get("item_count") or 0),
                dependency_kb_ids=[
                    int(d) for d in deps if isinstance(d, int | str) and str(d).isdigit()
                ],
                is_stale=flag(row.get("is_stale")) or flag(row.get("needs_regeneration")),
                legacy_id=legacy_id if isinstance(legacy_id, int) else None,
                created_at=moment(row.get("created_at")),
                updated_at=moment(row.get("last_updated")),
                origin="subcategory_synthesis",
            )
        )
    if db.has("subcategory_synthesis"):
        data.tables_in["subcategory_synthesis"] = count


def _chats(db: LegacyDatabase, data: LegacyData, dec: Decoder) -> None:
    messages: dict[str, list[LegacyMessage]] = {}
    count = 0
    for row in db.rows("chat_message"):
        count += 1
        session_id, content = text(row.get("session_id")), text(row.get("content"))
        if session_id is None or content is None:
            data.skipped.append(
                Skipped("chat_message", str(row.get("id")), "no session or content")
            )
            continue
        where = "chat_message."
        role = text(row.get("role")) or "user"
        messages.setdefault(session_id, []).append(
            LegacyMessage(
                role=role if role in ("user", "assistant", "system") else "assistant",
                content=content,
                created_at=moment(row.get("created_at")),
                model_used=text(row.get("model_used")),
                sources=[
                    s
                    for s in dec.as_list(row.get("sources"), where + "sources")
                    if isinstance(s, dict)
                ],
                context_stats=dec.as_dict(row.get("context_stats"), where + "context_stats")
                or None,
                metrics=dec.as_dict(row.get("performance_metrics"), where + "performance_metrics")
                or None,
            )
        )
    if db.has("chat_message"):
        data.tables_in["chat_message"] = count
    count = 0
    for row in db.rows("chat_session"):
        count += 1
        session_id = text(row.get("session_id"))
        if session_id is None:
            data.skipped.append(Skipped("chat_session", str(row.get("id")), "no session_id"))
            continue
        found = messages.pop(session_id, [])
        found.sort(key=lambda m: (m.created_at is None, m.created_at))
        data.chats.append(
            LegacyChat(
                session_id=session_id,
                title=text(row.get("title")),
                is_archived=flag(row.get("is_archived")),
                created_at=moment(row.get("created_at")),
                updated_at=moment(row.get("last_updated")),
                messages=found,
            )
        )
    if db.has("chat_session"):
        data.tables_in["chat_session"] = count
    for session_id, orphans in messages.items():
        data.skipped.append(
            Skipped("chat_message", session_id, f"{len(orphans)} messages of a missing session")
        )


def _embeddings(db: LegacyDatabase, data: LegacyData) -> None:
    models: Counter[str] = Counter()
    for row in db.rows("embedding"):
        models[text(row.get("model")) or "?"] += 1
    if db.has("embedding"):
        data.tables_in["embedding"] = sum(models.values())
        data.embeddings = {"legacy_vectors": sum(models.values()), "models": dict(models)}


def read_tables(db: LegacyDatabase, data: LegacyData, dec: Decoder) -> None:
    _items(db, data, dec)
    for item in data.items.values():
        if item.source_url is None:
            item.source_url = STATUS_URL.format(item.tweet_id)
    _categories(db, data)
    _syntheses(db, data, dec)
    _chats(db, data, dec)
    _embeddings(db, data)
