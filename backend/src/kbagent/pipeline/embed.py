"""Embed each knowledge item's chunks; the model is called outside any transaction."""

from __future__ import annotations

from kbagent.agent.phases import PhaseContext, SkipItem, mark_done
from kbagent.knowledge import repository as kb_repository
from kbagent.knowledge.search.chunking import chunk_item
from kbagent.knowledge.search.vectors import normalise


def embed(ctx: PhaseContext, item_id: str) -> str | None:
    with ctx.database.reader() as session:
        kb_item = kb_repository.get_by_content_item(session, item_id)
        if kb_item is None:
            raise SkipItem("no knowledge item to embed (its generation did not succeed)")
        kb_id = kb_item.id
        chunks = chunk_item(kb_item.display_title, kb_item.summary, kb_item.enhanced_content)
    result = ctx.ai.embed(chunks)
    vectors = normalise(result.vectors, ctx.settings.embedding_dim)
    with ctx.database.writer() as session:
        if not mark_done(session, item_id, "embed", ctx.task_id, result.model):
            return result.model
        kb_repository.replace_embeddings(session, kb_id, vectors, result.model)
        kb_repository.bump_search_generation(session)
        session.commit()
    return result.model
