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
        Phase(
            "categorise",
            item_step=categorise.categorise_output,
            model_phase="categorisation",
            # Items of a batch join the categories the first of them created instead of each
            # making its own (written together, 12 manual pages gave 9 categories, not 6).
            sequential=True,
        ),
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
