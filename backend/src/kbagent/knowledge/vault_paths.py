"""Where things live in the markdown vault (SPEC layout), shared by the vault and syntheses."""

from __future__ import annotations

from kbagent.knowledge.categories import slug

UNCATEGORISED = "uncategorised"


def item_dir_name(title: str, item_id: str) -> str:
    """`<title-slug>-<id prefix>`: readable, and unique even for equal titles."""
    return f"{slug(title, '-', 60) or 'item'}-{item_id[:8]}"


def item_dir(main: str | None, sub: str | None, title: str, item_id: str) -> str:
    return f"{main or UNCATEGORISED}/{sub or 'general'}/{item_dir_name(title, item_id)}"


def synthesis_path(main: str, sub: str) -> str:
    return f"{main}/{sub}/_synthesis/README.md" if sub else f"{main}/_synthesis/README.md"
