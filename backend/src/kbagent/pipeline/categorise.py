"""Categorise an item into the main/sub tree; the existing tree is offered to the model, and a
new name must pass the tree's near-twin check (knowledge/tree.py) before it is created."""

from __future__ import annotations

import logging

from pydantic import BaseModel, Field

from kbagent.agent.phases import PhaseContext, mark_done
from kbagent.ai.base import Message
from kbagent.content.models import ContentItem
from kbagent.errors import NotFound
from kbagent.knowledge import repository as kb_repository
from kbagent.knowledge import tree
from kbagent.pipeline.prompts import describe_item

log = logging.getLogger("kbagent.pipeline")
FALLBACK = ("uncategorised", "general")


class CategoryChoice(BaseModel):
    main_category: str = Field(
        description="Broad field, lowercase snake_case, e.g. software_engineering"
    )
    sub_category: str = Field(description="Narrower topic, lowercase snake_case, e.g. testing")
    item_name: str = Field(description="A short name for this item, 2-6 words")


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
            "You file saved articles and posts into a two-level category tree. Reuse an "
            "existing category whenever one fits; invent a new one only when none does.",
        ),
        Message("user", f"Existing categories:\n{_existing_tree(ctx)}\n\nItem:\n{prompt}"),
    ]
    result = ctx.ai.structured("categorisation", CategoryChoice, messages)
    choice, model = result.value, result.completion.model
    with ctx.database.writer() as session:
        if not mark_done(session, item_id, "categorise", ctx.task_id, model):
            return model
        item = session.get(ContentItem, item_id)
        if item is None:
            return model
        main, sub = tree.resolve(
            session,
            choice.main_category or FALLBACK[0],
            choice.sub_category or FALLBACK[1],
            ctx.settings.category_similarity,
        )
        item.main_category, item.sub_category = main, sub
        raw = dict(item.raw_data or {})
        raw["item_name"] = choice.item_name.strip()[:200]
        item.raw_data = raw
        session.commit()
    return model
