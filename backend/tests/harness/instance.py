"""A populated kbagent instance, and a fingerprint of everything it holds.

`populate` writes what a used instance has: content and knowledge items with chunks and
vectors, versions, runs with their events, AI usage, a sealed credential (so the key file
exists and matters), media files, an uploaded original and the vault. `fingerprint` is what a
restore must give back identically: every table's row count, each item's content hash, every
vector, and every file's checksum.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import inspect, select, text

from kbagent.agent.models import RunEvent, Task
from kbagent.ai.models import AIUsage
from kbagent.config import Settings
from kbagent.content.models import ContentItem
from kbagent.credentials import sealing
from kbagent.db import Database, open_database, utcnow
from kbagent.knowledge import embedding_space, repository, vault
from kbagent.knowledge.models import Embedding, ItemVersion, KnowledgeItem
from kbagent.sources.models import SourceCredential

MODEL = "test:hash"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR"


def vector(seed: int, dim: int) -> list[float]:
    """Deterministic floats with awkward decimals (round-trips must be exact)."""
    return [((seed * 7919 + i * 104729) % 1000) / 997.0 - 0.5 for i in range(dim)]


def add_items(database: Database, settings: Settings, start: int, count: int) -> None:
    """`count` items numbered from `start`, each with its media file, chunks and vectors, in
    one transaction (as a run commits an item)."""
    space = embedding_space.Space(MODEL, settings.embedding_dim)
    for n in range(start, start + count):
        media = f"media/{n % 16:02x}/{hashlib.sha256(str(n).encode()).hexdigest()}.png"
        target = settings.data_dir / media
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(PNG + n.to_bytes(4, "big") * 50)  # before the row, as media is
        with database.writer() as session:
            content = ContentItem(
                source_type="url",
                source_id=f"https://example.org/{n}",
                title=f"Item {n}",
                content=f"Body of item {n}: ünïcödé, tabs\tand\nnewlines, quotes ' \" \\ end.",
                content_hash=hashlib.sha256(f"item {n}".encode()).hexdigest(),
                processing_state="processed",
                main_category=f"cat{n % 3}",
                sub_category=f"sub{n % 2}",
                tags=["backup", f"t{n % 5}"],
                media_files=[{"kind": "image", "status": "stored", "path": media}],
                raw_data={"n": n, "nested": {"list": [1, 2.5, None]}},
            )
            session.add(content)
            session.flush()
            item = KnowledgeItem(
                content_item_id=content.id,
                display_title=f"Item {n}",
                summary=f"Summary {n}",
                enhanced_content=f"# Item {n}\n\nNotes on item {n}.",
                media_paths=[media],
                tags=["backup"],
            )
            session.add(item)
            session.flush()
            session.add(
                ItemVersion(
                    knowledge_item_id=item.id,
                    version=1,
                    change="created",
                    snapshot={"title": f"Item {n}"},
                )
            )
            repository.replace_chunks(session, item.id, [(f"Chunk {n} a", 3), (f"Chunk {n} b", 3)])
            embedding_space.store(
                session, item.id, [vector(n, space.dim), vector(n + 1, space.dim)], space
            )
            session.commit()


def populate(settings: Settings, items: int = 12) -> None:
    database = open_database(settings.resolved_database_url)
    try:
        add_items(database, settings, 0, items)
        now = utcnow()
        with database.writer() as session:
            task = Task(task_type="agent_run", status="completed", phase_stats={"embed": {}})
            session.add(task)
            session.flush()
            session.add_all(
                RunEvent(task_id=task.id, type="log", message=f"event {i}", data={"i": i})
                for i in range(30)
            )
            session.add_all(
                AIUsage(
                    phase="chat",
                    operation="chat",
                    model=MODEL,
                    prompt_tokens=i,
                    created_at=now - timedelta(days=i),
                )
                for i in range(5)
            )
            session.add(
                SourceCredential(
                    provider="x",
                    account_name="someone",
                    token_ciphertext=sealing.seal(settings, {"access_token": "tok-123"}),
                )
            )
            session.commit()
        with database.reader() as session:
            vault.sync(session, settings)
    finally:
        database.dispose()
    original = settings.data_dir / "files" / "ab" / ("ab" * 32 + ".pdf")
    original.parent.mkdir(parents=True, exist_ok=True)
    original.write_bytes(b"%PDF-1.4 original upload\n" * 20)


@dataclass(frozen=True)
class Fingerprint:
    revision: str
    tables: dict[str, int]
    contents: dict[str, str]
    vectors: dict[str, str]
    files: dict[str, str]


def _sha(data: bytes | str) -> str:
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()


NOT_KEPT = ("backups", "tmp", "vault.lock")  # what a backup leaves out by design


def _files(settings: Settings) -> dict[str, str]:
    """Every file of the data directory (the vault is inside it here) but the database."""
    found: dict[str, str] = {}
    root = settings.data_dir
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_symlink() or not path.is_file() or rel.split("/")[0] in NOT_KEPT:
            continue
        if not rel.startswith("kbagent.db"):
            found[rel] = _sha(path.read_bytes())
    return found


def fingerprint(settings: Settings) -> Fingerprint:
    database = open_database(settings.resolved_database_url)
    try:
        with database.engine.connect() as connection:
            names = [n for n in inspect(connection).get_table_names() if n != "alembic_version"]
            tables = {
                n: int(connection.execute(text(f'SELECT count(*) FROM "{n}"')).scalar_one())
                for n in names
            }
            revision = str(
                connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
            )
        with database.reader() as session:
            contents: dict[str, Any] = {}
            for row in session.scalars(select(ContentItem)):
                contents[row.id] = _sha(
                    f"{row.title}|{row.content}|{row.content_hash}|{row.raw_data}"
                )
            for item in session.scalars(select(KnowledgeItem)):
                contents[item.id] = _sha(
                    f"{item.enhanced_content}|{item.summary}|{item.media_paths}"
                )
            vectors = {
                e.id: _sha(repr((e.knowledge_item_id, e.chunk_index, e.model, e.embedding)))
                for e in session.scalars(select(Embedding))
            }
    finally:
        database.dispose()
    return Fingerprint(revision, tables, contents, vectors, _files(settings))
