"""Embed each knowledge item's chunks; the model is called outside any transaction.

Vectors come from the configured embedding model only (never a fallback: its vectors would
be of another space), and are stored only if the index is of that model's space.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from kbagent.knowledge import embedding_space
from kbagent.knowledge import repository as kb_repository
from kbagent.knowledge import service as kb_service
from kbagent.knowledge.search.vectors import normalise
from kbagent.pipeline.phase import Output, PhaseContext, SkipItem, record_now


def embed(ctx: PhaseContext, item_id: str) -> str | None:
    return record_now(ctx, item_id, "embed", embed_output(ctx, item_id))


def embed_output(ctx: PhaseContext, item_id: str) -> Output:
    with ctx.database.reader() as session:
        kb_item = kb_repository.get_by_content_item(session, item_id)
        if kb_item is None:
            raise SkipItem("no knowledge item to embed (its generation did not succeed)")
        kb_id = kb_item.id
        chunks = kb_service.item_chunks(session, kb_item)
    space = embedding_space.configured(ctx.settings)
    result = ctx.ai.embed(chunks, model=space.model)
    vectors = normalise(result.vectors, space.dim)

    def apply(session: Session) -> None:
        embedding_space.store(session, kb_id, vectors, space)

    return Output(result.model, apply)
