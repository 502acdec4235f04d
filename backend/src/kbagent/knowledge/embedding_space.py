"""The embedding space of the stored vectors: one model and one dimension per database.

Vectors of two models are not comparable, even at the same dimension, so `search_state`
records the model and dimension of every row in `embeddings`. Writers claim the space in the
transaction that stores vectors (and are refused if it is another model's); searches use
vectors only when the configured model is the stored one; a run that embeds with a newly
configured model first switches the space: old vectors dropped, and on PostgreSQL the
`vector(N)` column re-typed and its HNSW index rebuilt. Until then, vector search answers 503
and hybrid search falls back to full text.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from kbagent.config import Settings
from kbagent.errors import InvalidInput, ServiceUnavailable
from kbagent.knowledge import repository
from kbagent.knowledge.search.schemas import EmbeddingSpaceRead


@dataclass(frozen=True)
class Space:
    model: str  # "backend:model", as the AI layer names the model that produced a vector
    dim: int


def configured(settings: Settings) -> Space:
    """The space new vectors are made in: the first model of KBAGENT_MODEL_EMBEDDINGS.

    Only the first: a fallback model would put vectors of another space into the index.
    """
    names = [n.strip() for n in settings.model_embeddings.split(",") if n.strip()]
    return Space(model=names[0] if names else "", dim=settings.embedding_dim)


def stored(session: Session) -> Space | None:
    model, dim = repository.embedding_space(session)
    return None if model is None or dim is None else Space(model, dim)


def searchable(session: Session, settings: Settings) -> bool:
    """Whether a query vector from the configured model may be compared with the index."""
    space = stored(session)
    return space is None or space == configured(settings)


def unavailable(session: Session, settings: Settings) -> ServiceUnavailable:
    space = stored(session)
    want = configured(settings)
    return ServiceUnavailable(
        f"Vector search is unavailable until the knowledge base is re-embedded: its vectors are "
        f"from {space.model if space else None} ({space.dim if space else None} dimensions), "
        f"the configured model is {want.model} ({want.dim}). Run `kbagent reembed` or "
        "POST /api/v1/agent/reembed.",
        {
            "stored_model": space.model if space else None,
            "stored_dim": space.dim if space else None,
            "configured_model": want.model,
            "configured_dim": want.dim,
        },
    )


def describe(session: Session, settings: Settings) -> EmbeddingSpaceRead:
    want = configured(settings)
    space = stored(session)
    return EmbeddingSpaceRead(
        configured_model=want.model,
        configured_dim=want.dim,
        stored_model=space.model if space else None,
        stored_dim=space.dim if space else None,
        vectors=repository.count_embeddings(session),
        reembed_needed=space is not None and space != want,
    )


def switch(session: Session, space: Space) -> bool:
    """Make `space` the stored one; False if it already was. Drops every vector otherwise."""
    current_model, current_dim = repository.embedding_space(session, lock=True)
    if current_model == space.model and current_dim == space.dim:
        return False
    repository.drop_vectors(session, space.dim)
    repository.set_embedding_space(session, space.model, space.dim)
    repository.bump_search_generation(session)
    return True


def store(session: Session, item_id: str, vectors: list[list[float]], space: Space) -> None:
    """Replace an item's vectors, claiming the space if no model has yet."""
    current_model, current_dim = repository.embedding_space(session, lock=True)
    if current_model is None:
        # Rows loaded in bulk (bench/) have no recorded space: keep them. A PostgreSQL column
        # of another size (the default schema is 384) could hold none of these vectors anyway.
        column_dim = repository.vector_column_dim(session)
        if column_dim is not None and column_dim != space.dim:
            repository.drop_vectors(session, space.dim)
        repository.set_embedding_space(session, space.model, space.dim)
    elif current_model != space.model or current_dim != space.dim:
        raise ServiceUnavailable(
            f"The knowledge base's vectors are from {current_model} ({current_dim} dimensions); "
            f"vectors from {space.model} ({space.dim}) cannot join them until it is re-embedded.",
            {"stored_model": current_model, "model": space.model},
        )
    if any(len(v) != space.dim for v in vectors):
        raise ServiceUnavailable(
            f"The embedding model returned vectors that are not {space.dim}-dimensional "
            "(KBAGENT_EMBEDDING_DIM).",
            {"model": space.model},
        )
    repository.replace_embeddings(session, item_id, vectors, space.model)


def prepare_run(session: Session, settings: Settings, models: dict[str, str]) -> bool:
    """Before a run that embeds: refuse a per-run embedding model (it would mix spaces), and
    switch to the configured space; True when every item must be embedded again."""
    space = configured(settings)
    override = models.get("embeddings")
    if override is not None and override.strip() != space.model:
        raise InvalidInput(
            "The embedding model cannot change for one run: every vector of the knowledge base "
            "comes from KBAGENT_MODEL_EMBEDDINGS (set it and re-embed).",
            {"configured_model": space.model, "requested_model": override},
        )
    current = stored(session)
    if current is None or current == space:
        return False
    return switch(session, space)
