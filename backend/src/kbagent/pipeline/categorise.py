"""Categorise an item into the main/sub tree; the existing tree is offered to the model, and a
new name must pass the tree's near-twin check (knowledge/tree.py) before it is created."""

from __future__ import annotations

import logging

from pydantic import BaseModel, Field

from kbagent.agent.phases import PhaseContext, mark_done
from kbagent.ai.base import Message, Options
from kbagent.content.models import ContentItem
from kbagent.errors import NotFound
from kbagent.knowledge import repository as kb_repository
from kbagent.knowledge import tree
from kbagent.pipeline.prompts import describe_item

log = logging.getLogger("kbagent.pipeline")
FALLBACK = ("uncategorised", "general")


class CategoryChoice(BaseModel):
    # No descriptions in the schema: small models copy them into the answer. The guidance is in
    # the system prompt.
    main_category: str = Field(max_length=60)
    sub_category: str = Field(max_length=60)
    item_name: str = Field(max_length=120)


def _usable(name: str) -> bool:
    words = name.replace("_", " ").replace("-", " ").split()
    return 0 < len(words) <= 4 and all(w.isalnum() for w in words)


def _existing_tree(ctx: PhaseContext) -> str:
    with ctx.database.reader() as session:
        rows = kb_repository.list_categories(session)
        pairs = [f"{c.main_category}/{c.sub_category}" for c in rows][:200]
    return "\n".join(pairs) if pairs else "(none yet)"


def categorise(ctx: PhaseContext, item_id: str) -> str | None:
    with ctx.database.reader() as session:
        item = session.get(ContentItem, item_id)
        if item is None:
            raise NotFound(f"content item {item_id} is gone")
        prompt = describe_item(item)
    messages = [
        Message(
            "system",
            "You file saved articles and posts into a two-level category tree. main_category is "
            "a broad field and sub_category a narrower topic, each one to three lowercase words "
            "in snake_case (e.g. software_engineering / testing). Reuse an existing category "
            "whenever one fits; invent a new one only when none does. item_name is a short "
            "name for the item.",
        ),
        Message("user", f"Existing categories:\n{_existing_tree(ctx)}\n\nItem:\n{prompt}"),
    ]
    result = ctx.ai.structured(
        "categorisation", CategoryChoice, messages, Options(max_tokens=160, temperature=0.2)
    )
    choice, model = result.value, result.completion.model
    with ctx.database.writer() as session:
        if not mark_done(session, item_id, "categorise", ctx.task_id, model):
            return model
        item = session.get(ContentItem, item_id)
        if item is None:
            return model
        proposed = (choice.main_category, choice.sub_category)
        if not all(_usable(name) for name in proposed):
            log.warning("unusable category %r from %s; filed as uncategorised", proposed, model)
            proposed = FALLBACK
        main, sub = tree.resolve(session, *proposed, ctx.settings.category_similarity)
        item.main_category, item.sub_category = main, sub
        raw = dict(item.raw_data or {})
        raw["item_name"] = choice.item_name.strip()[:200]
        item.raw_data = raw
        session.commit()
    return model
