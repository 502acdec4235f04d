"""The earlier tool's data on disk, built here in each shape LEGACY.md describes, with its
known damage: JSON as strings, double-encoded values, items without display titles, media
paths to missing files, synthesis files without `.md`.

`flask_db` writes the latest Flask schema (`unified_tweet` with both definitions' columns,
`knowledge_base_item`, `tweet_cache`, syntheses, categories, chats, embeddings) to SQLite or
PostgreSQL; `old_db` the two-table era (May 2025: no display_title, kb_media_paths,
raw_json_content); `json_era` the `data/` folder; `kb_tree` the markdown layouts.
"""

from __future__ import annotations

import json
import struct
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    insert,
)

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def item_json(title: str) -> dict[str, Any]:
    return {
        "suggested_title": title,
        "meta_description": f"About {title}.",
        "introduction": f"{title} in short.",
        "sections": [
            {
                "heading": "How",
                "content_paragraphs": ["First paragraph."],
                "code_blocks": [{"language": "python", "code": "print(1)", "explanation": ""}],
                "lists": [],
                "notes_or_tips": [],
            }
        ],
        "key_takeaways": ["One", "Two"],
        "conclusion": "Done.",
        "external_references": [],
    }


@dataclass
class Expected:
    """What a correct migration of a fixture yields, per tweet id."""

    titles: dict[str, str] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)  # a phrase the note must contain
    categories: dict[str, tuple[str, str]] = field(default_factory=dict)
    media: dict[str, int] = field(default_factory=dict)  # stored media files
    missing_media: set[str] = field(default_factory=set)  # tweet ids with a missing file
    untitled: set[str] = field(default_factory=set)
    pending: set[str] = field(default_factory=set)  # bookmarks without a note
    syntheses: set[tuple[str, str]] = field(default_factory=set)
    chats: dict[str, int] = field(default_factory=dict)  # title -> messages


