"""Item history: a full snapshot per change, unified diffs between versions, restore."""

from __future__ import annotations

from difflib import unified_diff
from typing import Any

from sqlalchemy.orm import Session

from kbagent.errors import NotFound
from kbagent.knowledge import repository
from kbagent.knowledge.models import ItemVersion, KnowledgeItem
from kbagent.knowledge.schemas import ItemDiff

# The fields a version restores; ids, paths and timestamps are not content.
SNAPSHOT_FIELDS = (
    "display_title",
    "summary",
    "enhanced_content",
    "main_category",
    "sub_category",
    "tags",
    "source_url",
    "media_paths",
)


def snapshot(item: KnowledgeItem) -> dict[str, Any]:
    return {field: getattr(item, field) for field in SNAPSHOT_FIELDS}


def record(session: Session, item: KnowledgeItem, change: str) -> ItemVersion:
    version = ItemVersion(
        knowledge_item_id=item.id,
        version=item.version,
        change=change[:255],
        snapshot=snapshot(item),
    )
    repository.add(session, version)
    return version


def render(snap: dict[str, Any]) -> list[str]:
    """A version as markdown lines, so a diff reads like an edit of the document."""
    lines = [
        f"# {snap.get('display_title', '')}",
        f"category: {snap.get('main_category')}/{snap.get('sub_category')}",
        f"tags: {', '.join(snap.get('tags') or [])}",
        f"source: {snap.get('source_url') or ''}",
        f"media: {', '.join(snap.get('media_paths') or [])}",
        "",
        str(snap.get("summary") or ""),
        "",
    ]
    lines.extend(str(snap.get("enhanced_content") or "").splitlines())
    return lines


def get_version(session: Session, item_id: str, version: int) -> ItemVersion:
    found = repository.get_version(session, item_id, version)
    if found is None:
        raise NotFound(
            f"Item {item_id!r} has no version {version}.", {"id": item_id, "version": version}
        )
    return found


def history(session: Session, item_id: str) -> list[ItemVersion]:
    versions = list(repository.list_versions(session, item_id))
    if not versions:
        raise NotFound(f"No history for knowledge item {item_id!r}.", {"id": item_id})
    return versions


def diff(session: Session, item_id: str, from_version: int, to_version: int) -> ItemDiff:
    old = get_version(session, item_id, from_version)
    new = get_version(session, item_id, to_version)
    text = "\n".join(
        unified_diff(
            render(old.snapshot),
            render(new.snapshot),
            fromfile=f"v{from_version}",
            tofile=f"v{to_version}",
            lineterm="",
        )
    )
    return ItemDiff(from_version=from_version, to_version=to_version, diff=text)
