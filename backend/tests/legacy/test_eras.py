"""The older two-table era, `--since`, and a run that died half-way."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from kbagent.config import Settings
from kbagent.content.models import ContentItem
from kbagent.db import Database
from kbagent.knowledge.models import KnowledgeItem
from kbagent.legacy import rollback, service
from kbagent.legacy.models import LegacyRun
from kbagent.legacy.schemas import MigrationRequest

from .fixtures import old_db


def _items(database: Database) -> dict[str, tuple[str, str | None, str | None]]:
    with database.reader() as session:
        rows = session.execute(
            select(
                ContentItem.source_id, KnowledgeItem.display_title, ContentItem.main_category
            ).join(KnowledgeItem, KnowledgeItem.content_item_id == ContentItem.id, isouter=True)
        )
        return {source_id: (title, main, None) for source_id, title, main in rows}


def test_two_table_era(settings: Settings, database: Database, tmp_path: Path) -> None:
    expected = old_db(tmp_path / "old.db")
    report, _ = service.migrate(database, settings, MigrationRequest(db=str(tmp_path / "old.db")))
    assert report.tables_in == {"knowledge_base_item": 3, "tweet_cache": 3}
    found = _items(database)
    assert {k: v[0] for k, v in found.items()} == expected.titles
    assert {v[1] for v in found.values()} == {"web_development"}
    assert set(report.items_without_title_ids) == expected.untitled


def test_since_takes_only_later_records(
    settings: Settings, database: Database, tmp_path: Path
) -> None:
    old_db(tmp_path / "old.db")
    later = datetime(2025, 6, 1, tzinfo=UTC)
    request = MigrationRequest(db=str(tmp_path / "old.db"), since=later)
    report, _ = service.migrate(database, settings, request)
    assert report.records_in["items"] == 0 and report.records_in["older_than_since"] == 3
    request = MigrationRequest(db=str(tmp_path / "old.db"), since=datetime(2025, 4, 1, tzinfo=UTC))
    report, _ = service.migrate(database, settings, request)
    assert report.out["content_items"].new == 3


class Died(Exception):
    pass


def test_a_run_that_died_is_resumed_then_both_roll_back(
    settings: Settings, database: Database, tmp_path: Path
) -> None:
    old_db(tmp_path / "old.db")
    request = MigrationRequest(db=str(tmp_path / "old.db"))

    def die_after_items(stage: str, done: int, total: int) -> None:
        if stage == "items" and done:
            raise Died

    run = service.start_run(database, request)
    with pytest.raises(Died):
        service.execute(database, settings, request, run.id, die_after_items)
    with database.writer() as session:  # as if the process had died: still "running"
        row = session.get(LegacyRun, run.id)
        assert row is not None and row.status == "failed"
        row.status, row.progress = "running", {"at": "2020-01-01T00:00:00+00:00"}
        session.commit()
    report, _ = service.migrate(database, settings, request)
    assert report.out["content_items"].unchanged == 3 and report.out["content_items"].new == 0
    with database.reader() as session:
        assert session.get(LegacyRun, run.id).status == "interrupted"  # type: ignore[union-attr]
        assert session.scalar(select(func.count()).select_from(ContentItem)) == 3
    rollback.rollback(database, settings, run.id)
    assert report.run_id is not None
    rollback.rollback(database, settings, report.run_id)
    with database.reader() as session:
        assert session.scalar(select(func.count()).select_from(ContentItem)) == 0


def test_a_live_run_blocks_a_second_one(
    settings: Settings, database: Database, tmp_path: Path
) -> None:
    from kbagent.errors import Duplicate

    old_db(tmp_path / "old.db")
    request = MigrationRequest(db=str(tmp_path / "old.db"))
    service.start_run(database, request)
    with pytest.raises(Duplicate):
        service.start_run(database, request)


def test_a_post_kbagent_has_already_is_linked_and_kept_on_rollback(
    settings: Settings, database: Database, tmp_path: Path
) -> None:
    expected = old_db(tmp_path / "old.db")
    tweet_id = sorted(expected.titles)[0]
    with database.writer() as session:
        session.add(
            ContentItem(source_type="x", source_id=tweet_id, title="From the archive", content="t")
        )
        session.commit()
    report, _ = service.migrate(database, settings, MigrationRequest(db=str(tmp_path / "old.db")))
    assert report.out["content_items"].adopted == 1 and report.out["content_items"].new == 2
    found = _items(database)
    assert len(found) == 3 and found[tweet_id][0] == expected.titles[tweet_id]
    assert found[tweet_id][1] == "web_development"  # filed: it had no category
    assert report.run_id is not None
    rollback.rollback(database, settings, report.run_id)
    found = _items(database)
    assert list(found) == [tweet_id] and found[tweet_id][0] is None  # its note went, it stayed