def _tables(metadata: MetaData) -> dict[str, Table]:
    def t(name: str, *columns: Column[Any]) -> Table:
        return Table(name, metadata, Column("id", Integer, primary_key=True), *columns)

    return {
        "unified_tweet": t(
            "unified_tweet",
            Column("tweet_id", String(50), unique=True, nullable=False),
            Column("bookmarked_tweet_id", String(50), nullable=False),
            Column("full_text", Text),
            Column("thread_tweets", JSON),
            Column("is_thread", Boolean),
            Column("media_files", JSON),
            Column("image_descriptions", JSON),
            Column("kb_media_paths", JSON),
            Column("raw_tweet_data", JSON),
            Column("categories_raw_response", JSON),
            Column("processing_errors", JSON),
            Column("main_category", String(100)),
            Column("sub_category", String(100)),
            Column("kb_title", Text),
            Column("kb_display_title", Text),
            Column("kb_description", Text),
            Column("kb_content", Text),
            Column("kb_item_name", Text),
            Column("display_title", Text),
            Column("description", Text),
            Column("markdown_content", Text),
            Column("raw_json_content", Text),
            Column("content_hash", String(64)),
            Column("processing_complete", Boolean),
            Column("created_at", DateTime(timezone=True)),
            Column("updated_at", DateTime(timezone=True)),
        ),
        "knowledge_base_item": t(
            "knowledge_base_item",
            Column("tweet_id", String(50), unique=True),
            Column("title", String(200), nullable=False),
            Column("display_title", String(255)),
            Column("description", Text),
            Column("content", Text, nullable=False),
            Column("main_category", String(100), nullable=False),
            Column("sub_category", String(100), nullable=False),
            Column("item_name", String(200)),
            Column("source_url", String(500)),
            Column("created_at", DateTime, nullable=False),
            Column("last_updated", DateTime, nullable=False),
            Column("file_path", String(500)),
            Column("kb_media_paths", Text),
            Column("raw_json_content", Text),
        ),
        "tweet_cache": t(
            "tweet_cache",
            Column("tweet_id", String(50), unique=True, nullable=False),
            Column("bookmarked_tweet_id", String(50), nullable=False),
            Column("is_thread", Boolean),
            Column("thread_tweets", JSON),
            Column("all_downloaded_media_for_thread", JSON),
            Column("categories", JSON),
            Column("image_descriptions", JSON),
            Column("main_category", String(100)),
            Column("sub_category", String(100)),
            Column("item_name_suggestion", Text),
            Column("display_title", Text),
            Column("full_text", Text),
            Column("created_at", DateTime(timezone=True)),
            Column("updated_at", DateTime(timezone=True)),
        ),
        "subcategory_synthesis": t(
            "subcategory_synthesis",
            Column("main_category", String(100), nullable=False),
            Column("sub_category", String(100)),
            Column("synthesis_title", String(255), nullable=False),
            Column("synthesis_short_name", String(255)),
            Column("synthesis_content", Text, nullable=False),
            Column("raw_json_content", Text),
            Column("item_count", Integer, nullable=False),
            Column("created_at", DateTime, nullable=False),
            Column("last_updated", DateTime, nullable=False),
            Column("content_hash", String(64)),
            Column("is_stale", Boolean, nullable=False),
            Column("needs_regeneration", Boolean, nullable=False),
            Column("dependency_item_ids", Text),
        ),
        "category_hierarchy": t(
            "category_hierarchy",
            Column("main_category", String(100), nullable=False),
            Column("sub_category", String(100), nullable=False),
            Column("display_name", String(200)),
            Column("description", Text),
            Column("sort_order", Integer),
            Column("is_active", Boolean),
            Column("item_count", Integer),
        ),
        "chat_session": t(
            "chat_session",
            Column("session_id", String(100), unique=True, nullable=False),
            Column("title", String(255)),
            Column("created_at", DateTime, nullable=False),
            Column("last_updated", DateTime, nullable=False),
            Column("is_archived", Boolean),
            Column("message_count", Integer),
        ),
        "chat_message": t(
            "chat_message",
            Column("session_id", String(100)),
            Column("role", String(20)),
            Column("content", Text),
            Column("created_at", DateTime),
            Column("model_used", String(100)),
            Column("sources", Text),
            Column("context_stats", Text),
            Column("performance_metrics", Text),
        ),
        "embedding": t(
            "embedding",
            Column("document_id", Integer, nullable=False),
            Column("document_type", String(50)),
            Column("embedding", LargeBinary),
            Column("model", String(100)),
            Column("created_at", DateTime),
        ),
        "tweet_bookmarks": t(
            "tweet_bookmarks",
            Column("tweet_id", String(50), unique=True),
            Column("url_path", Text),
            Column("full_url", Text),
            Column("first_fetched_at", DateTime),
        ),
    }


WHEN = datetime(2025, 8, 1, 12, 0, 0)


def _media(project: Path, tweet_id: str, n: int) -> list[str]:
    paths = []
    for i in range(n):
        rel = f"data/media_cache/{tweet_id}/media_seg0_item{i}.png"
        (project / rel).parent.mkdir(parents=True, exist_ok=True)
        (project / rel).write_bytes(PNG + tweet_id.encode() + bytes([i]))
        paths.append(rel)
    return paths


