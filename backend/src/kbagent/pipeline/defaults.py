"""The phases a run uses, in no particular order (the agent orders and plans them)."""

from __future__ import annotations

from kbagent.knowledge import embedding_space
from kbagent.pipeline import (
    cache,
    categorise,
    embed,
    export,
    fetch,
    generate,
    git,
    media,
    synthesis,
)
from kbagent.pipeline.phase import Phase


def default_phases() -> list[Phase]:
    return [
        Phase("fetch", global_step=fetch.fetch),
        Phase("cache", item_step=cache.cache_output),
        Phase("media", item_step=media.media_output, model_phase="vision"),
        # One item at a time, each filed in its own transaction: an item is placed among the
        # categories of every item before it, so a batch's items join the categories that the
        # first of them created instead of each making its own (a batch-wide write, or items in
        # flight together, gave 9 categories for 12 manual pages where 6 topics were right).
        Phase("categorise", item_step=categorise.categorise),
        Phase("generate", item_step=generate.generate_output, model_phase="kb_generation"),
        Phase(
            "embed",
            item_step=embed.embed_output,
            model_phase="embeddings",
            before_run=embedding_space.prepare_run,
        ),
        Phase("synthesis", global_step=synthesis.synthesise),
        Phase("export", global_step=export.export),
        Phase("git", global_step=git.git_sync),
    ]
