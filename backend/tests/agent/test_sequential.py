"""A sequential phase: each item's output is written before the next item starts, so every
item's step reads what the items before it in the same batch wrote (categorise files an item
among the categories its predecessors created). A batched phase writes outputs together."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from harness import admin
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from agent.test_runs import add_items, wait_for
from kbagent.agent import phases
from kbagent.content.models import ContentItem
from kbagent.pipeline.phase import Output, Phase, PhaseContext

seen: list[int] = []  # per step call: how many items had been filed when it started


def file_item(ctx: PhaseContext, item_id: str) -> Output:
    with ctx.database.reader() as session:
        filed = select(func.count()).where(ContentItem.main_category.is_not(None))
        seen.append(session.scalar(filed) or 0)

    def apply(session: Session) -> None:
        item = session.get(ContentItem, item_id)
        assert item is not None
        item.main_category, item.sub_category = "filed", "here"

    return Output("fake:cat", apply)


@pytest.fixture
def sequential_phase() -> Iterator[None]:
    phases.override(
        [Phase("categorise", item_step=file_item, model_phase="categorisation", sequential=True)]
    )
    seen.clear()
    try:
        yield
    finally:
        phases.override(None)


@pytest.mark.usefixtures("sequential_phase")
def test_each_item_sees_the_items_before_it(base_url: str) -> None:
    client: httpx.Client = admin.Client(base_url=base_url, timeout=30)
    add_items(client, [f"item {n}" for n in range(12)])
    run = client.post("/api/v1/agent/start", json={}).json()
    done = wait_for(client, run["id"], {"completed"})
    assert done["phases"][0]["done"] == 12
    assert seen == list(range(12)), seen  # written one by one, in order, before the next