def flask_db(url: str, project: Path, count: int = 12) -> Expected:
    """The latest Flask schema with `count` items (at least 8), plus each kind of damage."""
    engine = create_engine(url)
    metadata = MetaData()
    tables = _tables(metadata)
    metadata.create_all(engine)
    expected = Expected()
    unified, kb_items, cache = [], [], []
    for n in range(count):
        tweet_id = str(1_800_000_000_000_000_000 + n)
        main, sub = ("machine_learning", "llm_agents") if n % 2 else ("devops", "kubernetes")
        title = f"Item {n} about {sub}"
        media = _media(project, tweet_id, 1 if n % 3 else 2)
        descriptions = [f"picture {i} of {n}" for i in range(len(media))]
        thread = [{"tweet_permalink": f"/x/status/{tweet_id}", "full_text": f"Tweet {n} text"}]
        row: dict[str, Any] = {
            "tweet_id": tweet_id,
            "bookmarked_tweet_id": tweet_id,
            "full_text": f"Tweet {n} text",
            "thread_tweets": thread,
            "media_files": media,
            "image_descriptions": descriptions,
            "main_category": main,
            "sub_category": sub,
            "display_title": title,
            "description": f"Description {n}",
            "markdown_content": f"# {title}\n\nCanonical markdown {n}.",
            "kb_content": f"Older markdown {n}",
            "raw_json_content": json.dumps(item_json(title)),
            "created_at": WHEN,
            "updated_at": WHEN,
        }
        expected.notes[tweet_id] = f"Canonical markdown {n}."
        if n == 0:  # JSON stored as a string inside a JSON column: double-encoded
            row["media_files"] = json.dumps(media)
            row["thread_tweets"] = json.dumps(json.dumps(thread))
        if n == 1:  # no display title anywhere, no markdown: kb_content wins
            row.update(display_title=None, markdown_content=None, raw_json_content=None)
            expected.notes[tweet_id] = "Older markdown 1"
            expected.untitled.add(tweet_id)
        if n == 2:  # a media path to a file that is gone
            row["media_files"] = [*media, f"data/media_cache/{tweet_id}/gone.jpg"]
            expected.missing_media.add(tweet_id)
        if n == 3:  # raw_json_content double-encoded in its Text column
            row["raw_json_content"] = json.dumps(json.dumps(item_json(title)))
        if n == 4:  # the markdown lives only in knowledge_base_item.content
            row.update(markdown_content=None, kb_content=None)
            expected.notes[tweet_id] = "KB item content 4"
        if n == 5:  # item JSON only (the sync quirk: in raw_tweet_data), no markdown
            row.update(markdown_content=None, kb_content=None, raw_json_content=None)
            row["raw_tweet_data"] = item_json(title)
            expected.notes[tweet_id] = "## Key Takeaways"
        if n != 5:
            unified.append(row)
        if n != 1 and n != 5:
            kb_items.append(
                {
                    "id": 100 + n,
                    "tweet_id": tweet_id,
                    "title": f"item-{n}",
                    "display_title": title if n != 7 else None,
                    "description": f"Description {n}",
                    "content": f"KB item content {n}",
                    "main_category": main,
                    "sub_category": sub,
                    "item_name": f"item-{n}",
                    "created_at": WHEN,
                    "last_updated": WHEN,
                    "kb_media_paths": json.dumps(json.dumps([])) if n == 6 else "[]",
                    "raw_json_content": json.dumps(item_json(title)),
                }
            )
        if n == 5:  # only in the older cache table (so the merge must find it there)
            cache.append(
                {
                    "tweet_id": tweet_id,
                    "bookmarked_tweet_id": tweet_id,
                    "thread_tweets": thread,
                    "all_downloaded_media_for_thread": media,
                    "categories": json.dumps({"main_category": main, "sub_category": sub}),
                    "display_title": title,
                    "full_text": f"Tweet {n} text",
                    "created_at": WHEN,
                }
            )
            unified.append(
                {
                    "tweet_id": tweet_id,
                    "bookmarked_tweet_id": tweet_id,
                    "raw_tweet_data": item_json(title),
                    "main_category": main,
                    "sub_category": sub,
                }
            )
        expected.titles[tweet_id] = title if n != 1 else "item 1"
        expected.categories[tweet_id] = (main, sub)
        expected.media[tweet_id] = len(media)
    # n == 1 has a kb_item_name for its fallback title
    unified[1]["kb_item_name"] = "item-1"
    bookmark = "1900000000000000001"
    expected.pending.add(bookmark)
    expected.titles[bookmark] = f"Post {bookmark}"
    with engine.begin() as conn:
        conn.execute(insert(tables["unified_tweet"]), _same_keys(unified))
        conn.execute(insert(tables["knowledge_base_item"]), _same_keys(kb_items))
        conn.execute(insert(tables["tweet_cache"]), _same_keys(cache))
        conn.execute(
            insert(tables["tweet_bookmarks"]),
            [{"tweet_id": bookmark, "full_url": f"https://x.com/i/status/{bookmark}"}],
        )
        conn.execute(
            insert(tables["category_hierarchy"]),
            [
                {"main_category": "devops", "sub_category": "kubernetes"},
                {"main_category": "empty_main", "sub_category": "never_used"},
            ],
        )
        conn.execute(
            insert(tables["subcategory_synthesis"]),
            [
                {
                    "main_category": "devops",
                    "sub_category": "kubernetes",
                    "synthesis_title": "Kubernetes synthesis",
                    "synthesis_content": "# Kubernetes\n\nThemes.",
                    "item_count": len(range(0, count, 2)),
                    "created_at": WHEN,
                    "last_updated": WHEN,
                    "is_stale": False,
                    "needs_regeneration": False,
                    "dependency_item_ids": json.dumps([100 + n for n in range(0, count, 2)]),
                },
                {
                    "main_category": "devops",
                    "sub_category": None,
                    "synthesis_title": "DevOps overview",
                    "synthesis_content": "Overview.",
                    "item_count": 1,
                    "created_at": WHEN,
                    "last_updated": WHEN,
                    "is_stale": True,
                    "needs_regeneration": False,
                    "dependency_item_ids": None,
                },
            ],
        )
        conn.execute(
            insert(tables["chat_session"]),
            [{"session_id": "s-1", "title": "Asking", "created_at": WHEN, "last_updated": WHEN}],
        )
        sources = [{"title": "Item 0 about kubernetes", "type": "kb_item", "score": 0.9}]
        conn.execute(
            insert(tables["chat_message"]),
            _same_keys(
                [
                    {"session_id": "s-1", "role": "user", "content": "What?", "created_at": WHEN},
                    {
                        "session_id": "s-1",
                        "role": "assistant",
                        "content": "This.",
                        "created_at": WHEN,
                        "model_used": "llama3",
                        "sources": json.dumps(json.dumps(sources)),
                        "context_stats": json.dumps({"total_sources": 1, "kb_items": 1}),
                        "performance_metrics": json.dumps({"response_time_ms": 12}),
                    },
                    {"session_id": "orphan", "role": "user", "content": "Lost", "created_at": WHEN},
                ]
            ),
        )
        conn.execute(
            insert(tables["embedding"]),
            [
                {
                    "document_id": 100,
                    "document_type": "kb_item",
                    "embedding": struct.pack("<3f", 0.1, 0.2, 0.3),
                    "model": "nomic-embed-text",
                }
            ],
        )
    engine.dispose()
    expected.syntheses = {("devops", "kubernetes"), ("devops", "")}
    expected.chats = {"Asking": 2}
    return expected


