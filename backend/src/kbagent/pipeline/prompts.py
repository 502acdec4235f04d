"""Prompt text shared by the phases: the item as the model sees it, trimmed to a budget."""

from __future__ import annotations

from kbagent.content.models import ContentItem

MAX_ITEM_CHARS = 6000


def describe_item(item: ContentItem, limit: int = MAX_ITEM_CHARS) -> str:
    parts = [f"Title: {item.title}", f"Source: {item.source_type} {item.source_id}"]
    descriptions = [str(m["description"]) for m in item.media_files or [] if m.get("description")]
    body = item.content or ""
    if len(body) > limit:
        body = body[:limit].rsplit(" ", 1)[0] + " …"
    parts.append(f"Content:\n{body}")
    if descriptions:
        parts.append("Images:\n" + "\n".join(f"- {d}" for d in descriptions))
    return "\n\n".join(parts)
