"""Search index content of an item (chunks and their vectors), computed outside transactions.

Embedding can take a while (a local model, or an HTTP call), so routers compute it *before*
opening the write transaction (on SQLite that holds the database's one write lock) and hand
the result to the service. The service uses it only if it still matches the item's final text
(a concurrent edit may have changed it), and otherwise embeds inline: correct either way.
"""

from __future__ import annotations

from dataclasses import dataclass

from kbagent.errors import InvalidInput
from kbagent.knowledge.search.chunking import chunk_item
from kbagent.knowledge.search.vectors import Embedder, normalise


@dataclass(frozen=True)
class PreparedIndex:
    chunks: list[str]
    vectors: list[list[float]] | None


def embed_chunks(chunks: list[str], embedder: Embedder, dim: int) -> list[list[float]]:
    vectors = embedder(chunks)
    if len(vectors) != len(chunks):
        raise InvalidInput("The embedder returned the wrong number of vectors.")
    return normalise(vectors, dim)


def prepare(
    title: str, summary: str | None, content: str, embedder: Embedder | None, dim: int
) -> PreparedIndex:
    chunks = chunk_item(title, summary, content)
    vectors = None if embedder is None else embed_chunks(chunks, embedder, dim)
    return PreparedIndex(chunks=chunks, vectors=vectors)
