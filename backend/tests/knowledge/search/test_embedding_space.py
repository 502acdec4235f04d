"""Changing the embedding model re-embeds everything, and search never mixes vector spaces.

A real server whose models are the OpenAI-compatible stand-in: items are indexed by a 384-d
embedder, the stand-in then answers 768-d vectors and the settings say 768, as after a switch
to another embedding model.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import psycopg
import pytest
from harness import admin
from harness.env import settings_env
from harness.openai_server import State, model_settings, run_openai_server
from harness.server import serve

from kbagent.config import Settings, load_settings
from kbagent.content.models import ContentItem
from kbagent.db import open_database
from kbagent.errors import ServiceUnavailable
from kbagent.knowledge import embedding_space
from kbagent.knowledge.models import Embedding, KnowledgeItem, SearchState
from kbagent.knowledge.search import vectors
from kbagent.knowledge.search.filters import SearchFilters

ITEMS = "/api/v1/knowledge/items"
SEARCH = "/api/v1/content/search"
SPACE = "/api/v1/knowledge/embeddings/space"
TITLES = ["Postgres vacuum tuning", "Rust borrow checker", "Sourdough starter feeding"]


@pytest.fixture
def stand_in() -> Iterator[tuple[str, State]]:
    with run_openai_server() as server:
        yield server


def _settings(settings: Settings, base_url: str, dim: int) -> Settings:
    return load_settings(
        data_dir=settings.data_dir,
        database_url=settings.database_url,
        embedding_dim=dim,
        **model_settings(base_url),
    )


def _vectors(settings: Settings) -> tuple[set[str], set[int], tuple[str | None, int | None]]:
    """(models, vector lengths) of every stored row, and the recorded space."""
    database = open_database(settings.resolved_database_url)
    try:
        with database.reader() as session:
            rows = session.query(Embedding.model, Embedding.embedding).all()
            state = session.get(SearchState, 1)
            assert state is not None
            space = (state.embedding_model, state.embedding_dim)
        return {r[0] for r in rows}, {len(r[1]) for r in rows}, space
    finally:
        database.dispose()


def _wait_for_run(client: httpx.Client, run_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + 300  # a hang guard, not a speed limit
    while True:
        run: dict[str, Any] = client.get(f"/api/v1/agent/status/{run_id}").json()
        if run["status"] not in ("pending", "running"):
            return run
        assert time.monotonic() < deadline, run
        time.sleep(0.1)


def _search(client: httpx.Client, query: str, mode: str) -> httpx.Response:
    return client.post(SEARCH, json={"query": query, "mode": mode, "limit": 5})


def test_switching_the_embedding_model_reembeds_without_mixing_spaces(
    settings: Settings, db_kind: str, stand_in: tuple[str, State]
) -> None:
    base_url, state = stand_in
    small = _settings(settings, base_url, 384)
    with serve(small) as base, admin.Client(base_url=base, timeout=60) as client:
        for title in TITLES:
            body = {"display_title": title, "enhanced_content": f"All about {title.lower()}."}
            client.post(ITEMS, json=body).raise_for_status()
        hits = _search(client, "borrow checker", "vector").json()["results"]
        assert hits[0]["title"] == "Rust borrow checker"
    assert _vectors(small) == ({"openai:embedder"}, {384}, ("openai:embedder", 384))

    # The model now makes 768-d vectors: a different space from everything stored.
    state.dim = 768
    large = _settings(settings, base_url, 768)
    with serve(large) as base, admin.Client(base_url=base, timeout=60) as client:
        space = client.get(SPACE).json()
        assert space["reembed_needed"] is True, space
        assert (space["stored_dim"], space["configured_dim"], space["vectors"]) == (384, 768, 3)
        refused = _search(client, "borrow checker", "vector")
        assert refused.status_code == 503, refused.text
        assert "re-embedded" in refused.json()["message"]
        hybrid = _search(client, "borrow checker", "hybrid")
        assert hybrid.status_code == 200, hybrid.text
        assert hybrid.json()["results"][0]["title"] == "Rust borrow checker"
        assert all(r["matched_by"] == ["fulltext"] for r in hybrid.json()["results"])

        # An item written meanwhile gets no vectors of the new space beside the old ones.
        body = {"display_title": "Kafka consumer groups", "enhanced_content": "Rebalancing."}
        client.post(ITEMS, json=body).raise_for_status()
        assert _vectors(large)[1] == {384}

        # A run may not embed some items with another model.
        mixed = {"mode": "embeddings_only", "models": {"embeddings": "openai:other-embed"}}
        assert client.post("/api/v1/agent/start", json=mixed).status_code == 422

        # Any run that embeds switches the space and embeds every item again.
        run = client.post("/api/v1/agent/start", json={"mode": "embeddings_only"}).json()
        finished = _wait_for_run(client, run["id"])
        assert finished["status"] == "completed", finished
        embed = next(p for p in finished["phases"] if p["name"] == "embed")
        assert embed["done"] == len(TITLES) + 1 and embed["failed"] == 0, embed

        hits = _search(client, "borrow checker", "vector")
        assert hits.status_code == 200, hits.text
        assert hits.json()["results"][0]["title"] == "Rust borrow checker"
        hybrid = _search(client, "consumer groups", "hybrid").json()["results"]
        assert hybrid[0]["title"] == "Kafka consumer groups"
        assert "vector" in hybrid[0]["matched_by"]

        space = client.get(SPACE).json()
        assert space["reembed_needed"] is False and space["stored_dim"] == 768, space

        # `reembed` redoes it on demand, in the same space.
        again = client.post("/api/v1/agent/reembed")
        assert again.status_code == 202, again.text
        assert _wait_for_run(client, again.json()["id"])["status"] == "completed"
    assert _vectors(large) == ({"openai:embedder"}, {768}, ("openai:embedder", 768))
    if db_kind == "postgres":
        with psycopg.connect(large.resolved_database_url) as conn:
            column = conn.execute(
                "SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
                "WHERE attrelid = 'embeddings'::regclass AND attname = 'embedding'"
            ).fetchone()
            index = conn.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'idx_embeddings_vector'"
            ).fetchone()
        assert column == ("vector(768)",)
        assert index is not None and "hnsw" in index[0]


def test_vectors_of_any_length_round_trip(settings: Settings) -> None:
    """The column is not fixed at 384: a 1536-d space (OpenAI's) stores and searches."""
    wide = settings.model_copy(update={"embedding_dim": 1536})
    space = embedding_space.configured(wide)
    database = open_database(wide.resolved_database_url)
    rng = np.random.default_rng(7)
    unit = vectors.normalise(rng.normal(size=(2, 1536)).tolist(), 1536)
    try:
        with database.writer() as session:
            session.execute(
                SearchState.__table__.update().values(embedding_model=None, embedding_dim=None)
            )
            content = ContentItem(source_type="manual", source_id="x", title="t", content="c")
            session.add(content)
            session.flush()
            item = KnowledgeItem(
                content_item_id=content.id, display_title="t", enhanced_content="c"
            )
            session.add(item)
            session.flush()
            embedding_space.store(session, item.id, unit, space)
            session.commit()
            item_id = item.id
        with database.reader() as session:
            hits = vectors.search(session, unit[1], SearchFilters(), 2)
        assert hits[0][:2] == (item_id, 1) and hits[0][2] == pytest.approx(1.0, abs=1e-5)
    finally:
        database.dispose()


@pytest.mark.parametrize("db_kind", ["sqlite"])
def test_reembed_command(settings: Settings, stand_in: tuple[str, State]) -> None:
    base_url, state = stand_in
    small = _settings(settings, base_url, 384)
    with serve(small) as base, admin.Client(base_url=base, timeout=60) as client:
        for title in TITLES:
            body = {"display_title": title, "enhanced_content": f"All about {title.lower()}."}
            client.post(ITEMS, json=body).raise_for_status()
    state.dim = 1536
    wide = _settings(settings, base_url, 1536)
    done = subprocess.run(
        [str(Path(sys.executable).parent / "kbagent"), "reembed"],
        env=settings_env(wide),
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert _vectors(wide) == ({"openai:embedder"}, {1536}, ("openai:embedder", 1536))


def test_vectors_of_another_model_are_refused(settings: Settings) -> None:
    """A process still configured for the old model (a worker not yet restarted) cannot add
    its vectors to the index of the new one, even at the same dimension."""
    database = open_database(settings.resolved_database_url)
    unit = vectors.normalise([[1.0] * 384], 384)
    try:
        with database.writer() as session:
            content = ContentItem(source_type="manual", source_id="x", title="t", content="c")
            session.add(content)
            session.flush()
            item = KnowledgeItem(
                content_item_id=content.id, display_title="t", enhanced_content="c"
            )
            session.add(item)
            session.flush()
            embedding_space.switch(session, embedding_space.Space("openai:new-embed", 384))
            session.commit()
            item_id = item.id
        with database.writer() as session, pytest.raises(ServiceUnavailable, match="re-embedded"):
            embedding_space.store(session, item_id, unit, embedding_space.Space("local:old", 384))
        with database.reader() as session:
            assert session.query(Embedding).count() == 0
    finally:
        database.dispose()
