"""Where the knowledge endpoints find their models: plain callables on `app.state`.

`app.state.kb_embedder` (an `Embedder`) and `app.state.kb_synthesis_writer` (a
`SynthesisWriter`) are set by whoever builds the app; without them, full-text search still
works, vector search answers 503, and synthesis generation answers 503.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from kbagent.knowledge.search.vectors import Embedder
from kbagent.knowledge.synthesis import SynthesisWriter


async def _embedder(request: Request) -> Embedder | None:
    return getattr(request.app.state, "kb_embedder", None)


async def _writer(request: Request) -> SynthesisWriter | None:
    return getattr(request.app.state, "kb_synthesis_writer", None)


EmbedderDep = Annotated[Embedder | None, Depends(_embedder)]
SynthesisWriterDep = Annotated[SynthesisWriter | None, Depends(_writer)]
