"""Categorising an item reads no digest but its own: centroids and key-term frequencies come
from sums kept per process, valid while the database's category stamp stands.

Before, every item categorised read every stored digest twice (its terms for the key-term
frequencies, its vector for the centroids): O(items) per item, 100k rows at 100k items.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from ai.fake import fake_vector
from harness.openai_server import model_settings, run_openai_server
from sqlalchemy import update

from kbagent.ai.registry import build_ai
from kbagent.config import Settings
from kbagent.content.models import ContentItem
from kbagent.db import Database, open_database
from kbagent.knowledge import centroids, repository
from kbagent.knowledge.models import ItemDigest
from kbagent.pipeline.categorise import categorise
from kbagent.pipeline.phase import PhaseContext

MODEL = "openai:embedder"  # the stand-in's embedding model, as the AI layer names it
TOPICS = {
    ("databases", "indexes"): "btree index scan planner partial index columns",
    ("networking", "sockets"): "socket connect listen accept tcp port address",
    ("cooking", "bread"): "flour yeast dough knead oven crust loaf",
}


@pytest.fixture
def stand_in(settings: Settings) -> Iterator[Settings]:
    with run_openai_server() as (url, _state):
        yield settings.model_copy(update=model_settings(url))


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Counts the reads of every stored digest (terms, vectors)."""
    counts = {"terms": 0, "vectors": 0}
    terms, vectors = repository.digest_terms, repository.all_filed_digests

    def counted_terms(session: Any) -> Any:
        counts["terms"] += 1
        return terms(session)

    def counted_vectors(session: Any) -> Any:
        counts["vectors"] += 1
        return vectors(session)

    monkeypatch.setattr(repository, "digest_terms", counted_terms)
    monkeypatch.setattr(repository, "all_filed_digests", counted_vectors)
    return counts


def _filed_kb(database: Database, dim: int) -> list[str]:
    """Ten filed items with digests per topic, and three new items; returns the new ones."""
    with database.writer() as session:
        for (main, sub), words in TOPICS.items():
            for n in range(10):
                text = f"{words} note {n}"
                item = ContentItem(
                    source_type="manual", source_id=f"{sub}{n}", title=f"{sub} {n}",
                    content=text, main_category=main, sub_category=sub,
                )  # fmt: skip
                session.add(item)
                session.flush()
                vector = centroids.unit(fake_vector(text, dim))
                repository.save_digest(
                    session, item.id, centroids.pack(vector), MODEL, words.split()[:4]
                )
        new = []
        for n, words in enumerate(TOPICS.values()):
            item = ContentItem(
                source_type="manual", source_id=f"new{n}", title=f"New note {n}",
                content=f"{words}. {words}.",
            )  # fmt: skip
            session.add(item)
            session.flush()
            new.append(item.id)
        session.commit()
    return new


def _fresh(database: Database, dim: int) -> tuple[Any, Any]:
    """Centroids and frequencies computed from every digest, as a new process would."""
    centroids._filed.clear()
    with database.reader() as session:
        return centroids.load(session, MODEL, dim), centroids.document_frequency(session)


def _same(a: tuple[Any, Any], b: tuple[Any, Any]) -> None:
    (known_a, origin_a), freq_a = a
    (known_b, origin_b), freq_b = b
    assert [(c.main, c.sub, c.members) for c in known_a] == [
        (c.main, c.sub, c.members) for c in known_b
    ]
    for x, y in zip(known_a, known_b, strict=True):
        np.testing.assert_allclose(x.vector, y.vector, atol=1e-5)
    np.testing.assert_allclose(origin_a, origin_b, atol=1e-5)
    assert (dict(freq_a[0]), freq_a[1]) == (dict(freq_b[0]), freq_b[1])


def test_categorising_an_item_does_not_read_every_digest(
    stand_in: Settings, reads: dict[str, int]
) -> None:
    settings = stand_in
    dim = settings.embedding_dim
    database = open_database(settings.resolved_database_url)
    ai = build_ai(settings)
    try:
        new = _filed_kb(database, dim)
        ctx = PhaseContext(settings, database, "test-run", ai)
        categorise(ctx, new[0])  # the first item of a process loads the sums once
        assert reads == {"terms": 1, "vectors": 1}
        for item_id in new[1:]:
            categorise(ctx, item_id)
        assert reads == {"terms": 1, "vectors": 1}, "an item read every digest"
        with database.reader() as session:
            cached = centroids.load(session, MODEL, dim), centroids.document_frequency(session)
            filed = [session.get(ContentItem, i) for i in new]
            assert all(i is not None and i.main_category for i in filed)
            assert session.get(ItemDigest, new[2]) is not None
        # The sums the phase kept up to date are those of a fresh load.
        _same(cached, _fresh(database, dim))
        assert reads == {"terms": 2, "vectors": 2}

        # A change the phase did not make (a rename elsewhere) moves the stamp: reloaded.
        with database.writer() as session:
            session.execute(
                update(ContentItem)
                .where(ContentItem.main_category == "cooking")
                .values(main_category="baking")
            )
            session.commit()
        with database.reader() as session:
            known, _ = centroids.load(session, MODEL, dim)
        assert "baking" in {c.main for c in known} and "cooking" not in {c.main for c in known}
        assert reads == {"terms": 3, "vectors": 3}
    finally:
        ai.close()
        database.dispose()