def _same_keys(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    keys = {k for row in rows for k in row}
    return [{k: row.get(k) for k in keys} for row in rows]


def old_db(path: Path) -> Expected:
    """May 2025: `tweet_cache` + a `knowledge_base_item` without display_title,
    kb_media_paths and raw_json_content; the item title is the only title."""
    import sqlite3

    conn = sqlite3.connect(path)
    conn.executescript(
        """
        CREATE TABLE tweet_cache (id INTEGER PRIMARY KEY, tweet_id VARCHAR(50) UNIQUE NOT NULL,
          bookmarked_tweet_id VARCHAR(50) NOT NULL, thread_tweets JSON, full_text TEXT,
          main_category VARCHAR(100), sub_category VARCHAR(100), cache_complete BOOLEAN);
        CREATE TABLE knowledge_base_item (id INTEGER PRIMARY KEY, tweet_id VARCHAR(50) UNIQUE,
          title VARCHAR(200) NOT NULL, description TEXT, content TEXT NOT NULL,
          main_category VARCHAR(100) NOT NULL, sub_category VARCHAR(100) NOT NULL,
          item_name VARCHAR(200), source_url VARCHAR(500), created_at DATETIME NOT NULL,
          last_updated DATETIME NOT NULL, file_path VARCHAR(500));
        """
    )
    expected = Expected()
    for n in range(3):
        tweet_id = str(1_700_000_000_000_000_000 + n)
        conn.execute(
            "INSERT INTO tweet_cache (tweet_id, bookmarked_tweet_id, thread_tweets, full_text,"
            " cache_complete) VALUES (?, ?, ?, ?, 1)",
            (tweet_id, tweet_id, json.dumps([{"full_text": f"Old {n}"}]), None),
        )
        conn.execute(
            "INSERT INTO knowledge_base_item (tweet_id, title, content, main_category,"
            " sub_category, created_at, last_updated) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (tweet_id, f"old-item-{n}", f"Old content {n}", "Web Development", "React Hooks",
             "2025-05-01 10:00:00", "2025-05-01 10:00:00"),
        )  # fmt: skip
        expected.titles[tweet_id] = f"old item {n}"
        expected.notes[tweet_id] = f"Old content {n}"
        expected.categories[tweet_id] = ("web_development", "react_hooks")
        expected.untitled.add(tweet_id)
    conn.commit()
    conn.close()
    return expected


