"""X sources as real exports lay them out: both archive layouts with media, long posts from
note-tweet.js, X's truncated retweets, exporter JSON without `metadata`, and one post seen
through several sources keeping the richest value of each field. Every import runs twice."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kbagent.config import Settings
from kbagent.db import Database
from kbagent.sources.imports import import_file

from .conftest import stored
from .fixtures import PNG, archive_tweet, exporter_json, exporter_record, ytd, zip_bytes
from .twice import import_twice, reimport_changes_nothing

PHOTO = {
    "media": [
        {
            "type": "photo",
            "url": "https://t.co/pic",
            "media_url_https": "https://pbs.twimg.com/media/OldOne.jpg",
        }
    ]
}
LONG = (
    "Write-ahead logging changes how SQLite commits: readers no longer block writers and "
    "writers no longer block readers. The catch is that checkpoints need a moment when no "
    "reader holds an old snapshot, so a long-lived reader lets the WAL file grow without a "
    "bound. We found this the hard way in production, and the fix was twofold: see "
    "https://t.co/wal for the write-up and keep read transactions short."
)


def test_older_archive_layout_finds_its_media(
    database: Database, settings: Settings, tmp_path: Path
) -> None:
    # 2019-2020 archives: data/tweet.js of bare tweet objects, photos in data/tweet_media/.
    bare = archive_tweet("501", "An old photo https://t.co/pic", extended_entities=PHOTO)["tweet"]
    path = tmp_path / "old.zip"
    path.write_bytes(
        zip_bytes(
            {
                "data/tweet.js": ytd("tweet", [bare]),
                "data/tweet_media/501-OldOne.jpg": PNG,
            }
        )
    )
    report = import_twice(database, settings, path)
    assert (report.format, report.new, report.failed) == ("x_archive", 1, 0)
    item = stored(database, "x")["501"]
    assert item.content == "An old photo"
    [photo] = item.media_files
    assert photo["status"] == "stored"
    assert (settings.data_dir / photo["path"]).read_bytes() == PNG


def _note(note_id: str, text: str, created: str, urls: list[dict[str, str]]) -> dict[str, Any]:
    return {
        "noteTweet": {
            "noteTweetId": note_id,
            "createdAt": created,
            "updatedAt": created,
            "core": {"text": text, "urls": urls, "mentions": [], "hashtags": []},
        }
    }


def test_long_posts_take_their_full_text_from_note_tweet_js(
    database: Database, settings: Settings, tmp_path: Path
) -> None:
    cut = LONG[:275] + "\u2026"
    reply_cut = "@bob " + LONG[:270] + "\u2026"
    tweets = [
        archive_tweet(
            "601", cut + " https://t.co/self", created_at="Mon May 01 12:00:00 +0000 2023"
        ),
        # A reply: the note holds the text without the leading mention.
        {
            "tweet": {
                **archive_tweet("602", reply_cut)["tweet"],
                "created_at": "Mon May 01 13:00:05 +0000 2023",
            }
        },
        archive_tweet("603", "A short post \u2026", created_at="Mon May 01 12:00:00 +0000 2023"),
    ]
    link = [{"shortUrl": "https://t.co/wal", "expandedUrl": "https://sqlite.org/wal.html"}]
    notes = [
        _note("9001", LONG, "2023-05-01T12:00:00.000Z", link),
        _note("9002", LONG, "2023-05-01T13:00:05.000Z", link),
    ]
    path = tmp_path / "long.zip"
    path.write_bytes(
        zip_bytes(
            {
                "data/tweets.js": ytd("tweets", tweets),
                "data/note-tweet.js": ytd("note_tweet", notes),
            }
        )
    )
    assert import_twice(database, settings, path).new == 3
    items = stored(database, "x")
    expanded = LONG.replace("https://t.co/wal", "https://sqlite.org/wal.html")
    assert items["601"].content == expanded
    assert not items["601"].truncated
    assert items["601"].raw_data is not None
    assert items["601"].raw_data["links"] == ["https://sqlite.org/wal.html"]
    assert items["602"].content == "@bob " + expanded
    # Short, and no note was written at its second with its text: left as it is.
    assert items["603"].content == "A short post \u2026" and not items["603"].truncated


def _graphql(post_id: str, screen_name: str, text: str, urls: list[Any]) -> dict[str, Any]:
    return {
        "rest_id": post_id,
        "core": {
            "user_results": {"result": {"rest_id": "888", "legacy": {"screen_name": screen_name}}}
        },
        "legacy": {"full_text": text, "entities": {"urls": urls, "media": []}},
    }


def test_truncated_retweet_is_flagged_then_completed_by_a_richer_source(
    database: Database, settings: Settings, tmp_path: Path
) -> None:
    original = (
        "Checkpoint starvation explained: a reader that never finishes keeps the WAL growing, "
        "and the only cure is to end long read transactions https://t.co/x1"
    )
    cut = "RT @carol: " + original[:120] + "\u2026"
    archive = tmp_path / "rt.zip"
    archive.write_bytes(zip_bytes({"data/tweets.js": ytd("tweets", [archive_tweet("701", cut)])}))
    import_twice(database, settings, archive)
    item = stored(database, "x")["701"]
    assert item.truncated and item.content == cut

    urls = [{"url": "https://t.co/x1", "expanded_url": "https://sqlite.org/cks.html"}]
    record = {
        **exporter_record(0, text=cut),
        "id": "701",
        "media": [],
        "retweeted_status": "700",
        "metadata": {
            "legacy": {
                "full_text": cut,
                "user_id_str": "42",
                "retweeted_status_result": {"result": _graphql("700", "carol", original, urls)},
            }
        },
    }
    exporter = exporter_json(tmp_path / "rt.json", [record])
    assert import_twice(database, settings, exporter).updated == 1
    item = stored(database, "x")["701"]
    assert not item.truncated
    assert item.content == "RT @carol: " + original.replace(
        "https://t.co/x1", "https://sqlite.org/cks.html"
    )
    # The poorer archive copy, imported again, does not cut it back.
    reimport_changes_nothing(database, settings, archive)
    assert not stored(database, "x")["701"].truncated


def test_exporter_without_metadata_and_merge_keeps_expanded_links(
    database: Database, settings: Settings, tmp_path: Path
) -> None:
    linked = {"urls": [{"url": "https://t.co/abc", "expanded_url": "https://sqlite.org/wal.html"}]}
    tweet = archive_tweet(
        "801",
        "Read https://t.co/abc now https://t.co/pic",
        entities=linked,
        extended_entities=PHOTO,
    )
    archive = tmp_path / "a.zip"
    archive.write_bytes(zip_bytes({"data/tweets.js": ytd("tweets", [tweet])}))
    import_twice(database, settings, archive)

    # The current exporter: no `metadata`, no `user_id`; media carry their t.co link.
    record = {
        **exporter_record(1, text="Read https://t.co/abc now https://t.co/pic"),
        "id": "801",
        "media": [
            {
                "type": "photo",
                "url": "https://t.co/pic",
                "thumbnail": "https://pbs.twimg.com/media/OldOne.jpg?name=thumb",
                "original": "https://pbs.twimg.com/media/OldOne.jpg?name=orig",
                "ext_alt_text": None,
            }
        ],
    }
    del record["user_id"]
    alone = {**record, "id": "802"}
    path = exporter_json(tmp_path / "e.json", [record, alone])
    report = import_twice(database, settings, path)
    assert (report.new, report.updated) == (1, 1)
    items = stored(database, "x")
    # Alone, the exporter cannot expand links, but the media link is gone from the text.
    assert items["802"].content == "Read https://t.co/abc now"
    assert items["802"].raw_data is not None and items["802"].raw_data["author"]["id"] is None
    # Merged with the archive's copy: its expanded link stays, the exporter's fields join.
    merged = items["801"]
    assert merged.content == "Read https://sqlite.org/wal.html now"
    raw = merged.raw_data or {}
    assert raw["links"] == ["https://sqlite.org/wal.html"]
    assert raw["source"] == "twitter_web_exporter" and raw["counts"]["favorite_count"] == 1
    assert raw["author"]["username"] == "bob"
    reimport_changes_nothing(database, settings, archive)


def test_exporter_takes_the_author_id_from_metadata(
    database: Database, settings: Settings, tmp_path: Path
) -> None:
    record = {**exporter_record(3), "metadata": _graphql("10003", "bob", "x", [])}
    del record["user_id"]
    import_twice(database, settings, exporter_json(tmp_path / "m.json", [record]))
    raw = stored(database, "x")["10003"].raw_data or {}
    assert raw["author"]["id"] == "888"


def test_lone_note_tweet_file_is_not_a_failure(
    database: Database, settings: Settings, tmp_path: Path
) -> None:
    path = tmp_path / "note-tweet.js"
    path.write_bytes(ytd("note_tweet", [_note("1", "text", "2023-05-01T12:00:00.000Z", [])]))
    report = import_file(database, settings, path)
    assert (report.format, report.new, report.failed) == ("x_archive_js", 0, 0)


def test_archive_after_exporter_expands_the_stored_links(
    database: Database, settings: Settings, tmp_path: Path
) -> None:
    record = {**exporter_record(2, text="See https://t.co/abc"), "id": "901", "media": []}
    exporter = exporter_json(tmp_path / "e.json", [record])
    import_twice(database, settings, exporter)
    assert stored(database, "x")["901"].content == "See https://t.co/abc"

    linked = {"urls": [{"url": "https://t.co/abc", "expanded_url": "https://e.org/post"}]}
    archive = tmp_path / "a.zip"
    tweet = archive_tweet("901", "See https://t.co/abc", entities=linked)
    archive.write_bytes(zip_bytes({"data/tweets.js": ytd("tweets", [tweet])}))
    assert import_twice(database, settings, archive).updated == 1
    item = stored(database, "x")["901"]
    assert item.content == "See https://e.org/post"
    raw = item.raw_data or {}
    # The exporter's record stays the base: its counts and author name are kept.
    assert raw["source"] == "twitter_web_exporter" and raw["author"]["name"] == "Bob"
    reimport_changes_nothing(database, settings, exporter)
