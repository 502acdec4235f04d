"""Imported records of any shape: a wrong type fails that record (or is ignored), never the
whole import with a 500, and link expansion cannot blow a small record up."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest

from kbagent.sources.drafts import ItemDraft, RecordFailure
from kbagent.sources.exporter import exporter_draft
from kbagent.sources.twitter.notes import LongPosts
from kbagent.sources.twitter.text import MAX_GROWTH, expand_links
from kbagent.sources.xarchive import _like, _tweet

from .fixtures import archive_tweet, exporter_record

ODD: list[Any] = [1, 1.5, True, "s", None, [], {}, [1], ["x"], {"a": 1}, [{"url": 1}]]
LINKS = {"urls": [{"url": "https://t.co/a", "expanded_url": "https://e.org"}]}


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(value, dict | list):
        children = value.items() if isinstance(value, dict) else enumerate(value)
        for key, child in children:
            yield (*prefix, key)
            yield from _paths(child, (*prefix, key))


def _variants(record: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The record with each value, at every depth, replaced by each value of another type."""
    for path in list(_paths(record)):
        for odd in ODD:
            variant = copy.deepcopy(record)
            target: Any = variant
            for key in path[:-1]:
                target = target[key]
            target[path[-1]] = odd
            yield variant


EXPORTED = {**exporter_record(1), "metadata": {"legacy": {"entities": LINKS}}}
TWEET = archive_tweet(
    "1001",
    "t https://t.co/a https://t.co/p",
    entities=LINKS,
    extended_entities={
        "media": [{"type": "photo", "url": "https://t.co/p", "media_url_https": "https://x/y.png"}]
    },
)
LIKE = {"like": {"tweetId": "1002", "fullText": "x", "expandedUrl": "https://e.org"}}
RETWEET = {
    **exporter_record(2, text="RT @c: cut\u2026"),
    "metadata": {
        "core": {"user_results": {"result": {"rest_id": "9"}}},
        "legacy": {
            "user_id_str": "9",
            "entities": {"media": [{"url": "https://t.co/m"}]},
            "retweeted_status_result": {
                "result": {
                    "core": {"user_results": {"result": {"legacy": {"screen_name": "c"}}}},
                    "note_tweet": {
                        "note_tweet_results": {"result": {"text": "whole", "entity_set": LINKS}}
                    },
                    "legacy": {"full_text": "w", "entities": {"media": [{"url": "u"}]}},
                }
            },
        },
    },
}
NOTE = {
    "noteTweet": {
        "noteTweetId": "1",
        "createdAt": "2023-05-01T12:00:00.000Z",
        "core": {"text": "t", "urls": [{"shortUrl": "a", "expandedUrl": "b"}]},
    }
}


def _with_note(record: Any) -> Any:
    notes = LongPosts()
    notes.add(record)
    return _tweet(
        archive_tweet("1", "t", created_at="Mon May 01 12:00:00 +0000 2023"), 1, {}, None, notes
    )


@pytest.mark.parametrize(
    ("record", "read"),
    [
        (EXPORTED, lambda r: exporter_draft(r, 1)),
        (TWEET, lambda r: _tweet(r, 1, {}, None)),
        (LIKE, lambda r: _like(r, 1)),
        (RETWEET, lambda r: exporter_draft(r, 1)),
        (NOTE, _with_note),
    ],
    ids=["exporter", "archive-tweet", "archive-like", "exporter-retweet", "note-tweet"],
)
def test_any_value_of_the_wrong_type_fails_one_record_at_most(record: Any, read: Any) -> None:
    assert isinstance(read(record), ItemDraft)
    for variant in _variants(record):
        assert isinstance(read(variant), ItemDraft | RecordFailure)


def test_link_expansion_is_one_pass_and_bounded() -> None:
    # Replacing link after link re-scanned each expansion: 40 entities doubled "a" 2^40 times.
    doubling = [{"url": "a", "expanded_url": "aa"}] * 40
    text, links = expand_links("a", doubling)
    assert text == "aa" and len(links) == 40
    grown, _ = expand_links("a" * 100_000, [{"url": "a", "expanded_url": "b" * 8000}])
    assert len(grown) <= 100_000 + MAX_GROWTH