def json_era(project: Path) -> Expected:
    """`<project>/data/*.json` (to July 2025): thread and flat cache entries."""
    data = project / "data"
    data.mkdir(parents=True, exist_ok=True)
    expected = Expected()
    threaded, flat = "1600000000000000001", "1600000000000000002"
    media = _media(project, threaded, 1)
    cache = {
        threaded: {
            "tweet_id": threaded,
            "bookmarked_tweet_id": threaded,
            "is_thread": True,
            "thread_tweets": [
                {"full_text": "First part", "media_item_details": []},
                {"full_text": "second part", "media_item_details": []},
            ],
            "all_downloaded_media_for_thread": media,
            "image_descriptions": ["a chart"],
            "main_category": "data_science",
            "sub_category": "pandas",
            "display_title": "Pandas tricks",
            "markdown_content": "# Pandas tricks\n\nUse groupby.",
            "raw_json_content": json.dumps(item_json("Pandas tricks")),
            "kb_media_paths": json.dumps(["data_science/pandas/pandas-tricks/media/image_1.png"]),
            "kb_item_created": True,
        },
        flat: {
            "full_text": "A flat old entry",
            "media": [{"url": "https://pbs/x.jpg", "type": "photo", "alt_text": ""}],
            "downloaded_media": [f"data/media_cache/{flat}/media_0.jpg"],  # never downloaded
            "urls_expanded": True,
            "cache_complete": True,
            "categories": {"main_category": "data_science", "sub_category": "pandas"},
            "item_name_suggestion": "flat-entry",
            "kb_media_paths": "[]",
        },
    }
    (data / "tweet_cache.json").write_text(json.dumps(cache))
    (data / "categories.json").write_text(json.dumps({"data_science": ["pandas", "numpy"]}))
    (data / "processed_tweets.json").write_text(json.dumps({threaded: "2025-07-01T10:00:00"}))
    (data / "unprocessed_tweets.json").write_text(json.dumps([flat]))
    (data / "tweet_bookmarks.json").write_text(
        json.dumps({threaded: {"url_path": "/x", "full_url": f"https://x.com/x/status/{threaded}"}})
    )
    expected.titles = {threaded: "Pandas tricks", flat: "flat entry"}
    expected.notes = {threaded: "Use groupby."}
    expected.pending = {flat}
    expected.untitled = {flat}
    expected.missing_media = {flat, threaded}  # its kb_media_paths name a KB not given
    expected.media = {threaded: 1}
    expected.categories = {threaded: ("data_science", "pandas"), flat: ("data_science", "pandas")}
    return expected


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def kb_tree(kb: Path) -> Expected:
    """One item per README layout, and one synthesis per synthesis layout."""
    expected = Expected()
    new_id, old_id, feb_id, export_id = (
        "1500000000000000001",
        "1500000000000000002",
        "1500000000000000003",
        "1500000000000000004",
    )
    folder = kb / "software_engineering" / "testing" / "property-tests"
    _write(
        folder / "README.md",
        f"**Source:** [https://twitter.com/i/web/status/{new_id}]"
        f"(https://twitter.com/i/web/status/{new_id})\n"
        "**Original Post Date:** 2025-06-01 10:00:00\n\n"
        "# Property tests\n\n## Introduction\n\nHypothesis finds bugs.\n\n"
        "## Media\n\n**Image Description:** a graph\n![image](./media/image_1.png)\n"
        "**Image Description:** a lost one\n![image](./media/image_2.png)\n",
    )
    (folder / "media").mkdir()
    (folder / "media" / "image_1.png").write_bytes(PNG + b"new")
    folder = kb / "software_engineering" / "testing" / "old-layout"
    _write(
        folder / "README.md",
        "# Mutation testing\n\nMutants reveal weak tests.\n\n---\n"
        f"**Source**: [Original Tweet](https://twitter.com/user/status/{old_id})\n\n"
        "## Media Content\n\n![img](image_1.png)\n",
    )
    (folder / "image_1.png").write_bytes(PNG + b"old")
    _write(
        kb / "software_engineering" / "testing" / "feb-layout" / "README.md",
        f"# feb-layout\n\n**Tweet URL:** https://twitter.com/u/status/{feb_id}\n\n"
        "**Tweet Text:** Fuzzing in February.\n\n**Image 1 Description:** none\n",
    )
    folder = kb / "knowledge-base" / "software-engineering" / "ci" / "fast-pipelines"
    _write(
        folder / "README.md",
        "# Fast pipelines\n\n## 📋 Metadata\n\n- **Category**: Software Engineering\n"
        f"- **Subcategory**: ci\n- **Source**: Twitter\n- **Tweet ID**: {export_id}\n\n"
        "## 📝 Description\n\nCache everything.\n\n## 📄 Content\n\nUse a build cache.\n\n"
        "## 🖼️ Media\n\n![m](image_1.png)\n",
    )
    (folder / "image_1.png").write_bytes(PNG + b"export")
    _write(kb / "README.md", "# 📚 Technical Knowledge Base\n\nCatalogue only.\n")
    _write(kb / "no-id" / "x" / "y" / "README.md", "# Without an id\n\nNothing to key on.\n")
    # Syntheses: May (_synthesis/README.md), June-July (no .md), August export.
    _write(kb / "software_engineering" / "testing" / "_synthesis" / "README.md", "# Testing\n\nT.")
    _write(kb / "syntheses" / "software_engineering" / "ci" / "synthesis_ci", "# CI\n\nNo ext.")
    _write(kb / "syntheses" / "software_engineering" / "synthesis_overview", "# SE\n\nOverview.")
    _write(
        kb / "syntheses" / "databases" / "synthesis_postgres.md",
        "# Postgres synthesis\n\n## 📋 Synthesis Metadata\n\n- **Category**: databases\n\n"
        "## 🔬 Synthesis\n\nIndexes matter.\n\n*Generated by the agent*\n",
    )
    expected.titles = {
        new_id: "Property tests",
        old_id: "Mutation testing",
        feb_id: "feb-layout",
        export_id: "Fast pipelines",
    }
    expected.notes = {
        new_id: "Hypothesis finds bugs.",
        old_id: "Mutants reveal weak tests.",
        feb_id: "Fuzzing in February",
        export_id: "Use a build cache.",
    }
    expected.categories = {
        new_id: ("software_engineering", "testing"),
        old_id: ("software_engineering", "testing"),
        feb_id: ("software_engineering", "testing"),
        export_id: ("software_engineering", "ci"),
    }
    expected.media = {new_id: 1, old_id: 1, export_id: 1}
    expected.missing_media = {new_id}
    expected.syntheses = {
        ("software_engineering", "testing"),
        ("software_engineering", "ci"),
        ("software_engineering", ""),
        ("databases", "postgres"),
    }
    return expected
