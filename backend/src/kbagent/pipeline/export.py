"""Bring the markdown vault on disk up to date (only changed files are written)."""

from __future__ import annotations

from typing import Any

from kbagent.knowledge import tree, vault
from kbagent.pipeline.phase import PhaseContext


def export(ctx: PhaseContext) -> dict[str, Any]:
    with ctx.database.writer() as session:
        pruned = tree.prune(session)
        session.commit()
    # A reader: writing files must not hold SQLite's write lock (API writes would wait on it).
    with ctx.database.reader() as session:
        report = vault.sync(session, ctx.settings)
    return report.model_dump(mode="json") | {"categories_pruned": len(pruned)}
