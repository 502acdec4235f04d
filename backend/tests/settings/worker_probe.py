"""A phase for tests with a real worker process (`kbagent worker -I settings.worker_probe`):
each item records the settings and the categorisation model the worker had in force when it
processed it, and asks that model a question when it is a remote one."""

from __future__ import annotations

import os

from kbagent.agent import phases
from kbagent.content.models import ContentItem
from kbagent.pipeline.phase import Phase, PhaseContext, mark_done


def probe(ctx: PhaseContext, item_id: str) -> str | None:
    route = ctx.ai.routes["categorisation"]
    answered_by = None
    if not route.startswith("local:"):  # the bundled model is slow; a stand-in server is not
        answered_by = ctx.ai.prompt("categorisation", "Say hello.").model
    with ctx.database.writer() as session:
        if not mark_done(session, item_id, "categorise", ctx.task_id, answered_by):
            return answered_by
        item = session.get(ContentItem, item_id)
        assert item is not None
        item.raw_data = {
            "pid": os.getpid(),
            "synthesis_min_items": ctx.settings.synthesis_min_items,
            "route": route,
            "answered_by": answered_by,
        }
        session.commit()
    return answered_by


def register() -> None:
    phases.override([Phase("categorise", item_step=probe)])


register()
