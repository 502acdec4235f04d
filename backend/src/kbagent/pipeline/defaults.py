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
        Phase("cache", item_step=cache.cache),
        Phase("media", item_step=media.describe_media),
        Phase("categorise", item_step=categorise.categorise),
        Phase("generate", item_step=generate.generate),
        Phase("embed", item_step=embed.embed, before_run=embedding_space.prepare_run),
        Phase("synthesis", global_step=synthesis.synthesise),
        Phase("export", global_step=export.export),
        Phase("git", global_step=git.git_sync),
    ]
