"""What the readers produce: one record per legacy item, category, synthesis and chat.

Readers fill what they find; `merge_into` combines the records of one tweet from several
places (the three tables, the JSON files, the markdown tree), keeping the first non-empty
value of each field in the order the readers are merged (LEGACY.md's preference order).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from typing import Any


@dataclass
class MediaRef:
    """A media file named by the legacy data: where it said it was, and what it shows."""

    path: str  # as stored (relative to the project or the KB root) or an absolute path
    description: str | None = None
    kind: str = "image"


@dataclass
class LegacyItem:
    tweet_id: str
    full_text: str | None = None
    thread: list[dict[str, Any]] = field(default_factory=list)
    bookmarked_tweet_id: str | None = None
    display_title: str | None = None
    item_name: str | None = None  # the slug `knowledge_base_item.title`
    description: str | None = None
    markdown: str | None = None
    markdown_from: str | None = None  # which column or file the markdown came from
    item_json: dict[str, Any] | None = None
    main_category: str | None = None
    sub_category: str | None = None
    source_url: str | None = None
    media: list[MediaRef] = field(default_factory=list)
    kb_item_ids: list[int] = field(default_factory=list)  # knowledge_base_item.id (embeddings)
    created_at: datetime | None = None
    updated_at: datetime | None = None
    origins: list[str] = field(default_factory=list)
    folder: str | None = None  # the markdown item folder, to resolve media relative to it

    def fingerprint(self) -> str:
        return fingerprint({k: v for k, v in asdict(self).items() if k != "origins"})

    def changed_at(self) -> datetime | None:
        return self.updated_at or self.created_at


def merge_into(base: LegacyItem, other: LegacyItem) -> None:
    """Fill `base`'s empty fields from `other` (the earlier source is preferred)."""
    for spec in fields(base):
        name = spec.name
        mine, theirs = getattr(base, name), getattr(other, name)
        if name == "origins":
            base.origins = [*mine, *(o for o in theirs if o not in mine)]
        elif name == "kb_item_ids":
            base.kb_item_ids = [*mine, *(i for i in theirs if i not in mine)]
        elif name == "updated_at":
            dates = [d for d in (mine, theirs) if d is not None]
            base.updated_at = max(dates) if dates else None
        elif mine in (None, "", [], {}) and theirs not in (None, "", [], {}):
            setattr(base, name, theirs)
            if name == "markdown":
                base.markdown_from = other.markdown_from


@dataclass
class LegacyCategory:
    main_category: str
    sub_category: str | None
    description: str | None = None


@dataclass
class LegacySynthesis:
    main_category: str
    sub_category: str | None  # None: the main category's overview
    title: str | None
    content: str
    item_count: int = 0
    dependency_kb_ids: list[int] = field(default_factory=list)
    is_stale: bool = False
    legacy_id: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    origin: str = ""

    def key(self) -> str:
        return f"{self.main_category}/{self.sub_category or ''}"

    def fingerprint(self) -> str:
        return fingerprint({k: v for k, v in asdict(self).items() if k != "origin"})


@dataclass
class LegacyMessage:
    role: str
    content: str
    created_at: datetime | None = None
    model_used: str | None = None
    sources: list[dict[str, Any]] = field(default_factory=list)
    context_stats: dict[str, Any] | None = None
    metrics: dict[str, Any] | None = None


@dataclass
class LegacyChat:
    session_id: str
    title: str | None = None
    is_archived: bool = False
    created_at: datetime | None = None
    updated_at: datetime | None = None
    messages: list[LegacyMessage] = field(default_factory=list)

    def fingerprint(self) -> str:
        return fingerprint(asdict(self))


@dataclass
class Skipped:
    kind: str
    key: str
    reason: str


@dataclass
class LegacyData:
    """Everything the readers found, merged; `tables_in` counts rows (or files) per source."""

    items: dict[str, LegacyItem] = field(default_factory=dict)
    categories: list[LegacyCategory] = field(default_factory=list)
    syntheses: dict[str, LegacySynthesis] = field(default_factory=dict)
    chats: list[LegacyChat] = field(default_factory=list)
    tables_in: dict[str, int] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)
    embeddings: dict[str, Any] = field(default_factory=dict)

    def add_item(self, item: LegacyItem) -> None:
        found = self.items.get(item.tweet_id)
        if found is None:
            self.items[item.tweet_id] = item
        else:
            merge_into(found, item)

    def add_synthesis(self, synthesis: LegacySynthesis) -> None:
        # The database's row wins over a markdown file of the same category.
        self.syntheses.setdefault(synthesis.key(), synthesis)


def fingerprint(value: Any) -> str:
    payload = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()
