"""Fetch phase: pull new X bookmarks when an account is connected (incremental), and refresh
every subscribed RSS/Atom feed (conditional GETs) unless the run says `refresh_feeds: false`."""

from __future__ import annotations

from typing import Any

from kbagent.pipeline.phase import PhaseContext
from kbagent.sources import repository as sources_repository
from kbagent.sources.feeds import service as feeds
from kbagent.sources.twitter import sync
from kbagent.sources.twitter.oauth import PROVIDER


def _x_bookmarks(ctx: PhaseContext) -> dict[str, Any]:
    with ctx.database.reader() as session:
        connected = sources_repository.credential(session, PROVIDER) is not None
    if not connected:
        return {"x_bookmarks": "no X account connected"}
    full = bool(ctx.config.get("x_full_sync"))
    report = sync.sync_bookmarks(ctx.database, ctx.settings, full=full)
    outcome = report.model_dump(mode="json", exclude={"item_ids"})
    outcome["failures"] = outcome["failures"][:100]
    return {"x_bookmarks": report.summary(), **outcome}


MAX_PROBLEMS = 20


def fetch(ctx: PhaseContext) -> dict[str, Any]:
    outcome = _x_bookmarks(ctx)
    if ctx.config.get("refresh_feeds", True):
        refreshed = feeds.refresh_all(ctx.database, ctx.settings)
        if refreshed.feeds:
            outcome["feeds"] = refreshed.outcome()
            # Every run says so while a feed cannot be read, not only the phase's details.
            if refreshed.unreadable:
                outcome["problems"] = [f"feed {u}" for u in refreshed.unreadable[:MAX_PROBLEMS]]
    return outcome
