"""Phase steps that register themselves on import, for tests with real worker processes
(`kbagent worker -I agent.worker_steps`). Effects are visible in the database only: each
application of an item's output bumps `raw_data["applied"]`, so a doubled item shows 2."""

from __future__ import annotations

import os
import time

from kbagent.agent import phases
from kbagent.content.models import ContentItem
from kbagent.pipeline.phase import Phase, PhaseContext, mark_done

DELAY = float(os.environ.get("KBAGENT_TEST_STEP_DELAY", "0"))


def categorise(ctx: PhaseContext, item_id: str) -> str | None:
    time.sleep(DELAY)
    with ctx.database.writer() as session:
        if not mark_done(session, item_id, "categorise", ctx.task_id, "fake:cat"):
            return "fake:cat"
        item = session.get(ContentItem, item_id)
        assert item is not None
        raw = dict(item.raw_data or {})
        raw["applied"] = int(raw.get("applied", 0)) + 1
        raw["pid"] = os.getpid()
        item.raw_data = raw
        item.main_category = "testing"
        session.commit()
    return "fake:cat"


def export(ctx: PhaseContext) -> dict[str, object]:
    return {"pid": os.getpid()}


def register() -> None:
    phases.override(
        [
            Phase("categorise", item_step=categorise),
            Phase("export", global_step=export),
        ]
    )


register()
