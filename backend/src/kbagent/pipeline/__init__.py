"""The agent's phases as plain functions; `install()` registers them with the run engine."""

from __future__ import annotations

from kbagent.agent.phases import Phase, register


def install() -> None:
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

    register(Phase("fetch", global_step=fetch.fetch))
    register(Phase("cache", item_step=cache.cache))
    register(Phase("media", item_step=media.describe_media))
    register(Phase("categorise", item_step=categorise.categorise))
    register(Phase("generate", item_step=generate.generate))
    register(Phase("embed", item_step=embed.embed, before_run=embedding_space.prepare_run))
    register(Phase("synthesis", global_step=synthesis.synthesise))
    register(Phase("export", global_step=export.export))
    register(Phase("git", global_step=git.git_sync))
