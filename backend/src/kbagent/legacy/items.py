"""One legacy item into kbagent: a content item (source `x`, source id = tweet id) and, when
the earlier tool had written a note, a knowledge item through the knowledge service (so it
has a version, search chunks and a category node like any other).

An imported note counts as generated: the item's cache, media, categorise and generate
phases are recorded done, and its embed phase is left open, so the next run that embeds
makes its vectors with kbagent's model (the legacy vectors are of another space).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session

from kbagent.config import Settings
from kbagent.content import repository as content_repository
from kbagent.content.models import ContentItem
from kbagent.errors import InvalidInput
from kbagent.knowledge import repository as kb_repository
from kbagent.knowledge import service as kb_service
from kbagent.knowledge import tree
from kbagent.knowledge.schemas import KnowledgeItemCreate, KnowledgeItemUpdate
from kbagent.legacy.records import LegacyItem
from kbagent.pipeline import repository as phases
from kbagent.sources.drafts import clip_title

SOURCE_TYPE = "x"
DONE_PHASES = ("cache", "media", "categorise", "generate")
STATUS_URL = "https://twitter.com/i/web/status/{}"
MAX_MEDIA = 100
# "Who wrote it", in the `backend:model` form kbagent records: the earlier tool.
LEGACY_MODEL = "legacy:knowledge-base-agent"


def title_of(item: LegacyItem) -> tuple[str, bool]:
    """The item's title, and whether the legacy data had one (else a fallback is made)."""
    suggested = (item.item_json or {}).get("suggested_title")
    for found in (item.display_title, suggested):
        if isinstance(found, str) and found.strip():
            return found.strip()[:1024], True
    if item.item_name:
        return item.item_name.replace("-", " ").replace("_", " ").strip()[:1024], False
    return clip_title(item.full_text or "", fallback=f"Post {item.tweet_id}"), False


def _render_json(doc: dict[str, Any]) -> str | None:
    """Markdown from the item JSON, for rows whose markdown column stayed empty."""
    lines: list[str] = []
    if isinstance(doc.get("suggested_title"), str):
        lines += [f"# {doc['suggested_title']}", ""]
    if isinstance(doc.get("introduction"), str):
        lines += ["## Introduction", "", doc["introduction"], ""]
    for section in doc.get("sections") or []:
        if not isinstance(section, dict):
            continue
        lines += [f"## {section.get('heading') or 'Section'}", ""]
        lines += [p for p in section.get("content_paragraphs") or [] if isinstance(p, str)]
        for block in section.get("code_blocks") or []:
            if isinstance(block, dict) and isinstance(block.get("code"), str):
                lines += [f"```{block.get('language') or ''}", block["code"], "```", ""]
        lines.append("")
    takeaways = [t for t in doc.get("key_takeaways") or [] if isinstance(t, str)]
    if takeaways:
        lines += ["## Key Takeaways", "", *(f"- {t}" for t in takeaways), ""]
    if isinstance(doc.get("conclusion"), str):
        lines += ["## Conclusion", "", doc["conclusion"], ""]
    rendered = "\n".join(lines).strip()
    return rendered or None


def note_of(item: LegacyItem) -> str | None:
    if item.markdown and item.markdown.strip():
        return item.markdown.strip()
    return _render_json(item.item_json) if item.item_json else None


def summary_of(item: LegacyItem) -> str | None:
    meta = (item.item_json or {}).get("meta_description")
    found = item.description or (meta if isinstance(meta, str) else None)
    return found.strip()[:5000] if found and found.strip() else None


@dataclass
class Written:
    targets: dict[str, Any]
    outcome: dict[str, str]  # table -> new | updated | unchanged | adopted
    knowledge_item_id: str | None


def _raw_data(item: LegacyItem) -> dict[str, Any]:
    return {
        "source": "legacy_kbagent",
        "id": item.tweet_id,
        "url": STATUS_URL.format(item.tweet_id),
        "bookmarked_tweet_id": item.bookmarked_tweet_id,
        "thread": item.thread,
        "legacy": {
            "item_json": item.item_json,
            "item_name": item.item_name,
            "markdown_from": item.markdown_from,
            "origins": item.origins,
        },
    }


Category = tuple[str | None, str | None]


