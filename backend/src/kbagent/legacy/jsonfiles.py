"""The JSON-file era (to July 2025): `tweet_cache.json`, `categories.json`,
`tweet_bookmarks.json`, `processed_tweets.json`, `unprocessed_tweets.json` in `<project>/data`.

The cache's entries carry the `tweet_cache` columns (thread format) or the older flat keys;
`kb_media_paths` is often a JSON string holding a list, which the decoder repairs.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kbagent.errors import InvalidInput
from kbagent.legacy.decode import Decoder, moment, text
from kbagent.legacy.records import LegacyCategory, LegacyData, LegacyItem, Skipped
from kbagent.legacy.tables import cache_entry

MAX_FILE_BYTES = 2 << 30


def _load(path: Path, data: LegacyData) -> Any:
    if not path.is_file():
        return None
    if path.stat().st_size > MAX_FILE_BYTES:
        data.skipped.append(Skipped("file", path.name, "larger than 2 GiB"))
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8", errors="replace"))
    except ValueError as exc:
        data.skipped.append(Skipped("file", path.name, f"not valid JSON: {exc}"))
        return None


def _cache(folder: Path, data: LegacyData, dec: Decoder) -> None:
    found = _load(folder / "tweet_cache.json", data)
    if not isinstance(found, dict):
        return
    data.tables_in["tweet_cache.json"] = len(found)
    for key, entry in found.items():
        entry = dec.json(entry, "tweet_cache.json")
        if not isinstance(entry, dict):
            data.skipped.append(Skipped("tweet_cache.json", str(key), "entry is not an object"))
            continue
        item = cache_entry({"tweet_id": key, **entry}, dec, "tweet_cache.json.")
        if item is not None:
            data.add_item(item)


def _categories(folder: Path, data: LegacyData) -> None:
    found = _load(folder / "categories.json", data)
    if not isinstance(found, dict):
        return
    data.tables_in["categories.json"] = len(found)
    for main, subs in found.items():
        description = None
        if isinstance(subs, dict):  # before Feb 13 2025: {subcategories, description, keywords}
            description = text(subs.get("description"))
            subs = subs.get("subcategories")
        names = [s for s in subs if isinstance(s, str)] if isinstance(subs, list) else []
        if not names:
            data.categories.append(LegacyCategory(str(main), None, description))
        for sub in names:
            data.categories.append(LegacyCategory(str(main), sub, description))


def _bookmarks(folder: Path, data: LegacyData) -> None:
    found = _load(folder / "tweet_bookmarks.json", data)
    if isinstance(found, dict):
        data.tables_in["tweet_bookmarks.json"] = len(found)
        for tweet_id, entry in found.items():
            entry = entry if isinstance(entry, dict) else {}
            data.add_item(
                LegacyItem(
                    tweet_id=str(tweet_id),
                    source_url=text(entry.get("full_url")),
                    created_at=moment(entry.get("first_fetched_at")),
                    origins=["tweet_bookmarks.json"],
                )
            )
    processed = _load(folder / "processed_tweets.json", data)
    if isinstance(processed, dict):
        data.tables_in["processed_tweets.json"] = len(processed)
        for tweet_id, when in processed.items():
            data.add_item(
                LegacyItem(
                    str(tweet_id), updated_at=moment(when), origins=["processed_tweets.json"]
                )
            )
    unprocessed = _load(folder / "unprocessed_tweets.json", data)
    if isinstance(unprocessed, list):
        data.tables_in["unprocessed_tweets.json"] = len(unprocessed)
        for tweet_id in unprocessed:
            if isinstance(tweet_id, str | int):
                data.add_item(LegacyItem(str(tweet_id), origins=["unprocessed_tweets.json"]))


def read_json_dir(folder: Path, data: LegacyData, dec: Decoder) -> None:
    if not folder.is_dir():
        raise InvalidInput(f"No legacy JSON folder at {folder}.", {"json_dir": str(folder)})
    _cache(folder, data, dec)
    _categories(folder, data)
    _bookmarks(folder, data)
