"""Round trips of every legacy shape: migrate, check each record, migrate again (nothing
duplicated), change one record (only it is updated), roll back (nothing left)."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import create_engine, func, select, text

from kbagent.agent import repository as agent_repository
from kbagent.chat.models import ChatMessage, ChatSession
from kbagent.config import Settings
from kbagent.content.models import ContentItem
from kbagent.db import Database, engine_url
from kbagent.knowledge.models import Category, ItemVersion, KnowledgeItem, SynthesisDocument
from kbagent.legacy import rollback, service
from kbagent.legacy.models import LegacyRecord, LegacyRun
from kbagent.legacy.schemas import MigrationReport, MigrationRequest
from kbagent.pipeline import repository as phases

from .fixtures import Expected, flask_db, json_era, kb_tree


def _combined(*parts: Expected) -> Expected:
    total = Expected()
    for part in parts:
        for name in ("titles", "notes", "categories", "media", "chats"):
            getattr(total, name).update(getattr(part, name))
        for name in ("missing_media", "untitled", "pending", "syntheses"):
            getattr(total, name).update(getattr(part, name))
    return total


def _fixture(legacy_url: str, tmp_path: Path) -> tuple[MigrationRequest, Expected]:
    project = tmp_path / "project"
    project.mkdir(exist_ok=True)
    flask = flask_db(engine_url(legacy_url), project)
    era = json_era(project)
    tree = kb_tree(project / "kb-generated")
    db = legacy_url.removeprefix("sqlite:///") if legacy_url.startswith("sqlite") else legacy_url
    request = MigrationRequest(
        db=db,
        json_dir=str(project / "data"),
        kb_dir=str(project / "kb-generated"),
        media_root=str(project),
    )
    return request, _combined(flask, era, tree)


def _count(database: Database, model: type) -> int:
    with database.reader() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def _check_records(database: Database, settings: Settings, expected: Expected) -> None:
    with database.reader() as session:
        items = {
            c.source_id: c
            for c in session.scalars(select(ContentItem).where(ContentItem.source_type == "x"))
        }
        notes = {k.content_item_id: k for k in session.scalars(select(KnowledgeItem))}
        assert set(items) == set(expected.titles)
        for tweet_id, title in expected.titles.items():
            content = items[tweet_id]
            note = notes.get(content.id)
            assert (note.display_title if note else content.title) == title, tweet_id
            if tweet_id in expected.notes:
                assert note is not None, tweet_id
                assert expected.notes[tweet_id] in note.enhanced_content, tweet_id
                assert note.source_url and tweet_id in note.source_url
                done = phases.item_phases(session, content.id)
                assert done["generate"].status == "done" and "embed" not in done
            if tweet_id in expected.pending:
                assert note is None and content.processing_state == "pending"
            if tweet_id in expected.categories:
                assert (content.main_category, content.sub_category) == expected.categories[
                    tweet_id
                ]
            stored = [m for m in content.media_files if m["status"] == "stored"]
            assert len(stored) == expected.media.get(tweet_id, 0), tweet_id
            for entry in content.media_files:
                if entry["status"] == "stored":
                    assert (settings.data_dir / entry["path"]).is_file()
                else:  # never a dangling path
                    assert entry["path"] is None and entry["legacy_path"]
            if note is not None:
                assert note.media_paths == [m["path"] for m in stored][:100]
            failed = [m for m in content.media_files if m["status"] == "failed"]
            assert bool(failed) == (tweet_id in expected.missing_media), tweet_id
        embed_pending = set(agent_repository.pending_item_ids(session, "embed"))
        assert {n.content_item_id for n in notes.values()} <= embed_pending
        syntheses = {
            (d.main_category, d.sub_category): d for d in session.scalars(select(SynthesisDocument))
        }
        assert set(syntheses) == expected.syntheses
        chats = {c.title: c for c in session.scalars(select(ChatSession))}
        for title, count in expected.chats.items():
            messages = session.scalars(
                select(ChatMessage).where(ChatMessage.session_id == chats[title].id)
            ).all()
            assert len(messages) == count == chats[title].message_count


def _check_report(report: MigrationReport, expected: Expected, settings: Settings) -> None:
    assert report.tables_in["unified_tweet"] == 12
    assert report.tables_in["tweet_cache.json"] == 2
    assert report.tables_in["markdown items"] == 5
    assert report.out["content_items"].new == len(expected.titles)
    assert set(expected.untitled) <= set(report.items_without_title_ids)
    assert {m.tweet_id for m in report.missing_media_files} == expected.missing_media
    repairs = report.decode_repairs
    assert repairs["unified_tweet.thread_tweets"]["double_encoded"] == 1
    assert repairs["unified_tweet.raw_json_content"]["double_encoded"] == 1
    assert repairs["chat_message.sources"]["double_encoded"] == 1
    reasons = {(s.kind, s.reason) for s in report.skipped_records}
    assert ("markdown", "no tweet id in it") in reasons
    assert ("chat_message", "1 messages of a missing session") in reasons
    assert report.embeddings["legacy_vectors"] == 1
    assert report.embeddings["to_reembed"] == len(expected.notes)
    assert report.integrity["after"]["items_not_in_kbagent"] == 0
    assert report.integrity["after"]["media_paths_to_missing_files"] == 0
    saved = list((settings.data_dir / "legacy").glob(f"report-{report.run_id}-*.json"))
    assert json.loads(saved[0].read_text())["run_id"] == report.run_id


def test_round_trip(
    settings: Settings, database: Database, legacy_url: str, tmp_path: Path
) -> None:
    request, expected = _fixture(legacy_url, tmp_path)
    first, _ = service.migrate(database, settings, request)
    _check_report(first, expected, settings)
    _check_records(database, settings, expected)
    with database.reader() as session:
        kube = session.scalars(
            select(SynthesisDocument).where(SynthesisDocument.sub_category == "kubernetes")
        ).one()
        overview = session.scalars(
            select(SynthesisDocument).where(SynthesisDocument.main_category == "devops")
            .where(SynthesisDocument.sub_category == "")
        ).one()  # fmt: skip
        assert len(kube.source_item_ids) == 6
        # written from exactly the items filed there now, and fresh before: fresh here too
        assert not kube.is_stale and kube.content_hash
        assert overview.is_stale  # stale in the legacy data: stays stale
        assert _count(database, Category) >= 5
        assert session.scalar(select(Category).where(Category.main_category == "empty_main")), (
            "an empty legacy category is kept"
        )
        message = session.scalars(select(ChatMessage).where(ChatMessage.role == "assistant")).one()
        assert message.sources[0]["title"] == "Item 0 about kubernetes"
        assert message.sources[0]["id"]  # linked to the imported knowledge item
        assert message.context_stats and message.context_stats["items"] == 1
    counts = {m: _count(database, m) for m in (ContentItem, KnowledgeItem, SynthesisDocument)}

    second, _ = service.migrate(database, settings, request)
    assert second.out["content_items"].new == 0
    assert second.out["content_items"].unchanged == len(expected.titles)
    assert second.out["chat_sessions"].unchanged == 1
    assert {m: _count(database, m) for m in counts} == counts

    changed = next(iter(sorted(t for t in expected.titles if t.startswith("18"))))
    engine = create_engine(engine_url(legacy_url))
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE unified_tweet SET display_title = 'Renamed' WHERE tweet_id = :t"),
            {"t": changed},
        )
    engine.dispose()
    third, _ = service.migrate(database, settings, request)
    assert third.out["content_items"].updated == 1
    assert third.out["knowledge_items"].updated == 1
    with database.reader() as session:
        row = session.scalars(select(ContentItem).where(ContentItem.source_id == changed)).one()
        note = session.scalars(
            select(KnowledgeItem).where(KnowledgeItem.content_item_id == row.id)
        ).one()
        assert note.display_title == "Renamed" and note.version == 2
    assert {m: _count(database, m) for m in counts} == counts

    for report in (third, second, first):
        assert report.run_id is not None
        rollback.rollback(database, settings, report.run_id)
    for model in (
        ContentItem, KnowledgeItem, SynthesisDocument, ChatSession, ChatMessage, Category,
        ItemVersion, LegacyRecord,
    ):  # fmt: skip
        assert _count(database, model) == 0, model
    with database.reader() as session:
        statuses = {r.status for r in session.scalars(select(LegacyRun))}
    assert statuses == {"rolled_back"}
    media = settings.data_dir / "media"
    assert not media.exists() or not [p for p in media.rglob("*") if p.is_file()]


def test_dry_run_writes_nothing(
    settings: Settings, database: Database, legacy_url: str, tmp_path: Path
) -> None:
    request, expected = _fixture(legacy_url, tmp_path)
    report, path = service.migrate(database, settings, request.model_copy(update={"dry_run": True}))
    assert report.dry_run and report.run_id is None and path.is_file()
    assert report.out["content_items"].new == len(expected.titles)
    assert report.out["syntheses"].new == len(expected.syntheses)
    assert {m.tweet_id for m in report.missing_media_files} == expected.missing_media
    for model in (ContentItem, KnowledgeItem, SynthesisDocument, ChatSession, Category, LegacyRun):
        assert _count(database, model) == 0, model
    assert not (settings.data_dir / "media").exists()