def resolve_category(
    session: Session, item: LegacyItem, settings: Settings, seen: dict[Category, Category]
) -> Category:
    """The kbagent node for the item's legacy category, made if need be (once per pair)."""
    wanted = (item.main_category, item.sub_category)
    if wanted in seen:
        return seen[wanted]
    found: Category = (None, None)
    if item.main_category:
        with contextlib.suppress(InvalidInput):  # a name with no usable characters
            found = tree.resolve(
                session, item.main_category, item.sub_category, settings.category_similarity
            )
    seen[wanted] = found
    return found


def _knowledge_fields(item: LegacyItem, title: str, note: str, media: list[str]) -> dict[str, Any]:
    return {
        "display_title": title,
        "summary": summary_of(item),
        "enhanced_content": note[:500_000],
        "source_url": (item.source_url or STATUS_URL.format(item.tweet_id))[:2048],
        "media_paths": media[:MAX_MEDIA],
    }


def write_item(
    session: Session,
    item: LegacyItem,
    media: tuple[list[dict[str, Any]], list[str]],
    settings: Settings,
    run_id: str,
    previous: dict[str, Any] | None,
    digest: str,
    category: Category,
) -> Written:
    """Create (or, with `previous` targets, update) the item's rows; `category` is the
    resolved node (the content item holds an item's category)."""
    entries, stored = media
    title, _ = title_of(item)
    note = note_of(item)
    created = list((previous or {}).get("created", []))
    outcome: dict[str, str] = {}
    content = None
    if previous and previous.get("content_item"):
        content = content_repository.get(session, previous["content_item"])
    if content is None:
        content = content_repository.get_by_source(session, SOURCE_TYPE, item.tweet_id)
        if content is not None:
            outcome["content_items"] = "adopted"
    if content is None:
        content = ContentItem(
            source_type=SOURCE_TYPE,
            source_id=item.tweet_id,
            title=title,
            content=item.full_text or "",
            raw_data=_raw_data(item),
            media_files=entries,
            content_hash=digest,
            processing_state="processed" if note else "pending",
        )
        if item.created_at is not None:
            content.created_at = item.created_at
        content_repository.add(session, content)
        created.append("content_item")
        outcome["content_items"] = "new"
    elif "content_item" in created:
        content.title, content.content = title, item.full_text or ""
        content.raw_data, content.media_files = _raw_data(item), entries
        content.content_hash = digest
        outcome["content_items"] = "updated"
    ours = "content_item" in created
    if category[0] is not None and (ours or content.main_category is None):
        content.main_category, content.sub_category = category
    fresh = outcome.get("content_items") == "new"
    knowledge = None if fresh else kb_repository.get_by_content_item(session, content.id)
    if note is not None:
        fields = _knowledge_fields(item, title, note, stored)
        if knowledge is None:
            knowledge = kb_service.create_item(
                session,
                KnowledgeItemCreate(content_item_id=content.id, **fields),
                settings,
                None,
            )
            knowledge.model = LEGACY_MODEL
            if item.created_at is not None:
                knowledge.created_at = item.created_at
            created.append("knowledge_item")
            outcome["knowledge_items"] = "new"
            if fresh:
                phases.record_new_item_done(session, content.id, DONE_PHASES, run_id, LEGACY_MODEL)
            else:
                for phase in DONE_PHASES:
                    phases.mark_item_phase(
                        session, content.id, phase, run_id, "done", LEGACY_MODEL, None
                    )
            content.processing_state = "processed"
        elif "knowledge_item" in created:
            kb_service.update_item(
                session,
                knowledge.id,
                KnowledgeItemUpdate(**fields),
                settings,
                None,
                change="updated by the legacy migration",
            )
            phases.forget_item_phases(session, content.id, ["embed"])
            outcome["knowledge_items"] = "updated"
        else:
            outcome["knowledge_items"] = "adopted"
    targets = {
        "content_item": content.id,
        "knowledge_item": knowledge.id if knowledge is not None else None,
        "created": sorted(set(created)),
        "media": sorted(set((previous or {}).get("media", [])) | set(stored)),
    }
    return Written(targets, outcome, knowledge.id if knowledge is not None else None)


def validation_reason(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first.get("loc", ()))
    return f"{where}: {first.get('msg')}"[:300]
