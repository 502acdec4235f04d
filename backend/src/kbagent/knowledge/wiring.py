"""Where the knowledge endpoints find their embedder: a plain callable on `app.state`.

`app.state.kb_embedder` (an `Embedder`) is set by whoever builds the app; without it,
full-text search still works and vector search answers 503. Syntheses are written by runs
(pipeline/synthesis.py) with the routed synthesis model.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from kbagent.knowledge.search.vectors import Embedder


async def _embedder(request: Request) -> Embedder | None:
    return getattr(request.app.state, "kb_embedder", None)


EmbedderDep = Annotated[Embedder | None, Depends(_embedder)]
